"""A recording cut by a bot crash: `clearcall run` is killed with SIGKILL mid-call, so the recording row
still says `recording` and the file lacks its final chunk. The restarted bot marks it `truncated` with
the seconds of its intact chunks and says so; `calls show` says truncated, `recording play` refuses
without `--partial` and with it writes the intact part, which decrypts to the call's real audio."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import wave

import numpy as np
import sqlite_utils

from tests.e2e.conftest import asterisk_is_idle
from tests.e2e.sipcall import PROJECT, place_call
from tests.e2e.test_crash_safety import kill_during_call, start_bot, wait_for_line


def _cli(data_dir, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CLEARCALL_DATA_DIR": str(data_dir)}
    command = [sys.executable, "-m", "bot.cli", "--home", str(PROJECT), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=False)


async def test_a_recording_cut_by_sigkill_is_marked_truncated_at_restart_and_plays_in_part(tmp_path, ari):
    proc = await start_bot(tmp_path)
    call = place_call("200", hangup_after_ms=20000, timeout=40)
    await kill_during_call(proc, call, "event=recording_started", after_s=3.5)
    db = sqlite_utils.Database(tmp_path / "clearcall.db")
    [before] = list(db["recordings"].rows)
    db.close()
    assert before["status"] == "recording", before  # what the kill left

    env = {**os.environ, "CLEARCALL_DATA_DIR": str(tmp_path)}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "--home", str(PROJECT), "run",
        stderr=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.DEVNULL, env=env,
    )  # fmt: skip
    try:
        line = await wait_for_line(proc, "marked truncated", 60)
        await wait_for_line(proc, "clearcall: ready", 60)
    finally:
        proc.send_signal(signal.SIGTERM)
        await proc.wait()
    call_id = before["call_id"]
    assert f"call {call_id}" in line, line
    db = sqlite_utils.Database(tmp_path / "clearcall.db")
    row = db["recordings"].get(call_id)
    db.close()
    assert row["status"] == "truncated" and row["ended_at"], row
    assert 1.0 <= row["seconds"] <= 4.0, row  # whole 1 s chunks sealed in the 3.5 s before the kill
    assert row["bytes"] <= (tmp_path / row["path"]).stat().st_size

    shown = _cli(tmp_path, "calls", "show", call_id)
    assert shown.returncode == 0 and f"recording: truncated, {row['seconds']:.1f} s" in shown.stdout, shown
    wav = tmp_path / "cut.wav"
    refused = _cli(tmp_path, "recording", "play", call_id, "--wav", str(wav))
    assert refused.returncode == 2 and "truncated" in refused.stderr and "--partial" in refused.stderr
    played = _cli(tmp_path, "recording", "play", call_id, "--partial", "--wav", str(wav))
    assert played.returncode == 0, played
    with wave.open(str(wav)) as w:
        stereo = np.frombuffer(w.readframes(w.getnframes()), "<i2").reshape(-1, 2)
        seconds = w.getnframes() / w.getframerate()
    assert abs(seconds - row["seconds"]) < 0.01, (seconds, row)  # the row counts exactly what plays
    bot = stereo[:, 1].astype(np.float64)
    assert np.sqrt(np.mean(bot**2)) > 100, "the bot's prompt should be in the intact part"
    await asterisk_is_idle(ari)
