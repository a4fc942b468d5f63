"""In-memory edges for a call: the ports of `bot.calls.ports` without Asterisk, TTS, SQLite or HTTP.

Every fake appends what it did to a shared `events` list of `(kind, detail)` pairs, so a test can check
the order of things across edges (the suppression row is written before the goodbye is rendered).
Timing is loop time scaled by `speed`: 0 finishes prompts on the next loop turn (tests), 1 is real time.
`run_virtual()` runs a coroutine on a loop whose clock jumps to the next timer when nothing else can run:
timeouts and prompt durations cost no wall time (only for code that waits on nothing outside the loop).
"""

from __future__ import annotations

import asyncio
import copy
import selectors
import uuid
import wave
from collections.abc import Callable, Coroutine, Mapping
from pathlib import Path
from typing import Any, TypeVar

from bot.core.errors import WebhookFailed
from bot.core.transcript import Transcript

T = TypeVar("T")
Events = list[tuple[str, str]]
SECONDS_PER_CHAR = 0.06  # about 16 characters a second: the pace of espeak-ng at its default rate
FRAME_SECONDS = 0.02


class FakePlaying:
    """A prompt "playing" for `duration` seconds of loop time; `stop()` ends it early (`done` -> False)."""

    def __init__(self, duration: float, text: str = "", *, hold: bool = False) -> None:
        loop = asyncio.get_running_loop()
        self.done: asyncio.Future[bool] = loop.create_future()
        self.first_frame_at: float | None = loop.time()
        self.duration = duration
        self.text = text
        self.stopped = False  # True when it was cut short
        self._timer: asyncio.Handle | None = None
        self.done.add_done_callback(self._settled)
        if not hold:
            # Handles, not tasks: a finished call leaves nothing running.
            if duration > 0:
                self._timer = loop.call_later(duration, self._finish, True)
            else:
                self._timer = loop.call_soon(self._finish, True)

    def stop(self) -> None:
        self._finish(False)

    def release(self) -> None:
        """Let a held prompt finish normally (`done` -> True)."""
        self._finish(True)

    def _finish(self, completed: bool) -> None:
        if not self.done.done():
            self.done.set_result(completed)

    def _settled(self, done: asyncio.Future[bool]) -> None:
        # A task cancelled while awaiting `done` cancels the future itself: that stops the prompt too.
        if self._timer is not None:
            self._timer.cancel()
        self.stopped = done.cancelled() or not done.result()


class FakeMedia:
    """The call's audio path: `play` starts a FakePlaying (replacing the current one), like AudioSocket."""

    sample_rate = 16000

    def __init__(
        self,
        *,
        speed: float = 0.0,
        events: Events | None = None,
        describe: Callable[[bytes], str] | None = None,
    ) -> None:
        self.speed = speed
        self.events: Events = events if events is not None else []
        self.on_audio: Callable[[bytes], None] = lambda _pcm: None
        self.tap: Any = None  # a MediaTap: sees caller audio sent in (the simulator records nothing)
        self.closed = asyncio.Event()
        # While set, new prompts play until stopped or released: lets a test talk over a prompt at speed 0.
        self.hold = False
        self.played: list[FakePlaying] = []
        self.current: FakePlaying | None = None
        self._describe = describe or (lambda _pcm: "")

    def play(self, pcm: bytes) -> FakePlaying:
        if self.current is not None:
            self.current.stop()
        seconds = len(pcm) / 2 / self.sample_rate
        text = self._describe(pcm)
        playing = FakePlaying(seconds * self.speed, text, hold=self.hold)
        playing.done.add_done_callback(lambda _done: self._finished(playing))
        self.current = playing
        self.played.append(playing)
        self.events.append(("play", text))
        if self.closed.is_set():
            playing.stop()
        return playing

    def _finished(self, playing: FakePlaying) -> None:
        if playing.stopped:
            self.events.append(("stopped", playing.text))

    def stop_playback(self) -> None:
        if self.current is not None:
            self.current.stop()

    def release_playback(self) -> None:
        """Finish the held prompt as if it had played to the end."""
        if self.current is not None:
            self.current.release()

    def send_audio(self, pcm: bytes) -> None:
        """Caller audio into the call (the recogniser's listener gets it)."""
        self.on_audio(pcm)

    async def aclose(self) -> None:
        self.closed.set()
        self.stop_playback()


