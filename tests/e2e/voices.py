"""Caller speech for the e2e tests: espeak-ng (byte-identical run to run) at the phone's 8 kHz."""

from __future__ import annotations

import io
import subprocess
import wave

import numpy as np
import soxr


def speak_8k(text: str, voice: str = "ko") -> np.ndarray:
    wav = subprocess.run(["espeak-ng", "-v", voice, "--stdout", text], capture_output=True, check=True).stdout
    with wave.open(io.BytesIO(wav)) as w:
        rate = w.getframerate()
        samples = np.frombuffer(w.readframes(w.getnframes()), "<i2")
    out = soxr.resample(samples.astype(np.float32), rate, 8000)
    return np.clip(np.round(out), -32768, 32767).astype(np.int16)
