"""Spoken durations with the real TTS (pyttsx3 + espeak-ng): every shipped opening within 10 s, the
flow's `rate` really changes the pace, and `flows check` prints the durations."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import numpy as np
import pytest

from bot.cli import flows as cli_flows
from bot.flow.contact import sample_contact
from bot.flow.loader import load_flow
from bot.flow.opening import MAX_OPENING_SECONDS
from bot.speech.tts import PROMPT_LEAD_IN, Tts

pytest.importorskip("pyttsx3")

FLOWS = Path(__file__).resolve().parents[2] / "flows"
SHIPPED = sorted(FLOWS.glob("*.yaml"))
SAMPLE_RATE = 16000


def seconds(tts: Tts, text: str, voice: str, rate: int) -> float:
    return len(asyncio.run(tts.render(text, voice, SAMPLE_RATE, rate))) / (2 * SAMPLE_RATE)


@pytest.fixture(scope="module")
def tts(tmp_path_factory: pytest.TempPathFactory) -> Tts:
    engine = Tts(tmp_path_factory.mktemp("tts"))
    yield engine  # type: ignore[misc]
    engine.close()


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_every_shipped_opening_is_said_within_10_seconds(tts: Tts, path: Path) -> None:
    flow = load_flow(path)
    for contact in ({}, sample_contact(flow)):
        spoken = seconds(tts, flow.opening_text(contact), flow.voice, flow.rate)
        assert 3.0 < spoken <= MAX_OPENING_SECONDS, f"{path.name}: {spoken:.2f} s at {flow.rate} wpm"


def test_the_rate_sets_the_pace_even_when_it_changes_every_prompt(tmp_path: Path) -> None:
    text, voice = "This call is recorded. Say stop calling me.", "en-us"
    lengths: dict[int, list[float]] = {140: [], 220: []}
    for round_ in range(3):
        for rate in (140, 220):
            # A fresh cache each time: every render is a real synthesis, alternating rate and voice.
            engine = Tts(tmp_path / f"{round_}-{rate}")
            lengths[rate].append(seconds(engine, text, voice, rate))
            seconds(engine, "본 통화는 녹음됩니다.", "ko", 300)
    slow, fast = lengths[140], lengths[220]
    assert max(slow) - min(slow) < 0.05 and max(fast) - min(fast) < 0.05, lengths
    assert min(slow) > 1.3 * max(fast)


def test_check_prints_the_spoken_durations(capsys: pytest.CaptureFixture[str]) -> None:
    survey = FLOWS / "survey_ko.yaml"
    assert cli_flows.main(["flows", "check", str(survey)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == [f"{survey}: ok", "  spoken at 240 words per minute, voice ko:"]
    assert re.fullmatch(rf"\s+\d\.\d s  {re.escape(str(survey))}: opening \(built-in wording\)", lines[2])
    assert re.fullmatch(rf"\s+\d\.\d s  {re.escape(str(survey))}: opt-out goodbye", lines[3])
    assert re.fullmatch(rf"\s+\d\.\d s  {re.escape(str(survey))}:16: states\.ask_interest\.say", lines[4])
    assert len(lines) == 2 + 2 + 5 and not any("warning" in line for line in lines)


def test_check_warns_about_a_long_opening(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    slow = tmp_path / "slow.yaml"
    slow.write_text(
        (FLOWS / "opening_only.yaml").read_text(encoding="utf-8").replace("rate: 210", "rate: 110"),
        encoding="utf-8",
    )
    assert cli_flows.main(["flows", "check", str(slow)]) == 0
    out = capsys.readouterr().out
    assert "warning: the opening takes" in out and "more than 10 s; shorten it or raise `rate`" in out


def test_a_prompt_starts_with_10_ms_of_silence_and_ends_with_50(tts: Tts) -> None:
    """The lead-in is heard as the bot's delay before every prompt and reply; the tail is a pause."""
    pcm = asyncio.run(tts.render("This call is recorded.", "en-us", SAMPLE_RATE))
    samples = np.abs(np.frombuffer(pcm, dtype="<i2").astype(np.int32))
    loud = np.flatnonzero(samples > 200)
    assert loud[0] / SAMPLE_RATE == pytest.approx(PROMPT_LEAD_IN, abs=0.002)
    assert (len(samples) - 1 - loud[-1]) / SAMPLE_RATE == pytest.approx(0.05, abs=0.002)
