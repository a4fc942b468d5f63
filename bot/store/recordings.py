"""Call recordings: stereo (caller left, bot right), encrypted as they are written, one row per call.

A `CallRecording` is the call's `MediaTap`: caller frames and bot frames go into two buffers; every
`CHUNK_SECONDS` of both, they are interleaved and sealed into the file (bot/store/recording_file.py).
Plain audio exists only in those buffers, in memory. If one side stops delivering frames (the bot's
clock fell behind, the caller's stream paused) the other may run ahead by `MAX_SKEW_SECONDS` at most;
past that the quiet side is padded with silence, so the channels stay aligned within that bound.

The row (`recordings`) holds the file's path (relative to the data folder, as erasure expects), the
master key id and the wrapped data key; it is written before the file exists and deleted before the
file is, so a file without a row is never live and no one can read it (purge removes such files).
"""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import Any

import numpy as np

from bot.core.clock import utcnow
from bot.store.compliance_tables import append_audit
from bot.store.database import Db, transaction
from bot.store.recording_file import (
    ChunkWriter,
    Header,
    RecordingError,
    decrypt,
    intact_size,
    read_header,
)
from bot.store.recording_keys import Keyring, new_data_key
from bot.store.sqlite_store import SqliteStore

log = logging.getLogger(__name__)

CHUNK_SECONDS = 1.0
MAX_SKEW_SECONDS = 0.2
CHANNELS = 2
RECORDINGS_DIR = "recordings"
SUFFIX = ".ccrec"


def interleave(left: bytes, right: bytes) -> bytes:
    """Two mono s16le streams of equal length as one stereo stream (left first)."""
    stereo = np.empty(len(left), dtype="<i2")  # len(left) bytes = 2 channels x len(left)/2 samples
    stereo[0::2] = np.frombuffer(left, dtype="<i2")
    stereo[1::2] = np.frombuffer(right, dtype="<i2")
    return stereo.tobytes()


class CallRecording:
    """One call's recording (implements `calls.ports.Recording`); frames arrive on the media path."""

    def __init__(
        self, service: RecordingService, call_id: str, writer: ChunkWriter, sample_rate: int
    ) -> None:
        self._service = service
        self.call_id = call_id
        self._writer = writer
        self._chunk = int(sample_rate * CHUNK_SECONDS) * 2
        self._skew = int(sample_rate * MAX_SKEW_SECONDS) * 2
        self._rate = sample_rate
        self._left = bytearray()  # caller
        self._right = bytearray()  # bot
        self.frames_bytes = 0  # mono bytes written per channel
        self._failed = False
        self._done = False

    # ---- MediaTap -------------------------------------------------------------------------------------
    def caller_frame(self, pcm: bytes) -> None:
        self._left += pcm
        self._flush()

    def bot_frame(self, pcm: bytes) -> None:
        self._right += pcm
        self._flush()

    def _flush(self) -> None:
        if self._done or self._failed:
            self._left.clear()
            self._right.clear()
            return
        lead = len(self._left) - len(self._right)
        if lead > self._skew:
            self._right += bytes(lead)
        elif -lead > self._skew:
            self._left += bytes(-lead)
        while len(self._left) >= self._chunk and len(self._right) >= self._chunk:
            block = interleave(bytes(self._left[: self._chunk]), bytes(self._right[: self._chunk]))
            del self._left[: self._chunk]
            del self._right[: self._chunk]
            try:
                self._writer.append(block)
            except OSError as exc:  # a full disk ends the recording, never the call
                self._failed = True
                log.error("call %s: recording stopped: %s", self.call_id, exc.strerror or exc)
                return
            self.frames_bytes += self._chunk

    def _tail(self) -> bytes:
        size = max(len(self._left), len(self._right))
        size -= size % 2
        left = bytes(self._left[:size]).ljust(size, b"\0")
        right = bytes(self._right[:size]).ljust(size, b"\0")
        self._left.clear()
        self._right.clear()
        self.frames_bytes += size
        return interleave(left, right)

    # ---- the end ----------------------------------------------------------------------------------------
    async def finish(self) -> None:
        if self._done:
            return
        self._done = True
        status = "failed" if self._failed else "complete"
        if not self._failed:
            tail = self._tail()
            try:
                await asyncio.to_thread(self._writer.close, tail)
            except OSError as exc:
                status = "failed"
                log.error("call %s: recording could not be sealed: %s", self.call_id, exc.strerror or exc)
        self._writer.abandon()
        seconds = round(self.frames_bytes / 2 / self._rate, 2)
        fields = {
            "ended_at": utcnow(),
            "status": status,
            "seconds": seconds,
            "bytes": self._writer.bytes_written,
        }
        await self._service.store.run(lambda db: db["recordings"].update(self.call_id, fields))

    async def discard(self) -> None:
        """Delete the row first (the file becomes unreadable at once), then the file."""
        self._done = True
        self._left.clear()
        self._right.clear()
        self._writer.abandon()

        def _drop(db: Db) -> None:
            with transaction(db):
                db.execute("delete from recordings where call_id = ?", [self.call_id])
                append_audit(
                    db,
                    actor=f"bot:call:{self.call_id}",
                    action="recording.declined",
                    subject=self.call_id,
                    details={"seconds_deleted": self.frames_bytes / 2 / self._rate},
                )

        await self._service.store.run(_drop)
        try:
            self._writer.path.unlink()
        except FileNotFoundError:
            pass


