"""Place real SIP calls into the sandbox Asterisk with sipp, each with its own RTP peer."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.app.settings import read_env_file
from tests.e2e.rtp_peer import RtpPeer

PROJECT = Path(__file__).resolve().parents[2]
SCENARIOS = Path(__file__).parent / "scenarios"

CallerScript = Callable[[RtpPeer], Awaitable[None]]


@dataclass
class CallResult:
    returncode: int
    output: str
    peer: RtpPeer


async def place_call(
    exten: str,
    *,
    caller: str = "+12025550123",
    caller_script: CallerScript | None = None,
    hangup_after_ms: int | None = None,
    refused_with: int | None = None,
    scenario_name: str | None = None,
    fill: Mapping[str, int] | None = None,
    timeout: float = 60.0,
) -> CallResult:
    """Dial `exten` as the test caller; by default wait for the bot's BYE, else hang up after N ms.

    With `refused_with` the call succeeds only if Asterisk refuses it with that SIP status. Any other
    scenario of scenarios/ runs with `scenario_name`, its upper-case placeholders replaced from `fill`.
    """
    password = read_env_file(PROJECT / ".local" / "secrets.env")["CLEARCALL_TEST_PASSWORD"]
    peer, rtp_port = await RtpPeer.open()
    if refused_with is not None:
        scenario_name, fill = "refused.xml", {"REFUSAL_STATUS": refused_with}
    elif hangup_after_ms is not None:
        scenario_name, fill = "bye.xml", {"HOLD_MS": hangup_after_ms}
    scenario = SCENARIOS / (scenario_name or "call.xml")
    # sipp's <pause variable=...> and <recv response=...> ignore -set values: write a copy instead.
    if fill:
        text = scenario.read_text()
        for placeholder, value in fill.items():
            text = text.replace(placeholder, str(int(value)))
        scenario = Path(tempfile.mkdtemp(prefix="clearcall-sipp-")) / scenario.name
        scenario.write_text(text)
    args = [
        "sipp", "127.0.0.1:5060", "-sf", str(scenario), "-s", exten,
        "-i", "127.0.0.1", "-m", "1", "-l", "1", "-nostdin", "-timeout", f"{int(timeout)}s",
        "-au", "clearcall-test", "-ap", password,
        "-key", "rtpport", str(rtp_port), "-key", "callerid", caller,
        "-mp", str(rtp_port + 2),  # sipp's own (unused) media sockets: keep them off other calls' ports
    ]  # fmt: skip
    proc = await asyncio.create_subprocess_exec(
        *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, cwd="/tmp"
    )
    script_task = asyncio.create_task(caller_script(peer)) if caller_script else None
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), timeout + 10)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        if script_task is not None:
            if not script_task.done():
                script_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await script_task
        peer.close()
    return CallResult(proc.returncode or 0, out.decode(errors="replace"), peer)


def _free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.asynccontextmanager
async def softphone(
    timeout: float = 60.0, callee_script: CallerScript | None = None
) -> AsyncIterator[asyncio.Task[CallResult]]:
    """Register as the softphone (clearcall-phone) and answer the next call to it, recording its audio;
    `callee_script` runs with its RTP peer (e.g. to speak once answered).

    Yields the task of the answering side; await it for the CallResult once the call has ended.
    """
    password = read_env_file(PROJECT / ".local" / "secrets.env")["CLEARCALL_PHONE_PASSWORD"]
    port = _free_udp_port()
    common = ["-i", "127.0.0.1", "-p", str(port), "-m", "1", "-nostdin", "-timeout", f"{int(timeout)}s"]
    register = await asyncio.create_subprocess_exec(
        "sipp", "127.0.0.1:5060", "-sf", str(SCENARIOS / "register.xml"), *common,
        "-au", "clearcall-phone", "-ap", password, "-mp", str(port + 2),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, cwd="/tmp",
    )  # fmt: skip
    out, _ = await asyncio.wait_for(register.communicate(), 20)
    if register.returncode != 0:
        raise AssertionError(f"softphone registration failed:\n{out.decode(errors='replace')[-2000:]}")
    peer, rtp_port = await RtpPeer.open()
    proc = await asyncio.create_subprocess_exec(
        "sipp", "-sf", str(SCENARIOS / "callee.xml"), *common,
        "-key", "rtpport", str(rtp_port), "-mp", str(rtp_port + 2),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, cwd="/tmp",
    )  # fmt: skip

    async def answered() -> CallResult:
        script = asyncio.create_task(callee_script(peer)) if callee_script else None
        try:
            out, _ = await asyncio.wait_for(proc.communicate(), timeout + 10)
        finally:
            if script is not None:
                script.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await script
        return CallResult(proc.returncode or 0, out.decode(errors="replace"), peer)

    task = asyncio.create_task(answered())
    try:
        yield task
    finally:
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        peer.close()
