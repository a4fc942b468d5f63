"""Opt-out detection: notice "don't call me" in what the caller says, in any state of any script.

The rules are written out for operators in ``OPTOUT_RULES.md`` beside this file; keep the two in step.
Pure logic: no I/O, so the call loop can run it on every partial and final recognition result.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.text import normalize_text

SUPPORTED_LANGUAGES = ("en", "zh", "ko")

# Languages written without spaces (or whose recogniser spaces words unreliably): text and phrases are
# compared with all spaces removed, so "전화하지 마세요" and "전화 하지 마세요" are the same utterance.
_COMPACT_LANGUAGES = frozenset({"zh", "ko", "ja"})
# Korean words carry endings, so a phrase may end inside a word ("전화하지 마" + "세요") but must start
# at a word: otherwise "하지 마세요" would be found inside "걱정하지 마세요" ("don't worry").
_WORD_START_LANGUAGES = frozenset({"ko"})


@dataclass(frozen=True)
class OptOutMatch:
    """A detected opt-out: the built-in or extra phrase that matched, and the text that was heard."""

    phrase: str
    language: str
    text: str


@dataclass(frozen=True)
class _Rule:
    phrase: str  # reported in OptOutMatch.phrase; always one of builtin_phrases(language) or an extra
    pattern: re.Pattern[str]
    whole: bool = False  # must be the whole utterance: such rules never fire on partial results
    not_before: re.Pattern[str] | None = None  # searched in the text before the match, e.g. a negation
    not_after: re.Pattern[str] | None = None  # searched in the text after the match


def _primary_language(language: str) -> str:
    # "en-US", "ko_KR" -> "en", "ko": phrases are per language, not per country.
    return re.split(r"[-_]", language.strip().casefold(), maxsplit=1)[0]


# English --------------------------------------------------------------------------------------------
# A negation right before a phrase turns it around: "don't stop calling", "I don't want to opt out".
# Only "please/really/ever" and "want/need (you) to" may stand between, so "why don't you stop calling
# me" still counts.
_EN_NEGATION = re.compile(
    r"\b(?:dont|do not|didnt|did not|doesnt|does not|never|not|wont|will not|shouldnt|should not|cant"
    r"|cannot|wouldnt|would not)(?: (?:please|really|ever|even))?"
    r"(?: (?:want|wanna|need|mean|intend|like)(?: you| them| anyone)?(?: to)?)?$"
)
# "They don't call me", "you don't call me enough": a report, not a request.
_EN_REPORTING_SUBJECT = re.compile(
    r"\b(?:i|they|he|she|people|you|we|it|who|usually|often|normally|sometimes|why)$"
)
_EN_ME = r"(?:me|us|my number|my phone number|this number|my name|my details|my info|my information|my data)"


_EN_RULES = (
    _Rule(
        "stop calling me",
        re.compile(
            r"\b(?:stop|quit|cease) (?:calling|ringing|phoning|contacting|bothering"
            r"|harassing|pestering)\b"
        ),
        not_before=_EN_NEGATION,
    ),
    _Rule("stop calling me", re.compile(r"\bdont bother (?:calling|ringing|phoning)\b")),
    # Bare "stop" is only an opt-out when it is all that was said: "stop, let me get a pen" and
    # "can you stop by tomorrow" start the same way.
    _Rule(
        "stop",
        re.compile(
            r"^(?:(?:please|just|ok|okay|no|oh|hey|um|uh|so|now|i said|i want you to|i need you to|can you"
            r"|could you|will you|would you|you can) )*stop"
            r"(?: (?:it|that|this|now|please|already|stop|right now|immediately))*$"
        ),
        whole=True,
    ),
    _Rule(
        "do not call me",
        re.compile(
            r"\b(?:dont|do not)(?: ever)? (?:call|phone|ring|contact)"
            r"(?: (?:me|us|here|this number|my number|anymore|any more|again)\b|$)"
        ),
        not_before=_EN_REPORTING_SUBJECT,
    ),
    _Rule(
        "do not call me",
        re.compile(r"\bnot (?:call|phone|ring|contact) (?:me|us) (?:again|anymore|any more)\b"),
    ),
    _Rule(
        "don't call me again",
        re.compile(
            r"\b(?:never|dont ever|dont you ever|do not ever) (?:call|phone|ring"
            r"|contact) (?:me |us |here |this number )?again\b"
        ),
    ),
    _Rule(
        "take me off your list",
        re.compile(
            rf"\b(?:take|get|cross|scratch|strike|drop) {_EN_ME} (?:off|out of|from)"
            r" (?:\w+ ){0,4}?(?:list|lists|database|system|records|register"
            r"|registry)\b"
        ),
        not_before=_EN_NEGATION,
    ),
    _Rule(
        "remove me from your list",
        re.compile(rf"\b(?:remove|delete|erase) {_EN_ME}\b"),
        not_before=_EN_NEGATION,
    ),
    # Any mention of the do-not-call list: nobody brings it up with a robot unless they want off.
    _Rule(
        "put me on your do not call list",
        re.compile(
            r"\b(?:(?:do not|dont|no) call|dnc) (?:list|lists|registry"
            r"|register)\b"
        ),
    ),
    _Rule("unsubscribe", re.compile(r"\bunsubscrib\w*"), not_before=_EN_NEGATION),
    _Rule(
        "i want to opt out",
        re.compile(r"\b(?:opt(?:ing|ed)?(?: me| us| myself)? out|optout)\b"),
        not_before=_EN_NEGATION,
    ),
    _Rule(
        "i don't want any more calls",
        re.compile(
            r"\b(?:dont|do not) want (?:to be (?:called|contacted)|you (?:to )?(?:call|calling|ring|ringing"
            r"|phone|phoning|contact|contacting)\b|(?:to (?:get|receive|have) )?(?:(?:any|these|your|more"
            r"|anymore|the|such|those|this|robo|sales|marketing|phone|telemarketing|kind|of|type) )*"
            r"(?:calls|robocalls|call)\b)"
        ),
    ),
    _Rule("i don't want any more calls", re.compile(r"\bno more (?:calls|phone calls|calling|robocalls)\b")),
)
_EN_PHRASES = (
    "stop",
    "stop calling me",
    "remove me from your list",
    "take me off your list",
    "don't call me again",
    "do not call me",
    "put me on your do not call list",
    "unsubscribe",
    "i want to opt out",
    "i don't want any more calls",
)

# Chinese (matched with spaces removed) ------------------------------------------------------------
_ZH_NEGATION = re.compile(r"(?:不想|不要|不用|不需要|别|没有|没|不|无需)$")
_ZH_DONT = r"(?:再|又|老是|总是|一直|继续)?(?:给我|跟我|给我们|向我|对我)?"
# "打" must be followed by what makes it "call": "不要打折" (no discount) and "不要打扰你" are no opt-out.
_ZH_CALL = r"(?:打(?:电话|了|过来|来了|给我|扰我)|拨打|打$|来电|联系我|骚扰我)"
_ZH_RULES = (
    _Rule("别再给我打电话", re.compile(rf"别{_ZH_DONT}{_ZH_CALL}")),
    # "我不要打电话给你" is "I don't want to call you", not "don't call me".
    _Rule(
        "不要给我打电话",
        re.compile(rf"(?:不要|不用|请勿|勿|不许|不准){_ZH_DONT}{_ZH_CALL}"),
        not_before=re.compile(r"我们?$"),
    ),
    _Rule(
        "我不想接这种电话",
        re.compile(
            r"(?:不想|不要|不愿意|不愿|不再|不)再?接(?:听)?(?:这种|这类|这样的|这些|你们的|你们|推销"
            r"|营销|广告|的)*电话"
        ),
    ),
    # "退订单" is "return the order", not "unsubscribe".
    _Rule("退订", re.compile(r"退订"), not_before=_ZH_NEGATION, not_after=re.compile(r"^单")),
    _Rule("取消", re.compile(r"取消(?:订阅|订购)"), not_before=_ZH_NEGATION),
    # Bare "取消" (cancel) counts only alone: "取消订单" or "我不想取消" must not end the call.
    _Rule(
        "取消",
        re.compile(r"^(?:请|帮我|给我|麻烦|那就|那|就)*取消(?:吧|掉|了|一下|啊|呀|谢谢)*$"),
        whole=True,
    ),
    _Rule(
        "把我从名单上删除",
        re.compile(
            r"把我(?:的)?(?:号码|电话号码|电话|名字)?(?:从[^把]{0,10})?(?:删除|删掉|删了|去掉|移除|拿掉|除名)"
        ),
        not_before=re.compile(r"(?:别|不要|不用)$"),
    ),
)
_ZH_PHRASES = (
    "别再给我打电话",
    "别再打了",
    "不要给我打电话",
    "不要再打了",
    "我不想接这种电话",
    "退订",
    "取消",
    "把我从名单上删除",
)

# Korean (matched with spaces removed, from a word start) ------------------------------------------
_KO_POLITE_PREFIX = r"(?:제발|그냥|이제|좀|더이상|다시는|다시|앞으로|아니요|아니오|아뇨|아니|네|예)*"
_KO_RULES = (
    # Covers 전화하지 마세요, 다시는 전화하지 마세요, 전화 걸지 마세요, 전화하지 말아 주세요, 전화하지 마.
    _Rule("전화하지 마세요", re.compile(r"전화(?:를|는|좀)?(?:하지|걸지|주지)(?:마|말)")),
    # What the Korean model in grammar mode returns for "전화 하지 마세요" (measured over the phone).
    _Rule("전화 하지 마세요", re.compile(r"전화(?:를)?다시(?:하지|걸지)?마")),
    # The other measured form, "하지 마세요", only as the whole utterance: anywhere else it is the tail
    # of any "don't ..." ("걱정하지 마세요", don't worry).
    _Rule("전화 하지 마세요", re.compile(rf"^{_KO_POLITE_PREFIX}하지마(?:세요|십시오|요)?$"), whole=True),
    _Rule("연락하지 마세요", re.compile(r"연락(?:을|은|좀)?(?:하지|주지)?(?:마|말)")),
    # "수신 거부 안 할게요" (I won't refuse) is the opposite.
    _Rule(
        "수신 거부", re.compile(r"수신(?:거부|거절|차단)"), not_after=re.compile(r"^(?:는|은)?(?:안|하지않)")
    ),
    _Rule("그만 전화하세요", re.compile(r"그만전화|전화(?:를|는|좀)?그만")),
    # Bare "그만" (enough/stop) is, like English "stop", an opt-out only when said alone.
    _Rule(
        "그만하세요",
        re.compile(rf"^{_KO_POLITE_PREFIX}그만(?:해|해요|하세요|하십시오|해주세요|좀)?$"),
        whole=True,
    ),
)
_KO_PHRASES = (
    "전화하지 마세요",
    "전화 하지 마세요",
    "다시는 전화하지 마세요",
    "수신 거부",
    "그만 전화하세요",
    "연락하지 마세요",
    "그만하세요",
)

_BUILTIN: dict[str, tuple[tuple[str, ...], tuple[_Rule, ...]]] = {
    "en": (_EN_PHRASES, _EN_RULES),
    "zh": (_ZH_PHRASES, _ZH_RULES),
    "ko": (_KO_PHRASES, _KO_RULES),
}


def builtin_phrases(language: str) -> tuple[str, ...]:
    """The built-in opt-out phrases for a language ("en-US" counts as "en"); () for other languages."""
    return _BUILTIN.get(_primary_language(language), ((), ()))[0]


class OptOutDetector:
    """Finds an opt-out request in recognised speech for one language.

    Built-in rules cover English, Chinese and Korean; ``extra_phrases`` (from a flow or the config) add to
    them, and are the only phrases for other languages. ``detect`` is cheap enough to run on every
    partial result; on partials it only fires when the phrase can no longer turn into a near miss.
    """

    def __init__(self, language: str, extra_phrases: Sequence[str] = ()) -> None:
        self.language = _primary_language(language)
        if not self.language:
            raise ValueError("opt-out detector needs a language, e.g. 'en'")
        if isinstance(extra_phrases, str):
            # A lone string would otherwise be read as one phrase per character.
            raise TypeError("extra_phrases must be a list of phrases, not one string")
        self._compact = self.language in _COMPACT_LANGUAGES
        self._word_start = self.language in _WORD_START_LANGUAGES
        builtin_rules = _BUILTIN.get(self.language, ((), ()))[1]
        self._extras = tuple(dict.fromkeys(p for p in extra_phrases))
        self._rules = builtin_rules + tuple(self._extra_rule(p) for p in self._extras)
        if not self._rules:
            raise ValueError(
                f"no opt-out phrases for language {language!r}: built-in phrases exist for "
                f"{', '.join(SUPPORTED_LANGUAGES)}; for other languages give extra opt-out phrases"
            )

    def _extra_rule(self, phrase: str) -> _Rule:
        norm = normalize_text(phrase)
        if not norm:
            raise ValueError(f"extra opt-out phrase {phrase!r} has no words in it")
        key = norm.replace(" ", "") if self._compact else norm
        # A one-word extra phrase (two characters or fewer in Chinese/Korean) is as risky as bare "stop"
        # and follows the same rule: it counts only as the whole utterance, on final results.
        short = len(key) <= 2 if self._compact else " " not in norm
        if short:
            return _Rule(phrase, re.compile(rf"^{re.escape(key)}$"), whole=True)
        if self._compact:
            return _Rule(phrase, re.compile(re.escape(key)))
        return _Rule(phrase, re.compile(rf"(?<!\S){re.escape(key)}(?!\S)"))

    def detect(self, text: str, *, final: bool = True) -> OptOutMatch | None:
        """The first rule that matches ``text``, or None.

        With ``final=False`` (a partial result) whole-utterance rules are skipped and a phrase counts only
        once something has been heard after it: the last word of a partial is still being revised, and
        a guard such as "退订单" may yet arrive.
        """
        norm = normalize_text(text)
        if not norm:
            return None
        if self._compact:
            subject = norm.replace(" ", "")
            starts = _word_starts(norm) if self._word_start else None
        else:
            subject, starts = norm, None
        for rule in self._rules:
            if rule.whole and not final:
                continue
            if self._rule_matches(rule, subject, starts, final):
                return OptOutMatch(phrase=rule.phrase, language=self.language, text=text)
        return None

    @staticmethod
    def _rule_matches(rule: _Rule, subject: str, starts: Sequence[int] | None, final: bool) -> bool:
        if starts is None:
            return _search_from(rule, subject, 0, final)
        for start in starts:
            m = rule.pattern.match(subject, start)
            if m is not None and _accepted(rule, subject, m, final):
                return True
        return False

    def grammar_phrases(self) -> list[str]:
        """Phrases to add to the recogniser's runtime grammar, so it can return them at all.

        Lower-case with punctuation removed but apostrophes kept (Vosk's English lexicon spells "don't").
        The speech layer still has to drop words its model does not know.
        """
        phrases = [*builtin_phrases(self.language), *self._extras]
        out = [" ".join(_NOT_WORD.sub(" ", p.casefold().replace("’", "'")).split()) for p in phrases]
        return list(dict.fromkeys(p for p in out if p))


_NOT_WORD = re.compile(r"[^\w'\s]")  # punctuation, except the apostrophe inside English words


def _search_from(rule: _Rule, subject: str, pos: int, final: bool) -> bool:
    # A guarded hit does not end the search: "don't stop calling, I mean stop calling me" has a second.
    while pos <= len(subject):
        m = rule.pattern.search(subject, pos)
        if m is None:
            return False
        if _accepted(rule, subject, m, final):
            return True
        pos = m.start() + 1
    return False


def _accepted(rule: _Rule, subject: str, m: re.Match[str], final: bool) -> bool:
    before, after = subject[: m.start()].rstrip(), subject[m.end() :].lstrip()
    if not final and not after:
        return False
    if rule.not_before is not None and rule.not_before.search(before):
        return False
    return not (rule.not_after is not None and rule.not_after.search(after))


def _word_starts(spaced: str) -> list[int]:
    """Offsets, in the text with spaces removed, where a word of ``spaced`` begins."""
    starts, offset = [], 0
    for word in spaced.split(" "):
        starts.append(offset)
        offset += len(word)
    return starts
