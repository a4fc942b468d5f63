"""The AudioSocket server: Asterisk's externalMedia channels connect here, one TCP connection per call.

The writer sends one 20 ms frame every 20 ms from the moment a connection is accepted: silence when the
bot is quiet, speech when it speaks. Measured on Asterisk 22: a connection that sends nothing can freeze the
call (AudioSocket's read loop polls for a header while holding the channel lock), and frames sent faster
than real time are dropped (phones' jitter buffers; mixing bridges flush > 80 ms queues). So the pace is
real time on the monotonic clock.

Back-pressure: the pacer never awaits `drain()` (that would stall the real-time clock), so it watches the
transport's buffer instead. A peer that stops reading first fills the kernel buffers (our send buffer is
kept to about a second of audio; the peer's receive buffer adds its own), then ours: above the high-water
mark the writer drops frames (they would arrive late and be discarded anyway) and, if the buffer has not
drained below the low-water mark within `stall_timeout`, closes the connection. That ends the call only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import uuid
from collections.abc import Callable

from bot.asterisk import audiosocket_codec as codec
from bot.core.media_tap import MediaTap

log = logging.getLogger(__name__)

FRAME_SECONDS = 0.020
# Behind by more than this, restart the clock instead of bursting frames to catch up.
MAX_LAG = 0.1
# Write-buffer limits, in seconds of audio at the connection's rate. A healthy peer keeps our buffer
# empty; the high mark absorbs a scheduling hiccup, the low mark is where a backlog counts as drained.
BUFFER_HIGH_SECONDS = 0.3
BUFFER_LOW_SECONDS = 0.1
# Kernel send buffer (Linux doubles the request): without it loopback autotunes to ~4 MB, minutes of
# audio, and a stalled peer would go unnoticed that long.
SNDBUF_SECONDS = 0.5
# Above the high mark this long without draining: the peer has stopped reading; end the call.
STALL_TIMEOUT = 2.0
# How long `aclose()` lets a slow peer take the last bytes before discarding them.
CLOSE_TIMEOUT = 1.0


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


class MediaClock:
    """One 20 ms tick for every connection of the server: one timer wake-up per frame time, not one per
    call (measured: 50 calls each sleeping on its own 20 ms timer starved the loop and prompts stretched).
    """

    def __init__(self) -> None:
        self._connections: set[MediaConnection] = set()
        self._task: asyncio.Task[None] | None = None

    def add(self, connection: MediaConnection) -> None:
        self._connections.add(connection)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="audiosocket:clock")

    def remove(self, connection: MediaConnection) -> None:
        self._connections.discard(connection)

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time()
        while self._connections:
            now = loop.time()
            for connection in list(self._connections):
                if not connection.tick(now):
                    self._connections.discard(connection)
            deadline += FRAME_SECONDS
            if deadline < now - MAX_LAG:  # behind: restart the clock rather than burst frames
                deadline = now + FRAME_SECONDS
            await asyncio.sleep(max(0.0, deadline - loop.time()))

    async def aclose(self) -> None:
        self._connections.clear()
        if self._task is not None:
            self._task.cancel()
            await asyncio.wait({self._task})


class MediaConnection:
    """The media of one call: caller frames in (to `on_audio`), bot frames out (on the server's clock).

    The two ends of the seam: every caller frame passes `_caller_frame`, every bot frame leaves in `tick`.
    """

    def __init__(
        self,
        transport: asyncio.Transport,
        lost: asyncio.Future[None],
        call_uuid: uuid.UUID,
        media_format: str,
        clock: MediaClock,
        stall_timeout: float = STALL_TIMEOUT,
    ) -> None:
        self.call_uuid = call_uuid
        self._clock = clock
        self._backlog_since: float | None = None  # when the buffer passed the high mark, until it drains
        self._dropped = 0  # frames not sent while the peer was behind, over the whole connection
        self._transport = transport
        self._lost = lost  # resolved when the socket is gone
        self._kind = codec.AUDIO_KINDS[media_format]
        self.sample_rate = codec.SAMPLE_RATES[media_format]
        self.frame_bytes = int(self.sample_rate * FRAME_SECONDS) * 2
        self._header = codec.HEADER.pack(self._kind, self.frame_bytes)  # every paced frame has this one
        self._silence_pcm = bytes(self.frame_bytes)
        self._silence = self._header + self._silence_pcm
        self._current: Playback | None = None
        self.on_audio: Callable[[bytes], None] = lambda _pcm: None
        self.tap: MediaTap | None = None  # sees both directions (recording); set and cleared by the call
        self.closed = asyncio.Event()
        self._stall_timeout = stall_timeout
        wire_rate = len(self._silence) / FRAME_SECONDS  # bytes per second on the wire
        self._high = int(wire_rate * BUFFER_HIGH_SECONDS)
        self._low = int(wire_rate * BUFFER_LOW_SECONDS)
        transport.set_write_buffer_limits(high=self._high, low=self._low)
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, int(wire_rate * SNDBUF_SECONDS))

    def start(self) -> None:
        self._clock.add(self)

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

    def feed(self, data: bytes) -> bytes:
        """Take the frames `data` holds, straight from the socket; return the incomplete tail."""
        frames, tail = codec.decode(data)
        # DTMF frames are ignored: keys come from ARI's ChannelDtmfReceived (see calls/session).
        for frame in frames:
            if self.closed.is_set():
                return b""
            if frame.kind == self._kind or frame.kind in (codec.Kind.SLIN, codec.Kind.SLIN16):
                self._caller_frame(frame.payload)
            elif frame.kind == codec.Kind.HANGUP:
                self._mark_closed()
            elif frame.kind == codec.Kind.ERROR:
                log.warning("audiosocket %s: Asterisk reported an error", self.call_uuid)
        return tail

    def _caller_frame(self, pcm: bytes) -> None:
        try:
            self.on_audio(pcm)
            if self.tap is not None:
                self.tap.caller_frame(pcm)
        except Exception:  # a broken consumer ends this call's media, not the server
            log.exception("audiosocket %s: the call's audio consumer failed; closing", self.call_uuid)
            self._mark_closed()

    def tick(self, now: float) -> bool:
        """Write this frame time's frame (speech or silence); False once the connection is finished."""
        if self.closed.is_set():
            return False
        transport = self._transport
        frame = pcm = None
        if self._current is not None:
            # Advance the prompt even when the frame is dropped: playback keeps real time.
            pcm = self._current.next_frame(now)
            if pcm is not None:
                frame = self._header + pcm
        try:
            buffered = transport.get_write_buffer_size()
            if self._backlog_since is None and buffered > self._high:
                self._backlog_since = now
                if not self._dropped:  # once per connection: a slow peer may fall behind again and again
                    log.warning("audiosocket %s: peer is not keeping up; dropping frames", self.call_uuid)
            elif self._backlog_since is not None and buffered <= self._low:
                self._backlog_since = None
            if self._backlog_since is None:
                transport.write(frame or self._silence)
                if self.tap is not None:
                    self.tap.bot_frame(pcm or self._silence_pcm)
            elif now - self._backlog_since > self._stall_timeout:
                log.warning(
                    "audiosocket %s: peer stopped reading (%d bytes unsent for %.1f s); closing",
                    self.call_uuid,
                    buffered,
                    now - self._backlog_since,
                )
                transport.abort()  # close() would wait for the peer to take the buffer
                self._stop_writing()
                return False
            else:
                self._dropped += 1
        except (ConnectionError, OSError) as exc:
            log.debug("audiosocket %s: write ended (%s)", self.call_uuid, type(exc).__name__)
            self._stop_writing()
            return False
        return True

    def _stop_writing(self) -> None:
        if self._dropped:
            log.info(
                "audiosocket %s: %d frames dropped while the peer was behind", self.call_uuid, self._dropped
            )
            self._dropped = 0
        self._mark_closed()

    def _mark_closed(self) -> None:
        if not self.closed.is_set():
            self.closed.set()
            if self._current is not None:
                self._current.stop()

    async def aclose(self) -> None:
        """Send a hangup frame if we can, stop writing and close the socket (safe twice)."""
        transport = self._transport
        if not transport.is_closing():
            with contextlib.suppress(ConnectionError, OSError):
                transport.write(codec.encode(codec.Kind.HANGUP))
        self._stop_writing()
        self._clock.remove(self)
        transport.close()
        try:
            async with asyncio.timeout(CLOSE_TIMEOUT):
                # Shielded: a timeout must not cancel the future the protocol resolves.
                await asyncio.shield(self._lost)
        except TimeoutError:
            # close() waits for the peer to take what is buffered; a stalled peer never does.
            log.warning("audiosocket %s: peer did not take the last bytes; aborting", self.call_uuid)
            transport.abort()
            await asyncio.shield(self._lost)


class _MediaProtocol(asyncio.Protocol):
    """One AudioSocket TCP connection: its UUID frame first, then its bytes straight to the call's
    MediaConnection. A Protocol rather than a StreamReader and a read task: no task wake-up and no
    extra copy for each 20 ms frame of every call (the media loop's largest per-frame cost under load)."""

    def __init__(self, server: AudioSocketServer) -> None:
        self._server = server
        self._loop = asyncio.get_running_loop()
        self._transport: asyncio.Transport | None = None
        self._buffer = b""
        self._uuid_timer: asyncio.TimerHandle | None = None
        self.connection: MediaConnection | None = None
        self.lost: asyncio.Future[None] = self._loop.create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        self._uuid_timer = self._loop.call_later(self._server.uuid_timeout, self._reject, "TimeoutError")

    def data_received(self, data: bytes) -> None:
        buffer = self._buffer + data if self._buffer else data
        if self.connection is None:
            if self._transport is None or self._transport.is_closing():
                return
            if len(buffer) >= codec.HEADER.size:
                kind, length = codec.HEADER.unpack_from(buffer)
                if kind != codec.Kind.UUID or length != 16:
                    self._reject("ProtocolError")
                    return
            if len(buffer) < codec.HEADER.size + 16:
                self._buffer = buffer
                return
            self._cancel_timer()
            payload = buffer[codec.HEADER.size : codec.HEADER.size + 16]
            call_uuid = codec.decode_uuid(codec.Frame(kind, payload))
            self.connection = self._server._attach(call_uuid, self._transport, self.lost)
            if self.connection is None:
                self._transport.close()
                return
            buffer = buffer[codec.HEADER.size + 16 :]
        self._buffer = self.connection.feed(buffer) if buffer else b""

    def eof_received(self) -> bool | None:
        return None  # close the transport; connection_lost follows

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_timer()
        if exc is not None:  # the peer went away: the call ends, nothing to report
            log.debug("audiosocket: connection ended (%s)", type(exc).__name__)
        if self.connection is not None:
            self.connection._mark_closed()
        if not self.lost.done():
            self.lost.set_result(None)

    def _reject(self, reason: str) -> None:
        self._cancel_timer()
        log.warning("audiosocket: dropped a connection that sent no valid UUID (%s)", reason)
        if self._transport is not None:
            self._transport.close()

    def _cancel_timer(self) -> None:
        if self._uuid_timer is not None:
            self._uuid_timer.cancel()
            self._uuid_timer = None


class AudioSocketServer:
    """Accepts Asterisk's AudioSocket connections and hands each to the call waiting for its UUID."""

    def __init__(
        self,
        host: str,
        port: int,
        media_format: str = "slin16",
        uuid_timeout: float = 5.0,
        stall_timeout: float = STALL_TIMEOUT,
    ) -> None:
        if media_format not in codec.AUDIO_KINDS:
            raise ValueError(f"media format {media_format!r}: use one of {sorted(codec.AUDIO_KINDS)}")
        self.host = host
        self.port = port
        self.media_format = media_format
        self.uuid_timeout = uuid_timeout
        self._stall_timeout = stall_timeout
        self._waiting: dict[uuid.UUID, asyncio.Future[MediaConnection]] = {}
        self._server: asyncio.Server | None = None
        self._clock = MediaClock()

    async def start(self) -> None:
        try:
            self._server = await asyncio.get_running_loop().create_server(
                lambda: _MediaProtocol(self), self.host, self.port
            )
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

    def _attach(
        self, call_uuid: uuid.UUID, transport: asyncio.Transport, lost: asyncio.Future[None]
    ) -> MediaConnection | None:
        """The connection for the call waiting on `call_uuid`, started; None when no call waits for it."""
        fut = self._waiting.get(call_uuid)
        if fut is None or fut.done():
            log.warning("audiosocket: no call is waiting for media %s; closing", call_uuid)
            return None
        conn = MediaConnection(
            transport, lost, call_uuid, self.media_format, self._clock, self._stall_timeout
        )
        conn.start()
        fut.set_result(conn)
        return conn

    async def aclose(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for fut in list(self._waiting.values()):
            fut.cancel()
        await self._clock.aclose()
