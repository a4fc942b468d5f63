"""Recordings on a real SQLite file and real files: the recorder, `calls list|show`, `recording play`,
`keys rotate`, `purge` (exactly what expired; SIGKILL leaves no half state) and `erase`."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import wave
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from bot.cli.main import main
from bot.store.database import open_database
from bot.store.recording_keys import Keyring
from bot.store.recordings import CHUNK_SECONDS, RecordingService
from bot.store.sqlite_store import SqliteStore

FLOWS = Path(__file__).resolve().parents[2] / "flows"
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
RATE = 16000


@pytest.fixture
def home(tmp_path):
    (tmp_path / "flows").mkdir()
    text = (FLOWS / "survey_ko.yaml").read_text()
    # a short retention for this flow; other flows keep the defaults (90 / 365 / 1825 days)
    text = text.replace(
        "start: ask_interest", "retention: {recordings: 10, transcripts: 20, calls: 30}\nstart: ask_interest"
    )
    (tmp_path / "flows" / "survey_ko.yaml").write_text(text)
    shutil.copy(FLOWS / "opening_only.yaml", tmp_path / "flows")
    return tmp_path


def _frames(seed: int, seconds: float) -> list[bytes]:
    rng = np.random.default_rng(seed)
    samples = (rng.standard_normal(int(RATE * seconds)) * 3000).astype("<i2")
    return [samples[i : i + 320].tobytes() for i in range(0, len(samples), 320)]


async def _make_call(
    store, service, call_id, *, flow="survey_ko", age_days=0.0, caller="+12025550123", seconds=2.5
):
    started = (NOW - timedelta(days=age_days)).isoformat(timespec="milliseconds")
    await store.call_started(
        call_id, direction="inbound", flow=flow, caller=caller, callee="200", channel=call_id
    )
    await store.call_updated(call_id, started_at=started, ended_at=started, disposition="interested")
    turn = {"state": "ask_interest", "prompt": "관심이 있으신가요?", "partial": "", "heard": "네"}
    turn |= {
        "confidence": 0.9,
        "intent": "yes",
        "transition": "end",
        "started_at": started,
        "ended_at": started,
    }
    await store.add_turn(call_id, **turn)
    recording = await service.start(call_id, RATE)
    caller_frames, bot_frames = _frames(1, seconds), _frames(2, seconds)
    for c, b in zip(caller_frames, bot_frames, strict=True):
        recording.caller_frame(c)
        recording.bot_frame(b)
    await recording.finish()
    return b"".join(caller_frames), b"".join(bot_frames)


async def _setup(home, calls):
    store = SqliteStore(home / ".local" / "clearcall.db")
    await store.open()
    service = RecordingService(store, home / ".local", home / ".local" / "recording-keys.json")
    audio = {}
    for call_id, kwargs in calls.items():
        audio[call_id] = await _make_call(store, service, call_id, **kwargs)
    await store.close()
    return audio


def _cli(home, *args):
    return main(["--home", str(home), *args])


def _wav(path):
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getframerate()) == (2, RATE)
        stereo = np.frombuffer(w.readframes(w.getnframes()), "<i2").reshape(-1, 2)
    return stereo[:, 0].tobytes(), stereo[:, 1].tobytes()


async def test_recorded_audio_plays_back_caller_left_bot_right(home, tmp_path):
    audio = await _setup(home, {"c1": {"seconds": 2.5}})
    assert _cli(home, "recording", "play", "c1", "--wav", str(tmp_path / "c1.wav")) == 0
    left, right = _wav(tmp_path / "c1.wav")
    caller, bot = audio["c1"]
    assert left == caller and right == bot  # 2.5 s: two sealed chunks and the final one
    assert CHUNK_SECONDS < 2.5
    assert oct((tmp_path / "c1.wav").stat().st_mode & 0o777) == "0o600"
    data = next((home / ".local" / "recordings").iterdir()).read_bytes()
    assert caller[1000:1064] not in data and bot[1000:1064] not in data


async def test_calls_list_and_show(home, capsys):
    await _setup(home, {"a": {"age_days": 1}, "b": {"flow": "opening_only", "age_days": 2}})
    assert _cli(home, "calls", "list", "--flow", "survey_ko") == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith("a\t") and "+1202*****23" in out[0] and "complete" in out[0]
    assert _cli(home, "calls", "list", "--since", (NOW - timedelta(days=1.5)).date().isoformat()) == 0
    assert [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()] == ["a"]
    assert _cli(home, "calls", "list", "--opted-out") == 0
    assert capsys.readouterr().out == ""
    db = open_database(home / ".local" / "clearcall.db")
    db["campaigns"].insert({"name": "spring", "flow": "opening_only", "status": "running"})
    db["campaign_attempts"].insert(
        {"campaign": "spring", "originate_id": "o1", "state": "ended", "call_id": "b"}
    )
    db.close()
    assert _cli(home, "calls", "list", "--campaign", "spring") == 0
    assert [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()] == ["b"]
    assert _cli(home, "calls", "show", "a") == 0
    out = capsys.readouterr().out
    assert "heard:    네" in out and "intent:   yes" in out and "stereo (caller left, bot right)" in out
    assert "+12025550123" not in out
    assert _cli(home, "calls", "show", "nope") == 2


async def test_bad_keys_and_files_each_fail_clearly_and_lose_nothing_else(home, tmp_path, capsys):
    await _setup(home, {"good": {}, "victim": {}})
    local = home / ".local"
    keys = local / "recording-keys.json"
    saved = keys.read_bytes()
    out = str(tmp_path / "x.wav")

    def play(call_id, *extra):
        code = _cli(home, "recording", "play", call_id, "--wav", out, *extra)
        return code, capsys.readouterr().err

    keys.unlink()
    assert play("good") == (
        2,
        f"clearcall: {keys}: no recording keyring: run `clearcall secrets` to create one\n",
    )
    keys.write_text("{broken")
    code, err = play("good")
    assert code == 2 and "the recording keyring cannot be read" in err
    ring = json.loads(saved)
    ring["keys"][ring["current"]]["key"] = base64.b64encode(os.urandom(32)).decode()  # a wrong key
    keys.write_text(json.dumps(ring))
    code, err = play("good")
    assert code == 2 and "does not open this recording's data key" in err
    keys.write_bytes(saved)

    db = open_database(local / "clearcall.db")
    victim = local / db.execute("select path from recordings where call_id = 'victim'").fetchone()[0]
    db.close()
    whole = victim.read_bytes()
    victim.write_bytes(whole[:-30])  # truncated
    code, err = play("victim")
    assert code == 2 and "truncated" in err and "--partial" in err
    assert play("victim", "--partial")[0] == 0
    assert _wav(out)[0] and len(_wav(out)[0]) == 2 * RATE * 2  # the two sealed seconds survive
    tampered = bytearray(whole)
    tampered[100] ^= 0x40
    victim.write_bytes(bytes(tampered))
    code, err = play("victim")
    assert code == 2 and "does not authenticate: the file was altered or corrupted" in err
    victim.unlink()
    code, err = play("victim")
    assert code == 2 and "recording file of call victim is missing" in err
    assert play("good")[0] == 0  # nothing else lost


async def test_keys_rotate_rewraps_every_recording_and_retires_the_old_key(home, tmp_path):
    await _setup(home, {"a": {}, "b": {}})
    keys = home / ".local" / "recording-keys.json"
    old = Keyring.load(keys).current
    assert _cli(home, "recording", "play", "a", "--wav", str(tmp_path / "before.wav")) == 0
    assert _cli(home, "keys", "rotate") == 0
    ring = Keyring.load(keys)
    assert ring.current != old and ring.keys[old]["key"] is None and ring.keys[old]["retired_at"]
    db = open_database(home / ".local" / "clearcall.db")
    assert {r[0] for r in db.execute("select key_id from recordings")} == {ring.current}
    assert [r[0] for r in db.execute("select action from audit")][-1] == "keys.rotate"
    db.close()
    assert _cli(home, "recording", "play", "a", "--wav", str(tmp_path / "after.wav")) == 0
    assert _wav(tmp_path / "after.wav") == _wav(tmp_path / "before.wav")
    assert oct(keys.stat().st_mode & 0o777) == "0o600"


async def test_purge_removes_exactly_what_expired(home, capsys):
    # survey_ko keeps recordings 10 days, transcripts 20, calls 30; opening_only the defaults (90/365/1825)
    await _setup(home, {
        "fresh": {"age_days": 5}, "rec_old": {"age_days": 15}, "turns_old": {"age_days": 25},
        "all_old": {"age_days": 31}, "default_flow": {"flow": "opening_only", "age_days": 31},
    })  # fmt: skip
    local = home / ".local"
    db = open_database(local / "clearcall.db")
    paths = dict(db.execute("select call_id, path from recordings").fetchall())
    db.close()
    assert _cli(home, "suppress", "add", "+12025550123") == 0  # an opt-out outlives every call
    capsys.readouterr()
    assert _cli(home, "purge", "--now", NOW.isoformat()) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["deleted"] == {"recordings": 3, "turns": 2, "personal_audio": 0, "calls": 1}
    assert report["files_deleted"] == 3
    db = open_database(local / "clearcall.db")
    assert {r[0] for r in db.execute("select id from calls")} == {
        "fresh",
        "rec_old",
        "turns_old",
        "default_flow",
    }
    assert {r[0] for r in db.execute("select call_id from recordings")} == {"fresh", "default_flow"}
    assert {r[0] for r in db.execute("select call_id from turns")} == {"fresh", "rec_old", "default_flow"}
    assert db.execute("select count(*) from suppression").fetchone()[0] == 1
    [(details,)] = db.execute("select details from audit where action = 'purge'").fetchall()
    assert json.loads(details)["deleted"]["calls"] == 1
    db.close()
    for call_id, path in paths.items():
        assert (local / path).exists() == (call_id in ("fresh", "default_flow")), call_id
    assert _cli(home, "purge", "--now", NOW.isoformat()) == 0  # again: nothing more
    assert json.loads(capsys.readouterr().out)["files_deleted"] == 0


def test_sigkill_during_purge_leaves_no_half_state(home):
    n_old, n_new = 400, 20
    calls = {f"old{i}": {"age_days": 40, "seconds": 0.1} for i in range(n_old)}
    calls |= {f"new{i}": {"age_days": 1, "seconds": 0.1} for i in range(n_new)}
    asyncio.run(_setup(home, calls))
    local = home / ".local"
    command = [sys.executable, "-m", "bot.cli", "--home", str(home), "purge", "--now", NOW.isoformat()]
    folder = local / "recordings"
    before = len(list(folder.iterdir()))
    seen = []

    def kill_when(ready) -> None:
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not ready() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        proc.send_signal(signal.SIGKILL)
        proc.wait()

    def check() -> None:
        db = open_database(local / "clearcall.db")
        rows = dict(db.execute("select call_id, path from recordings").fetchall())
        calls_left = {r[0] for r in db.execute("select id from calls")}
        purges = db.execute("select count(*) from audit where action = 'purge'").fetchone()[0]
        queue = "pending_deletes" in db.table_names()
        pending = {r[0] for r in db.execute("select path from pending_deletes")} if queue else set()
        db.close()
        # Never half: every row still has its file; the old calls are all there (no purge committed) or
        # all gone with the audit row; a file without its row is one the committed purge queued.
        assert all((local / p).exists() for p in rows.values())
        old_left = {c for c in calls_left if c.startswith("old")}
        assert (len(old_left), purges) in ((n_old, 0), (0, 1)), (len(old_left), purges)
        files = {f"recordings/{p.name}" for p in folder.iterdir()}
        assert files - set(rows.values()) <= pending
        seen.append("before commit" if purges == 0 else ("files pending" if pending else "done"))

    start = time.monotonic()
    kill_when(lambda: time.monotonic() - start > 0.05)  # still importing or inside the transaction
    check()
    kill_when(lambda: len(os.listdir(folder)) < before)  # the first files are going: after the commit
    check()
    assert seen == ["before commit", "files pending"], seen
    assert _cli(home, "purge", "--now", NOW.isoformat()) == 0
    db = open_database(local / "clearcall.db")
    assert {r[0] for r in db.execute("select id from calls")} == {f"new{i}" for i in range(n_new)}
    left_paths = {r[0] for r in db.execute("select path from recordings")}
    assert db.execute("select count(*) from pending_deletes").fetchone()[0] == 0
    db.close()
    assert {f"recordings/{p.name}" for p in (local / "recordings").iterdir()} == left_paths
    assert len(left_paths) == n_new


async def test_erase_removes_the_persons_recordings_and_personal_tts_audio(home, capsys):
    await _setup(home, {"theirs": {"caller": "+12025550123"}, "others": {"caller": "+12025550199"}})
    local = home / ".local"
    cached = local / "tts-cache" / "abc.pcm"
    cached.parent.mkdir()
    cached.write_bytes(b"\0" * 100)
    store = SqliteStore(local / "clearcall.db")
    await store.open()
    await store.add_personal_audio("theirs", cached)
    await store.close()
    db = open_database(local / "clearcall.db")
    paths = dict(db.execute("select call_id, path from recordings").fetchall())
    db.close()
    assert _cli(home, "erase", "+12025550123") == 0
    assert "recording files 2" in capsys.readouterr().out
    assert not (local / paths["theirs"]).exists() and not cached.exists()
    assert (local / paths["others"]).exists()
    assert _cli(home, "recording", "play", "others", "--wav", str(home / "o.wav")) == 0
