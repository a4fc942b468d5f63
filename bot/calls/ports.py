"""What a call needs from the edges, as Protocols: production passes the real edges, tests pass fakes."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any, Protocol

from bot.core.transcript import Transcript


class Playing(Protocol):
    """A prompt being streamed into the call."""

    done: asyncio.Future[bool]
    first_frame_at: float | None

    def stop(self) -> None: ...


class Media(Protocol):
    """The call's audio: caller frames arrive at `on_audio`, keys at `on_dtmf`; `play` streams PCM."""

    sample_rate: int
    on_audio: Callable[[bytes], None]
    on_dtmf: Callable[[str], None]
    closed: asyncio.Event

    def play(self, pcm: bytes) -> Playing: ...

    def stop_playback(self) -> None: ...

    async def aclose(self) -> None: ...


class CallControl(Protocol):
    """Telephony control of one Asterisk (ARI)."""

    async def answer(self, channel_id: str) -> None: ...

    async def hangup(self, channel_id: str, reason: str = "normal") -> None: ...

    async def connect_media(self, channel_id: str, call_uuid: uuid.UUID) -> tuple[Media, list[str]]:
        """Bridge the caller with a new media connection; returns it and the ids to tear down."""
        ...

    async def teardown(self, resource_ids: list[str]) -> None: ...

    async def transfer(
        self, channel_id: str, endpoint: str | None, context: str | None, extension: str | None
    ) -> None:
        """Hand the caller to a human: leave Stasis to a dialplan extension or dial an endpoint."""
        ...


class Originator(Protocol):
    async def originate(self, number: str, flow: str) -> str:
        """Dial `number` through the gated outbound context; the answered call runs `flow`."""
        ...


class SpeechOut(Protocol):
    async def render(self, text: str, voice: str, sample_rate: int) -> bytes: ...

    async def load_file(self, path: Path, sample_rate: int) -> bytes:
        """A recorded prompt (WAV) as PCM at `sample_rate`."""
        ...


class CallStore(Protocol):
    async def call_started(self, call_id: str, **fields: Any) -> None: ...

    async def call_updated(self, call_id: str, **fields: Any) -> None: ...

    async def add_turn(self, call_id: str, **fields: Any) -> None: ...

    async def suppress(
        self, number: str, *, scope: str, source: str, words: str = "", call_id: str = ""
    ) -> None: ...

    async def is_suppressed(self, number: str, campaign: str | None = None) -> bool: ...

    async def has_consent(self, number: str, campaign: str | None = None) -> bool: ...


class Webhooks(Protocol):
    async def post(self, url: str, payload: dict[str, Any], timeout: float) -> None:
        """Raise on failure (no 2xx in time)."""
        ...


class RecognizerStream(Protocol):
    """Streaming speech recognition for one call (LiveKit's STT contract): frames in, transcripts out."""

    complete: Callable[[str], bool]  # may the recogniser end the turn early on this partial?

    def push_frame(self, pcm: bytes) -> None: ...

    def set_grammar(self, phrases: list[str] | None) -> None: ...

    def __aiter__(self) -> AsyncIterator[Transcript]: ...

    async def aclose(self) -> None: ...