class RecordingService:
    """Starts calls' recordings (implements `calls.ports.Recordings`)."""

    def __init__(self, store: SqliteStore, data_dir: Path, keyring_path: Path) -> None:
        self.store = store
        self.data_dir = data_dir
        self.keyring_path = keyring_path
        (data_dir / RECORDINGS_DIR).mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(data_dir / RECORDINGS_DIR, 0o700)
        Keyring.ensure(keyring_path)  # fail at start-up, not on the first call

    async def start(self, call_id: str, sample_rate: int) -> CallRecording:
        data_key, file_id = new_data_key()
        relative = f"{RECORDINGS_DIR}/{file_id.hex()}{SUFFIX}"

        def _insert(db: Db) -> None:
            # The keyring is read under the write lock: a rotation either sees this row or came first.
            with transaction(db):
                key_id, wrapped = Keyring.load(self.keyring_path).wrap(data_key, file_id)
                db["recordings"].insert(
                    {
                        "call_id": call_id,
                        "path": relative,
                        "key_id": key_id,
                        "wrapped_key": wrapped,
                        "file_id": file_id.hex(),
                        "sample_rate": sample_rate,
                        "channels": CHANNELS,
                        "started_at": utcnow(),
                        "status": "recording",
                    },
                    replace=True,
                )

        await self.store.run(_insert)
        writer = ChunkWriter(self.data_dir / relative, data_key, Header(file_id, sample_rate, CHANNELS))
        return CallRecording(self, call_id, writer, sample_rate)


TRUNCATED = "truncated"


def mark_truncated(db: Db, data_dir: Path) -> list[tuple[str, float]]:
    """At start-up, before this run records anything: the recordings a previous run left open (it was
    killed mid-call) become `truncated`, with the seconds and bytes of their intact chunks. Returns
    (call id, seconds) of each."""
    marked = []
    with transaction(db):
        rows = db.execute(
            "select call_id, path, sample_rate, channels from recordings where status = 'recording'"
        ).fetchall()
        for call_id, path, rate, channels in rows:
            try:
                size, plain = intact_size(data_dir / path)
            except FileNotFoundError:
                size, plain = 0, 0
            seconds = round(plain / 2 / (channels or CHANNELS) / (rate or 1), 2)
            fields = {"status": TRUNCATED, "seconds": seconds, "bytes": size}
            db["recordings"].update(call_id, fields | {"ended_at": utcnow()})
            marked.append((call_id, seconds))
    return marked


def recording_row(db: Db, call_id: str) -> dict[str, Any] | None:
    row = db.execute("select * from recordings where call_id = ?", [call_id]).fetchone()
    if row is None:
        return None
    columns = [c[0] for c in db.execute("select * from recordings limit 0").description]
    return dict(zip(columns, row, strict=True))


def read_recording(db: Db, data_dir: Path, keyring_path: Path, call_id: str) -> tuple[Header, bytes]:
    """The call's recording, decrypted (stereo s16le: caller left, bot right). Raises `RecordingError`
    (missing, wrong key, truncated with what was readable, altered) naming the file and what is wrong."""
    row = recording_row(db, call_id)
    if row is None:
        raise RecordingError(f"call {call_id} has no recording (never recorded, declined, or purged)")
    path = data_dir / row["path"]
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RecordingError(f"{path}: the recording file of call {call_id} is missing") from None
    header = read_header(data, str(path))
    if header.file_id.hex() != row["file_id"]:
        raise RecordingError(f"{path}: this file is not the recording of call {call_id} (file id differs)")
    data_key = Keyring.load(keyring_path).unwrap(row["key_id"], row["wrapped_key"], header.file_id)
    return decrypt(data, data_key, str(path))
