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
    # On a partial result, wait while the whole text after the match fits this: it may still grow into
    # not_after ("수신 거부는" may become "수신 거부는 안 해요"). Needed with every not_after that is
    # decided by more than the first character after the match.
    wait_after: re.Pattern[str] | None = None


def _primary_language(language: str) -> str:
    # "en-US", "ko_KR" -> "en", "ko": phrases are per language, not per country.
    return re.split(r"[-_]", language.strip().casefold(), maxsplit=1)[0]


# English --------------------------------------------------------------------------------------------
# Families (see OPTOUT_RULES.md): stop calling; don't call (again); not wanting calls; remove my number
# or data; unsubscribe / opt out / withdraw consent / do-not-call list; complaints; bare "stop".
#
# A negation right before a phrase turns it around: "don't stop calling", "I don't want to opt out",
# "I'm not going to report you", "I never said don't call me", "I didn't ask to be removed". Only
# "please/really/ever", "going to" and "want/need/ask/say (you) to" may stand between, so "why don't
# you stop calling me" still counts.
_EN_NEG_WORD = (
    r"(?:dont|do not|didnt|did not|doesnt|does not|never|not|wont|will not|shouldnt|should not|cant"
    r"|cannot|wouldnt|would not)"
)
_EN_NEGATION = (
    rf"\b{_EN_NEG_WORD}(?: (?:please|really|ever|even|going to|gonna|about to|planning to|trying to))?"
    r"(?: (?:want|wanna|need|mean|intend|like|ask|asked|asking|say|said|saying|tell|told|telling)"
    r"(?: you| them| anyone| him| her)?(?: to| that)?(?: i| we)?)?$"
)
# Someone else's wish, reported: "my mother told them to stop calling", "my son wants to unsubscribe".
# "my husband wants you to stop calling" is not guarded: "you" stands between.
_EN_THIRD_PARTY = (
    r"\b(?:(?:told|tell|tells|asked|ask|asks) (?:them|him|her|me)(?: to)?"
    r"|(?:he|she|they|my \w+|his \w+|her \w+)(?: \w+)? (?:wants?|wanted|would like|needs?|needed|tried"
    r"|is trying|was trying|is going|was going)(?: to)?)$"
)
_EN_GUARD = re.compile(rf"(?:{_EN_NEGATION}|{_EN_THIRD_PARTY})")
# "I need to stop calling my ex": the caller's own calls.
_EN_SELF = (
    r"\b(?:i|we)(?: \w+)? (?:need|have|had|should|must|gotta|will|want|wanna|gonna|going|ought|try|tried)"
    r"(?: to)?$"
)
# "They don't call me", "you don't call me enough": a report, not a request.
_EN_REPORTING_SUBJECT = re.compile(
    rf"(?:\b(?:i|they|he|she|people|you|we|it|who|usually|often|normally|sometimes|why)$|{_EN_NEGATION})"
)
_EN_CALL_VERB = r"(?:call|phone|ring|contact|text|email|message|dial)"
# What a caller wants removed: me, us, my (phone) number, my (personal) data, this number...
_EN_DATA = r"(?:number|numbers|name|details|info|information|data|contact|contacts|record|records|file|files)"
_EN_ME = rf"(?:me|us|(?:my|our|this) (?:\w+ )?{_EN_DATA})"
_EN_LIST = (
    r"(?:list|lists|database|databases|system|systems|records|register|registry|file|files|directory"
    r"|roster|books|dialer)"
)
# Words that may stand between "don't want" and "calls": "these kind of sales calls", "any more".
_EN_CALL_WORDS = (
    r"(?:(?:any|these|those|this|such|your|more|anymore|the|robo|sales|marketing|phone|telemarketing"
    r"|automated|spam|kind|kinds|sort|type|of|all|further|unsolicited|cold|annoying) ){0,5}"
)
_EN_CALLS = r"(?:calls|call|robocalls|phone calls)"

