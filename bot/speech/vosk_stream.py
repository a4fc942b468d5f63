"""Streaming speech recognition with Vosk: one stream per call, fed 20 ms frames from the call's audio.

Contract (as LiveKit's STT streams): `push_frame()`, `aclose()`, and `async for` over results.
Each stream has its own worker thread: Vosk's C calls release the GIL, so calls recognise in parallel
and the event loop never waits on a recogniser. Its input is bounded: a recogniser that falls far behind
loses its oldest audio, so memory stays flat and what it hears next is recent.

Speech, not silence: a voice activity detector gates the recogniser. Only speech reaches Vosk, with
`PREROLL` of audio before its onset (first syllables are not clipped) and `HANGOVER` after it; at the
end of each segment the stream asks Vosk for its final result (Vosk's endpointer never fires on gated
audio). Most of a call is silence, so this is what lets one process carry 50 calls on 2 cores
(../shared/reference/vosk-capacity.md: 0.86 s of CPU per 30 s call ungated, 0.04-0.08 s gated).

Turn-taking: Vosk's own endpointer waits 0.5-2 s of trailing silence (measured 0.8-1 s to a final
result). The stream can end the turn earlier: when a voice activity detector has heard `early_silence`
of non-speech *and* the partial text already satisfies `complete(text)` (a whole expected phrase), it
forces the final result. A caller who pauses mid-sentence does not match a whole phrase, so is not cut.

Out-of-grammar speech: a grammar recogniser maps whatever it hears onto the grammar's words. Vosk adds
"[unk]" to every grammar for speech that fits none of them, but some models (the Korean one) have no
[unk]. For those the stream is given filler words (bot.speech.fillers) and runs a *check* recogniser
beside the main one, on the same frames: the grammar's phrases weighted against the fillers. Each final
result carries its words with their confidences (`HeardTranscript.words`) and the check's words, fillers
written as "[unk]" (`HeardTranscript.checked`); bot.flow.answers reads both.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import webrtcvad

from bot.core.transcript import Transcript
from bot.speech.fillers import check_grammar, fillers_for

log = logging.getLogger(__name__)

# About 10 s of 20 ms frames: far more than a recogniser that keeps up ever queues, yet little memory
# (320 KB at 16 kHz). Behind by that much, the caller's old words are useless to the conversation.
MAX_QUEUED_FRAMES = 500
FRAME_SECONDS = 0.02
PREROLL = 0.3  # seconds of audio kept before speech starts, fed with it
HANGOVER = 0.3  # seconds of non-speech that end a segment
# webrtcvad's most aggressive mode: mode 2 kept passing line noise after the caller stopped (decoded twice,
# by the grammar and the check recogniser); mode 3 halved the bot's CPU per call at 20 calls with the same
# offline accuracy (README, "Capacity").
VAD_MODE = 3
# webrtcvad keeps calling a frame speech for about 120 ms after the voice stops, even on digital silence
# (its own smoothing): a frame quieter than this RMS (16-bit; about -50 dBFS, far below any speech on a
# phone line, above line noise ~30) is not speech, so the end of speech is heard when it happens.
ENERGY_FLOOR = 100
# The recogniser's partial result lags the audio by its look-ahead (measured: the Korean model's "네"
# 300 ms after the word ended). Once the caller has been quiet FLUSH_AFTER frames, FLUSH_FRAMES frames of
# digital silence are decoded at once, so the partial, and with it the early end of turn, comes ~150 ms
# sooner. Silence, not copies of the quiet frame: that frame is often the word's soft tail, and ten copies
# of it were decoded as more speech that lost the word (bench.speech_accuracy). Waiting a few frames keeps
# the extra silence out of a word's short stop closures.
FLUSH_AFTER = 3
FLUSH_FRAMES = 10

_CLOSE = object()
UNK = "[unk]"


@dataclass(frozen=True)
class HeardTranscript(Transcript):
    """A final result with what the answer rules read beyond the text (bot.flow.answers)."""

    words: tuple[tuple[str, float], ...] = ()  # (word, confidence), in order; "[unk]" for out-of-grammar
    checked: tuple[str, ...] | None = None  # the check recogniser's words, fillers as "[unk]"; None: no check


@dataclass
class _Grammar:
    phrases: list[str] | None


@dataclass(frozen=True, slots=True)
class _Audio:
    pcm: bytes
    arrived_at: float  # loop time, for the speech-end timestamp
    voiced: bool = True


_SEGMENT_END = object()  # the gate closed: time for Vosk's final result


@dataclass(frozen=True)
class _Drained:
    done: asyncio.Future[None]  # set (on the loop) once the worker reached this item


class _BoundedFrames:
    """The worker's input, in order: audio is bounded (the oldest frame goes), control items never are.

    `put_*` never blocks (the event loop feeds it); `get` blocks the worker thread until something comes.
    """

    def __init__(self, max_frames: int) -> None:
        self._items: deque[object] = deque()
        self._frames = 0
        self.max_frames = max_frames
        self._ready = threading.Condition()
        self.dropped = 0

    def put_audio(self, item: _Audio) -> bool:
        """Queue audio; True when the oldest queued frame was dropped to make room."""
        with self._ready:
            full = self._frames >= self.max_frames
            if full:
                # Control items stay where they are: a grammar still applies from its place in the stream.
                oldest = next(i for i, queued in enumerate(self._items) if isinstance(queued, _Audio))
                del self._items[oldest]
                self._frames -= 1
                self.dropped += 1
            self._items.append(item)
            self._frames += 1
            self._ready.notify()
            return full

    def put_control(self, item: object) -> None:
        with self._ready:
            self._items.append(item)
            self._ready.notify()

    def close(self) -> None:
        """Queue the close ahead of any audio: nobody reads results after close, so don't make it wait."""
        with self._ready:
            self._items = deque(i for i in self._items if not isinstance(i, _Audio))
            self._frames = 0
            self._items.append(_CLOSE)
            self._ready.notify()

    def get(self) -> object:
        with self._ready:
            while not self._items:
                self._ready.wait()
            item = self._items.popleft()
            if isinstance(item, _Audio):
                self._frames -= 1
            return item


