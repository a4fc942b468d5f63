"""The suppression gate end to end over loopback, with a fake Asterisk replaying recorded bytes.

Also checks dialplans/clearcall_outbound_gate.conf statically against the Python side (script
name, port, variable names, labels), since the two must agree for the gate to fail closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.asterisk.agi_gate import (
    DEFAULT_PORT,
    REASON_VAR,
    SCRIPT_NAME,
    VERDICT_VAR,
    DialGate,
    start_gate,
)
from bot.core.numbers import mask

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "agi"
ENV = (FIXTURES / "env_gate_arg.txt").read_bytes()  # agi_arg_1: +442079460123
ENV_NO_ARG = (FIXTURES / "env_gate_no_arg.txt").read_bytes()  # agi_extension: +442079460999
NUMBER = "+442079460123"
DIALPLAN = ROOT / "dialplans" / "clearcall_outbound_gate.conf"
_SET_RE = re.compile(r'SET VARIABLE (\w+) "((?:[^"\\]|\\.)*)"')


@pytest.fixture(autouse=True)
async def no_leftover_tasks() -> AsyncIterator[None]:
    yield
    others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    if others:  # sessions the server is still closing get a moment; the rest would be leaks
        await asyncio.wait(others, timeout=1.0)
    left = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    assert not left, f"tasks left running: {left}"


@pytest.fixture(autouse=True)
def _capture_debug(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)


class Calls:
    """A scripted ``is_allowed`` callback that records what it was asked."""

    def __init__(self, answer: object = (True, "consent"), exc: Exception | None = None) -> None:
        self.answer, self.exc, self.numbers, self.policies = answer, exc, [], []

    async def __call__(self, number: str, policy: str) -> tuple[bool, str]:
        self.numbers.append(number)
        self.policies.append(policy)
        if self.exc is not None:
            raise self.exc
        if self.answer == "hang":
            await asyncio.Event().wait()
        return self.answer  # type: ignore[return-value]


@contextlib.asynccontextmanager
async def gate_server(is_allowed: Calls, **kwargs: float) -> AsyncIterator[int]:
    gate = DialGate(is_allowed, **kwargs)
    server = await gate.serve("127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await gate.aclose()
        await server.wait_closed()


async def asterisk_session(port: int, env: bytes = ENV) -> tuple[dict[str, str], list[str]]:
    """Play Asterisk: send the environment, answer each command "200 result=1" until EOF."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(env)
    variables: dict[str, str] = {}
    commands: list[str] = []
    try:
        async with asyncio.timeout(2.0):
            while line := await reader.readline():
                command = line.decode().rstrip("\n")
                commands.append(command)
                if match := _SET_RE.fullmatch(command):
                    variables[match.group(1)] = re.sub(r"\\(.)", r"\1", match.group(2))
                    writer.write(b"200 result=1\n")
                else:
                    writer.write(b"510 Invalid or unknown command\n")
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()
    return variables, commands


async def test_allowed_number_sets_allow_with_reason_verdict_last(caplog: pytest.LogCaptureFixture) -> None:
    calls = Calls((True, "consent"))
    async with gate_server(calls) as port:
        variables, commands = await asterisk_session(port)
    assert calls.numbers == [NUMBER]
    assert variables == {REASON_VAR: "consent", VERDICT_VAR: "ALLOW"}
    assert [c.split()[2] for c in commands] == [REASON_VAR, VERDICT_VAR]
    assert f"ALLOW {mask(NUMBER)} policy=robot (consent)" in caplog.text
    assert NUMBER not in caplog.text and NUMBER[1:] not in caplog.text


@pytest.mark.parametrize("reason", ["suppressed", "no consent"])
async def test_denied_number_sets_deny(reason: str) -> None:
    async with gate_server(Calls((False, reason))) as port:
        variables, _ = await asterisk_session(port)
    assert variables == {REASON_VAR: reason, VERDICT_VAR: "DENY"}


