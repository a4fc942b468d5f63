"""The callers: one sipp process per call, streaming real speech (espeak-ng) with sipp's rtp_stream.

Each caller authenticates as the test endpoint `clearcall-test` and streams its whole side of the call
from the moment the call is up: line noise, then its words once the bot's opening and question are over
(a fixed lead computed from the rendered prompts plus a margin), then noise until the bot hangs up.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.load.audio import RATE, caller_stream, espeak_8k, write_ulaw

SCENARIO = Path(__file__).with_name("caller.xml")
NOISE = 30.0  # line noise, RMS on the 16-bit scale (as in the Vosk capacity measurements)
TAIL_S = 20.0  # noise after the words: more than the bot needs to answer and hang up
SIP_PORT_BASE = 30000  # caller i uses SIP port SIP_PORT_BASE + i
MEDIA_PORT_BASE = 20000  # and RTP port MEDIA_PORT_BASE + 4 i (sipp's rtp_stream port; +1 for RTCP)
CONTROL_PORT_BASE = 31000  # and its remote-control port CONTROL_PORT_BASE + i (sipp's default is shared)
ROLES = ("answer", "optout")


@dataclass
class PlacedCall:
    """One call the bench placed, whatever became of it."""

    index: int
    role: str  # "answer" (says the survey answer) or "optout" (says the opt-out phrase)
    caller: str  # the From user (caller id)
    sip_port: int
    media_port: int
    start_at: float = 0.0  # planned start, seconds after the first call
    started: float | None = None  # wall clock when sipp was started
    ended: float | None = None
    returncode: int | None = None
    error: str = ""  # why sipp reported a failure (its error log's last line), if it did
    output_tail: str = field(default="", repr=False)

    def to_json(self) -> dict:
        return asdict(self)


def roles_for(n: int, optout_share: float) -> list[str]:
    """Spread the opt-out callers evenly: call i opts out when the running share passes a whole call."""
    return [
        "optout" if math.floor((i + 1) * optout_share) > math.floor(i * optout_share) else "answer"
        for i in range(n)
    ]


def plan_calls(n: int, rate: float, optout_share: float) -> list[PlacedCall]:
    calls = []
    for i, role in enumerate(roles_for(n, optout_share)):
        prefix = "+82107770" if role == "optout" else "+82105550"
        calls.append(
            PlacedCall(
                index=i,
                role=role,
                caller=f"{prefix}{i:04d}",
                sip_port=SIP_PORT_BASE + i,
                media_port=MEDIA_PORT_BASE + 4 * i,
                start_at=i / rate,
            )
        )
    return calls


def write_streams(folder: Path, texts: dict[str, str], voice: str, lead_s: float) -> dict[str, Path]:
    """A µ-law file per role: noise for `lead_s`, the role's words, then TAIL_S of noise."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for seed, (role, text) in enumerate(sorted(texts.items()), start=1):
        samples = caller_stream(espeak_8k(text, voice), lead_s, TAIL_S, NOISE, seed)
        path = folder / f"{role}.ulaw"
        write_ulaw(path, samples)
        files[role] = path
    return files


def write_scenarios(folder: Path, streams: dict[str, Path], bye_timeout_s: float) -> dict[str, Path]:
    """A copy of caller.xml per role with its stream file written in."""
    template = SCENARIO.read_text()
    scenarios = {}
    for role, stream in streams.items():
        text = template.replace("STREAM_FILE", str(stream.resolve()))
        text = text.replace("BYE_TIMEOUT_MS", str(int(bye_timeout_s * 1000)))
        path = folder / f"caller-{role}.xml"
        path.write_text(text)
        scenarios[role] = path
    return scenarios


def stream_seconds(path: Path) -> float:
    return path.stat().st_size / RATE


async def run_caller(
    call: PlacedCall,
    *,
    scenario: Path,
    exten: str,
    password: str,
    timeout_s: float,
    workdir: Path,
    t0: float,
    live: set[int],
) -> None:
    """Start this call's sipp at its planned time and wait for it; every outcome is written into `call`."""
    loop = asyncio.get_running_loop()
    await asyncio.sleep(max(0.0, t0 + call.start_at - loop.time()))
    args = [
        "sipp", "127.0.0.1:5060", "-sf", str(scenario), "-s", exten,
        "-i", "127.0.0.1", "-p", str(call.sip_port), "-mp", str(call.media_port),
        "-cp", str(CONTROL_PORT_BASE + call.index),
        "-m", "1", "-l", "1", "-nostdin", "-timeout", f"{int(timeout_s)}s", "-timeout_error",
        "-au", "clearcall-test", "-ap", password, "-key", "callerid", call.caller,
        "-trace_err", "-error_file", str(workdir / f"call-{call.index:03d}-errors.log"),
    ]  # fmt: skip
    call.started = time.time()
    try:
        proc = await asyncio.create_subprocess_exec(
            *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, cwd=workdir
        )
    except OSError as exc:
        call.ended, call.returncode, call.error = time.time(), -1, f"sipp did not start: {exc}"
        return
    live.add(proc.pid)
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), timeout_s + 15)
        call.output_tail = out.decode(errors="replace")[-3000:]
    except TimeoutError:
        call.error = f"sipp still running {timeout_s + 15:.0f} s after start; killed"
    finally:
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await proc.wait()
        live.discard(proc.pid)
    call.ended = time.time()
    call.returncode = proc.returncode
    if proc.returncode != 0 and not call.error:
        call.error = sipp_error(workdir / f"call-{call.index:03d}-errors.log", call.output_tail)


# sipp's error log: "The following events occurred:", then "DATE\tTIME\tEPOCH: message" entries, not always
# separated by newlines.
_SIPP_EVENT = re.compile(r"\d{4}-\d\d-\d\d\s+[\d:.]+\s+[\d.]+:\s*")
_SIPP_NOISE = ("Unable to bind remote control socket", "Overload warning")


def sipp_error(error_log: Path, output: str) -> str:
    """The last thing sipp reported for the call (warnings about itself skipped), else its last line."""
    text = ""
    with contextlib.suppress(OSError):
        text = error_log.read_text(errors="replace")
    events = [e.strip() for e in _SIPP_EVENT.split(text)[1:] if e.strip()]
    relevant = [e for e in events if not e.startswith(_SIPP_NOISE)] or events
    if relevant:
        return " ".join(relevant[-1].split())[:200]
    tail = [line.strip() for line in output.splitlines() if line.strip()]
    return tail[-1][:200] if tail else "no output"
