"""The corpus: what callers say, as text, per state of a flow and labelled with what they mean.

`tests/fixtures/speech/<flow>.yaml` is the development part (the answer rules were chosen looking at its
failures); `<flow>.heldout.yaml` is the held-out part, written once and only ever measured. The bench
reports each part on its own, so a rule fitted to the development sentences shows as a gap between them.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[2]
CORPUS_DIR = (
    PROJECT / "tests" / "fixtures" / "speech"
)  # data files only: the bench imports nothing from tests/
PARTS = {"dev": "{flow}.yaml", "heldout": "{flow}.heldout.yaml"}

MEANT = ("yes", "no", "opt_out", "none")
OPENING = "opening"


@dataclasses.dataclass(frozen=True)
class Utterance:
    state: str
    meant: str
    group: str
    text: str  # words, or <silence>, <noise:white>, <cough>, ...
    part: str = "dev"

    @property
    def is_noise(self) -> bool:
        return self.text.startswith("<")


class CorpusError(ValueError):
    """A corpus file that cannot be read as one; the message names the file and the field."""


def load_part(path: Path, part: str, states: set[str] | None = None) -> list[Utterance]:
    """The utterances of one corpus file. `states`: the flow's listening states (plus the opening)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CorpusError(f"{path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("states"), dict):
        raise CorpusError(f"{path}: needs a `states:` mapping (state -> meaning -> group -> texts)")
    out = []
    for state, by_meant in data["states"].items():
        where = f"{path}: states.{state}"
        if states is not None and state not in states:
            raise CorpusError(
                f"{where}: the flow has no listening state {state!r} ({', '.join(sorted(states))})"
            )
        if not isinstance(by_meant, dict):
            raise CorpusError(f"{where}: needs meanings ({', '.join(MEANT)})")
        for meant, groups in by_meant.items():
            if isinstance(meant, bool):  # YAML 1.1 reads a bare yes / no as a boolean
                raise CorpusError(f'{where}.{meant}: write the meaning quoted, "yes" or "no"')
            if meant not in MEANT:
                raise CorpusError(f"{where}.{meant}: unknown meaning (one of {', '.join(MEANT)})")
            if not isinstance(groups, dict):
                raise CorpusError(f"{where}.{meant}: needs groups of texts")
            for group, texts in groups.items():
                if not isinstance(texts, list) or not all(isinstance(t, str) and t.strip() for t in texts):
                    raise CorpusError(f"{where}.{meant}.{group}: needs a list of non-empty texts")
                out += [Utterance(str(state), meant, str(group), text, part) for text in texts]
    return out


def load_corpus(
    flow: str, parts: tuple[str, ...] = ("dev", "heldout"), states: set[str] | None = None
) -> list[Utterance]:
    out: list[Utterance] = []
    for part in parts:
        path = CORPUS_DIR / PARTS[part].format(flow=flow)
        if part != "dev" and not path.exists():
            continue  # a flow may have no held-out part yet
        out += load_part(path, part, states)
    return out
