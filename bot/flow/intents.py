"""Match what the recogniser heard against a state's intent phrases.

Vosk runs with a grammar made of the state's phrases, so it returns those words, but
often mixed up: with phrases "전화 하지 마세요" and "다시 전화 주세요" it can return
"전화 다시 마세요" or just "하지 마세요". Matching is therefore forgiving (fuzzy), but
refuses to guess when two intents fit about equally well: the caller is asked again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from bot.core.text import is_cjk, is_unspaced, normalize_text

EXACT_SCORE = 1.0
#: A phrase found inside a longer utterance scores between these two, more when it covers more.
CONTAINED_BASE = 0.92
CONTAINED_SPAN = 0.05
#: Best intents closer than this are a tie: asking again beats guessing.
AMBIGUITY_MARGIN = 0.03

# Words that flip the meaning of what follows them. A phrase preceded by one of them is not
# "contained" ("not interested" is not "interested"), and a fuzzy match where only one
# side is negated is discounted. Written normalised: "don't" arrives as "dont".
_NEGATION_WORDS = frozenset({"not", "dont", "never", "no", "안", "못"})
_NEGATION_CHARS = frozenset("不没沒别別未")
_NEGATION_PENALTY = 0.5

_UNK = re.compile(r"\[unk\]", re.IGNORECASE)


def phrase_key(text: str) -> str:
    """What ``match_intent`` compares: the shared normal form, without Vosk's ``[unk]`` markers.

    ``[unk]`` is a word Vosk could not fit to the grammar; it says nothing about the intent. (The
    opt-out detector keeps it as a word, so that "stop [unk]" is not bare "stop".)
    """
    return normalize_text(_UNK.sub(" ", text))


@dataclass(frozen=True)
class IntentMatch:
    """The intent recognised, the phrase that matched best, and how well (0..1)."""

    intent: str
    phrase: str
    score: float


def _contains_words(text_words: list[str], phrase_words: list[str]) -> list[int]:
    """Start indexes where ``phrase_words`` occurs in ``text_words`` as whole words."""
    size = len(phrase_words)
    return [i for i in range(len(text_words) - size + 1) if text_words[i : i + size] == phrase_words]


def _negated(text: str) -> bool:
    return any(word in _NEGATION_WORDS for word in text.split()) or any(ch in _NEGATION_CHARS for ch in text)


def _contained_score(text: str, phrase: str) -> float:
    """Score for ``phrase`` inside the longer ``text``, or 0 when it is not there (un-negated)."""
    coverage = len(phrase.replace(" ", "")) / max(1, len(text.replace(" ", "")))
    score = CONTAINED_BASE + CONTAINED_SPAN * coverage
    text_words, phrase_words = text.split(), phrase.split()
    phrase_negates = phrase_words[0] in _NEGATION_WORDS  # "not now" may follow "no"
    for start in _contains_words(text_words, phrase_words):
        if start == 0 or phrase_negates or text_words[start - 1] not in _NEGATION_WORDS:
            return score
    if all(is_unspaced(ch) for ch in phrase.replace(" ", "")):
        # Unspaced scripts have no word boundaries: look for the characters anywhere.
        flat = text.replace(" ", "")
        target = phrase.replace(" ", "")
        index = flat.find(target)
        while index >= 0:
            negated = index > 0 and flat[index - 1] in _NEGATION_CHARS and target[0] not in _NEGATION_CHARS
            if not negated:
                return score
            index = flat.find(target, index + 1)
    return 0.0


def _fuzzy_score(text: str, phrase: str) -> float:
    """Similarity of two normalised texts: by characters for CJK/Hangul, by words otherwise."""
    if any(is_cjk(ch) for ch in text + phrase):
        # Hangul and Han carry a syllable per character, so character overlap is meaningful;
        # spaces stay in so that word boundaries that line up count too.
        score = SequenceMatcher(None, text, phrase, autojunk=False).ratio()
    else:
        # Character overlap of Latin text is noise ("no" vs "now"); compare whole words.
        score = SequenceMatcher(None, text.split(), phrase.split(), autojunk=False).ratio()
    if _negated(text) != _negated(phrase):
        score *= _NEGATION_PENALTY
    return score


def score_phrase(text: str, phrase: str) -> float:
    """How well normalised ``text`` matches normalised ``phrase``: 1.0 exact, ~0.95 contained, else fuzzy."""
    if not text or not phrase:
        return 0.0
    if text == phrase:
        return EXACT_SCORE
    return max(_contained_score(text, phrase), _fuzzy_score(text, phrase))


def rank_intents(text: str, intents: Mapping[str, Sequence[str]]) -> list[IntentMatch]:
    """Every intent with its best-matching phrase, best first (ties keep the flow's order)."""
    heard = phrase_key(text)
    if not heard:
        return []
    best: dict[str, IntentMatch] = {}
    for intent, phrases in intents.items():
        for phrase in phrases:
            score = round(score_phrase(heard, phrase_key(phrase)), 4)
            if intent not in best or score > best[intent].score:
                best[intent] = IntentMatch(intent, phrase, score)
    return sorted(best.values(), key=lambda match: match.score, reverse=True)


def is_tie(ranked: Sequence[IntentMatch]) -> bool:
    """The best two intents are about equally good: we heard something in between."""
    return len(ranked) > 1 and ranked[0].score - ranked[1].score < AMBIGUITY_MARGIN


def match_intent(
    text: str, intents: Mapping[str, Sequence[str]], threshold: float = 0.75
) -> IntentMatch | None:
    """The intent whose phrases best match ``text``, or None if none reaches ``threshold``
    or two intents match about equally well (ambiguous: better to ask again)."""
    ranked = rank_intents(text, intents)
    if not ranked or ranked[0].score < threshold:
        return None
    # The runner-up counts even below the threshold: a near tie means we heard something in between.
    if is_tie(ranked):
        return None
    return ranked[0]
