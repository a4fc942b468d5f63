"""Audio for the load bench: G.711 µ-law, frame levels, and the callers' espeak-ng speech as sipp plays it."""

from __future__ import annotations

import io
import subprocess
import wave
from pathlib import Path

import numpy as np
import soxr

RATE = 8000
FRAME = 160  # samples per 20 ms RTP packet at 8 kHz
_BIAS = 0x84
_CLIP = 32635


def _decode_table() -> np.ndarray:
    u = ~np.arange(256, dtype=np.uint8)
    sign = u & 0x80
    exponent = (u >> 4) & 0x07
    mantissa = u & 0x0F
    magnitude = (((mantissa.astype(np.int32) << 3) + _BIAS) << exponent) - _BIAS
    return np.where(sign != 0, -magnitude, magnitude).astype(np.int16)


ULAW_TABLE = _decode_table()


def ulaw_decode(data: bytes) -> np.ndarray:
    return ULAW_TABLE[np.frombuffer(data, dtype=np.uint8)]


def ulaw_encode(samples: np.ndarray) -> bytes:
    x = samples.astype(np.int32)
    sign = np.where(x < 0, 0x80, 0)
    magnitude = np.minimum(np.abs(x), _CLIP) + _BIAS
    exponent = np.clip(np.floor(np.log2(magnitude)).astype(np.int32) - 7, 0, 7)
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    return (~(sign | (exponent << 4) | mantissa) & 0xFF).astype(np.uint8).tobytes()


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(samples.astype(np.float64) ** 2))) if samples.size else 0.0


def frame_levels(samples: np.ndarray) -> np.ndarray:
    """RMS of each 20 ms frame (the last partial frame zero-padded)."""
    pad = (-len(samples)) % FRAME
    frames = np.pad(samples.astype(np.float64), (0, pad)).reshape(-1, FRAME)
    return np.sqrt(np.mean(frames**2, axis=1))


def to_8k(pcm16: np.ndarray, rate: int) -> np.ndarray:
    if rate == RATE:
        return pcm16.astype(np.int16)
    out = soxr.resample(pcm16.astype(np.float32), rate, RATE, quality="HQ")
    return np.clip(np.round(out), -32768, 32767).astype(np.int16)


def espeak_8k(text: str, voice: str) -> np.ndarray:
    """What espeak-ng says for `text`, at the phone's 8 kHz (byte-identical run to run)."""
    wav = subprocess.run(["espeak-ng", "-v", voice, "--stdout", text], capture_output=True, check=True).stdout
    with wave.open(io.BytesIO(wav)) as w:
        rate = w.getframerate()
        samples = np.frombuffer(w.readframes(w.getnframes()), "<i2")
    return to_8k(samples, rate)


def caller_stream(speech: np.ndarray, lead_s: float, tail_s: float, noise: float, seed: int) -> np.ndarray:
    """A caller's whole side of the call: line noise, the speech after `lead_s`, then noise again."""
    rng = np.random.default_rng(seed)
    lead, tail = rng.normal(0, noise, int(lead_s * RATE)), rng.normal(0, noise, int(tail_s * RATE))
    out = np.concatenate([lead, speech.astype(np.float64), tail])
    out = np.pad(out, (0, (-len(out)) % FRAME))
    return np.clip(np.round(out), -32768, 32767).astype(np.int16)


def write_ulaw(path: Path, samples: np.ndarray) -> None:
    """Headerless µ-law at 8 kHz: what sipp's `rtp_stream` plays with payload type 0."""
    path.write_bytes(ulaw_encode(samples))
