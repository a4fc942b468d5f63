"""What recording costs: python -m bench.recording [--calls 10] [--repeat 5]

1. In process, exact: the recorder alone (`CallRecording`: interleave, AES-GCM, write) fed one call-minute
   of 20 ms caller and bot frames (3000 + 3000), to a real file; CPU time (process_time) per call-minute
   and bytes on disk per minute, `--repeat` times, median and p95.
2. On the wire, in one run: bench.load's machinery (the bot its own process, N sipp callers into the
   Korean survey, tcpdump, /proc sampling) three times at the same N: recording off
   (CLEARCALL_RECORDINGS=off), recording in the bot, and Asterisk's MixMonitor (option D, stereo;
   started through the sandbox CLI on every caller channel, the bot's recording off) for the PBX-side
   alternative.
   Reply latency and prompt fidelity (stretch, gaps) come from the packets as in bench.load; CPU from
   /proc; recorded seconds and bytes from the bot's database of the "on" pass.
   CPU per recorded call-minute on the wire = (bot CPU on - off) x window / recorded minutes: on a shared
   machine this difference is within the noise, which is why (1) exists.

Every call placed is counted as measured or failed (bench.load's rules). No imports from tests/.
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
from pathlib import Path

import numpy as np

PROJECT = Path(__file__).resolve().parents[2]
FRAME_BYTES = 640  # 20 ms of slin16


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


async def recorder_cost(repeat: int) -> tuple[list[float], list[int]]:
    """CPU ms and file bytes per recorded call-minute of the recorder alone, `repeat` times."""
    from bot.store.recordings import RecordingService
    from bot.store.sqlite_store import SqliteStore

    rng = np.random.default_rng(0)
    caller = (rng.standard_normal(16000 * 60) * 2000).astype("<i2").tobytes()
    bot = (rng.standard_normal(16000 * 60) * 2000).astype("<i2").tobytes()
    cpu_ms, sizes = [], []
    with tempfile.TemporaryDirectory(prefix="clearcall-bench-rec-") as folder:
        store = SqliteStore(Path(folder) / "clearcall.db")
        await store.open()
        service = RecordingService(store, Path(folder), Path(folder) / "recording-keys.json")
        for i in range(repeat):
            call_id = f"bench{i}"
            await store.call_started(call_id, direction="inbound", flow="bench")
            recording = await service.start(call_id, 16000)
            start = time.process_time()
            for pos in range(0, len(caller), FRAME_BYTES):
                recording.caller_frame(caller[pos : pos + FRAME_BYTES])
                recording.bot_frame(bot[pos : pos + FRAME_BYTES])
            await recording.finish()
            cpu_ms.append((time.process_time() - start) * 1000)
            path = Path(folder) / (await store.run(lambda db, c=call_id: db.execute(
                "select path from recordings where call_id = ?", [c]).fetchone()[0]))  # fmt: skip
            sizes.append(path.stat().st_size)
        await store.close()
    return cpu_ms, sizes


def recorded(db_path: Path) -> tuple[int, float, int, dict[str, int]]:
    """(recordings, seconds, bytes, statuses) in a bot's database."""
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute(
            "select status, coalesce(seconds, 0), coalesce(bytes, 0) from recordings"
        ).fetchall()
    finally:
        conn.close()
    statuses: dict[str, int] = {}
    for status, _s, _b in rows:
        statuses[status] = statuses.get(status, 0) + 1
    return len(rows), sum(r[1] for r in rows), sum(r[2] for r in rows), statuses


