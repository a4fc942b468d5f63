"""The encrypted recording file (`.ccrec`): AES-256-GCM in authenticated chunks, written as the call goes.

Layout: a 28-byte header (magic, a random 16-byte file id, sample rate, channels), then chunks, each a
4-byte ciphertext length and the ciphertext (with its 16-byte tag). Chunk i is sealed with the file's own
random data key, nonce = i (11 bytes, big-endian) + a final flag byte, and the header as associated data:
the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015). So chunks cannot be reordered, moved
between files or altered, and a file that lacks its final chunk is known to be truncated (a crash loses
at most the chunk being filled: the writer never holds more than one chunk of plain audio, in memory).

The data key is never stored here: it is wrapped by a master key (bot/store/recording_keys.py) and kept
with the call in the database, so deleting that row makes the file unreadable even if the bytes linger.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from bot.core.errors import ClearcallError

MAGIC = b"CCREC\x01"
HEADER = struct.Struct(">6s16sIH")  # magic, file id, sample rate, channels
LENGTH = struct.Struct(">I")
TAG_BYTES = 16
# A chunk holds at most this much plain audio; a bigger length field means a corrupt file, not a big chunk.
MAX_CHUNK_BYTES = 1 << 22


class RecordingError(ClearcallError):
    """A recording cannot be read; the message says which file and what is wrong."""


class TruncatedRecording(RecordingError):
    """The file ends without its final chunk (the writer crashed or it was cut); `readable` holds what
    authenticated before the end."""

    def __init__(self, message: str, readable: bytes) -> None:
        super().__init__(message)
        self.readable = readable


@dataclass(frozen=True)
class Header:
    file_id: bytes
    sample_rate: int
    channels: int

    def pack(self) -> bytes:
        return HEADER.pack(MAGIC, self.file_id, self.sample_rate, self.channels)


def _nonce(index: int, final: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


class ChunkWriter:
    """Seals and appends chunks to an open file; `close()` writes the final chunk. Not thread-safe."""

    def __init__(self, path: Path, data_key: bytes, header: Header) -> None:
        self.path = path
        self._aead = AESGCM(data_key)
        self._aad = header.pack()
        self._index = 0
        # O_EXCL: never append to (or through a link into) a file that is already there.
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self.bytes_written = 0
        self._write(self._aad)

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view) :]
        self.bytes_written += len(data)

    def append(self, plain: bytes, *, final: bool = False) -> None:
        if self._fd < 0:
            raise RecordingError(f"{self.path}: the recording is already closed")
        sealed = self._aead.encrypt(_nonce(self._index, final), plain, self._aad)
        self._index += 1
        self._write(LENGTH.pack(len(sealed)) + sealed)

    def close(self, last: bytes = b"") -> None:
        """Write `last` as the final chunk, flush it to disk and close (the file is then complete)."""
        if self._fd < 0:
            return
        self.append(last, final=True)
        os.fsync(self._fd)
        self.abandon()

    def abandon(self) -> None:
        """Close without a final chunk (the caller deletes the file, or it stays detectably truncated)."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def read_header(data: bytes, name: str) -> Header:
    if len(data) < HEADER.size or not data.startswith(MAGIC):
        raise RecordingError(f"{name}: not a Clearcall recording (no CCREC header)")
    _magic, file_id, rate, channels = HEADER.unpack_from(data)
    return Header(file_id, rate, channels)


def intact_size(path: Path) -> tuple[int, int]:
    """(file bytes, plain audio bytes) of the whole chunks at the start of a file whose writer died, read
    from the length fields alone (no key, no decryption): what `--partial` can play, at most."""
    with path.open("rb") as f:
        header = f.read(HEADER.size)
        if len(header) < HEADER.size or not header.startswith(MAGIC):
            return 0, 0
        end = os.fstat(f.fileno()).st_size
        pos, plain = HEADER.size, 0
        while pos + LENGTH.size <= end:
            f.seek(pos)
            (size,) = LENGTH.unpack(f.read(LENGTH.size))
            if not TAG_BYTES <= size <= MAX_CHUNK_BYTES + TAG_BYTES or pos + LENGTH.size + size > end:
                break
            pos += LENGTH.size + size
            plain += size - TAG_BYTES
    return pos, plain


def iter_chunks(data: bytes, data_key: bytes, name: str) -> Iterator[bytes]:
    """Each chunk's plain audio in order; raises at the first chunk that does not authenticate, and
    `TruncatedRecording` when the final chunk is missing."""
    header = read_header(data, name)
    aad = header.pack()
    aead = AESGCM(data_key)
    pos, index = HEADER.size, 0
    while True:
        if pos == len(data):
            raise TruncatedRecording(
                f"{name}: truncated: it ends after chunk {index} without its final chunk", b""
            )
        if pos + LENGTH.size > len(data):
            raise TruncatedRecording(f"{name}: truncated inside the length of chunk {index}", b"")
        (size,) = LENGTH.unpack_from(data, pos)
        if size < TAG_BYTES or size > MAX_CHUNK_BYTES + TAG_BYTES:
            raise RecordingError(
                f"{name}: chunk {index} at byte {pos} has an impossible length {size}: corrupt"
            )
        body = data[pos + LENGTH.size : pos + LENGTH.size + size]
        if len(body) < size:
            raise TruncatedRecording(f"{name}: truncated inside chunk {index}", b"")
        pos += LENGTH.size + size
        final = pos == len(data)
        try:
            plain = aead.decrypt(_nonce(index, final), body, aad)
        except InvalidTag:
            if final:  # the last chunk present may be a non-final one: the writer crashed after it
                try:
                    plain = aead.decrypt(_nonce(index, False), body, aad)
                except InvalidTag:
                    pass
                else:
                    yield plain
                    raise TruncatedRecording(
                        f"{name}: truncated: it ends after chunk {index + 1} without its final chunk", b""
                    ) from None
            raise RecordingError(
                f"{name}: chunk {index} at byte {pos - size - LENGTH.size} does not authenticate: "
                "the file was altered or corrupted"
            ) from None
        yield plain
        if final:
            return
        index += 1


def decrypt(data: bytes, data_key: bytes, name: str) -> tuple[Header, bytes]:
    """The whole recording's plain audio; `TruncatedRecording.readable` carries what authenticated."""
    header = read_header(data, name)
    parts: list[bytes] = []
    try:
        for plain in iter_chunks(data, data_key, name):
            parts.append(plain)
    except TruncatedRecording as exc:
        raise TruncatedRecording(str(exc), b"".join(parts)) from None
    return header, b"".join(parts)
