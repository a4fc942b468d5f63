"""The learned second opinion on opt-outs: a character n-gram classifier, one per language.

The rules (``optout.py``) decide first. This model is asked only about a final result that no rule
caught and no rule guarded (see ``OptOutDetector``): it catches phrasings that no rule was written for.
What it is worth, measured by leaving one author out at a time, is in ``OPTOUT_RULES.md`` ("The learned
second opinion").

The bot does not train it and never imports scikit-learn: ``optout_model_build.py`` trains it with
scikit-learn from the opt-out corpora shipped in ``optout_corpus/`` (see ``optout_corpus.py``) and writes
its numbers to ``optout_weights/<language>.json.gz``; this module reads that file once per process and
language and computes scikit-learn's ``predict_proba`` itself (TF-IDF of character n-grams, then a
logistic regression). A test regenerates the files and checks that the shipped ones are current.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import math
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bot.compliance.optout_corpus import CORPUS_DIR, TRAINING, key, shipped
from bot.compliance.optout_text import canonical, prepare
from bot.core.text import normalize_text

log = logging.getLogger(__name__)
# SHA-256 of each utterance (its corpus key) of the corpora kept back to measure the detector on unseen
# phrasings (tests/fixtures/optout/): never trained on, even where dev.yaml has a copy. Hashes, so that
# the bot ships none of their sentences; `python -m tests.optout_kept_back` writes the file.
KEPT_BACK = CORPUS_DIR / "kept_back.sha256"
# The trained models, one file per language, written by `python -m bot.compliance.optout_model_build`.
WEIGHTS_DIR = Path(__file__).resolve().parent / "optout_weights"
FORMAT = 1  # of the weights files: raised when their layout changes


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
    "en": Variant("char_wb", (1, 4), compact=False, threshold=0.8),
    "zh": Variant("char", (1, 3), compact=True, threshold=0.8),
    "ko": Variant("char", (1, 3), compact=True),
}


def model_text(language: str, text: str, compact: bool) -> str:
    """What the model reads: the text in the rules' canonical form (hesitations, dialect forms undone)."""
    prepare(language)
    norm = canonical(language, normalize_text(text))
    return norm.replace(" ", "") if compact else norm


# scikit-learn's TfidfVectorizer(analyzer="char" or "char_wb", lowercase=True), written out: the
# document lowercased, runs of two or more whitespace characters made one space, then its n-grams.
_WHITE_SPACES = re.compile(r"\s\s+")


def char_ngrams(text: str, low: int, high: int) -> list[str]:
    """Every n-gram of the text, ``low`` <= n <= ``high``, shortest first (sklearn's ``_char_ngrams``)."""
    text = _WHITE_SPACES.sub(" ", text)
    size = len(text)
    return [text[i : i + n] for n in range(low, min(high + 1, size + 1)) for i in range(size - n + 1)]


def char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """The n-grams inside each whitespace-separated word padded with one space on each side
    (sklearn's ``_char_wb_ngrams``); a padded word shorter than n counts once, as itself."""
    text = _WHITE_SPACES.sub(" ", text)
    out: list[str] = []
    for word in text.split():
        padded = f" {word} "
        size = len(padded)
        for n in range(low, high + 1):
            out.extend(padded[i : i + n] for i in range(max(1, size - n + 1)))
            if size <= n:
                break
    return out


_NGRAMS: dict[str, Callable[[str, int, int], list[str]]] = {"char": char_ngrams, "char_wb": char_wb_ngrams}


class OptOutModel:
    """A trained classifier for one language: ``probability(text)`` that ``text`` is an opt-out.

    ``known`` maps each n-gram of the vocabulary to its (idf, coefficient); ``bias`` is the intercept.
    """

    def __init__(
        self,
        language: str,
        variant: Variant,
        known: dict[str, tuple[float, float]],
        bias: float,
        lowercase: bool = True,
    ) -> None:
        if variant.analyzer not in _NGRAMS:
            raise ValueError(f"opt-out model {language}: unknown analyzer {variant.analyzer!r}")
        self.language = language
        self.threshold = variant.threshold
        self.variant = variant
        self._ngrams = _NGRAMS[variant.analyzer]
        self._lowercase = lowercase
        self._known = known
        self._bias = bias

    def analyze(self, prepared: str) -> list[str]:
        """The n-grams scikit-learn's analyzer makes of the model's text (``model_text``)."""
        low, high = self.variant.ngrams
        return self._ngrams(prepared.lower() if self._lowercase else prepared, low, high)

    def probability(self, text: str) -> float:
        prepared = model_text(self.language, text, self.variant.compact)
        counts = Counter(g for g in self.analyze(prepared) if g in self._known)
        if not counts:
            return 1.0 / (1.0 + math.exp(-self._bias)) if prepared else 0.0
        # Sublinear tf times idf, normalised to unit length (l2), as TfidfVectorizer does; then the
        # regression's weights and intercept, and the logistic function, as predict_proba does.
        tfidf = {g: (1.0 + math.log(n)) * self._known[g][0] for g, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in tfidf.values()))
        score = sum(v * self._known[g][1] for g, v in tfidf.items()) / norm + self._bias
        return 1.0 / (1.0 + math.exp(-score))


def weights_path(language: str) -> Path:
    return WEIGHTS_DIR / f"{language}.json.gz"


def from_data(data: dict[str, Any]) -> OptOutModel:
    """The model a weights file describes (the layout is ``optout_model_build.pipeline_data``'s)."""
    if data.get("format") != FORMAT:
        raise ValueError(f"opt-out model weights: format {data.get('format')!r}, expected {FORMAT}")
    language, features = data["language"], data["features"]
    if features["norm"] != "l2" or not features["sublinear_tf"] or features["strip_accents"] is not None:
        raise ValueError(f"opt-out model {language}: features this module does not compute: {features}")
    variant = Variant(
        analyzer=features["analyzer"],
        ngrams=(int(features["ngram_range"][0]), int(features["ngram_range"][1])),
        compact=bool(features["compact"]),
        c=float(data["regression"]["C"]),
        threshold=float(data["threshold"]),
    )
    known = {g: (float(idf), float(coef)) for g, (idf, coef) in data["ngrams"].items()}
    return OptOutModel(language, variant, known, float(data["intercept"]), bool(features["lowercase"]))


def read_weights(language: str) -> dict[str, Any]:
    return json.loads(gzip.decompress(weights_path(language).read_bytes()).decode("utf-8"))


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


def training_digest(language: str, opt_outs: Sequence[str], others: Sequence[str], variant: Variant) -> str:
    """SHA-256 of what the model is fitted on: the texts as it reads them (``model_text``), in order,
    with their labels. Changes with the corpora, the kept-back hashes and the rules' canonical form."""
    digest = hashlib.sha256()
    for label, texts in ((1, opt_outs), (0, others)):
        for text in texts:
            digest.update(f"{label}\t{model_text(language, text, variant.compact)}\n".encode())
    return digest.hexdigest()


@cache
def learned_model(language: str) -> OptOutModel | None:
    """The language's model, read from its weights file on first use (once per process); None for a
    language without one."""
    if language not in VARIANTS:
        return None
    started = time.perf_counter()
    model = from_data(read_weights(language))
    log.info("opt-out learned model %s loaded in %.3f s", language, time.perf_counter() - started)
    return model
