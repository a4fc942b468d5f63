"""Intent matching of what Vosk heard, in English, Chinese and Korean."""

from __future__ import annotations

import pytest

from bot.flow.intents import match_intent, phrase_key

EN = {
    "yes": ["yes", "sure", "yes please"],
    "no": ["no", "not now", "no thanks"],
    "later": ["call me later", "call me back"],
    "dnc": ["don't call me"],
    "interested": ["interested"],
}
ZH = {
    "yes": ["是的", "好的", "需要"],
    "no": ["不是", "不用", "不需要"],
}
KO_YES_NO = {"yes": ["네", "예"], "no": ["아니요", "아니오"]}
KO_CALLS = {"no_call": ["전화 하지 마세요"], "callback": ["다시 전화 주세요"]}

# heard, intents, expected intent (None: must NOT match)
CASES = [
    # English: exact, punctuation/case, contained as whole words, out of order
    ("yes", EN, "yes"),
    ("Yes!", EN, "yes"),
    ("  YES,   please. ", EN, "yes"),
    ("sure thing", EN, "yes"),
    ("uh [unk] yes", EN, "yes"),
    ("not now", EN, "no"),
    ("no thanks", EN, "no"),
    ("oh no not now", EN, "no"),
    ("call me later please", EN, "later"),
    ("call me", EN, "later"),
    ("don't call me", EN, "dnc"),
    ("dont call me", EN, "dnc"),  # the recogniser's spelling need not match the flow's
    ("Don’t call me back", EN, "dnc"),  # negated "call me back" is not a callback request
    # English negatives
    ("now", EN, None),
    ("I know", EN, None),  # "no" must match a word, not letters
    ("nobody", EN, None),
    ("yesterday", EN, None),
    ("not interested", EN, None),  # negation is not the intent it negates
    ("not sure", EN, None),
    ("yes no", EN, None),  # ambiguous: ask again
    ("no thanks yes", EN, None),
    ("", EN, None),
    ("[unk]", EN, None),
    # Chinese: exact, recogniser spaces, contained, negation
    ("是的", ZH, "yes"),
    ("好的，谢谢", ZH, "yes"),
    ("不 需要", ZH, "no"),
    ("不需要。", ZH, "no"),
    ("不用了谢谢", ZH, "no"),
    ("不是的", ZH, "no"),  # contains 是的, but negated
    ("不要", ZH, "no"),  # fuzzy: close to 不需要 / 不用
    # Chinese negatives
    ("不好", ZH, None),
    ("谢谢", ZH, None),
    ("是", ZH, None),
    # Korean yes / no (the survey_ko words)
    ("네", KO_YES_NO, "yes"),
    ("예", KO_YES_NO, "yes"),
    ("네 네", KO_YES_NO, "yes"),
    ("아니요", KO_YES_NO, "no"),
    ("아니오.", KO_YES_NO, "no"),
    ("아니 요", KO_YES_NO, "no"),
    ("아니", KO_YES_NO, "no"),
    # Korean negatives: syllables inside other words are not answers
    ("예약", KO_YES_NO, None),
    ("네요", KO_YES_NO, None),
    ("아니요 네", KO_YES_NO, None),
    ("감사합니다", KO_YES_NO, None),
    # Korean mixtures the grammar recogniser produces from two phrases
    ("전화 하지 마세요", KO_CALLS, "no_call"),
    ("다시 전화 주세요", KO_CALLS, "callback"),
    ("전화 다시 마세요", KO_CALLS, "no_call"),
    ("하지 마세요", KO_CALLS, "no_call"),
    ("전화 주세요", KO_CALLS, "callback"),
    ("다시 주세요", KO_CALLS, "callback"),
    ("전화", KO_CALLS, None),
    ("마세요 주세요", KO_CALLS, None),
]


@pytest.mark.parametrize(("heard", "intents", "expected"), CASES)
def test_match_intent(heard: str, intents: dict[str, list[str]], expected: str | None) -> None:
    match = match_intent(heard, intents)
    assert (match.intent if match else None) == expected, match


def test_exact_phrase_scores_one_and_names_the_phrase() -> None:
    match = match_intent("Yes, please!", EN)
    assert match is not None
    assert (match.intent, match.phrase, match.score) == ("yes", "yes please", 1.0)


def test_contained_phrase_scores_about_095() -> None:
    match = match_intent("sure thing", EN)
    assert match is not None
    assert match.phrase == "sure"
    assert 0.92 <= match.score < 1.0


def test_threshold_is_respected() -> None:
    assert match_intent("하지 마세요", KO_CALLS) is not None
    assert match_intent("하지 마세요", KO_CALLS, threshold=0.9) is None
    assert match_intent("call me", EN, threshold=0.5) is not None


def test_empty_intents() -> None:
    assert match_intent("yes", {}) is None


def test_phrase_key_drops_vosk_unknown_words() -> None:
    assert phrase_key("[unk] Don’t [UNK] call") == "dont call"
    assert phrase_key("[unk]") == ""
