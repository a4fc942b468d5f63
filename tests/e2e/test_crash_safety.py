"""The bot as its own process (`clearcall run`), really signalled: kill -9 right after an opt-out is
committed keeps the row; SIGTERM with a call up drains it, writes its record and exits in bounded time.
"""

import asyncio
import os
import signal
import sys
import time
from collections.abc import Awaitable

import sqlite_utils

from bot.app.settings import DEFAULT_MAX_CALLS
from tests.e2e.conftest import asterisk_is_idle
from tests.e2e.sipcall import PROJECT, place_call

CALLER = "+821055501234"


async def start_bot(data_dir) -> asyncio.subprocess.Process:
    env = {**os.environ, "CLEARCALL_DATA_DIR": str(data_dir)}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "--home", str(PROJECT), "run",
        stderr=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.DEVNULL, env=env,
    )  # fmt: skip
    ready = await wait_for_line(proc, "clearcall: ready", 60)
    # The admission limit is printed at start-up; unset, it is the capacity the README measured.
    limit = int(os.environ.get("CLEARCALL_MAX_CALLS", DEFAULT_MAX_CALLS))
    assert f"at most {limit} concurrent calls" in ready, ready
    return proc


async def wait_for_line(proc: asyncio.subprocess.Process, needle: str, timeout: float) -> str:
    assert proc.stderr is not None
    async with asyncio.timeout(timeout):
        while True:
            line = (await proc.stderr.readline()).decode(errors="replace")
            if not line:
                raise AssertionError(f"bot exited before logging {needle!r}")
            if needle in line:
                return line


async def kill_during_call(
    proc: asyncio.subprocess.Process, call: Awaitable, line: str, *, after_s: float = 0.0, timeout: float = 40
) -> float:
    """SIGKILL the bot `after_s` seconds after it logs `line` while `call` runs; wait for both. Returns the
    seconds from the line to the kill. The bot is killed whatever happens, so no test leaves one running."""
    task = asyncio.ensure_future(call)
    loop = asyncio.get_running_loop()
    try:
        await wait_for_line(proc, line, timeout)
        logged = loop.time()
        await asyncio.sleep(after_s)
        proc.send_signal(signal.SIGKILL)
        killed_after = loop.time() - logged
        await proc.wait()
        await task
        return killed_after
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


async def test_optout_survives_kill_9(tmp_path, ari):
    for attempt in range(3):
        proc = await start_bot(tmp_path)

        async def caller(peer):
            await peer.wait_heard(1.0)
            await peer.press("9")
            await peer.silence(3)

        call = place_call("200", caller=CALLER, caller_script=caller, hangup_after_ms=4000)
        # The bot logs event=opt_out once the row is committed, before it says goodbye.
        await kill_during_call(proc, call, "event=opt_out ", timeout=30)
        db = sqlite_utils.Database(tmp_path / "clearcall.db")
        rows = list(db["suppression"].rows_where("number = ?", [CALLER]))
        db.close()
        assert len(rows) == 1 and rows[0]["source"] == "keypress", f"attempt {attempt}: {rows}"
        db_path = tmp_path / "clearcall.db"
        db_path.unlink()
        for suffix in ("-wal", "-shm"):
            db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    # A restarted bot removes the bridge and media channel the killed one left behind.
    proc = await start_bot(tmp_path)
    proc.send_signal(signal.SIGTERM)
    await proc.wait()
    await asterisk_is_idle(ari)


async def test_sigterm_with_a_live_call_ends_it_cleanly_and_exits(tmp_path, ari):
    proc = await start_bot(tmp_path)
    try:
        call = asyncio.create_task(place_call("900", caller="+12025550166", timeout=40))
        await wait_for_line(proc, "event=first_audio", 30)  # the opening is playing
        signalled = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), 20)
        took = time.monotonic() - signalled
        result = await call
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0 and took < 12.0, (proc.returncode, took)  # drain bound 10 s, then close
    assert result.returncode == 0, result.output[-2000:]  # the caller got a clean BYE
    db = sqlite_utils.Database(tmp_path / "clearcall.db")
    [row] = list(db["calls"].rows)
    db.close()
    assert row["ended_at"] and row["hangup_cause"] == "bot"
    await asterisk_is_idle(ari)