class FakeFollowed:
    """The recording's feed after a transfer (ARI snoops in production): a test feeds `tap` and ends the
    caller's channel with `ended.set()`."""

    def __init__(self, tap: Any, events: Events) -> None:
        self.tap = tap
        self.events = events
        self.ended = asyncio.Event()
        self.closed = False

    async def wait_ended(self) -> None:
        await self.ended.wait()

    async def aclose(self) -> None:
        self.closed = True
        self.events.append(("follow_closed", ""))


class FakeControl:
    """Telephony control that records answer / hangup / teardown / transfer; media is a FakeMedia."""

    def __init__(
        self,
        *,
        speed: float = 0.0,
        events: Events | None = None,
        describe: Callable[[bytes], str] | None = None,
    ) -> None:
        self.speed = speed
        self.events: Events = events if events is not None else []
        self._describe = describe
        self.media: FakeMedia | None = None
        self.answered: list[str] = []
        self.hangups: list[tuple[str, str]] = []
        self.transfers: list[tuple[str, str | None, str | None, str | None]] = []
        self.torn_down: list[list[str]] = []
        self.fail_answer = False
        self.hold = False  # the media it connects starts with `hold` set (see FakeMedia.hold)
        self.followed: FakeFollowed | None = None
        self.fail_follow = False

    async def answer(self, channel_id: str) -> None:
        if self.fail_answer:
            raise RuntimeError("answer failed (simulated)")
        self.answered.append(channel_id)
        self.events.append(("answer", channel_id))

    async def hangup(self, channel_id: str, reason: str = "normal") -> None:
        self.hangups.append((channel_id, reason))
        self.events.append(("hangup", channel_id))

    async def connect_media(self, channel_id: str, call_uuid: uuid.UUID) -> tuple[FakeMedia, list[str]]:
        self.media = FakeMedia(speed=self.speed, events=self.events, describe=self._describe)
        self.media.hold = self.hold
        return self.media, [f"bridge-{channel_id}", f"media-{channel_id}"]

    async def teardown(self, resource_ids: list[str]) -> None:
        self.torn_down.append(list(resource_ids))
        self.events.append(("teardown", ",".join(resource_ids)))

    async def follow_caller(self, channel_id: str, call_uuid: uuid.UUID, tap: Any) -> FakeFollowed:
        if self.fail_follow:
            raise RuntimeError("snoop failed (simulated)")
        self.followed = FakeFollowed(tap, self.events)
        self.events.append(("follow", channel_id))
        return self.followed

    async def transfer(
        self, channel_id: str, endpoint: str | None, context: str | None, extension: str | None
    ) -> None:
        self.transfers.append((channel_id, endpoint, context, extension))
        self.events.append(("transfer", endpoint or f"{context},{extension}"))


class TextSpeech:
    """SpeechOut that "speaks" text: records each line, returns silence as long as the line would take."""

    def __init__(
        self,
        *,
        events: Events | None = None,
        on_line: Callable[[str], None] | None = None,
        seconds_per_char: float = SECONDS_PER_CHAR,
    ) -> None:
        self.events: Events = events if events is not None else []
        self.on_line = on_line
        self.seconds_per_char = seconds_per_char
        self.lines: list[str] = []
        self.voices: list[str] = []
        # Keeps each PCM object alive, so its id() cannot be reused for another line.
        self._texts: dict[int, tuple[bytes, str]] = {}

    def _silence(self, seconds: float, sample_rate: int) -> bytes:
        frames = max(1, round(seconds / FRAME_SECONDS))
        return bytes(frames * round(sample_rate * FRAME_SECONDS) * 2)

    def _line(self, text: str, pcm: bytes) -> bytes:
        self._texts[id(pcm)] = (pcm, text)
        self.lines.append(text)
        self.events.append(("say", text))
        if self.on_line is not None:
            self.on_line(text)
        return pcm

    async def render(self, text: str, voice: str, sample_rate: int, rate: int | None = None) -> bytes:
        self.voices.append(voice)
        return self._line(text, self._silence(len(text) * self.seconds_per_char, sample_rate))

    async def load_file(self, path: Path, sample_rate: int) -> bytes:
        seconds = 1.0
        try:
            with wave.open(str(path), "rb") as wav:
                seconds = wav.getnframes() / wav.getframerate()
        except (OSError, EOFError, wave.Error):
            pass  # a missing or odd file still "plays": the simulator is about the flow, not the audio
        return self._line(f"[plays {Path(path).name}]", self._silence(seconds, sample_rate))

    def cache_path(self, text: str, voice: str, sample_rate: int, rate: int | None = None) -> Path | None:
        return None  # nothing is cached

    def text_of(self, pcm: bytes) -> str:
        """The line a PCM buffer from `render` / `load_file` says ("" if unknown)."""
        entry = self._texts.get(id(pcm))
        return entry[1] if entry is not None and entry[0] is pcm else ""


