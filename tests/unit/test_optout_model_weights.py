"""The learned opt-out model's shipped weights (bot/compliance/optout_weights/): current, and read exactly.

The bot computes the probability from the weights files without scikit-learn; here scikit-learn (a dev
dependency) retrains each model from the shipped corpora, as ``python -m bot.compliance.optout_model_build``
does, and the bot's numbers must be its numbers.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from sklearn.pipeline import Pipeline

from bot.compliance.optout_corpus import CORPUS_DIR, load
from bot.compliance.optout_model import (
    VARIANTS,
    char_ngrams,
    char_wb_ngrams,
    from_data,
    learned_model,
    model_text,
    read_weights,
    training_digest,
    training_set,
)
from bot.compliance.optout_model_build import encode, fit, model_data, pipeline_data
from tests.optout_kept_back import KEPT_BACK_DIR

LANGUAGES = sorted(VARIANTS)
REBUILD = "stale: run .venv/bin/python -m bot.compliance.optout_model_build and commit optout_weights/"
# What the analyzers must also split as scikit-learn does: whitespace runs, short words, case.
ODD = ["", " ", "a", "ab", " a ", "a  b\t\tc", "\ta b\n", "Stop  CALLING\tme", "İstanbul ÀÉ"]
ODD += ["不要 打了", "전화  그만"]


@cache
def _fitted(language: str) -> tuple[Pipeline, dict[str, Any]]:
    variant = VARIANTS[language]
    opt_outs, others = training_set(language)
    pipeline = fit(language, opt_outs, others, variant)
    digest = training_digest(language, opt_outs, others, variant)
    return pipeline, pipeline_data(language, pipeline, variant, digest, len(opt_outs), len(others))


@cache
def _utterances(language: str) -> list[str]:
    """Every utterance of every corpus, shipped and kept back, and each in capitals and oddly spaced."""
    paths = [*sorted(CORPUS_DIR.glob("*.yaml")), *sorted(KEPT_BACK_DIR.glob("*.yaml"))]
    texts = [t for path in paths for kind in load(path).get(language, {}).values() for t in kind]
    assert len(texts) > 1000
    return [*texts, *(t.upper() for t in texts), *(f"  {t}\t x" for t in texts), *ODD]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_shipped_weights_are_current(language: str) -> None:
    shipped, (_, rebuilt) = read_weights(language), _fitted(language)
    assert shipped["training"] == rebuilt["training"], REBUILD
    numbers = ("intercept", "ngrams")
    assert {k: v for k, v in shipped.items() if k not in numbers} == {
        k: v for k, v in rebuilt.items() if k not in numbers
    }, REBUILD
    assert shipped["ngrams"].keys() == rebuilt["ngrams"].keys(), REBUILD
    # Within float formatting and the last bits of another scikit-learn or BLAS build.
    assert shipped["intercept"] == pytest.approx(rebuilt["intercept"], rel=1e-9, abs=1e-12), REBUILD
    ours = [x for g in sorted(shipped["ngrams"]) for x in shipped["ngrams"][g]]
    theirs = [x for g in sorted(rebuilt["ngrams"]) for x in rebuilt["ngrams"][g]]
    assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-12), REBUILD


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_analyzer_is_scikit_learns(language: str) -> None:
    pipeline, _ = _fitted(language)
    model = learned_model(language)
    assert model is not None
    analyze = pipeline[0].build_analyzer()
    compact = VARIANTS[language].compact
    prepared = [model_text(language, t, compact) for t in _utterances(language)]
    for text in [*prepared, *ODD]:
        assert model.analyze(text) == analyze(text), text


@pytest.mark.parametrize("low", [1, 2, 3])
@pytest.mark.parametrize("high", [1, 3, 5])
@pytest.mark.parametrize("kind", ["char", "char_wb"])
def test_the_ngrams_are_scikit_learns_for_any_range(kind: str, low: int, high: int) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    if low > high:
        return
    analyze = TfidfVectorizer(analyzer=kind, ngram_range=(low, high), lowercase=False).build_analyzer()
    ours = char_ngrams if kind == "char" else char_wb_ngrams
    for text in ODD:
        assert ours(text, low, high) == analyze(text), text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_probability_is_scikit_learns(language: str) -> None:
    pipeline, _ = _fitted(language)
    model = learned_model(language)
    assert model is not None and model.threshold == VARIANTS[language].threshold
    texts = _utterances(language)
    prepared = [model_text(language, t, model.variant.compact) for t in texts]
    said = [(t, p) for t, p in zip(texts, prepared, strict=True) if p]
    ours = [model.probability(t) for t, _ in said]
    theirs = pipeline.predict_proba([p for _, p in said])[:, 1].tolist()
    assert max(abs(a - b) for a, b in zip(ours, theirs, strict=True)) <= 1e-9
    assert all(model.probability(t) == 0.0 for t, p in zip(texts, prepared, strict=True) if not p)


def test_training_is_deterministic() -> None:
    assert encode(model_data("ko")) == encode(_fitted("ko")[1])


def test_a_weights_file_of_another_layout_is_refused() -> None:
    data = read_weights("en")
    assert from_data(data).variant == VARIANTS["en"]
    with pytest.raises(ValueError, match="format"):
        from_data({**data, "format": 0})
    with pytest.raises(ValueError, match="features"):
        from_data({**data, "features": {**data["features"], "norm": "l1"}})
