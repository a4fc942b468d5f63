"""What a recogniser hears: partial and final results, with the loop times benchmarks and turn-taking use."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Transcript:
    text: str
    final: bool
    confidence: float = 0.0
    at: float = 0.0  # loop time the result was produced
    early: bool = False  # final forced by the VAD rule rather than Vosk's endpointer
    speech_end_at: float = 0.0  # loop time the last voiced frame of this utterance reached the bot
