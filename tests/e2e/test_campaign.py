"""`clearcall campaign run` on the sandbox: a real campaign process dials sipp contacts through the bot.

Who was dialled is asserted from Asterisk's side (the outbound gate's Dial events on the contacts' trunk,
seen by the test's own ARI application), and what was stored for each contact from the store.
"""

from __future__ import annotations

import asyncio
import dataclasses
import signal
from datetime import timedelta

import pytest

from bench.campaign.uas import BUSY, HUMAN, MACHINE, NO_ANSWER, OPTOUT, contacts_uas, number
from bench.campaign.wire import capture, heard_calls
from bot.app.settings import Settings
from bot.campaign import CampaignLimits
from bot.store.compliance_tables import consent_revoke, is_suppressed, suppress_add
from bot.store.database import open_database
from tests.e2e.campaign_kit import (
    CALLING_WINDOWS,
    OPEN_PREFIX,
    SHUT_PREFIX,
    asterisk_dials,
    attempts,
    consented,
    contacts,
    create_campaign,
    finish,
    start_campaign,
)
from tests.e2e.sipcall import PROJECT, place_call

FAST_RETRY = CampaignLimits(max_attempts=2, retry_spacing=timedelta(seconds=3))


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Settings:
    """The conftest's settings, with this module's calling hours for the bot and the campaign process."""
    hours = tmp_path / "calling-windows.yaml"
    hours.write_text(CALLING_WINDOWS)
    monkeypatch.setenv("CLEARCALL_CALLING_WINDOWS", str(hours))
    return dataclasses.replace(Settings.load(PROJECT), data_dir=tmp_path)


def _db_do(settings, fn) -> None:
    db = open_database(settings.db_path)
    try:
        fn(db)
    finally:
        db.close()


async def test_campaign_dials_the_right_people_and_records_each(bot, settings, tmp_path):
    open_, shut = OPEN_PREFIX, SHUT_PREFIX
    people = {
        "talks": number(open_, HUMAN, 1),
        "talks_too": number(open_, HUMAN, 2),
        "busy": number(open_, BUSY, 3),
        "no_answer": number(open_, NO_ANSWER, 4),
        # A box that hangs up after 20 s: greeting (7.0 s), beep and the 1 s of silence the dialplan waits for
        # take 9 s; with 10 s a busy machine ended the call before the bot had connected to leave its message.
        "machine": number(open_, MACHINE, 5, talk=1),
        "opts_out": number(open_, OPTOUT, 6),
        "suppressed": number(open_, HUMAN, 7),
        "out_of_hours": number(shut, HUMAN, 8),
        "no_consent": number(open_, HUMAN, 9),
    }
    create_campaign(settings, "e2e", [consented(n) for n in people.values()], FAST_RETRY)

    def before(db) -> None:
        suppress_add(db, people["suppressed"], scope="global", source="operator", actor="test")
        consent_revoke(db, people["no_consent"], actor="test", reason="withdrawn by e-mail")

    _db_do(settings, before)
    async with contacts_uas(tmp_path / "uas", ring_ms=800), asterisk_dials(settings) as dialled:
        output = await finish(await start_campaign(settings, "e2e"), timeout=150)
    assert "idle: nothing to dial for 8 s, 1 left" in output, output[-3000:]  # out of hours: later

    # Asterisk's side: who was dialled, and how often.
    expected = {"talks": 1, "talks_too": 1, "busy": 2, "no_answer": 2, "machine": 1, "opts_out": 1}
    expected |= {"suppressed": 0, "out_of_hours": 0, "no_consent": 0}
    assert {who: dialled.count(n) for who, n in people.items()} == expected, dialled
    ends = dict(dialled.ends)
    assert ends[people["busy"]] == "BUSY" and ends[people["no_answer"]] == "NOANSWER"

    # The store's side.
    rows = attempts(settings, "e2e")
    by_number: dict[str, list[dict]] = {}
    for row in rows:
        by_number.setdefault(row["number"], []).append(row)
    assert all(r["state"] == "finished" for r in rows), rows
    results = {who: [r["result"] for r in by_number.get(n, [])] for who, n in people.items()}
    assert results == {
        "talks": ["answered"],
        "talks_too": ["answered"],
        "busy": ["busy", "busy"],
        "no_answer": ["no_answer", "no_answer"],
        "machine": ["machine"],
        "opts_out": ["answered"],
        "suppressed": [],
        "out_of_hours": [],
        "no_consent": [],
    }, rows
    for who in ("talks", "talks_too", "opts_out"):
        [row] = by_number[people[who]]
        assert row["amd_status"] == "HUMAN" and row["amd_cause"].startswith("HUMAN-"), row
    [machine] = by_number[people["machine"]]
    assert machine["amd_status"] == "MACHINE" and machine["disposition"] == "voicemail_left", machine
    [optout] = by_number[people["opts_out"]]
    assert optout["opted_out"] == 1
    state = contacts(settings, "e2e")
    assert state[people["busy"]]["state"] == "exhausted" and state[people["talks"]]["state"] == "done"
    for who in ("suppressed", "out_of_hours", "no_consent"):
        assert state[people[who]]["state"] in ("pending", "blocked"), state[people[who]]

    def check(db) -> None:
        assert is_suppressed(db, people["opts_out"])  # the Korean opt-out phrase, heard on the call

    _db_do(settings, check)
    calls = await bot.store._run(lambda: list(bot.store.db["calls"].rows))
    assert {c["id"] for c in calls} == {r["call_id"] for r in rows if r["call_id"]}


