"""Speech recognition in worker processes, forked after the models are loaded (their pages stay shared).

Why: in one process, every recogniser thread needs the GIL back after each Vosk call, and so does the
event loop after each socket read or write. At 25 calls answering within a few seconds the recogniser
threads waited about a second for their frames and the loop up to 800 ms for its callbacks, with the
bot's CPU under a core and a half (README, "Capacity"). A worker process has one thread and its own GIL;
the bot's loop keeps the voice gate (a few microseconds a frame) and sends only the gated speech.

Each worker serves many calls over one socket pair: length-prefixed pickles both ways, in order.
To the worker: open, grammar, audio, segment end, complete (the loop found a partial that may end the
turn early: `RecognizerStream.complete` runs on the loop, where the call's state is), drained, close.
From the worker: results, drained, closed, failed. A worker that dies ends the recognition of its own
calls only (their results end, as when a recogniser thread fails) and is replaced for new calls.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import logging
import os
import pickle
import signal
import socket
import struct
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from bot.core.transcript import Transcript
from bot.speech.vosk_stream import (
    _SEGMENT_END,
    FRAME_SECONDS,
    MAX_QUEUED_FRAMES,
    VAD_MODE,
    Decoder,
    GatedStream,
    _Audio,
    _Grammar,
    kaldi_recognizer,
)

log = logging.getLogger(__name__)

_LENGTH = struct.Struct("!I")
# Audio that waited longer than this in a worker is dropped: behind by that much, the caller's old words
# are useless to the conversation (the same bound as a thread's queue: MAX_QUEUED_FRAMES frames).
MAX_BEHIND = MAX_QUEUED_FRAMES * FRAME_SECONDS
CLOSE_TIMEOUT = 5.0
Recognizer = Callable[[object, int, "list[str] | None"], object]


def _frame(message: tuple[Any, ...]) -> bytes:
    data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(data)) + data


# ---- the worker process ------------------------------------------------------------------------------
def _serve(sock: socket.socket, models: Mapping[str, object], recognizer: Recognizer) -> None:
    """A worker's life: decode for its calls until the bot closes the socket (or dies)."""
    # The bot decides when its workers stop: a Ctrl-C or a SIGTERM to the process group must not take
    # recognition away from calls the bot is still draining.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    reader = sock.makefile("rb")
    decoders: dict[int, Decoder] = {}
    complete: dict[int, str] = {}  # per call: the partial the loop said may end the turn
    dropped: dict[int, int] = {}

    def send(message: tuple[Any, ...]) -> None:
        sock.sendall(_frame(message))

    def emit(sid: int, transcript: Transcript) -> None:
        send(("result", sid, transcript, decoders[sid].busy_seconds))

    def serve_one(message: tuple[Any, ...]) -> None:
        kind, sid = message[0], message[1]
        try:
            if kind == "open":
                language, sample_rate, fillers, early_frames, preroll_frames = message[2:]
                decoders[sid] = Decoder(
                    functools.partial(recognizer, models[language], sample_rate),
                    emit=functools.partial(emit, sid),
                    complete=lambda text, sid=sid: complete.get(sid) == text,
                    early_frames=early_frames,
                    preroll_frames=preroll_frames,
                    fillers=fillers,
                )
                dropped[sid] = 0
            elif kind == "close":
                decoder = decoders.pop(sid, None)
                complete.pop(sid, None)
                send(("closed", sid, decoder.busy_seconds if decoder else 0.0, dropped.pop(sid, 0)))
            elif sid not in decoders:
                return  # a call whose decoder failed: its results have ended
            elif kind == "audio":
                pcm, arrived_at, voiced = message[2:]
                if time.monotonic() - arrived_at > MAX_BEHIND:
                    dropped[sid] += 1
                else:
                    decoders[sid].audio(pcm, arrived_at, voiced)
            elif kind == "grammar":
                complete.pop(sid, None)
                decoders[sid].grammar(message[2])
            elif kind == "end":
                decoders[sid].segment_end()
            elif kind == "complete":
                complete[sid] = message[2]
            elif kind == "drained":
                send(("drained", sid, message[2]))
        except Exception:
            decoders.pop(sid, None)
            send(("failed", sid, traceback.format_exc(limit=5)))

    while True:
        head = reader.read(_LENGTH.size)
        if len(head) < _LENGTH.size:
            return  # the bot closed its end, or died
        serve_one(pickle.loads(reader.read(_LENGTH.unpack(head)[0])))


