"""What the learned opt-out model costs: loading at start-up, and each final result.

    .venv/bin/python -m bench.optout_model_speed

Start-up: importing the detector and the model's module (no scikit-learn: checked), then reading each
language's weights file (``optout_weights/<language>.json.gz``: what the bot does once per process, when
the flow catalog is built), its size and the n-grams it holds. Per final result: ``detect(text)`` with
the rules alone and with the model, over every utterance of the shipped corpora (the model is asked where
no rule fired or guarded), and the model's own ``probability`` call; median and p95 in microseconds, wall
clock, one utterance at a time.
"""

from __future__ import annotations

import statistics
import sys
import time


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered):7.1f} us  p95 {p95:7.1f} us  (n={len(ordered)})"


def _timed(call, texts: list[str]) -> list[float]:
    out = []
    for text in texts:
        started = time.perf_counter_ns()
        call(text)
        out.append((time.perf_counter_ns() - started) / 1000)
    return out


def main() -> None:
    started = time.perf_counter()
    from bot.compliance.optout import SUPPORTED_LANGUAGES, OptOutDetector
    from bot.compliance.optout_corpus import TRAINING, shipped
    from bot.compliance.optout_model import learned_model, read_weights, weights_path

    print(f"import (the detector and the model's module): {time.perf_counter() - started:.3f} s")
    for language in SUPPORTED_LANGUAGES:
        started = time.perf_counter()
        model = learned_model(language)
        assert model is not None
        loaded = time.perf_counter() - started
        size, ngrams = weights_path(language).stat().st_size, len(read_weights(language)["ngrams"])
        print(f"{language}: weights loaded in {loaded * 1000:.0f} ms ({size} bytes, {ngrams} n-grams)")
        texts = [t for name in TRAINING for kind in shipped(name)[language].values() for t in kind]
        rules = OptOutDetector(language)
        both = OptOutDetector(language, second_opinion=model)
        for call in (rules.detect, both.detect, model.probability):  # warm every path once
            call(texts[0])
        asked = [t for t in texts if rules.detect(t) is None and not rules.guarded(t)]
        print(f"  rules alone, every final result:        {_percentiles(_timed(rules.detect, texts))}")
        print(f"  rules and model, every final result:    {_percentiles(_timed(both.detect, texts))}")
        print(f"  rules and model, where the model is asked: {_percentiles(_timed(both.detect, asked))}")
        print(f"  the model's probability alone:          {_percentiles(_timed(model.probability, texts))}")
    assert not {"sklearn", "scipy"} & set(sys.modules), "the bot's model must not import scikit-learn"


if __name__ == "__main__":
    main()
