"""One call: answer, connect media, run the call's script, and tear everything down however it ends."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.calls.ports import CallControl, CallStore, Media, SpeechOut
from bot.core.clock import utcnow
from bot.core.logs import call_event
from bot.core.tasks import TaskScope

log = logging.getLogger(__name__)

Script = Callable[["CallSession"], Awaitable[None]]


@dataclass
class CallInfo:
    """What StasisStart told us about the call."""

    channel_id: str
    caller: str
    callee: str
    flow: str
    direction: str = "inbound"
    contact: dict[str, str] = field(default_factory=dict)


@dataclass
class CallDeps:
    control: CallControl
    speech: SpeechOut
    store: CallStore


class CallHungUp(Exception):
    """The caller is gone: raised inside the script when it tries to speak or listen."""


class CallSession:
    """Owns one call's tasks, media connection and resources; `aclose()` releases them, safe twice."""

    def __init__(self, info: CallInfo, deps: CallDeps, script: Script, *, masked_caller: str = "") -> None:
        self.info = info
        self.deps = deps
        self.script = script
        self.call_id = info.channel_id
        self.uuid = uuid.uuid4()
        self.media: Media | None = None
        self.hangup_cause: str | None = None
        self.hung_up = asyncio.Event()
        self.answered_at: float | None = None
        self.first_audio_at: float | None = None
        self.end_state: str = ""
        self.disposition: str = ""
        self.fields: dict[str, str] = {}
        self.opted_out = False
        self.released = False  # handed to the dialplan (transfer): not ours to hang up
        self.bot_hung_up = False
        self.last_first_frame_at: float | None = None
        self.optout_heard_at: float | None = None
        self.optout_committed_at: float | None = None
        self.hangup_sent_at: float | None = None
        # Recogniser totals for this call (seconds of audio heard, seconds Vosk spent on it).
        self.asr_audio_s = 0.0
        self.asr_busy_s = 0.0
        self._resources: list[str] = []
        self._scope = TaskScope(f"call:{self.call_id}")
        self._closed = False
        self._masked_caller = masked_caller
        # Listeners the script installs (recogniser feed, DTMF) — the media layer calls these.
        self.audio_listeners: list[Callable[[bytes], None]] = []
        self.dtmf_listeners: list[Callable[[str], None]] = []

    # ---- lifecycle --------------------------------------------------------------------------------
    def start(self, scope: TaskScope) -> asyncio.Task[None]:
        return scope.spawn(self.run(), f"call:{self.call_id}")

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        await self.deps.store.call_started(
            self.call_id,
            direction=self.info.direction,
            flow=self.info.flow,
            caller=self.info.caller,
            callee=self.info.callee,
            channel=self.info.channel_id,
        )
        call_event(self.call_id, "started", flow=self.info.flow, caller=self._masked_caller)
        script_task: asyncio.Task[None] | None = None
        try:
            await self.deps.control.answer(self.info.channel_id)
            self.answered_at = loop.time()
            await self.deps.store.call_updated(self.call_id, answered_at=utcnow())
            call_event(self.call_id, "answered")
            media, self._resources = await self.deps.control.connect_media(self.info.channel_id, self.uuid)
            self.media = media
            # Keys come from ARI's ChannelDtmfReceived on the caller's channel; the media path's DTMF
            # frames would duplicate them.
            media.on_audio = self._on_audio
            call_event(self.call_id, "media_connected", ms=round((loop.time() - self.answered_at) * 1000, 1))
            script_task = self._scope.spawn(self.script(self), "script")
            hangup_wait = self._scope.spawn(self._wait_hangup(), "hangup-watch")
            await asyncio.wait({script_task, hangup_wait}, return_when=asyncio.FIRST_COMPLETED)
            if script_task.done() and not script_task.cancelled() and script_task.exception():
                exc = script_task.exception()
                if not isinstance(exc, CallHungUp):
                    log.error("call %s: script failed", self.call_id, exc_info=exc)
                    self.end_state = self.end_state or "error"
        except CallHungUp:
            pass
        except Exception as exc:
            if not self.hung_up.is_set():
                log.error("call %s: set-up failed: %s", self.call_id, exc)
                self.end_state = self.end_state or "setup_failed"
        finally:
            await self.aclose()

    async def _wait_hangup(self) -> None:
        await self.hung_up.wait()
        if self.media is not None:
            self.media.stop_playback()

    def caller_hung_up(self, cause: str) -> None:
        """Called by the registry on ChannelHangupRequest / StasisEnd / ChannelDestroyed."""
        if not self.hung_up.is_set():
            call_event(self.call_id, "hangup_seen", cause=cause)
        if self.hangup_cause is None:
            self.hangup_cause = cause
        self.hung_up.set()

    async def aclose(self) -> None:
        """Stop the script, close media, destroy bridge and media channel, hang up, write the record."""
        if self._closed:
            return
        self._closed = True
        await self._scope.aclose()
        if self.media is not None:
            await self.media.aclose()
        with contextlib.suppress(Exception):
            await self.deps.control.teardown(self._resources)
        if not self.hung_up.is_set() and not self.released and not self.bot_hung_up:
            with contextlib.suppress(Exception):
                await self.deps.control.hangup(self.info.channel_id)
            self.hangup_cause = self.hangup_cause or "bot"
        await self.deps.store.call_updated(
            self.call_id,
            ended_at=utcnow(),
            hangup_cause=self.hangup_cause or "",
            end_state=self.end_state,
            disposition=self.disposition,
            fields=self.fields,
            opted_out=int(self.opted_out),
        )
        call_event(
            self.call_id,
            "ended",
            cause=self.hangup_cause,
            state=self.end_state,
            disposition=self.disposition or "-",
        )

    # ---- what scripts use -------------------------------------------------------------------------
    async def say(self, text: str, voice: str, *, interruptible: Callable[[], bool] | None = None) -> bool:
        """Speak `text`; True when it played to the end, False when stopped (barge-in, opt-out)."""
        if self.hung_up.is_set() or self.media is None:
            raise CallHungUp
        pcm = await self.deps.speech.render(text, voice, self.media.sample_rate)
        playing = self.media.play(pcm)
        call_event(self.call_id, "say", chars=len(text))
        completed = await self._await_playback(playing)
        if self.first_audio_at is None and playing.first_frame_at is not None:
            self.first_audio_at = playing.first_frame_at
            if self.answered_at is not None:
                call_event(
                    self.call_id, "first_audio", ms=round((self.first_audio_at - self.answered_at) * 1000, 1)
                )
        if self.hung_up.is_set():
            raise CallHungUp
        return completed

    async def _await_playback(self, playing) -> bool:
        try:
            completed = await playing.done
        finally:
            # Cancelled (a new trigger, a hangup): the prompt must stop with the callback.
            playing.stop()
            if self.first_audio_at is None and playing.first_frame_at is not None:
                self.first_audio_at = playing.first_frame_at
                if self.answered_at is not None:
                    ms = round((self.first_audio_at - self.answered_at) * 1000, 1)
                    call_event(self.call_id, "first_audio", ms=ms)
        self.last_first_frame_at = playing.first_frame_at
        return completed

    async def play_file(self, path) -> bool:
        """Play a WAV file (any rate, mono 16-bit) into the call."""
        if self.hung_up.is_set() or self.media is None:
            raise CallHungUp
        pcm = await self.deps.speech.load_file(path, self.media.sample_rate)
        completed = await self._await_playback(self.media.play(pcm))
        if self.hung_up.is_set():
            raise CallHungUp
        return completed

    async def transfer(self, endpoint: str | None, context: str | None, extension: str | None) -> None:
        """Hand the caller to a person; the call leaves the bot."""
        call_event(self.call_id, "transfer", to=endpoint or f"{context},{extension}")
        self.released = True
        await self.deps.control.transfer(self.info.channel_id, endpoint, context, extension)

    def stop_speaking(self) -> None:
        if self.media is not None:
            self.media.stop_playback()

    async def hangup(self) -> None:
        """End the call from the bot's side (after the closing line)."""
        self.hangup_cause = self.hangup_cause or "bot"
        self.bot_hung_up = True
        self.hangup_sent_at = asyncio.get_running_loop().time()
        await self.deps.control.hangup(self.info.channel_id)

    def _on_audio(self, pcm: bytes) -> None:
        for listener in self.audio_listeners:
            listener(pcm)

    def _on_dtmf(self, digit: str) -> None:
        call_event(self.call_id, "dtmf", digit=digit)
        for listener in self.dtmf_listeners:
            listener(digit)

    def on_event(self, event: dict[str, Any]) -> None:
        """ARI events for this call's channel (the media path also delivers DTMF)."""
        kind = event.get("type")
        if kind == "ChannelDtmfReceived":
            self._on_dtmf(str(event.get("digit", "")))
        elif kind == "ChannelHangupRequest":
            self.caller_hung_up(str(event.get("cause_txt") or event.get("cause") or "hangup"))
        elif kind in ("StasisEnd", "ChannelDestroyed"):
            self.caller_hung_up(str(event.get("cause_txt") or kind))
