"""What the bot's scheduled purge costs its calls: python -m bench.purge [--calls 10000] [--repeat 3]

Each repeat seeds a fresh SQLite file with N call records (4 turns each, a recording row and a small
file each), half of them past every retention, then runs the purge exactly as the running bot does
(bot.app.scheduled_purge: its own connection, on a worker thread) while the bot's store (SqliteStore,
its owner thread) writes a turn every 20 ms, as live calls do. Printed: the purge's wall time, and the
store's write latency while a purge runs against the same writes with no purge (median, p95, max).
Every write attempted is counted, as done or failed. No imports from tests/.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from bot.app.scheduled_purge import _purge_once
from bot.app.settings import Settings
from bot.store.database import open_database
from bot.store.sqlite_store import SqliteStore

PROJECT = Path(__file__).resolve().parents[2]
WRITE_EVERY_S = 0.02
NOW = datetime.now(UTC)


def _seed(settings: Settings, calls: int) -> None:
    db = open_database(settings.db_path)
    folder = settings.local_dir / "recordings"
    folder.mkdir(mode=0o700, exist_ok=True)
    old, new = (NOW - timedelta(days=4000)).isoformat(), (NOW - timedelta(days=1)).isoformat()
    rows, turns, recordings = [], [], []
    for i in range(calls):
        started = old if i % 2 else new
        rows.append((f"c{i}", "inbound", "opening_only", "+12025550100", started, started))
        turns += [(f"c{i}", seq, "s", "prompt", "heard", started) for seq in range(4)]
        recordings.append((f"c{i}", f"recordings/{i:08d}.ccrec", "k1", "w", f"{i:032x}", started, "complete"))
        (folder / f"{i:08d}.ccrec").write_bytes(bytes(64))
    with db.conn:
        db.conn.executemany(
            "insert into calls (id, direction, flow, caller, started_at, ended_at) values (?,?,?,?,?,?)", rows
        )
        db.conn.executemany(
            "insert into turns (call_id, seq, state, prompt, heard, started_at) values (?,?,?,?,?,?)", turns
        )
        db.conn.executemany(
            "insert into recordings (call_id, path, key_id, wrapped_key, file_id, started_at, status)"
            " values (?,?,?,?,?,?,?)",
            recordings,
        )
        db.conn.execute("insert into calls (id, direction, started_at) values ('live', 'inbound', ?)", [new])
    db.close()


async def _writes(store: SqliteStore, stop: asyncio.Event, done: list[float], failed: list[str]) -> None:
    while not stop.is_set():
        began = time.perf_counter()
        try:
            await store.add_turn("live", state="s", prompt="p", heard="h")
            done.append(time.perf_counter() - began)
        except Exception as exc:  # counted, never dropped
            failed.append(repr(exc))
        await asyncio.sleep(WRITE_EVERY_S)


async def _one(calls: int) -> tuple[float, list[float], list[float], list[str]]:
    with tempfile.TemporaryDirectory(prefix="bench-purge-") as tmp:
        settings = dataclasses.replace(Settings.load(PROJECT), data_dir=Path(tmp))
        _seed(settings, calls)
        store = SqliteStore(settings.db_path)
        await store.open()
        try:
            idle: list[float] = []
            during: list[float] = []
            failed: list[str] = []
            stop = asyncio.Event()
            writer = asyncio.create_task(_writes(store, stop, idle, failed))
            await asyncio.sleep(2.0)
            stop.set()
            await writer
            stop = asyncio.Event()
            writer = asyncio.create_task(_writes(store, stop, during, failed))
            began = time.perf_counter()
            report = await asyncio.to_thread(_purge_once, settings, NOW)
            took = time.perf_counter() - began
            stop.set()
            await writer
        finally:
            await store.close()
        left = len(os.listdir(settings.local_dir / "recordings"))
        assert report.deleted.get("calls") == calls // 2 and left == calls - calls // 2, (report, left)
        return took, idle, during, failed


def _ms(values: list[float]) -> str:
    if not values:
        return "no samples"
    p50, p95 = np.percentile(values, [50, 95]) * 1000
    return f"median {p50:.1f} ms, p95 {p95:.1f} ms, max {max(values) * 1000:.1f} ms (n={len(values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--calls", type=int, default=10000, help="call records seeded (half expired)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    took, idle, during, failed = [], [], [], []
    for _ in range(args.repeat):
        t, i, d, f = asyncio.run(_one(args.calls))
        took.append(t)
        idle += i
        during += d
        failed += f
    print(f"purge of {args.calls // 2} expired of {args.calls} calls (4 turns, a recording each), "
          f"{args.repeat} runs: wall {_ms(took)}")  # fmt: skip
    print(f"store write (a turn) every {WRITE_EVERY_S * 1000:.0f} ms, no purge: {_ms(idle)}")
    print(f"store write during the purge:                 {_ms(during)}")
    print(f"writes failed: {len(failed)}" + (f" ({failed[:3]})" if failed else ""))


if __name__ == "__main__":
    main()
