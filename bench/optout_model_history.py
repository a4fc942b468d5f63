"""Would the learned second opinion have caught what each round of rules missed on its unseen corpora?

    .venv/bin/python -m bench.optout_model_history

Replays history from git: for each round of rules, the rules and the corpora as they were at that commit,
and the corpora that round had not seen yet (measured unseen in OPTOUT_RULES.md). The model trains on
what that commit had, less the unseen corpora (and their copies in dev.yaml) and less every utterance of
the corpora kept back now (tests/fixtures/optout, by set membership, never printed); then rules alone,
the model alone, and rules OR model (asked on final results no rule caught or guarded) are judged on the
unseen corpora. The fair test of the combination: neither part saw these authors. Needs a git checkout.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import yaml

from bench.optout_model_cv import ALTERNATIVES, Judged, _kept_back_keys, report, training_texts
from bot.compliance.optout import SUPPORTED_LANGUAGES
from bot.compliance.optout_corpus import key, partials, shipped
from bot.compliance.optout_model import VARIANTS, Variant
from bot.compliance.optout_model_build import train

ROOT = Path(__file__).resolve().parents[1]
OLD_CORPUS_DIR = "tests/fixtures/optout"
# (commit whose rules are replayed, the corpora they had not seen); figures in OPTOUT_RULES.md.
ROUNDS = (
    ("71ae9d9", "round 4", ("independent5", "independent6")),
    ("0467ea7", "round 5", ("independent7",)),
    ("46d1428", "round 6", ("independent8", "independent9")),
)


def _show(commit: str, path: str) -> str | None:
    done = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=ROOT, capture_output=True, text=True)
    return done.stdout if done.returncode == 0 else None


def _old_rules(commit: str, workdir: Path) -> ModuleType:
    """The commit's optout.py (and its optout_text.py, where it had one) as a module of its own."""
    source = _show(commit, "bot/compliance/optout.py")
    assert source is not None, commit
    text_source = _show(commit, "bot/compliance/optout_text.py")
    if text_source is not None:
        text_name = f"optout_text_{commit}"
        (workdir / f"{text_name}.py").write_text(text_source, encoding="utf-8")
        source = source.replace("from bot.compliance.optout_text import", f"from {text_name} import")
    name = f"optout_{commit}"
    (workdir / f"{name}.py").write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, workdir / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _old_corpus(commit: str, name: str) -> dict[str, dict[str, list[str]]] | None:
    text = _show(commit, f"{OLD_CORPUS_DIR}/{name}.yaml")
    return None if text is None else yaml.safe_load(text)


def judge_round(
    module: ModuleType, commit: str, unseen: tuple[str, ...], language: str, variant: Variant
) -> list[Judged]:
    detector = module.OptOutDetector(language)
    # The old rules' own near-miss decision: a rule's pattern matched, and only its guards said no.
    unguarded = module.OptOutDetector(language)
    unguarded._rules = tuple(
        replace(r, not_before=None, not_after=None, not_within=None, wait_after=None) for r in detector._rules
    )
    # The unseen corpora as shipped now (some were committed only after the round that measured them).
    tests = {name: shipped(name) for name in unseen}
    test_keys = {key(t) for c in tests.values() for kind in c[language].values() for t in kind}
    kept_back = _kept_back_keys(language)
    names = ["dev", "heldout", *(f"independent{n}" for n in range(1, 12))]
    corpora = [c for n in names if n not in unseen and (c := _old_corpus(commit, n)) is not None]
    model = train(
        language, *training_texts([*corpora, shipped("ordinary")], language, test_keys | kept_back), variant
    )
    out = []
    for name, corpus in tests.items():
        for kind, texts in corpus[language].items():
            for text in texts:
                final = detector.detect(text) is not None
                early = any(detector.detect(p, final=False) is not None for p in partials(language, text))
                guarded = not final and unguarded.detect(text) is not None
                out.append(
                    Judged(name, kind == "optout", final, final or early, guarded, model.probability(text))
                )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--variant", choices=ALTERNATIVES, help="an alternative instead of the shipped one")
    variants = ALTERNATIVES[name] if (name := parser.parse_args().variant) else VARIANTS
    with tempfile.TemporaryDirectory() as tmp:
        sys.path.insert(0, tmp)
        for commit, label, unseen in ROUNDS:
            module = _old_rules(commit, Path(tmp))
            print(f"== {label} rules ({commit}) on {', '.join(unseen)}, unseen by rules and model")
            for language in SUPPORTED_LANGUAGES:
                print(
                    "\n".join(
                        report(
                            language,
                            judge_round(module, commit, unseen, language, variants[language]),
                            "unseen",
                        )
                    )
                )


if __name__ == "__main__":
    main()
