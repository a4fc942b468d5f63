"""Streaming speech recognition with Vosk: one stream per call, fed 20 ms frames from the call's audio.

Contract (as LiveKit's STT streams): `push_frame()`, `flush()`, `aclose()`, and `async for` over results.
Each stream has its own worker thread: Vosk's C calls release the GIL, so calls recognise in parallel
and the event loop never waits on a recogniser.

Turn-taking: Vosk's own endpointer waits 0.5-2 s of trailing silence (measured 0.8-1 s to a final
result). The stream can end the turn earlier: when a voice activity detector has heard `early_silence`
of non-speech *and* the partial text already satisfies `complete(text)` (a whole expected phrase), it
forces the final result. A caller who pauses mid-sentence does not match a whole phrase, so is not cut.
"""

from __future__ import annotations

import asyncio
import json
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import webrtcvad

from bot.core.transcript import Transcript

_CLOSE = object()
_FLUSH = object()


@dataclass
class _Grammar:
    phrases: list[str] | None


class VoskStream:
    """Vosk recogniser for one call. Grammar and early-final rule can change per state."""

    def __init__(
        self,
        model: object,
        sample_rate: int,
        *,
        early_silence: float = 0.15,
        vad_mode: int = 2,
        name: str = "asr",
    ) -> None:
        self._model = model
        self.sample_rate = sample_rate
        self._early_frames = max(1, round(early_silence / 0.02))
        self._vad = webrtcvad.Vad(vad_mode)
        self._loop = asyncio.get_running_loop()
        self._in: queue.Queue[object] = queue.Queue()
        self._out: asyncio.Queue[Transcript | None] = asyncio.Queue()
        self.complete: Callable[[str], bool] = lambda _text: False
        self.audio_seconds = 0.0
        self.busy_seconds = 0.0  # CPU-side time in Vosk, for the real-time factor
        self._closed = False
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._thread.start()

    # ---- feeding (event loop side) ------------------------------------------------------------------
    def push_frame(self, pcm: bytes) -> None:
        if not self._closed:
            self._in.put((pcm, self._loop.time()))

    def set_grammar(self, phrases: list[str] | None) -> None:
        """Restrict recognition to these phrases (plus "[unk]"); None for free-form."""
        self._in.put(_Grammar(list(phrases) if phrases is not None else None))

    async def flush(self) -> None:
        """Force a final result for what was heard so far (e.g. on a no-input timeout)."""
        self._in.put(_FLUSH)

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._in.put(_CLOSE)
        await asyncio.to_thread(self._thread.join, 5.0)

    def __aiter__(self) -> VoskStream:
        return self

    async def __anext__(self) -> Transcript:
        item = await self._out.get()
        if item is None:
            raise StopAsyncIteration
        return item

    # ---- worker thread --------------------------------------------------------------------------------
    def _emit(self, transcript: Transcript | None) -> None:
        try:
            self._loop.call_soon_threadsafe(self._out.put_nowait, transcript)
        except RuntimeError:  # loop closed while the call ended
            pass

    def _new_recognizer(self, phrases: list[str] | None):
        import vosk

        if phrases is None:
            rec = vosk.KaldiRecognizer(self._model, self.sample_rate)
        else:
            rec = vosk.KaldiRecognizer(
                self._model, self.sample_rate, json.dumps([*phrases, "[unk]"], ensure_ascii=False)
            )
        rec.SetWords(True)
        return rec

    def _final(self, raw: str, early: bool, speech_end_at: float = 0.0) -> None:
        result = json.loads(raw)
        text = result.get("text", "").strip()
        if not text or text == "[unk]":
            return
        words = result.get("result") or []
        confidence = sum(w.get("conf", 0.0) for w in words) / len(words) if words else 0.0
        self._emit(Transcript(text, True, round(confidence, 3), self._loop.time(), early, speech_end_at))

    def _work(self) -> None:
        rec = self._new_recognizer(None)
        last_partial = ""
        silent_frames = 0
        last_voiced_at = 0.0
        while True:
            item = self._in.get()
            if item is _CLOSE:
                break
            if isinstance(item, _Grammar):
                rec = self._new_recognizer(item.phrases)
                last_partial, silent_frames = "", 0
                continue
            if item is _FLUSH:
                self._final(rec.FinalResult(), early=False, speech_end_at=last_voiced_at)
                last_partial, silent_frames = "", 0
                continue
            assert isinstance(item, tuple)
            item, arrived_at = item
            started = time.perf_counter()
            self.audio_seconds += len(item) / 2 / self.sample_rate
            if rec.AcceptWaveform(item):
                self._final(rec.Result(), early=False, speech_end_at=last_voiced_at)
                last_partial, silent_frames = "", 0
            else:
                partial = json.loads(rec.PartialResult()).get("partial", "").strip()
                if partial and partial != last_partial:
                    last_partial = partial
                    self._emit(Transcript(partial, False, 0.0, self._loop.time()))
                try:
                    speech = self._vad.is_speech(item, self.sample_rate)
                except Exception:  # odd-sized frame: treat as speech, never cut the caller on it
                    speech = True
                if speech:
                    silent_frames, last_voiced_at = 0, arrived_at
                else:
                    silent_frames += 1
                if last_partial and silent_frames >= self._early_frames and self.complete(last_partial):
                    self._final(rec.FinalResult(), early=True, speech_end_at=last_voiced_at)
                    last_partial, silent_frames = "", 0
            self.busy_seconds += time.perf_counter() - started
        self._emit(None)