_EN_RULES = (
    # -- stop calling / bothering
    _Rule(
        "stop calling me",
        re.compile(
            r"\b(?:stop|quit|cease) (?:calling|ringing|phoning|contacting|bothering|harassing|pestering"
            r"|bugging|annoying|spamming|hassling|badgering|hounding|texting|messaging|dialing|dialling)\b"
        ),
        not_before=re.compile(rf"(?:{_EN_NEGATION}|{_EN_THIRD_PARTY}|{_EN_SELF})"),
    ),
    _Rule("stop calling me", re.compile(r"\bdont bother (?:calling|ringing|phoning)\b")),
    # "these calls have to stop", "make these calls stop", "enough with the calls".
    _Rule(
        "stop calling me",
        re.compile(
            r"\b(?:these|the|your|all these|all the|all your|those) (?:\w+ )?(?:calls|calling|robocalls)"
            r" (?:(?:has|have|needs|need|got) to |must |to |will |should )?(?:stop|end|cease)\b"
        ),
        not_before=_EN_GUARD,
    ),
    _Rule(
        "stop calling me",
        re.compile(
            r"\b(?:stop|quit|end) (?:the|these|those|your|all (?:the|these|your)|all) (?:\w+ )?"
            r"(?:calls|calling|robocalls)\b"
        ),
        not_before=_EN_GUARD,
    ),
    _Rule(
        "stop calling me",
        re.compile(
            r"\b(?:enough|done|finished|knock it off) (?:with|of) (?:the|these|your|all the|all these"
            r"|all your|all of these|you) (?:\w+ )?(?:calls|calling|robocalls)\b"
        ),
    ),
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
    # -- don't call (again)
    _Rule(
        "do not call me",
        re.compile(
            rf"\b(?:dont|do not)(?: ever| you ever| even)? {_EN_CALL_VERB}(?: (?:or|and) {_EN_CALL_VERB})?"
            r"(?: (?:me|us|here|this number|my number|this phone|my phone|my cell|this line|back|anymore"
            r"|any more|again|at all|ever)\b|$)"
        ),
        not_before=_EN_REPORTING_SUBJECT,
    ),
    _Rule(
        "do not call me",
        re.compile(
            rf"\bnot (?:to )?{_EN_CALL_VERB} (?:me|us|here|this number)(?: ever)?"
            r" (?:again|anymore|any more)\b"
        ),
    ),
    # "I told you not to call me", "I asked you people to stop calling".
    _Rule(
        "do not call me",
        re.compile(
            r"\b(?:told|asked|begged) (?:you|you people|you guys|your company|yall)(?: \w+)?"
            rf" (?:not to|to stop|to never|never to) {_EN_CALL_VERB}"
        ),
        not_before=_EN_GUARD,
    ),
    _Rule(
        "do not call me",
        re.compile(
            r"\byou (?:shouldnt|should not|must not|mustnt|may not|are not to|better not|cant|cannot)"
            rf"(?: ever)? {_EN_CALL_VERB}\b"
        ),
    ),
    _Rule(
        "don't call me again",
        re.compile(
            r"\b(?:never|never ever|dont ever|dont you ever|do not ever) (?:call|phone|ring|contact)"
            r" (?:me |us |here |this number |my number )?(?:ever )?again\b"
        ),
        not_before=_EN_GUARD,
    ),
    _Rule(
        "don't call me again",
        re.compile(
            r"\bdont (?:you )?(?:dare|even think about|even think of) (?:call|calling|ring|ringing|contact"
            r"|contacting)\b"
        ),
    ),
    # A threat is a refusal: "if you call me again ...", "if you call this number one more time".
    _Rule(
        "don't call me again",
        re.compile(
            rf"\bif you (?:ever )?{_EN_CALL_VERB}(?: me| us| here| this number)?"
            r" (?:again|one more time|once more|anymore|any more)\b"
        ),
        not_after=re.compile(r"^(?:tomorrow|later|next|on|at|in|after|around|before|when|this)\b"),
        wait_after=re.compile(r"\w*"),
    ),
    # Exasperation: "how many times do I have to tell you".
    _Rule(
        "don't call me again",
        re.compile(
            r"\bhow many times (?:do i have to|have i|must i|did i|do i need to|am i going to have to)"
            r" (?:tell|told|ask|asked|say|said)\b"
        ),
    ),
    # -- not wanting calls
    _Rule(
        "i don't want any more calls",
        re.compile(
            r"\b(?:dont|do not|never|no longer|wouldnt|would not)(?: really| ever| even)?"
            r" (?:want|wanna|need|wish|like)"
            r"(?: (?:(?:to )?(?:get|receive|have|take|keep getting|be getting|be receiving) )?"
            rf"{_EN_CALL_WORDS}{_EN_CALLS}\b"
            rf"| (?:you|you people|you guys|your company|anyone|anybody) (?:to )?(?:ever )?(?:call|calling"
            r"|ring|ringing|phone|phoning|contact|contacting|bother|bothering)\b"
            r"| to be (?:called|contacted|phoned|rung|bothered|disturbed)\b"
            rf"| to be on (?:\w+ ){{0,3}}?{_EN_LIST}\b"
            r"| to (?:ever )?hear from (?:you|your company|you people|you guys|yall)\b)"
        ),
        not_before=re.compile(
            rf"(?:{_EN_THIRD_PARTY}|\b(?:never|didnt|did not|not) (?:said|say|saying)"
            r"(?: that)?(?: i| we)?$)"
        ),
    ),
    _Rule(
        "i don't want any more calls",
        re.compile(
            r"\b(?:rather|prefer) not (?:to )?(?:(?:get|receive|have|take|be getting|be receiving) "
            rf"{_EN_CALL_WORDS}{_EN_CALLS}|be (?:called|contacted|phoned|rung))\b"
        ),
    ),
    _Rule(
        "i don't want any more calls",
        re.compile(
            r"\bnot interested in (?:(?:getting|receiving|having|taking|these|any|your|more|phone|such|the"
            r"|sales|further) ){0,4}(?:calls|call|robocalls|being (?:called|contacted))\b"
        ),
    ),
    _Rule(
        "i don't want any more calls",
        re.compile(
            r"\b(?:tired|sick|fed up)(?: and tired)?(?: of| with) (?:(?:these|those|the|your|all|getting"
            r"|receiving|of) ){0,3}(?:calls|call|robocalls|(?:you|you people|you guys|yall|your company"
            r"|being) (?:calling|ringing|called))\b"
        ),
    ),
    _Rule(
        "i don't want any more calls",
        re.compile(
            r"\b(?:no more|no further) (?:(?:phone|sales|marketing|robo|of these|of your|these|your) )*"
            r"(?:calls|calling|robocalls)\b"
        ),
    ),
    # -- remove my number or my data
    _Rule(
        "take me off your list",
        re.compile(
            rf"\b(?:take|get|cross|scratch|strike|drop|knock|pull) {_EN_ME} (?:off|out of|from)"
            rf" (?:\w+ ){{0,4}}?{_EN_LIST}\b"
        ),
        not_before=_EN_GUARD,
    ),
    _Rule(
        "take me off your list",
        re.compile(
            r"\bwant (?:to be )?(?:off|out of|taken off|removed from) (?:\w+ ){0,3}?"
            rf"{_EN_LIST}\b"
        ),
        not_before=_EN_GUARD,
    ),
    _Rule(
        "remove me from your list",
        re.compile(
            rf"\b(?:remove|delete|erase|wipe|purge|scrub|destroy)(?: out)? (?:all (?:of )?)?{_EN_ME}\b"
        ),
        not_before=_EN_GUARD,
    ),
    # "I want my data deleted", "have my number taken off your list".
    _Rule(
        "remove me from your list",
        re.compile(
            rf"\b(?:my|our|this) (?:\w+ )?{_EN_DATA} (?:\w+ )?(?:removed|deleted|erased|wiped|purged"
            r"|taken off|taken out)\b"
        ),
        not_before=_EN_GUARD,
    ),
    _Rule(
        "remove me from your list",
        re.compile(r"\b(?:be|being|get|getting) (?:removed|taken off|taken out|deleted|erased|scrubbed)\b"),
        not_before=_EN_GUARD,
    ),
    _Rule(
        "remove me from your list",
        re.compile(r"\b(?:lose|forget) (?:my|this|our) (?:phone |cell )?number\b"),
        not_before=re.compile(
            rf"(?:\b(?:i|we|might|may|could|always|will|ill|sometimes|often){' ?'}$|{_EN_NEGATION})"
        ),
    ),
    _Rule(
        "remove me from your list",
        re.compile(
            r"\b(?:dont|do not) (?:keep|store|save|hold|retain) (?:my|our|this) (?:\w+ )?"
            r"(?:number|data|info|information|details)\b"
        ),
        not_before=_EN_REPORTING_SUBJECT,
    ),
    # -- unsubscribe, opt out, withdraw consent, do-not-call list
    # Any mention of the do-not-call list: nobody brings it up with a robot unless they want off.
    _Rule(
        "put me on your do not call list",
        re.compile(
            r"\b(?:(?:do not|dont|no) call|dnc) (?:list|lists|registry"
            r"|register)\b"
        ),
    ),
    _Rule("unsubscribe", re.compile(r"\bunsubscrib\w*"), not_before=_EN_GUARD),
    _Rule(
        "i want to opt out",
        re.compile(
            r"\b(?:opt(?:ing|ed)?(?: me| us| myself| this number| my number| our number)? out|optout)\b"
        ),
        not_before=_EN_GUARD,
    ),
    _Rule(
        "i want to opt out",
        re.compile(
            r"\b(?:withdraw|withdrawing|withdrew|revoke|revoking|revoked|retract|retracting|take back"
            r"|taking back) (?:my |our |all |any |the )?(?:consent|permission|authorization)\b"
        ),
        not_before=_EN_GUARD,
    ),
    # -- complaints: report, complain, harassment, lawsuits
    _Rule(
        "i'll report you",
        re.compile(
            r"\breport(?:ing)? (?:you|u|you guys|you people|this number|this call|these calls|your (?:company"
            r"|number|business|calls))\b"
        ),
        not_before=_EN_GUARD,
    ),
    _Rule(
        "i'll report you",
        re.compile(
            r"\breport(?:ing)? (?:it |this |them |you )?to the (?:ftc|fcc|authorities|police|bbb|better"
            r" business bureau|attorney general|government)\b"
        ),
        not_before=_EN_GUARD,
    ),
    # A complaint about something else ("a complaint about my bill") is customer service, not a refusal.
    _Rule(
        "i'll report you",
        re.compile(
            r"\b(?:file|filing|make|making|lodge|lodging|submit|submitting|put in|putting in|raise|raising)"
            r"(?: a| an)?(?: official| formal)? complaint\b"
        ),
        not_before=_EN_GUARD,
        not_after=re.compile(
            r"^(?:about|regarding|on|for|against|with) (?!(?:these|the|your|this|all (?:these|the|your)) "
            r"(?:calls?|robocalls?|calling)\b|you\b|your company\b)"
        ),
        wait_after=re.compile(r"\w*"),
    ),
    _Rule(
        "i'll report you",
        re.compile(r"\b(?:ill|i will|im going to|im gonna|i am going to) complain\b|\bcomplain to the\b"),
        not_before=_EN_GUARD,
    ),
    _Rule(
        "stop harassing me",
        re.compile(
            r"\b(?:youre|you are|this is|thats|its|that is|it is|this is pure|this is just|thats just)"
            r"(?: \w+)? harass(?:ing|ment)\b"
        ),
    ),
    _Rule("stop harassing me", re.compile(r"\bharass(?:ing)? (?:me|us|my family)\b"), not_before=_EN_GUARD),
    _Rule(
        "i'll report you",
        re.compile(r"\b(?:sue|suing) (?:you|u|your company|this company|you guys|you people)\b"),
        not_before=_EN_GUARD,
    ),
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
    "stop harassing me",
    "i'll report you",
)

