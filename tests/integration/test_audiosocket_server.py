import asyncio
import socket
import uuid

import pytest

from bot.asterisk import audiosocket_codec as codec
from bot.asterisk.audiosocket import AudioSocketServer


@pytest.fixture
async def server():
    srv = AudioSocketServer("127.0.0.1", 0, "slin16")
    await srv.start()
    yield srv
    await srv.aclose()


async def read_frames(reader: asyncio.StreamReader, seconds: float) -> list[codec.Frame]:
    frames, buffer = [], b""
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while (left := end - loop.time()) > 0:
        try:
            data = await asyncio.wait_for(reader.read(65536), left)
        except TimeoutError:
            break
        if not data:
            break
        got, buffer = codec.decode(buffer + data)
        frames += got
    return frames


async def connect(server, call_uuid):
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(codec.encode_uuid(call_uuid))
    await writer.drain()
    return reader, writer


async def test_paced_silence_from_accept_then_speech_then_silence(server):
    call_uuid = uuid.uuid4()
    waiting = server.expect(call_uuid)
    reader, writer = await connect(server, call_uuid)
    conn = await asyncio.wait_for(waiting, 1)
    try:
        frames = await read_frames(reader, 0.5)
        # One 640-byte slin16 frame per 20 ms: ~25 in 0.5 s (never a burst), all silent.
        assert 20 <= len(frames) <= 27
        assert all(f.kind == codec.Kind.SLIN16 and f.payload == bytes(640) for f in frames)
        speech = b"\x10\x00" * 320 * 10  # 10 frames of a constant non-zero sample
        playing = conn.play(speech)
        frames = await read_frames(reader, 0.4)
        assert await asyncio.wait_for(playing.done, 1) is True
        loud = [f for f in frames if f.payload != bytes(640)]
        assert len(loud) == 10
        assert playing.first_frame_at is not None
    finally:
        await conn.aclose()
        writer.close()


async def test_stop_mid_prompt(server):
    call_uuid = uuid.uuid4()
    waiting = server.expect(call_uuid)
    _reader, writer = await connect(server, call_uuid)
    conn = await asyncio.wait_for(waiting, 1)
    try:
        playing = conn.play(b"\x10\x00" * 16000 * 5)  # 5 s
        await asyncio.sleep(0.2)
        conn.stop_playback()
        assert await asyncio.wait_for(playing.done, 0.1) is False
        assert playing.frames_sent < 20
    finally:
        await conn.aclose()
        writer.close()


async def test_caller_audio_reaches_on_audio_and_hangup_frame_closes(server):
    call_uuid = uuid.uuid4()
    waiting = server.expect(call_uuid)
    _reader, writer = await connect(server, call_uuid)
    conn = await asyncio.wait_for(waiting, 1)
    heard = []
    conn.on_audio = heard.append
    writer.write(codec.encode(codec.Kind.SLIN16, b"\x01\x00" * 320) * 3 + codec.encode(codec.Kind.HANGUP))
    await writer.drain()
    await asyncio.wait_for(conn.closed.wait(), 1)
    assert len(heard) == 3
    await conn.aclose()
    writer.close()


async def test_unknown_uuid_is_closed(server):
    reader, writer = await connect(server, uuid.uuid4())
    assert await asyncio.wait_for(reader.read(), 1) == b""
    writer.close()


async def test_garbage_first_frame_is_closed(server):
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(b"GET / HTTP/1.1\r\n\r\n")
    await writer.drain()
    assert await asyncio.wait_for(reader.read(), 1) == b""
    writer.close()


async def test_port_in_use_says_what_to_do():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        srv = AudioSocketServer("127.0.0.1", port)
        with pytest.raises(OSError, match=r"CLEARCALL_AUDIOSOCKET_BIND"):
            await srv.start()
