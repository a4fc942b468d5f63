"""Opt-out detector against corpora of recogniser-style utterances.

The corpora the rules are tuned on and the learned second opinion trains on ship with the bot
(bot/compliance/optout_corpus/); those kept back to measure unseen phrasings are in tests/fixtures/optout/.
The detector measured is the one the bot runs: the rules, and the learned model on final results.

dev.yaml is what the rules are tuned on: every utterance must be right. independent1.yaml to
independent4.yaml were each written by someone who never saw the rules; the rules
have since been generalised from them, so they are seen data and, like dev.yaml, every utterance must be
right (their utterances are also in dev.yaml). independent5.yaml and independent6.yaml were tuned on in
round 5, independent7.yaml in round 6, independent8.yaml and independent9.yaml in round 7,
independent12.yaml and independent13.yaml in round 8, independent14.yaml and independent15.yaml in round 9,
independent16.yaml and independent17.yaml in round 10, independent18.yaml and independent19.yaml in round 11,
independent20.yaml and independent21.yaml in round 12, independent22.yaml and independent23.yaml in round 13,
independent24.yaml and independent25.yaml in round 14,
independent26.yaml and independent27.yaml in round 15,
independent28.yaml and independent29.yaml in round 16,
independent30.yaml and independent31.yaml in round 17,
independent32.yaml and independent33.yaml in round 18,
independent34.yaml and independent35.yaml in round 19,
independent36.yaml and independent37.yaml in round 20,
independent38.yaml and independent39.yaml in round 21:
each keeps the figures the rules reached on it
(TUNED). independent10.yaml and independent11.yaml were never tuned on (UNSEEN): they keep the figures
measured when they arrived.
ordinary.yaml holds everyday answers (yes, no, dates) that must never fire.
heldout.yaml was written before the rules were tuned; it checks that the rules catch opt-outs by pattern
and not by listing sentences: per language, recall >= 98% and false alarms <= 2%.

A near miss counts as a false alarm if it fires on the final result or on any partial result on the way
to it: a partial is a prefix of the final text (word by word; character by character in Chinese).

One test per corpus, language and side, which checks every utterance and names all the wrong ones in one
message: a test per utterance made thousands of tests, and the per-test overhead was most of the run time.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from bot.compliance.optout import SUPPORTED_LANGUAGES, OptOutDetector
from bot.compliance.optout_corpus import CORPUS_DIR, KINDS, load, partials
from bot.compliance.optout_model import learned_model
from bot.core.text import normalize_text

KEPT_BACK_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "optout"
# Independent corpora: written by someone who never saw the rules; seen since the rules were generalised
# from them, and moved into dev.yaml.
INDEPENDENT = ("independent1", "independent2", "independent3", "independent4")
# Corpora where every utterance must be right.
SEEN = ("dev", "ordinary", *INDEPENDENT)
Figures = dict[str, tuple[int, int]]  # per language: (opt-outs caught, near misses that fire)
# Tuned on in round 5, not moved into dev.yaml: each keeps the figures the rules reached on it, a floor
# against regressions. independent6's errors are ambiguous by decision (OPTOUT_RULES.md, round 5): a call
# moved to another of the person's phones counts as an opt-out for the line we called, and "남편이 전화
# 그만 하래요" reads like the hearsay "엄마가 전화 그만하래요" in dev.yaml.
TUNED: dict[str, Figures] = {
    "independent5": {"en": (60, 0), "zh": (60, 0), "ko": (60, 0)},
    "independent6": {"en": (60, 1), "zh": (60, 1), "ko": (59, 1)},
    # Round 6 (measured before tuning: en 54/60 0/50, zh 53/60 1/50, ko 55/60 0/50).
    "independent7": {"en": (60, 0), "zh": (60, 0), "ko": (60, 0)},
    # Round 7 (measured before tuning: independent8 en 57/60 0/50, zh 57/60 0/50, ko 54/60 1/50;
    # independent9 en 57/60 2/50, zh 59/60 0/50, ko 54/60 0/50).
    "independent8": {"en": (60, 0), "zh": (60, 0), "ko": (60, 0)},
    "independent9": {"en": (60, 0), "zh": (60, 0), "ko": (60, 0)},
    # Round 8, rules and learned model as the bot runs them (measured before tuning: independent12 en 58/60
    # 2/50, zh 60/60 1/50, ko 58/60 1/50; independent13 en 60/60 1/50, zh 57/60 1/50, ko 58/60 2/50).
    "independent12": {"en": (60, 0), "zh": (60, 0), "ko": (60, 0)},
    "independent13": {"en": (60, 0), "zh": (60, 0), "ko": (60, 0)},
    # Round 9, rules and learned model (measured unseen on round 8: independent14 en 60/60 2/50, zh 60/60
    # 1/50, ko 59/60 0/50; independent15 en 58/60 1/50, zh 60/60 2/50, ko 60/60 1/50).
    "independent14": {"en": (60, 0), "zh": (60, 0), "ko": (60, 0)},
    "independent15": {"en": (60, 0), "zh": (60, 0), "ko": (60, 0)},
    # Round 10, rules and learned model (measured unseen on round 9: independent16 en 58/60 0/50, zh 57/60
    # 2/50, ko 60/60 1/50; independent17 en 59/60 2/50, zh 58/60 2/50, ko 58/60 2/50).
    "independent16": {"en": (60, 0), "zh": (60, 0), "ko": (60, 0)},
    "independent17": {"en": (60, 0), "zh": (60, 0), "ko": (60, 0)},
    # Round 11, rules and learned model (measured unseen on round 10: independent18 en 59/60 3/50, zh 59/60
    # 2/50, ko 59/60 0/50; independent19 en 59/60 4/50, zh 60/60 2/50, ko 59/60 1/50).
    "independent18": {"en": (60, 0), "zh": (60, 0), "ko": (60, 0)},
    "independent19": {"en": (60, 0), "zh": (60, 0), "ko": (60, 0)},
    # Round 12, rules and learned model (measured unseen on round 11: independent20 en 58/60 3/50, zh 60/60
    # 2/50, ko 60/60 1/50; independent21 en 59/60 2/50, zh 58/60 1/50, ko 57/60 0/50).
    "independent20": {"en": (60, 0), "zh": (60, 0), "ko": (60, 0)},
    "independent21": {"en": (60, 0), "zh": (60, 0), "ko": (60, 0)},
    # Round 13, rules and learned model (measured unseen on round 12: independent22 en 59/60 3/50, zh 58/60
    # 2/50, ko 55/60 4/50; independent23 en 59/60 6/50, zh 57/60 3/50, ko 56/60 4/50). independent23's
    # three near misses that fire are calls redirected from this number or another of the person's to a
    # new one, opt-outs by decision (OPTOUT_RULES.md, Decisions).
    "independent22": {"en": (60, 0), "zh": (60, 0), "ko": (60, 0)},
    "independent23": {"en": (60, 1), "zh": (60, 1), "ko": (60, 1)},
    # Round 14, rules and learned model (measured unseen on round 13: independent24 en 59/60 2/50, zh 59/60
    # 2/50, ko 56/60 4/50; independent25 en 59/60 1/50, zh 59/60 1/50, ko 60/60 0/50).
    "independent24": {"en": (60, 0), "zh": (60, 0), "ko": (60, 0)},
    "independent25": {"en": (60, 0), "zh": (60, 0), "ko": (60, 0)},
    # Round 15, rules and learned model (measured unseen on round 14: independent26 en 59/60 4/50, zh 60/60
    # 5/50, ko 58/60 4/50; independent27 en 58/60 2/50, zh 58/60 4/50, ko 58/60 2/50). independent26's three
    # near misses that still fire are opt-outs by decision (OPTOUT_RULES.md, Decisions): a call redirected to
    # another of the person's phones ("dont call my landline call my mobile instead", 别打我座机打我手机),
    # and a request for a family member with "call me" after it, no "this number" (别打给我老公打给我就行).
    "independent26": {"en": (60, 1), "zh": (60, 2), "ko": (60, 0)},
    "independent27": {"en": (60, 0), "zh": (60, 0), "ko": (60, 0)},
    # Round 16, rules and learned model (measured unseen on round 15: independent28 en 56/60 1/50, zh 57/60
    # 2/50, ko 57/60 0/50; independent29 en 55/60 2/50, zh 59/60 1/50, ko 57/60 2/50). independent28's one
    # near miss that still fires is an opt-out by decision (OPTOUT_RULES.md, Decisions, round 11: a request
    # to unsubscribe from messages that may be ours counts, whatever calls are kept after it): "unsubscribe me
    # from the email newsletter but keep the phone reminders coming".
    "independent28": {"en": (60, 1), "zh": (60, 0), "ko": (60, 0)},
    "independent29": {"en": (60, 0), "zh": (60, 0), "ko": (60, 0)},
    # Round 17, rules and learned model (measured unseen on round 16: independent30 en 60/60 0/50, zh 60/60
    # 0/50, ko 60/60 2/50; independent31 en 59/60 1/50, zh 60/60 1/50, ko 59/60 1/50). independent31's one
    # near miss that still fires is an opt-out by decision (OPTOUT_RULES.md, Decisions: a call redirected to
    # another of the person's phones counts as an opt-out for the line called): "집 전화는 아무도 안 받아요
    # 휴대폰으로 하세요".
    "independent30": {"en": (60, 0), "zh": (60, 0), "ko": (60, 0)},
    "independent31": {"en": (60, 0), "zh": (60, 0), "ko": (60, 1)},
    # Round 18, rules and learned model (measured unseen on round 17: independent32 en 59/60 1/50, zh 60/60
    # 3/50, ko 58/60 1/50; independent33 en 58/60 2/50, zh 58/60 1/50, ko 60/60 0/50). The two near misses
    # that still fire are opt-outs by decision (OPTOUT_RULES.md, Decisions): independent32's "别打这个号打我
    # 公司电话" refuses the number called and redirects to another (round 13, "don't call this number, call
    # my office instead"); independent33's "unsubscribe me from the email newsletter but you can still call"
    # is a request to unsubscribe from messages that may be ours, whatever calls are kept after it (round 11).
    "independent32": {"en": (60, 0), "zh": (60, 1), "ko": (60, 0)},
    "independent33": {"en": (60, 1), "zh": (60, 0), "ko": (60, 0)},
    # Round 19, rules and learned model (measured unseen on round 18: independent34 en 57/60 0/50, zh 59/60
    # 1/50, ko 60/60 0/50; independent35 en 58/60 1/50, zh 60/60 1/50, ko 59/60 1/50). independent35's one
    # near miss that still fires is an opt-out by decision (OPTOUT_RULES.md, Decisions, round 15: a request
    # for a family member with "call me" after it and no "this number" counts, the line called may be theirs):
    # "别打给我老婆打给我就行".
    "independent34": {"en": (60, 0), "zh": (60, 0), "ko": (60, 0)},
    "independent35": {"en": (60, 0), "zh": (60, 1), "ko": (60, 0)},
    # Round 20, rules and learned model (measured unseen on round 19: independent36 en 60/60 0/50, zh 57/60
    # 0/50, ko 59/60 1/50; independent37 en 59/60 1/50, zh 60/60 1/50, ko 59/60 1/50). independent37's one
    # near miss that still fires is an opt-out by decision (OPTOUT_RULES.md, Decisions, round 15: a time of
    # day refused counts unless another time is allowed after it; round 20 kept it): "점심시간에는 전화하지
    # 말아 주세요".
    "independent36": {"en": (60, 0), "zh": (60, 0), "ko": (60, 0)},
    "independent37": {"en": (60, 0), "zh": (60, 0), "ko": (60, 1)},
    # Round 21, rules and learned model (measured unseen on round 20: independent38 en 59/60 1/50, zh 58/60
    # 0/50, ko 59/60 1/50; independent39 en 59/60 0/50, zh 60/60 1/50, ko 60/60 0/50). The two near misses
    # that still fire are opt-outs by decision (OPTOUT_RULES.md, Decisions): independent38's "dont call me at
    # work call me at home after six" redirects the call to another of the person's phones (the redirect
    # decision: the robot cannot tell which it called); independent39's "别打给我老公他不管这个打给我" is a
    # request for a family member with "call me" after it and no "this number" (round 15: the line called may
    # be theirs).
    "independent38": {"en": (60, 1), "zh": (60, 0), "ko": (60, 0)},
    "independent39": {"en": (60, 0), "zh": (60, 1), "ko": (60, 0)},
}
# Unseen corpora: written by someone who never saw the rules and never tuned on. Each keeps the figures
# it was measured at, per language: a floor against regressions, below the goal (OPTOUT_RULES.md, "How far
# rules generalise"). Add a new corpus here with its figures as measured by tests/optout_figures.py
# before any tuning. independent10 and independent11: two authors, measured on the round-7 rules and the
# learned second opinion (rules alone: independent10 en 56/60 1/50, zh 57/60 0/50, ko 57/60 1/50;
# independent11 en 56/60 0/50, zh 60/60 0/50, ko 57/60 1/50).
UNSEEN: dict[str, Figures] = {
    "independent10": {"en": (59, 1), "zh": (58, 0), "ko": (57, 1)},
    "independent11": {"en": (58, 0), "zh": (60, 0), "ko": (59, 1)},
}
FLOORS = {**TUNED, **UNSEEN}
ALL = (*SEEN, "heldout", *FLOORS)
MIN_RECALL = 0.98
MAX_FALSE_ALARMS = 0.02
MAX_LEARNED_FALSE_ALARMS = 0.01  # the bound the model's threshold was chosen for (OPTOUT_RULES.md)


def corpus(name: str) -> dict[str, dict[str, tuple[str, ...]]]:
    kept_back = KEPT_BACK_DIR / f"{name}.yaml"
    data = load(kept_back if kept_back.exists() else CORPUS_DIR / f"{name}.yaml")
    assert set(data) == set(SUPPORTED_LANGUAGES), name
    return data


@cache
def detector(language: str, learned: bool = True) -> OptOutDetector:
    """The detector the bot runs; ``learned=False``: the rules alone."""
    return OptOutDetector(language, second_opinion=learned_model(language) if learned else None)


def fires(language: str, text: str, learned: bool = True) -> bool:
    det = detector(language, learned)
    if det.detect(text) is not None:
        return True
    return any(det.detect(partial, final=False) is not None for partial in partials(language, text))


def missed(language: str, texts: tuple[str, ...]) -> list[str]:
    """The opt-outs that the final result does not catch."""
    out = []
    for text in texts:
        match = detector(language).detect(text)
        if match is None:
            out.append(text)
        else:
            assert match.text == text
    return out


def false_alarms(language: str, texts: tuple[str, ...], learned: bool = True) -> list[str]:
    """The near misses that fire, on the final result or on a partial result on the way to it."""
    return [text for text in texts if fires(language, text, learned)]


def listing(texts: list[str]) -> str:
    return "".join(f"\n  {text}" for text in texts)


def _compact(text: str) -> str:
    # Spacing variants ("전화하지 마세요", "전화 하지 마세요") are one utterance for the dev/held-out check.
    return normalize_text(text).replace(" ", "")


# Dev and independent corpora: tuned on, so every utterance is a hard requirement.
@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("name", SEEN)
def test_seen_opt_outs_are_detected(name: str, language: str) -> None:
    texts = corpus(name)[language]["optout"]
    wrong = missed(language, texts)
    assert not wrong, f"{name} {language}: {len(wrong)} of {len(texts)} opt-outs missed:{listing(wrong)}"


# The rules' contract. The learned model cannot tell every tuned near miss from its opt-out ("i do want
# these calls"): with it, the seen near misses may fire at the rate its cross validation allowed.
@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("name", SEEN)
def test_seen_near_misses_are_silent(name: str, language: str) -> None:
    texts = corpus(name)[language]["not_optout"]
    wrong = false_alarms(language, texts, learned=False)
    assert not wrong, f"{name} {language}: {len(wrong)} of {len(texts)} near misses fire:{listing(wrong)}"


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_seen_near_misses_with_the_learned_model(language: str) -> None:
    texts = tuple(t for name in SEEN for t in corpus(name)[language]["not_optout"])
    wrong = false_alarms(language, texts)
    assert len(wrong) <= MAX_LEARNED_FALSE_ALARMS * len(texts), (
        f"{language}: {len(wrong)} fire:{listing(wrong)}"
    )


# A partial never fires where the final result would not: "수신 거부는" waits for "안 해요".
@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("name", ALL)
def test_partial_fires_only_where_final_does(name: str, language: str) -> None:
    det = detector(language)
    wrong = []
    for kind in KINDS:
        for text in corpus(name)[language][kind]:
            early = [p for p in partials(language, text) if det.detect(p, final=False) is not None]
            if early and det.detect(text) is None:
                wrong.append(f"partial {early[0]!r} fires, final {text!r} does not")
    assert not wrong, f"{name} {language}:{listing(wrong)}"


# Held-out corpus: judged as a whole per language, against the goal figures.
@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_heldout_recall(language: str) -> None:
    opt_outs = corpus("heldout")[language]["optout"]
    wrong = missed(language, opt_outs)
    recall = 1 - len(wrong) / len(opt_outs)
    assert recall >= MIN_RECALL, f"{language}: recall {recall:.1%}, missed:{listing(wrong)}"


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_heldout_false_alarms(language: str) -> None:
    near_misses = corpus("heldout")[language]["not_optout"]
    wrong = false_alarms(language, near_misses)
    rate = len(wrong) / len(near_misses)
    assert rate <= MAX_FALSE_ALARMS, f"{language}: false alarms {rate:.1%}:{listing(wrong)}"


# Tuned and unseen corpora: never below the figures they were measured at.
@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("name", FLOORS)
def test_corpus_holds_its_measured_figures(name: str, language: str) -> None:
    caught_then, fired_then = FLOORS[name][language]
    kinds = corpus(name)[language]
    missed_now = missed(language, kinds["optout"])
    fired_now = false_alarms(language, kinds["not_optout"])
    assert len(kinds["optout"]) - len(missed_now) >= caught_then, f"{name} {language}:{listing(missed_now)}"
    assert len(fired_now) <= fired_then, f"{name} {language}:{listing(fired_now)}"


# The corpora themselves.
@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize(
    ("name", "opt_outs", "near_misses"),
    [
        ("heldout", 40, 30),
        ("independent1", 40, 30),
        ("independent2", 50, 40),
        ("independent3", 50, 40),
        ("independent4", 60, 50),
        ("independent5", 60, 50),
        ("independent6", 60, 50),
        ("independent7", 60, 50),
        ("independent8", 60, 50),
        ("independent9", 60, 50),
        ("independent10", 60, 50),
        ("independent11", 60, 50),
        ("independent12", 60, 50),
        ("independent13", 60, 50),
        ("independent14", 60, 50),
        ("independent15", 60, 50),
        ("independent16", 60, 50),
        ("independent17", 60, 50),
        ("independent18", 60, 50),
        ("independent19", 60, 50),
    ],
)
def test_corpus_is_big_enough(name: str, language: str, opt_outs: int, near_misses: int) -> None:
    kinds = corpus(name)[language]
    assert len(kinds["optout"]) >= opt_outs
    assert len(kinds["not_optout"]) >= near_misses


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("name", ALL)
def test_no_utterance_twice_or_on_both_sides(name: str, language: str) -> None:
    seen: dict[str, str] = {}
    wrong = []
    for kind in KINDS:
        for text in corpus(name)[language][kind]:
            key = normalize_text(text)
            if key in seen:
                wrong.append(f"{text!r} ({seen[key]}, {kind})")
            seen[key] = kind
    assert not wrong, f"{name} {language}: twice:{listing(wrong)}"


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_dev_never_copies_heldout(language: str) -> None:
    heldout = {_compact(t) for kind in KINDS for t in corpus("heldout")[language][kind]}
    copied = [t for kind in KINDS for t in corpus("dev")[language][kind] if _compact(t) in heldout]
    assert not copied, f"held-out utterances copied into dev.yaml:{listing(copied)}"


# Each independent corpus was moved into dev.yaml: each of its utterances is there (or, already, in
# heldout.yaml), on the same side.
@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("name", INDEPENDENT)
def test_independent_corpus_is_in_dev(name: str, language: str) -> None:
    wrong = []
    for kind in KINDS:
        known = {_compact(t) for source in ("dev", "heldout") for t in corpus(source)[language][kind]}
        wrong += [f"{kind}: {t}" for t in corpus(name)[language][kind] if _compact(t) not in known]
    assert not wrong, f"{name} {language}: not in dev.yaml:{listing(wrong)}"
