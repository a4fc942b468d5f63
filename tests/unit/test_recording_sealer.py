"""The recorder seals on its own thread: the media path (the event loop) only buffers, a full disk ends
the recording and never the call, and a discarded recording leaves nothing behind. Real SQLite file, real
encrypted files, real threads."""

from __future__ import annotations

import errno
import os
import threading

import numpy as np
import pytest

from bot.store import recording_file
from bot.store.recording_file import TruncatedRecording
from bot.store.recordings import RecordingService, read_recording, recording_row
from bot.store.sqlite_store import SqliteStore

RATE = 16000
FRAME = 640  # 20 ms at 16 kHz, s16le


@pytest.fixture
async def service(tmp_path):
    store = SqliteStore(tmp_path / "clearcall.db")
    await store.open()
    service = RecordingService(store, tmp_path, tmp_path / "recording-keys.json")
    yield service
    service.close()
    await store.close()


async def _start(service, call_id):
    await service.store.call_started(call_id, direction="inbound", flow="survey_ko")
    return await service.start(call_id, RATE)


def _audio(seed: int, seconds: float) -> bytes:
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(int(RATE * seconds)) * 3000).astype("<i2").tobytes()


def _feed(recording, caller: bytes, bot: bytes) -> None:
    for pos in range(0, len(caller), FRAME):
        recording.caller_frame(caller[pos : pos + FRAME])
        recording.bot_frame(bot[pos : pos + FRAME])


async def _read(service, call_id):
    return await service.store.run(
        lambda db: read_recording(db, service.data_dir, service.keyring_path, call_id)
    )


async def test_the_media_path_never_writes_and_the_audio_round_trips(service, monkeypatch):
    writers: set[str] = set()
    write = recording_file.os.write

    def spy(fd, data):
        writers.add(threading.current_thread().name)
        return write(fd, data)

    recording = await _start(service, "c1")
    monkeypatch.setattr(recording_file.os, "write", spy)
    caller, bot = _audio(1, 3.5), _audio(2, 3.5)
    _feed(recording, caller, bot)
    await recording.finish()

    assert writers and all(name.startswith("recording") for name in writers), writers
    _header, stereo = await _read(service, "c1")
    samples = np.frombuffer(stereo, "<i2").reshape(-1, 2)
    assert samples[:, 0].tobytes() == caller and samples[:, 1].tobytes() == bot


async def test_a_full_disk_ends_the_recording_not_the_call(service, monkeypatch, caplog):
    recording = await _start(service, "c2")
    write = recording_file.os.write
    written = []

    def fill_up(fd, data):
        if written:  # the first chunk fits (the header was written at the start), then the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(len(data))
        return write(fd, data)

    monkeypatch.setattr(recording_file.os, "write", fill_up)
    caller, bot = _audio(3, 4.0), _audio(4, 4.0)
    _feed(recording, caller, bot)  # never raises on the media path
    await recording.finish()

    row = await service.store.run(lambda db: recording_row(db, "c2"))
    assert row["status"] == "failed" and row["seconds"] == 1.0
    assert "recording stopped: No space left on device" in caplog.text
    with pytest.raises(TruncatedRecording) as caught:  # what was written before the disk filled is kept
        await _read(service, "c2")
    readable = np.frombuffer(caught.value.readable, "<i2").reshape(-1, 2)
    assert readable[:, 0].tobytes() == caller[: RATE * 2]


async def test_discard_waits_for_chunks_in_flight_and_leaves_no_file(service):
    recording = await _start(service, "c3")
    gate = threading.Event()
    service.sealer.submit(gate.wait, 10)  # the sealer is busy: the next chunks wait in its queue
    _feed(recording, _audio(5, 3.0), _audio(6, 3.0))
    path = recording._writer.path
    threading.Timer(0.2, gate.set).start()
    await recording.discard()

    assert not path.exists()
    assert await service.store.run(lambda db: recording_row(db, "c3")) is None
    service.sealer.submit(lambda: None).result(5)  # nothing queued could recreate the file
    assert not path.exists()