def _fork_worker(models: Mapping[str, object], recognizer: Recognizer) -> tuple[int, socket.socket]:
    """Fork a worker; the bot's end of its socket pair. The child keeps no other descriptor: an inherited
    call socket or listener would stay open after the bot closed it (no hang-up reaching Asterisk), and
    the bot's end must close when the bot dies, so that the worker reads end of file and exits."""
    ours, theirs = socket.socketpair()
    pid = os.fork()
    if pid:
        theirs.close()
        return pid, ours
    try:  # the worker: never returns
        keep = theirs.fileno()
        os.closerange(3, keep)
        os.closerange(keep + 1, os.sysconf("SC_OPEN_MAX"))
        _serve(theirs, models, recognizer)
    except BaseException:
        traceback.print_exc()
        os._exit(1)
    finally:
        os._exit(0)


# ---- the bot's side ----------------------------------------------------------------------------------
class _WorkerLink(asyncio.Protocol):
    """One worker process as the loop sees it: its socket, and the calls it decodes."""

    def __init__(self, pid: int, lost: Callable[[_WorkerLink], None]):
        self.pid = pid
        self.streams: dict[int, RemoteStream] = {}
        self._lost = lost
        self._buffer = bytearray()
        self._transport: asyncio.Transport | None = None
        self.closing = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport  # type: ignore[assignment]

    def send(self, message: tuple[Any, ...]) -> None:
        if self._transport is not None and not self._transport.is_closing():
            self._transport.write(_frame(message))  # buffered by the transport: the loop never blocks

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while len(self._buffer) >= _LENGTH.size:
            size = _LENGTH.unpack_from(self._buffer)[0]
            end = _LENGTH.size + size
            if len(self._buffer) < end:
                return
            message = pickle.loads(self._buffer[_LENGTH.size : end])
            del self._buffer[:end]
            stream = self.streams.get(message[1])
            if stream is not None:
                stream._message(message)

    def connection_lost(self, exc: Exception | None) -> None:
        self._transport = None
        for stream in list(self.streams.values()):
            stream._fail("its recognition worker ended")
        self.streams.clear()
        self._lost(self)

    def close(self) -> None:
        self.closing = True
        if self._transport is not None:
            self._transport.close()


class AsrWorkers:
    """Worker processes that decode speech for every call; `factory` makes a call's stream."""

    def __init__(
        self, models: Mapping[str, object], count: int, *, recognizer: Recognizer = kaldi_recognizer
    ) -> None:
        self._models = dict(models)
        self._recognizer = recognizer  # (model, sample rate, phrases) -> a recogniser; tests pass a fake
        self.count = count
        self._links: list[_WorkerLink] = []
        self._ids = itertools.count(1)
        self._replacing: set[asyncio.Task[None]] = set()
        self._closed = False

    async def start(self) -> None:
        for _ in range(self.count):
            await self._fork()
        pids = ", ".join(str(link.pid) for link in self._links)
        log.info("asr: %d recognition worker process(es), pid %s (CLEARCALL_ASR_WORKERS)", self.count, pids)

    async def _fork(self) -> None:
        # Forked after the models are loaded: their pages stay shared.
        pid, ours = _fork_worker(self._models, self._recognizer)
        loop = asyncio.get_running_loop()
        _transport, link = await loop.create_connection(lambda: _WorkerLink(pid, self._on_lost), sock=ours)
        self._links.append(link)

    def _on_lost(self, link: _WorkerLink) -> None:
        if link in self._links:
            self._links.remove(link)
        if link.closing or self._closed:
            return
        task = asyncio.get_running_loop().create_task(self._replace(link), name="asr-worker-replace")
        self._replacing.add(task)
        task.add_done_callback(self._replacing.discard)

    async def _replace(self, link: _WorkerLink) -> None:
        how = await asyncio.to_thread(_reap, link.pid, CLOSE_TIMEOUT)
        log.error(
            "asr: recognition worker pid %s ended (%s); its calls lost speech recognition; starting another",
            link.pid,
            how,
        )
        await self._fork()

    @property
    def pids(self) -> list[int]:
        return [link.pid for link in self._links]

    def factory(self, language: str, fillers: Sequence[str]) -> Callable[[int, str], RemoteStream]:
        """Streams of one language's model, for a flow plan (bot.calls.flow_runner.RecognizerFactory)."""

        def make(sample_rate: int, call_id: str) -> RemoteStream:
            return self.stream(language, sample_rate, name=f"asr:{call_id}", fillers=fillers)

        return make

    def stream(
        self, language: str, sample_rate: int, *, name: str = "asr", fillers: Sequence[str] = (), **gate: Any
    ) -> RemoteStream:
        if not self._links:
            raise RuntimeError("no recognition worker is running")
        link = min(self._links, key=lambda candidate: len(candidate.streams))
        return RemoteStream(link, next(self._ids), language, sample_rate, name=name, fillers=fillers, **gate)

    async def aclose(self) -> None:
        self._closed = True
        for task in list(self._replacing):
            task.cancel()
        links, self._links = self._links, []
        for link in links:
            link.close()
        for link in links:  # end of file: each worker returns; one stuck in Vosk is killed
            if await asyncio.to_thread(_reap, link.pid, CLOSE_TIMEOUT) == "still running":
                os.kill(link.pid, signal.SIGKILL)
                await asyncio.to_thread(_reap, link.pid, CLOSE_TIMEOUT)