class MemoryStore:
    """CallStore in memory: `calls`, `turns` (per call) and `suppression` rows, like the SQLite store."""

    def __init__(self, *, events: Events | None = None) -> None:
        self.consent: list[dict[str, Any]] = []  # unrevoked consent rows: number, scope
        self.events: Events = events if events is not None else []
        self.calls: dict[str, dict[str, Any]] = {}
        self.turns: dict[str, list[dict[str, Any]]] = {}
        self.suppression: list[dict[str, Any]] = []
        self.contacts: dict[str, dict[str, str]] = {}  # saved by the dialer, taken by the call
        self.fail_suppress = False
        self.hold_turns: asyncio.Event | None = None  # set: turn writes wait until it is set (a slow disk)

    async def _io(self) -> None:
        # The real store answers from a worker thread: always yield, as it does.
        await asyncio.sleep(0)

    async def call_started(self, call_id: str, **fields: Any) -> None:
        await self._io()
        self.calls[call_id] = {"id": call_id, **copy.deepcopy(fields)}
        self.events.append(("call_started", call_id))

    async def call_updated(self, call_id: str, **fields: Any) -> None:
        await self._io()
        self.calls.setdefault(call_id, {"id": call_id}).update(copy.deepcopy(fields))
        self.events.append(("call_updated", ",".join(sorted(fields))))

    async def call_ended(self, call_id: str, **fields: Any) -> None:
        opted_out = max(int(fields.get("opted_out", 0)), int(self.calls.get(call_id, {}).get("opted_out", 0)))
        await self.call_updated(call_id, **(fields | {"opted_out": opted_out}))

    async def add_turn(self, call_id: str, **fields: Any) -> None:
        # Kept when called, as the real store queues it to its one writer thread at once: the simulator
        # reads what moved the flow from the turns as the flow moves on.
        if self.hold_turns is not None:
            await self.hold_turns.wait()
        turns = self.turns.setdefault(call_id, [])
        turns.append({"call_id": call_id, "seq": len(turns) + 1, **copy.deepcopy(fields)})
        self.events.append(("turn", f"{fields.get('state', '')}:{fields.get('intent', '')}"))
        await self._io()

    async def add_personal_audio(self, call_id: str, path: Path) -> None:
        await self._io()
        self.events.append(("personal_audio", str(path)))

    async def record_opt_out(self, call_id: str, number: str, *, source: str, words: str = "") -> None:
        await self._io()
        if self.fail_suppress:
            raise OSError("disk full (simulated)")
        if number:  # a withheld caller id suppresses nothing (the real store audits it)
            row = {"number": number, "scope": "global", "source": source, "words": words, "call_id": call_id}
            others = [r for r in self.suppression if (r["number"], r["scope"]) != (number, "global")]
            self.suppression = [*others, row]
        self.calls.setdefault(call_id, {"id": call_id}).update(opted_out=1, optout_source=source)
        self.events.append(("suppress", number))

    async def save_contact(self, ref: str, contact: Mapping[str, str]) -> None:
        self.contacts[ref] = dict(contact)

    async def take_contact(self, ref: str) -> dict[str, str]:
        return self.contacts.pop(ref, {})

    async def is_suppressed(self, number: str, campaign: str | None = None) -> bool:
        scopes = {"global"} if campaign is None else {"global", campaign}
        return any(r["number"] == number and r["scope"] in scopes for r in self.suppression)

    async def has_consent(self, number: str, campaign: str | None = None) -> bool:
        scopes = {"global"} if campaign is None else {"global", campaign}
        return any(r["number"] == number and r["scope"] in scopes for r in self.consent)

    def get_call(self, call_id: str) -> dict[str, Any] | None:
        return self.calls.get(call_id)

    def get_turns(self, call_id: str) -> list[dict[str, Any]]:
        return list(self.turns.get(call_id, []))