async def test_the_dialplans_policy_reaches_the_callback() -> None:
    calls = Calls((True, "allowed"))
    async with gate_server(calls) as port:
        await asterisk_session(port, ENV.replace(b"agi_arg_2: robot\n", b"agi_arg_2: manual\n"))
        await asterisk_session(port)
    assert calls.policies == ["manual", "robot"]


@pytest.mark.parametrize("env", [ENV_NO_ARG, ENV.replace(b"agi_arg_2: robot\n", b"agi_arg_2: Robot&x\n")])
async def test_a_missing_or_malformed_policy_is_denied_without_asking(env: bytes) -> None:
    calls = Calls((True, "allowed"))
    async with gate_server(calls) as port:
        variables, _ = await asterisk_session(port, env)
    assert calls.numbers == []
    assert variables == {REASON_VAR: "bad policy", VERDICT_VAR: "DENY"}


@pytest.mark.parametrize("bad", ["", "s", "12", "+4420794601a3", "123&PJSIP/evil", "١٢٣٤٥٦"])
async def test_malformed_number_is_denied_without_asking(bad: str) -> None:
    calls = Calls((True, "consent"))
    env = ENV.replace(f"agi_arg_1: {NUMBER}\n".encode(), f"agi_arg_1: {bad}\n".encode())
    env = env.replace(b"agi_extension: s\n", f"agi_extension: {bad}\n".encode())
    async with gate_server(calls) as port:
        variables, _ = await asterisk_session(port, env)
    assert calls.numbers == []
    assert variables == {REASON_VAR: "invalid number", VERDICT_VAR: "DENY"}


@pytest.mark.parametrize(
    ("calls", "logged"),
    [
        (Calls(exc=RuntimeError(f"db locked while checking {NUMBER}")), "raised"),
        (Calls("hang"), "took longer than 0.05 s"),
        (Calls("yes"), "returned str"),
        (Calls((1, "consent")), "returned tuple"),
        (Calls((True,)), "returned tuple"),
    ],
    ids=["raises", "hangs", "not-a-tuple", "not-a-bool", "short-tuple"],
)
async def test_callback_failure_fails_closed(
    calls: Calls, logged: str, caplog: pytest.LogCaptureFixture
) -> None:
    async with gate_server(calls, decision_timeout=0.05) as port:
        variables, _ = await asterisk_session(port)
    assert variables == {REASON_VAR: "gate error", VERDICT_VAR: "DENY"}
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and logged in errors[0]
    # The exception message quoted the number: the logged traceback must not.
    assert NUMBER not in caplog.text and NUMBER[1:] not in caplog.text
    if calls.exc is not None:
        assert f"RuntimeError: db locked while checking {mask(NUMBER)}" in errors[0]


async def test_reason_cannot_inject_agi_commands() -> None:
    calls = Calls((False, 'x" \nEXEC Dial PJSIP/evil\n' + "y" * 200))
    async with gate_server(calls) as port:
        variables, commands = await asterisk_session(port)
    assert len(commands) == 2 and variables[VERDICT_VAR] == "DENY"
    assert re.fullmatch(r"[A-Za-z0-9 _.:/-]{1,64}", variables[REASON_VAR])


