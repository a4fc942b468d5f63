"""What a call needs from the edges, and what a script sees of its call, as Protocols.

Production passes the real edges (ARI, AudioSocket, TTS, SQLite, HTTP), tests pass the fakes of
`bot.sim.fakes`. Nothing in `calls/` imports an edge.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from bot.core.events import CallOffered
from bot.core.media_tap import MediaTap
from bot.core.transcript import Transcript


class CallEnded(Exception):
    """The call is over (hung up, media lost, transferred): raised when a script tries to speak."""


@dataclass
class CallOutcome:
    """What the script decided; the session writes it to the call record exactly once, at the end."""

    end_state: str = ""
    disposition: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    opted_out: bool = False
    optout_source: str = ""  # voice / keypress


@dataclass(frozen=True)
class Spoken:
    """How a prompt went: played to the end or stopped, and when its first frame went out (loop time)."""

    completed: bool
    first_frame_at: float | None


class Playing(Protocol):
    """A prompt being streamed into the call."""

    done: asyncio.Future[bool]
    first_frame_at: float | None

    def stop(self) -> None: ...


class Recording(MediaTap, Protocol):
    """One call's recording being written (encrypted as it is written)."""

    async def finish(self) -> None:
        """Seal the file (the final chunk) and note its length with the call."""
        ...

    async def discard(self) -> None:
        """Stop and delete what was recorded (the caller said no)."""
        ...


class Recordings(Protocol):
    async def start(self, call_id: str, sample_rate: int) -> Recording: ...


class Media(Protocol):
    """The call's audio: caller frames arrive at `on_audio`; `play` streams PCM; `closed` is set when the
    connection is gone (the session ends the call then). `tap`, when set, sees both directions."""

    sample_rate: int
    on_audio: Callable[[bytes], None]
    closed: asyncio.Event
    tap: MediaTap | None

    def play(self, pcm: bytes) -> Playing: ...

    def stop_playback(self) -> None: ...

    async def aclose(self) -> None: ...


class FollowedCaller(Protocol):
    """What keeps recording a call after it left the bot (a transfer): fed by Asterisk, not by `Media`."""

    async def wait_ended(self) -> None:
        """Returns once the caller's channel has ended (or the feed broke)."""
        ...

    async def aclose(self) -> None: ...


class CallControl(Protocol):
    """Telephony control of one Asterisk (ARI)."""

    async def answer(self, channel_id: str) -> None: ...

    async def hangup(self, channel_id: str, reason: str = "normal") -> None: ...

    async def connect_media(self, channel_id: str, call_uuid: uuid.UUID) -> tuple[Media, list[str]]:
        """Bridge the caller with a new media connection; returns it and the ids to tear down."""
        ...

    async def teardown(self, resource_ids: list[str]) -> None: ...

    async def follow_caller(self, channel_id: str, call_uuid: uuid.UUID, tap: MediaTap) -> FollowedCaller:
        """Feed `tap` from the caller's channel itself (caller's voice, what the caller hears), also once
        it has left the bot: call before a transfer."""
        ...

    async def transfer(
        self, channel_id: str, endpoint: str | None, context: str | None, extension: str | None
    ) -> None:
        """Hand the caller to a human: leave Stasis to a dialplan extension or dial an endpoint."""
        ...


class Originator(Protocol):
    async def originate(self, number: str, flow: str, contact_ref: str = "") -> str:
        """Dial `number` through the gated outbound context; the answered call runs `flow` with the
        contact saved under `contact_ref`."""
        ...


class SpeechOut(Protocol):
    async def render(self, text: str, voice: str, sample_rate: int, rate: int | None = None) -> bytes:
        """`text` spoken by `voice` at `rate` words per minute (None: the engine's default), as PCM."""
        ...

    async def load_file(self, path: Path, sample_rate: int) -> bytes:
        """A recorded prompt (WAV) as PCM at `sample_rate`."""
        ...

    def cache_path(self, text: str, voice: str, sample_rate: int, rate: int | None = None) -> Path | None:
        """Where the rendered `text` is cached on disk (None: not cached)."""
        ...


class CallStore(Protocol):
    async def call_started(self, call_id: str, **fields: Any) -> None: ...

    async def call_updated(self, call_id: str, **fields: Any) -> None: ...

    async def call_ended(self, call_id: str, **fields: Any) -> None:
        """The final record; never clears an opt-out mark that `record_opt_out` already committed."""
        ...

    async def add_turn(self, call_id: str, **fields: Any) -> None: ...

    async def add_personal_audio(self, call_id: str, path: Path) -> None:
        """Note a cached prompt that spoke this call's contact data (erasure deletes it with the call)."""
        ...

    async def record_opt_out(self, call_id: str, number: str, *, source: str, words: str = "") -> None:
        """Suppress `number`, audit it and mark the call opted out: one transaction, durable on return."""
        ...

    async def save_contact(self, ref: str, contact: Mapping[str, str]) -> None:
        """Keep a dialled contact's data until its call starts (`take_contact`)."""
        ...

    async def take_contact(self, ref: str) -> dict[str, str]:
        """The contact saved under `ref`, removed from the store; {} when there is none."""
        ...

    async def is_suppressed(self, number: str, campaign: str | None = None) -> bool: ...

    async def has_consent(self, number: str, campaign: str | None = None) -> bool: ...


class Webhooks(Protocol):
    async def post(self, url: str, payload: dict[str, Any], timeout: float) -> None:
        """Raise `bot.core.errors.WebhookFailed` on failure (no 2xx in time), nothing else."""
        ...


class RecognizerStream(Protocol):
    """Streaming speech recognition for one call (LiveKit's STT contract): frames in, transcripts out."""

    complete: Callable[[str], bool]  # may the recogniser end the turn early on this partial?
    audio_seconds: float
    busy_seconds: float
    failed: bool  # the results ended because the recogniser died, not because the stream was closed

    def push_frame(self, pcm: bytes) -> None: ...

    def set_grammar(self, phrases: list[str] | None) -> None: ...

    def __aiter__(self) -> AsyncIterator[Transcript]: ...

    async def aclose(self) -> None: ...


class CallHandle(Protocol):
    """What a script sees of its call (implemented by `CallSession`)."""

    info: CallOffered
    call_id: str
    sample_rate: int
    ended: asyncio.Event  # set once, whatever ends the call

    def listen(self, on_audio: Callable[[bytes], None] | None, on_dtmf: Callable[[str], None] | None) -> None:
        """Route the caller's audio and keys (None: stop)."""
        ...

    async def say(self, text: str, voice: str, rate: int | None = None) -> Spoken: ...

    async def play_file(self, path: Path) -> Spoken: ...

    def stop_speaking(self) -> None: ...

    async def hangup(self) -> None: ...

    async def transfer(self, endpoint: str | None, context: str | None, extension: str | None) -> None: ...

    async def add_turn(self, **fields: Any) -> None: ...

    async def start_recording(self) -> None:
        """Record from now on (after the recording notice), caller and bot on separate channels."""
        ...

    async def discard_recording(self) -> None:
        """Stop recording and delete what was recorded (the caller refused it); the call goes on."""
        ...

    async def record_opt_out(self, source: str, words: str, heard_at: float) -> None:
        """Commit the opt-out before anything else is said; a hangup meanwhile cannot cancel it."""
        ...


class Script(Protocol):
    """What runs a call (the flow runner): it fills `outcome` and returns when the call is done."""

    outcome: CallOutcome

    async def run(self, call: CallHandle) -> None: ...
