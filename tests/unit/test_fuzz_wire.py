"""Property-based fuzzing of what peers send us: the FastAGI environment and AudioSocket frames.

FastAGI (bot/asterisk/fastagi.py ``read_agi_environment``): any bytes give the headers or an
AGIEnvironmentError naming the header line, within the read timeout. AudioSocket
(bot/asterisk/audiosocket_codec.py ``decode``): any bytes split into frames and a tail that re-encode
to exactly those bytes, however the bytes are chunked; ``decode_uuid`` gives a UUID or ProtocolError.
Deterministic (derandomize), explicit example counts and deadlines; CLEARCALL_FUZZ_SCALE=N runs N
times the examples with a random seed.
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bot.asterisk import audiosocket_codec as codec
from bot.asterisk.fastagi import AGIEnvironmentError, HeaderLimits, read_agi_environment
from tests.unit.fuzz_settings import fuzz

ENV = (Path(__file__).resolve().parents[1] / "fixtures" / "agi" / "env_gate_arg.txt").read_bytes()
ENV_LINES = ENV.splitlines(keepends=True)
LIMITS = HeaderLimits(max_lines=40, max_bytes=2048, read_timeout=0.02)
LINE = re.compile(r"\bline (\d+)\b")

HEADER_LINES = st.one_of(
    st.sampled_from(ENV_LINES),
    st.sampled_from([b"\n", b"\r\n", b"agi_x:\n", b"agi_x: \n", b"agi_: x\n", b"agi_a:b\n", b"HANGUP\n"]),
    st.binary(max_size=40).map(lambda b: b + b"\n"),
    st.text(max_size=30).map(lambda t: b"agi_fuzz: " + t.encode("utf-8", "surrogatepass") + b"\n"),
    st.integers(1, 5000).map(lambda n: b"agi_big: " + b"x" * n + b"\n"),
)


@st.composite
def agi_streams(draw: st.DrawFn) -> bytes:
    """The recorded environment with lines replaced, dropped, repeated or cut, or random lines."""
    lines = list(ENV_LINES)
    if draw(st.booleans()):
        lines = draw(st.lists(HEADER_LINES, max_size=50))
    else:
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(lines)))
            lines[at:at] = [draw(HEADER_LINES)] * draw(st.integers(0, 3))
            if lines and draw(st.booleans()):
                del lines[draw(st.integers(0, len(lines) - 1))]
    data = b"".join(lines)
    return data[: draw(st.integers(0, len(data)))] if draw(st.booleans()) else data


async def _read(data: bytes, eof: bool) -> dict[str, str]:
    reader = asyncio.StreamReader(limit=max(LIMITS.max_bytes, 4096))
    reader.feed_data(data)
    if eof:
        reader.feed_eof()
    return await read_agi_environment(reader, LIMITS)


@fuzz(250)
@given(data=agi_streams(), eof=st.sampled_from([True, True, True, False]))
def test_agi_environment_is_read_or_refused_at_a_line(data: bytes, eof: bool) -> None:
    started = time.perf_counter()
    try:
        headers = asyncio.run(_read(data, eof))
    except AGIEnvironmentError as error:
        match = LINE.search(str(error))
        assert match, f"no line number in {error}"
        assert 1 <= int(match.group(1)) <= LIMITS.max_lines + 1
    else:
        assert len(headers) <= LIMITS.max_lines
        assert all(re.fullmatch(r"agi_[A-Za-z0-9_]+", name) for name in headers)
        assert all("\n" not in value for value in headers.values())
    # The read timeout bounds a peer that stops sending; nothing else may take long.
    assert time.perf_counter() - started < LIMITS.read_timeout + 1.0


@fuzz(300)
@given(data=st.binary(max_size=2000), cuts=st.lists(st.integers(0, 2000), max_size=6))
def test_audiosocket_decode_splits_any_bytes_into_frames(data: bytes, cuts: list[int]) -> None:
    started = time.perf_counter()
    frames, tail = codec.decode(data)
    assert b"".join(codec.encode(f.kind, f.payload) for f in frames) + tail == data
    if len(tail) >= codec.HEADER.size:  # the tail is only ever an incomplete frame
        assert int.from_bytes(tail[1:3], "big") > len(tail) - codec.HEADER.size
    # Fed in chunks, as a socket delivers them, the same frames come out.
    streamed, buffer = [], b""
    for start, end in zip([0, *sorted(cuts)], [*sorted(cuts), len(data)], strict=True):
        got, buffer = codec.decode(buffer + data[start:end])
        streamed += got
    assert streamed == frames and buffer == tail
    for frame in frames:
        try:
            assert isinstance(codec.decode_uuid(frame), uuid.UUID)
        except codec.ProtocolError as error:
            assert "UUID" in str(error)
    assert time.perf_counter() - started < 1.0


@fuzz(100)
@given(kind=st.integers(-5, 300), payload=st.binary(max_size=300))
def test_audiosocket_encode_refuses_what_it_cannot_frame(kind: int, payload: bytes) -> None:
    try:
        wire = codec.encode(kind, payload)
    except ValueError:
        assert not 0 <= kind <= 0xFF
    else:
        assert codec.decode(wire) == ([codec.Frame(kind, payload)], b"")