async def test_sigkill_and_restart_dials_nobody_twice(bot, settings, tmp_path):
    """The campaign process is killed with calls in progress and restarted: every contact is dialled
    once, the calls that were up are recorded from the bot's records, and a number suppressed while the
    campaign runs is never dialled after that."""
    open_ = OPEN_PREFIX
    numbers = [number(open_, HUMAN, i) for i in range(10, 18)]
    create_campaign(settings, "crash", [consented(n) for n in numbers], FAST_RETRY)
    bot.registry.max_calls = 3  # the bot's capacity: the campaign paces itself on its free slots
    async with contacts_uas(tmp_path / "uas", ring_ms=800), asterisk_dials(settings) as dialled:
        proc = await start_campaign(settings, "crash")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 30
        while len(dialled.starts) < 3 and loop.time() < deadline:
            await asyncio.sleep(0.1)
        assert len(dialled.starts) >= 3, dialled
        dialled_before = {n for n, _ in dialled.starts}
        late = next(n for n in reversed(numbers) if n not in dialled_before)
        _db_do(settings, lambda db: suppress_add(db, late, scope="global", source="operator", actor="test"))
        suppressed_at = loop.time()
        proc.send_signal(signal.SIGKILL)
        killed_output = await finish(proc, 10)
        open_claims = [a for a in attempts(settings, "crash") if a["state"] != "finished"]
        assert open_claims, f"nothing was in progress at the kill:\n{killed_output[-2000:]}"
        output = await finish(await start_campaign(settings, "crash"), timeout=150)
    assert "done: no contact left to dial" in output, output[-3000:]
    assert "from the last run" in output, output[-3000:]
    counts = {n: dialled.count(n) for n in numbers}
    assert counts == {n: 0 if n == late else 1 for n in numbers}, counts
    assert not [t for n, t in dialled.starts if n == late and t >= suppressed_at]
    rows = attempts(settings, "crash")
    assert all(r["state"] == "finished" for r in rows), rows
    assert sorted(r["number"] for r in rows) == sorted(n for n in numbers if n != late)
    # The calls that were up at the kill went on in the bot and were judged from its records.
    reconciled = {r["originate_id"] for r in open_claims}
    assert {r["result"] for r in rows if r["originate_id"] in reconciled} <= {"answered", "unknown"}
    assert sum(r["result"] == "answered" for r in rows) >= len(numbers) - 1 - len(reconciled)


