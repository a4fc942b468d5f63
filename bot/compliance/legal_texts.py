"""The legally required wording every call uses unless a flow supplies its own.

The opening is spoken first on every call, in this order, each part for a reason:

1. Identity: who is calling and why. FCC 47 CFR 64.1200(b)(1): an artificial or prerecorded voice
   message must state the identity of the caller at its beginning.
2. Recording notice: "this call is recorded", for all-party-consent recording laws. One short sentence,
   so that the opt-out offer after it still comes within two seconds of the identification.
3. Opt-out offer: how to stop these calls, by voice or key. 64.1200(b)(3): the opt-out mechanism is
   offered within two seconds of the identification.
4. Callback number: 64.1200(b)(2) requires a number the callee can reach the caller at.

Texts are templates filled by the flow (``{identity.company}``, ``{optout.key}``, ...). The phrase
each opening tells callers to say must be one the opt-out detector catches (tested).
"""

from __future__ import annotations

_OPENINGS = {
    "en": (
        "Hello, this is an automated call from {identity.company} about {identity.purpose}. "
        "This call is recorded. To stop these calls, say stop calling me, or press {optout.key} at any time. "
        "You can reach {identity.company} at {identity.callback_number}."
    ),
    "zh": (
        "您好，这是{identity.company}的自动语音电话，关于{identity.purpose}。本通话将被录音。"
        "如不想再接到此类电话，请随时说“不要再打了”，或按{optout.key}键。"
        "{identity.company}的联系电话是{identity.callback_number}。"
    ),
    "ko": (
        "안녕하세요, {identity.company} 자동 안내 전화입니다. 이 통화는 녹음됩니다. "
        "전화를 원하지 않으시면 언제든지 전화 하지 마세요 라고 말씀하시거나 {optout.key}번을 누르세요. "
        "연락처는 {identity.callback_number} 입니다."
    ),
}

# One short sentence (measured with espeak-ng at 165 wpm: en 1.3 s, zh 1.4 s, ko 1.5 s): the call must
# end within 2 s of the opt-out phrase, and the engine cuts a longer goodbye at that deadline.
_OPTOUT_GOODBYES = {
    "en": "Removed. Goodbye.",
    "zh": "已退订。",
    "ko": "수신 거부 완료.",
}


def default_opening(language: str) -> str:
    """The compliance opening spoken first when a flow sets no ``opening`` (a template)."""
    return _OPENINGS[language]


def default_optout_goodbye(language: str) -> str:
    """What the engine says after an opt-out when a flow sets no ``optout.goodbye``."""
    return _OPTOUT_GOODBYES[language]
