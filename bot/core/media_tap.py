"""The one seam where recording sees a call's audio, wherever the media path runs (in the bot's loop
today, maybe a worker process tomorrow): the media edge feeds it, `calls/` hands it out."""

from __future__ import annotations

from typing import Protocol


class MediaTap(Protocol):
    """Sees the call's audio as it passes: each caller frame as it arrives, each bot frame as it is sent
    (speech or silence), both s16le at the call's rate. Called on the media path: must not block."""

    def caller_frame(self, pcm: bytes) -> None: ...

    def bot_frame(self, pcm: bytes) -> None: ...