async def test_asterisk_hanging_up_mid_session_is_logged_not_raised(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with gate_server(Calls()) as port:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(ENV)
        await asyncio.wait_for(reader.readline(), 1.0)  # first SET VARIABLE, then the channel dies
        writer.close()
        await writer.wait_closed()
        others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        await asyncio.wait(others, timeout=1.0)
    assert "ended early: Asterisk closed the connection" in caplog.text


def test_sync_callback_is_rejected() -> None:
    def is_allowed(number: str) -> tuple[bool, str]:
        return True, "consent"

    with pytest.raises(TypeError, match="async def"):
        DialGate(is_allowed)  # type: ignore[arg-type]


async def test_start_gate_binds_loopback_by_default() -> None:
    calls = Calls((False, "suppressed"))
    server = await start_gate(calls, port=0)
    try:
        host, port = server.sockets[0].getsockname()[:2]
        assert host == "127.0.0.1"
        variables, _ = await asterisk_session(port)
    finally:
        server.close()
        await server.wait_closed()
    assert variables[VERDICT_VAR] == "DENY"


# --- the dialplan snippet agrees with the service and fails closed ---------------------------


def _dialplan_lines() -> list[str]:
    text = DIALPLAN.read_text()
    return [line.split(";", 1)[0].strip() for line in text.splitlines() if line.split(";", 1)[0].strip()]


def test_dialplan_calls_this_gate_and_dials_only_on_allow() -> None:
    lines = _dialplan_lines()
    text = "\n".join(lines)
    assert "[clearcall-outbound]" in lines and "[clearcall-outbound-manual]" in lines
    # Every pattern delegates to the one subroutine: no duplicated gate logic; each context its policy.
    entries = [line for line in lines if line.startswith("exten => _")]
    assert [e.split(",")[0] for e in entries] == ["exten => _+X.", "exten => _X."] * 2
    assert {e.split(",", 1)[1] for e in entries} == {
        "1,Gosub(clearcall-outbound-gate,s,1(${EXTEN},robot))",
        "1,Gosub(clearcall-outbound-gate,s,1(${EXTEN},manual))",
    }
    # (a campaign's call also names its campaign, checked by the gate)
    agi = re.findall(
        r"AGI\(agi://([\d.]+):(\d+)/(\w+),\$\{number\},\$\{policy\},\$\{CLEARCALL_CAMPAIGN\}\)", text
    )
    assert agi == [("127.0.0.1", str(DEFAULT_PORT), SCRIPT_NAME)]
    assert f'"${{{VERDICT_VAR}}}" = "ALLOW"]?allow' in text
    assert f"Set({VERDICT_VAR}=)" in text  # a stale or injected ALLOW is cleared first
    assert '"${AGISTATUS}" != "SUCCESS"]?unreachable' in text
    assert "clearcall gate unreachable, call refused" in text
    # Exactly one Dial, right after the allow label (through the trunk check).
    dials = [i for i, line in enumerate(lines) if "Dial(" in line]
    allow = next(i for i, line in enumerate(lines) if "n(allow)" in line)
    # (between them only the ring time: the originator's CLEARCALL_RING_SECONDS, digits only, else 20 s)
    assert len(dials) == 1 and dials[0] == allow + 3
    assert lines[allow + 1] == "same => n,Set(LOCAL(ring)=${FILTER(0123456789,${CLEARCALL_RING_SECONDS})})"
    assert lines[allow + 2] == 'same => n,ExecIf($["${ring}" = ""]?Set(LOCAL(ring)=20))'
    dial = "Dial(PJSIP/${number}@${GLOBAL(CLEARCALL_TRUNK)},${ring},U(clearcall-outbound-answered^s^1))"
    assert dial in lines[dials[0]]
    # Only the gate's DENY hangs up with cause 21: a 403 means the gate said no.
    assert text.count("Hangup(21)") == 1
    deny = next(i for i, line in enumerate(lines) if "n(deny)" in line)
    assert lines[deny + 1] == "same => n,Hangup(21)" and "${UNIQUEID}" in lines[deny]
    labels = set(re.findall(r"same => n\((\w+)\)", text))
    targets = set(re.findall(r"GotoIf\(.*\?(\w+)\)", text))
    assert targets <= labels, targets - labels


def test_dialplan_fall_through_after_agi_refuses() -> None:
    # Whatever CLEARCALL_GATE holds other than ALLOW/DENY, the next priority must be the refusal.
    lines = [line for line in _dialplan_lines() if line.startswith(("exten", "same"))]
    deny_check = next(i for i, line in enumerate(lines) if '= "DENY"]?deny' in line)
    assert lines[deny_check + 1].startswith("same => n(unreachable),Log(WARNING,")
    assert lines[deny_check + 2] == "same => n,Hangup(38)"