def speech_detector(vad_mode: int = VAD_MODE) -> Callable[[bytes, int], bool]:
    """Is this 16-bit frame speech: webrtcvad says so and it is loud enough (ENERGY_FLOOR)."""
    vad = webrtcvad.Vad(vad_mode)

    def is_speech(pcm: bytes, sample_rate: int) -> bool:
        if not vad.is_speech(pcm, sample_rate):
            return False
        samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32)
        return float(np.dot(samples, samples)) >= ENERGY_FLOOR**2 * samples.size

    return is_speech


class SpeechGate:
    """Which frames reach the recogniser: speech, with a pre-roll before its onset and a hangover after."""

    def __init__(self, preroll_frames: int, hangover_frames: int) -> None:
        self._preroll: deque[bytes] = deque(maxlen=preroll_frames)
        self._hangover = hangover_frames
        self._silent = 0
        self.in_speech = False

    def push(self, pcm: bytes, voiced: bool) -> tuple[list[bytes], bool]:
        """The frames to recognise now, and whether a speech segment just ended (time to finalise)."""
        if not self.in_speech:
            self._preroll.append(pcm)
            if not voiced:
                return [], False
            self.in_speech, self._silent = True, 0
            frames = list(self._preroll)
            self._preroll.clear()
            return frames, False
        self._silent = 0 if voiced else self._silent + 1
        if self._silent >= self._hangover:
            self.in_speech = False
            return [pcm], True
        return [pcm], False


@functools.lru_cache(maxsize=256)
def _grammar_json(phrases: tuple[str, ...]) -> str:
    """A grammar as Vosk takes it; every call of a flow asks for the same few, so they are built once."""
    return json.dumps([*phrases, UNK], ensure_ascii=False)


@functools.lru_cache(maxsize=256)
def _check_of(
    candidates: tuple[str, ...], phrases: tuple[str, ...]
) -> tuple[tuple[str, ...], frozenset[str]] | None:
    """The check grammar of `phrases` and their words, or None without fillers. Cached: choosing fillers
    is Python work on the recogniser's thread, which holds the GIL the media loop needs."""
    fillers = fillers_for(candidates, phrases)
    if not fillers:
        return None
    return tuple(check_grammar(phrases, fillers)), frozenset(w for phrase in phrases for w in phrase.split())


