"""One call: connect media, answer, run the call's script, write its record once, tear everything down.

The session is the only owner of the call's state and its record. The script (the flow runner) sees the
call through `CallHandle` and reports what it decided in its `CallOutcome`; `ended` is the one signal that
the call is over, whatever ended it (the caller, the bot, a transfer, a lost media connection).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bot.calls.dialing_halt import DialingHalt
from bot.calls.ports import (
    CallControl,
    CallEnded,
    CallStore,
    FollowedCaller,
    Media,
    Playing,
    Recording,
    Recordings,
    Script,
    SpeechOut,
    Spoken,
)
from bot.core.clock import utcnow
from bot.core.events import CallEvent, CallOffered, Dtmf, Hangup, MediaLost
from bot.core.logs import call_event
from bot.core.numbers import InvalidNumber, is_withheld, normalize
from bot.core.tasks import TaskScope

log = logging.getLogger(__name__)

# After the call has ended, how long the script may take to wind down before it is cancelled.
SCRIPT_GRACE = 1.0
# How long the end of a call waits for work that must not be cut (an opt-out commit, a hangup request).
MUST_FINISH_WAIT = 10.0
# An opt-out write that fails is tried again after these pauses (a locked or briefly full disk), then
# dialling halts: an opt-out must never be lost quietly.
OPTOUT_RETRY_PAUSES = (0.05, 0.2, 0.5)


@dataclass
class CallDeps:
    control: CallControl
    speech: SpeechOut
    store: CallStore
    default_region: str = "US"  # for national-format caller numbers
    halt: DialingHalt = field(default_factory=DialingHalt)
    recordings: Recordings | None = None  # None: calls are not recorded


class CallSession:
    """Owns one call's tasks, media and record; implements `CallHandle`. `aclose()` is safe twice."""

    def __init__(self, info: CallOffered, deps: CallDeps, script: Script, *, masked_caller: str = "") -> None:
        self.info = info
        self.deps = deps
        self.script = script
        self.call_id = info.channel
        self.ended = asyncio.Event()
        self.end_cause: str | None = None  # the far end's cause, "bot", "transferred" or "media_lost"
        self._media: Media | None = None
        self._channel_released = False  # hung up (either side) or transferred: nothing left to hang up
        self._uuid = uuid.uuid4()
        self._resources: list[str] = []
        self._scope = TaskScope(f"call:{self.call_id}")
        self._must_finish: set[asyncio.Task[None]] = set()
        self._closed = False
        self._masked_caller = masked_caller
        self._answered_at: float | None = None
        self._first_audio_seen = False
        self._on_audio: Callable[[bytes], None] | None = None
        self._on_dtmf: Callable[[str], None] | None = None
        self._recording: Recording | None = None
        self._followed: FollowedCaller | None = None  # records the caller after a transfer
        self._outer_scope: TaskScope | None = None  # where the recording of a transferred call lives on

    # ---- lifecycle --------------------------------------------------------------------------------
    def start(self, scope: TaskScope) -> asyncio.Task[None]:
        self._outer_scope = scope
        return scope.spawn(self.run(), f"call:{self.call_id}")

    async def run(self) -> None:
        try:
            await self._run()
        finally:
            await self.aclose()

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        info = self.info
        try:
            await self.deps.store.call_started(self.call_id, **record_of(info))
        except Exception:
            # No record, no call: hang up rather than leave the channel unanswered in Stasis.
            log.exception("call %s: could not record the call's start; hanging up", self.call_id)
            self._end("store_failed", released=True)
            with contextlib.suppress(Exception):
                await self.deps.control.hangup(self.call_id, "congestion")
            return
        call_event(self.call_id, "started", flow=info.flow, caller=self._masked_caller)
        if info.contact_ref:  # our own outbound call: the dialer left the contact's data in the store
            try:
                self.info = info = replace(info, contact=await self.deps.store.take_contact(info.contact_ref))
            except Exception:
                log.exception("call %s: could not load the contact's data", self.call_id)
        try:
            # Media first, then the answer: the caller hears the opening as soon as the call is up, not
            # after the bridge and the media channel are made (ARI round trips: p95 146 ms at 52 calls).
            setup_started = loop.time()
            self._media, self._resources = await self.deps.control.connect_media(self.call_id, self._uuid)
            # Keys come from the telephony events (Dtmf); the media path's DTMF frames would duplicate them.
            self._media.on_audio = self._audio
            call_event(self.call_id, "media_connected", ms=_ms(loop.time() - setup_started))
            await self.deps.control.answer(self.call_id)
            self._answered_at = loop.time()
            await self.deps.store.call_updated(self.call_id, answered_at=utcnow())
            call_event(self.call_id, "answered")
        except Exception:
            if not self.ended.is_set():
                log.exception("call %s: set-up failed", self.call_id)
                self.script.outcome.end_state = self.script.outcome.end_state or "setup_failed"
            return
        media_watch = self._scope.spawn(self._watch_media(self._media), "media-watch")
        script_task = self._scope.spawn(self.script.run(self), "script")
        ended_wait = self._scope.spawn(self.ended.wait(), "ended-wait")
        await asyncio.wait({script_task, ended_wait}, return_when=asyncio.FIRST_COMPLETED)
        if not script_task.done():
            await asyncio.wait({script_task}, timeout=SCRIPT_GRACE)
        if script_task.done() and not script_task.cancelled():
            exc = script_task.exception()
            if exc is not None and not isinstance(exc, CallEnded):
                log.error("call %s: script failed", self.call_id, exc_info=exc)
                self.script.outcome.end_state = self.script.outcome.end_state or "error"
        media_watch.cancel()

    async def _watch_media(self, media: Media) -> None:
        await media.closed.wait()
        self.on_event(MediaLost(self.call_id))

    def on_event(self, event: CallEvent) -> None:
        """Telephony events for this call (from the registry)."""
        if isinstance(event, Dtmf):
            call_event(self.call_id, "dtmf", digit=event.digit)
            if self._on_dtmf is not None and not self.ended.is_set():
                self._on_dtmf(event.digit)
        elif isinstance(event, Hangup):
            if not self.ended.is_set():
                call_event(self.call_id, "hangup_seen", cause=event.cause)
            self._end(event.cause, released=True)
        elif isinstance(event, MediaLost) and not self.ended.is_set():
            log.warning("call %s: the media connection dropped; ending the call", self.call_id)
            self._end("media_lost")

    def _end(self, cause: str, *, released: bool = False) -> None:
        self._channel_released |= released
        if self.end_cause is None:
            self.end_cause = cause
        self.ended.set()
        if self._media is not None:
            self._media.stop_playback()

    async def aclose(self) -> None:
        """Stop the script, close media, destroy bridge and media channel, hang up, write the record."""
        if self._closed:
            return
        self._closed = True
        await self._scope.aclose()
        if self._media is not None:
            await self._media.aclose()
        followed, recording = self._followed, self._recording
        if followed is not None and recording is not None:
            self._recording = None  # handed on: recorded until the caller's channel ends (below)
        else:
            await self._finish_recording()
        try:
            await self.deps.control.teardown(self._resources)
        except Exception:
            log.warning("call %s: teardown failed", self.call_id, exc_info=True)
        if not self._channel_released:
            self._end("bot", released=True)
            try:
                await self.deps.control.hangup(self.call_id)
            except Exception:
                log.warning("call %s: hangup failed", self.call_id, exc_info=True)
        if self._must_finish:  # an opt-out being committed must be in the record
            await asyncio.wait(self._must_finish, timeout=MUST_FINISH_WAIT)
        outcome = self.script.outcome
        try:
            await self.deps.store.call_ended(
                self.call_id,
                ended_at=utcnow(),
                hangup_cause=self.end_cause or "",
                end_state=outcome.end_state,
                disposition=outcome.disposition,
                fields=outcome.fields,
                opted_out=int(outcome.opted_out),
            )
        except Exception:
            log.exception("call %s: could not write the call record", self.call_id)
        call_event(
            self.call_id,
            "ended",
            cause=self.end_cause,
            state=outcome.end_state,
            disposition=outcome.disposition or "-",
        )
        if followed is not None and recording is not None:
            await self._hand_on_recording(recording, followed)

    # ---- CallHandle: what scripts use ---------------------------------------------------------------
    @property
    def sample_rate(self) -> int:
        if self._media is None:
            raise CallEnded
        return self._media.sample_rate

    def listen(self, on_audio: Callable[[bytes], None] | None, on_dtmf: Callable[[str], None] | None) -> None:
        self._on_audio, self._on_dtmf = on_audio, on_dtmf

    def _audio(self, pcm: bytes) -> None:
        if self._on_audio is not None:
            self._on_audio(pcm)

    async def say(self, text: str, voice: str, rate: int | None = None) -> Spoken:
        """Speak `text`; `completed` is False when stopped (barge-in, opt-out). Raises CallEnded."""
        media = self._live_media()
        pcm = await self.deps.speech.render(text, voice, media.sample_rate, rate)
        call_event(self.call_id, "say", chars=len(text))
        if _speaks_contact(text, self.info.contact):
            cached = self.deps.speech.cache_path(text, voice, media.sample_rate, rate)
            if cached is not None:  # erasure must find it: noted in the background, never delaying speech
                self._must_finish.add(task := asyncio.create_task(self._note_personal(cached)))
                task.add_done_callback(self._finished_anyway)
        return await self._play(media, pcm)

    async def play_file(self, path: Path) -> Spoken:
        """Play a WAV file (any rate, mono 16-bit) into the call."""
        media = self._live_media()
        return await self._play(media, await self.deps.speech.load_file(path, media.sample_rate))

    def _live_media(self) -> Media:
        if self.ended.is_set() or self._media is None:
            raise CallEnded
        return self._media

    async def _play(self, media: Media, pcm: bytes) -> Spoken:
        playing: Playing = media.play(pcm)
        try:
            completed = await playing.done
        finally:
            # Cancelled (a new trigger, a hangup): the prompt must stop with the callback.
            playing.stop()
            self._note_first_audio(playing.first_frame_at)
        if self.ended.is_set():
            raise CallEnded
        return Spoken(completed, playing.first_frame_at)

    def _note_first_audio(self, at: float | None) -> None:
        if at is not None and not self._first_audio_seen and self._answered_at is not None:
            self._first_audio_seen = True
            call_event(self.call_id, "first_audio", ms=_ms(at - self._answered_at))

    def stop_speaking(self) -> None:
        if self._media is not None:
            self._media.stop_playback()

    async def hangup(self) -> None:
        """End the call from the bot's side (after the closing line)."""
        if self.ended.is_set():
            return
        self._end("bot", released=True)
        call_event(self.call_id, "hangup_sent")
        await self._finish_anyway(self.deps.control.hangup(self.call_id))

    async def transfer(self, endpoint: str | None, context: str | None, extension: str | None) -> None:
        """Hand the caller to a person; the channel leaves the bot (not ours to hang up any more)."""
        call_event(self.call_id, "transfer", to=endpoint or f"{context},{extension}")
        await self._follow_caller()
        self._end("transferred", released=True)
        await self._finish_anyway(self.deps.control.transfer(self.call_id, endpoint, context, extension))

    async def add_turn(self, **fields: Any) -> None:
        await self.deps.store.add_turn(self.call_id, **fields)

    async def start_recording(self) -> None:
        """Record from now on; a recording that cannot start is logged and the call goes on unrecorded."""
        if self.deps.recordings is None or self._recording is not None or self.ended.is_set():
            return
        media = self._live_media()
        try:
            self._recording = await self.deps.recordings.start(self.call_id, media.sample_rate)
        except Exception:
            log.exception("call %s: the recording could not start; the call goes on unrecorded", self.call_id)
            return
        media.tap = self._recording
        call_event(self.call_id, "recording_started")

    async def _follow_caller(self) -> None:
        """Before a transfer: keep recording from the caller's channel itself (the bot's media goes)."""
        if self._recording is None or self._media is None or self.ended.is_set():
            return
        try:
            self._followed = await self.deps.control.follow_caller(self.call_id, self._uuid, self._recording)
        except Exception:
            log.exception("call %s: the recording cannot follow the transfer; it ends here", self.call_id)
            return
        self._media.tap = None  # from now on the snoops feed both sides: no frame twice
        call_event(self.call_id, "recording_follows_transfer")

    async def _hand_on_recording(self, recording: Recording, followed: FollowedCaller) -> None:
        """The call is over for the bot and its slot free; its recording goes on in the calls' scope."""
        if self._outer_scope is None:  # run on its own (the simulator): wait here
            await self._record_after_transfer(recording, followed)
            return
        try:
            self._outer_scope.spawn(
                self._record_after_transfer(recording, followed), f"call:{self.call_id}:after-transfer"
            )
        except RuntimeError:  # the bot is stopping: seal it now
            await self._seal_after_transfer(recording, followed)

    async def _record_after_transfer(self, recording: Recording, followed: FollowedCaller) -> None:
        """Until the caller's channel ends (or the bot stops), then seal the recording."""
        try:
            await followed.wait_ended()
        finally:  # also when cancelled at shutdown: the file is sealed, the snoops removed
            await self._seal_after_transfer(recording, followed)

    async def _seal_after_transfer(self, recording: Recording, followed: FollowedCaller) -> None:
        try:
            await followed.aclose()
            await recording.finish()
            call_event(self.call_id, "recording_sealed", after="transfer")
        except Exception:
            log.exception("call %s: the recording of the transfer could not be finished", self.call_id)

    async def discard_recording(self) -> None:
        recording, self._recording = self._recording, None
        if recording is None:
            return
        if self._media is not None:
            self._media.tap = None
        await self._finish_anyway(recording.discard())
        call_event(self.call_id, "recording_discarded")

    async def _finish_recording(self) -> None:
        recording, self._recording = self._recording, None
        if recording is None:
            return
        if self._media is not None:
            self._media.tap = None
        try:
            await recording.finish()
        except Exception:
            log.exception("call %s: the recording could not be finished", self.call_id)

    async def record_opt_out(self, source: str, words: str, heard_at: float) -> None:
        """The suppression row, its audit row and the call's opt-out mark, committed together first.

        The commit runs in the session's own task and the end of the call waits for it: a hangup
        during the commit cancels neither the commit nor the call record's mark. A withheld number
        (inbound, no caller id) marks the call and is audited, but suppresses nothing. A write that
        keeps failing halts all dialling (fail closed) and raises.
        """
        number = self.info.caller if self.info.direction == "inbound" else self.info.callee
        if is_withheld(number):
            number = ""
            log.warning("call %s: opt-out from a withheld number: call marked only", self.call_id)
        else:
            try:
                number = normalize(number, self.deps.default_region)
            except InvalidNumber:
                # Still suppress what we have: refusing to record an opt-out is never the safe side.
                log.warning("call %s: opt-out from a number that does not parse; stored as is", self.call_id)
        await self._finish_anyway(self._commit_opt_out(number, source, words, heard_at))

    async def _finish_anyway(self, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` to the end even if the caller of this is cancelled; the call's end waits for it."""
        task = asyncio.create_task(work)
        self._must_finish.add(task)
        task.add_done_callback(self._finished_anyway)
        await asyncio.shield(task)

    def _finished_anyway(self, task: asyncio.Task[None]) -> None:
        self._must_finish.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("call %s: %s failed", self.call_id, task.get_coro().__name__, exc_info=task.exception())

    async def _note_personal(self, path: Path) -> None:
        await self.deps.store.add_personal_audio(self.call_id, path)

    async def _commit_opt_out(self, number: str, source: str, words: str, heard_at: float) -> None:
        for attempt, pause in enumerate((*OPTOUT_RETRY_PAUSES, None), start=1):
            try:
                await self.deps.store.record_opt_out(self.call_id, number, source=source, words=words)
                break
            except Exception as exc:
                if pause is None:
                    self.deps.halt.trip(f"call {self.call_id}: an opt-out could not be stored ({exc!r})")
                    raise
                log.error("call %s: storing the opt-out failed (attempt %d): %r", self.call_id, attempt, exc)
                await asyncio.sleep(pause)
        ms = _ms(asyncio.get_running_loop().time() - heard_at, 2)
        call_event(self.call_id, "opt_out", source=source, heard_to_commit_ms=ms)


def record_of(offer: CallOffered) -> dict[str, str]:
    """What the call record keeps of an offered call."""
    return {
        "direction": offer.direction,
        "flow": offer.flow,
        "caller": offer.caller,
        "callee": offer.callee,
        "channel": offer.channel,
    }


def _speaks_contact(text: str, contact: Mapping[str, str]) -> bool:
    """Does `text` say one of the contact's values (a name, a date: personal data in the TTS cache)?"""
    return any(len(value.strip()) >= 2 and value.strip() in text for value in contact.values() if value)


def _ms(seconds: float, digits: int = 1) -> float:
    return round(seconds * 1000, digits)
