"""Property-based fuzzing of the opt-out detector (bot/compliance/optout.py) on arbitrary Unicode.

``OptOutDetector(lang).detect(text, final=...)`` runs on every partial and final result the recogniser
gives, so any text (lone surrogates from JSON, control characters, combining marks, very long
utterances) must give None or an OptOutMatch of that text, quickly. Built-in phrases with noise
around them and inside them reach the matching rules too. Deterministic (derandomize), explicit
example counts and deadlines; CLEARCALL_FUZZ_SCALE=N runs N times the examples with a random seed.
"""

from __future__ import annotations

import time

from hypothesis import given
from hypothesis import strategies as st

from bot.compliance.optout import SUPPORTED_LANGUAGES, OptOutDetector, OptOutMatch, builtin_phrases
from tests.unit.fuzz_settings import fuzz

DETECTORS = {language: OptOutDetector(language) for language in SUPPORTED_LANGUAGES}
PHRASES = [phrase for language in SUPPORTED_LANGUAGES for phrase in builtin_phrases(language)]
ANY_CHAR = st.characters(codec=None, exclude_categories=())  # surrogates and controls included
NOISE = st.one_of(
    st.text(ANY_CHAR, max_size=8),
    st.sampled_from([" ", "", "\u200b", "\u3000", "-", "'", "’", "不", "안", "don't", "\x00", "\ud800", "́"]),
)


@st.composite
def utterances(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(st.text(ANY_CHAR, max_size=60))
    parts = [draw(NOISE)]
    for _ in range(draw(st.integers(1, 3))):
        phrase = draw(st.sampled_from(PHRASES))
        cut = draw(st.integers(0, len(phrase)))
        parts += [phrase[:cut] + draw(NOISE) + phrase[cut:], draw(NOISE)]
    return "".join(parts)


def check(text: str, final: bool) -> None:
    for language, detector in DETECTORS.items():
        started = time.perf_counter()
        match = detector.detect(text, final=final)
        assert time.perf_counter() - started < 0.5, (language, len(text))
        if match is not None:
            assert isinstance(match, OptOutMatch)
            assert match.text == text and match.language == language and match.phrase


@fuzz(300)
@given(text=utterances(), final=st.booleans())
def test_detect_on_any_text_gives_a_match_or_none(text: str, final: bool) -> None:
    check(text, final)


@fuzz(30)
@given(
    unit=st.one_of(utterances(), st.sampled_from(["a ", "stop ", "不要", "그만 ", "do not call ", "'"])),
    times=st.integers(100, 2000),
    final=st.booleans(),
)
def test_detect_on_long_text_is_quick(unit: str, times: int, final: bool) -> None:
    check((unit * times)[:20_000], final)
