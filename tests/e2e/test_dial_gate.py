"""The one dial policy through the real dialplan: every deny reason of the FastAGI gate, on the sandbox.

Each refusal is pinned to this very call: the gate's own log line (reason, policy and the channel's
uniqueid) must match the NOTICE the dialplan's deny branch wrote for that uniqueid, read only from the
part of Asterisk's log written during the test, and the caller must get the deny branch's own status.
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import UTC, datetime

import pytest

from bot.asterisk.call_control import AriOriginator
from bot.calls.dialer import DialRefused
from tests.e2e.conftest import asterisk_is_idle
from tests.e2e.sipcall import PROJECT, place_call

MESSAGES = PROJECT / ".sandbox/root/var/log/asterisk/messages.log"
NUMBER = "+12025550188"  # Washington DC: America/New_York
NOON_NY = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
NIGHT_NY = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)  # 22:00 in New York
GATE_LINE = re.compile(r"gate: DENY (\S+) policy=(\w+) \(([^)]*)\) uniqueid=(\S+)")


class AsteriskLog:
    """Asterisk's messages.log from the moment this was made (earlier runs' lines are not evidence)."""

    def __init__(self) -> None:
        self.offset = MESSAGES.stat().st_size if MESSAGES.exists() else 0

    async def since(self) -> str:
        def read() -> str:
            with MESSAGES.open("rb") as f:
                f.seek(self.offset)
                return f.read().decode(errors="replace")

        return await asyncio.to_thread(read)


async def denied_by_the_gate(caplog: pytest.LogCaptureFixture, log: AsteriskLog) -> tuple[str, str]:
    """(policy, reason) of the one gate DENY of this test, checked against the dialplan's own NOTICE."""
    denies = GATE_LINE.findall(caplog.text)
    assert len(denies) == 1, caplog.text
    _masked, policy, reason, uniqueid = denies[0]
    async with asyncio.timeout(5):  # Asterisk's logger writes asynchronously
        while f"clearcall gate denied call {uniqueid}: {reason}" not in await log.since():
            await asyncio.sleep(0.05)
    return policy, reason


@pytest.fixture
def gate_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="bot.asterisk.agi_gate")
    return caplog


async def suppress(bot, number: str) -> None:
    await bot.store.suppress(number, scope="global", source="operator")


async def halt(bot, _number: str) -> None:
    bot.halt.trip("e2e: an opt-out could not be stored")


async def nothing(_bot, _number: str) -> None:
    return None


@pytest.mark.parametrize(
    ("prepare", "now", "reason"),
    [
        (suppress, NOON_NY, "suppressed"),
        (nothing, NIGHT_NY, "outside calling hours"),
        (halt, NOON_NY, "dialling halted"),
    ],
)
async def test_a_person_dialling_is_refused_by_the_gate(bot, ari, gate_log, prepare, now, reason):
    await prepare(bot, NUMBER)
    bot.now = lambda: now
    log = AsteriskLog()
    result = await place_call("8" + NUMBER, refused_with=403, timeout=20)
    assert result.returncode == 0, result.output[-2000:]
    assert await denied_by_the_gate(gate_log, log) == ("manual", reason)
    await asterisk_is_idle(ari)


async def test_the_bots_dialer_refuses_before_the_gate(bot):
    await suppress(bot, NUMBER)
    with pytest.raises(DialRefused, match="suppressed"):
        await bot.dial(NUMBER, "opening_only")


async def test_an_automated_call_without_consent_is_refused_by_the_gate(bot, ari, gate_log):
    """Another dialer on this Asterisk (not the bot's own dial-time check) originates a robot call."""
    bot.now = lambda: NOON_NY
    log = AsteriskLog()
    await AriOriginator(ari).originate(NUMBER, "opening_only")
    async with asyncio.timeout(10):
        while not GATE_LINE.search(gate_log.text):
            await asyncio.sleep(0.05)
    assert await denied_by_the_gate(gate_log, log) == ("robot", "no consent")
    await asterisk_is_idle(ari)


async def test_gate_down_fails_closed(bot, ari):
    await bot.gate.aclose()  # the FastAGI service is gone: the dialplan must not dial
    log = AsteriskLog()
    result = await place_call("8+821099990000", refused_with=500, timeout=20)
    assert result.returncode == 0, result.output[-2000:]
    async with asyncio.timeout(5):
        while "clearcall gate unreachable, call refused" not in await log.since():
            await asyncio.sleep(0.05)
    await asterisk_is_idle(ari)