async def test_no_free_slot_plays_the_safe_harbour_within_2_s_and_slows_the_campaign(bot, settings, tmp_path):
    """More answers than slots: the bot's only slot is taken (an inbound call) while a campaign call
    rings. The person who answers hears the safe-harbour message within 2 s of their greeting (measured on
    the wire at the callee), the call counts as abandoned, and the campaign stops dialling (the rate is
    above the limit: pacing pauses it)."""
    open_ = OPEN_PREFIX
    first, second = number(open_, HUMAN, 20), number(open_, HUMAN, 21)
    create_campaign(settings, "full", [consented(first), consented(second)], FAST_RETRY)
    bot.registry.max_calls = 1
    async with (
        contacts_uas(tmp_path / "uas", ring_ms=2500),
        asterisk_dials(settings) as dialled,
        capture(tmp_path / "contacts.pcap") as pcap,
    ):
        proc = await start_campaign(settings, "full")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 20
        while not dialled.starts and loop.time() < deadline:
            await asyncio.sleep(0.05)
        assert dialled.starts, "the campaign dialled nobody"
        # While it rings, an inbound caller takes the bot's only slot.
        inbound = asyncio.create_task(place_call("900", timeout=40))
        output = await finish(proc, timeout=90)
        assert (await inbound).returncode == 0
    assert "pausing it" in output and "status=paused" in output, output[-3000:]
    assert [n for n, _ in dialled.starts] == [first], output  # slowed to a stop: the second is not called
    [row] = attempts(settings, "full")
    assert row["result"] == "abandoned" and row["disposition"] == "safe_harbour", row
    assert row["amd_status"] == "HUMAN"
    [heard] = [c for c in heard_calls(pcap) if c.number == first]
    assert heard.greeting_to_audio is not None, heard
    assert heard.greeting_to_audio <= 2.0, heard


async def _clearcall(settings, *args: str) -> str:
    """A `clearcall` command in another process (another terminal), on the test's data folder."""
    import os
    import sys

    from tests.e2e.sipcall import PROJECT

    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "--home", str(PROJECT), *args,
        env=os.environ | {"CLEARCALL_DATA_DIR": str(settings.local_dir)},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    out, _ = await proc.communicate()
    assert proc.returncode == 0, out.decode()
    return out.decode()


async def test_pause_resume_and_stop_from_another_terminal(bot, settings, tmp_path):
    """Pause: nothing new is dialled while calls in progress finish; resume: dialling goes on; stop: the
    run ends once the calls it placed have ended and been recorded, and the rest are never dialled."""
    open_ = OPEN_PREFIX
    numbers = [number(open_, HUMAN, i) for i in range(30, 36)]
    create_campaign(settings, "ctl", [consented(n) for n in numbers], FAST_RETRY)
    bot.registry.max_calls = 2
    loop = asyncio.get_running_loop()

    async def until(predicate, timeout: float = 30) -> None:
        end = loop.time() + timeout
        while not predicate():
            assert loop.time() < end, "timed out"
            await asyncio.sleep(0.1)

    async with contacts_uas(tmp_path / "uas", ring_ms=800), asterisk_dials(settings) as dialled:
        proc = await start_campaign(settings, "ctl")
        await until(lambda: len(dialled.starts) >= 2)
        await _clearcall(settings, "campaign", "pause", "ctl")
        paused_with = len(dialled.starts)
        await asyncio.sleep(14)  # the two calls (10 s of talk) end; nothing new is dialled
        assert len(dialled.starts) == paused_with
        sql = "select state from campaign_attempts where campaign = 'ctl'"
        states = await bot.store._run(lambda: [r["state"] for r in bot.store.db.query(sql)])
        assert states and set(states) == {"finished"}, states
        await _clearcall(settings, "campaign", "resume", "ctl")
        try:
            await until(lambda: len(dialled.starts) > paused_with)
        except AssertionError:
            await finish(proc, 1)
        await _clearcall(settings, "campaign", "stop", "ctl")
        stopped_with = len(dialled.starts)
        output = await finish(proc, timeout=60)
    assert "stopped: finishing the calls in progress" in output, output[-3000:]
    assert len(dialled.starts) == stopped_with < len(numbers)
    rows = attempts(settings, "ctl")
    assert len(rows) == stopped_with and all(r["state"] == "finished" for r in rows), rows
    assert {r["result"] for r in rows} == {"answered"}