class RemoteStream(GatedStream):
    """A call's recognition in a worker process: gated on the loop, decoded there."""

    def __init__(
        self,
        link: _WorkerLink,
        sid: int,
        language: str,
        sample_rate: int,
        *,
        name: str,
        fillers: Sequence[str] = (),
        early_silence: float = 0.15,
        vad_mode: int = VAD_MODE,
        is_speech: Callable[[bytes, int], bool] | None = None,
    ) -> None:
        super().__init__(
            sample_rate, early_silence=early_silence, vad_mode=vad_mode, name=name, is_speech=is_speech
        )
        self._link, self._sid = link, sid
        self._waiting: dict[int, asyncio.Future[None]] = {}  # drained markers and the close, by token
        self._tokens = itertools.count(1)
        link.streams[sid] = self
        opening = (tuple(fillers), self._early_frames, self._preroll_frames)
        link.send(("open", sid, language, sample_rate, *opening))

    def _send(self, item: object) -> None:
        if isinstance(item, _Audio):
            self._link.send(("audio", self._sid, item.pcm, item.arrived_at, item.voiced))
        elif isinstance(item, _Grammar):
            self._link.send(("grammar", self._sid, item.phrases))
        elif item is _SEGMENT_END:
            self._link.send(("end", self._sid))

    async def drained(self) -> None:
        """Until the worker has taken everything pushed before this call (results emitted before it)."""
        if self._closed or self._failed:
            return
        token = next(self._tokens)
        self._waiting[token] = self._loop.create_future()
        self._link.send(("drained", self._sid, token))
        await self._waiting[token]

    def _message(self, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "result":
            transcript, self.busy_seconds = message[2], message[3]
            if not transcript.final and not self._closed and self.complete(transcript.text):
                self._link.send(("complete", self._sid, transcript.text))
            self._result(transcript)
        elif kind == "drained":
            self._settle(message[2])
        elif kind == "closed":
            self.busy_seconds, self.dropped = message[2], message[3]
            self._settle(0)
        elif kind == "failed":
            log.error("%s: recogniser failed in its worker:\n%s", self.name, message[2])
            self._fail("its recogniser failed")

    def _settle(self, token: int) -> None:
        waiter = self._waiting.pop(token, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def _fail(self, why: str) -> None:
        if self._failed or self._closed:
            return
        self._failed = True
        log.error("%s: %s; no more speech results for this call", self.name, why)
        self._link.streams.pop(self._sid, None)
        for token in list(self._waiting):
            self._settle(token)
        self._result(None)

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        if not self._failed:
            self._waiting[0] = self._loop.create_future()
            self._link.send(("close", self._sid))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._waiting[0]), CLOSE_TIMEOUT)
            self._link.streams.pop(self._sid, None)
        self._result(None)
        self._log_close()


def _reap(pid: int, timeout: float) -> str:
    """Wait up to `timeout` for a worker to end; how it ended."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return "already reaped"
        if done:
            if os.WIFSIGNALED(status):
                return f"killed by signal {os.WTERMSIG(status)}"
            return f"exit code {os.waitstatus_to_exitcode(status)}"
        if time.monotonic() >= deadline:
            return "still running"
        time.sleep(0.02)
