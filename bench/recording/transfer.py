"""What recording a transferred call costs: python -m bench.recording.transfer [--seconds 60] [--repeat 1]

One real call at a time on the sandbox: the test caller (sipp, a 600 Hz tone) dials 900, whose flow (here)
says one line and transfers to `PJSIP/clearcall-agent` (sandbox-only: a sipp on 127.0.0.1:5070 answering
with a 1500 Hz tone). The bot runs as its own process (`clearcall run`, its project folder holding that
one flow). From 3 s after the transfer, the bot's and this checkout's sandbox Asterisk's CPU are sampled
from /proc every 0.5 s for `--seconds`; then the bench hangs the caller up (ARI). Each pass is done with
recording off (CLEARCALL_RECORDINGS=off: the caller simply leaves the bot) and on (two ARI snoops on the
caller's channel, two AudioSocket connections, the recorder), alternating, `--repeat` times. Printed:
per pass the mean CPU of each process (and p50/p95 of its samples), the recorded seconds (on); then,
over the pairs, the median cost of "on" minus "off" in % of a core and in CPU-ms per recorded
call-minute. Every call placed is counted as measured or failed. No imports from tests/.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from bench.load.audio import RATE, write_ulaw
from bench.load.callers import write_scenarios
from bench.load.procs import Sampler, find_asterisk, with_descendants
from bench.load.run import _start_bot, _stop, password

PROJECT = Path(__file__).resolve().parents[2]
AGENT_SCENARIO = Path(__file__).with_name("agent.xml")
AGENT_PORT = 5070  # the sandbox's clearcall-agent contact
SETTLE_S = 3.0  # after the transfer, before sampling: the person has answered, the snoops run
FLOW = """\
name: opening_only
language: en
voice: en-us
rate: 210
identity: {company: Clearcall, purpose: a transfer benchmark, callback_number: "202 555 0100"}
start: hand_off
states:
  hand_off:
    next: {say: Putting you through., transfer: {endpoint: PJSIP/clearcall-agent}}