class BotLog:
    """Reads the bot's stderr all the time (a full pipe would stall it) and counts the lines seen."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.lines: list[str] = []
        self._changed = asyncio.Event()
        self._task = asyncio.create_task(self._read(proc), name="bot-stderr")

    async def _read(self, proc: asyncio.subprocess.Process) -> None:
        assert proc.stderr is not None
        while line := await proc.stderr.readline():
            self.lines.append(line.decode(errors="replace"))
            self._changed.set()
        self._changed.set()

    async def wait_for(self, needle: str, count: int = 1, timeout: float = 30) -> None:
        async with asyncio.timeout(timeout):
            while sum(needle in line for line in self.lines) < count:
                if self._task.done():
                    raise AssertionError(f"bot exited before logging {needle!r} x{count}")
                self._changed.clear()
                await self._changed.wait()

    async def aclose(self) -> None:
        await self._task


async def test_kill_9_with_three_calls_up_cleans_asterisk_and_the_store_on_restart(tmp_path, ari):
    """Three callers wait for the bot's BYE; one has pressed 9. kill -9, then a restart must end the
    stranded calls (bridges, media and caller channels), close their records, and keep the opt-out."""
    callers = ["+821055501241", "+821055501242", "+821055501243"]
    all_up = asyncio.Event()

    async def opts_out(peer):
        await all_up.wait()
        await peer.press("9")
        await peer.silence(30)

    async def listens(peer):
        await peer.silence(40)

    proc = await start_bot(tmp_path)
    calls = [
        asyncio.create_task(place_call("200", caller=number, caller_script=script, timeout=90))
        for number, script in zip(callers, (opts_out, listens, listens), strict=True)
    ]
    try:
        log = BotLog(proc)
        try:
            await log.wait_for("event=media_connected", count=3, timeout=60)
            all_up.set()
            await log.wait_for("event=opt_out ")  # committed; the goodbye is still to come
            proc.send_signal(signal.SIGKILL)
        finally:
            if proc.returncode is None:
                proc.kill()
            await proc.wait()
            await log.aclose()
        # What the killed bot left: the callers in the application with their bridges (media channels
        # end with their TCP connection). The opted-out call may just have ended on its own: its hangup
        # comes 1.2 s after the key, and a loaded machine can be that slow to deliver the kill.
        app = await ari.request("GET", "applications/clearcall")
        bridges = [b for b in await ari.request("GET", "bridges") if b["id"].startswith("cc-bridge-")]
        assert len(app["channel_ids"]) >= 2 and len(bridges) >= 2, (app, bridges)
        db = sqlite_utils.Database(tmp_path / "clearcall.db")
        left_open = db.execute("select count(*) from calls where ended_at is null").fetchone()[0]
        db.close()
        assert left_open >= 2, left_open

        restarted = time.monotonic()
        proc = await start_bot(tmp_path)
        try:
            results = await asyncio.wait_for(asyncio.gather(*calls), 30)
            hung_up_after = time.monotonic() - restarted
            await asterisk_is_idle(ari)
        finally:
            proc.send_signal(signal.SIGTERM)
            await proc.wait()
    finally:
        for call in calls:
            call.cancel()
        await asyncio.gather(*calls, return_exceptions=True)
    print(f"{left_open} calls stranded; their BYE came {hung_up_after:.2f} s after the restart began")
    for result in results:  # each caller got a BYE, not a timeout
        assert result.returncode == 0, result.output[-2000:]
    db = sqlite_utils.Database(tmp_path / "clearcall.db")
    records = {row["caller"]: row for row in db["calls"].rows}
    suppressed = list(db["suppression"].rows)
    db.close()
    assert sorted(records) == sorted(callers)
    for number in callers[1:]:
        assert records[number]["ended_at"] and records[number]["hangup_cause"] == "interrupted", records
        assert records[number]["opted_out"] == 0, records
    opted = records[callers[0]]
    assert opted["ended_at"] and opted["hangup_cause"] == ("interrupted" if left_open == 3 else "bot"), opted
    assert opted["opted_out"] == 1 and opted["optout_source"] == "keypress", opted
    assert [(s["number"], s["source"]) for s in suppressed] == [(callers[0], "keypress")]