async def mixmonitor_every_call(home: Path, stop: asyncio.Event, files: list[str]) -> None:
    """For the Asterisk pass: start MixMonitor (D: stereo, caller and what it hears) on every caller
    channel through the sandbox's CLI (the bot's AMI user may not: MixMonitor needs the system privilege),
    as a PBX-side recording would. Files go to the sandbox's /tmp; removed after the pass."""
    from bot.app.settings import Settings
    from bot.asterisk.ari import AriClient

    settings = Settings.load(home)
    ari = AriClient(settings.ari_url, settings.ari_user, settings.ari_password, "clearcall-bench-probe")
    ctl = home / "asterisk-conf" / "sandbox" / "ctl.sh"
    seen: set[str] = set()
    try:
        while not stop.is_set():
            try:
                channels = await ari.request("GET", "channels")
            except Exception as exc:  # a loaded machine: ARI slow for a moment; try again
                print(f"MixMonitor pass: ARI GET channels failed ({exc}); retrying", flush=True)
                await asyncio.sleep(0.25)
                continue
            for channel in channels:
                if (
                    channel["name"].startswith("PJSIP/")
                    and channel["state"] == "Up"
                    and channel["id"] not in seen
                ):
                    seen.add(channel["id"])
                    name = f"/tmp/clearcall-bench-mm-{channel['id']}.wav"
                    proc = await asyncio.create_subprocess_exec(
                        "bash", str(ctl), "cli", f"mixmonitor start {channel['name']} {name},D",
                        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
                    )  # fmt: skip
                    out, _ = await proc.communicate()
                    if proc.returncode != 0:
                        print(
                            f"MixMonitor on {channel['name']}: {out.decode(errors='replace')[-200:]}",
                            flush=True,
                        )
                    files.append(name)
            await asyncio.sleep(0.25)
    finally:
        await ari.aclose()


