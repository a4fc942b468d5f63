"""The answer rules: refusals outrank yes, out-of-grammar speech is no match, doubt asks again."""

from __future__ import annotations

import pytest

from bot.compliance.optout import OptOutDetector
from bot.core.transcript import Transcript
from bot.flow.answers import (
    AnswerRules,
    TurnListener,
    confirm_prompt,
    grammar_optout,
    is_refusal_intent,
    refusal_in,
)

KO_OPTOUT = OptOutDetector("ko").grammar_phrases()
EN_OPTOUT = OptOutDetector("en").grammar_phrases()
KO = AnswerRules({"yes": ["네", "예"], "no": ["아니요", "아니오"]}, "ko", KO_OPTOUT)
EN = AnswerRules(
    {"yes": ["yes", "sure"], "no": ["no", "not now"], "agent": ["agent", "a person"]}, "en", EN_OPTOUT
)


def kind(answer) -> str:
    return answer.kind if answer.kind == "no_match" else f"{answer.kind}:{answer.intent}"


# ---- what refuses ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("아니요", "ko"),
        ("관심 없어요", "ko"),
        ("싫어요", "ko"),
        ("됐어요", "ko"),
        ("괜찮습니다", "ko"),
        ("안 할래요", "ko"),
        ("그만", "ko"),
        ("no", "en"),
        ("not now", "en"),
        ("Don't.", "en"),
        ("不需要", "zh"),
        ("算了", "zh"),
    ],
)
def test_refusal_words(text: str, language: str) -> None:
    assert refusal_in(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("네", "ko"),
        ("예", "ko"),
        ("안녕하세요", "ko"),
        ("yes", "en"),
        ("know", "en"),
        ("好的", "zh"),
        ("no", "fr"),
    ],
)
def test_not_refusals(text: str, language: str) -> None:
    assert not refusal_in(text, language)


def test_positive_and_refusal_intents() -> None:
    assert KO.positive == {"yes"} and EN.positive == {"yes", "agent"}
    assert is_refusal_intent(["no", "keep it", "don't cancel"], "en")  # two of three refuse
    assert not is_refusal_intent(["confirm", "yes", "that's fine"], "en")
    assert not is_refusal_intent([], "en")


# ---- the rules -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("rules", "text", "expected"),
    [
        (KO, "네", "intent:yes"),
        (KO, "예", "intent:yes"),
        (KO, "아니요", "intent:no"),
        # refusals outrank yes: the measured cases ("그만" heard as "네 마세요") and refusal words
        (KO, "네 마세요", "ambiguous:yes"),
        (KO, "네 번호 지워", "ambiguous:yes"),
        (KO, "네 관심 없어요", "ambiguous:yes"),
        (KO, "예 싫어요", "ambiguous:yes"),
        # yes and no at once: ask, never take
        (KO, "네 아니요", "ambiguous:yes"),
        # out-of-grammar speech beside an answer
        (KO, "[unk] 네", "ambiguous:yes"),
        (KO, "[unk] [unk] 아니요", "no_match"),
        (KO, "[unk] 아니요", "intent:no"),
        (KO, "[unk]", "no_match"),
        (KO, "마세요", "no_match"),
        (KO, "", "no_match"),
        (EN, "yes", "intent:yes"),
        (EN, "sure thing", "intent:yes"),
        (EN, "no thanks", "intent:no"),
        (EN, "yes no", "ambiguous:yes"),
        (EN, "sure but no", "ambiguous:yes"),
        (EN, "yes stop calling", "ambiguous:yes"),
        (EN, "a person please", "intent:agent"),
        (EN, "a person not now", "ambiguous:agent"),  # a positive intent tied with a refusal
    ],
)
def test_decide(rules: AnswerRules, text: str, expected: str) -> None:
    assert kind(rules.decide(text)) == expected


