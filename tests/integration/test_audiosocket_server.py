import asyncio
import itertools
import logging
import socket
import uuid

import pytest

from bot.asterisk import audiosocket_codec as codec
from bot.asterisk.audiosocket import AudioSocketServer, MediaConnection

FRAME = len(codec.encode(codec.Kind.SLIN16, bytes(640)))  # one slin16 frame on the wire


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


async def stalled_peer(server, call_uuid) -> socket.socket:
    """A fake Asterisk that sends its UUID and never reads: a plain socket (a StreamReader would keep
    reading into its own buffer) with a small receive buffer, so the bot's send path fills quickly."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.setblocking(False)
    loop = asyncio.get_running_loop()
    await loop.sock_connect(sock, ("127.0.0.1", server.port))
    await loop.sock_sendall(sock, codec.encode_uuid(call_uuid))
    return sock


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


async def test_frames_split_anywhere_across_reads_arrive_whole_and_in_order(server):
    """TCP keeps no frame boundaries: the UUID and audio may come in pieces, or together in one read."""
    call_uuid = uuid.uuid4()
    waiting = server.expect(call_uuid)
    _reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    frames = [codec.encode(codec.Kind.SLIN16, bytes([n, 0]) * 320) for n in range(1, 4)]
    wire = codec.encode_uuid(call_uuid) + b"".join(frames)
    heard: list[bytes] = []
    cuts = [0, 2, 10, 19 + 5, 19 + 643 + 1, len(wire)]  # inside the header, the UUID, a frame's header
    for start, stop in itertools.pairwise(cuts):
        writer.write(wire[start:stop])
        await writer.drain()
        await asyncio.sleep(0.02)
        if waiting.done() and not heard:
            (await waiting).on_audio = heard.append
    conn = await asyncio.wait_for(waiting, 1)
    try:
        async with asyncio.timeout(1):
            while len(heard) < 3:
                await asyncio.sleep(0.01)
        assert heard == [bytes([n, 0]) * 320 for n in range(1, 4)]
    finally:
        await conn.aclose()
        writer.close()


async def test_dtmf_frames_are_ignored(server):
    call_uuid = uuid.uuid4()
    waiting = server.expect(call_uuid)
    _reader, writer = await connect(server, call_uuid)
    conn = await asyncio.wait_for(waiting, 1)
    heard = []
    conn.on_audio = heard.append
    audio = codec.encode(codec.Kind.SLIN16, b"\x01\x00" * 320)
    writer.write(audio + codec.encode(codec.Kind.DTMF, b"9") + audio)
    await writer.drain()
    try:
        async with asyncio.timeout(1):
            while len(heard) < 2:
                await asyncio.sleep(0.01)
        assert heard == [b"\x01\x00" * 320] * 2
        assert not conn.closed.is_set()
    finally:
        await conn.aclose()
        writer.close()


def buffered(conn: MediaConnection) -> int:
    return conn._transport.get_write_buffer_size()


async def test_peer_that_stops_reading_is_closed_and_buffer_stays_bounded(caplog):
    srv = AudioSocketServer("127.0.0.1", 0, "slin16", stall_timeout=0.5)
    await srv.start()
    call_uuid = uuid.uuid4()
    waiting = srv.expect(call_uuid)
    peer = await stalled_peer(srv, call_uuid)
    conn = await asyncio.wait_for(waiting, 1)
    loop = asyncio.get_running_loop()
    playing = conn.play(b"\x10\x00" * 16000 * 30)  # a long prompt keeps the writer busy
    peak, backlog_at = 0, None
    try:
        with caplog.at_level(logging.WARNING, logger="bot.asterisk.audiosocket"):
            async with asyncio.timeout(5):  # kernel buffers (~1 s of audio) + high mark + stall_timeout
                while not conn.closed.is_set():
                    size = buffered(conn)
                    peak = max(peak, size)
                    if backlog_at is None and size > conn._high:
                        backlog_at = loop.time()
                    await asyncio.sleep(0.005)
        closed_after = loop.time() - backlog_at
        assert 0.5 <= closed_after < 1.0, closed_after
        # The writer stops adding once past the high mark: at most one frame over it, never growing.
        assert conn._high < peak <= conn._high + FRAME
        assert await asyncio.wait_for(playing.done, 0.1) is False
        assert f"audiosocket {call_uuid}: peer stopped reading" in caplog.text
    finally:
        await asyncio.wait_for(conn.aclose(), 0.5)
        peer.close()
        await srv.aclose()


async def test_healthy_peer_is_unaffected_by_the_stall_check():
    srv = AudioSocketServer("127.0.0.1", 0, "slin16", stall_timeout=0.3)
    await srv.start()
    call_uuid = uuid.uuid4()
    waiting = srv.expect(call_uuid)
    reader, writer = await connect(srv, call_uuid)
    conn = await asyncio.wait_for(waiting, 1)
    try:
        playing = conn.play(b"\x10\x00" * 16000)  # 1 s
        sizes: list[int] = []

        async def watch() -> None:
            while True:
                sizes.append(buffered(conn))
                await asyncio.sleep(0.01)

        watcher = asyncio.create_task(watch())
        frames = await read_frames(reader, 1.5)  # five times the stall timeout
        watcher.cancel()
        await asyncio.gather(watcher, return_exceptions=True)
        assert not conn.closed.is_set()
        assert await asyncio.wait_for(playing.done, 0.1) is True
        assert 70 <= len(frames) <= 77  # still paced at 50 frames a second
        assert len([f for f in frames if f.payload != bytes(640)]) == 50  # every prompt frame arrived
        assert max(sizes) == 0
    finally:
        await conn.aclose()
        writer.close()
        await srv.aclose()


async def test_aclose_does_not_wait_for_a_stalled_peer():
    srv = AudioSocketServer("127.0.0.1", 0, "slin16", stall_timeout=60)
    await srv.start()
    call_uuid = uuid.uuid4()
    waiting = srv.expect(call_uuid)
    peer = await stalled_peer(srv, call_uuid)
    conn = await asyncio.wait_for(waiting, 1)
    try:
        async with asyncio.timeout(5):
            while buffered(conn) == 0:
                await asyncio.sleep(0.01)
        loop = asyncio.get_running_loop()
        started = loop.time()
        await asyncio.wait_for(conn.aclose(), 3)  # close() alone would wait forever for the peer
        assert loop.time() - started < 1.5
        assert conn._transport.is_closing()
    finally:
        peer.close()
        await srv.aclose()


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
