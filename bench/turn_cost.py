"""CPU of recognising one caller turn, as the bot does it: `python -m bench.turn_cost [--repeat 30]`.

The caller's words (espeak-ng, the load bench's "네" and opt-out phrase, with its line noise) go through
G.711 and up to 16 kHz, then through the bot's own voice gate (`SpeechGate`, `speech_detector`) and its
`Decoder` with the Korean model and the survey question's grammar. Printed: the decoder's CPU per turn
(thread CPU time, p50/p95 over the repeats), with and without the check recogniser that models without
"[unk]" get, and the turns one core decodes per second. This is the work every answer costs at once when
many calls reach their question together (README, "Capacity").
"""

from __future__ import annotations

import argparse
import functools
import time
from pathlib import Path

import numpy as np
import soxr

from bench.load.audio import RATE, caller_stream, espeak_8k, ulaw_decode, ulaw_encode
from bench.load.callers import NOISE
from bot.app.flow_catalog import build_catalog
from bot.speech.fillers import candidates_for
from bot.speech.models import find_model, load_model
from bot.speech.vosk_stream import (
    FRAME_SECONDS,
    HANGOVER,
    PREROLL,
    Decoder,
    SpeechGate,
    kaldi_recognizer,
    speech_detector,
)

SAMPLE_RATE = 16000
TURNS = {"answer": ("네", "ko"), "opt-out": ("전화 하지 마세요", "ko")}


def gated_turn(text: str, voice: str) -> list[tuple[bytes, bool]]:
    """The frames the bot's gate passes for one turn, with their voiced flags."""
    phone = ulaw_decode(ulaw_encode(caller_stream(espeak_8k(text, voice), 0.6, 0.6, NOISE, seed=7)))
    pcm = np.clip(np.round(soxr.resample(phone.astype(np.float32), RATE, SAMPLE_RATE)), -32768, 32767)
    data = pcm.astype("<i2").tobytes()
    size = int(SAMPLE_RATE * FRAME_SECONDS) * 2
    is_speech = speech_detector()
    gate = SpeechGate(round(PREROLL / FRAME_SECONDS), round(HANGOVER / FRAME_SECONDS))
    passed: list[tuple[bytes, bool]] = []
    for at in range(0, len(data) - size + 1, size):
        frame = data[at : at + size]
        voiced = is_speech(frame, SAMPLE_RATE)
        frames, _ended = gate.push(frame, voiced)
        passed += [(f, voiced and i == len(frames) - 1) for i, f in enumerate(frames)]
    return passed


def decode_cost(
    model: object, grammar: list[str], frames: list[tuple[bytes, bool]], fillers: tuple[str, ...]
):
    heard: list[str] = []
    decoder = Decoder(
        functools.partial(kaldi_recognizer, model, SAMPLE_RATE),
        emit=lambda t: heard.append(t.text) if t.final else None,
        complete=lambda _text: False,
        early_frames=8,
        preroll_frames=round(PREROLL / FRAME_SECONDS),
        fillers=fillers,
    )
    decoder.grammar(grammar)
    started = time.thread_time()
    for frame, voiced in frames:
        decoder.audio(frame, 0.0, voiced)
    decoder.segment_end()
    return time.thread_time() - started, heard


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--home", type=Path, default=Path("."))
    args = parser.parse_args()
    models = args.home / ".local" / "models"
    model = load_model(find_model("ko", models))
    fillers = candidates_for(model, "ko")
    # The question's grammar as a call hears it: its intents and the opt-out phrases the model knows.
    grammar = build_catalog(args.home / "flows", models).plans["survey_ko"].listener("ask_interest").grammar
    assert grammar is not None
    heading = f"survey_ko's question as a call hears it ({len(grammar)} phrases), {args.repeat} repeats"
    print(f"Korean model, {heading}")
    print(
        "| turn | gated audio | check pass | decoder CPU per turn p50 / p95 | turns per core-second | heard |"
    )
    print("|---|---|---|---|---|---|")
    for name, (text, voice) in TURNS.items():
        frames = gated_turn(text, voice)
        for label, turn_fillers in (("no", ()), ("yes (the bot)", fillers)):
            costs, heard = [], []
            for _ in range(args.repeat):
                cost, heard = decode_cost(model, grammar, frames, turn_fillers)
                costs.append(cost * 1000)
            p50, p95 = np.percentile(costs, 50), np.percentile(costs, 95)
            print(
                f"| {name} | {len(frames) * FRAME_SECONDS:.2f} s | {label} | {p50:.1f} / {p95:.1f} ms "
                f"| {1000 / p50:.1f} | {' / '.join(heard) or '-'} |"
            )


if __name__ == "__main__":
    main()
