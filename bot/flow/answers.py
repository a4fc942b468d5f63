"""What a caller's answer means: the rules between what the recogniser heard and a state's intents.

A recogniser restricted to a grammar hears a grammar phrase in whatever the caller says: measured on the
Korean survey over the phone path, "수신 거부" (an opt-out) came back as "네" and "그만" as "네 마세요". So an
answer is taken only when nothing speaks against it, and a positive answer needs more than a refusal:

- **Refusals outrank yes.** An intent whose phrases are refusals ("no", "아니요", "不需要"; at least
  half of them) is a *refusal intent*; every other intent is *positive*. A result that holds a positive
  intent's phrase and also a refusal word (`refusal_in`) or a word of the opt-out phrases is never that
  intent: it is *ambiguous* and the caller is asked again ("Sorry, was that a yes?").
- **Out-of-grammar speech is no match.** The recogniser marks speech it could not fit to the grammar as
  `[unk]` (the Korean model has no [unk] of its own: the stream runs a second, *check* grammar with filler
  words as the garbage alternative, see bot/speech/fillers.py). A positive intent with `[unk]` beside it is
  ambiguous; a refusal intent outweighed by `[unk]` is no match.
- **The check pass must agree.** With a check result, a positive intent needs the check to hear the same
  intent, with no filler and no refusal; a refusal intent needs the check to hear it too.
- **Word confidence.** The lowest word confidence of the matched phrase must reach the intent's
  threshold: 0.45 for positive intents, 0.4 for refusal intents (below: ambiguous / no match).
- **Ties.** Two intents about equally good: ambiguous when one of them is positive, else no match.

Opt-outs come first (bot.compliance's detector, on every partial and final result). For Korean, a final
result (or its check) whose closest grammar phrase is an opt-out phrase (score >= 0.75, ahead of every
intent), or that ends with the last word of the phrase the opening offers ("... 마세요") with another
word of the opt-out phrases before it, is an opt-out too (`grammar_optout`): the grammar recogniser
returns "거부 하지 마세요" or "번호 아니요 마세요" for "전화 하지 마세요".

The numbers behind each rule are in flows/README.md ("How answers are matched").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.compliance.optout import OptOutDetector
from bot.core.text import normalize_text
from bot.core.transcript import Transcript
from bot.flow.intents import AMBIGUITY_MARGIN, IntentMatch, is_tie, phrase_key, rank_intents, score_phrase

#: What the recogniser returns for speech outside the grammar.
GARBAGE = "[unk]"
#: A phrase must score this much (see bot.flow.intents) to be heard at all.
MATCH_THRESHOLD = 0.75
#: Lowest word confidence of the matched phrase, per kind of intent (measured: flows/README.md).
POSITIVE_CONFIDENCE = 0.45
REFUSAL_CONFIDENCE = 0.4
#: A grammar result this close to an opt-out phrase (and closer than to any intent) is an opt-out.
GRAMMAR_OPTOUT_THRESHOLD = 0.75
#: Languages whose grammar results are read for opt-out phrases beyond the detector (measured there).
GRAMMAR_OPTOUT_LANGUAGES = frozenset({"ko"})

_UNK = re.compile(r"\[unk\]", re.IGNORECASE)

# Words and word parts that refuse, written normalised (bot.core.text). Korean: no, don't want, not
# needed, enough, I'm fine, don't, stop, refuse. Chinese: any negation character, 算了, 拒绝.
_REFUSAL: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"(?<!\S)(?:no|nope|nah|not|dont|never|stop|wont|cant|refuse|nothing)(?!\S)"),
    "ko": re.compile(
        r"아니|아뇨|싫|없어|없습|없다|없고|없는|됐어|됐습|됐다|됐고|괜찮|마세요|마요|말아|말고|그만|거부|거절|사양"
        r"|(?<!\S)안(?:\s|해|할|함|돼|받|하|$)|(?<!\S)못(?:\s|해|하|$)"
    ),
    "zh": re.compile(r"[不没沒别別]|算了|拒绝"),
}
# Positive intents that get the short confirmation: "Sorry, was that a yes?"
_YES_WORDS = {
    "en": frozenset({"yes", "yeah", "yep", "sure"}),
    "ko": frozenset({"네", "예", "응"}),
    "zh": frozenset({"是", "是的", "对", "对的", "好", "好的"}),
}
_CONFIRM_YES = {
    "en": "Sorry, was that a yes?",
    "ko": "죄송합니다. 네라고 하셨나요?",
    "zh": "不好意思，您是说是吗？",
}
_CONFIRM_PHRASE = {
    "en": "Sorry, did you say {phrase}?",
    "ko": "죄송합니다. {phrase}, 맞으세요?",
    "zh": "不好意思，您是说{phrase}吗？",
}


def _language(language: str) -> str:
    return language.split("-")[0].split("_")[0].lower()


def refusal_in(text: str, language: str) -> bool:
    """Does ``text`` hold a refusal word of ``language`` ("no", "not", "아니요", "싫어요", "不")?"""
    pattern = _REFUSAL.get(_language(language))
    return pattern is not None and pattern.search(normalize_text(_UNK.sub(" ", text))) is not None


def is_refusal_intent(phrases: Sequence[str], language: str) -> bool:
    """An intent at least half of whose phrases refuse ("no", "not now", "아니요"; "no", "keep it",
    "don't cancel"): a refusal intent. Every other intent is positive."""
    refusing = sum(1 for p in phrases if refusal_in(p, language))
    return bool(phrases) and 2 * refusing >= len(phrases)


def confirm_prompt(intent: str, phrase: str, language: str) -> str:
    """What the bot asks when an answer is ambiguous about a positive intent (braces escaped)."""
    lang = _language(language)
    if intent == "yes" or phrase_key(phrase) in _YES_WORDS.get(lang, _YES_WORDS["en"]):
        text = _CONFIRM_YES.get(lang, _CONFIRM_YES["en"])
    else:
        text = _CONFIRM_PHRASE.get(lang, _CONFIRM_PHRASE["en"]).format(phrase=phrase)
    return text.replace("{", "{{").replace("}", "}}")


@dataclass(frozen=True)
class Answer:
    """What a final result means in a state.

    ``kind`` is "intent" (take ``intent``), "ambiguous" (ask again about the positive ``intent``) or
    "no_match". ``reason`` says why an answer was not taken as it sounded.
    """

    kind: Literal["intent", "ambiguous", "no_match"]
    intent: str = ""
    phrase: str = ""
    score: float = 0.0
    reason: str = ""


def _no_match(reason: str) -> Answer:
    return Answer("no_match", reason=reason)


class AnswerRules:
    """The answer rules of one listening state: its intents, which of them are positive, the thresholds."""

    def __init__(
        self,
        intents: Mapping[str, Sequence[str]],
        language: str,
        optout_phrases: Sequence[str] = (),
        thresholds: Mapping[str, float] | None = None,
    ) -> None:
        self.intents = {name: tuple(phrases) for name, phrases in intents.items()}
        self.language = _language(language)
        self.positive = frozenset(n for n, p in self.intents.items() if not is_refusal_intent(p, language))
        self.thresholds = {
            name: POSITIVE_CONFIDENCE if name in self.positive else REFUSAL_CONFIDENCE
            for name in self.intents
        } | dict(thresholds or {})
        intent_words = {
            w for phrases in self.intents.values() for p in phrases for w in phrase_key(p).split()
        }
        self.optout_phrases = tuple(optout_phrases)
        self.optout_words = frozenset(w for p in optout_phrases for w in phrase_key(p).split()) - intent_words

    def decide(
        self,
        text: str,
        words: Sequence[tuple[str, float]] | None = None,
        checked: Sequence[str] | None = None,
    ) -> Answer:
        """The answer in a final result: its ``text``, its ``words`` with their confidences (when the
        recogniser gives them) and the ``checked`` words of the garbage-grammar pass (when it ran)."""
        ranked = rank_intents(text, self.intents)
        if not ranked or ranked[0].score < MATCH_THRESHOLD:
            return _no_match("no phrase")
        best = ranked[0]
        if is_tie(ranked):
            tied = [m for m in ranked if best.score - m.score < AMBIGUITY_MARGIN]
            positive = next((m for m in tied if m.intent in self.positive), None)
            if positive is None:
                return _no_match("tie")
            return Answer("ambiguous", positive.intent, positive.phrase, positive.score, "tie")
        if best.intent in self.positive:
            reason = self._doubt_positive(text, best, words, checked)
            if reason:
                return Answer("ambiguous", best.intent, best.phrase, best.score, reason)
        else:
            reason = self._doubt_refusal(text, best, words, checked)
            if reason:
                return _no_match(reason)
        return Answer("intent", best.intent, best.phrase, best.score)

    def _doubt_positive(
        self,
        text: str,
        best: IntentMatch,
        words: Sequence[tuple[str, float]] | None,
        checked: Sequence[str] | None,
    ) -> str:
        if self._refuses(text, best.phrase):
            return "refusal"
        if _UNK.search(text):
            return "garbage"
        if self._confidence(best, words) < self.thresholds[best.intent]:
            return "confidence"
        if checked is not None:
            check = " ".join(checked)
            if _UNK.search(check):
                return "check: garbage"
            if self._refuses(check, best.phrase):
                return "check: refusal"
            if not self._same_intent(check, best.intent):
                return "check: differs"
        return ""

    def _doubt_refusal(
        self,
        text: str,
        best: IntentMatch,
        words: Sequence[tuple[str, float]] | None,
        checked: Sequence[str] | None,
    ) -> str:
        explained = len(phrase_key(text).split())
        if len(_UNK.findall(text)) > explained:
            return "garbage"
        if self._confidence(best, words) < self.thresholds[best.intent]:
            return "confidence"
        if checked is not None and not self._same_intent(" ".join(checked), best.intent):
            return "check: differs"
        return ""

    def _refuses(self, text: str, phrase: str) -> bool:
        """Refusal or opt-out words in ``text`` besides the words of the matched ``phrase``."""
        rest = phrase_key(text).split()
        for word in phrase_key(phrase).split():
            if word in rest:
                rest.remove(word)
        return refusal_in(" ".join(rest), self.language) or any(w in self.optout_words for w in rest)

    def _same_intent(self, text: str, intent: str) -> bool:
        ranked = rank_intents(text, self.intents)
        return (
            bool(ranked)
            and ranked[0].intent == intent
            and ranked[0].score >= MATCH_THRESHOLD
            and not is_tie(ranked)
        )

    @staticmethod
    def _confidence(best: IntentMatch, words: Sequence[tuple[str, float]] | None) -> float:
        """The lowest confidence among the words of the matched phrase (all words for a fuzzy match)."""
        if not words:
            return 1.0
        mine = set(phrase_key(best.phrase).split())
        confidences = [c for w, c in words if phrase_key(w) in mine] or [
            c for w, c in words if not _UNK.search(w)
        ]
        return min(confidences) if confidences else 0.0


def grammar_optout(
    text: str,
    optout_phrases: Sequence[str],
    intents: Mapping[str, Sequence[str]],
    language: str,
    offered: str = "",
) -> str | None:
    """The opt-out phrase a grammar result stands for, or None.

    The grammar recogniser mixes the words of its phrases: "전화 하지 마세요" comes back as "거부 하지
    마세요" or "번호 아니요 마세요". When the closest phrase of the whole grammar is an opt-out phrase
    (scored like intents), the caller asked to opt out. So did a caller whose words end with the last word
    of the phrase the opening offers (``offered``: "... 마세요", "don't") with a word of the opt-out
    phrases (not of the state's intents) before it, whatever else the recogniser made of the words: the
    imperative that refuses the call, with what it refuses. The ending alone ("네 마세요", "마세요") is not
    enough: "네 좋아요" and "됐어요" come back so. Only for languages where this was measured
    (GRAMMAR_OPTOUT_LANGUAGES).
    """
    if _language(language) not in GRAMMAR_OPTOUT_LANGUAGES or not optout_phrases:
        return None
    heard = phrase_key(text)
    if not heard:
        return None
    if offered and _ends_refusing(heard.split(), phrase_key(offered).split()[-1], optout_phrases, intents):
        return offered
    score, phrase = max((score_phrase(heard, phrase_key(p)), p) for p in optout_phrases)
    rival = max((score_phrase(heard, phrase_key(p)) for ps in intents.values() for p in ps), default=0.0)
    return phrase if score >= GRAMMAR_OPTOUT_THRESHOLD and score > rival else None


def _ends_refusing(
    words: list[str], ending: str, optout_phrases: Sequence[str], intents: Mapping[str, Sequence[str]]
) -> bool:
    """Do ``words`` end with ``ending`` and hold, before it, a word of the opt-out phrases only?"""
    if len(words) < 2 or words[-1] != ending:
        return False
    intent_words = {w for phrases in intents.values() for p in phrases for w in phrase_key(p).split()}
    optout_words = {w for p in optout_phrases for w in phrase_key(p).split()} - intent_words - {ending}
    return any(w in optout_words for w in words[:-1])


def heard_words(transcript: Transcript) -> tuple[tuple[str, float], ...] | None:
    """The words of a result with their confidences, when the recogniser gave them."""
    words = getattr(transcript, "words", None)
    return tuple(words) if words else None


def checked_words(transcript: Transcript) -> tuple[str, ...] | None:
    """The words of the garbage-grammar check pass (fillers as [unk]), or None when it did not run."""
    checked = getattr(transcript, "checked", None)
    return tuple(checked) if checked is not None else None


# The learned opt-out model judges sentences, not fragments. The grammar-bound recogniser turns
# "여보세요", a cough or white noise into one or two grammar words ("지워 번호", "하지"), and the model,
# trained on whole written utterances, took such fragments for opt-outs: false opt-outs on the phone path
# rose from 13 % to 20 % (bench.speech_accuracy --offline). Results of fewer words are the rules' alone.
MODEL_MIN_WORDS = 3


class TurnListener:
    """How one state hears the caller: its grammar, the early-final rule, opt-outs and the answer.

    The runner keeps one per state it enters; the accuracy bench uses the same object offline.
    """

    def __init__(
        self,
        detector: OptOutDetector,
        optout_grammar: Sequence[str],
        intents: Mapping[str, Sequence[str]] | None,
        language: str,
        phrases: Iterable[str] = (),
        offered: str = "",
    ) -> None:
        self.detector = detector
        self.language = language
        self.offered = offered  # the opt-out phrase the opening offers
        self.optout_grammar = list(optout_grammar)
        self.rules = AnswerRules(intents, language, optout_grammar) if intents else None
        #: The recogniser's grammar: the state's intent phrases plus the opt-out phrases (heard everywhere).
        self.grammar = [*phrases, *self.optout_grammar]

    def optout(self, transcript: Transcript) -> str | None:
        """What decided that this result (partial or final) is an opt-out, for the log; None if it is not.

        A rule's phrase, "classifier:<language> p=<probability>" when the learned model decided, or
        "grammar:<phrase>" for the grammar recogniser's mixed words.
        """
        sentence = len(transcript.text.split()) >= MODEL_MIN_WORDS  # the model is not asked about fragments
        match = self.detector.detect(transcript.text, final=transcript.final, learned=sentence)
        if match is not None:
            learned = match.probability is not None
            return f"{match.phrase} p={match.probability}" if learned else match.phrase
        if not transcript.final:
            return None
        intents = self.rules.intents if self.rules is not None else {}
        checked = checked_words(transcript)
        for text in (transcript.text, " ".join(checked) if checked else ""):
            phrase = grammar_optout(text, self.optout_grammar, intents, self.language, self.offered)
            if phrase is not None:
                return f"grammar:{phrase}"
        return None

    def answer(self, transcript: Transcript) -> Answer:
        if self.rules is None:
            return _no_match("not listening")
        words = heard_words(transcript)
        if words is None and transcript.confidence > 0:
            words = ((transcript.text, transcript.confidence),)
        return self.rules.decide(transcript.text, words, checked_words(transcript))

    def complete(self, text: str) -> bool:
        """May the recogniser end the turn on this partial? (an opt-out, or a plain intent)"""
        if self.detector.detect(text, final=True) is not None:
            return True
        return self.rules is not None and self.rules.decide(text).kind == "intent"
