"""What the bot did with each utterance, and the report: a confusion matrix per state, the headline rates."""

from __future__ import annotations

import collections
import dataclasses
import sys

from bench.speech_accuracy.corpus import MEANT, Utterance

# What the bot did with the caller's turn. "ask_again" is a re-ask because the answer was ambiguous;
# "failed" a phone call that did not happen as planned (counted, shown, left out of the rates).
HEARD = ("yes", "no", "opt_out", "ask_again", "no_match", "no_input", "failed")
FAILED = "failed"
POSITIVE = "yes"


@dataclasses.dataclass
class Trial:
    utterance: Utterance
    voice: str
    heard: str
    texts: list[str] = dataclasses.field(default_factory=list)  # the recogniser's finals (and partial)
    detail: str = ""

    @property
    def measured(self) -> bool:
        return self.heard != FAILED


class Report:
    def __init__(self, trials: list[Trial]) -> None:
        self.trials = trials

    def print(self, out=sys.stdout) -> None:
        failed = [t for t in self.trials if not t.measured]
        states = list(dict.fromkeys(t.utterance.state for t in self.trials))
        for state in states:
            rows = [t for t in self.trials if t.utterance.state == state]
            print(f"\nstate {state}: {len(rows)} trials (rows: meant; columns: what the bot did)", file=out)
            print(f"  {'':<10}" + "".join(f"{h:>10}" for h in HEARD) + f"{'n':>6}", file=out)
            for meant in MEANT:
                mine = [t for t in rows if t.utterance.meant == meant]
                if not mine:
                    continue
                counts = collections.Counter(t.heard for t in mine)
                print(
                    f"  {meant:<10}" + "".join(f"{counts[h]:>10}" for h in HEARD) + f"{len(mine):>6}",
                    file=out,
                )
            print("  by group:", file=out)
            for (meant, group), mine in _grouped(rows).items():
                counts = collections.Counter(t.heard for t in mine)
                shown = ", ".join(f"{h} {counts[h]}" for h in HEARD if counts[h])
                print(f"    {meant + '/' + group:<20} n={len(mine):<4} {shown}", file=out)
        parts = list(dict.fromkeys(t.utterance.part for t in self.trials))
        for part in [*parts, "all"] if len(parts) > 1 else parts:
            mine = self.trials if part == "all" else [t for t in self.trials if t.utterance.part == part]
            print(f"\nheadline, {part} corpus", file=out)
            for line in Report(mine).headline():
                print(f"  {line}", file=out)
        print(f"\ncalls that failed (not in the rates above): {len(failed)} of {len(self.trials)}", file=out)
        for t in failed[:20]:
            print(f"  {t.utterance.state}: {t.utterance.text!r} [{t.voice}] {t.detail}", file=out)

    def headline(self) -> list[str]:
        """The three headline rates (and their parts) over the measured trials."""
        t = [x for x in self.trials if x.measured]
        lines = []
        not_yes = [x for x in t if x.utterance.meant != POSITIVE]
        refusals = [x for x in t if x.utterance.meant in ("no", "opt_out")]
        lines.append(
            _rate("false accept of a positive intent (meant not yes, taken as yes)", not_yes, _is_yes)
        )
        lines.append(_rate("  of which refusals and opt-outs taken as yes (goal 0 %)", refusals, _is_yes))
        lines.append(_rate("  of which no speech, noise, unrelated taken as yes", _meant(t, "none"), _is_yes))
        for group in ("offered", "listed", "other"):
            opt = [x for x in t if x.utterance.meant == "opt_out" and x.utterance.group == group]
            goal = " (goal >= 95 %)" if group == "offered" else ""
            lines.append(
                _rate(f"opt-out recall, {group} phrasings{goal}", opt, lambda x: x.heard == "opt_out")
            )
        opt = _meant(t, "opt_out")
        lines.append(_rate("opt-out recall, all", opt, lambda x: x.heard == "opt_out"))
        in_grammar = [x for x in t if x.utterance.group == "in_grammar"]
        lines.append(
            _rate("in-grammar accuracy (goal >= 95 %)", in_grammar, lambda x: x.heard == x.utterance.meant)
        )
        wrong = [x for x in in_grammar if x.heard != x.utterance.meant]
        lines.append(
            _rate(
                "  in-grammar answers taken as the wrong intent",
                in_grammar,
                lambda x: x.heard in MEANT and x in wrong,
            )
        )
        lines.append(
            _rate(
                "false opt-out (meant not opt-out, call ended as opted out)",
                [x for x in t if x.utterance.meant != "opt_out"],
                lambda x: x.heard == "opt_out",
            )
        )
        return lines

    def failures(self, limit: int = 400) -> list[str]:
        out = []
        for x in self.trials:
            u = x.utterance
            bad = (x.heard == POSITIVE and u.meant != POSITIVE) or (
                u.meant in ("yes", "no", "opt_out") and x.heard != u.meant
            )
            if bad:
                what = f"{u.part} {u.state}: {u.meant}/{u.group} {u.text!r} [{x.voice}]"
                out.append(f"{what} -> {x.heard} {x.texts} {x.detail}")
        return out[:limit]


def _meant(trials: list[Trial], meant: str) -> list[Trial]:
    return [x for x in trials if x.utterance.meant == meant]


def _is_yes(trial: Trial) -> bool:
    return trial.heard == POSITIVE


def _rate(label: str, trials: list[Trial], ok) -> str:
    if not trials:
        return f"{label:<72} n/a"
    hits = sum(1 for x in trials if ok(x))
    return f"{label:<72} {100 * hits / len(trials):5.1f} %  ({hits}/{len(trials)})"


def _grouped(trials: list[Trial]) -> dict[tuple[str, str], list[Trial]]:
    out: dict[tuple[str, str], list[Trial]] = {}
    for x in trials:
        out.setdefault((x.utterance.meant, x.utterance.group), []).append(x)
    return out
