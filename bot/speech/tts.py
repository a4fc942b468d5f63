"""Text to speech with pyttsx3 (espeak-ng), rendered once per (text, voice, rate) and cached on disk.

pyttsx3 is not thread-safe and writes only the last of several `save_to_file` calls before one
`runAndWait`, so one worker thread renders one file per run. Its output (22050 Hz) is resampled to the
call's rate with soxr, a proper low-pass resampler.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import os
import re
import tempfile
import time
import wave
from pathlib import Path

import numpy as np
import soxr

from bot.core.errors import ClearcallError

# Silence kept before a prompt's first sound: every ms of it is heard as the bot's delay (a reply's onset is
# measured on the wire), and 10 ms still keeps the attack of a soft first consonant below the trim threshold.
PROMPT_LEAD_IN = 0.01
# Bump when rendering changes, so old cache entries are not reused.
_CACHE_VERSION = "2"  # 2: 10 ms of lead-in, not 50


class TtsError(ClearcallError):
    """The speech engine could not render a prompt."""


def _silence_pyttsx3_stdout() -> None:
    # The espeak driver print()s "Audio saved to ..." on stdout; shadow print in that module only
    # (swapping sys.stdout would silence other threads too).
    from pyttsx3.drivers import espeak

    espeak.print = lambda *args, **kwargs: None  # type: ignore[attr-defined]


class Tts:
    """Renders prompts to s16le PCM at a target rate; `render()` is safe to call from many calls at once."""

    def __init__(self, cache_dir: Path, words_per_minute: int = 165) -> None:
        self.cache_dir = cache_dir
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self.words_per_minute = words_per_minute
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="tts")
        self._engine = None
        self._inflight: dict[str, asyncio.Future[bytes]] = {}
        self.renders = 0  # how many prompts were actually synthesised (cache misses)

    def cache_path(self, text: str, voice: str, sample_rate: int, rate: int | None = None) -> Path:
        wpm = rate or self.words_per_minute
        key = "\0".join((_CACHE_VERSION, voice, str(wpm), str(sample_rate), text))
        return self.cache_dir / f"{hashlib.sha256(key.encode()).hexdigest()}.pcm"

    async def render(self, text: str, voice: str, sample_rate: int, rate: int | None = None) -> bytes:
        """PCM for `text`; from the cache when it was rendered before. Concurrent asks share one render.

        `rate` is the speaking rate in words per minute (a flow's `rate`); None: this Tts's default.
        """
        wpm = rate or self.words_per_minute
        path = self.cache_path(text, voice, sample_rate, wpm)
        key = path.name
        if key in self._inflight:
            return await asyncio.shield(self._inflight[key])
        try:
            return path.read_bytes()
        except FileNotFoundError:
            pass
        loop = asyncio.get_running_loop()
        fut = loop.run_in_executor(self._executor, self._render_to_cache, text, voice, wpm, sample_rate, path)
        self._inflight[key] = fut
        try:
            return await asyncio.shield(fut)
        finally:
            if fut.done():
                self._inflight.pop(key, None)
            else:
                fut.add_done_callback(lambda _f: self._inflight.pop(key, None))

    async def load_file(self, path: Path, sample_rate: int) -> bytes:
        """A WAV prompt (mono, 16-bit, any rate) as PCM at `sample_rate`."""
        return await asyncio.to_thread(_load_wav, path, sample_rate)

    def _render_to_cache(self, text: str, voice: str, wpm: int, sample_rate: int, path: Path) -> bytes:
        pcm, rate = self._synthesise(text, voice, wpm)
        data = resample(trim_silence(pcm, rate, lead=PROMPT_LEAD_IN), rate, sample_rate)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)  # atomic: a reader never sees half a prompt
        self.renders += 1
        return data

    def _synthesise(self, text: str, voice: str, wpm: int) -> tuple[bytes, int]:
        # Measured: pyttsx3's espeak driver fails to save some long multi-sentence texts (and leaves the
        # engine returning empty audio afterwards), while every sentence alone renders. So: one sentence
        # per run, joined. A sentence that still comes back empty (seen about 1 in 100) is rendered again.
        chunks, rate = [], 22050
        for sentence in split_sentences(text):
            for attempt in range(3):
                try:
                    pcm, rate = self._synthesise_one(sentence, voice, wpm)
                    break
                except TtsError:
                    if attempt == 2:
                        raise
            chunks.append(trim_silence(pcm, rate, keep=0.12))
        return b"".join(chunks), rate

    def _synthesise_one(self, text: str, voice: str, wpm: int) -> tuple[bytes, int]:
        if self._engine is None:
            import pyttsx3

            _silence_pyttsx3_stdout()
            try:
                self._engine = pyttsx3.init("espeak")
            except Exception as exc:
                raise TtsError(
                    f"cannot start espeak-ng via pyttsx3: {exc} (is libespeak-ng1 installed?)"
                ) from exc
        engine = self._engine
        engine.setProperty("voice", voice)
        engine.setProperty("rate", wpm)
        _settle()
        with tempfile.TemporaryDirectory(prefix="clearcall-tts-") as tmp:
            wav_path = os.path.join(tmp, "prompt.wav")
            engine.save_to_file(text, wav_path)
            engine.runAndWait()
            try:
                with wave.open(wav_path, "rb") as wav:
                    if wav.getsampwidth() != 2 or wav.getnchannels() != 1:
                        raise TtsError(f"espeak-ng wrote an unexpected format for voice {voice!r}")
                    pcm, rate = wav.readframes(wav.getnframes()), wav.getframerate()
            except FileNotFoundError:
                pcm, rate = b"", 22050
        if not pcm:
            raise TtsError(f"espeak-ng produced no audio for voice {voice!r}: {text[:40]!r}")
        return pcm, rate

    def close(self) -> None:
        self._executor.shutdown(wait=True)


def _settle(timeout: float = 1.0) -> None:
    """Wait until espeak-ng has applied the voice and rate just set.

    pyttsx3 runs espeak-ng asynchronously: the settings go into espeak's command queue, and a synthesis
    started before the queue drains can use the previous call's rate or voice. Measured: alternating
    rates, about half the prompts came out at the previous rate; waiting here, none of 180 did.
    """
    from pyttsx3.drivers import _espeak

    deadline = time.monotonic() + timeout
    while _espeak.IsPlaying() and time.monotonic() < deadline:
        time.sleep(0.002)


def resample(pcm: bytes, rate: int, sample_rate: int) -> bytes:
    """s16le PCM from `rate` to `sample_rate` through soxr's low-pass resampler."""
    samples = np.frombuffer(pcm, dtype="<i2")
    if rate != sample_rate:
        resampled = soxr.resample(samples.astype(np.float32), rate, sample_rate, quality="HQ")
        samples = np.clip(np.round(resampled), -32768, 32767).astype("<i2")
    return samples.tobytes()


def _load_wav(path: Path, sample_rate: int) -> bytes:
    try:
        with wave.open(str(path), "rb") as wav:
            if wav.getsampwidth() != 2 or wav.getnchannels() != 1:
                raise TtsError(f"{path}: play files must be mono 16-bit WAV")
            return resample(wav.readframes(wav.getnframes()), wav.getframerate(), sample_rate)
    except (FileNotFoundError, wave.Error) as exc:
        raise TtsError(f"{path}: cannot read the WAV file ({exc})") from exc


_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*")


def split_sentences(text: str) -> list[str]:
    """Split after sentence punctuation (Latin and CJK); never returns an empty list for real text."""
    parts = [p.strip() for p in _SENTENCE_END.split(text)]
    return [p for p in parts if p] or [text]


def trim_silence(
    pcm: bytes, rate: int, keep: float = 0.05, threshold: int = 200, lead: float | None = None
) -> bytes:
    """Cut espeak's trailing silence down to `keep` seconds and its leading silence to `lead` (default
    `keep`): dead air only delays the call. (Between sentences `keep` is longer, a natural pause.)
    """
    samples = np.frombuffer(pcm, dtype="<i2")
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > threshold)
    if loud.size == 0:
        return pcm
    before = int((keep if lead is None else lead) * rate)
    start, end = max(0, loud[0] - before), min(len(samples), loud[-1] + 1 + int(keep * rate))
    return samples[start:end].tobytes()
