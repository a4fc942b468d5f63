"""Does the learned second opinion lift opt-out recall on authors it has not seen? Leave one author out.

    .venv/bin/python -m bench.optout_model_cv --folds    # the shipped variants: a threshold sweep, folds
    .venv/bin/python -m bench.optout_model_cv --variants wide soft  # also alternatives that were compared

For each independent corpus that ships (`INDEPENDENT` in bot/compliance/optout_corpus.py: fold k): train on
every shipped corpus except corpus k and its copies in dev.yaml (and except every utterance of the corpora
kept back to measure the detector, checked by set membership and never printed), then judge corpus k. The
ordinary answers are split over the folds the same way. Printed per language: the classifier alone, and the
rules OR the classifier as the detector combines them (asked only on final results that no rule caught or
guarded), recall and false alarms, per fold and pooled. The rules were tuned on these, so their part is
optimistic; the classifier alone is fair."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, replace
from pathlib import Path

from bot.compliance.optout import SUPPORTED_LANGUAGES, OptOutDetector
from bot.compliance.optout_corpus import INDEPENDENT, TRAINING, Corpus, key, load, partials, shipped
from bot.compliance.optout_model import VARIANTS, Variant
from bot.compliance.optout_model_build import train

KEPT_BACK = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "optout"
THRESHOLDS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
ALTERNATIVES: dict[str, dict[str, Variant]] = {
    "wide": {
        "en": Variant("char_wb", (2, 5), compact=False),
        "zh": Variant("char", (1, 4), compact=True),
        "ko": Variant("char_wb", (1, 4), compact=False),
    },
    "soft": {lang: replace(v, c=1.0) for lang, v in VARIANTS.items()},
    "firm": {lang: replace(v, c=20.0) for lang, v in VARIANTS.items()},
    "firmer": {lang: replace(v, c=100.0) for lang, v in VARIANTS.items()},
}


@dataclass(frozen=True)
class Judged:
    fold: str
    optout: bool
    rules_final: bool  # the rules catch the final result
    rules_any: bool  # ... or fire on a partial on the way (counts for a near miss)
    guarded: bool  # a rule found a phrase and a guard turned it down: the classifier is not asked
    probability: float


def _kept_back_keys(language: str) -> set[str]:
    return {
        key(t)
        for path in sorted(KEPT_BACK.glob("*.yaml"))
        for kind in load(path)[language].values()
        for t in kind
    }


def training_texts(corpora: list[Corpus], language: str, excluded: set[str]) -> tuple[list[str], list[str]]:
    """(opt-outs, others) of ``corpora``, each utterance once, none whose key is ``excluded``."""
    opt_outs: list[str] = []
    others: list[str] = []
    seen = set(excluded)
    for corpus in corpora:
        for kind, texts in corpus[language].items():
            for text in texts:
                if (k := key(text)) not in seen:
                    seen.add(k)
                    (opt_outs if kind == "optout" else others).append(text)
    return opt_outs, others


def judge(language: str, variant: Variant) -> list[Judged]:
    detector = OptOutDetector(language)
    kept_back = _kept_back_keys(language)
    ordinary = shipped("ordinary")[language]["not_optout"]
    # Each ordinary answer is judged in one fold and left out of that fold's training.
    ordinary_fold = {key(t): INDEPENDENT[i % len(INDEPENDENT)] for i, t in enumerate(ordinary)}
    out = []
    for fold in INDEPENDENT:
        test = shipped(fold)[language]
        test_keys = {key(t) for kind in test.values() for t in kind}
        held = {k for k, f in ordinary_fold.items() if f == fold}
        corpora = [shipped(name) for name in TRAINING if name != fold]
        model = train(language, *training_texts(corpora, language, test_keys | kept_back | held), variant)
        cases = [(t, True) for t in test["optout"]] + [(t, False) for t in test["not_optout"]]
        cases += [(t, False) for t in ordinary if key(t) in held]
        for text, is_optout in cases:
            final = detector.detect(text) is not None
            early = any(detector.detect(p, final=False) is not None for p in partials(language, text))
            out.append(
                Judged(
                    fold, is_optout, final, final or early, detector.guarded(text), model.probability(text)
                )
            )
    return out


def _figures(cases: list[Judged], threshold: float) -> tuple[str, str]:
    pos = [c for c in cases if c.optout]
    neg = [c for c in cases if not c.optout]
    alone_tp = sum(c.probability >= threshold for c in pos)
    alone_fp = sum(c.probability >= threshold for c in neg)

    def combined(c: Judged, rules: bool) -> bool:
        return rules or (not c.guarded and c.probability >= threshold)

    both_tp = sum(combined(c, c.rules_final) for c in pos)
    both_fp = sum(combined(c, c.rules_any) for c in neg)
    # What the veto costs: the same without it (not what the detector does).
    free_tp = sum(c.rules_final or c.probability >= threshold for c in pos)
    free_fp = sum(c.rules_any or c.probability >= threshold for c in neg)
    return (
        f"{alone_tp}/{len(pos)} {alone_fp}/{len(neg)}",
        f"{both_tp}/{len(pos)} ({both_tp / len(pos):.1%}) {both_fp}/{len(neg)} ({both_fp / len(neg):.1%})"
        f" | no veto {free_tp} {free_fp}",
    )


def report(language: str, cases: list[Judged], rules_note: str = "tuned on these") -> list[str]:
    pos = [c for c in cases if c.optout]
    neg = [c for c in cases if not c.optout]
    rules_tp, rules_fp = sum(c.rules_final for c in pos), sum(c.rules_any for c in neg)
    lines = [f"{language}: rules alone {rules_tp}/{len(pos)} {rules_fp}/{len(neg)} ({rules_note})"]
    lines.append(
        "  threshold: model alone (caught, false alarms) | rules OR model (vetoed by the rules' guards)"
    )
    for threshold in THRESHOLDS:
        alone, both = _figures(cases, threshold)
        lines.append(f"  {threshold:.2f}: {alone} | {both}")
    return lines


def per_fold(language: str, cases: list[Judged], threshold: float) -> list[str]:
    lines = [f"{language} per fold at {threshold:.2f}: classifier alone | rules OR classifier"]
    for fold in INDEPENDENT:
        alone, both = _figures([c for c in cases if c.fold == fold], threshold)
        lines.append(f"  {fold}: {alone} | {both}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--variants", nargs="*", default=[], help="also these alternatives", choices=ALTERNATIVES
    )
    parser.add_argument("--folds", action="store_true", help="per-fold figures at each variant's threshold")
    args = parser.parse_args()
    sets = {"shipped": VARIANTS, **{name: ALTERNATIVES[name] for name in args.variants}}
    for name, variants in sets.items():
        print(f"== {name}: " + ", ".join(f"{lang} {v}" for lang, v in variants.items()))
        for language in SUPPORTED_LANGUAGES:
            cases = judge(language, variants[language])
            print("\n".join(report(language, cases)))
            if args.folds:
                print("\n".join(per_fold(language, cases, variants[language].threshold)))


if __name__ == "__main__":
    main()
