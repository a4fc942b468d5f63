"""Train the learned opt-out models with scikit-learn and write their weights files (a developer's tool).

    .venv/bin/python -m bot.compliance.optout_model_build          # write every language's file
    .venv/bin/python -m bot.compliance.optout_model_build --check  # exit 1 if a shipped file is stale

Run it after changing a corpus in ``optout_corpus/``, the kept-back hashes, a variant in
``optout_model.VARIANTS`` or the rules' canonical form, and commit ``optout_weights/*.json.gz``;
``tests/unit/test_optout_model.py`` fails until then. Needs scikit-learn, which the bot itself never
imports (it is in the ``dev`` extra): the bot reads the files (``optout_model.learned_model``).

Each file is gzip-compressed JSON (no pickle): the analyzer's settings, per n-gram of the vocabulary its
idf and its coefficient, the intercept, the threshold and the SHA-256 of the training data. Training is
deterministic (liblinear, fixed seed) and the file is written byte for byte the same from the same
corpora (sorted keys, shortest round-trip floats, no timestamp in the gzip header).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Sequence
from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline

from bot.compliance.optout_model import (
    FORMAT,
    VARIANTS,
    OptOutModel,
    Variant,
    from_data,
    model_text,
    training_digest,
    training_set,
    weights_path,
)


def fit(language: str, opt_outs: Sequence[str], others: Sequence[str], variant: Variant) -> Pipeline:
    """The scikit-learn pipeline fitted on opt-outs and other utterances (near misses, ordinary answers).

    Deterministic: the same texts in the same order give the same model (liblinear, fixed seed).
    """
    texts = [model_text(language, t, variant.compact) for t in (*opt_outs, *others)]
    labels = [1] * len(opt_outs) + [0] * len(others)
    pipeline = make_pipeline(
        TfidfVectorizer(analyzer=variant.analyzer, ngram_range=variant.ngrams, sublinear_tf=True),
        LogisticRegression(C=variant.c, class_weight="balanced", solver="liblinear", random_state=0),
    )
    pipeline.fit(texts, labels)
    return pipeline


def pipeline_data(
    language: str, pipeline: Pipeline, variant: Variant, digest: str, opt_outs: int, others: int
) -> dict[str, Any]:
    """The weights file's content: everything ``predict_proba`` uses, as plain numbers."""
    vectorizer: TfidfVectorizer = pipeline[0]
    regression: LogisticRegression = pipeline[-1]
    tfidf = vectorizer.get_params()
    expected = {"analyzer": variant.analyzer, "ngram_range": variant.ngrams, "norm": "l2", "use_idf": True}
    if any(tfidf[k] != v for k, v in expected.items()) or tfidf["preprocessor"] or tfidf["stop_words"]:
        raise ValueError(f"{language}: the vectorizer is not what optout_model.py computes: {tfidf}")
    weights, idf = regression.coef_[0], vectorizer.idf_
    return {
        "format": FORMAT,
        "language": language,
        "features": {
            "analyzer": variant.analyzer,
            "ngram_range": list(variant.ngrams),
            "lowercase": bool(tfidf["lowercase"]),
            "strip_accents": tfidf["strip_accents"],
            "compact": variant.compact,
            "sublinear_tf": bool(tfidf["sublinear_tf"]),
            "smooth_idf": bool(tfidf["smooth_idf"]),
            "norm": tfidf["norm"],
        },
        "regression": {"C": variant.c, "class_weight": "balanced", "solver": "liblinear"},
        "threshold": variant.threshold,
        "intercept": float(regression.intercept_[0]),
        "training": {"sha256": digest, "opt_outs": opt_outs, "others": others},
        # n-gram -> [idf, coefficient]: the idf scales the term before the l2 normalisation, so the
        # two cannot be folded into one number.
        "ngrams": {g: [float(idf[i]), float(weights[i])] for g, i in sorted(vectorizer.vocabulary_.items())},
    }


def train(
    language: str, opt_outs: Sequence[str], others: Sequence[str], variant: Variant | None = None
) -> OptOutModel:
    """A model fitted on these texts, as the bot would run it (the benches' cross validation)."""
    variant = variant or VARIANTS[language]
    pipeline = fit(language, opt_outs, others, variant)
    digest = training_digest(language, opt_outs, others, variant)
    return from_data(pipeline_data(language, pipeline, variant, digest, len(opt_outs), len(others)))


def model_data(language: str) -> dict[str, Any]:
    """The content of the language's weights file, trained from the shipped corpora."""
    variant = VARIANTS[language]
    opt_outs, others = training_set(language)
    pipeline = fit(language, opt_outs, others, variant)
    digest = training_digest(language, opt_outs, others, variant)
    return pipeline_data(language, pipeline, variant, digest, len(opt_outs), len(others))


def encode(data: dict[str, Any]) -> bytes:
    """The weights file's bytes: deterministic for the same content."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is stale")
    parser.add_argument("languages", nargs="*", default=sorted(VARIANTS))
    args = parser.parse_args(argv)
    stale = []
    for language in args.languages:
        path, content = weights_path(language), encode(model_data(language))
        if path.exists() and path.read_bytes() == content:
            print(f"{path}: current")
        elif args.check:
            stale.append(language)
            print(f"{path}: stale")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            print(f"{path}: written ({len(content)} bytes)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
