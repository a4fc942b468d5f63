"""The learned second opinion on opt-outs: a character n-gram classifier, one per language.

The rules (``optout.py``) decide first. This model is asked only about a final result that no rule
caught and no rule guarded (see ``OptOutDetector``): it catches phrasings that no rule was written for.
Trained from the opt-out corpora shipped in ``optout_corpus/`` (see ``optout_corpus.py``), in the same
process that uses it, once per language, deterministically. What it is worth, measured by leaving one
author out at a time, is in ``OPTOUT_RULES.md`` ("The learned second opinion").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline

from bot.compliance.optout_text import canonical, prepare
from bot.core.text import normalize_text


@dataclass(frozen=True)
class Variant:
    """How a language's text becomes features, and how hard the model fits them."""

    analyzer: str  # "char_wb": n-grams inside words (padded by spaces); "char": across the whole text
    ngrams: tuple[int, int]
    compact: bool  # spaces removed first (Chinese and Korean recognisers place them unreliably)
    c: float = 4.0  # inverse regularisation strength of the logistic regression


# Chosen by the leave-one-author-out cross validation (bench/optout_model_cv.py).
VARIANTS: dict[str, Variant] = {
    "en": Variant("char_wb", (1, 4), compact=False),
    "zh": Variant("char", (1, 3), compact=True),
    "ko": Variant("char", (1, 3), compact=True),
}


def model_text(language: str, text: str, compact: bool) -> str:
    """What the model reads: the text in the rules' canonical form (hesitations, dialect forms undone)."""
    prepare(language)
    norm = canonical(language, normalize_text(text))
    return norm.replace(" ", "") if compact else norm


class OptOutModel:
    """A fitted classifier for one language: ``probability(text)`` that ``text`` is an opt-out."""

    def __init__(self, language: str, pipeline: Pipeline, variant: Variant) -> None:
        self.language = language
        self._pipeline = pipeline
        self._variant = variant

    def probability(self, text: str) -> float:
        prepared = model_text(self.language, text, self._variant.compact)
        if not prepared:
            return 0.0
        return float(self._pipeline.predict_proba([prepared])[0, 1])


def train(
    language: str, opt_outs: Sequence[str], others: Sequence[str], variant: Variant | None = None
) -> OptOutModel:
    """Fit the model on opt-outs and other utterances (near misses and ordinary answers).

    Deterministic: the same texts in the same order give the same model (liblinear, fixed seed).
    """
    variant = variant or VARIANTS[language]
    texts = [model_text(language, t, variant.compact) for t in (*opt_outs, *others)]
    labels = [1] * len(opt_outs) + [0] * len(others)
    pipeline = make_pipeline(
        TfidfVectorizer(analyzer=variant.analyzer, ngram_range=variant.ngrams, sublinear_tf=True),
        LogisticRegression(C=variant.c, class_weight="balanced", solver="liblinear", random_state=0),
    )
    pipeline.fit(texts, labels)
    return OptOutModel(language, pipeline, variant)
