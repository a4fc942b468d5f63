"""The AudioSocket server: Asterisk's externalMedia channels connect here, one TCP connection per call.

The writer sends one 20 ms frame every 20 ms from the moment a connection is accepted: silence when the
bot is quiet, speech when it speaks. Measured on Asterisk 22: a connection that sends nothing can freeze the
call (AudioSocket's read loop polls for a header while holding the channel lock), and frames sent faster
than real time are dropped (phones' jitter buffers; mixing bridges flush > 80 ms queues). So the pace is
real time on the monotonic clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable

from bot.asterisk import audiosocket_codec as codec
from bot.core.tasks import TaskScope

log = logging.getLogger(__name__)

FRAME_SECONDS = 0.020
# Behind by more than this, restart the clock instead of bursting frames to catch up.
MAX_LAG = 0.1


class Playback:
    """One prompt streamed into the call; `stop()` ends it at the next frame boundary."""

    def __init__(self, pcm: bytes, frame_bytes: int) -> None:
        if len(pcm) % frame_bytes:
            pcm += bytes(frame_bytes - len(pcm) % frame_bytes)
        self._pcm = pcm
        self._frame_bytes = frame_bytes
        self._pos = 0
        self.done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self.first_frame_at: float | None = None  # loop time the first frame was written
        self.frames_sent = 0

    def next_frame(self, now: float) -> bytes | None:
        if self.done.done() or self._pos >= len(self._pcm):
            self._finish(completed=True)
            return None
        if self.first_frame_at is None:
            self.first_frame_at = now
        frame = self._pcm[self._pos : self._pos + self._frame_bytes]
        self._pos += self._frame_bytes
        self.frames_sent += 1
        return frame

    def stop(self) -> None:
        """Stop mid-prompt (barge-in, opt-out, hangup); `done` resolves to False."""
        self._finish(completed=False)

    def _finish(self, completed: bool) -> None:
        if not self.done.done():
            self.done.set_result(completed)


class MediaConnection:
    """The media of one call: caller frames in (to `on_audio`), bot frames out (paced)."""

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        call_uuid: uuid.UUID,
        media_format: str,
    ) -> None:
        self.call_uuid = call_uuid
        self._reader = reader
        self._writer = writer
        self._kind = codec.AUDIO_KINDS[media_format]
        self.sample_rate = codec.SAMPLE_RATES[media_format]
        self.frame_bytes = int(self.sample_rate * FRAME_SECONDS) * 2
        self._silence = codec.encode(self._kind, bytes(self.frame_bytes))
        self._current: Playback | None = None
        self.on_audio: Callable[[bytes], None] = lambda _pcm: None
        self.on_dtmf: Callable[[str], None] = lambda _digit: None
        self.closed = asyncio.Event()
        self._scope = TaskScope(f"media:{call_uuid}")

    def start(self) -> None:
        self._scope.spawn(self._read_loop(), "read")
        self._scope.spawn(self._write_loop(), "write")

    def play(self, pcm: bytes) -> Playback:
        """Start streaming `pcm` (s16le at `sample_rate`), replacing whatever is playing."""
        if self._current is not None:
            self._current.stop()
        self._current = Playback(pcm, self.frame_bytes)
        if self.closed.is_set():
            self._current.stop()
        return self._current

    def stop_playback(self) -> None:
        if self._current is not None:
            self._current.stop()

    async def _read_loop(self) -> None:
        buffer = b""
        try:
            while True:
                data = await self._reader.read(65536)
                if not data:
                    return
                frames, buffer = codec.decode(buffer + data)
                for frame in frames:
                    if frame.kind == self._kind or frame.kind in (codec.Kind.SLIN, codec.Kind.SLIN16):
                        self.on_audio(frame.payload)
                    elif frame.kind == codec.Kind.DTMF and frame.payload:
                        self.on_dtmf(frame.payload[:1].decode("ascii", "replace"))
                    elif frame.kind == codec.Kind.HANGUP:
                        return
                    elif frame.kind == codec.Kind.ERROR:
                        log.warning("audiosocket %s: Asterisk reported an error", self.call_uuid)
        except (ConnectionError, OSError):
            return
        finally:
            self._mark_closed()

    async def _write_loop(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time()
        try:
            while not self.closed.is_set():
                now = loop.time()
                frame = None
                if self._current is not None:
                    pcm = self._current.next_frame(now)
                    if pcm is not None:
                        frame = codec.encode(self._kind, pcm)
                self._writer.write(frame or self._silence)
                deadline += FRAME_SECONDS
                if deadline < now - MAX_LAG:
                    deadline = now + FRAME_SECONDS
                await asyncio.sleep(max(0.0, deadline - loop.time()))
        except (ConnectionError, OSError):
            return
        finally:
            self._mark_closed()

    def _mark_closed(self) -> None:
        if not self.closed.is_set():
            self.closed.set()
            if self._current is not None:
                self._current.stop()

    async def aclose(self) -> None:
        """Send a hangup frame if we can, stop both loops and close the socket (safe twice)."""
        if not self._writer.is_closing():
            with contextlib.suppress(ConnectionError, OSError):
                self._writer.write(codec.encode(codec.Kind.HANGUP))
        self._mark_closed()
        await self._scope.aclose()
        self._writer.close()
        with contextlib.suppress(ConnectionError, OSError):
            await self._writer.wait_closed()


class AudioSocketServer:
    """Accepts Asterisk's AudioSocket connections and hands each to the call waiting for its UUID."""

    def __init__(self, host: str, port: int, media_format: str = "slin16", uuid_timeout: float = 5.0):
        if media_format not in codec.AUDIO_KINDS:
            raise ValueError(f"media format {media_format!r}: use one of {sorted(codec.AUDIO_KINDS)}")
        self.host = host
        self.port = port
        self.media_format = media_format
        self._uuid_timeout = uuid_timeout
        self._waiting: dict[uuid.UUID, asyncio.Future[MediaConnection]] = {}
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        try:
            self._server = await asyncio.start_server(self._accept, self.host, self.port)
        except OSError as exc:
            raise OSError(
                exc.errno,
                f"cannot listen for AudioSocket on {self.host}:{self.port}: {exc.strerror} "
                "(another bot running? set CLEARCALL_AUDIOSOCKET_BIND)",
            ) from exc
        self.port = self._server.sockets[0].getsockname()[1]

    def expect(self, call_uuid: uuid.UUID) -> asyncio.Future[MediaConnection]:
        """Register before asking Asterisk for the externalMedia channel; cancel to withdraw."""
        fut: asyncio.Future[MediaConnection] = asyncio.get_running_loop().create_future()
        self._waiting[call_uuid] = fut
        fut.add_done_callback(lambda _f: self._waiting.pop(call_uuid, None))
        return fut

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            async with asyncio.timeout(self._uuid_timeout):
                kind, length = codec.HEADER.unpack(await reader.readexactly(codec.HEADER.size))
                if kind != codec.Kind.UUID or length != 16:
                    raise codec.ProtocolError(f"first frame kind 0x{kind:02x}, length {length}")
                payload = await reader.readexactly(16)
            call_uuid = codec.decode_uuid(codec.Frame(kind, payload))
        except (TimeoutError, asyncio.IncompleteReadError, codec.ProtocolError) as exc:
            log.warning("audiosocket: dropped a connection that sent no valid UUID (%s)", type(exc).__name__)
            writer.close()
            return
        fut = self._waiting.get(call_uuid)
        if fut is None or fut.done():
            log.warning("audiosocket: no call is waiting for media %s; closing", call_uuid)
            writer.close()
            return
        conn = MediaConnection(reader, writer, call_uuid, self.media_format)
        conn.start()
        fut.set_result(conn)

    async def aclose(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for fut in list(self._waiting.values()):
            fut.cancel()