class FakeRecognizer:
    """The RecognizerStream contract without Vosk: `hear()` injects what the "recogniser" returns."""

    def __init__(self, sample_rate: int = 16000, *, events: Events | None = None) -> None:
        self.sample_rate = sample_rate
        self.events: Events = events if events is not None else []
        self.complete: Callable[[str], bool] = lambda _text: False
        self.audio_seconds = 0.0
        self.busy_seconds = 0.0
        self.grammars: list[list[str] | None] = []
        self.heard: list[Transcript] = []
        self.closed = False
        self.failed = False
        self._out: asyncio.Queue[Transcript | None] = asyncio.Queue()

    @property
    def grammar(self) -> list[str] | None:
        """The grammar set last (None: free-form)."""
        return self.grammars[-1] if self.grammars else None

    def push_frame(self, pcm: bytes) -> None:
        if not self.closed:
            self.audio_seconds += len(pcm) / 2 / self.sample_rate

    def set_grammar(self, phrases: list[str] | None) -> None:
        self.grammars.append(list(phrases) if phrases is not None else None)

    def hear(self, text: str, final: bool = True, confidence: float = 1.0) -> None:
        """Deliver a result as the recogniser would (partials have no confidence)."""
        if self.closed:
            return
        at = asyncio.get_running_loop().time()
        transcript = Transcript(text, final, confidence if final else 0.0, at)
        self.heard.append(transcript)
        self.events.append(("heard" if final else "partial", text))
        self._out.put_nowait(transcript)

    def fail(self) -> None:
        """The recogniser dies: its results end (as when a Vosk thread raises)."""
        self.failed = True
        self._out.put_nowait(None)

    async def aclose(self) -> None:
        if self.closed:
            return
        self.closed = True
        self._out.put_nowait(None)

    def __aiter__(self) -> FakeRecognizer:
        return self

    async def __anext__(self) -> Transcript:
        item = await self._out.get()
        if item is None:
            raise StopAsyncIteration
        return item


class FakeWebhooks:
    """Records every post; fails (WebhookFailed) when told to, for all URLs or some."""

    def __init__(
        self,
        *,
        events: Events | None = None,
        fail: bool = False,
        fail_urls: set[str] | None = None,
        delay: float = 0.0,
    ) -> None:
        self.events: Events = events if events is not None else []
        self.fail = fail
        self.fail_urls: set[str] = set(fail_urls or ())
        self.delay = delay  # seconds before answering; longer than the timeout means a timeout
        self.posts: list[tuple[str, dict[str, Any], float]] = []
        self.failures = 0

    async def post(self, url: str, payload: dict[str, Any], timeout: float) -> None:
        self.posts.append((url, copy.deepcopy(payload), timeout))
        self.events.append(("webhook", url))
        if self.delay:
            await asyncio.sleep(min(self.delay, timeout))
            if self.delay > timeout:
                self.failures += 1
                raise WebhookFailed(f"{url}: TimeoutError (simulated)")
        if self.fail or url in self.fail_urls:
            self.failures += 1
            raise WebhookFailed(f"{url} answered 500 (simulated)")


class _JumpingSelector(selectors.DefaultSelector):  # type: ignore[misc, valid-type]
    """When the loop would sleep until its next timer, move the clock there instead of sleeping."""

    clock: VirtualClockLoop | None = None

    def select(self, timeout: float | None = None) -> list[Any]:
        if timeout is None or timeout <= 0 or self.clock is None:
            return super().select(timeout)
        ready = super().select(0)
        if not ready:
            self.clock.advance(timeout)
        return ready


class VirtualClockLoop(asyncio.SelectorEventLoop):
    """An event loop on a virtual clock: idle time costs nothing, so a 6 s listen timeout is instant."""

    def __init__(self) -> None:
        self._virtual_now = 0.0
        selector = _JumpingSelector()
        super().__init__(selector)
        selector.clock = self

    def time(self) -> float:
        return self._virtual_now

    def advance(self, seconds: float) -> None:
        self._virtual_now += seconds


def run_virtual(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` to completion on a fresh VirtualClockLoop (closed after, with any task left over)."""
    with asyncio.Runner(loop_factory=VirtualClockLoop) as runner:
        return runner.run(coro)
