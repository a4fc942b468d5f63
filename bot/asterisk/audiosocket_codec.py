"""AudioSocket wire format, as pure functions: a 3-byte header (kind, big-endian length) and a payload.

Kept apart from the socket code so the framing is tested byte for byte.
"""

from __future__ import annotations

import struct
import uuid
from dataclasses import dataclass
from enum import IntEnum

HEADER = struct.Struct(">BH")
MAX_PAYLOAD = 0xFFFF


class Kind(IntEnum):
    HANGUP = 0x00
    UUID = 0x01
    DTMF = 0x03
    SLIN = 0x10  # 8 kHz signed 16-bit little-endian
    SLIN16 = 0x12  # 16 kHz signed 16-bit little-endian
    ERROR = 0xFF


AUDIO_KINDS = {"slin": Kind.SLIN, "slin16": Kind.SLIN16}
SAMPLE_RATES = {"slin": 8000, "slin16": 16000}


class ProtocolError(ValueError):
    """The peer sent bytes that are not AudioSocket."""


@dataclass(frozen=True)
class Frame:
    kind: int
    payload: bytes


def encode(kind: int, payload: bytes = b"") -> bytes:
    """One frame; ValueError (never struct.error) for a kind or payload the header cannot hold."""
    if not 0 <= kind <= 0xFF:
        raise ValueError(f"AudioSocket frame kind {kind} is not one byte")
    if len(payload) > MAX_PAYLOAD:
        raise ValueError(f"AudioSocket payload of {len(payload)} bytes exceeds {MAX_PAYLOAD}")
    return HEADER.pack(kind, len(payload)) + payload


def encode_uuid(value: uuid.UUID) -> bytes:
    return encode(Kind.UUID, value.bytes)


def decode_uuid(frame: Frame) -> uuid.UUID:
    if frame.kind != Kind.UUID or len(frame.payload) != 16:
        raise ProtocolError(f"expected a 16-byte UUID frame first, got kind 0x{frame.kind:02x}")
    return uuid.UUID(bytes=frame.payload)


def decode(buffer: bytes) -> tuple[list[Frame], bytes]:
    """Split as many whole frames as `buffer` holds; return them and the unconsumed tail.

    Never raises: any bytes are frames of some kind (checking the kind is the caller's business) plus
    an incomplete frame; tests/unit/test_fuzz_wire.py holds it to that.
    """
    frames: list[Frame] = []
    offset = 0
    while len(buffer) - offset >= HEADER.size:
        kind, length = HEADER.unpack_from(buffer, offset)
        end = offset + HEADER.size + length
        if end > len(buffer):
            break
        frames.append(Frame(kind, bytes(buffer[offset + HEADER.size : end])))
        offset = end
    return frames, bytes(buffer[offset:])
