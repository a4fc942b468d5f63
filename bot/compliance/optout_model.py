"""The learned second opinion on opt-outs: a character n-gram classifier, one per language.

The rules (``optout.py``) decide first. This model is asked only about a final result that no rule
caught and no rule guarded (see ``OptOutDetector``): it catches phrasings that no rule was written for.
Trained from the opt-out corpora shipped in ``optout_corpus/`` (see ``optout_corpus.py``), in the same
process that uses it, once per language, deterministically. What it is worth, measured by leaving one
author out at a time, is in ``OPTOUT_RULES.md`` ("The learned second opinion").
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline

from bot.compliance.optout_corpus import CORPUS_DIR, TRAINING, key, shipped
from bot.compliance.optout_text import canonical, prepare
from bot.core.text import normalize_text

log = logging.getLogger(__name__)
# SHA-256 of each utterance (its corpus key) of the corpora kept back to measure the detector on unseen
# phrasings (tests/fixtures/optout/): never trained on, even where dev.yaml has a copy. Hashes, so that
# the bot ships none of their sentences; `python -m tests.optout_kept_back` writes the file.
KEPT_BACK = CORPUS_DIR / "kept_back.sha256"


@dataclass(frozen=True)
class Variant:
    """How a language's text becomes features, and how hard the model fits them."""

    analyzer: str  # "char_wb": n-grams inside words (padded by spaces); "char": across the whole text
    ngrams: tuple[int, int]
    compact: bool  # spaces removed first (Chinese and Korean recognisers place them unreliably)
    c: float = 4.0  # inverse regularisation strength of the logistic regression
    # The probability from which the model calls an utterance an opt-out: the highest recall whose
    # pooled false alarms stayed <= 1% in the cross validation.
    threshold: float = 0.75


# Chosen by the leave-one-author-out cross validation (bench/optout_model_cv.py).
VARIANTS: dict[str, Variant] = {
    "en": Variant("char_wb", (1, 4), compact=False),
    "zh": Variant("char", (1, 3), compact=True, threshold=0.8),
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
        self.threshold = variant.threshold
        self._variant = variant
        self.pipeline = pipeline  # the fitted scikit-learn pipeline, as trained
        vectorizer: TfidfVectorizer = pipeline[0]
        regression: LogisticRegression = pipeline[-1]
        # predict_proba, computed here from scikit-learn's own analyzer and fitted numbers: per n-gram, its
        # idf times its weight. Building a sparse matrix per utterance cost about 0.7 ms; this, tens of us.
        weights, idf = regression.coef_[0], vectorizer.idf_
        self._analyze = vectorizer.build_analyzer()
        self._known = {g: (float(idf[i]), float(weights[i])) for g, i in vectorizer.vocabulary_.items()}
        self._bias = float(regression.intercept_[0])

    def probability(self, text: str) -> float:
        prepared = model_text(self.language, text, self._variant.compact)
        counts = Counter(g for g in self._analyze(prepared) if g in self._known)
        if not counts:
            return 1.0 / (1.0 + math.exp(-self._bias)) if prepared else 0.0
        # Sublinear tf times idf, normalised to unit length (l2), as TfidfVectorizer does.
        tfidf = {g: (1.0 + math.log(n)) * self._known[g][0] for g, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in tfidf.values()))
        score = sum(v * self._known[g][1] for g, v in tfidf.items()) / norm + self._bias
        return 1.0 / (1.0 + math.exp(-score))


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


def hashed(text: str) -> str:
    return hashlib.sha256(key(text).encode("utf-8")).hexdigest()


def kept_back() -> frozenset[str]:
    return frozenset(KEPT_BACK.read_text(encoding="ascii").split()) if KEPT_BACK.exists() else frozenset()


def training_set(language: str) -> tuple[list[str], list[str]]:
    """(opt-outs, others) of the shipped corpora, each utterance once, none of the kept-back ones."""
    excluded, seen = kept_back(), set()
    opt_outs: list[str] = []
    others: list[str] = []
    for name in TRAINING:
        for kind, texts in shipped(name)[language].items():
            for text in texts:
                k = key(text)
                if k in seen or hashed(text) in excluded:
                    continue
                seen.add(k)
                (opt_outs if kind == "optout" else others).append(text)
    return opt_outs, others


@cache
def learned_model(language: str) -> OptOutModel | None:
    """The language's model, trained on first use (once per process); None for a language without one."""
    if language not in VARIANTS:
        return None
    started = time.perf_counter()
    model = train(language, *training_set(language))
    log.info("opt-out learned model %s trained in %.2f s", language, time.perf_counter() - started)
    return model