"""


@dataclass
class Pass:
    mode: str
    ok: bool = False
    error: str = ""
    cpu: dict[str, list[float]] = field(default_factory=dict)  # process -> samples, % of one core
    window_s: float = 0.0
    recorded_s: float = 0.0
    status: str = ""


def tone_file(path: Path, hz: float, seconds: float) -> Path:
    t = np.arange(int(seconds * RATE)) / RATE
    write_ulaw(path, (6000 * np.sin(2 * np.pi * hz * t)).astype(np.int16))
    return path


def scenario(template: Path | str, out: Path, fill: dict[str, str]) -> Path:
    text = template.read_text() if isinstance(template, Path) else template
    for key, value in fill.items():
        text = text.replace(key, value)
    out.write_text(text)
    return out


async def wait_line(path: Path, needle: bytes, timeout: float) -> None:
    end = time.monotonic() + timeout
    while needle not in await asyncio.to_thread(path.read_bytes):
        if time.monotonic() > end:
            raise TimeoutError(f"{needle.decode()!r} not in {path} within {timeout:.0f} s")
        await asyncio.sleep(0.1)


async def one_pass(mode: str, seconds: float, work: Path, secret: str) -> Pass:
    result = Pass(mode)
    data = work / f"data-{mode}-{time.monotonic_ns()}"
    data.mkdir()
    home = work / "home"  # the project with one flow: extension 900's, transferring
    if not home.exists():
        (home / "flows").mkdir(parents=True)
        (home / "flows" / "opening_only.yaml").write_text(FLOW)
        (home / ".local").symlink_to(PROJECT / ".local")  # the secrets
    hold_ms = int((seconds + SETTLE_S + 60) * 1000)  # the caller's patience: the bench hangs it up
    caller_tone = tone_file(work / "caller.ulaw", 600, hold_ms / 1000 + 5)
    caller_xml = write_scenarios(work, {"tone": caller_tone}, bye_timeout_s=hold_ms / 1000)["tone"]
    agent_tone = tone_file(work / "agent.ulaw", 1500, 10)
    agent_xml = scenario(
        AGENT_SCENARIO,
        work / "agent.xml",
        {"STREAM_FILE": str(agent_tone), "BYE_TIMEOUT_MS": str(hold_ms + 30000)},
    )
    os.environ["CLEARCALL_RECORDINGS"] = mode
    cfg = SimpleNamespace(python=sys.executable, home=home, bot_cwd=PROJECT)
    log_path = data / "bot.log"
    bot = _start_bot(cfg, data, log_path, 1)  # type: ignore[arg-type]
    procs: list[asyncio.subprocess.Process] = []
    try:
        common = ["-i", "127.0.0.1", "-m", "1", "-nostdin", "-timeout", f"{hold_ms // 1000 + 60}s"]
        agent = await asyncio.create_subprocess_exec(
            "sipp", "-sf", str(agent_xml), "-p", str(AGENT_PORT), "-mp", "24000", *common,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, cwd=work,
        )  # fmt: skip
        caller = await asyncio.create_subprocess_exec(
            "sipp", "127.0.0.1:5060", "-sf", str(caller_xml), "-s", "900", "-p", "5072", "-mp", "24100",
            "-au", "clearcall-test", "-ap", secret, "-key", "callerid", "+12025550123", *common,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, cwd=work,
        )  # fmt: skip
        procs = [agent, caller]
        await wait_line(log_path, b"event=transfer", 60)
        await asyncio.sleep(SETTLE_S)
        asterisk = sandbox_asterisk()
        sampler = Sampler(
            {"bot": lambda: with_descendants(bot.pid), "asterisk": lambda: [asterisk] if asterisk else []}
        )
        started = time.monotonic()
        sampler.start()
        await asyncio.sleep(seconds)
        samples = sampler.stop()
        result.window_s = time.monotonic() - started
        result.cpu = {name: [s.cpu[name] for s in samples] for name in ("bot", "asterisk")}
        await hang_up_callers()  # the caller's BYE ends both sides
        outs = [await asyncio.wait_for(p.communicate(), hold_ms / 1000 + 60) for p in procs]
        codes = [p.returncode for p in procs]
        if codes != [0, 0]:
            tail = outs[1][0].decode(errors="replace")[-300:]
            result.error = f"sipp exit codes agent/caller {codes}: {tail}"
        if mode == "on":
            await asyncio.sleep(1.0)  # the recording is sealed when the caller's channel has gone
        result.ok = not result.error
    except Exception as exc:  # counted as failed, with why
        result.error = f"{type(exc).__name__}: {exc}"
    finally:
        for p in procs:
            if p.returncode is None:
                p.kill()
                await p.wait()
        _stop(bot, 15)
    if mode == "on":
        conn = sqlite3.connect(data / "clearcall.db")
        try:
            row = conn.execute("select status, coalesce(seconds, 0) from recordings").fetchone()
        finally:
            conn.close()
        result.status, result.recorded_s = (row[0], float(row[1])) if row else ("none", 0.0)
        if result.ok and result.status != "complete":
            result.ok, result.error = False, f"recording status {result.status!r}"
    return result


async def hang_up_callers() -> None:
    """Hang up the test caller's channels through ARI (the caller's scenario waits for a BYE)."""
    from bot.app.settings import Settings
    from bot.asterisk.ari import AriClient

    settings = Settings.load(PROJECT)
    ari = AriClient(settings.ari_url, settings.ari_user, settings.ari_password, "clearcall-bench-probe")
    try:
        for channel in await ari.request("GET", "channels"):
            if channel["name"].startswith("PJSIP/clearcall-test-"):
                await ari.request("DELETE", f"channels/{channel['id']}")
    finally:
        await ari.aclose()


def sandbox_asterisk() -> int | None:
    """This checkout's sandbox Asterisk (its pidfile, checked against the process's root): other
    checkouts' sandboxes may run on the same machine. Else the oldest Asterisk (bench.load's choice)."""
    root = PROJECT / ".sandbox" / "root"
    try:
        pid = int((root / "run" / "asterisk" / "asterisk.pid").read_text().strip())
        if Path(f"/proc/{pid}/root").resolve() == root.resolve():
            return pid
    except (OSError, ValueError):
        pass
    return find_asterisk()


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


async def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m bench.recording.transfer",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--seconds", type=float, default=60.0, help="sampled seconds after the transfer")
    p.add_argument("--repeat", type=int, default=1, help="off/on pairs (default 1)")
    args = p.parse_args(argv)
    secret = password(PROJECT)
    passes: list[Pass] = []
    with tempfile.TemporaryDirectory(prefix="clearcall-bench-transfer-") as folder:
        for i in range(args.repeat):
            for mode in ("off", "on"):
                print(f"pass {i + 1}/{args.repeat} recording {mode}: one transferred call ...", flush=True)
                r = await one_pass(mode, args.seconds, Path(folder), secret)
                passes.append(r)
                line = f"  recording {mode}: " + ("measured" if r.ok else f"FAILED ({r.error})")
                for name, values in r.cpu.items():
                    line += (
                        f"; {name} CPU mean {statistics.fmean(values) if values else float('nan'):.2f} % "
                        f"(p50 {_pct(values, 50):.2f}, p95 {_pct(values, 95):.2f}, n={len(values)})"
                    )
                if mode == "on":
                    line += f"; recorded {r.recorded_s:.1f} s ({r.status})"
                print(line, flush=True)
    os.environ.pop("CLEARCALL_RECORDINGS", None)
    measured = [r for r in passes if r.ok]
    print(f"calls placed {len(passes)}: measured {len(measured)}, failed {len(passes) - len(measured)}")
    pairs = list(zip(passes[0::2], passes[1::2], strict=True))
    for name in ("bot", "asterisk"):
        deltas = [
            statistics.fmean(on.cpu[name]) - statistics.fmean(off.cpu[name])
            for off, on in pairs
            if off.ok and on.ok and on.cpu.get(name) and off.cpu.get(name)
        ]
        if deltas:
            per_minute = [d / 100 * 60 * 1000 for d in deltas]  # % of a core over a minute -> CPU-ms
            print(
                f"{name}: recording the transferred part costs {statistics.median(deltas):+.2f} % of a core "
                f"(median of {len(deltas)} pairs, p95 {_pct(deltas, 95):+.2f}) = "
                f"{statistics.median(per_minute):+.0f} CPU-ms per recorded call-minute"
            )
    return 0 if len(measured) == len(passes) else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