async def wire(n: int, args: argparse.Namespace) -> list[str]:
    """The two passes (off, on) at N calls; returns the report lines."""
    from bench.load import callers
    from bench.load.__main__ import expectations
    from bench.load.__main__ import parse_args as load_args
    from bench.load.analyse import analyse, bot_records
    from bench.load.prompts import render_prompts
    from bench.load.report import summarise, table
    from bench.load.run import RunConfig, password, run_load
    from bench.load.wire import read_capture

    largs = load_args(["--calls", str(n), "--home", str(args.home), "--quiet-wait", str(args.quiet_wait)])
    out = (args.out or PROJECT / ".local" / "bench" / time.strftime("recording-%Y%m%d-%H%M%S")).resolve()
    flow, prompts = await render_prompts(largs.home / "flows" / f"{largs.flow}.yaml", out / "tts-cache")
    expect = expectations(flow, largs.answer)
    lead = prompts[expect.opening].seconds + prompts[expect.question].seconds + largs.margin
    streams = callers.write_streams(
        out / "callers", {"answer": largs.answer, "optout": largs.optout_phrase}, flow.voice, lead
    )
    scenarios = callers.write_scenarios(out / "callers", streams, bye_timeout_s=largs.call_timeout)
    lo, hi = (int(v) for v in largs.asterisk_rtp.split("-"))
    secret = password(largs.home.resolve())
    summaries, lines = {}, []
    for mode in ("off", "on", "asterisk"):
        sub = out / f"recording-{mode}"
        sub.mkdir(parents=True, exist_ok=True)

        async def prerender(tts_cache: Path) -> None:
            import shutil

            shutil.copytree(out / "tts-cache", tts_cache, dirs_exist_ok=True)

        cfg = RunConfig(
            home=largs.home.resolve(), out=sub, exten=largs.exten, rate=largs.rate,
            optout_share=largs.optout_share, scenarios=scenarios, call_timeout_s=largs.call_timeout,
            asterisk_rtp=(lo, hi), prerender=prerender, quiet_below=largs.quiet_below,
            quiet_wait_s=largs.quiet_wait,
        )  # fmt: skip
        os.environ["CLEARCALL_RECORDINGS"] = "on" if mode == "on" else "off"  # the bot process inherits it
        print(f"recording {mode}: placing {n} calls at {largs.rate:g}/s ...", flush=True)
        stop, files = asyncio.Event(), []
        monitor = (
            asyncio.create_task(mixmonitor_every_call(largs.home, stop, files))
            if mode == "asterisk"
            else None
        )
        try:
            result = await run_load(n, cfg, secret)
        finally:
            stop.set()
            if monitor is not None:
                await monitor
        sandbox_tmp = largs.home / ".sandbox" / "root"
        sizes = [
            (sandbox_tmp / f.lstrip("/")).stat().st_size
            for f in files
            if (sandbox_tmp / f.lstrip("/")).exists()
        ]
        for f in files:
            (sandbox_tmp / f.lstrip("/")).unlink(missing_ok=True)
        if mode == "asterisk":
            lines.append(f"asterisk pass: MixMonitor on {len(files)} channels, files {sizes} bytes")
        db_path = sub / f"N{n:03d}-clearcall.db"
        rows, prompt_rows = analyse(
            n, result.calls, read_capture(result.pcap), prompts, expect, result.t0, bot_records(db_path)
        )
        summaries[mode] = (summarise(result, rows, prompt_rows), result, db_path)
        print(table([summaries[mode][0]]).splitlines()[-1], flush=True)  # this pass, before the next
    os.environ.pop("CLEARCALL_RECORDINGS", None)
    lines.append(table([summaries[m][0] for m in ("off", "on", "asterisk")]))
    lines.append("(rows: recording off; recording in the bot; MixMonitor in Asterisk with the bot's off)")
    count, seconds, size, statuses = recorded(summaries["on"][2])
    off_count = recorded(summaries["off"][2])[0]
    minutes = seconds / 60
    lines.append(
        f"recording on: {count} recordings ({statuses}), {seconds:.1f} s recorded, {size} bytes on disk, "
        f"{size / minutes if minutes else float('nan'):.0f} bytes per recorded minute; recording off: "
        f"{off_count} recordings"
    )
    s_off, (s_on, r_on, _) = summaries["off"][0], summaries["on"]
    if s_on.bot_cpu_avg is not None and s_off.bot_cpu_avg is not None and minutes:
        window = r_on.window[1] - r_on.window[0]
        extra = (s_on.bot_cpu_avg - s_off.bot_cpu_avg) / 100 * window
        lines.append(
            f"bot CPU avg: off {s_off.bot_cpu_avg:.1f} %, on {s_on.bot_cpu_avg:.1f} % of a core; "
            f"difference x window ({window:.1f} s) = {extra:.2f} CPU-s over {minutes:.2f} recorded "
            f"call-minutes = {extra / minutes * 1000:.0f} CPU-ms per recorded call-minute "
            "(noisy machine: see the in-process figure)"
        )
    s_ast = summaries["asterisk"][0]
    if s_ast.asterisk_cpu_avg is not None and s_off.asterisk_cpu_avg is not None:
        lines.append(
            f"Asterisk CPU avg: off {s_off.asterisk_cpu_avg:.1f} %, "
            f"MixMonitor {s_ast.asterisk_cpu_avg:.1f} %, "
            f"bot-recording pass {s_on.asterisk_cpu_avg or 0:.1f} % of a core"
        )
    for mode, (summary, _result, _db) in summaries.items():
        lines.append(
            f"recording {mode}: reply p50/p95 "
            f"{_pct(summary.reply, 50):.0f}/{_pct(summary.reply, 95):.0f} ms, "
            f"prompt stretch p50/max {_pct(summary.stretches, 50):.3f}/"
            f"{max(summary.stretches) if summary.stretches else float('nan'):.3f}, gaps {summary.gaps}, "
            f"measured {summary.measured} / failed {summary.failed}"
        )
    lines.append(f"output: {out}")
    return lines


async def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m bench.recording",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--calls", type=int, default=10, help="N concurrent calls for the wire passes (default 10)"
    )
    p.add_argument("--repeat", type=int, default=5, help="in-process recorder runs (default 5)")
    p.add_argument("--home", type=Path, default=PROJECT)
    p.add_argument("--out", type=Path)
    p.add_argument("--no-wire", action="store_true", help="only the in-process figure")
    p.add_argument("--quiet-wait", type=float, default=60.0, help="bench.load's wait for a quiet machine (s)")
    args = p.parse_args(argv)
    cpu_ms, sizes = await recorder_cost(args.repeat)
    print(
        f"recorder alone, per recorded call-minute (n={len(cpu_ms)}): "
        f"CPU p50 {statistics.median(cpu_ms):.1f} ms, "
        f"p95 {_pct(cpu_ms, 95):.1f} ms; file {statistics.median(sizes)} bytes "
        f"({statistics.median(sizes) / 3840000:.4f} of the 3,840,000 bytes of plain stereo slin16)",
        flush=True,
    )
    if not args.no_wire:
        for line in await wire(args.calls, args):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
