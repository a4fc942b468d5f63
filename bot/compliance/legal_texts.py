"""The legally required wording of every call: the parts of the opening, and the opt-out goodbye.

The opening is spoken first on every call. It has these parts, the first always first:

1. Identity and purpose: who is calling and why. FCC 47 CFR 64.1200(b)(1): an artificial or
   prerecorded voice message must state the identity of the caller at its beginning.
2. Recording notice: "this call is recorded", for all-party-consent recording laws; it must be heard
   before anything is recorded. Its wording depends on the flow's ``recording`` setting
   (``notice``, ``ask`` or ``off``, where the opening must not claim the call is recorded). One
   short sentence (1.1-1.4 s at the shipped rates), so the opt-out offer after it still comes within
   two seconds of the identification; the longer ``ask`` notice goes after the opt-out offer.
3. Opt-out offer: how to stop these calls, by voice (a phrase the opt-out detector catches) and by
   key. 64.1200(b)(3): the opt-out mechanism is offered within two seconds of the identification.
4. Callback number: 64.1200(b)(2) requires a telephone number the callee can reach the caller at.

Texts are templates filled by the flow (``{identity.company}``, ``{optout.key}``, ...). Each part
is kept short: the whole opening must be spoken within 10 s (tests render every shipped opening with
the real TTS), so the callee hears the first question soon.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

RECORDING_MODES = ("notice", "ask", "off")

#: The part templates of the built-in opening, per language, in the order they are spoken.
_OPENING_PARTS = {
    "en": {
        "identity": "This is an automated call from {identity.company} about {identity.purpose}.",
        "recording": "{recording.notice}",
        "optout": "Say {optout.phrase} or press {optout.key} to opt out.",
        "callback": "Call back on {identity.callback_number}.",
    },
    "zh": {
        "identity": "{identity.company}就{identity.purpose}自动来电。",
        "recording": "{recording.notice}",
        "optout": "退订请说“{optout.phrase}”或按{optout.key}。",
        "callback": "回电{identity.callback_number}。",
    },
    "ko": {
        "identity": "{identity.company}의 {identity.purpose} 자동 전화입니다.",
        "recording": "{recording.notice}",
        "optout": "수신 거부는 {optout.phrase} 라고 하시거나 {optout.key}번을 누르세요.",
        "callback": "연락처 {identity.callback_number}.",
    },
}

#: What `{recording.notice}` says for each `recording` setting (``off``: nothing).
_RECORDING_NOTICES = {
    "en": {"notice": "This call is recorded.", "ask": "This call is recorded; to decline, say don't record."},
    "zh": {"notice": "本通话录音。", "ask": "本通话录音，不同意请说“不要录音”。"},
    "ko": {
        "notice": "이 통화는 녹음됩니다.",
        "ask": "이 통화는 녹음됩니다. 원하지 않으시면 녹음하지 마세요 라고 하세요.",
    },
}

#: With ``recording: ask``: what the caller says to refuse the recording (the runner listens for it).
_RECORDING_DECLINE_PHRASES = {"en": "don't record", "zh": "不要录音", "ko": "녹음하지 마세요"}

#: With ``recording: ask``: the question after the opening, and the answers it listens for. A "no", the
#: decline phrase or no answer at all deletes what was recorded since the notice; the call goes on.
_RECORDING_QUESTIONS = {
    "en": "May we record this call? Please say yes or no.",
    "zh": "我们可以录音吗？请说可以或者不可以。",
    "ko": "이 통화를 녹음해도 될까요? 네 또는 아니요로 답해 주세요.",
}
_RECORDING_ANSWERS = {
    "en": {"yes": ("yes", "yes you may", "okay"), "no": ("no", "don't record")},
    "zh": {"yes": ("可以", "好的"), "no": ("不可以", "不要录音")},
    # 녹음 하지, spaced: the Korean model has no word 녹음하지 (Vosk would drop it from the grammar and hear
    # only 마세요); Korean answers are compared without spaces, so the spoken form matches either way.
    "ko": {"yes": ("네", "예"), "no": ("아니요", "아니오", "녹음 하지 마세요")},
}

#: Words that claim the call is recorded, per language: a custom opening with them says it is
#: recorded (required unless ``recording: off``, refused with ``off``).
_RECORDING_WORDS = {
    "en": re.compile(r"\brecord(?:ed|ing|s)?\b", re.IGNORECASE),
    "zh": re.compile(r"录音|录制"),
    "ko": re.compile(r"녹음|녹취"),
}

#: The phrase the opening tells callers to say, unless a flow sets ``optout.phrase``. Each is one the
#: opt-out detector catches (tested). Korean: the phrase that came back 3 of 3 through the real
#: phone path (as "하지 마세요").
_OPTOUT_PHRASES = {"en": "stop calling me", "zh": "不要再打了", "ko": "전화 하지 마세요"}

# One short sentence (measured with espeak-ng at 165 wpm: en 1.3 s, zh 1.4 s, ko 1.5 s): the call must
# end within 2 s of the opt-out phrase, and the engine cuts a longer goodbye at that deadline.
_OPTOUT_GOODBYES = {
    "en": "Removed. Goodbye.",
    "zh": "已退订。",
    "ko": "수신 거부 완료.",
}

_SENTENCE_GAP = {"en": " ", "zh": "", "ko": " "}


def opening_part(language: str, part: str) -> str:
    """One part of the built-in opening (``identity``, ``recording``, ``optout``, ``callback``)."""
    return _OPENING_PARTS[language][part]


def default_opening(language: str, recording: str = "notice") -> str:
    """The compliance opening spoken first when a flow sets no ``opening`` (a template)."""
    parts = _OPENING_PARTS[language]
    order = ("identity", "recording", "optout", "callback")
    if recording == "ask":  # the long notice must not delay the opt-out offer
        order = ("identity", "optout", "recording", "callback")
    return join_sentences(language, [parts[part] for part in order])


def join_sentences(language: str, sentences: Iterable[str]) -> str:
    """Sentences joined as the language writes them (a space between them, none in Chinese)."""
    return _SENTENCE_GAP.get(language, " ").join(s for s in sentences if s)


def recording_notice(language: str, mode: str) -> str:
    """What ``{recording.notice}`` says for a ``recording`` setting; empty for ``off``."""
    return "" if mode == "off" else _RECORDING_NOTICES[language][mode]


def recording_decline_phrase(language: str) -> str:
    """What a caller says to refuse the recording when a flow has ``recording: ask``."""
    return _RECORDING_DECLINE_PHRASES[language]


def recording_question(language: str) -> str:
    """What the bot asks after the opening when a flow has ``recording: ask``."""
    return _RECORDING_QUESTIONS[language]


def recording_answers(language: str) -> dict[str, tuple[str, ...]]:
    """The intents ``yes`` and ``no`` (with their phrases) that answer :func:`recording_question`."""
    return dict(_RECORDING_ANSWERS[language])


def recording_claims(language: str, text: str) -> list[tuple[int, str]]:
    """The words in ``text`` that say the call is recorded, with their offsets."""
    return [(match.start(), match.group(0)) for match in _RECORDING_WORDS[language].finditer(text)]


def default_optout_phrase(language: str) -> str:
    """The phrase the opening tells callers to say to opt out, unless a flow sets ``optout.phrase``."""
    return _OPTOUT_PHRASES[language]


def default_optout_goodbye(language: str) -> str:
    """What the engine says after an opt-out when a flow sets no ``optout.goodbye``."""
    return _OPTOUT_GOODBYES[language]


# How a digit is read in a phone number, where that differs from the number's name: English says "oh"
# and Korean "공" for 0 (shorter, and what callers expect).
_PHONE_DIGITS = {"en": {"0": "oh"}, "ko": {"0": "공"}}


def spoken_phone_number(number: str, language: str) -> str:
    """A phone number as it is read out: digit by digit, a pause (comma) between the written groups.

    Text to speech reads "0100" as "one hundred" and "5555" as "五千五百五十五", which no callee can dial
    back; "+1 202 555 0100" is read "+1, 2 0 2, 5 5 5, oh 1 oh oh".
    """
    names = _PHONE_DIGITS.get(language, {})
    groups = [" ".join(names.get(digit, digit) for digit in group) for group in re.findall(r"\d+", number)]
    if groups and number.lstrip().startswith("+"):
        groups[0] = "+" + groups[0]
    return ", ".join(groups)


# Messages of campaign calls that never reach the flow (issue 10), each with the parts the rules ask for.
# Voicemail (a machine answered and the flow says `machine: message`): identity and purpose first, the
# callback number, and how to opt out (FCC 64.1200(b)). Safe harbour (an answered person the bot has no slot
# for, within 2 s): the company, a number to call back and to decline further calls (TSR 310.4(b)(4)(iii),
# Ofcom); short, and no marketing.
_VOICEMAIL_MESSAGES = {
    "en": "This is an automated message from {identity.company} about {identity.purpose}. "
    "Please call us back on {identity.callback_number}. "
    "To stop these calls, call that number and say {optout.phrase}.",
    "zh": "这是{identity.company}就{identity.purpose}的自动留言。请回电{identity.callback_number}。"
    "退订请拨打这个号码并说“{optout.phrase}”。",
    "ko": "{identity.company}의 {identity.purpose} 자동 안내입니다. 연락처 {identity.callback_number}. "
    "수신 거부는 이 번호로 전화하셔서 {optout.phrase} 라고 하세요.",
}
_SAFE_HARBOUR_MESSAGES = {
    "en": "This is {identity.company}. Sorry, nobody is free to take this call. "
    "To call us back or to stop these calls, call {identity.callback_number}.",
    "zh": "这是{identity.company}。抱歉，现在无人接听。回电或退订请拨{identity.callback_number}。",
    "ko": "{identity.company}입니다. 죄송합니다. 지금 연결할 수 없습니다. "
    "회신이나 수신 거부는 {identity.callback_number}.",
}


def voicemail_message(language: str) -> str:
    """What a campaign leaves on an answering machine (a template, see `Flow.voicemail_text`)."""
    return _VOICEMAIL_MESSAGES[language]


def safe_harbour_message(language: str) -> str:
    """What an answered person hears when no slot can take the call (a template)."""
    return _SAFE_HARBOUR_MESSAGES[language]
