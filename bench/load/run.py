"""One load run at N calls: the bot as its own process, tcpdump on lo, N sipp callers, /proc sampling."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.load.callers import PlacedCall, plan_calls, run_caller, sipp_error
from bench.load.priority import full_priority
from bench.load.procs import Sample, Sampler, find_asterisk, wait_for_quiet, with_descendants


@dataclass
class RunConfig:
    home: Path  # the bot's --home: flows/ and .local/secrets.env
    out: Path
    exten: str
    rate: float  # calls started per second
    optout_share: float
    scenarios: dict[str, Path]  # role -> sipp scenario
    call_timeout_s: float
    asterisk_rtp: tuple[int, int]
    quiet_below: float = 25.0  # wait for other work on the machine to use less than this % of a core
    quiet_wait_s: float = 600.0  # for at most this long
    python: str = sys.executable
    bot_cwd: Path = Path(__file__).resolve().parents[2]  # the checkout whose bot/ runs
    label: str = ""  # names the checkout in file names and the table when runs compare checkouts
    prerender: object = None  # async callable(tts_cache: Path) -> None, warms the bot's TTS cache


@dataclass
class RunResult:
    n: int
    calls: list[PlacedCall]
    pcap: Path
    t0: float  # wall clock of the first call's planned start
    window: tuple[float, float]  # first call started .. last call ended (wall clock)
    samples: list[Sample]
    bot_log: Path
    bot_exit: int | None
    bot_idle_rss_mb: float
    capture_stats: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # problems of the run itself (not of single calls)
    label: str = ""

    def meta(self) -> dict:
        return {
            "n": self.n,
            "label": self.label,
            "pcap": self.pcap.name,
            "t0": self.t0,
            "window": self.window,
            "bot_log": self.bot_log.name,
            "bot_exit": self.bot_exit,
            "bot_idle_rss_mb": self.bot_idle_rss_mb,
            "capture_stats": self.capture_stats,
            "errors": self.errors,
            "calls": [c.to_json() for c in self.calls],
            "samples": [s.__dict__ for s in self.samples],
        }


def password(home: Path) -> str:
    from bot.app.settings import read_env_file

    value = read_env_file(home / ".local" / "secrets.env").get("CLEARCALL_TEST_PASSWORD")
    if not value:
        raise SystemExit(f"no CLEARCALL_TEST_PASSWORD in {home / '.local' / 'secrets.env'} (make secrets)")
    return value


def run_prefix(n: int, label: str = "") -> str:
    """The file-name prefix of one run: N030, or N030-base when runs compare checkouts."""
    return f"N{n:03d}-{label}" if label else f"N{n:03d}"


def _start_bot(cfg: RunConfig, data_dir: Path, log_path: Path, n: int) -> subprocess.Popen:
    """Start the bot as its own process (a session of its own) and wait for its "ready" line."""
    env = dict(os.environ, CLEARCALL_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1")
    # The bench measures what N calls do to the bot, so the bot admits them, at any start rate (unless told
    # otherwise: CLEARCALL_MAX_CALLS=50 CLEARCALL_CALL_RATE=2 measures admission as shipped).
    env.setdefault("CLEARCALL_MAX_CALLS", str(n))
    env.setdefault("CLEARCALL_CALL_RATE", "0")
    env["PYTHONPATH"] = str(cfg.bot_cwd) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    log = open(log_path, "wb")  # the child writes to it; closed when the bot is stopped
    proc = subprocess.Popen(
        [cfg.python, "-m", "bot.cli", "--home", str(cfg.home), "run"],
        cwd=cfg.bot_cwd,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # a session of its own: an autogroup of full weight (bench/load/priority.py)
        preexec_fn=full_priority,
    )
    proc.log_file = log  # type: ignore[attr-defined]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the bot exited with {proc.returncode} during start-up; see {log_path}")
        if b"clearcall: ready" in log_path.read_bytes():
            return proc
        time.sleep(0.2)
    _stop(proc, 5)
    raise RuntimeError(f"the bot did not log 'clearcall: ready' within 120 s; see {log_path}")


def _stop(proc: subprocess.Popen, timeout: float, sig: int = signal.SIGTERM) -> int | None:
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    log = getattr(proc, "log_file", None)
    if log is not None:
        log.close()
    return proc.returncode


def _start_capture(cfg: RunConfig, pcap: Path) -> subprocess.Popen:
    lo, hi = cfg.asterisk_rtp
    from bench.load.callers import MEDIA_PORT_BASE, SIP_PORT_BASE

    filt = (
        f"udp and (port 5060 or portrange {lo}-{hi} or portrange {SIP_PORT_BASE}-{SIP_PORT_BASE + 999}"
        f" or portrange {MEDIA_PORT_BASE}-{MEDIA_PORT_BASE + 3999})"
    )
    # --immediate-mode: without it TPACKET_V3 holds the last block back and the end of the run is lost.
    # -B: a 64 MB kernel buffer, so a busy machine does not drop packets (the drop count is checked).
    proc = subprocess.Popen(
        ["tcpdump", "-i", "lo", "--immediate-mode", "-B", "65536", "-n", "-w", str(pcap), filt],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    # tcpdump says "listening on lo" once the capture is live.
    assert proc.stderr is not None
    os.set_blocking(proc.stderr.fileno(), False)
    seen = b""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"tcpdump exited: {(seen + (proc.stderr.read() or b'')).decode()}")
        chunk = proc.stderr.read() or b""
        seen += chunk
        if b"listening on" in seen:
            proc.stderr_seen = seen  # type: ignore[attr-defined]
            return proc
        time.sleep(0.05)
    _stop(proc, 2, signal.SIGINT)
    raise RuntimeError("tcpdump did not start capturing within 10 s (is it installed? are we root?)")


def _stop_capture(proc: subprocess.Popen) -> dict[str, int]:
    _stop(proc, 10, signal.SIGINT)
    assert proc.stderr is not None
    os.set_blocking(proc.stderr.fileno(), True)
    text = (getattr(proc, "stderr_seen", b"") + proc.stderr.read()).decode(errors="replace")
    stats = {}
    for key, pattern in (
        ("captured", r"(\d+) packets? captured"),
        ("received_by_filter", r"(\d+) packets? received by filter"),
        ("dropped_by_kernel", r"(\d+) packets? dropped by kernel"),
    ):
        if match := re.search(pattern, text):
            stats[key] = int(match.group(1))
    return stats


async def _asterisk_idle(home: Path, timeout: float = 30.0) -> str | None:
    """Wait until Asterisk has no channels left (from an earlier run); None when idle, else what is left."""
    from bot.app.settings import Settings
    from bot.asterisk.ari import AriClient

    settings = Settings.load(home)
    secret = settings.require_ari_password()
    client = AriClient(settings.ari_url, settings.ari_user, secret, "clearcall-bench")
    try:
        deadline = time.monotonic() + timeout
        while True:
            channels = await client.request("GET", "channels")
            if not channels:
                return None
            if time.monotonic() > deadline:
                # Left by a starved run (a caller gave up without a BYE, the bot is gone): hang them up,
                # so they burden neither this run nor whatever uses the sandbox next (the e2e tests).
                for channel in channels:
                    with contextlib.suppress(Exception):
                        await client.request("DELETE", f"channels/{channel['id']}")
                return f"{len(channels)} channel(s) still up in Asterisk (hung up)"
            await asyncio.sleep(0.5)
    finally:
        await client.aclose()


async def run_load(n: int, cfg: RunConfig, secret: str) -> RunResult:
    prefix = run_prefix(n, cfg.label)
    pcap = cfg.out / f"{prefix}.pcap"
    bot_log = cfg.out / f"{prefix}-bot.log"
    workdir = cfg.out / f"{prefix}-sipp"
    workdir.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    if left := await _asterisk_idle(cfg.home):
        errors.append(f"before the run: {left}")
    calls = plan_calls(n, cfg.rate, cfg.optout_share)
    if cfg.quiet_wait_s > 0:
        asterisk_pid = find_asterisk()
        started = time.monotonic()
        others = wait_for_quiet(cfg.quiet_below, cfg.quiet_wait_s, [asterisk_pid] if asterisk_pid else [])
        waited = time.monotonic() - started
        if others >= cfg.quiet_below:
            errors.append(
                f"the machine did not get quiet: other work used {others:.0f} % of a core"
                f" after {waited:.0f} s"
            )
        else:
            print(
                f"  other work on the machine: {others:.0f} % of a core (waited {waited:.0f} s)", flush=True
            )
    data_dir = Path(tempfile.mkdtemp(prefix=f"clearcall-load-{prefix}-"))
    try:
        if cfg.prerender is not None:
            await cfg.prerender(data_dir / "tts-cache")  # type: ignore[operator]
        bot = _start_bot(cfg, data_dir, bot_log, n)
        asterisk = find_asterisk()
        if asterisk is None:
            errors.append("the sandbox Asterisk process was not found: its CPU is not sampled")
        live: set[int] = set()
        capture = _start_capture(cfg, pcap)
        bot_tree = with_descendants(bot.pid)
        sampler = Sampler(
            {
                "bot": lambda: bot_tree,  # the bot starts no processes; its tree is taken once
                "asterisk": lambda: [asterisk] if asterisk else [],
                "callers": lambda: list(live),
                "tcpdump": lambda: [capture.pid],
            }
        )
        from bench.load.procs import rss_mb

        idle_rss = sum(rss_mb(pid) for pid in bot_tree)
        sampler.start()
        try:
            await asyncio.sleep(1.0)  # an idle second in the samples before the first call
            loop = asyncio.get_running_loop()
            t0_loop, t0 = loop.time() + 0.1, time.time() + 0.1
            by_role = cfg.scenarios
            await asyncio.gather(
                *(
                    run_caller(
                        call,
                        scenario=by_role[call.role],
                        exten=cfg.exten,
                        password=secret,
                        timeout_s=cfg.call_timeout_s,
                        workdir=workdir,
                        t0=t0_loop,
                        live=live,
                    )
                    for call in calls
                )
            )
            window = (
                min(c.started for c in calls if c.started is not None),
                max(c.ended for c in calls if c.ended is not None),
            )
            await asyncio.sleep(1.0)  # the last BYE's 200 OK and stray packets into the capture
        finally:
            capture_stats = _stop_capture(capture)
            samples = sampler.stop()
            bot_exit = _stop(bot, 30)
            with contextlib.suppress(OSError):  # the bot's own record of the calls, for cross-checks
                shutil.copy2(data_dir / "clearcall.db", cfg.out / f"{prefix}-clearcall.db")
        if capture_stats.get("dropped_by_kernel"):
            errors.append(f"tcpdump: {capture_stats['dropped_by_kernel']} packets dropped by the kernel")
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    if left := await _asterisk_idle(cfg.home, timeout=10.0):
        errors.append(f"after the run: {left}")
    result = RunResult(
        n, calls, pcap, t0, window, samples, bot_log, bot_exit, idle_rss, capture_stats, errors, cfg.label
    )
    (cfg.out / f"{prefix}-run.json").write_text(json.dumps(result.meta(), indent=1))
    return result


def load_result(out: Path, n: int, label: str = "") -> RunResult:
    """A run's record as `run_load` left it (for analysing a capture again)."""
    prefix = run_prefix(n, label)
    meta = json.loads((out / f"{prefix}-run.json").read_text())
    calls = [PlacedCall(**c) for c in meta["calls"]]
    for call in calls:  # sipp's reason, read again (the reading may have improved since the run)
        if call.returncode not in (0, None):
            log = out / f"{prefix}-sipp" / f"call-{call.index:03d}-errors.log"
            if log.exists():
                call.error = sipp_error(log, call.output_tail)
    # Runs of 2026-11-30 16:00-22:50 sampled PSS (in "pss"); read as the memory figure they are.
    samples = [Sample(**{("rss" if k == "pss" else k): v for k, v in s.items()}) for s in meta["samples"]]
    with contextlib.suppress(KeyError):
        meta["window"] = tuple(meta["window"])
    return RunResult(
        n,
        calls,
        out / meta["pcap"],
        meta["t0"],
        meta["window"],
        samples,
        out / meta["bot_log"],
        meta["bot_exit"],
        meta.get("bot_idle_rss_mb", meta.get("bot_idle_pss_mb", 0.0)),  # runs that sampled PSS: their PSS
        meta["capture_stats"],
        meta["errors"],
        meta.get("label", ""),
    )
