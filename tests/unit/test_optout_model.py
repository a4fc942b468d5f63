"""The learned second opinion on opt-outs (bot/compliance/optout_model.py) and how the detector asks it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app.flow_catalog import build_catalog
from bot.app.settings import Settings
from bot.compliance.optout import OptOutDetector
from bot.compliance.optout_model import (
    KEPT_BACK,
    VARIANTS,
    hashed,
    kept_back,
    learned_model,
    training_set,
)
from tests.optout_kept_back import kept_back_hashes

FLOWS = Path(__file__).resolve().parents[2] / "flows"

# Written for this test (in no corpus): opt-outs no rule was written for, which the model trained on the
# shipped corpora catches.
CAUGHT = [
    ("en", "i have had it up to here with you people ringing"),
    ("en", "i want nothing more to do with your calls"),
    # Round 16: the rules now read 打进来 (call in), so "这个号以后别打进来" left this list.
    ("zh", "以后这个号你们就别惦记了"),
    ("zh", "我受够你们的电话了"),
    ("ko", "이런 전화 이제 지긋지긋해요"),
    ("ko", "앞으로 전화하실 필요 없어요"),
]


class _Always:
    """A second opinion that says "opt-out" to everything, and counts how often it is asked."""

    threshold = 0.5

    def __init__(self) -> None:
        self.asked = 0

    def probability(self, text: str) -> float:
        self.asked += 1
        return 1.0


@pytest.mark.parametrize(("language", "text"), CAUGHT)
def test_the_model_catches_phrasings_the_rules_miss(language: str, text: str) -> None:
    assert OptOutDetector(language).detect(text) is None, "the rules catch it: not a test of the model"
    match = OptOutDetector(language, second_opinion=learned_model(language)).detect(text)
    assert match is not None
    assert match.phrase == f"classifier:{language}"
    assert match.probability is not None and match.probability >= VARIANTS[language].threshold


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "dont take me off the list"),  # a negated opt-out
        ("en", "dont call me before nine"),  # a scheduling limit
        ("zh", "我没说不要打"),  # a denied report
        ("ko", "수신 거부 안 할게요"),  # a negated refusal
    ],
)
def test_the_rules_near_miss_decision_vetoes_the_model(language: str, text: str) -> None:
    always = _Always()
    detector = OptOutDetector(language, second_opinion=always)
    assert detector.guarded(text)
    assert detector.detect(text) is None
    assert always.asked == 0


def test_an_utterance_no_rule_touches_goes_to_the_model() -> None:
    always = _Always()
    detector = OptOutDetector("en", second_opinion=always)
    match = detector.detect("what a lovely day")
    assert not detector.guarded("what a lovely day")
    assert match is not None and match.phrase == "classifier:en" and match.probability == 1.0
    assert always.asked == 1


@pytest.mark.parametrize(("language", "text"), [*CAUGHT, ("en", "what a lovely day")])
def test_partials_never_ask_the_model(language: str, text: str) -> None:
    always = _Always()
    detector = OptOutDetector(language, second_opinion=always)
    assert detector.detect(text, final=False) is None
    assert always.asked == 0


def test_the_rules_answer_first_and_report_their_phrase() -> None:
    always = _Always()
    match = OptOutDetector("en", second_opinion=always).detect("stop calling me")
    assert match is not None and match.probability is None and not match.phrase.startswith("classifier")
    assert always.asked == 0


def test_the_bot_never_imports_scikit_learn() -> None:
    # scikit-learn is a dev dependency: the bot reads the weights files (test_optout_model_weights.py).
    code = (
        "import sys, bot.app.runtime, bot.cli.main, bot.sim.simulated_call\n"
        "import bot.compliance.optout_model as m\n"
        "assert all(m.learned_model(lang) for lang in ('en', 'zh', 'ko'))\n"
        "print(sorted({'sklearn', 'scipy'} & {name.split('.')[0] for name in sys.modules}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_kept_back_corpora_are_never_trained_on() -> None:
    assert KEPT_BACK.read_text(encoding="ascii").split() == kept_back_hashes(), (
        "run: .venv/bin/python -m tests.optout_kept_back"
    )
    for language in ("en", "zh", "ko"):
        opt_outs, others = training_set(language)
        assert opt_outs and others
        assert not {hashed(t) for t in (*opt_outs, *others)} & kept_back()


def test_the_setting_turns_the_model_off(tmp_path: Path) -> None:
    assert Settings.load(tmp_path, env={}).optout_model is True
    assert Settings.load(tmp_path, env={"CLEARCALL_OPTOUT_MODEL": "off"}).optout_model is False
    flows = tmp_path / "flows"
    flows.mkdir()
    shutil.copy(FLOWS / "opening_only.yaml", flows)
    text = CAUGHT[0][1]
    on = build_catalog(flows, tmp_path / "models").plans["opening_only"].detector
    off = build_catalog(flows, tmp_path / "models", optout_model=False).plans["opening_only"].detector
    assert on.language == "en" and on.detect(text) is not None
    assert off.detect(text) is None