def test_refusal_words_inside_the_matched_phrase_do_not_count() -> None:
    rules = AnswerRules({"yes": ["yes cancel it"], "no": ["no", "keep it"]}, "en")
    assert kind(rules.decide("yes cancel it")) == "intent:yes"
    assert kind(rules.decide("yes cancel it not now")) == "ambiguous:yes"


def test_word_confidence_thresholds_per_kind_of_intent() -> None:
    assert kind(KO.decide("네", [("네", 0.44)])) == "ambiguous:yes"
    assert KO.decide("네", [("네", 0.44)]).reason == "confidence"
    assert kind(KO.decide("네", [("네", 0.45)])) == "intent:yes"
    assert kind(KO.decide("아니요", [("아니요", 0.39)])) == "no_match"
    assert kind(KO.decide("아니요", [("아니요", 0.4)])) == "intent:no"
    # only the words of the matched phrase count
    assert kind(KO.decide("아니요 아니오", [("아니요", 0.9), ("아니오", 0.2)])) == "intent:no"
    strict = AnswerRules({"yes": ["네"], "no": ["아니요"]}, "ko", thresholds={"yes": 0.9})
    assert kind(strict.decide("네", [("네", 0.85)])) == "ambiguous:yes"


def test_the_check_pass_must_agree() -> None:
    assert kind(KO.decide("네", [("네", 1.0)], ("네",))) == "intent:yes"
    assert kind(KO.decide("네", [("네", 1.0)], ("예",))) == "intent:yes"  # the same intent
    # "수신 거부" heard as "네" by the grammar, as fillers by the check
    assert KO.decide("네", [("네", 1.0)], ("[unk]", "[unk]")).reason == "check: garbage"
    assert KO.decide("네", [("네", 1.0)], ("네", "거부")).reason == "check: refusal"
    assert KO.decide("네", [("네", 1.0)], ("아니요",)).reason == "check: refusal"
    assert KO.decide("네", [("네", 1.0)], ()).reason == "check: differs"
    assert EN.decide("yes", [("yes", 1.0)], ("agent",)).reason == "check: differs"
    assert kind(KO.decide("아니요", [("아니요", 0.6)], ("아니오",))) == "intent:no"
    assert kind(KO.decide("아니요", [("아니요", 0.6)], ("[unk]",))) == "no_match"  # noise heard as "no"


def test_confirm_prompts() -> None:
    assert confirm_prompt("yes", "yes", "en") == "Sorry, was that a yes?"
    assert confirm_prompt("yes", "네", "ko") == "죄송합니다. 네라고 하셨나요?"
    assert confirm_prompt("confirm", "yes", "en") == "Sorry, was that a yes?"  # a yes word
    assert confirm_prompt("agent", "a person", "en") == "Sorry, did you say a person?"
    assert confirm_prompt("book", "예약", "ko") == "죄송합니다. 예약, 맞으세요?"
    assert confirm_prompt("yes", "是的", "zh") == "不好意思，您是说是吗？"
    assert confirm_prompt("x", "{a}", "fr") == "Sorry, did you say {{a}}?"  # a flow text: braces escaped


# ---- opt-outs in a grammar result ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text", ["전화 하지 마세요", "거부 하지 마세요", "번호 하지 마세요", "전화 다시 마세요", "수신 거부"]
)
def test_grammar_optout_reads_mixed_up_optout_phrases(text: str) -> None:
    assert grammar_optout(text, KO_OPTOUT, KO.intents, "ko") is not None


@pytest.mark.parametrize("text", ["네", "아니요", "네 마세요", "마세요", "번호", "[unk] [unk]", ""])
def test_grammar_optout_leaves_answers_and_fragments(text: str) -> None:
    assert grammar_optout(text, KO_OPTOUT, KO.intents, "ko") is None


def test_grammar_optout_only_where_measured() -> None:
    assert grammar_optout("stop calling", EN_OPTOUT, EN.intents, "en") is None