def kaldi_recognizer(model: object, sample_rate: int, phrases: list[str] | None) -> object:
    """A Vosk recogniser, restricted to `phrases` (plus "[unk]") unless None, with word confidences."""
    import vosk

    if phrases is None:
        rec = vosk.KaldiRecognizer(model, sample_rate)
    else:
        rec = vosk.KaldiRecognizer(model, sample_rate, _grammar_json(tuple(phrases)))
    rec.SetWords(True)  # word confidences: the answer rules' thresholds (bot.flow.answers)
    return rec


class Decoder:
    """The recognition of one call, fed in order: grammars, gated audio, segment ends; VoskStream drives it
    from the call's recogniser thread. `emit` gets every partial and final result; `complete` says
    whether a partial may end the turn early."""

    def __init__(
        self,
        make: Callable[[list[str] | None], object],
        *,
        emit: Callable[[Transcript], None],
        complete: Callable[[str], bool],
        early_frames: int,
        preroll_frames: int,
        fillers: Sequence[str] = (),
    ) -> None:
        self._make = make  # a recogniser for these phrases (None: free-form)
        self._emit = emit
        self._complete = complete
        self._early_frames = early_frames
        self._preroll_frames = preroll_frames
        # Candidate filler words for models without [unk]: each grammar then gets a check recogniser.
        self._fillers = tuple(fillers)
        self._check: tuple[object, frozenset[str]] | None = None  # (recogniser, the grammar's words)
        self.busy_seconds = 0.0  # CPU time of the decoding thread in Vosk (not waits): the real-time factor
        # Built when the first audio comes without a grammar: calls set one before they listen, and a
        # free-form recogniser costs 80-100 ms of CPU and 16 MB (vosk-capacity.md) to throw away.
        self._rec: object | None = None
        self._last_partial = ""
        self._last_raw_partial = ""
        self._silent_frames = 0
        self._last_voiced_at = 0.0
        # Since the last final result: the quiet after it, not before it, is flushed.
        self._voice_heard = False
        # After a final result inside a segment (the early end of turn, or Vosk's endpoint), quiet frames
        # are held back, and fed only if the caller speaks again within the segment: decoded on their own,
        # the Korean grammar (no [unk]) turned that silence into a "예" (bench.speech_accuracy, pink noise).
        self._held: deque[bytes] | None = None

    def grammar(self, phrases: list[str] | None) -> None:
        self._rec = self._make(phrases)
        self._check = self._new_check(phrases)
        self._last_partial, self._last_raw_partial, self._silent_frames = "", "", 0
        self._voice_heard, self._held = False, None

    def segment_end(self) -> None:
        started = time.thread_time()
        rec = self._recognizer()
        self._final(rec.FinalResult(), False)  # type: ignore[attr-defined]
        self._last_partial = self._last_raw_partial = ""
        self._voice_heard, self._held = False, None
        self.busy_seconds += time.thread_time() - started

    def audio(self, pcm: bytes, arrived_at: float, voiced: bool) -> None:
        if voiced:
            self._silent_frames, self._last_voiced_at, self._voice_heard = 0, arrived_at, True
        else:
            self._silent_frames += 1
            if self._held is not None:
                self._held.append(pcm)
                return
        started = time.thread_time()
        rec = self._recognizer()
        flush = self._voice_heard and self._silent_frames == FLUSH_AFTER  # not in a pre-roll
        if flush:
            pcm += bytes(len(pcm) * FLUSH_FRAMES)
        if self._held is not None:  # speech again: with the quiet before it, as a pre-roll
            pcm, self._held = b"".join(self._held) + pcm, None
        if self._check is not None:  # the same audio, the same segments: finals line up
            self._check[0].AcceptWaveform(pcm)  # type: ignore[attr-defined]
        if rec.AcceptWaveform(pcm):  # type: ignore[attr-defined]
            self._final(rec.Result(), False)  # type: ignore[attr-defined]
            self._after_final()
        else:
            raw = rec.PartialResult()  # type: ignore[attr-defined]
            if raw != self._last_raw_partial:  # mostly unchanged frame to frame: parse only news
                self._last_raw_partial = raw
                partial = json.loads(raw).get("partial", "").strip()
                if partial and partial != self._last_partial:
                    self._last_partial = partial
                    self._emit(Transcript(partial, False, 0.0, time.monotonic()))
            last = self._last_partial
            if last and self._silent_frames >= self._early_frames and self._complete(last):
                self._final(rec.FinalResult(), True)  # type: ignore[attr-defined]
                self._after_final()
        self.busy_seconds += time.thread_time() - started

    def _after_final(self) -> None:
        self._last_partial, self._last_raw_partial, self._voice_heard = "", "", False
        self._held = deque(maxlen=self._preroll_frames)

    def _recognizer(self) -> object:
        if self._rec is None:
            self._rec = self._make(None)
        return self._rec

    def _new_check(self, phrases: list[str] | None) -> tuple[object, frozenset[str]] | None:
        """The check recogniser of a grammar and the grammar's own words, or None (free-form, no fillers)."""
        if phrases is None or not self._fillers:
            return None
        check = _check_of(self._fillers, tuple(phrases))
        if check is None:
            return None
        check_phrases, grammar_words = check
        return self._make(list(check_phrases)), grammar_words

    def _final(self, raw: str, early: bool) -> None:
        # The check recogniser's result for the audio since its last one (it then starts afresh).
        check_raw = self._check[0].FinalResult() if self._check is not None else None  # type: ignore[attr-defined]
        result = json.loads(raw)
        text = result.get("text", "").strip()
        if not text or text == UNK:
            return
        words = tuple(
            (w.get("word", ""), round(float(w.get("conf", 0.0)), 3)) for w in result.get("result") or []
        )
        confidence = sum(c for _w, c in words) / len(words) if words else 0.0
        checked = None
        if check_raw is not None and self._check is not None:
            grammar_words = self._check[1]
            found = json.loads(check_raw).get("result") or []
            checked = tuple(w.get("word", "") if w.get("word", "") in grammar_words else UNK for w in found)
        heard = HeardTranscript(
            text, True, round(confidence, 3), time.monotonic(), early, self._last_voiced_at, words, checked
        )
        self._emit(heard)