# Chinese (matched with spaces removed) ------------------------------------------------------------
# Families: 别/不要 + call; not wanting calls (不想接这种电话); delete my number or data; 退订 / 取消订阅 /
# 免打扰名单; complaints (投诉, 举报, 报警, 骚扰).
_ZH_NEG = (
    r"(?:不想|不要|不用|不需要|别|没有|没|不|无需|不必|不会|不是要|不是想|不打算|并不想|没有?说(?:过)?要?)"
)
# "我没说别打", "我不是说不要打": a negated report of the request is not the request.
_ZH_SAID = r"(?:没|没有|不是|并没|并没有|从没|从来没|从没有)(?:说|讲|让你|叫你|要求)(?:过)?(?:要|让你|叫你)?$"
# "他要退订报纸", "她不想接这种电话": someone else's wish.
_ZH_THIRD = r"(?:他|她|他们|她们)(?:说)?(?:要|想|想要|打算)?$"
_ZH_GUARD = re.compile(rf"(?:{_ZH_NEG}$|{_ZH_SAID}|{_ZH_THIRD})")
# "不用把我从名单上删除": the negation comes before "把我".
_ZH_GUARD_BA = re.compile(rf"(?:{_ZH_NEG}(?:把|将)?(?:我们?)?$|{_ZH_SAID}|{_ZH_THIRD})")
_ZH_DONT = (
    r"(?:再|又|老|老是|总|总是|一直|继续|天天|每天|整天|都|也|还)*(?:给我|跟我|给我们|向我|对我|往我这|往这)?"
    r"(?:再|又|老是|总是|一直|继续)*(?:发(?:短信|信息|消息)(?:和|或者?|也)?)?"
)
# "打" must be followed by what makes it "call": "不要打折" (no discount) and "不要打扰你" are no opt-out.
_ZH_CALL = (
    r"(?:打(?:电话|了|过来|来|给我|扰我|我|这个|推销|营销|骚扰)|拨打|打$|来电|联系(?:我|了)|联络(?:我|了)"
    r"|骚扰|烦我|打扰我)"
)
_ZH_CALL_KIND = (
    r"(?:这种|这类|这样的|这些|此类|那种|任何|你们的|你们|你们公司的|推销|营销|广告|骚扰|的|类似的|什么)*"
)
_ZH_PHONE = r"(?:电话推销|电话营销|电话|来电)"
# My number / my (personal) information: what a caller asks to have deleted.
_ZH_MINE = (
    r"(?:我|我们)(?:的)?(?:所有|全部|一切|相关)?的?(?:个人)?(?:手机|电话|联系)?"
    r"(?:号码|号|电话|信息|资料|名字|数据|方式|记录)"
)
_ZH_DELETE = r"(?:删除|删掉|删了|删干净|删去|删|去掉|移除|拿掉|清除|清掉|抹掉|注销|销毁|除名)"
_ZH_RULES = (
    # -- don't call (again)
    _Rule(
        "别再给我打电话",
        re.compile(rf"(?:别|甭){_ZH_DONT}{_ZH_CALL}"),
        not_before=re.compile(rf"(?:{_ZH_SAID}|{_ZH_THIRD})"),
    ),
    # "我不要打电话给你" is "I don't want to call you", not "don't call me".
    _Rule(
        "不要给我打电话",
        re.compile(rf"(?:不要|不用|请勿|勿|不许|不准|不必){_ZH_DONT}{_ZH_CALL}"),
        not_before=re.compile(rf"(?:我们?$|{_ZH_SAID}|{_ZH_THIRD})"),
    ),
    # -- not wanting calls: "我不想接这种电话", "这类电话我不需要"
    _Rule(
        "我不想接这种电话",
        re.compile(
            r"(?:不想|不要|不需要|不希望|不愿意|不愿|不再|不|拒绝|不接受|拒)再?(?:接|接到|接听|收到|收|听|要|接受)?"
            rf"{_ZH_CALL_KIND}{_ZH_PHONE}"
        ),
        not_before=re.compile(rf"(?:没有?$|并没有?$|{_ZH_SAID}|{_ZH_THIRD})"),
        # 电话卡 (phone card), 电话费 (phone bill); "我不接电话的时候" (when I don't answer) is no refusal.
        not_after=re.compile(r"^(?:号|卡|费|本|机|簿|线|会议|的时候|时|的话)"),
        wait_after=re.compile(r"的|的时|会"),
    ),
    _Rule(
        "我不想接这种电话",
        re.compile(
            r"(?:这种|这类|这样的|此类|你们的|你们|推销|营销|广告|骚扰|这些)+的?(?:电话|来电)(?:我们?)?"
            r"(?:以后)?(?:再也|也|都|一律|统统|根本)?(?:不想|不要|不需要|不用|不接|不听|不愿意|不希望)"
        ),
    ),
    _Rule(
        "我不想接这种电话",
        re.compile(r"(?:不想|不要|不愿意|不希望)(?:再)?被(?:你们|你)?(?:打扰|骚扰|烦)"),
        not_before=re.compile(rf"(?:{_ZH_SAID}|{_ZH_THIRD})"),
    ),
    # -- delete my number or my data
    _Rule(
        "删除我的号码",
        re.compile(rf"{_ZH_DELETE}(?:掉)?(?:{_ZH_MINE}|(?:我|我们)(?:吧|了|啊)?$)"),
        not_before=_ZH_GUARD,
    ),
    _Rule("删除我的号码", re.compile(rf"{_ZH_MINE}[^不别没勿]{{0,12}}?{_ZH_DELETE}"), not_before=_ZH_GUARD),
    _Rule(
        "把我从名单上删除",
        re.compile(
            r"把我们?的?(?:个人)?(?:手机|电话|联系)?(?:号码|号|电话|信息|资料|名字|数据|方式|记录)?(?:从[^把]{0,10})?"
            rf"{_ZH_DELETE}"
        ),
        not_before=_ZH_GUARD,
    ),
    _Rule(
        "把我从名单上删除",
        re.compile(
            r"从(?:你们)?的?(?:名单|系统|数据库|列表|通讯录|名录|记录)(?:里|上|中)?(?:把我|将我)?"
            rf"{_ZH_DELETE}"
        ),
        not_before=_ZH_GUARD_BA,
    ),
    _Rule(
        "删除我的号码",
        re.compile(
            rf"(?:别|不要|不许|不准|请勿|勿)(?:再)?(?:保存|保留|存|留着|留|记录|储存)(?:着)?{_ZH_MINE}"
        ),
        not_before=re.compile(_ZH_SAID),
    ),
    # -- unsubscribe. "退订单" is "return the order", not "unsubscribe".
    _Rule("退订", re.compile(r"退订"), not_before=_ZH_GUARD, not_after=re.compile(r"^单")),
    _Rule("取消", re.compile(r"取消(?:订阅|订购)"), not_before=_ZH_GUARD),
    _Rule(
        "退订",
        re.compile(
            r"(?:取消|拒收|屏蔽|拦截)(?:这种|这类|所有|你们的|的)*(?:电话推销|电话营销|推销电话|营销电话|推销|营销"
            r"|广告电话|骚扰电话|来电)"
        ),
        not_before=_ZH_GUARD,
    ),
    # Do-not-disturb list: "把我加入免打扰名单", "我要开通免打扰".
    _Rule(
        "退订",
        re.compile(r"免打扰|勿扰名单|(?:拒接|拒呼|黑)名单"),
        not_before=_ZH_GUARD,
    ),
    # Bare "取消" (cancel) counts only alone: "取消订单" or "我不想取消" must not end the call.
    _Rule(
        "取消",
        re.compile(r"^(?:请|帮我|给我|麻烦|那就|那|就)*取消(?:吧|掉|了|一下|啊|呀|谢谢)*$"),
        whole=True,
    ),
    # -- complaints. "投诉过" (complained once) is a report, not a threat.
    _Rule(
        "我要投诉",
        re.compile(r"(?:投诉|举报|起诉|告)(?!过)(?:你们|你|您|你们公司|这个号码|这个电话|这家公司|这个公司)"),
        not_before=_ZH_GUARD,
    ),
    _Rule(
        "我要投诉",
        re.compile(
            r"(?:我要|我就|我会|我去|我得|我马上|我现在就)去?(?:投诉|举报|报警|起诉)(?:了|啊|吧|的)?$"
        ),
    ),
    # A threat: "再打我就投诉你们", "再骚扰我就报警".
    _Rule(
        "我要投诉",
        re.compile(
            r"再(?:打|来电|打电话|打过来|打来|骚扰|打扰|联系)[^不]{0,10}?(?:投诉|举报|报警|起诉|告你|曝光)"
        ),
    ),
    _Rule(
        "别骚扰我",
        re.compile(r"(?:这是|你们是|你们这是|这就是|就是|纯属|简直是|属于|这叫|这算)骚扰"),
        not_before=_ZH_GUARD,
    ),
    _Rule(
        "别骚扰我",
        re.compile(r"(?:你们|你)(?:一直|老是|总是|天天|每天|又|还|在|老)+(?:骚扰|打扰)我"),
        not_before=_ZH_GUARD,
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
    "删除我的号码",
    "我要投诉",
    "别骚扰我",
)

# Korean (matched with spaces removed, from a word start) ------------------------------------------
# Families: 전화하지 마세요; not wanting calls (이런 전화 받고 싶지 않아요); delete my number or data
# (제 번호 지워 주세요, 개인정보 삭제); 수신 거부 / 동의 철회; complaints (신고, 귀찮게 하지 마세요).
_KO_POLITE_PREFIX = r"(?:제발|그냥|이제|좀|더이상|다시는|다시|앞으로|아니요|아니오|아뇨|아니|네|예)*"
# "전화하지 말라고 한 적 없어요" (I never said don't call): a denied report.
_KO_DENIED = re.compile(r"^(?:라고|란|라는|라고는)?(?:말)?(?:한적|안했|안한|하지않았|그런적|했던적)")
_KO_MAYBE_DENIED = re.compile(r"(?:라|라고|란|라는|라고는)?말?(?:한|안|하|하지|하지않|그런|했|했던)?")
# "동생이 수신 거부 했대요", "신고할 거래요": hearsay about someone else.
_KO_HEARSAY = re.compile(r"^(?:를|을)?(?:했|한|할거|할것|거|것)?(?:다던|대|다고|다는|래|라고|랍니다|라던)")
_KO_MAYBE_HEARSAY = r"(?:를|을)?(?:했|한|할|할거|할것|거|것)?(?:다|라)?"
# "수신 거부 안 할게요" (I won't refuse) is the opposite; "동생이 수신 거부 했대요" is hearsay.
_KO_NOT_REFUSED = re.compile(rf"^(?:(?:는|은)?(?:안|하지않)|{_KO_HEARSAY.pattern[1:]})")
_KO_DATA = (
    r"(?:제|내|저의|저희)?(?:개인정보|개인|정보|번호|전화번호|휴대폰번호|핸드폰번호|연락처|이름|데이터)"
)
_KO_REMOVE = (
    r"(?:지워(?!졌|진|지)|지우세요|삭제(?!했|됐|되었|된|돼)|빼(?!먹|고|면|서|놓)"
    r"|제외(?!하고|하면)|없애(?!고)|파기)"
)
# "삭제하지 마세요" (don't delete), "삭제하면 안 돼요" (you must not delete).
_KO_NOT_REMOVE = re.compile(r"^(?:하?지(?:마|말|않)|하?(?:시)?면안|(?:는|은|을|를)?안)")
_KO_MAYBE_NOT_REMOVE = re.compile(r"하?지?|하?시?면?|(?:는|은|을|를)")
_KO_RULES = (
    # -- don't call (again)
    # Covers 전화하지 마세요, 다시는 전화하지 마세요, 전화 걸지 마세요, 전화하지 말아 주세요, 전화하지 마.
    _Rule(
        "전화하지 마세요",
        re.compile(r"전화(?:를|는|좀|도)?(?:좀)?(?:하지|걸지|주지|하시지|거시지|주시지)(?:마|말)"),
        not_after=_KO_DENIED,
        wait_after=_KO_MAYBE_DENIED,
    ),
    # What the Korean model in grammar mode returns for "전화 하지 마세요" (measured over the phone).
    _Rule("전화 하지 마세요", re.compile(r"전화(?:를)?다시(?:하지|걸지)?마")),
    # The other measured form, "하지 마세요", only as the whole utterance: anywhere else it is the tail
    # of any "don't ..." ("걱정하지 마세요", don't worry).
    _Rule("전화 하지 마세요", re.compile(rf"^{_KO_POLITE_PREFIX}하지마(?:세요|십시오|요)?$"), whole=True),
    _Rule(
        "연락하지 마세요",
        re.compile(r"연락(?:을|은|좀|도)?(?:좀)?(?:하지|주지|하시지|주시지)?(?:마|말)"),
        not_after=_KO_DENIED,
        wait_after=_KO_MAYBE_DENIED,
    ),
    # "전화 안 하셨으면 좋겠어요", "이제 연락 안 주셔도 돼요".
    _Rule(
        "전화하지 마세요",
        re.compile(
            r"(?:전화|연락)(?:는|을|를|좀|도)?(?:안|하지않|주지않)(?:하셨으면|주셨으면|하셔도|주셔도|해도|줘도|했으면"
            r"|줬으면|거셨으면|걸어도|하셨음)"
        ),
    ),
    # "전화 그만 하세요", "그만 전화하세요"; "전화 그만 끊을게요" is "I'll hang up now".
    _Rule(
        "그만 전화하세요",
        re.compile(r"그만(?:좀)?(?:전화|연락)|(?:전화|연락)(?:를|는|좀)?(?:좀)?(?:그만|작작)"),
        not_after=re.compile(r"^(?:끊|할까)"),
        wait_after=re.compile(r"할"),
    ),
    # Bare "그만" (enough/stop) is, like English "stop", an opt-out only when said alone.
    _Rule(
        "그만하세요",
        re.compile(
            rf"^{_KO_POLITE_PREFIX}그만(?:좀)?(?:해|해요|하세요|하십시오|해주세요|하라고|하라고요|하라니까|해라"
            r"|하시라고요|하시죠)?$"
        ),
        whole=True,
    ),
    # -- not wanting calls
    _Rule(
        "이런 전화 받고 싶지 않아요",
        re.compile(
            r"전화(?:는|를|은|도|같은거|같은건)?(?:더이상|더는|이제|앞으로|절대|다시는)?"
            r"(?:원하지않(?!으|는다면)|필요없|사양|사절|거절(?!버튼|당|했)|싫"
            # A strong "don't want to receive" may come a few syllables later: "전화 관심 없고 받기 싫어요".
            r"|[^안못]{0,6}?(?:받고싶지않|받기싫|받기가싫|안받(?:을|겠|고싶|아요|습니다|는다|아(?!서|도|가|야))"
            r"|받지않(?:겠|을|습|아요)|안받고싶|그만받고싶|받을생각없|받고싶지도않))"
        ),
        # "전화 받기 싫은 건 아니에요": it is not that I don't want calls.
        not_after=re.compile(r"^은?(?:건|게|거|것)?(?:은|이)?아니"),
        wait_after=re.compile(r"은?(?:건|게|거|것)?(?:은|이)?아?"),
    ),
    _Rule(
        "이런 전화 받고 싶지 않아요",
        re.compile(
            r"전화(?:가|는|좀)?(?:안오|오지않|못오|안걸려오|오지말)(?:게|도록)|전화(?:가)?오는(?:거|것|게)(?:가|이)?싫"
        ),
    ),
    # -- delete my number or my data
    _Rule(
        "제 번호 지워 주세요",
        re.compile(rf"{_KO_DATA}(?:를|을|은|는|도|좀|다|전부|모두|이|가)*{_KO_REMOVE}"),
        not_after=_KO_NOT_REMOVE,
        wait_after=_KO_MAYBE_NOT_REMOVE,
    ),
    _Rule(
        "제 번호 지워 주세요",
        re.compile(
            r"(?:명단|목록|리스트|데이터베이스|디비|대상자?|발신목록|연락처목록|전화목록)에서"
            rf"(?:저|저를|저도|{_KO_DATA})?(?:를|을|은|는|좀|다)*{_KO_REMOVE}"
        ),
        not_after=_KO_NOT_REMOVE,
        wait_after=_KO_MAYBE_NOT_REMOVE,
    ),
    # -- unsubscribe
    _Rule(
        "수신 거부",
        re.compile(r"수신(?:거부|거절|차단)"),
        not_after=_KO_NOT_REFUSED,
        wait_after=re.compile(rf"(?:는|은)?(?:하|하지)?|{_KO_MAYBE_HEARSAY}"),
    ),
    _Rule(
        "수신 거부",
        re.compile(r"(?:수신|마케팅|광고|정보|개인정보)*동의(?:를|도)?(?:철회|취소|해지|거부)"),
        not_after=_KO_NOT_REFUSED,
        wait_after=re.compile(rf"(?:는|은)?(?:하|하지)?|{_KO_MAYBE_HEARSAY}"),
    ),
    # -- complaints
    _Rule(
        "신고할 거예요",
        re.compile(
            r"(?:스팸|경찰|경찰서|방통위|소비자원|민원)?(?:에|에다|으로)?(?:신고|고소)(?:할|하겠|합니다|할게|할거|해버|하려"
            r"|드릴|하러)"
        ),
        not_after=_KO_HEARSAY,
        wait_after=re.compile(_KO_MAYBE_HEARSAY),
        # 신고 is also a filing: "세금 신고" (tax return), "분실 신고" (reporting a loss).
        not_before=re.compile(
            r"(?:세금|소득세?|부가세|종합소득세|연말정산|출생|전입|사망|혼인|분실|도난|세무|실종|사업자)$"
        ),
    ),
    _Rule("귀찮게 하지 마세요", re.compile(r"귀찮게(?:좀)?(?:하지|굴지)(?:마|말)")),
    _Rule("귀찮게 하지 마세요", re.compile(r"괴롭히지(?:마|말)|그만(?:좀)?(?:괴롭|귀찮게)")),
    # "왜 자꾸 전화해요": a complaint about repeated calls. "계속 전화해 주세요" asks for more.
    _Rule(
        "귀찮게 하지 마세요",
        re.compile(
            r"(?:자꾸|계속|맨날|매일|자꾸만|또|몇번이나|하루종일)(?:이렇게|또|자꾸)?전화(?:를)?(?:해|하(?!셨|였|셔서)|걸)"
        ),
        not_after=re.compile(r"^(?:주|줘|도돼|도괜찮|도되|서(?:미안|죄송))"),
        wait_after=re.compile(r"도|도괜|서|서미|서죄"),
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
    "이런 전화 받고 싶지 않아요",
    "제 번호 지워 주세요",
    "신고할 거예요",
    "귀찮게 하지 마세요",
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
    if not final and (not after or (rule.wait_after is not None and rule.wait_after.fullmatch(after))):
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