@pytest.mark.parametrize(
    "text", ["지워 주세요 하지 마세요", "거부 번호 하지 마세요", "번호 아니요 마세요", "네 전화 예 마세요"]
)
def test_the_offered_phrase_is_known_by_its_ending_with_an_optout_word_before_it(text: str) -> None:
    offered = "전화 하지 마세요"
    assert grammar_optout(text, KO_OPTOUT, KO.intents, "ko", offered) == offered
    assert grammar_optout(text, KO_OPTOUT, KO.intents, "ko") is None  # a flow that offers something else


@pytest.mark.parametrize("text", ["하지 마세요 네", "네 마세요", "아니요 마세요", "마세요", "네 예 마세요"])
def test_the_ending_alone_or_with_intent_words_is_not_an_optout(text: str) -> None:
    assert grammar_optout(text, KO_OPTOUT, KO.intents, "ko", "전화 하지 마세요") is None


# ---- one state's listener ------------------------------------------------------------------------------
def final(text: str, confidence: float = 1.0) -> Transcript:
    return Transcript(text, True, confidence)


def test_listener_grammar_and_opt_outs() -> None:
    listener = TurnListener(
        OptOutDetector("ko"), KO_OPTOUT, KO.intents, "ko", ["네", "예", "아니요", "아니오"]
    )
    assert listener.grammar == ["네", "예", "아니요", "아니오", *KO_OPTOUT]
    assert listener.optout(final("전화 하지 마세요"))
    assert listener.optout(final("거부 하지 마세요"))  # the grammar result of the offered phrase
    assert not listener.optout(Transcript("거부 하지 마세요", False))  # partials: the detector only
    assert not listener.optout(final("네"))
    assert listener.answer(final("네")).kind == "intent"
    assert listener.answer(final("네", confidence=0.3)).kind == "ambiguous"  # no words: the mean confidence
    assert listener.answer(final("네 마세요")).kind == "ambiguous"


def test_listener_reads_the_check_pass_for_opt_outs_too() -> None:
    from bot.speech.vosk_stream import HeardTranscript

    listener = TurnListener(OptOutDetector("ko"), KO_OPTOUT, KO.intents, "ko", ["네"], "전화 하지 마세요")
    assert listener.optout(HeardTranscript("네 마세요", True, 0.9, checked=("[unk]", "하지", "마세요")))
    assert not listener.optout(HeardTranscript("네 마세요", True, 0.9, checked=("[unk]", "마세요")))


def test_listener_ends_the_turn_early_only_on_a_plain_answer() -> None:
    listener = TurnListener(OptOutDetector("ko"), KO_OPTOUT, KO.intents, "ko", ["네"])
    assert listener.complete("네") and listener.complete("전화 하지 마세요")
    assert not listener.complete("네 마세요") and not listener.complete("마세요")


def test_the_opening_listens_for_opt_outs_only() -> None:
    listener = TurnListener(OptOutDetector("ko"), KO_OPTOUT, None, "ko")
    assert listener.grammar == KO_OPTOUT and listener.rules is None
    assert listener.answer(final("네")).kind == "no_match"
    assert not listener.complete("네") and listener.optout(final("거부 하지 마세요"))


class _AlwaysOptOut:
    """A learned model that calls everything an opt-out."""

    threshold = 0.5

    def probability(self, text: str) -> float:
        return 0.99


@pytest.mark.parametrize(
    ("text", "learned"),
    [
        ("하지", False),  # white noise, forced onto a grammar word
        ("지워 번호", False),  # "여보세요", forced onto two
        ("예 네 지워", True),  # three words: a sentence for the model to judge
    ],
)
def test_the_learned_model_is_not_asked_about_fragments(text: str, learned: bool) -> None:
    detector = OptOutDetector("ko", second_opinion=_AlwaysOptOut())
    listener = TurnListener(detector, KO_OPTOUT, KO.intents, "ko", ["네"])
    assert detector.detect(text) is not None  # the model alone would fire on every one
    decided = listener.optout(final(text))
    assert (decided is not None and decided.startswith("classifier:")) is learned