class VoskStream:
    """Vosk recogniser for one call: the voice gate on the event loop, a Decoder on the stream's own
    thread, and the results as an async iterator. Grammar and early-final rule can change per state."""

    def __init__(
        self,
        model: object,
        sample_rate: int,
        *,
        early_silence: float = 0.15,
        vad_mode: int = VAD_MODE,
        name: str = "asr",
        max_queued_frames: int = MAX_QUEUED_FRAMES,
        is_speech: Callable[[bytes, int], bool] | None = None,
        fillers: Sequence[str] = (),
    ) -> None:
        self._model = model
        self._fillers = tuple(fillers)  # candidate filler words: each grammar then gets a check pass
        self.name = name
        self.sample_rate = sample_rate
        self._early_frames = max(1, round(early_silence / 0.02))
        self._is_speech = is_speech or speech_detector(vad_mode)
        self._preroll_frames = round(PREROLL / FRAME_SECONDS)
        self._speech = SpeechGate(self._preroll_frames, round(HANGOVER / FRAME_SECONDS))
        self._loop = asyncio.get_running_loop()
        self._in = _BoundedFrames(max_queued_frames)
        self._out: asyncio.Queue[Transcript | None] = asyncio.Queue()
        self.complete: Callable[[str], bool] = lambda _text: False
        self.audio_seconds = 0.0
        self.speech_seconds = 0.0  # of it, what the gate let through to Vosk
        self.busy_seconds = 0.0  # CPU time of the recogniser thread in Vosk (not waits): the real-time factor
        self._closed = False
        self._failed = False  # set by the worker thread; stops feeding a dead recogniser
        self._vad_failed = False
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._thread.start()

    # ---- feeding (event loop side) ------------------------------------------------------------------
    def push_frame(self, pcm: bytes) -> None:
        """Gate here, on the loop: the VAD costs microseconds, while waking the recogniser's thread for a
        silent frame costs a GIL hand-off, and 50 calls x 50 frames a second of those starve the pacer."""
        if self._closed or self._failed:
            return
        self.audio_seconds += len(pcm) / 2 / self.sample_rate
        voiced = self._voiced(pcm)
        frames, segment_ended = self._speech.push(pcm, voiced)
        if not frames and not segment_ended:
            return
        self.speech_seconds += len(frames) * len(pcm) / 2 / self.sample_rate
        now = self._loop.time()
        for index, frame in enumerate(frames):  # the pre-roll's frames are unvoiced but for the last
            audio = _Audio(frame, now, voiced and index == len(frames) - 1)
            if self._in.put_audio(audio) and self._in.dropped == 1:  # once per call
                behind = self._in.max_frames
                log.warning(
                    "%s: recogniser is %d frames behind; dropping the oldest audio", self.name, behind
                )
        if segment_ended:
            self._in.put_control(_SEGMENT_END)

    def set_grammar(self, phrases: list[str] | None) -> None:
        """Restrict recognition to these phrases (plus "[unk]"); None for free-form."""
        self._in.put_control(_Grammar(list(phrases) if phrases is not None else None))

    def _voiced(self, pcm: bytes) -> bool:
        try:
            return self._is_speech(pcm, self.sample_rate)
        except Exception:  # odd-sized frame: treat as speech, never cut the caller on it
            if not self._vad_failed:  # once: every frame of a wrong rate or size would fail alike
                self._vad_failed = True
                log.warning(
                    "%s: VAD rejected a %d-byte frame at %d Hz; treating it as speech",
                    self.name,
                    len(pcm),
                    self.sample_rate,
                    exc_info=True,
                )
            return True

    @property
    def failed(self) -> bool:
        """The results ended because the recogniser died, not because the stream was closed."""
        return self._failed

    def __aiter__(self) -> VoskStream:
        return self

    async def __anext__(self) -> Transcript:
        item = await self._out.get()
        if item is None:
            raise StopAsyncIteration
        return item

    async def drained(self) -> None:
        """Until the worker has taken everything pushed before this call (results emitted before it).
        For feeding audio faster than real time (bench/speech_accuracy --offline)."""
        if self._closed or self._failed:
            return
        done = self._loop.create_future()
        self._in.put_control(_Drained(done))
        await done

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._in.close()
        await asyncio.to_thread(self._thread.join, 5.0)
        if self._thread.is_alive():
            log.warning("%s: recogniser thread still busy 5 s after close; leaving it", self.name)
        log.info(
            "%s: %.2f s of %.2f s of audio reached the recogniser",
            self.name,
            self.speech_seconds,
            self.audio_seconds,
        )
        if self._in.dropped:
            log.info("%s: %d frames dropped while the recogniser was behind", self.name, self._in.dropped)

    # ---- worker thread --------------------------------------------------------------------------------
    def _new_recognizer(self, phrases: list[str] | None) -> object:
        return kaldi_recognizer(self._model, self.sample_rate, phrases)

    def _emit(self, transcript: Transcript | None) -> None:
        try:
            self._loop.call_soon_threadsafe(self._out.put_nowait, transcript)
        except RuntimeError:  # loop closed while the call ended
            pass

    def _work(self) -> None:
        # A failure here would otherwise only reach threading.excepthook and leave `async for` waiting
        # forever: log it and end the results; the call then ends (FlowRunner: asr_lost).
        try:
            self._recognise()
        except Exception:
            self._failed = True
            log.exception("%s: recogniser failed; no more speech results for this call", self.name)
        finally:
            self._emit(None)

    def _recognise(self) -> None:
        decoder = Decoder(
            self._new_recognizer,
            emit=self._emit,
            complete=lambda text: self.complete(text),  # a worker-thread predicate (FlowRunner._complete)
            early_frames=self._early_frames,
            preroll_frames=self._preroll_frames,
            fillers=self._fillers,
        )
        while True:
            item = self._in.get()
            if item is _CLOSE:
                return
            if isinstance(item, _Drained):
                self._loop.call_soon_threadsafe(item.done.set_result, None)
            elif isinstance(item, _Grammar):
                decoder.grammar(item.phrases)
            elif item is _SEGMENT_END:
                decoder.segment_end()
            else:
                assert isinstance(item, _Audio)
                decoder.audio(item.pcm, item.arrived_at, item.voiced)
            self.busy_seconds = decoder.busy_seconds
