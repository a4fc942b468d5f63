import uuid

import pytest

from bot.asterisk import audiosocket_codec as codec


def test_encode_header_is_kind_then_big_endian_length():
    assert codec.encode(codec.Kind.SLIN16, b"\x01\x02\x03") == b"\x12\x00\x03\x01\x02\x03"
    assert codec.encode(codec.Kind.HANGUP) == b"\x00\x00\x00"


def test_uuid_round_trip_bytes():
    value = uuid.UUID("40325ec2-5efd-4bd3-805f-53576e581d13")
    wire = codec.encode_uuid(value)
    assert wire == b"\x01\x00\x10" + bytes.fromhex("40325ec25efd4bd3805f53576e581d13")
    frames, rest = codec.decode(wire)
    assert rest == b"" and codec.decode_uuid(frames[0]) == value


def test_decode_keeps_partial_tail_for_next_read():
    audio = codec.encode(codec.Kind.SLIN16, bytes(640))
    dtmf = codec.encode(codec.Kind.DTMF, b"9")
    stream = audio + dtmf + audio[:100]
    frames, rest = codec.decode(stream)
    assert [f.kind for f in frames] == [codec.Kind.SLIN16, codec.Kind.DTMF]
    assert frames[1].payload == b"9"
    assert rest == audio[:100]
    frames, rest = codec.decode(rest + audio[100:])
    assert len(frames) == 1 and len(frames[0].payload) == 640 and rest == b""


def test_decode_byte_at_a_time():
    wire = codec.encode(codec.Kind.SLIN, b"ab") + codec.encode(codec.Kind.HANGUP)
    buffer, seen = b"", []
    for byte in wire:
        frames, buffer = codec.decode(buffer + bytes([byte]))
        seen += frames
    assert [(f.kind, f.payload) for f in seen] == [(codec.Kind.SLIN, b"ab"), (codec.Kind.HANGUP, b"")]


def test_first_frame_must_be_uuid():
    with pytest.raises(codec.ProtocolError, match="UUID"):
        codec.decode_uuid(codec.Frame(codec.Kind.SLIN16, bytes(16)))


def test_oversize_payload_refused():
    with pytest.raises(ValueError, match="exceeds"):
        codec.encode(codec.Kind.SLIN16, bytes(70000))
