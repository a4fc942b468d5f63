"""Recall and false alarms of the opt-out detector on one corpus file, per language, with every error listed.

    .venv/bin/python -m tests.optout_figures bot/compliance/optout_corpus/independent3.yaml

For measuring a new corpus before tuning on it (see bot/compliance/OPTOUT_RULES.md). It counts as the corpus
tests do: an opt-out is caught on the final result; a near miss fires on the final result or on any partial.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from bot.compliance.optout import SUPPORTED_LANGUAGES
from tests.unit.test_optout_corpus import false_alarms, missed


def report(path: Path) -> str:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    lines = []
    for language in SUPPORTED_LANGUAGES:
        opt_outs = tuple(data[language]["optout"])
        near_misses = tuple(data[language]["not_optout"])
        miss, fire = missed(language, opt_outs), false_alarms(language, near_misses)
        caught = len(opt_outs) - len(miss)
        lines.append(
            f"{language}: caught {caught}/{len(opt_outs)} ({caught / len(opt_outs):.1%});"
            f" false alarms {len(fire)}/{len(near_misses)} ({len(fire) / len(near_misses):.1%})"
        )
        lines += [f"  missed: {text}" for text in miss] + [f"  fires:  {text}" for text in fire]
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tests.optout_figures CORPUS.yaml")
    print(report(Path(sys.argv[1])))
