"""Opt-out detection: notice "don't call me" in what the caller says, in any state of any script.

The rules are written out for operators in ``OPTOUT_RULES.md`` beside this file; keep the two in step.
Pure logic: no I/O, so the call loop can run it on every partial and final recognition result.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from bot.compliance.optout_text import canonical, prepare
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

    phrase: str  # the rule's phrase, or "classifier:<language>" when the learned model decided
    language: str
    text: str
    probability: float | None = None  # the learned model's, when it decided


class SecondOpinion(Protocol):
    """A learned model asked about final results no rule decided (bot/compliance/optout_model.py)."""

    threshold: float

    def probability(self, text: str) -> float: ...


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
    # On a partial result, wait while the text before the match ends in this: what comes after may still
    # turn it into a near miss that no prefix announces ("中午别打" may become "… 其他时间都可以", round 15).
    wait_before: re.Pattern[str] | None = None
    # A wider context that contains the match and turns it into a near miss, when neither the text
    # before nor the text after decides alone: "I unsubscribed from that gym newsletter" (a past act
    # about another service), "회사 번호로는 전화하지 말고 이 번호로 주세요" (call this number instead).
    not_within: re.Pattern[str] | None = None
    # The match must begin at a word. None: the language's default (Korean yes, Chinese no; English yes
    # for a pattern whose every branch begins with "\\b", which _word_rules takes off).
    at_word: bool | None = None


def _top_level_branches(pattern: str) -> list[str]:
    """``pattern`` split at its top-level "|"s (not those inside groups or character classes)."""
    branches, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 1
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern.startswith("]", i + 1) or pattern.startswith("^]", i + 1):
                i += 1 + pattern.startswith("^", i + 1)
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*branches, pattern[start:]]


# A branch that begins with "\b" and goes on with a letter, perhaps inside groups: "\b(?:stop|quit) ...".
_LETTER_AFTER_BOUNDARY = re.compile(r"\\b(?:\(\?:)*[a-z]")


def _word_rules(rules: Sequence[_Rule], default: bool) -> tuple[_Rule, ...]:
    """Settle each rule's ``at_word``, and take a leading "\\b" off patterns that begin with one.

    Speed, not meaning: the regex engine skips quickly to where the first characters of a pattern can
    match, but not when the pattern begins with an assertion such as "\\b". A pattern of which every
    branch begins with "\\b" loses it, and the match is required to begin at a word instead, which is
    the same thing (every branch goes on with a letter). Ten times faster on long English text.
    """
    out = []
    for rule in rules:
        branches = _top_level_branches(rule.pattern.pattern)
        # Only where each branch goes on with a letter: "\b\w+" tried inside every word would be slow.
        if rule.at_word is not False and all(_LETTER_AFTER_BOUNDARY.match(b) for b in branches):
            pattern = re.compile("|".join(b[2:] for b in branches))
            out.append(replace(rule, pattern=pattern, at_word=True))
        elif rule.at_word is None:
            out.append(replace(rule, at_word=default))
        else:
            out.append(rule)
    return tuple(out)


def _prefixes(words: Sequence[str]) -> str:
    """A pattern for every proper, non-empty prefix of ``words``: what a partial may still grow into."""
    return "|".join(
        sorted({re.escape(w[:n]) for w in words for n in range(1, len(w))}, key=len, reverse=True)
    )


def _primary_language(language: str) -> str:
    # "en-US", "ko_KR" -> "en", "ko": phrases are per language, not per country.
    return re.split(r"[-_]", language.strip().casefold(), maxsplit=1)[0]


# English --------------------------------------------------------------------------------------------
# Families (see OPTOUT_RULES.md): stop calling (also cancelling the calls to come, and regional forms:
# "give over ringing", "don't be ringing me"); don't call (again), also wished or asked for in other words
# ("I'd rather you didn't call", "make sure nobody calls me"), and for the owner of the line ("don't call
# my mother again"); not wanting calls; remove, forget or bin my number or data, leave the list;
# unsubscribe / opt out / withdraw consent / do-not-call list; complaints and threats in any words ("call
# me again and I'll report you"); bare "stop".
#
# A negation right before a phrase turns it around: "don't stop calling", "I don't want to opt out",
# "I'm not going to report you", "I never said don't call me", "I didn't ask to be removed". Only
# "please/really/ever", "going to" and "want/need/ask/say (you) to" may stand between, so "why don't
# you stop calling me" still counts.
_EN_NEG_WORD = (
    r"(?:dont|do not|didnt|did not|doesnt|does not|never|not|wont|will not|shouldnt|should not|cant"
    r"|cannot|wouldnt|would not)"
)
# Not in a conditional threat: "I'll block you if you don't stop calling me" asks to stop.
_EN_IF_YOU = "".join(
    f"(?<!{w} )"
    for w in ("if you", "if u", "if you lot", "if you people", "if yall", "if you guys", "unless you")
)
_EN_NEGATION = (
    rf"\b{_EN_IF_YOU}{_EN_NEG_WORD}"
    r"(?: (?:please|really|ever|even|going to|gonna|about to|planning to|trying to))?"
    r"(?: (?:want|wanna|need|mean|meant|intend|intended|like|ask|asked|asking|say|said|saying|tell|told"
    r"|telling)"
    r"(?: you| them| anyone| him| her)?(?: to| that)?(?: i| we)?)?$"
)
# Someone else's wish, reported: "my mother told them to stop calling", "my son wants to unsubscribe",
# "she asked her bank to stop calling her". "my husband wants you to stop calling" is not guarded: "you"
# stands between. Nor is "please tell them to stop calling me": a request to us, passed on.
_EN_OTHER_NOUN = (
    r"(?:(?:his|her|their|my|our|a|an|that) (?!(?:number|phone|cell|name|details|info|information|data"
    r"|contact|account|line|records?)\b)(?:\w+ ){0,2}?\w+"
    # "I told the other company to stop calling", "another company", "some other bank".
    r"|(?:the other|another|a different|some other|the old) (?:\w+ ){0,2}?\w+)"
)
_EN_THIRD_PARTY = (
    r"\b(?:(?:(?:told|tells|telling|asked|asks|asking|begged|begs|got|gets|had)"
    r"|(?:he|she|they|i|we|ill|id|gonna|to|will|would|should|did|going to) (?:tell|ask))"
    rf" (?:them|him|her|me|{_EN_OTHER_NOUN})(?: not)?(?: to)?"
    rf"|(?:wants?|wanted|needs?|needed|would like) {_EN_OTHER_NOUN}(?: not)?(?: to)?"
    # "my brother told the bank to stop calling him": someone else's request, to anyone.
    r"|(?:he|she|they|my \w+|his \w+|her \w+|their \w+) (?:told|asked|begged|got|had)"
    r" (?:\w+ ){1,3}?(?:not )?to"
    # Round 19: the word between is never "you": "this is her son you need to take her off" asks us.
    r"|(?:he|she|they|my \w+|his \w+|her \w+|their \w+)(?: (?!(?:you|u|yall|ya)\b)\w+)? (?:wants?|wanted"
    r"|would like|needs?|needed"
    r"|tried|is trying|was trying|is going|was going|asked|asks|requested|decided"
    r"|has decided)(?: not)?(?: to)?"
    r"|(?:said|says|promised|claimed|told me|told us) (?:that )?(?:they|theyd|theyll|he|she|hed|shed|hell"
    r"|shell)(?: would| will| were going to| was going to| are going to| is going to| gonna)?)$"
)
# "why did you stop calling me last month": a question about the past, not a request.
_EN_PAST_QUESTION = (
    r"\b(?:did|didnt|whyd|had|has|have|hadnt|hasnt|havent) (?:you|they|he|she|u|yall|you guys|you people"
    r"|your company|we|i)(?: ever| finally| already| just| all| really)?$"
)
_EN_GUARD = re.compile(rf"(?:{_EN_NEGATION}|{_EN_THIRD_PARTY})")
# What follows a threat: "... and I'll report you", "... and I'm calling the police".
_EN_PUNISHMENT = (
    r"(?:\w+ ){0,5}?(?:report|reporting|reported|sue|suing|police|cops|lawyer|lawyers|solicitor|attorney"
    r"|complain|complaining|complaint|block|blocking|ftc|fcc|ofcom|court|regret|trading standards"
    r"|authorities|regulator|regulators|prosecuted|prosecute|legal action)\b"
)
# "I need to stop calling my ex": the caller's own calls.
_EN_SELF = (
    r"\b(?:i|we)(?: \w+)? (?:need|have|had|should|must|gotta|will|want|wanna|gonna|going|ought|try|tried)"
    r"(?: to)?$"
    # "I was told to stop calling this number by my boss".
    r"|\b(?:i|we) (?:was|were|have been|had been|got|am|are) (?:told|asked)(?: not)? to$"
)
# "They don't call me", "you don't call me enough": a report, not a request.
_EN_REPORTING_SUBJECT = re.compile(
    rf"(?:\b(?:i|they|he|she|people|you|we|who|usually|often|normally|sometimes|why)$|{_EN_NEGATION})"
)
# Round 18: a household or a place reached by phone, "never call this house again", "the farm".
_EN_PLACE = (
    r"(?:this|the|my|our) (?:house|home|household|flat|apartment|farm|office|shop|store|business|place"
    r"|address|landline)"
)
# Round 18: the speaker's own promise before "never …": "i will never call here again", "well never".
_EN_OWN_PROMISE = (
    r"\b(?:(?:i|we)(?: will| would| shall| am going to| are going to| m going to| m gonna| re gonna)?"
    r"|ill|well|id|wed|im gonna|were gonna)$"
)
# Round 18: someone else's request passed on, then the speaker's own wish against it: "my son keeps asking
# me to tell you to stop ringing but honestly i enjoy the calls" (Decisions). Without the wish after it, a
# request passed on counts ("please tell them to stop calling me"). A partial waits for the final result.
_EN_RELAYED_BEFORE = re.compile(
    r"\b(?:told|tells|telling|asked|asks|asking|wants|wanted) me to (?:tell|ask) (?:you|you people|you guys"
    r"|yall|your company)(?: to)? ?$"
)
_EN_RELAYED_BUT_WANTED = re.compile(
    rf"{_EN_RELAYED_BEFORE.pattern[:-3]} \w+(?: \w+){{0,2}}? (?:but|though|although)"
    r"(?: (?:actually|really|honestly|personally))? (?:i|we)"
    r"(?: (?:actually|really|honestly|still|do|personally|quite))* (?:like|want|need|enjoy|love|appreciate)"
    r" (?:the |your |those |these |my |all the |getting )?(?:\w+ )?(?:calls|reminders|updates|check ins)\b"
)
# Round 18: a "you" asked, not reported: "could you stop ringing me love" is a request ("you stop ringing me
# mate and then start again" stays a report).
_EN_ASKING_YOU = "".join(f"(?<!{w} )" for w in ("can", "could", "would", "will", "wont", "please"))
# Round 19: a "you" the speaker tells or warns, "im telling you do not call this house again", "ive told you
# stop ringing me mate": the speaker's own request ("she is telling you …" stays someone else's).
_EN_TELLING_YOU = "".join(
    f"(?<!\\b{w} )"
    for w in (
        *(f"{i} {v}" for i in ("im", "i am", "i m") for v in ("telling", "warning", "asking", "begging")),
        *(f"{i} {v}" for i in ("i", "ive", "i have", "i already", "ive already") for v in ("told", "warned")),
        # Round 21: about to tell, "ill tell you dont call here", "let me tell you …" ("she will tell you"
        # stays someone else's: the \b keeps "will" from ending in "ill").
        *(
            f"{i} {v}"
            for i in ("ill", "i will", "let me", "im gonna", "im going to")
            for v in ("tell", "warn")
        ),
    )
)
# What a report of "you" is, unless the "you" is asked or told: the guard for requests said to "you".
_EN_REPORTING_NOT_ASKED = f"{_EN_ASKING_YOU}{_EN_TELLING_YOU}{_EN_REPORTING_SUBJECT.pattern}"
_EN_CALL_VERB = r"(?:call|phone|ring|contact|text|email|message|dial)"
# Whom a caller may speak for: the owner of the line we called. "don't call my mother again", "take my late
# husband off your list", "stop calling him, he passed away".
_EN_KIN = (
    r"(?:mother|mom|mum|mommy|mummy|mama|ma|father|dad|daddy|papa|husband|wife|son|daughter|kids?|children"
    r"|child|grandmother|grandma|granny|gran|nan|nana|grandfather|grandpa|granddad|grandad|parents?|family"
    r"|aunt|auntie|uncle|brother|sister|partner|spouse|fiance|fiancee|boyfriend|girlfriend|nephew|niece"
    r"|grandson|granddaughter|grandkids|grandchildren|in laws|mother in law|father in law)"
)
_EN_THEM = rf"(?:him|her|them|my (?:\w+ )?{_EN_KIN}|(?:my|our) (?:late|elderly|old|dead|deceased) \w+)"
# What a caller wants removed: me, us, my (phone) number, my (personal) data, this number...
_EN_DATA_WORD = (
    r"(?:number|numbers|name|details|info|information|data|contact|contacts|record|records|file|files"
    # Round 15: "digits", slang for the phone number ("lose my digits", "delete my digits").
    r"|digits)"
)
# Round 10: two named together, "take my name and number off whatever list youve got".
_EN_DATA = rf"(?:{_EN_DATA_WORD}(?: (?:and|or|plus) (?:my |our |the )?{_EN_DATA_WORD})?)"
# Round 15: not payment details, "erase my card details after this payment" (Decisions).
# "… my card details and my number" counts by its second half.
_EN_NOT_PAYMENT = (
    r"(?!(?:card|cards|payment|billing|bank|banking|credit|debit|cc) (?:\w+ )?(?:details|info|information"
    r"|data"
    r"|number|numbers|records?|files?)\b(?! (?:and|or|plus)\b))"
)
_EN_ME = rf"(?:me|us|(?:my|our|this) {_EN_NOT_PAYMENT}(?:\w+ )?{_EN_DATA})"
_EN_LIST = (
    # Round 14: not a queue or an event's list, "take me off the waiting list for the dentist", "… the guest
    # list" (as "remove me from the waiting list" already was).
    r"(?:(?<!waiting )(?<!wait )(?<!guest )(?<!invite )(?<!standby )(?<!reading )(?<!shopping )(?<!wish )"
    r"(?:list|lists)|database|databases|system|systems|records|register|registry|file|files|directory"
    r"|roster|books|dialer"
    # Round 13: "take me off your end".
    r"|(?<=your )(?:end|side))"
)
# Words that may stand between "don't want" and "calls": "these kind of sales calls", "any more".
_EN_CALL_WORDS = (
    r"(?:(?:any|these|those|this|such|your|more|anymore|the|robo|sales|marketing|phone|telemarketing"
    r"|automated|spam|kind|kinds|sort|type|of|all|further|unsolicited|cold|annoying|future|upcoming"
    r"|additional|other|unwanted|promotional|solicitation|another|single|one) ){0,5}"
)
_EN_CALLS = (
    r"(?:calls|call|robocalls|phone calls|solicitations|solicitation calls|telemarketers|robocallers"
    r"|cold callers|salespeople|sales people)"
)
# Round 20: the kind of our calls, "the appointment reminder calls", "your follow up calls" (up to two).
_EN_CALL_KIND = (
    r"(?:reminder|appointment|follow up|followup|check in|courtesy|survey|payment|billing|delivery|service"
    r"|prescription|refill|renewal|pharmacy|account|wellness|booking)"
)
# What may stand before "calls" in "cancel all future calls", "halt these sales calls".
_EN_CALL_MODIFIER = (
    r"(?:future|further|upcoming|subsequent|more|additional|sales|marketing|phone|automated|robo"
    r"|telemarketing"
    r"|promotional|unsolicited|unwanted|spam|annoying|follow up|followup|solicitation|of (?:the|these|your))"
)
# "nobody calls me again", "no one is to call": the tail of a "nobody" request.
_EN_NOBODY_CALLS = (
    r"(?:(?:ever|else) )?(?:calls|calling|to call|call|rings|ringing|to ring|phones|phoning|to phone|contacts"
    r"|contacting|to contact|contact|dials|bothers|bothering|to bother|is to call|is to contact"
    r"|should call)\b"
)
# "don't call me at the office, use this number instead": the call is redirected to this number.
_EN_OTHER_NUMBER = re.compile(
    r"\b(?:dont|do not) (?:call|ring|phone|contact)(?: me)?(?: (?:on|at))? (?:(?:my|his|her|their|our|the"
    r"|that)"
    r" )?(?:\w+ ){0,3}?(?:phone|number|line|cell|mobile|landline|office|work|house|home)\b(?: \w+){0,5}?"
    r" (?:call|ring|use|try|reach|contact|text)(?: me| us)?(?: (?:on|at))? (?:this|here)\b"
)
# Someone else put their own phone on a list: "my neighbour put himself on the do not call list", "she
# registered her own number on the do not call registry".
_EN_OWN_LISTING = re.compile(
    r"\b(?:he|she|they|(?:my|his|her|their|our) (?:\w+ )?\w+)(?: (?:already|just|also|has|had|have|finally"
    r"|recently)){0,3} (?:put|puts|added|adds|signed|signs|registered|registers|got|gets|listed|lists"
    r"|enrolled|enrolls|placed) (?:himself|herself|themselves|(?:his|her|their)(?: own)?(?: \w+)?"
    r"(?: number| numbers| phone| phones| cell| line| landline| mobile)?)(?: up)?"
    r" (?:on|onto|to|in|into|with|for)(?: (?:the|a|an))?$"
)
# A worried question after "why do you keep calling me": "is something wrong with my account", "is it
# about my order", "did I miss a payment" (round 8).
_EN_WORRIED = re.compile(
    # "… is there something wrong with you people" is the complaint.
    r"^(?!.*\bwrong with (?:you|yall|your|these|this|them)\b)"
    r"(?:\w+ ){0,3}?(?:is (?:there |it |this )?(?:something|anything|a problem|an issue|some problem"
    r"|some issue|about)|(?:whats|what is) (?:wrong|up|happening|going on|the problem|it about)"
    r"|did (?:i|we|something) (?:miss|forget|do|go|happen)|do (?:i|we) owe|am i (?:late|behind|in trouble)"
    r"|has something (?:happened|gone wrong)|(?:is|was) (?:my|our) (?:\w+ )?(?:account|card|order|payment"
    r"|bill|loan|policy|delivery|parcel|package|appointment)|(?:something|anything) wrong with)\b"
)
# A listing that was, not one that is: "i used to be on the do not call list" (round 8).
_EN_PAST_LISTING = r"\bused to be (?:on|in|registered on|listed on|registered with)(?: (?:the|your|a|that))?$"
# A listing lifted, or calls allowed all the same: "… but i signed up again", "… but you can keep calling
# about my pharmacy", "… you may still call me" (round 8). Not "… but you keep calling".
_EN_LISTING_LIFTED = re.compile(
    r"^(?:\w+ ){0,10}?(?:(?:i|we|ive|weve|i have|we have) (?:since |already |just )?(?:signed (?:up|back up)"
    r" again|signed back up|signed back on|opted (?:back )?in|re registered|took (?:myself|us|my number|it)"
    r" off|came off|got off|removed (?:myself|my number)|left it)"
    r"|(?:you|yall|you people|you guys|your company) (?:can|may|are welcome to|are allowed to|still can"
    r"|can still|may still|are free to) (?:still |keep |continue |go ahead and )?(?:calling|call|ringing|ring"
    r"|phoning|phone|contacting|contact|to call)"
    r"|(?:its|it s|thats) (?:ok|okay|fine|alright) (?:for you |if you )?to (?:call|ring|phone)"
    # Round 12: this caller excepted, "… but youre my bank so thats okay", "… but you are exempt".
    r"|(?:youre|you are|you re|ur) (?:my|our|an?|the) (?:\w+ ){0,2}?(?:bank|provider|pharmacy|doctor|dentist"
    r"|insurer|insurance|utility|carrier|company|supplier|clinic|school|surgery|vet|landlord|broker|advisor"
    r"|adviser|agent|gp|lender|energy company|phone company)(?: \w+){0,3}? (?:so )?(?:thats|its|it s|that is"
    r"|it is|youre|you are|you re) (?:ok|okay|fine|alright|all right|allowed|different|exempt|excused"
    r"|an exception)"
    r"|(?:youre|you are|you re|your company is|you guys are) (?:exempt|an exception|excepted|the exception"
    r"|different|not included|excluded from it)"
    # Round 13: "… but you guys are fine", "… but this is my phone and im fine with it": this caller, or the
    # calls, allowed after the listing (someone else's, or for other companies).
    r"|(?:but |though |although )?(?:(?:you|you guys|yall|you people|your company|you lot|your calls"
    r"|you calling)"
    # Round 19: the contraction without its apostrophe, "… but youre fine", "… but ur ok".
    r" (?:are|re|is|s)|youre|ur|yallre) (?:totally |perfectly |still |all )?(?:fine|ok|okay|alright|all right"
    r"|good|welcome)"
    r"|(?:im|i am|i m|we are|were|we re) (?:totally |perfectly |still )?(?:fine|ok|okay|alright|happy|good)"
    r" (?:with|getting|to get|being|for you to) (?:it|that|them|this|the calls|your calls|you calling|calls"
    r"|being called|called|to be called))\b"
)
# Round 12: what the list is, asked with nothing about the caller's own number or calls: "whats the do not
# call registry i keep hearing about it on the news". "… how do i get on it", "… i want to be on it" count.
_EN_WHAT_LISTING = re.compile(
    r"\b(?:(?:whats|what is|what s|what exactly is|whats this|what does|what do you mean by|never heard of"
    r"|what on earth is"
    # Round 15: who runs it, "who runs the do not call registry anyway".
    r"|who (?:runs|manages|operates|maintains|keeps|is in charge of|looks after|oversees)"
    r"|who s in charge of|whos in charge of) (?:the |this |that |a |an |your )?(?:do not|dont|no) (?:call"
    r"|contact)"
    r" (?:list|registry|register)\b(?! mean)?"
    # Round 13: how the list works, "how does the do not call registry work" (not "… how do i get on it").
    r"|how (?:does|do|would|exactly does|does that|does this) (?:the |this |that |a |an |your )?(?:do not"
    r"|dont"
    r"|no) (?:call|contact) (?:list|registry|register) (?:thing )?(?:actually |even |really )?work\b"
    # Round 16: whether callers call the people on it, asked out of curiosity: "do you guys call people who
    # are on the do not call list just wondering" ("… im on it" names the speaker and counts).
    r"|(?:do|would|can|will|does) (?:you|you guys|you people|yall|your company|robots|companies|they)"
    r" (?:ever |still |actually )?(?:call|ring|contact|phone) (?:people|numbers|folks|anyone|those|someone"
    r"|households)(?: who are| that are| who re| whore| whos| who is)? (?:on|in) (?:the|a|that)"
    r" (?:do not|dont|no) (?:call|contact) (?:list|registry|register)"
    r"(?= (?:\w+ ){0,2}?(?:just )?(?:wondering|curious|asking|out of curiosity)\b))"
    r"(?!(?: \w+){0,14}? (?:me|my|us|our|put|add|sign|get|register|registered|remove|stop|call|calls|calling"
    r"|number|take|join|want|wanna|like|on it|onto|you|your|yall)\b)"
)
# Round 18: someone else's question passed on, how people get on the list: "my coworker was asking how you
# sign up for the do not call register any idea" (Decisions; as round 13's family member's listing asked
# about). With the speaker or a wish after it ("… and i want on it too", "… add me") it counts.
_EN_SOMEONE_ASKS_HOW = (
    r"\b(?:my|our|a) (?:\w+ )?(?:neighbou?r|neighbou?rs|friend|friends|colleague|coworker|co worker|workmate"
    r"|boss|cousin|aunt|uncle|mum|mom|mother|dad|father|sister|brother|son|daughter|grandma|grandpa|nan|gran"
    r"|wife|husband|partner) (?:asked|was asking|were asking|asks|wants to know|wanted to know|was wondering"
    r"|wondered)(?: me| us)? how (?:you|one|people|to|she|he|they|folks)(?: \w+)? (?:get|gets|sign|signs"
    r"|register|registers|go|goes|put|puts)(?: \w+){0,2}? (?:on|onto|for|to|in|up for) (?:the|a|that|this)"
    r" (?:do not|dont|no) (?:call|contact) (?:list|registry|register)\b"
    r"(?!(?: \w+){0,14}? (?:me|my|us|our|i|we|add|remove|stop|take|join|want|wanna|too)\b)"
)
# Round 12: the line's owner died or the number changed hands: "she died in march", "my father passed away",
# "this is my number now", "he doesnt have this number anymore".
_EN_GONE = (
    r"died|passed away|passed on|has passed|is dead|is deceased|deceased|no longer with us"
    r"|not with us anymore|not alive|is gone|(?:is|s) my number now|my number now|number changed hands"
    r"|new owner of this number"
    r"|(?:doesnt|does not|dont|do not) (?:have|use|own) this (?:number|phone|line) (?:anymore|any more)"
    r"|no longer (?:has|uses|owns) this (?:number|phone|line)"
)
# Round 17: the line named as a family member's, then they are taken off like an owner gone: "this is my wifes
# phone … please remove her" (as "this is my moms number please remove her from your list" counted).
_EN_LINE_OF_KIN = (
    rf"(?:this|that|it) (?:is|was|s) (?:my|our) (?:\w+ )?{_EN_KIN}s (?:\w+ )?(?:phone|number|line|cell|mobile"
    r"|landline)"
)
# Someone else did it: "she unsubscribed from the newsletter", "my wife already opted out".
_EN_DONE_GUARD = re.compile(
    rf"(?:{_EN_NEGATION}|{_EN_THIRD_PARTY}|\b(?:he|she|they|my \w+|his \w+|her \w+|their \w+)"
    r"(?: (?:already|just|finally|also|recently|once|has|had|have)){0,3}$"
    # Undecided: "I'm not sure whether to unsubscribe".
    r"|\bwhether(?: or not)?(?: to| i should| we should| i want to)?$|\bnot sure (?:if|about)(?: i should"
    r"| to)?$"
    # Round 13: an opinion about what someone outside the household should do, "i think my neighbor should opt
    # out" ("i think you should take me off" and "my husband wants to opt out" are requests).
    r"|\b(?:i think|i guess|i reckon|maybe|perhaps|i feel like|honestly) (?!(?:you|yall|i|we|id|wed|ill"
    r"|im)\b)"
    r"(?:\w+ ){1,3}?(?:should|ought to|could|might want to|may want to)(?: probably| really| also| just)?$"
    r"|\b(?:my|our|the|his|her) (?:\w+ )?(?:neighbou?rs?|friends?|coworkers?|co workers?|colleagues?|boss"
    r"|roommates?|flatmates?|classmates?|cousins?|tenants?|landlord)(?: (?!(?:you|me)\b)\w+){0,2}? (?:should"
    r"|ought to|could|might want to|may want to)(?: probably| really| also| just)?$"
    # Round 14: a wish supposed for some day, "just curious if i ever wanted to unsubscribe how would that
    # work", "in case i ever need to opt out" ("if i wanted to unsubscribe how would i" asks now and counts).
    r"|\b(?:if|in case|say|suppose|supposing|what if)(?: i| we)? (?:ever|someday|some day|one day"
    r"|at some point|in the future|down the road|down the line|eventually)(?: i| we)?"
    r"(?: (?:did|do|really|actually))? (?:want|wanted|need|needed|decide|decided|choose|chose|wish|wished"
    r"|have|had)(?: to)?$)"
)
# A past act about another service: "I unsubscribed from that gym newsletter last week", "I opted out of
# the paper bills". Not guarded: "I unsubscribed from your list", "I already unsubscribed".
_EN_DONE_ELSEWHERE = re.compile(
    r"\b(?:unsubscribed|opted(?: \w+)? out)(?: \w+){0,2}? (?:from|of|to) (?!(?:you|your|yours|this|these|all"
    r"|any)\b)"
    r"(?:\w+ ){0,3}?(?:newsletters?|e ?mails?|mail|mailings?|magazines?|bills?|statements?|texts?|messages?"
    r"|notifications?|alerts?|apps?|updates|catalogs?|catalogues?|flyers?|subscriptions?|memberships?|billing"
    r"|programs?|offers?|promotions?|coupons?|deals|feeds?|podcasts?|channels?|papers?)\b"
    # Round 13: a streaming or shopping subscription left, "i unsubscribed from netflix", or the past act
    # given as the reason for something else, "… so thats why the payment stopped" (not "… thats why you
    # call").
    r"|\b(?:unsubscribed|opted(?: \w+)? out)(?: \w+){0,2}? (?:from|of|to) (?:my |the |our |that )?(?:netflix"
    r"|spotify|hulu|disney|disney plus|amazon prime|prime video|prime|youtube|youtube premium|apple music"
    r"|apple tv|hbo|hbo max|max|paramount|peacock|audible|patreon|twitch|xbox|playstation|kindle|duolingo"
    r"|dropbox|icloud|adobe|uber|doordash|grubhub|instacart|deliveroo)\b"
    # Round 15: the kind of service named instead, "i unsubscribed from a meal kit service".
    r"|\b(?:unsubscribed|opted(?: \w+)? out)(?: \w+){0,2}? (?:from|of|to) (?:a |an |my |the |our |that |some "
    r"|one )?"
    r"(?:(?!(?:your|yours|you)\b)\w+ ){0,2}?(?:streaming|music|video|tv|movie|film|gaming|game|dating"
    r"|meal kit"
    r"|grocery|shopping) (?:service|services|app|apps|site|platform|subscription|subscriptions|thing|channel"
    r"|account)\b"
    r"|\b(?:unsubscribed|opted(?: \w+)? out)(?: \w+){0,6}? (?:so |and )?(?:thats|that s|that is|which is"
    r"|which s) (?:why|how come)\b(?!(?: \w+){0,8}? (?:call|calls|calling|called|ringing|phoning|phone|you"
    r"|your)\b)"
)
# On a partial result, "I unsubscribed from ..." waits: it may still name another service.
# A plan rather than a request: "remind me to", "I need to", "I'll".
_EN_PLAN = (
    r"\b(?:remind me to|remember to|(?:i|we) (?:need|needs|have|had|ought|got|mean|meant|forgot|must|should"
    r"|will|gotta|gonna|am going|m going|keep forgetting)(?: to)?|ill|im going to|im gonna|meaning to)"
    r"(?: go| just| really| also| probably| finally| still){0,2}$"
)
# An unsubscribe planned or done, from another service's messages: "remind me to unsubscribe from that gym
# newsletter later". A name must come before the messages ("from the texts" may be ours).
_EN_ELSEWHERE_LATER = re.compile(
    rf"(?:{_EN_PLAN[:-1]} )?\b(?:unsubscrib\w*|opt(?:ing)?(?: \w+)? out)(?: \w+)? (?:from|of|to)"
    r" (?!(?:you|your|yours|this|these|all|any)\b)(?:\w+ ){1,3}?(?:newsletters?|e ?mails?|mail|mailings?"
    r"|magazines?|bills?|statements?"
    r"|texts?|messages?|notifications?|alerts?|apps?|updates|catalogs?|catalogues?|flyers?|subscriptions?"
    r"|memberships?|programs?|offers?|promotions?|coupons?|deals|feeds?|podcasts?|channels?|papers?)\b"
)
_EN_MAYBE_ELSEWHERE = re.compile(r"(?:\w+ )?(?:from|of|to|on|in)\b.*|\w+")
# Round 10: a family member taken off another service's messages, "how do i unsubscribe my son from the
# football club emails". A name must come before them; "unsubscribe my mother from your calls" counts (the
# owner of the line), as does "… from the texts" (they may be ours).
_EN_KIN_ELSEWHERE = (
    rf"^(?:my|our) (?:\w+ )?{_EN_KIN} (?:from|of|out of) (?!(?:you|your|yours|this|these|all|any)\b)"
    r"(?:(?:the|that|those|his|her|their) )?(?!(?:you|your|yours|this|these|all|any|the|that|those|his|her"
    r"|their)\b)(?:\w+ ){1,3}?(?:newsletters?|e ?mails?|mail|mailings?|magazines?|texts?|messages?"
    r"|notifications?|alerts?"
    r"|apps?|updates|memberships?|subscriptions?|club|clubs|team|league|school|class|classes|lessons|course"
    r"|camp|programs?|games?|channel|channels)\b"
)
_EN_MAYBE_KIN_ELSEWHERE = r"(?:my|our)(?: \S+){0,5}"
# Round 11: another company's messages, named after the verb or before it: "how do i unsubscribe from that
# other companys newsletter", "another companys texts keep coming how do i opt out". "unsubscribe me from
# the other calls too" counts (no company named).
_EN_OTHER_COMPANY = (
    r"(?:other|another|different|third party|(?:someone|somebody) elses) (?:companys?|companies|business"
    r"|businesses|firms?|brands?|stores?|shops?|sites?|websites?|banks?|providers?|retailers?|charity"
    r"|charities|agency|agencies|lists?)\b"
)
_EN_OTHER_COMPANY_AFTER = (
    r"^(?:me |us |myself |my number |this number )?(?:from|of|to|on|with|for) (?:the |that |this |those |an? "
    rf"|some )?{_EN_OTHER_COMPANY}"
)
_EN_OTHER_COMPANY_BEFORE = (
    rf"\b{_EN_OTHER_COMPANY}(?: (?!(?:you|your|yours|yall|call|calls|calling|phone)\b)\w+){{0,8}}$"
)
# Round 12: how to leave another service's messages, the service named by its kind before them: "how do i
# unsubscribe from my gym emails", "how can i opt out of the school newsletter" (as round 10 decided for a
# family member's club). Not when they are said to be ours ("… the gym emails you send"); a request
# ("unsubscribe me from the gym newsletter") counts: we may be that service.
_EN_OTHER_SERVICE = (
    r"(?:gym|club|school|college|university|church|library|team|league|airline|hotel|charity|magazine"
    r"|newspaper|dentist|vet|salon|spa|supermarket|streaming|game|website|site|forum|daycare|nursery|scouts"
    r"|choir|theater|theatre|cinema|restaurant|pizza|coffee|ballet|swim|football|soccer|tennis|golf|yoga"
    r"|dance"
    r"|music|piano|alumni|fan|shopping|clothing|fashion|pet|travel|dating)(?:s|s club)?"
)
_EN_SERVICE_QUESTION = re.compile(
    r"\bhow (?:do|can|could|would|should|to|might|does one)(?: i| we| you| one)?(?: \w+){0,2}?"
    r" (?:unsubscrib\w*|opt(?:ing)? out)(?: me| us| myself)? (?:from|of|to)"
    r" (?:my|our|the|that|this|those|these|a) (?:\w+ ){0,2}?"
    rf"{_EN_OTHER_SERVICE}(?: \w+){{0,2}}? (?:newsletters?|e ?mails?|mail|mailings?|texts?|messages?"
    r"|notifications?|alerts?|updates|offers?|promotions?|flyers?|mailing list)\b"
    r"(?!(?: \w+){0,3} (?:you|your|yall|yours)\b)"
)
# Round 14: a printed publication left, "i want to unsubscribe from the monthly magazine", "… from the weekly
# newspaper": a product, like a data plan or a membership (round 10), not messages or calls ("… from the
# magazine emails" counts).
_EN_PRINT_SUBSCRIPTION = (
    r"^(?:me |us |myself )?(?:from|of|to) (?:(?:the|that|this|my|our|your|a) )?(?:\w+ ){0,2}?(?:magazines?"
    r"|newspapers?|journals?|periodicals?|comics?|zines?)\b(?! (?:e ?mails?|texts?|messages?|calls?"
    r"|newsletters?|notifications?|alerts?|updates|offers?|promotions?|mailings?|phone|robocalls)\b)"
)
# Round 15: a streaming or shopping service, in any form ("sorry i was on the other line unsubscribing from a
# streaming service"), as round 13's "i unsubscribed from netflix": a product, not ours ("… from your
# streaming service" is not guarded).
_EN_STREAMING_AFTER = (
    r"^(?:me |us |myself )?(?:from|of|to) (?:(?:a|an|the|that|this|my|our|some|one) )?"
    r"(?:(?!(?:your|yours|you)\b)\w+ ){0,2}?(?:(?:streaming|music|video|tv|movie|film|gaming|game|dating"
    r"|meal kit|grocery|shopping) (?:service|services"
    r"|app|apps|site|platform|subscription|subscriptions|thing|channel|account)"
    r"|netflix|spotify|hulu|disney plus|amazon prime|prime video|youtube premium|apple music|apple tv|hbo max"
    r"|paramount plus|peacock|audible|patreon|twitch|duolingo)\b"
)
# On a partial, "… from my gym emails" waits a few words: "… you send" may still follow.
_EN_MAYBE_SERVICE = (
    r"(?:me |us |myself )?(?:from|of) (?:my|our|the|that|this|those|these|a)"
    r"(?: (?!(?:calls?|calling|robocalls|phone|list|lists|registry|register|database|system|number|numbers"
    r"|you|your)\b)\S+){0,6}"
)
# Round 11: something else unsubscribed, the calls still wanted: "i unsubscribed from your emails but i still
# want the phone reminders". Not when the calls were what was unsubscribed ("… from the calls but …").
_EN_STILL_WANT_CALLS = (
    r"^(?:(?!(?:calls?|calling|phone|phoning|ringing|robocalls)\b)\w+ ){0,10}?but (?:i |we )?(?:still |do "
    r"|would still |d still |really )?(?:want|need|like|wanna|would like|d like)(?: to (?:get|keep getting"
    r"|keep|receive|have))? (?:the |your |those |these |my |all the )?(?:phone |reminder |appointment |voice "
    r"|call )?(?:calls|reminders|reminder calls|phone calls|call reminders|phone reminders)\b"
    # Round 12: "… but phone calls are fine", "… but you can still call me".
    r"|^(?:(?!(?:calls?|calling|phone|phoning|ringing|robocalls)\b)\w+ ){0,10}?(?:but|though|although)"
    r" (?:the |your |those |these )?(?:phone )?(?:calls|calling|phone calls|ringing) (?:are|is|s|re)"
    r" (?:still )?(?:fine|ok|okay|alright|all right|welcome|no problem|not a problem)\b"
    # Round 13: the calls named by their kind, "… but the reminder calls are fine", and kept, "… but keep the
    # phone reminders".
    r"|^(?:(?!(?:calls?|calling|phone|phoning|ringing|robocalls)\b)\w+ ){0,10}?(?:but|though|although)"
    r" (?:the |your |those |these |my )?(?:(?:phone|reminder|appointment|voice|call|pharmacy|delivery|service"
    r"|prescription|billing|payment) ){1,2}(?:calls|reminders|reminder calls) (?:are|is|s|re)"
    r" (?:still )?(?:fine|ok|okay|alright|all right|welcome|no problem|not a problem|useful|helpful|great)\b"
    r"|^(?:(?!(?:calls?|calling|phone|phoning|ringing|robocalls)\b)\w+ ){0,10}?(?:but|though|although|and)"
    r" (?:i |we )?(?:still )?(?:want to |wanna |would like to |d like to |need to )?keep (?:getting "
    r"|receiving"
    r" )?(?:the |your |those |these |my |all the )?(?:(?:phone|reminder|appointment|voice|call|pharmacy"
    r"|delivery|service|prescription|billing|payment) ){0,2}(?:calls|reminders|reminder calls)\b"
    r"|^(?:(?!(?:calls?|calling|phone|phoning|ringing|robocalls)\b)\w+ ){0,10}?(?:but|though|although)"
    r" (?:you |yall |you guys )?(?:can|may|could) (?:still )?(?:call|ring|phone)\b"
)
# Round 12: "i unsubscribe from your emails but phone calls are fine": "i unsubscribe" told, not asked (the
# recogniser drops the "d" of "unsubscribed" before "from"), with the calls still wanted after it.
_EN_TOLD_UNSUBSCRIBE_STILL_WANT = re.compile(
    r"\b(?:i|we) (?:just |already |also )?unsubscribe (?:from|of|to) "
    rf"(?:{_EN_STILL_WANT_CALLS.replace('^', '')})"
)
# Round 9: an unsubscribe undone. Made by mistake ("i accidentally unsubscribed", "i clicked unsubscribe on
# your newsletter by mistake"), or to be taken back ("… can you sign me back up", "how do i resubscribe").
_EN_MISTAKE = (
    r"(?:by mistake|by accident|accidentally|mistakenly|inadvertently|in error|without meaning to"
    r"|unintentionally|wrongly)"
)
# Not a call made by mistake: "you called me by mistake, unsubscribe me" counts.
_EN_MISTAKE_BEFORE = (
    r"^(?!.*\b(?:call|calls|called|calling|ring|rang|ringing|phone|phoned|phoning|dialed|dialled|dialing"
    rf"|dialling)\b).*\b{_EN_MISTAKE}(?: \w+){{0,3}}$"
)
# A button pressed: the words tell of a click, not a request (the rule for what was done decides).
_EN_CLICKED = (
    r"\b(?:clicked|hit|pressed|tapped|touched|selected|chose|click|hit|press|tap|touch|select)(?: on)?"
    r"(?: (?:the|that|your|an|a|this))?$"
)
# Undoing it: "undo the unsubscribe", "cancel my unsubscribe", "reverse that opt out".
_EN_UNDO_BEFORE = r"\b(?:undo|reverse|revert|cancel|take back|retract|void)(?: (?:the|that|my|this|an|our))?$"
_EN_UNDONE_AFTER = re.compile(
    # By mistake, said of the unsubscribe (a few words on, before any mention of calls: "i unsubscribed and
    # you still called me by mistake" is not one).
    rf"^(?:(?!(?:call|calls|called|calling|ring|rang|ringing|phone|phoned|you)\b)\w+ ){{0,6}}?{_EN_MISTAKE}\b"
    # To be taken back: "… can you sign me back up", "… how do i resubscribe", "… put me back on".
    # Not done by them: "… but you put me back on the list".
    r"|^(?:\w+ ){0,12}?(?<!dont )(?<!not )(?<!never )(?<!you )(?<!they )(?<!yall )(?<!guys )(?<!people )"
    r"(?<!someone )(?<!somebody )(?<!company )(?:sign (?:me |us )?back (?:up|on|in)|resubscribe"
    r"|re subscribe|subscribe (?:me |us )?(?:again|back)|opt (?:me |us )?back in|opt in again"
    r"|(?:get|put|add) (?:me |us )?back (?:on|in|to)|undo (?:it|that|this)|reverse (?:it|that|this)"
    r"|re enroll|re register|reactivate)\b"
    # Round 11: the calls still wanted, "… but i still want the phone reminders".
    rf"|{_EN_STILL_WANT_CALLS}"
)
# Round 9: paper switched for email: "can i unsubscribe from the paper statements and get them by email
# instead", "opt me out of paper billing i want paperless". The person wants the mail, by another road.
_EN_PAPER = (
    r"(?:paper|papers|printed|print|postal|post|mailed|physical|hard copy|hardcopy|snail mail|paper based)"
)
_EN_PAPER_SWITCH = re.compile(
    rf"^(?:me |us )?(?:\w+ )?(?:from|of|to|on) (?:\w+ ){{0,2}}?{_EN_PAPER}\b(?: \w+){{0,8}}?"
    r" (?:(?:by|via|through|over|as|in|to|on|with) (?:an? |the )?(?:email|e mail|emails|e mails|online"
    r"|electronic|digital|pdfs?|app|paperless|e statements?|ebills?|e bills?|estatements?)|instead|paperless"
    r"|electronically|digitally|online|go green|e statements?|estatements?|e bills?|ebills?)\b"
)
# The switch said first: "i want to switch from paper bills to email can i unsubscribe from the paper ones".
_EN_PAPER_SWITCH_BEFORE = (
    r"\b(?:switch|switching|change|changing|move|moving|go|going|swap|swapping)(?: \w+){0,2}? (?:from )?"
    rf"(?:\w+ ){{0,2}}?{_EN_PAPER}\b(?: \w+){{0,3}}? to (?:email|e mail|emails|online|electronic|paperless"
    r"|digital|e statements?|estatements?)\b(?: \w+){0,10}$"
)
# On a partial, wait while the words after "from" or "of" may still name paper (and once they have, for the
# road it should take): "I want to opt out of" waits; "… of your calls" fires.
_EN_MAYBE_PAPER = re.compile(
    r"(?:me |us )?(?:\w+ )?(?:from|of|to|on)(?: (?!(?:calls?|calling|robocalls|phone|list|lists|registry"
    r"|register|database|system|number|numbers|this|these|you|texts?|everything)\b)\w+){0,3}"
    rf"|(?:me |us )?(?:\w+ )?(?:from|of|to|on) (?:\w+ ){{0,2}}?{_EN_PAPER}\b.*"
    # "unsubscribe me" waits for the next word.
    r"|me|us"
)
# "stop calling me names", "quit calling him a liar": what someone is called, not phone calls.
_EN_NAME_WORDS = (
    "names",
    "sweetheart",
    "sweetie",
    "babe",
    "baby",
    "a liar",
    "liar",
    "stupid",
    "an idiot",
    "idiot",
    "sir",
    "madam",
    "maam",
    "mate",
    "love",
    "dear",
    "honey",
    "darling",
    "buddy",
    "pal",
    "that",
    "by my first name",
    "by my name",
)
_EN_NAMING = re.compile(
    rf"^(?:(?:me|him|her|them|us|it|this|that|my \w+) )?(?:{'|'.join(_EN_NAME_WORDS)}"
    # "stop calling it a scam"; not "stop calling me a hundred times a day".
    r"|an? (?!(?:hundred|thousand|million|few|couple|dozen|lot|bunch|day|week|month|time|times)\b)\w+)\b"
    # "stop calling the dog that silly name", "quit calling him by that nickname", "stop calling my son
    # those names". Not "... the name is on your list".
    r"|^(?:\w+ ){0,3}?(?:that|this|the|a|such|those|these|by|his|her|their|its|my|your|silly|stupid|rude"
    r"|nasty|mean|pet|funny|weird|dumb|cute|made up)(?: \w+){0,2}? (?:names?|nicknames?|pet names?)\b"
    r"(?! (?:is|was|s|are|were|on|of|in|from|for|you|your|we|i|that|and|at)\b)"
    # Round 15: a thing given a label with no article, "you should stop calling it premium coverage its basic"
    # (the phone called "it" goes on with a time, a plea or a reason: "… it every day", "… it its his").
    r"|^it (?!(?:again|anymore|any|every|everyday|please|now|right|already|ever|so|and|or|ok|okay|its|it|i|im"
    r"|we|he|hes|she|shes|they|theyre|you|youre|this|that|thats|because|cause|since|thanks|thank|at|on|in|from"
    r"|after|before|today|tonight|all|over|constantly|repeatedly|daily|nonstop|number|phone|line|no|not|or"
    r"|then|just|for|while|when|if|yet|the|my|your|his|her|their|our|a|an|with|about|like|seriously|stop"
    r"|alright|all right|okay|mate|sir|dude|man|lady|buddy|pal|asap|immediately|straight|anytime|non|twice"
    r"|again|so|too|there|here|every|each|multiple|several|hourly|weekly|morning|night|late|early)\b)\w+\b"
)
# Words of address after a request: "stop ringing me mate" (round 8).
_EN_VOCATIVE = (
    r"(?:mate|love|dear|honey|darling|buddy|pal|sir|madam|maam|sweetheart|sweetie|babe|baby|bro|dude|man"
    r"|lady|luv|hun|son|chief|boss)"
)
# "remove me from the group chat", "from the waiting list for the doctor": not a calling list.
_EN_OTHER_GROUP = (
    r"(?:the|this|that|my|our|his|her|their) (?:\w+ )?(?:group|chat|team|class|thread|conversation"
    r"|waiting list|waitlist|wait list|guest list|account|photo|picture|video|meeting|roster|schedule|rota"
    r"|policy|club|email|emails|newsletter|mailing list|will)\b"
)
# "don't call me sweetheart", "stop calling me names": what someone is called, not phone calls.
_EN_NAMED = re.compile(
    rf"^(?:{'|'.join(_EN_NAME_WORDS)}"
    r"|an? (?!(?:hundred|thousand|million|few|couple|dozen|lot|bunch|day|week|month|time|times)\b)\w+)\b"
)
# "I told the gas company to stop ringing me, not you": the request was made to someone else.
_EN_NOT_YOU = (
    r"^(?:\w+ ){0,4}?(?:not|but not|wasnt|isnt) (?:you|you lot|you guys|you people|yall|your company"
    r"|this company|to you|here)\b(?! again)"
)
_EN_MAYBE_NOT_YOU = r"(?:\w+ ){0,4}?(?:(?:not|but|wasnt|isnt)(?: \w*)?|n|no|b|bu|w|wa|was|wasn|i|is|isn)"
# Round 16: an animal called in the room, "honey stop calling the dog hes sleeping" (summoned, not phoned).
# "stop calling the house" and "stop calling my dads number" name a line.
_EN_PET_CALLED = (
    r"^(?:the|your|our|my|that|this) (?:\w+ )?(?:dog|dogs|cat|cats|puppy|puppies|kitten|kittens|kitty|pet"
    r"|pets|bird|parrot|horse|horses|chickens|goat|goats)\b(?! (?:number|phone|line|owner|owners)\b)"
)
_EN_STOP_AFTER = re.compile(rf"{_EN_NAMING.pattern}|{_EN_NOT_YOU}|{_EN_PET_CALLED}")
_EN_MAYBE_STOP_AFTER = re.compile(
    rf"(?:(?:me|him|her|them|us|it|this|that|my \w+)(?: |$))?(?:{_prefixes(_EN_NAME_WORDS)}|an?(?: \w*)?)?"
    rf"|{_EN_MAYBE_NOT_YOU}"
    # "... the dog that" may still become "... the dog that silly name".
    r"|(?:\w+ ){0,3}?(?:that|this|the|a|such|those|these|by|his|her|their|its|my|your|silly|stupid|rude"
    r"|nasty|mean|pet|funny|weird|dumb|cute|made up)(?: \w+){0,2}?(?: \w*)?"
)
# Before "... enough" or "... stop" at the end: no call mentioned, or a negated one ("you never call me
# enough").
_EN_CALL_WORD = r"(?:call|calls|called|calling|ringing|phoning|rang|rung)"
_EN_NO_CALL_BEFORE = (
    rf"^(?!.*\b{_EN_CALL_WORD}\b)"
    rf"|\b(?:not|never|didnt|dont|havent|hasnt|cant|doesnt|wont|barely|hardly)(?: \w+)? {_EN_CALL_WORD}\b"
)
# Calls made to this phone, mentioned before "I want it to stop" or "I'm reporting it": "your company keeps
# calling me", "this is the tenth call this week". Not "I'm calling because my tap leaks".
_EN_CALLS_HERE = (
    r"\b(?:calls|robocalls|(?:another|this|that|the|every|\w+th|second|third|first|last|one more) call"
    r"|(?:call|calling|called|ringing|phoning|rang|ring|rings|texting|bothering|contacting) (?:me|us|here"
    r"|this number|my phone|my number|this house|my house))\b"
)
# "me" before a closing "stop" ("let me stop", "help me stop"), unless the calls came to me: "you guys called
# me stop it".
# Round 9: "every single day you call me stop it" (the present, as the past).
_EN_NOT_CALLED_ME = (
    r"(?<!called )(?<!calling )(?<!rang )(?<!ringing )(?<!phoned )(?<!phoning )(?<!texted )(?<!you call )"
    r"(?<!you ring )(?<!you phone )(?<!you text )(?<!they call )(?<!you keep calling )me"
)
_EN_NO_CALL_HERE_BEFORE = re.compile(rf"^(?!.*{_EN_CALLS_HERE})|{_EN_NEGATION}|{_EN_THIRD_PARTY}")
# A clock-time limit says when to call, not to stop: "don't call me before nine", "don't call after 8 pm".
# A time of day without a clock ("don't call me at night") still counts, as in Chinese and Korean.
_EN_DAYS = (
    r"(?:weekends?|week|weekdays?|workdays?|work days?|sundays?|saturdays?|mondays?|tuesdays?|wednesdays?"
    r"|thursdays?|fridays?)\b"
)
_EN_TIME_WORDS = ("before", "after", "until", "till", "til", "past", "between")
_EN_CLOCK_LIMIT = (
    # Round 20: "until after", "dont ring until after lunch".
    rf"^(?:again )?(?:(?:until|till|til) )?(?:{'|'.join(_EN_TIME_WORDS)})"
    r" (?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|noon|midday|midnight"
    # Round 20: a meal or the working day as the clock, "dont call me before lunch", "dont ring after work"
    # (as "before noon"; "dont call me at lunch" without a limit word still counts, Decisions).
    r"|lunch|lunchtime|breakfast|dinner|supper|work|school)\b"
    # A day limit is scheduling too: "don't call me on weekends", "don't call during the week".
    rf"|^(?:again )?(?:on|during|over|at|in|before|after|until|till|til) (?:the )?{_EN_DAYS}"
)
_EN_MAYBE_CLOCK_LIMIT = rf"(?:again )?(?:(?:{'|'.join(_EN_TIME_WORDS)})(?: \w*)?|{_prefixes(_EN_TIME_WORDS)})"
# Round 15: a time of day refused, then the call allowed at other times or moved to one (Decisions): "dont
# call me in the morning afternoons are fine", "please dont call at lunchtime any other time is fine", "dont
# call me in the evening call me in the afternoon". "dont call me at night" alone still counts.
_EN_DAYTIME = (
    r"(?:mornings?|afternoons?|evenings?|nights?|lunch|lunchtime|lunch time|lunch hour|dinner|dinnertime"
    r"|dinner time|noon|midday|daytime|the day|night time|nighttime|work hours|working hours|office hours"
    r"|breakfast|school hours)"
)
_EN_OTHER_TIME = re.compile(
    r"\b(?:dont|do not) (?:call|ring|phone|contact)(?: me| us)?(?: (?:in|at|during|before|after|around|over"
    rf"|through|for)(?: the| my)?)? {_EN_DAYTIME}\b(?: \w+){{0,10}}?"
    rf" (?:(?:(?:any|all|every) other (?:time|times|part of the day)|other times|the rest of the day"
    rf"|(?:in the |at |after |during )?{_EN_DAYTIME})(?: \w+){{0,2}}? (?:is|are|s|re|would be|works?|suits?)"
    r" (?:\w+ )?(?:fine|ok|okay|good|great|better|alright|all right|no problem|not a problem|welcome)\b"
    rf"|(?:call|ring|phone|try)(?: me| us)?(?: (?:in|at|during|after|around|over)(?: the)?)? {_EN_DAYTIME}\b)"
)
# Guards for "stop calling": a negation, someone else, the caller's own calls, a question about the past.
# Calls from someone else, not us: "how do I stop these calls from other companies".
_EN_FROM_OTHERS = re.compile(
    r"^(?:coming )?(?:from|by) (?:all )?(?:the |those |these )?(?:other|another|different|some other)"
    r" (?:\w+ )?(?:companies|company|people|callers|numbers|businesses|firms|telemarketers|outfits|agencies"
    r"|banks|places|lenders|sellers|marketers)\b"
)
# On a partial, "stop these calls from ..." may still name the others.
_EN_MAYBE_FROM_OTHERS = re.compile(
    r"(?:coming )?(?:from|by)(?: (?!(?:you|your|yall|u|ur)\b)\w*){0,3}|coming|comin|com|co|c|f|fr|fro|b"
)
# Round 10: a grievance about something other than the calls, with no call in the words after it: "the
# delivery never arrived", "my order came broken", "the food was cold".
_EN_OTHER_GRIEVANCE = (
    r"\b(?:delivery|delivered|order|ordered|package|parcel|product|products|item|items|refund|bill|billing"
    r"|invoice|driver|courier|food|meal|shipment|purchase|waiter|waitress|staff|store|shop|manager|repair"
    r"|technician|engineer|charge|charged|overcharged|broken|damaged|faulty|room|hotel|flight|luggage|bag"
    r"|doctor|nurse|appointment|installation|router|internet|wifi|broadband|landlord|neighbour|neighbor)\b"
    r"(?!.*\b(?:call|calls|called|calling|ring|rang|ringing|phone|phoned|phoning|robocalls?|contact"
    r"|contacting|harass\w*|bother\w*|texts?|texting)\b).*$"
)
# Round 12: the phone's own blocking, asked how to set: "how do i stop spam calls on my iphone", "is there a
# setting to block robocalls on this phone". Spam of any sender; "how do i stop your calls on my phone" and
# "stop these calls" name ours and count.
_EN_PHONE_BLOCKING = re.compile(
    r"\b(?:how (?:do|can|could|would|should|to|might)(?: i| we| you)?|(?:is there|whats|what is|theres"
    r"|there is) (?:a |an |the |any )?(?:way|setting|app|option|feature|button|trick) (?:to|that|for)"
    r"|(?:a|an|the|which|what) (?:setting|app|feature|option|button) (?:to|that|for))(?: \w+){0,2}?"
    r" (?:stop|block|filter|silence|screen|turn off|end|halt|get rid of)(?: (?:all|the|any|all of the)){0,2}"
    r" (?:spam|scam|junk|robo|unknown|unwanted|nuisance|telemarketing|telemarketer|private|anonymous|random"
    r"|fraud|fake|no caller id)"
    r"(?: \w+)? ?(?:calls|robocalls|callers|numbers|calls and texts)\b(?: \w+){0,3}? (?:on|in|with|using"
    r"|through|from) (?:my|the|this|an?|our|his|her)(?: \w+)? (?:phone|iphone|android|cell|cellphone|mobile"
    r"|landline|settings|device|samsung|pixel|galaxy|app|smartphone|handset)\b"
)
# On a partial, "… spam calls on my" waits for the phone.
_EN_MAYBE_PHONE = r"(?:on|in|using|through|o|i|u)(?: (?:my|the|this|an?|our|his|her)(?: \w*){0,2})?"
_EN_STOP_GUARD = re.compile(rf"(?:{_EN_NEGATION}|{_EN_THIRD_PARTY}|{_EN_PAST_QUESTION})")
# Round 10: contact cut with someone else, "we should stop all communication with the supplier" (not "… with
# me", "… with this household").
_EN_WITH_OTHERS = (
    r"^with (?!(?:me|us|this|him|her|them|the family|anyone here|anybody here|you|your|yours"
    rf"|(?:my|our) (?:\w+ )?(?:{_EN_KIN}|family|household|number|phone|line|house|home|cell|mobile"
    # Round 11: the person someone speaks for, "cease all contact with my client" (a lawyer, an agent).
    r"|clients?|principal|ward|patient))\b)\w+"
)

_EN_RULES = (
    # -- stop calling / bothering
    _Rule(
        "stop calling me",
        re.compile(
            r"\b(?:stop|quit|cease|discontinue|give over|leave off|lay off|knock off|pack in|give up)"
            r" (?:calling|ringing|phoning|contacting|bothering|harassing|pestering|bugging|annoying|spamming"
            r"|hassling|badgering|hounding|texting|messaging|dialing|dialling|reaching out|soliciting"
            # Round 13: "stop robocalling me", "quit autodialing this number".
            r"|robocalling|robo calling|autodialing|auto dialing|autodialling|spam calling|cold calling)\b"
        ),
        not_before=re.compile(rf"(?:{_EN_NEGATION}|{_EN_THIRD_PARTY}|{_EN_SELF}|{_EN_PAST_QUESTION})"),
        # "stop calling me names", "quit calling me sir": what they call someone, not phone calls.
        not_after=_EN_STOP_AFTER,
        wait_after=_EN_MAYBE_STOP_AFTER,
        # Round 18: a request passed on, then the speaker's own wish against it (Decisions).
        not_within=_EN_RELAYED_BUT_WANTED,
        wait_before=_EN_RELAYED_BEFORE,
    ),
    # Round 8: a word of address after a verb that cannot name someone: "stop ringing me mate", "quit
    # bugging me love", "don't phone me again dear". "stop calling me mate" stays a name (the rule above).
    _Rule(
        "stop calling me",
        re.compile(
            r"\b(?:(?:stop|quit|cease|give over|leave off|lay off|knock off) (?:ringing|phoning|contacting"
            r"|bothering|harassing|pestering|bugging|hassling|badgering|hounding|texting|messaging|dialing"
            r"|dialling)"
            r"|(?:dont|do not)(?: ever| you ever| be)? (?:ring|ringing|phone|phoning|contact|text|texting"
            r"|message))"
            rf" (?:me|us)(?: again| anymore| any more| ever again)?(?= {_EN_VOCATIVE}\b)"
            # "don't bother me, love" alone may mean "leave it": only with "again" or "anymore".
            r"|\b(?:dont|do not)(?: ever| you ever)? (?:bother|pester|bug|disturb|harass|hassle) (?:me|us)"
            rf" (?:again|anymore|any more|ever again)(?= {_EN_VOCATIVE}\b)"
        ),
        not_before=re.compile(
            rf"(?:{_EN_NEGATION}|{_EN_THIRD_PARTY}|{_EN_SELF}|{_EN_PAST_QUESTION}"
            rf"|{_EN_REPORTING_NOT_ASKED})"
        ),
        # "… not you"; "dont ring me mate before nine" (a clock-time limit).
        not_after=re.compile(rf"{_EN_NOT_YOU}|^\w+ (?:{_EN_CLOCK_LIMIT.replace('^', '')})"),
        wait_after=re.compile(rf"\w+(?: {_EN_MAYBE_NOT_YOU}| {_EN_MAYBE_CLOCK_LIMIT})?"),
    ),
    # The recogniser's "call" for "calling": "stop call me", "quit ring me". "don't stop, call me later" is
    # guarded; "stop, call me back tomorrow" asks for a call.
    _Rule(
        "stop calling me",
        re.compile(
            r"\b(?:stop|quit|cease) (?:call|ring|phone|text|contact|bother|harass|message)"
            r" (?:me|us|this number|my number|my phone|here)\b"
        ),
        not_before=re.compile(rf"(?:{_EN_NEGATION}|{_EN_THIRD_PARTY}|{_EN_SELF}|{_EN_PAST_QUESTION})"),
        not_after=re.compile(
            r"^(?:back|later|tomorrow|tonight|at|on|in|when|after|next|again|first|then|instead|anytime"
            r"|any time"
            r"|names|a|an|by|sir|maam|mister|miss)\b"
        ),
        wait_after=re.compile(r"\w*"),
    ),
    # Stop getting calls: "how do I stop getting these calls", "I'd like to stop receiving calls".
    _Rule(
        "stop calling me",
        re.compile(
            r"\b(?:stop|quit|cease|avoid) (?:(?:getting|receiving|having|taking) "
            rf"{_EN_CALL_WORDS}(?:calls|robocalls)|being (?:called|contacted|phoned|rung|bothered"
            rf"|solicited))\b"
        ),
        not_before=_EN_STOP_GUARD,
        not_after=_EN_FROM_OTHERS,
        wait_after=_EN_MAYBE_FROM_OTHERS,
    ),
    _Rule("stop calling me", re.compile(r"\bdont bother (?:calling|ringing|phoning)\b")),
    # "these calls have to stop", "make these calls stop", "enough with the calls".
    _Rule(
        "stop calling me",
        re.compile(
            r"\b(?:these|the|your|all these|all the|all your|those|all|any) (?:\w+ )?(?:calls|calling"
            r"|robocalls)"
            r"(?: (?:from|to)(?: \w+){1,3}?)?"
            r" (?:(?:has|have|needs|need|got) to |must |to |will |should )?(?:stop|end|cease)\b"
        ),
        # "why did the calls stop", "I don't want the calls to stop".
        not_before=re.compile(
            rf"(?:{_EN_GUARD.pattern}|\b(?:did|didnt|why|when|how|if|whether|until|since|before|after|once)$)"
        ),
    ),
    # "I want this to be the last call I get from you", "this is the last time you call me".
    _Rule(
        "don't call me again",
        re.compile(
            r"\b(?:this|that|it) (?:is|will be|to be|better be|has to be|should be|must be|be)"
            r" the (?:last|final) (?:time (?:you|anyone|you people|you guys) (?:call|calls|ring|contact)"
            r"|call (?:i (?:get|receive|take|answer)|from you|you make))\b"
            # Wished: "I'd appreciate it if this was the last call", "I hope this is the final one".
            r"|\b(?:appreciate(?: it)? if|like(?: it)? if|prefer(?: it)? if|love it if|hope|hoping|wish|want"
            r"|rather|(?:great|nice|good|grateful|thankful|happy|happier|glad|better|best) if|make sure|pray"
            r"|praying|let)(?: that)? (?:this|that|today|it)"
            r"(?: call)? (?:was|were|is|be|will be|would be|to be|becomes|ends up being) the (?:last|final)"
            r" (?:call|phone call|time (?:you|yall|anyone|you people|you guys) (?:call|ring|contact))\b"
            r"|\bmake (?:this|that|today|it)(?: call)? the (?:last|final) (?:call|phone call)\b"
        ),
        not_before=_EN_GUARD,
        # "I hope this is the last call I have to make", "... the last call of the day", "... before lunch".
        not_after=re.compile(
            r"^(?:(?:i|we|they|he|she) (?:\w+ )?(?:need|have|had|make|made|must|should|ll|will|can|gotta|got"
            r"|place)"
            # "for me", "for this number", "for good" still count.
            r"|of|before|about|for (?!me\b|us\b|this (?:number|house|household|phone|line)\b|good\b|ever\b))"
        ),
        wait_after=re.compile(r"(?:i|we|they|he|she|for)(?: \w*){0,2}|\w*"),
    ),
    # A wish that the number were lost: "I'd appreciate it if you lost my number", "it would be great if you
    # deleted my details".
    _Rule(
        "remove me from your list",
        re.compile(
            r"\b(?:appreciate(?: it)?|like it|love it|grateful|thankful|happier|glad|better|best|great|nice"
            r"|good|prefer(?: it)?) if (?:you|you guys|you people|your company|yall|they) (?:\w+ )?(?:lost"
            r"|deleted|removed|erased|forgot|binned|scrapped|wiped|dropped|took|got rid of|threw away)"
            r" (?:all )?(?:of )?"
            r"(?:my|this|our) (?:\w+ )?(?:number|details|info|information|data|name|contact)\b"
        ),
        not_before=_EN_GUARD,
    ),
    # The number named first, then "it": "i dont know how you got this number but i want it removed". Only a
    # number or my data, and only a few words apart: "my bill has a charge i want it removed" is not ours.
    _Rule(
        "remove me from your list",
        re.compile(
            r"\b(?:this|my|our) (?:phone |cell |mobile |home )?(?:number|details|data|info|information)\b"
            r"(?: \w+){0,10}? (?:i|we) (?:want|wanna|need|would like|d like|demand|expect)"
            r"(?: you to| to)?(?: have| get)? (?:it|that|them) (?:removed|deleted|erased|gone|taken off|wiped"
            r"|scrubbed|remove|delete|erase|taken down)\b"
        ),
        not_before=_EN_GUARD,
    ),
    # Slang for calling: "stop blowing up my phone", "quit hitting up my line", "stop hitting me up".
    _Rule(
        "stop calling me",
        re.compile(
            r"\b(?:stop|quit|cease|lay off|give over|dont|do not|never)"
            r" (?:blowing up|blow up|hitting up|hit up)"
            r" (?:my|this|our) (?:phone|line|cell|number|mobile|landline|cellphone)\b"
            r"|\b(?:stop|quit|dont|do not|never) (?:hitting|hit) (?:me|us|my (?:phone|line|cell)"
            r"|this (?:phone|line|number)) up\b"
            # Without "up": "yo stop hitting my line".
            r"|\b(?:stop|quit|dont|do not|never) (?:hitting|hit|blowing|buzzing) (?:my|this|our)"
            r" (?:phone|line|cell|number|mobile|cellphone|celly|jack)\b"
        ),
        not_before=re.compile(rf"(?:{_EN_NEGATION}|{_EN_THIRD_PARTY}|{_EN_SELF}|{_EN_PAST_QUESTION})"),
    ),
    # "this has to stop", "it needs to stop now".
    _Rule(
        "stop calling me",
        re.compile(r"\b(?:this|it|that) (?:has|needs|got|have|must) (?:to )?stop\b"),
        not_before=_EN_GUARD,
        not_after=re.compile(r"^(?:at|by|in|on|before|after|for|when|if|raining|\w+ing)\b"),
        wait_after=re.compile(r"\w*"),
    ),
    # "your calls are not welcome", "these calls are unwanted".
    _Rule(
        "i don't want any more calls",
        re.compile(
            r"\b(?:your|these|those|such|the|sales|marketing|telemarketing|robo) (?:\w+ )?(?:calls|robocalls"
            r"|calling)"
            r" (?:are|is|were) (?:not|never|no longer) (?:welcome|wanted|needed|appreciated|ok|okay"
            r"|acceptable|allowed"
            r"|permitted)\b"
            r"|\b(?:your|these|those|such|the) (?:\w+ )?(?:calls|robocalls|calling) (?:are|is) (?:unwelcome"
            r"|unwanted"
            r"|unacceptable)\b"
        ),
        not_before=_EN_GUARD,
    ),
    _Rule(
        "stop calling me",
        re.compile(
            # Round 13: up to two words naming the calls, "stop the appointment reminder calls".
            r"\b(?:stop|quit|end) (?:the|these|those|your|all (?:the|these|your)|all) (?:\w+ )?(?:(?:reminder"
            r"|appointment|sales|marketing|phone|robo|automated|service|payment|billing|delivery|survey"
            r"|prescription|courtesy|follow up|check in) )?(?:calls|calling|robocalls)\b"
            # Round 14: cancelled (halted…) the same way, "cancel these reminder calls", "cancel all these
            # robot calls", "cancel my appointment reminder calls" ("my" with a kind named: "cancel my calls
            # for today" is a diary).
            r"|\b(?:cancel|halt|discontinue|suspend|terminate|cease) (?:the|these|those|your|all (?:the|these"
            r"|your|my)|all) (?:\w+ )?(?:(?:reminder|appointment|sales|marketing|phone|robo|robot|automated"
            r"|service|payment|billing|delivery|survey|prescription|courtesy|follow up|check in) )?(?:calls"
            r"|robocalls)\b"
            r"|\b(?:cancel|halt|discontinue|suspend|terminate|cease|stop|quit|end) my (?:\w+ )?(?:reminder"
            r"|appointment|sales|marketing|robo|robot|automated|service|payment|billing|delivery|survey"
            r"|prescription|courtesy|follow up|check in) (?:calls|robocalls)\b"
            # Round 14: the calls named, then not wanted as "them": "these reminder calls i dont want them
            # anymore" (not after a "but": "the calls are fine but the letters i dont want them").
            r"|\b(?:the|these|those|your|all (?:the|these|your)|all|such) (?:\w+ ){0,2}?(?:calls|robocalls"
            # Round 21: reminders made by phone, "the phone reminders i dont want them anymore" (not email).
            r"|voicemails|(?:phone|call|voice) reminders)(?: (?!but\b|though\b|except\b)\w+){0,3}? (?:i|we)"
            r" (?:dont|do not|really dont"
            r"|no longer) (?:want|need|like) (?:them|em|any of them)\b"
            # Round 16: the calls sent, "stop sending me these refill robocalls" (not letters or parcels: the
            # calls must be named).
            r"|\b(?:stop|quit|cease) (?:sending|making|placing|giving) (?:me |us |this number )?(?:the|these"
            r"|those|your|all (?:the|these|your)|all|any) (?:\w+ ){0,2}?(?:calls|robocalls|robo calls"
            r"|voicemails)\b"
        ),
        not_before=_EN_STOP_GUARD,
        not_after=_EN_FROM_OTHERS,
        # Round 12: the phone's own blocking, "how can i stop all the spam calls on my landline".
        not_within=_EN_PHONE_BLOCKING,
        wait_after=re.compile(rf"{_EN_MAYBE_FROM_OTHERS.pattern}|{_EN_MAYBE_PHONE}"),
    ),
    # Cancel (halt, end...) the calls: "cancel all future calls to this number", "halt the robocalls",
    # "please cease all contact". A single call ("cancel the call with the technician") is not enough.
    _Rule(
        "stop calling me",
        re.compile(
            r"\b(?:cancel|halt|discontinue|suspend|terminate|cease|end|stop|quit|put an end to|put a stop to)"
            r"(?:(?: (?:all|any|every)(?: of)?)(?: (?:the|these|those|your|this))?| (?:the|these|those|your"
            r"|this))"
            rf"(?: {_EN_CALL_MODIFIER}){{0,4}}(?: (?:calls|robocalls))\b"
            r"|\b(?:cancel|halt|discontinue|suspend|terminate|cease|end|stop|quit|put an end to"
            rf"|put a stop to)(?: {_EN_CALL_MODIFIER}){{1,4}} (?:calls|robocalls)\b"
            rf"|\b(?:cancel|halt|discontinue|suspend|terminate|cease|end|stop|no)"
            r" (?:all|any|further|future|more)(?: \w+)? (?:contact|communications?|correspondence)\b"
            r"(?! (?:lens|lenses|info|information|details|number|form|page|person|list|skills|course|class"
            r"|degree|studies|department|team|plan|strategy)\b)"
        ),
        not_before=_EN_STOP_GUARD,
        not_after=re.compile(rf"{_EN_FROM_OTHERS.pattern}|{_EN_WITH_OTHERS}"),
        # Round 12: the phone's own blocking; a partial waits while "on my …" may still name the phone.
        not_within=_EN_PHONE_BLOCKING,
        wait_after=re.compile(
            rf"{_EN_MAYBE_FROM_OTHERS.pattern}|with(?: (?:my|our))?(?: \w*)?|wit|wi|w"
            rf"|{_EN_MAYBE_PHONE}"
        ),
    ),
    _Rule(
        "stop calling me",
        re.compile(
            r"\b(?:enough|done|finished|knock it off|quit it|cut it out|stop|through|had it|had it up to here"
            r"|pack it in|give it a rest|give over|leave off) (?:with|of) (?:the|these|your|all the|all these"
            r"|all your|all of these|you) (?:\w+ )?(?:calls|calling|robocalls)\b"
            # "I'm done being called by you people".
            r"|\b(?:done|finished|through|tired of|sick of|fed up with) being (?:called|contacted|rung|phoned"
            r"|bothered|harassed|pestered|solicited)\b"
            # "lay off the calls", "knock off the phone calls".
            r"|\b(?:lay off|knock off|cut out|pack in|give over|leave off|ease off|back off) (?:the|these"
            r"|those|your|all the|all these|all your|all of these|with the|with these|with your) (?:\w+ )?"
            r"(?:calls|calling|robocalls)\b"
            r"|\benough (?:of )?(?:these|your|the|all these|all your) (?:\w+ )?(?:calls|robocalls)\b"
            r"|\benough calls(?: already)?$"
            r"|\b(?:done|finished|through) (?:getting|receiving|taking|answering) (?:these|the|your|all these"
            r"|all your|any more|more|any) (?:\w+ )?(?:calls|robocalls)\b"
        ),
        not_before=_EN_GUARD,
    ),
    # Calls not accepted here: "this number does not accept sales calls", "we don't take telemarketing calls".
    _Rule(
        "i don't want any more calls",
        re.compile(
            r"\b(?:dont|do not|doesnt|does not|wont|will not|no longer) (?:accept|allow|entertain|welcome"
            r"|tolerate"
            r"|take|want|receive) (?:any |these |your |such |unsolicited )?(?:sales|telemarketing|marketing"
            r"|solicitation|robo|promotional|spam|cold|unsolicited|automated|these|your|such)(?: \w+)?"
            r" (?:calls|robocalls)\b"
        ),
        not_before=re.compile(rf"(?:{_EN_THIRD_PARTY}|\b(?:never|didnt|did not|not) (?:said|say|saying)$)"),
    ),
    # Not accepting calls: "I'm not accepting calls from you anymore", "I won't take any more calls".
    _Rule(
        "i don't want any more calls",
        re.compile(
            r"\b(?:not|wont|will not|no longer|never)(?: be)? (?:accept|accepting|take|taking|answer"
            r"|answering"
            r"|pick up|picking up)(?: any)? (?:more|further|anymore|any more|your|these|those)"
            r"(?: \w+){0,2}? (?:calls|robocalls)\b"
            r"|\b(?:not|wont|will not|no longer|never)(?: be)? (?:accepting|taking"
            r"|answering) calls from you\b"
            r"|\b(?:not|wont|will not|no longer|never|doesnt|does not|dont|do not)(?: be)? (?:accept"
            r"|accepting"
            r"|take|taking|allow|allowing) (?:any )?(?:solicitations?|soliciting|telemarketers?"
            r"|telemarketing)\b"
        ),
        not_before=_EN_GUARD,
    ),
    # "stop" ending a sentence after "please", "just" or "so": "this is the fifth call this week please
    # stop", "why do you keep calling me stop it". "how do I stop it" and "I tried to stop it" are not.
    _Rule(
        "stop",
        re.compile(
            r"\b(?:please|just|so|now|i said|so please|oh|ok|okay|would you|can you|will you|could you"
            r"|i want you to"
            r"|i need you to|(?:you|you guys|you people|yall|your company|this|it|these calls"
            r"|the calls)(?: \w+)?"
            r" (?:have to|has to|need to|needs to|got to|gotta|must|should|better|had better))(?: just"
            r"| please)?"
            r" stop(?: (?:it|that|this|now|please|already|right now|immediately)){0,3}$"
            # "please stop, I'm not interested".
            r"|\bplease stop(?: it| now| already){0,3} (?:(?:i am|im|we are|were) not interested"
            r"|i dont want (?:it|this|any)"
            r"|no thanks|no thank you|goodbye|bye)\b"
        ),
        # "sometimes I just stop", "the car will just stop": a report, not a request.
        not_before=re.compile(rf"(?:{_EN_NEGATION}|\b(?:i|we|they|he|she|it|will|would|might|to)$)"),
    ),
    # "why do you keep calling me stop it"; "how do I stop it" and "I tried to stop it" are not.
    # Round 15: nor "stop it" said to someone in the room who is making a noise, "hang on the kids are yelling
    # guys stop it", "sorry the dog is barking max stop that".
    _Rule(
        "stop",
        re.compile(r"\bstop (?:it|that)(?: (?:now|please|already|right now|immediately)){0,3}$"),
        not_within=re.compile(
            r"\b(?:kids|children|kid|child|boys|girls|baby|babies|toddlers?|twins|dogs?|puppy|cats?|son|daughter"
            r"|brother|sister|grandkids)(?: (?:are|is|were|was|keep|keeps|just|started|have|has|been|wont"
            r"|stop"
            r"|still|all)){0,3} (?:yelling|screaming|fighting|crying|shouting|barking|arguing|squabbling"
            r"|bickering|wrestling|playing|running around|being loud|making noise|making a racket|acting up"
            r"|jumping|howling|whining|banging|messing about|messing around|hitting each other)"
            r"(?: \w+){0,5}? stop (?:it|that)\b"
        ),
        not_before=re.compile(
            rf"(?:{_EN_NEGATION}|\b(?:to|how|{_EN_NOT_CALLED_ME}|we|i|they|he|she|it|who|what|cant|couldnt"
            rf"|wont|will|would|did"
            r"|didnt|should|might|may|must|can|could|let|lets|that|which|where|when)$)"
        ),
    ),
    # "you've called me four times today enough", "you've called me six times today this is ridiculous
    # stop": "enough" or "stop" closing a complaint about the calls. "you never call me enough", "call me at
    # the bus stop" and "when will the calls stop" are not one. The pattern is the end of the utterance; what
    # comes before it (a call, and not a negated one) is checked in the guard, which keeps the search fast.
    _Rule(
        "stop calling me",
        re.compile(r"\benough(?: already| now| is enough| of this)?$"),
        # "thanks for calling, fair enough", "you called, I have enough": "enough" about something else.
        not_before=re.compile(
            rf"{_EN_NO_CALL_BEFORE}|\b(?:me|us|here|call|calls|called|calling|not|have|has|had|got|get|is|was"
            r"|be|been|fair|sure|long|good|well|big|old|often|funny|easy|soon|early|time|money|loud|clear"
            r"|food)$"
        ),
    ),
    _Rule(
        "stop calling me",
        re.compile(r"\bstop(?: (?:it|now|please|already))?$"),
        not_before=re.compile(
            rf"{_EN_NO_CALL_BEFORE}|\b(?:the|a|an|bus|full|pit|truck|rest|next|last|first|one|non|door"
            rf"|whistle"
            r"|emergency|to|i|we|they|he|she|it|can|cant|could|will|wont|would|should|didnt|dont|never|not"
            r"|did"
            rf"|had|lets|let|must|might|may|that|which|who|calls|call|ringing|ever|you|{_EN_NOT_CALLED_ME})$"
        ),
    ),
    # Calls that keep coming: "why do you keep calling me", "you people keep calling this number".
    _Rule(
        "stop calling me",
        re.compile(
            r"\b(?:you|you guys|you people|yall|your company|your people)"
            # "you can keep calling this number" gives permission.
            r" (?:(?!can |may |could |might |should |are welcome to )\w+ )?keep (?:on )?(?:calling"
            r"|ringing"
            r"|phoning|bothering|contacting|texting|harassing|blowing up|hitting up) (?:me|us|this number"
            r"|my number|here|my phone|my line|my cell)\b"
        ),
        not_before=_EN_GUARD,
        # Round 8: a worried question, not a complaint: "why do you keep calling me, is something wrong with
        # my account". It waits on partials while one may come.
        not_after=_EN_WORRIED,
        wait_after=re.compile(r"(?:\S+ ){0,6}\S*"),
    ),
    # Bare "stop" is only an opt-out when it is all that was said: "stop, let me get a pen" and
    # "can you stop by tomorrow" start the same way.
    _Rule(
        "stop",
        re.compile(
            r"^(?:(?:please|just|ok|okay|no|oh|hey|um|uh|so|now|i said|i want you to|i need you to|can you"
            r"|could you|will you|would you|you can) ){0,6}stop"
            r"(?: (?:it|that|this|now|please|already|stop|right now|immediately)){0,6}$"
        ),
        whole=True,
    ),
    # -- don't call (again)
    _Rule(
        "do not call me",
        re.compile(
            # "don't be ringing me again" (Irish and British English).
            r"\b(?:dont|do not)(?: ever| you ever| even| be)?(?: (?:try|attempt|bother)(?: to)?)?"
            rf" (?:{_EN_CALL_VERB}|reach out|calling|phoning|ringing|contacting|texting|reaching out)"
            rf"(?: (?:or|and) {_EN_CALL_VERB})?(?: to)?"
            # Round 10: "on" before the line, "please dont call on this number henceforth".
            r"(?: (?:me|us|here|back|anymore|any more|again|at all|ever"
            # Round 15: the line's owner's, "please dont call her number" (his, her, their + the line).
            r"|(?:(?:on|at) )?(?:this|my|our|his|her|their) (?:\w+ )?(?:number|phone"
            r"|house|home|household|line|cell|mobile|landline|family|place|residence|business"
            # Round 11: a business's line, "dont call my office again", "dont ever call the store again".
            r"|store|shop|office|restaurant|salon|clinic|practice|workplace|premises))\b|$"
            r"| the (?:\w+ )?(?:number|phone|house|home|line|landline|store|shop|office|business|restaurant"
            r"|salon|clinic|practice|premises) (?:\w+ ){0,2}?(?:again|anymore|any more|ever again)\b"
            # For the owner of the line: "don't call my mother again", "don't contact my late husband".
            rf"| (?:{_EN_THEM}|it) (?:\w+ ){{0,2}}?(?:again|anymore|any more|ever|no more)\b"
            r"| (?:my|our) (?:late|elderly|deceased|dead) \w+)"
            # "don't bother me again": with a person and "again", "anymore" or "ever".
            r"|\b(?:dont|do not)(?: ever| you ever| even)? (?:bother|disturb|pester|harass|hassle)"
            r" (?:me|us|this number|this household)(?: \w+)? (?:again|anymore|any more|ever again)\b"
        ),
        # "they don't call me often"; "I told my son don't call her anymore" (a request to someone else).
        # Round 19: not "im telling you" (the speaker's own request, _EN_TELLING_YOU).
        not_before=re.compile(rf"{_EN_REPORTING_NOT_ASKED}|{_EN_THIRD_PARTY}"),
        # "don't call me at the office, use this number": a call is still wanted, on this number.
        # Round 15: or at another time of day.
        not_within=re.compile(rf"{_EN_OTHER_NUMBER.pattern}|{_EN_OTHER_TIME.pattern}"),
        not_after=re.compile(rf"{_EN_NOT_YOU}|{_EN_NAMED.pattern}|{_EN_CLOCK_LIMIT}"),
        wait_after=re.compile(
            rf"(?:on|at|call|ring|use|try|reach|contact|text|but|instead|just|and)\b.*|{_EN_MAYBE_NOT_YOU}"
            rf"|{_prefixes(_EN_NAME_WORDS)}|an?(?: \w*)?|{_EN_MAYBE_CLOCK_LIMIT}"
            # Round 15: a time of day may still be followed by another allowed.
            r"|(?:in|during|around|over|through)\b.*"
        ),
    ),
    _Rule(
        "do not call me",
        re.compile(
            rf"\bnot (?:to )?{_EN_CALL_VERB} (?:me|us|here|this number)(?: ever)?"
            r" (?:again|anymore|any more)\b"
            # Round 16: asked with no one named, "could you maybe like not call anymore" (the request is to
            # "you"; "i will not call anymore" is the speaker's own).
            rf"|\b(?:could|can|would|will) you (?:\w+ ){{0,3}}?not {_EN_CALL_VERB}"
            # Round 19: the line's owner or the place named, "can you please not call my dad anymore", "would
            # you not ring the house again".
            # Round 20: "no more" for anymore, "can you not call me no more".
            rf"(?: (?:{_EN_THEM}|{_EN_PLACE}|me|us|here|this number))?(?: ever)? (?:again|anymore|any more"
            r"|no more)\b"
        ),
        # Round 19: a question why the calls stopped, "why would you not call my dad anymore".
        not_before=re.compile(r"\b(?:why|how come)$"),
        not_after=re.compile(_EN_CLOCK_LIMIT),
        wait_after=re.compile(_EN_MAYBE_CLOCK_LIMIT),
    ),
    # Round 16: an organisation named as the caller, not wanted calling again: "i dont want the alumni office
    # calling me ever again", "we no longer want your company ringing us anymore". Only with again, anymore
    # or ever after it ("i dont want the bank calling me at work" limits where).
    _Rule(
        "i don't want any more calls",
        re.compile(
            r"\b(?:dont|do not|never|no longer) (?:really |ever )?(?:want|need) (?:the|your|that|this)"
            r" (?:\w+ )?(?:office|company|team|department|people|folks|bank|clinic|practice|school|college"
            r"|university|charity|firm|agency|service|outfit|business|lot) (?:calling|ringing|phoning"
            r"|contacting|bothering|texting) (?:me|us|here|this number)(?: \w+){0,2}? (?:ever again|again"
            r"|anymore|any more|ever)\b"
        ),
        not_before=re.compile(rf"{_EN_THIRD_PARTY}|\b(?:never|didnt|did not|not) (?:said|say|saying)$"),
        not_after=re.compile(_EN_CLOCK_LIMIT),
        wait_after=re.compile(_EN_MAYBE_CLOCK_LIMIT),
    ),
    # Round 16: "cut it out" (knock it off…) for good after the calls were named: "you lot ring at all hours
    # cut it out for good". Without the calls it may be said to anyone ("kids cut it out for good").
    _Rule(
        "stop calling me",
        re.compile(
            r"\b(?:cut it out|knock it off|pack it in|quit it|give it a rest) (?:for good|once and for all)\b"
        ),
        not_before=re.compile(
            r"^(?!.*\b(?:ring|rings|ringing|call|calls|calling|phone|phoning|robocalls?|dialing|dialling)\b)"
            rf"|{_EN_GUARD.pattern}"
        ),
    ),
    # Round 16: "leave me alone" for good: with a word that makes it last ("for good", "forever", "from now
    # on", "permanently") it refuses contact to come; alone it stays a mood of the moment (Decisions).
    _Rule(
        "don't call me again",
        re.compile(
            r"\bleave (?:me|us|this number|this household|my family) alone (?:for good|forever|from now on"
            r"|permanently|for ever|once and for all)\b"
        ),
        not_before=re.compile(
            rf"{_EN_GUARD.pattern}|\b(?:he|she|they|him|her|them|ex|boyfriend|girlfriend|husband|wife"
            r"|neighbou?r|boss|landlord)\b(?: \w+){0,3}$"
        ),
    ),
    # Round 17: the call refused as something the speaker cannot have, "i cannot have you calling this line
    # again", "we cant have you people ringing here anymore". Only with again or anymore after ("i cant have
    # you calling me before nine" limits when).
    _Rule(
        "don't call me again",
        re.compile(
            r"\b(?:i|we) (?:cant|cannot|can not|wont|will not|really cant) (?:have|keep having) you"
            r" (?:people |guys |all )?(?:calling|ringing|phoning|contacting|bothering|dialing|dialling)"
            r" (?:me|us|here|this number|this line|this phone|my (?:\w+ )?(?:number|line|phone|cell|mobile))"
            r"(?: \w+){0,2}? (?:ever again|again|anymore|any more)\b"
        ),
        not_before=re.compile(rf"{_EN_THIRD_PARTY}|\b(?:why|how come|if|when|whether)$"),
        not_after=re.compile(_EN_CLOCK_LIMIT),
        wait_after=re.compile(_EN_MAYBE_CLOCK_LIMIT),
    ),
    # Round 17: the number named, then not to be used again: "i dont know how you got this number but dont use
    # it again", "never use my number again". Only a phone's number ("my card number was stolen dont use it
    # again" names a card).
    _Rule(
        "don't call me again",
        re.compile(
            r"\b(?:this|my|our|that) (?:(?:phone|mobile|cell|home|landline|work|personal) )?number\b"
            r"(?: \w+){0,12}? (?:dont|do not|never|please dont|please do not) (?:ever )?use it (?:ever )?"
            r"(?:again|anymore|any more)\b"
            r"|\b(?:dont|do not|never) (?:ever )?use (?:this|my|our)"
            r" (?:(?:phone|mobile|cell|home|landline) )?number (?:ever )?(?:again|anymore|any more)\b"
        ),
        not_before=_EN_GUARD,
    ),
    # For the owner of the line, a wish addressed to us: "my mother is ninety and she doesnt want you calling
    # her". "my mom doesnt want calls on her landline" (no "you") tells of another phone.
    _Rule(
        "do not call me",
        re.compile(
            r"\b(?:doesnt|does not|dont|do not|didnt|did not)(?: really| ever)? (?:want|like)"
            r" (?:you|you guys|you people|your company|yall|anyone)"
            r" (?:calling|to call|ringing|to ring|phoning|contacting|to contact|bothering|to bother)"
            r" (?:her|him|them)\b"
        ),
    ),
    # "I told you not to call me", "I asked you people to stop calling".
    _Rule(
        "do not call me",
        re.compile(
            r"\b(?:told|asked|begged) (?:you|you people|you guys|your company|yall)(?: \w+){0,3}?"
            rf" (?:(?:not to|to stop|to never|never to) {_EN_CALL_VERB}|to stop$|to stop (?!by|at|in"
            # "I told you, don't call me".
            rf"|over)\w+|(?:dont|do not|never|stop) (?:ever )?(?:{_EN_CALL_VERB}|calling|ringing|phoning))"
        ),
        not_before=_EN_GUARD,
    ),
    # Round 14: the request passed on to us in the subjunctive, "the doctor has asked that you stop calling
    # this office", "my boss requests that you not call again" (as "my husband wants you to stop calling").
    # Not to someone else ("… asked that they stop calling"), not a denial ("i never asked that you …").
    _Rule(
        "do not call me",
        re.compile(
            r"\b(?:asked|asks|requested|requests|insisted|insists|demanded|demands|instructed|instructs|said)"
            r" that (?:you|yall|you guys|you people|your company|your office|your firm)(?: (?:please|kindly"
            r"|should|must|will|would))?"
            rf" (?:(?:not|never|no longer)(?: ever)? (?:{_EN_CALL_VERB}|be calling)"
            r"|(?:stop|cease|quit)(?! (?:by|at|in|over|taking|using|sending|being|the car)\b)|refrain"
            r"|(?:remove|delete|erase|take) (?:this|our|my|his|her|their|the)"
            r" (?:\w+ )?(?:number|numbers|details|name|info|information|data|office|line)"
            r"|(?:remove|delete|erase|take) (?:me|us|him|her|them)\b)"
        ),
        not_before=_EN_GUARD,
        # "… stop calling him names" (wait a word after the verb on a partial).
        not_after=re.compile(r"^(?:\w+ ){0,3}?(?:names?|nicknames?)\b"),
        wait_after=re.compile(r"(?:\w+ ){0,2}\w*"),
    ),
    _Rule(
        "do not call me",
        re.compile(
            r"\b(?:you|youre|you are) (?:shouldnt|should not|must not|mustnt|may not|are not to|not to"
            r"|better not"
            r"|cant|cannot|(?:are )?not (?:allowed|permitted|supposed|authorized|authorised) to)"
            rf"(?: ever)? {_EN_CALL_VERB}\b"
        ),
    ),
    # Wishing the calls away: "I'd rather you didn't call me anymore", "I'd appreciate it if you stopped
    # calling", "it would be great if you never called again".
    _Rule(
        "do not call me",
        re.compile(
            # Conditional only: "I'm glad you didn't call yesterday" reports the past.
            r"\b(?:rather|prefer(?: it)?(?: if)?|wish|(?:appreciate|like|love)(?: it)? if|(?:grateful|happier"
            r"|glad"
            r"|better|best|great|nice|good|appreciated|pleased|thankful|helpful) if) (?:you|you guys"
            r"|you people"
            r"|your company|yall|they|your people)(?: \w+)? (?:didnt|did not|wouldnt|would not|never"
            r"|no longer|not|dont|do not"
            r"|stopped|quit|would stop|would quit|could stop|can stop|will stop|stop)(?: ever)?"
            r" (?:call|called|calling|ring|rang|ringing|phone|phoned|phoning|contact|contacted|contacting"
            r"|bother|bothered|bothering|reach|reached)\b"
        ),
        not_before=_EN_GUARD,
    ),
    # Wanting not to be called: "I'd like to not get any more phone calls", "I want you to never call".
    _Rule(
        "do not call me",
        re.compile(
            r"\b(?:want|wanna|like|wish|prefer|need|ask|asking|request|requesting|hope|hoping|expect)"
            r"(?: (?:you|you guys|you people|your company|yall))? (?:to )?(?:not|no longer|never"
            r"|not ever)(?: to)?"
            rf" (?:(?:get|receive|be getting|be receiving|have|take|keep getting) {_EN_CALL_WORDS}{_EN_CALLS}"
            r"|hear from (?:you|your company|you people|you guys|yall))\b"
            r"|\b(?:want|wanna|like|wish|prefer|need|ask|asking|request|requesting|hope|hoping|expect|tell"
            r"|telling)"
            r" (?:you|you guys|you people|you folks|your company|yall) (?:to )?"
            r"(?:not|no longer|never|not ever)(?: to)?"
            r"(?: ever)? (?:call|ring|phone|contact|bother|dial|reach out)\b"
        ),
        not_before=_EN_GUARD,
    ),
    # Round 19: "never hear from you again" as the aim, "whatever button i press to never hear from you
    # again", "i just wanna never hear from you people again". Not feared or wondered ("i was scared to never
    # hear from you again after the order got lost").
    _Rule(
        "do not call me",
        re.compile(
            r"\b(?:to|wanna|want to|gonna|so i can|so we can|so i|so we|so that i|so that we|let me|let us)"
            r"(?: (?:just|finally|then|simply))? never (?:ever )?(?:have to )?hear from (?:you|your company"
            r"|you people|you guys|you folks|yall|you lot|your lot)(?: \w+)? (?:again|anymore|any more"
            r"|ever again)\b"
        ),
        not_before=re.compile(
            rf"{_EN_GUARD.pattern}|\b(?:thought|think|thinking|afraid|scared|worried|feared|figured|sad|weird"
            r"|strange|odd|surprised|shocked|used|seemed|seems|wondered|wondering)(?: \w+){0,4}$"
        ),
    ),
    # Not to be called: "this number is not to be called again", "I'd like to never be contacted".
    _Rule(
        "do not call me",
        re.compile(
            r"\b(?:not|never|no longer)(?: to| ever)? be (?:called|contacted|phoned|rung|dialed|dialled"
            r"|solicited|reached)\b"
        ),
        not_before=_EN_GUARD,
        # "I'm not to be called a liar", "will I not be called back?".
        not_after=re.compile(r"^(?:a|an|the|back|yet|by (?:my|his|her|their) \w*name)\b"),
        wait_after=re.compile(r"\w*|by|by \w*"),
    ),
    # Round 15: the number declared off limits, "consider this number off limits from now on", "my phone is
    # off limits to telemarketers", "treat me as out of bounds". Not a place or a topic ("the kitchen is off
    # limits"), not a question ("is this number off limits"), not negated.
    _Rule(
        "do not call me",
        re.compile(
            r"\b(?:consider|treat|mark|make|count|regard|put down|list) (?:me|us|(?:this|my|our"
            r"|the) (?:\w+ )?"
            r"(?:number|phone|line|cell|mobile|landline|household|house|home))(?: as)? (?:off limits"
            r"|out of bounds"
            r"|a no call zone|no go)\b"
            r"|\b(?:this|my|our) (?:\w+ )?(?:number|phone|line|cell|mobile|landline"
            r"|household)(?: number)? (?:is|s"
            r"|will be|should be|needs to be|has to be|must be)(?: now| officially| completely| totally"
            r"| strictly)?"
            r" (?:off limits|out of bounds|a no call zone)\b"
        ),
        not_before=re.compile(rf"{_EN_GUARD.pattern}|\b(?:is|isnt|was|wasnt|whether|if)$"),
        not_after=re.compile(r"^(?:for|to) (?:\w+ ){0,3}?(?:except|but|other than)\b|^(?:or|right)$"),
        wait_after=re.compile(r"(?:for|to)(?: \S+){0,4}|o|or|r|ri|rig|righ"),
    ),
    # Nobody calling: "make sure nobody from your company calls me again", "nobody should call this number".
    # "nobody calls me anymore" alone is a lament: a request (make sure, I want...) or a modal must frame it.
    _Rule(
        "do not call me",
        re.compile(
            r"\b(?:make sure|ensure|see to it|see that|make certain|i want|we want|i need|please|i expect"
            r"|i would like|id like|tell \w+(?: \w+)?)(?: that)? (?:nobody|no one|noone|none of you)"
            rf"(?: (?:\w+ ){{0,4}}?| ){_EN_NOBODY_CALLS}"
            r"|\b(?:nobody|no one|noone|none of you)(?: (?:from|at|in|with|of|working for) (?:\w+ ){1,3}?| )"
            r"(?:should|must|is to|are to|is ever to|better|had better|may|is allowed to|is supposed to"
            r"|needs to)"
            rf"(?: ever)? (?:{_EN_CALL_VERB}|bother)\b"
        ),
        not_before=_EN_GUARD,
        # "my daughter says nobody should call her after nine": someone else's phone.
        not_after=re.compile(r"^(?:her|him|them|his|their)\b"),
        wait_after=re.compile(r"h|he|hi|t|th|the|thei"),
    ),
    # Making sure: "make sure you don't call me again", "please make sure I don't get any more calls".
    _Rule(
        "do not call me",
        re.compile(
            r"\b(?:make sure|ensure|see to it|see that|make certain|guarantee|make it so)(?: that)?"
            r"(?: (?:you|you guys|you people|your company|yall|they|i|we|this number|my number|this phone)"
            r"(?: \w+)?)? (?:dont|do not|doesnt|does not|never|wont|will not|no longer|not|stop|stops|quit)"
            r"(?: (?:ever|again|even|try to|attempt to))?"
            rf" (?:{_EN_CALL_VERB}|calls|calling|called|contacted|be called|be contacted|bother"
            rf"|(?:get|receive) {_EN_CALL_WORDS}(?:calls|robocalls|called|contacted)|hear from you)\b"
        ),
        not_before=_EN_GUARD,
    ),
    # "please refrain from calling me".
    _Rule(
        "do not call me",
        re.compile(
            r"\brefrain (?:from )?(?:calling|contacting|phoning|ringing|texting|dialing|reaching out)\b"
        ),
        not_before=_EN_GUARD,
    ),
    # No consent to calls: "I do not consent to these calls", "you don't have my permission to call".
    _Rule(
        "i want to opt out",
        re.compile(
            r"\b(?:dont|do not|didnt|did not|never|no longer)(?: \w+)? (?:consent|agree|agreed)(?: to)?"
            r" (?:(?:these|the|your|any|being|receiving|getting|such|more|be|get) ){0,3}"
            r"(?:calls|robocalls|called|contacted|calling me|contacting me|you calling|telemarketing)\b"
            r"|\b(?:you|yall|your company|you people|you guys) (?:dont|do not|no longer) have (?:my |any "
            r"|our )?"
            r"(?:permission|consent|authorization|right) to\b"
            r"|\byou have no (?:permission|consent|right) to (?:call|contact|ring|phone|text)\b"
            r"|\b(?:i|we) (?:dont|do not|never|no longer|didnt|did not) (?:give|gave|grant|granted|give you"
            r"|grant you)"
            r"(?: you| your company| anyone)? (?:my |any |our )?(?:permission|consent)\b"
        ),
        not_before=re.compile(rf"(?:{_EN_THIRD_PARTY}|\b(?:never|didnt|did not|not) (?:said|say|saying)$)"),
    ),
    _Rule(
        "don't call me again",
        re.compile(
            # Round 15: also "dial", "never dial this number again".
            r"\b(?:never|never ever|dont ever|dont you ever|do not ever) (?:call|phone|ring|contact|dial)"
            # Round 16: the line or the phone named, "never ring this line again".
            r" (?:me |us |here |this number |my number |(?:this|my|our) (?:line|phone|landline|cell|mobile) "
            # Round 18: the household or the place named, "never ring our house again", "… the shop again".
            rf"|{_EN_PLACE} |{_EN_THEM} )?(?:ever )?again\b"
        ),
        # Round 18: not the speaker's own promise, "ill never ring this house again" (their own calls).
        not_before=re.compile(rf"{_EN_GUARD.pattern}|{_EN_OWN_PROMISE}"),
    ),
    _Rule(
        "don't call me again",
        re.compile(
            r"\bdont (?:you )?(?:dare|even think about|even think of) (?:call|calling|ring|ringing|contact"
            r"|contacting)\b"
        ),
    ),
    # Round 16: the emphatic "you" after don't, "dont you call me anymore", "do not you ring here again". Only
    # with "anymore", "again" or "no more" after: "why dont you call me tomorrow" invites a call, and so
    # does "why dont you call me again" ("why" before; also a question about calls that stopped).
    _Rule(
        "don't call me again",
        re.compile(
            rf"\b(?:dont|do not) you (?:ever |dare )?{_EN_CALL_VERB} (?:me |us |here |this number |this house"
            r" |this line )?(?:ever )?(?:again|anymore|any more|no more)\b"
        ),
        not_before=re.compile(
            rf"{_EN_REPORTING_SUBJECT.pattern}|{_EN_THIRD_PARTY}|\b(?:why|how come|maybe|perhaps)$"
        ),
        not_after=re.compile(r"^(?:next|tomorrow|later|sometime|some time|soon|in|on|at|after)\b"),
        wait_after=re.compile(r"\w*"),
    ),
    # A threat is a refusal: "if you call me again ...", "if you call this number one more time".
    _Rule(
        "don't call me again",
        re.compile(
            rf"\bif you (?:ever )?{_EN_CALL_VERB}(?: me| us| here| this number)?"
            r" (?:again|one more time|once more|anymore|any more)\b"
            # "if this number gets called one more time", "if I get one more call from you".
            r"|\bif (?:this number|my number|this phone|i|we|my phone) (?:ever )?(?:gets?|is|am|are)"
            r" (?:called|contacted|rung|dialed)(?: \w+){0,2}? (?:again|one more time|once more)\b"
            r"|\bif (?:this number|my phone|this phone|my cell|it) (?:ever )?rings? (?:again|one more time"
            r"|once more)\b"
            r"|\bif (?:i|we|this number) (?:ever )?(?:get|gets|receive|receives) (?:one more|another"
            r"|any more)"
            r" (?:\w+ )?(?:call|calls|robocall)\b"
        ),
        # "I don't mind if you call me again", "it's fine if you call again next week".
        not_before=re.compile(
            r"\b(?:mind|fine|ok|okay|alright|all right|good|great|happy|glad|welcome|free|better|nice|prefer"
            r"|appreciate it|like it|problem)$"
        ),
        not_after=re.compile(r"^(?:tomorrow|later|next|on|at|in|after|around|before|when|this)\b"),
        wait_after=re.compile(r"\w*"),
    ),
    # "call me again and I'll report you", "one more call and I'm calling the police": a threat in other
    # words. "call me again tomorrow and I'll have the details" is an invitation: a punishment must follow.
    _Rule(
        "don't call me again",
        re.compile(
            rf"\b(?:{_EN_CALL_VERB}|bother) (?:(?:me|us|here|this number|this house|this phone) )?(?:again"
            r"|one more time|once more|ever again)(?: \w+){0,2}?"
            rf" and {_EN_PUNISHMENT}"
            r"|\bone more (?:call|robocall|time)(?: from (?:you|your company|you people|you guys|yall))? and"
            rf" {_EN_PUNISHMENT}"
            # "keep calling and I'm going to the attorney general".
            r"|\b(?:keep|carry on|go on|continue)(?: on)?"
            r" (?:calling|ringing|phoning|bothering|texting|harassing)"
            r"(?: (?:me|us|here|this number|this house|this phone|my phone))?(?: like this)?"
            rf" and {_EN_PUNISHMENT}"
        ),
        not_before=_EN_GUARD,
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
            # "not" alone: non-native grammar drops the auxiliary ("i am not wish receive the call").
            # Only after the speaker: "did you not want the calls" asks.
            r"\b(?:dont|do not|never|no longer|wouldnt|would not"
            r"|(?:(?<=\bi )|(?<=\bam )|(?<=\bwe )|(?<=\bme )|(?<=\bplease ))not)(?: really| ever| even)?"
            r" (?:want|wanna|need|wish|like)"
            r"(?: (?:(?:to )?(?:get|receive|have|take|keep getting|be getting|be receiving) )?"
            rf"{_EN_CALL_WORDS}{_EN_CALLS}\b"
            r"| (?:any|further|more|additional) (?:more )?(?:\w+ )?contact\b(?! (?:lens|lenses|info"
            r"|information"
            r"|details|number|form))"
            r"| (?:you|you people|you guys|your company|anyone|anybody|someone|people|yall|you all|ya|u)"
            r"(?: (?:from|at|in|with|of) (?:\w+ ){1,3}?| )(?:to )?(?:ever )?(?:call|calling"
            r"|ring|ringing|phone|phoning|contact|contacting|bother|bothering)\b"
            r"| to (?:be|get) (?:called|contacted|phoned|rung|bothered|disturbed|solicited)\b"
            rf"| to be on (?:\w+ ){{0,3}}?{_EN_LIST}\b"
            r"| (?:to )?(?:ever )?hear from (?:you|your company|you people|you guys|you folks|yall)\b)"
        ),
        not_before=re.compile(
            rf"(?:{_EN_THIRD_PARTY}|\b(?:never|didnt|did not|not) (?:said|say|saying)"
            r"(?: that)?(?: i| we)?$)"
        ),
        # "I don't want the calls to stop" wants them. "… before friday": a day limit.
        not_after=re.compile(rf"^to (?:stop|end|cease|go away|be cancelled|be canceled)\b|{_EN_CLOCK_LIMIT}"),
        wait_after=re.compile(
            rf"to(?: \w*)?|to (?:go|be) \w*|{_EN_MAYBE_CLOCK_LIMIT}|(?:on|during|over|in)(?: \w*){{0,2}}"
        ),
    ),
    # Round 18: the line's owner reported not wanting "you" to call, "my dad doesnt want you phoning the
    # house anymore": a request to us passed on (Decisions, as "my husband wants you to stop calling"). Not
    # asked about ("why doesnt she want you calling"), nor a time limit ("… before noon").
    _Rule(
        "i don't want any more calls",
        re.compile(
            r"\b(?:doesnt|does not)(?: really| even| ever)? (?:want|like) (?:you|you people|you guys"
            r"|your company|yall|anyone|anybody)(?: to)?(?: ever)? (?:call|calling|ring|ringing|phone|phoning"
            r"|contact|contacting)\b"
        ),
        not_before=re.compile(r"\b(?:why|how come|if|whether|does|maybe|perhaps)(?: \w+){0,3}$"),
        not_after=re.compile(_EN_CLOCK_LIMIT),
        wait_after=re.compile(_EN_MAYBE_CLOCK_LIMIT),
    ),
    # Round 20: our reminder or follow-up calls no longer wanted, "i dont want the reminder calls anymore",
    # "we no longer need your appointment reminder calls" (Decisions, as Chinese 提醒电话不需要了, round 19).
    # Only as a change, with anymore or no longer: "i dont need a reminder call for friday" declines one call.
    # Not asked or supposed ("if you dont want the reminder calls anymore press two").
    _Rule(
        "i don't want any more calls",
        re.compile(
            r"\b(?:(?:dont|do not)(?: really| even)? (?:want|need)(?P<change> )|no longer (?:want|need) )"
            r"(?:the |these |those |your |any |any of the |all the |all these |my |our )?"
            rf"(?:{_EN_CALL_KIND} ){{1,2}}(?:calls|phone calls|call reminders|phone reminders|reminders)"
            r"(?(change)(?: from you| from yall| from your company)? (?:anymore|any more)\b|\b)"
        ),
        not_before=re.compile(rf"{_EN_THIRD_PARTY}|\b(?:if|whether|why|how come|you|yall|when|unless)$"),
        # "… anymore to stop": the calls kept; "… anymore at seven make it nine": moved.
        not_after=re.compile(rf"^(?:to (?:stop|end)|at|on|for (?:the|this|that|next))\b|{_EN_CLOCK_LIMIT}"),
        wait_after=re.compile(rf"to(?: \w*)?|{_EN_MAYBE_CLOCK_LIMIT}|(?:at|on|for)(?: \w*)?"),
    ),
    _Rule(
        "i don't want any more calls",
        re.compile(
            r"\b(?:rather|prefer) not (?:to )?(?:(?:get|receive|have|take|be getting|be receiving) "
            rf"{_EN_CALL_WORDS}{_EN_CALLS}|be (?:called|contacted|phoned|rung|solicited|bothered|disturbed"
            rf"|pestered"
            r"|harassed)"
            r"|hear from (?:you|your company|you people|you guys|yall))\b"
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
            # Round 16: "robot", "automated", "recorded", "spam", "junk" calls too.
            r"\b(?:no more|no further) (?:(?:phone|sales|marketing|robo|robot|automated|recorded|spam|junk"
            r"|telemarketing|of these|of your|these|your) ){0,4}"
            # Non-native singular, at the end: "i not interest please no more call".
            r"(?:calls|calling|robocalls)\b|\bno more call(?:$| (?=please|thank|ok|okay|again))"
        ),
    ),
    # "no calls please", said as a request on its own.
    _Rule(
        "i don't want any more calls",
        re.compile(
            r"^(?:(?:please|just|ok|okay|uh|um|so|no|look) ){0,6}no (?:(?:sales|phone|solicitation|marketing"
            r"|robo|telemarketing|more) ){0,4}(?:calls|robocalls|solicitations?|soliciting)"
            r"(?: (?:please|thanks|thank you|ever|again|at all|anymore|from you)){0,4}$"
        ),
    ),
    # Learners' English: "i no want more call", "me no like you calling", "please no call again". "no, call
    # again later" (normalised "no call again later") invites a call.
    _Rule(
        "i don't want any more calls",
        re.compile(
            r"\b(?:i|me|we|us) no (?:want|wanna|like|need)(?: (?:more|any|you|u|yall|your|this|these|sales"
            r"|phone|to|get|receive|the|again)){0,4} (?:calls?|calling|ringing|phoning|phone calls?)\b"
            # "please not calling me any more".
            r"|\b(?:no|(?:please|pls|plz) not) (?:call|calling|ring|ringing|phone|phoning|contact)"
            r"(?: (?:me|us|here|this number))?"
            # Round 16: "ok" after "no more" is taken in, "you no call this number no more ok" ("no, call
            # again ok" stays an invitation: only "again" leaves it to the guard).
            r" (?:again|(?:anymore|any more|no more)(?: ok| okay)?)\b"
            # Round 20: "no more call" + whom or where, "please no more call to my number", "no more ringing
            # this house" (as "no more calls to my number").
            r"|\bno more (?:call|calling|ring|ringing|phone|phoning)(?: to)? (?:me|us|my number|my phone"
            r"|my house|this number|this phone|this house|here)\b"
        ),
        not_before=re.compile(rf"{_EN_THIRD_PARTY}|\b(?:not|never|didnt|dont) (?:said|say)$"),
        not_after=re.compile(
            r"^(?:later|tomorrow|next|on|at|in|after|around|before|when|tonight|soon|this|then|monday|tuesday"
            r"|wednesday|thursday|friday|saturday|sunday|please call"
            # Round 19: "ok" then the refusal said again is no invitation, "no call again okay no call"
            # ("no call again ok no problem" stays one).
            r"|(?:ok|okay)(?! (?:please )?(?:no|never) (?:more )?(?:call|calls|calling|ring|ringing|phone"
            r"|phoning)\b))\b"
        ),
        wait_after=re.compile(r"\w*|please \w*|please"),
    ),
    # "we've told you before no calls", "I said no calls".
    _Rule(
        "i don't want any more calls",
        re.compile(
            r"\b(?:told you|told your company|told yall|said|asked for|requested|asked)(?: \w+){0,3}? no"
            r" (?:more |further |sales |phone ){0,4}(?:calls|calling|robocalls)\b"
        ),
        not_before=re.compile(rf"(?:{_EN_THIRD_PARTY}|{_EN_NEGATION})"),
    ),
    # "how did you get this number anyway, delete it": "it" is the number named before.
    _Rule(
        "remove me from your list",
        re.compile(
            # Round 16: or the line, named as this or my line ("this line belongs to my kid so remove it";
            # not "a line in my contract").
            r"\b(?:number|numbers|details|info|information|data|name|contact|(?<=this )line|(?<=my )line"
            r"|(?<=our )line)\b(?: \w+){0,8}?"
            r" (?<!dont )(?<!do not )(?<!not )(?<!never )(?:delete|remove|erase|wipe|scrub|purge|get rid of"
            r"|lose)"
            r" (?:it|that|them)\b"
        ),
        not_before=_EN_GUARD,
    ),
    # -- remove my number or my data
    # The answer to the opening's offer: "yes the removal thing do that", "yeah the removal option". Not "the
    # removal men", "yes the snow removal is booked".
    _Rule(
        "take me off your list",
        re.compile(
            r"\b(?:yes|yeah|yep|yup|ok|okay|sure|please|i want|id like|i would like|give me|do)(?: please)?"
            r"(?: (?:the|that|your))? removal\b(?! (?:men|man|van|vans|company|companies|firm|truck|crew|guys"
            r"|people|date|day|of|service|services|team|cost|costs|fee|fees|quote|guy|business))"
            r"|\b(?:the|that|your) removal (?:thing|option|bit|offer|part|one)\b"
        ),
        not_before=_EN_GUARD,
    ),
    # Blocking my number on your side: "block this number in your dialer", "blacklist me in your system".
    # Blocking on my own phone ("how do I block this number on my phone") names no list of yours.
    _Rule(
        "take me off your list",
        re.compile(
            rf"\b(?:block|blacklist|ban|bar|flag|suppress) {_EN_ME} (?:in|on|from|within|across)"
            r" (?:\w+ ){0,3}?"
            rf"{_EN_LIST}\b"
        ),
        not_before=_EN_GUARD,
    ),
    # "never ring it again" after the number was named: "block this number and never ring it again". "I'll
    # never call it again" is the caller's own calls, "never call it a scam again" a name.
    _Rule(
        "don't call me again",
        re.compile(r"\bnever (?:call|ring|dial|phone|text|contact) (?:it|that|that one|this one) again\b"),
        not_before=re.compile(
            r"^(?!.*\b(?:number|line|phone|landline|cell|mobile|numbers)\b)|\b(?:i|we|ill|well|id|wed|will"
            r"|would|they|he|she|gonna|going to|can|could|you said|to)(?: \w+)?$"
        ),
    ),
    _Rule(
        "take me off your list",
        re.compile(
            # "take me of your list": the recogniser's "of" for "off", before a list.
            # Round 15: "bin me off your list" (British slang for throwing away).
            rf"\b(?:take|get|cross|scratch|strike|drop|knock|pull|leave|keep|cancel|clear"
            rf"|bin) {_EN_ME} (?:off"
            rf"|out of|from|of)"
            rf" (?:\w+ ){{0,4}}?{_EN_LIST}\b"
        ),
        not_before=_EN_GUARD,
    ),
    # Round 20: what takes me off, asked or told, "press whatever button takes me off your list", "which
    # option removes us from the calling list" (as "how do i get off your list"). Only a button, a key, an
    # option or a number as the subject: "my boss takes me off the rota list" is someone else.
    _Rule(
        "take me off your list",
        re.compile(
            r"\b(?:button|buttons|key|keys|option|options|number|digit|one|whatever|which|what|thing|setting)"
            r" (?:that |which |will |would |should |that will |that would )?(?:takes|take|gets|get|removes"
            rf"|remove|puts|put|unsubscribes|unsubscribe) {_EN_ME} (?:off|out of|from|of|on)(?: \w+){{0,3}}?"
            rf" {_EN_LIST}\b"
        ),
        not_before=_EN_GUARD,
    ),
    # The particle first: "please take off my number", "cross off my name from your list". Only my number or
    # data: "take off my jacket" is something else.
    _Rule(
        "take me off your list",
        re.compile(
            rf"\b(?:take|cross|scratch|strike|knock|wipe|rub) off (?:my|this|our) (?:\w+ )?{_EN_DATA}\b"
        ),
        not_before=_EN_GUARD,
    ),
    # "just take me off", said at the end: "take me off speaker" and "take me off hold" name something else.
    _Rule(
        "take me off your list",
        re.compile(
            rf"\b(?:take|get|cross|scratch|strike|drop|knock|pull|leave|keep) {_EN_ME} off(?: of)?(?: (?:it"
            rf"|that|this"
            # Round 16: "… while youre at it", "… for good".
            r"|there|please|now|already|thanks|thank you|right now|ok|okay|while youre at it"
            r"|while you are at it|for good)){0,4}"
            # Cut off before the list: "just take me off the". Or a new clause after it: "take this number
            # off please its my business line".
            r"(?:(?: (?:the|your|ur|yer|of))?$| (?=(?:its|it is|im|i am|this is|thats|that is|because|cause"
            r"|since|and|i|we|my)\b))"
        ),
        not_before=_EN_GUARD,
    ),
    _Rule(
        "take me off your list",
        re.compile(
            rf"\b(?:want (?:to be |{_EN_ME} )?(?:off|out of|taken off|removed from)|get off|be off|stay off"
            r"|come off) (?:\w+ ){0,3}?"
            rf"{_EN_LIST}\b"
        ),
        not_before=_EN_GUARD,
    ),
    _Rule(
        "remove me from your list",
        re.compile(
            rf"\b(?:remove|delete|erase|wipe|purge|scrub|destroy|get rid of|throw away|throw out"
            rf"|shred)(?: out)?"
            rf" (?:all (?:of )?)?{_EN_ME}\b(?! (?:from|off) {_EN_OTHER_GROUP})"
            # "erase all records of me", "delete any data you have on me".
            r"|\b(?:remove|delete|erase|wipe|purge|scrub|destroy|get rid of|shred)(?: (?:all|any|every))?"
            # Round 19: "all the personal data you hold on me", "any of the info that your company keeps".
            r"(?: of)?(?: (?:the|that|those|this))?(?: \w+)? (?:records?|data|info|information|details|trace"
            r"|traces|files?)"
            r"(?:(?: that| which)? (?:you|yall|you guys|you people|your company|you lot)"
            r" (?:have|has|hold|holds|keep|keeps|store|stores|stored|collected|got|have got|ve got"
            r"|are holding|are keeping))?"
            r" (?:of|about|on|for) (?:me|us|this number|my number)\b"
        ),
        # Round 19: not asked about when or whether it happens, "how long before you delete the data you
        # hold on me", "do you delete …".
        not_before=re.compile(
            rf"{_EN_GUARD.pattern}|{_EN_PAST_QUESTION}|\b(?:when|how long|how soon|how often)(?: \w+){{0,4}}$"
            r"|\b(?:do|does) (?:you|yall|you guys|you people|your company|they)(?: \w+)?$"
        ),
        # "remove me from the ..." may still become "... from the group chat".
        wait_after=re.compile(r"(?:from|off)(?: (?:the|this|that|my|our|his|her|their)(?: \w*){0,3})?"),
    ),
    # For the owner of the line: "my wife passed away, please remove her details". Not "from the account".
    _Rule(
        "remove me from your list",
        re.compile(
            r"\b(?:remove|delete|erase|wipe|purge|scrub|destroy|get rid of)(?: all)? (?:his|her|their)"
            r" (?:\w+ )?(?:number|numbers|details|info|information|data|records)\b"
            rf"(?! (?:from|off) {_EN_OTHER_GROUP})"
        ),
        not_before=_EN_GUARD,
        wait_after=re.compile(r"(?:from|off)(?: (?:the|this|that|my|our|his|her|their)(?: \w*){0,3})?"),
    ),
    # Round 8: the same with the particle verbs, "take his number off your list", "get her details out of
    # your system", "cross their name off the calling list". Only to a list of ours: "take his name off
    # the lease" is something else.
    _Rule(
        "take me off your list",
        re.compile(
            r"\b(?:take|get|cross|scratch|strike|drop|knock|pull|keep|cancel|clear) (?:his|her|their)"
            rf" (?:\w+ )?(?:{_EN_DATA}|names) (?:off|out of|from|of) (?:\w+ ){{0,4}}?{_EN_LIST}\b"
            rf"|\b(?:take|cross|scratch|strike|knock) off (?:his|her|their) (?:\w+ )?(?:{_EN_DATA}|names)\b"
            # Round 13: their number taken off, said at the end: "my mom cant handle these calls so take her
            # number off please" ("take his name off" alone may be a lease).
            r"|\b(?:take|get|cross|strike|knock) (?:his|her|their) (?:phone |cell "
            r"|home )?number off(?: (?:please"
            r"|now|right now|thanks|thank you|ok|okay|too|as well)){0,3}$"
        ),
        not_before=_EN_GUARD,
    ),
    # Round 13: counted out, "count me out of any future calls"; a note not to call, "could you make a note
    # not to call this number in future", "flag my account so you dont call me". Not a clock or a day limit.
    _Rule(
        "take me off your list",
        re.compile(
            r"\bcount (?:me|us|this number|my number) out (?:of|from) (?:all |any |your |the |these |those "
            r"|future"
            r" |further |more )*(?:\w+ )?(?:calls|calling|contact|robocalls|phone calls|lists?|campaigns?)\b"
            r"|\b(?:make a note|note(?: it)?(?: down)?|put a note(?: (?:on|in) (?:my|the) (?:file|account"
            r"|record))?"
            r"|mark (?:it|this number|my number|my account|my file|me) down|flag (?:it|this number|my number"
            r"|my account"
            r"|my file|me)|write (?:it )?down)(?: (?:on|in) (?:my|the|your) (?:file|account|system"
            r"|records?))?"
            r" (?:not to|to not|never to|that you (?:should|must|will|are to) not|that you shouldnt"
            r"|so you dont"
            r"|so that you dont|that nobody should|that no one should) (?:ever )?(?:call|contact|ring|phone"
            r"|dial"
            r"|text)\b"
        ),
        not_before=_EN_GUARD,
        not_after=re.compile(
            r"^(?:\w+ ){0,3}?(?:before|after|until|till|between|on weekends|on sundays|on saturdays|at night"
            r" before|during the day)\b"
        ),
        wait_after=re.compile(r"(?:\S+ ){0,3}\S*"),
    ),
    # After a sentence about the calls: "your company keeps calling me, I want it to stop", "this is the
    # tenth call this week, I'm reporting it". Without the calls, "I want it to stop" is about anything.
    _Rule(
        "stop calling me",
        re.compile(
            r"\b(?:want|need|would like|wish|like)(?: for)? (?:it|this|them|that|this all)"
            r" to (?:stop|end|cease)\b"
            r"|\bmake (?:it|this|them) stop\b"
        ),
        not_before=_EN_NO_CALL_HERE_BEFORE,
    ),
    _Rule(
        "i'll report you",
        re.compile(
            r"\b(?:im|i am|ill|i will|im going to|im gonna|i am going to|i shall|i)(?: \w+)? report(?:ing)?"
            r"(?: (?:it|this|that|them|this one|you all))?$"
        ),
        not_before=_EN_NO_CALL_HERE_BEFORE,
    ),
    # "kindly cease and desist". "my neighbour sent me a cease and desist letter" is about something else.
    _Rule(
        "stop calling me",
        re.compile(r"\bcease and desist\b"),
        not_before=re.compile(
            rf"{_EN_GUARD.pattern}|\b(?:got|received|sent|get|receive|send|wrote|write|drafted|draft|served)"
            r"(?: me| him| her| them| us)? (?:a|an|the|his|her|their)$"
        ),
    ),
    # This phone does not want them: "this number doesn't want telemarketers", "this household does not
    # accept sales calls". Not someone else's: "my mom doesn't want calls on her landline".
    _Rule(
        "i don't want any more calls",
        re.compile(
            r"\b(?:this|my|our) (?:number|line|phone|house|household|home|family|cell|landline|mobile)"
            r" (?:doesnt|does not|will not|wont|no longer|do not|dont) (?:want|need|accept|take|welcome)"
            r" (?:any |these |your |such |more )?(?:\w+ )?(?:calls|robocalls|telemarketers|telemarketing"
            r"|solicitors|solicitations|salespeople|sales people|cold callers|robocallers|marketing)\b"
        ),
        not_before=_EN_GUARD,
    ),
    # A threat about the calls going on: "if this continues I'm contacting the authorities".
    _Rule(
        "don't call me again",
        re.compile(
            r"\bif (?:this|it|these calls|the calls|this calling|the calling|this harassment)(?: \w+)?"
            r" (?:continues|continue|keeps (?:on|happening|up)|happens again|carries on|goes on|doesnt stop"
            r"|does not stop|persists|keeps going)"
            rf"(?: \w+){{0,2}}? {_EN_PUNISHMENT}"
        ),
        not_before=_EN_GUARD,
    ),
    # Leaving the list: "I'd like to leave your calling list". "Leave the file on my desk" is not one.
    _Rule(
        "take me off your list",
        re.compile(
            r"\b(?:leave|exit|quit|get out of|drop out of|come off|be out of|withdraw from)"
            r" (?:your|(?:the|this) (?:calling|call|contact|phone|dialing|dialling|marketing|telemarketing"
            r"|sales|robocall))"
            r" (?:\w+ ){0,2}?(?:list|lists|database|registry|dialer|system)\b"
        ),
        not_before=_EN_GUARD,
    ),
    # For the owner of the line: "take my late wife off your calling list", "please remove my father from
    # your list". Someone's own list ("take her off the guest list") is not ours: "your" or a calling list.
    _Rule(
        "take me off your list",
        re.compile(
            r"\b(?:take|get|cross|scratch|strike|drop|knock|pull|keep|remove|delete|erase|scrub)"
            rf" {_EN_THEM}s?(?: (?:name|number|details))? (?:off|out of|from) (?:your|(?:the|this)"
            r" (?:calling|call|contact|phone|dialing|dialling|marketing|telemarketing|sales|robocall))"
            rf" (?:\w+ ){{0,2}}?{_EN_LIST}\b"
        ),
        not_before=_EN_GUARD,
    ),
    # "I want it off your list", "we need this number off the call list".
    _Rule(
        "remove me from your list",
        re.compile(
            rf"\b(?:want|need|wanna|would like|d like) (?:it|this|that|{_EN_ME}) (?:off|out of) (?:your|the)"
            rf" (?:\w+ ){{0,2}}?{_EN_LIST}\b"
        ),
        not_before=_EN_GUARD,
    ),
    # "I want my data deleted", "have my number taken off your list".
    _Rule(
        "remove me from your list",
        re.compile(
            # Not an event: "my old number got deleted when I switched carriers".
            rf"\b(?:my|our|this) (?:\w+ )?{_EN_DATA} (?:(?!got |was |were |is |has |had |already )\w+ )?"
            r"(?:removed|deleted|erased|wiped|purged"
            r"|taken off|taken out)\b"
        ),
        not_before=_EN_GUARD,
    ),
    _Rule(
        "remove me from your list",
        re.compile(
            r"\b(?:be|being|get|getting) (?:removed|taken off|taken out|deleted|erased|scrubbed|left off"
            r"|kept off"
            r"|struck off|crossed off)\b"
        ),
        not_before=_EN_GUARD,
    ),
    _Rule(
        "remove me from your list",
        re.compile(
            r"\b(?:lose|forget|bin|ditch|scrap|trash|toss|chuck|dump|shred|burn|junk|throw away|throw out"
            r"|forget about|get rid of) (?:all )?(?:my|this|our|these) (?:\w+ ){0,2}?"
            r"(?:number|numbers|details|info|information|data|contact|records|digits)\b"
            r"|\b(?:throw|chuck|toss|put|stick|bin|dump) (?:my|this|our) (?:\w+ ){0,2}?"
            r"(?:number|numbers|details|info|information|data) (?:away|out|in the (?:bin|trash|rubbish"
            r"|garbage))\b"
            r"|\bforget (?:that )?(?:you|yall|you guys|you people|your company) (?:ever )?"
            r"(?:had|got|have|saw|knew) (?:my|this|our) (?:\w+ )?(?:number|details)\b"
        ),
        # "I always lose my phone number", "did you lose my number?", "in case you lose my number".
        not_before=re.compile(
            r"\b(?:i|we|he|she|they|might|may|could|always|will|ill|youll|sometimes|often|would|gonna"
            r"|going to|(?:if|when|whenever|in case|so) (?:you|i|we))$"
            rf"|{_EN_NEGATION}|{_EN_PAST_QUESTION}"
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
            r"\b(?:(?:do not|dont|no) (?:call|contact)|dnc) (?:list|lists|registry|register|number|phone|line"
            r"|household|home|request|status|preference)\b"
            r"|\bas (?:a )?(?:do not|dont|no) (?:call|contact)\b"
        ),
        # "my neighbour put himself on the do not call list", "she registered her own number on it".
        # Round 8: a past listing, "i used to be on the do not call list".
        # Round 15: a listing refused, "so dont put me on any do not call list", "please never add this number
        # to the do not call registry" (the request negated; "why dont you put me on it" counts: "you").
        not_before=re.compile(
            rf"{_EN_OWN_LISTING.pattern}|{_EN_PAST_LISTING}"
            rf"|\b{_EN_IF_YOU}(?:dont|do not|never|please dont|please do not|please never) (?:ever )?(?:put"
            rf"|add"
            r"|place|sign|register|list|enter|include|stick|sign up) (?:me|us|(?:my|this|our) (?:\w+ )?"
            r"(?:number|phone|line|name))(?: up)? (?:on|to|in|onto|into|for|with) (?:the|any|your|a|that"
            r"|some)$"
        ),
        # Round 8: the listing lifted ("… but i signed up again") or calls from us allowed ("… but you
        # can keep calling about my pharmacy").
        not_after=_EN_LISTING_LIFTED,
        not_within=re.compile(rf"{_EN_WHAT_LISTING.pattern}|{_EN_SOMEONE_ASKS_HOW}"),
        # On a partial, wait: a few words later may lift it.
        wait_after=re.compile(r"(?:\S+ ){0,14}\S*"),
    ),
    # Your block list: "add my number to the block list in your system", "put us on your blacklist". Not
    # "I put him on my block list".
    _Rule(
        "put me on your do not call list",
        re.compile(
            rf"\b(?:add|put|place|stick|include|enter|list) {_EN_ME} (?:on|to|in|onto|into)"
            r" (?:your|the|yer|ur) (?:\w+ )?(?:block|black|blocked|blocking|suppression|exclusion) ?list\b"
        ),
        not_before=_EN_GUARD,
    ),
    # A request fires at once, on a partial too ("I want to opt out of ..."). A plan ("remind me to
    # unsubscribe", "I need to opt out") may be about another service ("... from that gym newsletter
    # later"): the rule below, which waits for it.
    # Round 9: not after a mistake, a click told of, or an undo ("i accidentally clicked unsubscribe",
    # "cancel my unsubscribe"); not when paper is switched for email. A partial waits while "from …" may
    # still name paper.
    _Rule(
        "unsubscribe",
        re.compile(r"\bunsubscrib(?!ed\b)\w*"),
        # Round 12: "i unsubscribe" told is the rule after this one.
        not_before=re.compile(
            rf"{_EN_DONE_GUARD.pattern}|{_EN_PLAN}|{_EN_MISTAKE_BEFORE}|{_EN_CLICKED}|{_EN_UNDO_BEFORE}"
            rf"|{_EN_PAPER_SWITCH_BEFORE}|{_EN_OTHER_COMPANY_BEFORE}|\b(?:i|we)(?: just| already| also)?$"
        ),
        not_after=re.compile(
            rf"{_EN_PAPER_SWITCH.pattern}|{_EN_KIN_ELSEWHERE}|{_EN_OTHER_COMPANY_AFTER}|{_EN_PRINT_SUBSCRIPTION}"
            rf"|{_EN_STREAMING_AFTER}"
        ),
        not_within=_EN_SERVICE_QUESTION,
        wait_after=re.compile(rf"{_EN_MAYBE_PAPER.pattern}|{_EN_MAYBE_KIN_ELSEWHERE}|{_EN_MAYBE_SERVICE}"),
    ),
    # Round 12: "i unsubscribe from …" told (the recogniser drops the "d" of "unsubscribed" before "from"):
    # it counts, like the request, unless the calls are still wanted after it ("i unsubscribe from your emails
    # but phone calls are fine"). A partial waits until the calls are named or the words run on.
    _Rule(
        "unsubscribe",
        re.compile(r"\b(?:i|we)(?: just| already| also)? unsubscrib(?!ed\b)\w*"),
        not_before=re.compile(
            rf"{_EN_DONE_GUARD.pattern}|{_EN_PLAN}|{_EN_MISTAKE_BEFORE}|{_EN_UNDO_BEFORE}"
            rf"|{_EN_PAPER_SWITCH_BEFORE}|{_EN_OTHER_COMPANY_BEFORE}"
        ),
        not_after=re.compile(
            rf"{_EN_PAPER_SWITCH.pattern}|{_EN_KIN_ELSEWHERE}|{_EN_OTHER_COMPANY_AFTER}|{_EN_PRINT_SUBSCRIPTION}"
            rf"|{_EN_STREAMING_AFTER}"
        ),
        not_within=re.compile(rf"{_EN_SERVICE_QUESTION.pattern}|{_EN_TOLD_UNSUBSCRIBE_STILL_WANT.pattern}"),
        wait_after=re.compile(
            rf"{_EN_MAYBE_PAPER.pattern}|{_EN_MAYBE_KIN_ELSEWHERE}|{_EN_MAYBE_SERVICE}"
            r"|(?:from|of|to)(?: (?!(?:calls?|calling|phone|phoning|ringing|robocalls)\b)\S+){0,4}"
            r"(?: (?:but|though|although)(?: \S+){0,5})?"
        ),
    ),
    _Rule(
        "i want to opt out",
        re.compile(r"\b(?:opt(?:ing)?(?: me| us| myself| this number| my number| our number)? out|optout)\b"),
        not_before=re.compile(
            rf"{_EN_DONE_GUARD.pattern}|{_EN_PLAN}|{_EN_MISTAKE_BEFORE}|{_EN_CLICKED}|{_EN_UNDO_BEFORE}"
            rf"|{_EN_PAPER_SWITCH_BEFORE}|{_EN_OTHER_COMPANY_BEFORE}"
        ),
        not_after=re.compile(
            rf"{_EN_PAPER_SWITCH.pattern}|{_EN_OTHER_COMPANY_AFTER}|{_EN_PRINT_SUBSCRIPTION}|{_EN_STREAMING_AFTER}"
        ),
        not_within=_EN_SERVICE_QUESTION,
        wait_after=re.compile(rf"{_EN_MAYBE_PAPER.pattern}|{_EN_MAYBE_SERVICE}"),
    ),
    # Round 9: a click told of, "i clicked unsubscribe and you still call me", decided like what was done
    # (below): not by mistake or to be undone ("i clicked unsubscribe on your newsletter by mistake how do i
    # sign back up"). A partial waits for the final result.
    _Rule(
        "unsubscribe",
        re.compile(
            r"\b(?:clicked|hit|pressed|tapped|touched|selected|chose)(?: on)?"
            r"(?: (?:the|that|your|an|a|this))? (?:unsubscrib\w*|opt out)\b"
        ),
        not_before=re.compile(rf"{_EN_DONE_GUARD.pattern}|{_EN_MISTAKE_BEFORE}"),
        not_after=_EN_UNDONE_AFTER,
        not_within=_EN_DONE_ELSEWHERE,
        wait_after=re.compile(r"(?:\S+ ){0,14}\S*"),
    ),
    _Rule(
        "unsubscribe",
        re.compile(
            rf"{_EN_PLAN[:-1]} (?:unsubscrib(?!ed\b)\w*|opt(?:ing)?(?: me| us| myself| this number| my number"
            r"| our number)? out)\b"
        ),
        not_before=_EN_DONE_GUARD,
        not_within=_EN_ELSEWHERE_LATER,
        # "... from your calls" is decided: only another service's name is waited for.
        wait_after=re.compile(r"(?:\w+ )?(?:from|of|to)\b(?! (?:you|your|yours|this|these|all|any)\b).*|\w+"),
    ),
    # Done already: "I already unsubscribed", "I opted out last year". A partial waits while it may still
    # name another service ("... from that gym newsletter").
    _Rule(
        "unsubscribe",
        re.compile(r"\b(?:unsubscribed|opted(?: me| us| myself| this number| my number| our number)? out)\b"),
        # Round 9: not by mistake or to be undone ("i unsubscribed from your emails by mistake can you sign
        # me back up", "i accidentally opted out").
        not_before=re.compile(rf"{_EN_DONE_GUARD.pattern}|{_EN_MISTAKE_BEFORE}"),
        not_after=_EN_UNDONE_AFTER,
        not_within=_EN_DONE_ELSEWHERE,
        # Round 9: also while a mistake or an undo may still come, until the calls are named ("i already
        # unsubscribed why are you calling" fires at once).
        wait_after=re.compile(
            rf"{_EN_MAYBE_ELSEWHERE.pattern}"
            r"|(?!.*\b(?:call|calls|calling|called|ringing|phoning|ring|rang)\b)(?:\S+ ){0,8}\S*"
        ),
    ),
    _Rule(
        "i want to opt out",
        re.compile(
            r"\b(?:withdraw|withdrawing|withdrew|revoke|revoking|revoked|retract|retracting|take back"
            r"|taking back|cancel|cancelling|canceling|rescind|rescinding|pull|pulling)"
            # Round 9: "cancel whatever consent i gave you".
            r" (?:my |our |all |any |the |whatever |whichever |every |that |this |such )?"
            r"(?:consent|permission|authorization)\b"
        ),
        not_before=_EN_GUARD,
    ),
    # Round 10: a list of channels, each refused: "dont call dont text dont email nothing", "no calls no
    # texts", "dont text me or call me". Not advice ("dont call dont text while driving"), a clock limit, or a
    # rule told to someone else ("i tell my kids dont call dont text in class").
    _Rule(
        "do not call me",
        re.compile(
            r"\b(?:dont|do not|no|never) (?:call|calls|calling|ring|ringing|phone|phoning|phone calls)"
            r"(?: me| us)?"
            r"(?: (?:and|or|nor|also))? (?:dont|do not|no|never) (?:text|texts|texting|email|emails|e mail"
            r"|e mails|mail|message|messages|messaging|write|writing|letters|contact|visit|visits|anything)\b"
            r"|\b(?:dont|do not|no|never) (?:text|texts|texting|email|emails|e mail|e mails|mail|message"
            r"|messages|write|letters)(?: me| us)?(?: (?:and|or|nor|also))? (?:dont|do not|no|never)"
            r" (?:call|calls|calling|ring|ringing|phone|phoning|phone calls)\b"
        ),
        not_before=re.compile(
            rf"{_EN_REPORTING_SUBJECT.pattern}|{_EN_THIRD_PARTY}|\b(?:tell|told|telling|teach"
            r"|taught|say|said|remind|reminded) (?:\w+ ){0,3}?$"
        ),
        not_after=re.compile(
            r"^(?:\w+ ){0,4}?(?:while|when|whilst|during|in class|at school|and drive)\b"
            rf"|{_EN_CLOCK_LIMIT}"
        ),
        wait_after=re.compile(rf"(?:\S+ ){{0,4}}\S*|{_EN_MAYBE_CLOCK_LIMIT}"),
    ),
    # Round 10: consent denied, "i never agreed to you calling me", "i did not consent to being contacted".
    # Not another thing ("i never agreed to these charges") nor the caller's own calls ("i never agreed to
    # call you back").
    _Rule(
        "i want to opt out",
        re.compile(
            r"\b(?:(?:i|we) (?:never|did not|didnt|have not|havent|never ever)"
            # Round 12: nobody agreed, "nobody here agreed to these calls".
            r"|(?:nobody|no one|noone)(?: here| in this house| in this household)?(?: has| have)?)"
            r" (?:ever )?(?:agreed|agree"
            r"|consented|consent|signed up|sign up|opted in|opt in"
            # Round 12: "i never said you could call me".
            r"|said (?:that )?(?:you|yall|you guys|you people|anyone|your company) (?:could|can|may"
            r"|were allowed to)"
            r"|gave (?:you )?(?:my )?(?:consent|permission)"
            r"|give (?:you )?(?:my )?(?:consent|permission)|said yes|authorized|authorised|allowed you)"
            r"(?: (?:to|for))? (?:(?:you|your company|you people|you guys|yall|anyone|anybody|your \w+) )?"
            r"(?:calling|contacting|ringing|phoning|texting|call me|contact me|ring me|call us|contact us"
            r"|call this|contact this"
            r"|being called|being contacted|be called|be contacted|receive calls|receiving calls|get calls"
            r"|getting calls|these calls|any calls|your calls|phone calls|sales calls|marketing calls"
            r"|telemarketing|robocalls"
            # Round 12: the call itself, or being listed: "i did not consent to this call", "i never agreed to
            # be on your calling list". Not "… to this charge", "… to the terms".
            r"|this call|this phone call|these phone calls|those calls|that call|the calls|any call"
            r"|any contact|being phoned|be phoned|being rung|be rung|hearing from you"
            r"|(?:be|being) (?:put )?(?:on|in)"
            r" (?:your|this|the|any|a) (?:calling |call |contact |marketing |phone |sales )?(?:list|database"
            r"|system))\b"
        ),
        not_before=re.compile(
            rf"{_EN_REPORTING_SUBJECT.pattern}|{_EN_THIRD_PARTY}|\b(?:not|dont|do not)"
            r" (?:say|said|saying|mean|claim|claiming) (?:that )?$"
        ),
        # Round 12: consent to something done to the call, "i did not consent to this call being recorded".
        not_after=re.compile(
            r"^(?:being|to be|getting) (?:recorded|taped|monitored|transferred|listened to|shared|used)\b"
            # "i never said you could call me by my first name": naming.
            r"|^(?:by (?:my|that|the|a|his|her)|names?|sweetheart|honey|darling|that)\b"
        ),
        wait_after=re.compile(r"(?:being|to be|getting|by)(?: \S*)?|to|\S*"),
    ),
    # Round 12: the line's owner gone, then taken off: "she died in march take her off", "he passed away
    # please remove him", "this is my number now not his take his name off". Not someone taken off something
    # else ("… take her off the ventilator", "… take him off the insurance").
    _Rule(
        "remove me from your list",
        re.compile(
            rf"\b(?:{_EN_GONE}|{_EN_LINE_OF_KIN})(?: \w+){{0,12}}?"
            r" (?:take|get|cross|strike|scrub|wipe|drop|knock) (?:her|him|them|(?:her|his|their|the)"
            r" (?:name|number|details|info|record|records))(?: \w+)? (?:off|out)\b"
            rf"|\b(?:{_EN_GONE}|{_EN_LINE_OF_KIN})(?: \w+){{0,12}}? (?:remove|delete|erase) (?:her|him|them"
            r"|(?:her|his|their|the) (?:name|number|details|info|record|records))\b"
        ),
        not_before=_EN_GUARD,
        not_after=re.compile(
            # "… remove him from the …": two small words may come first (round 17).
            r"^(?:(?:the|his|her|their|that|of|from) ){0,2}(?:\w+ )?(?:ventilator|machine|oxygen|insurance"
            r"|policy|account|plan|medication|meds|drugs|lease|deed|will|title|payroll|benefits|pension|car"
            # Round 17: a list of the family member's own, "… remove him from the soccer roster".
            r"|mortgage|roster|team|squad|rota|schedule|waiting list|waitlist|wait list|guest list|group chat"
            r"|class|club)\b"
        ),
        wait_after=re.compile(r"(?:\S+ ){0,2}\S*"),
    ),
    # Round 13: the number named, then "it" taken off: "who gave you this number … take it off now", "thats my
    # number get it off your system" ("… delete it" is the rule above). Not off something else ("… take it off
    # the bill", "… remove it from my account page").
    _Rule(
        "remove me from your list",
        re.compile(
            # Round 16: the owner's, "this was her number please take it off your records".
            r"\b(?:this|my|the|our|that|his|her|their) (?:\w+ )?number\b(?: \w+){0,14}? (?:take|get|wipe"
            r"|scrub|cross|strike|knock) it (?:off|out)\b"
            # "this is a business line please remove it from your dialer". Round 16: two words may name the
            # line, "this is a nursing home line … take it off your list".
            rf"|\b(?:this|my|the|our|that|a|an) (?:\w+ ){{0,2}}(?:number|line|phone)\b(?: \w+){{0,14}}?"
            rf" (?:remove|delete|erase"
            rf"|take|get|scrub|wipe|drop) it (?:from|off|out of|off of) (?:your|the|ur"
            rf"|yer) (?:\w+ ){{0,2}}?{_EN_LIST}\b"
        ),
        not_before=_EN_GUARD,
        not_after=re.compile(
            r"^(?:off |out |from |of )?(?:the|my|your|this|our|his|her) (?:\w+ )?(?:bill|account|invoice"
            r"|statement"
            r"|order|card|cart|basket|profile|form|page|app|contract|receipt|screen|website|post"
            r"|list of contacts"
            r"|contacts|phone book|phonebook|record for)\b|^(?:and|then) (?:put|add|use|replace|call)\b"
        ),
        wait_after=re.compile(r"(?:\S+ ){0,3}\S*"),
    ),
    # Round 12: no reason to go on calling, "theres no reason to keep calling her", "no point in continuing to
    # ring this number". The repetition is named (keep, continue): "no need to call me back" is not one.
    _Rule(
        "stop calling me",
        re.compile(
            r"\b(?:no|any|what(?:s| is) the) (?:reason|point|need|sense|use)(?: in| for you| for yall)?"
            r"(?: to)? (?:keep|keeping|continue|continuing|go on|going on) (?:to )?(?:call|calling|ring"
            r"|ringing|phone|phoning|contact|contacting|dialing|dialling|trying)"
            r"(?: (?:to call|to reach|calling))?"
            r" (?:her|him|them|me|us|this number|this line|this phone|here|this house|anymore|any more)\b"
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
            r"\breport(?:ing)? (?:you |this number |these calls |your company )to (?:the )?"
            r"(?:ftc|fcc|ofcom|ico|trading standards|authorities|police|cops|bbb|better business bureau"
            r"|attorney general|government|regulators?|consumer protection)\b"
            r"|\breporting (?:it |this |them )?to (?:the )?"
            r"(?:ftc|fcc|ofcom|ico|trading standards|authorities|police|cops|bbb|better business bureau"
            r"|attorney general|government|regulators?|consumer protection)\b"
        ),
        not_before=_EN_GUARD,
    ),
    # Round 13: "report it to the police" with no one saying they will: advice, or an echo of it ("report it
    # to the police i already did that", "you should report this to the fcc"). "ill report it to the police"
    # and "or i report this to the ftc" count.
    _Rule(
        "i'll report you",
        re.compile(
            r"\breport (?:it |this |them )?to (?:the )?"
            r"(?:ftc|fcc|ofcom|ico|trading standards|authorities|police|cops|bbb|better business bureau"
            r"|attorney general|government|regulators?|consumer protection)\b"
        ),
        not_before=re.compile(
            rf"{_EN_GUARD.pattern}|^(?:(?:ok|okay|so|well|yeah|yes|right|uh|um|oh|please|just|go|go and"
            r"|you should|you can|you could|you need to|you have to|you gotta|why dont you|did you|have you"
            r"|they"
            r" said|she said|he said|they told me to|he told me to|she told me to|i was told to|told me to"
            r"|should"
            r" i|can i|do i|how do i|where do i|where can i|you may|you might want to|better)\b ?)*$"
        ),
        not_after=re.compile(
            r"^(?:\w+ ){0,3}?(?:i|we) (?:already|just|have already|ve already|already have)"
            r" (?:did|done|reported)\b"
        ),
        wait_after=re.compile(r"(?:\S+ ){0,3}\S*"),
    ),
    # A complaint about something else ("a complaint about my bill") is customer service, not a refusal.
    _Rule(
        "i'll report you",
        re.compile(
            r"\b(?:file|filing|make|making|lodge|lodging|submit|submitting|put in|putting in|raise|raising)"
            r"(?: a| an)?(?: official| formal)? complaint\b"
        ),
        # Round 10: a complaint about something named before it and not the calls: "the delivery never arrived
        # i want to make a complaint". "your driver keeps calling me i want to make a complaint" counts.
        not_before=re.compile(rf"{_EN_GUARD.pattern}|{_EN_OTHER_GRIEVANCE}"),
        not_after=re.compile(
            r"^(?:about|regarding|on|for|against|with) (?!(?:these|the|your|this|all (?:these|the|your)) "
            r"(?:calls?|robocalls?|calling)\b|you\b|your company\b|(?:the )?(?:ftc|fcc|bbb"
            r"|better business bureau"
            r"|police|authorities|attorney general|government|state|regulators?|consumer))"
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
            r"(?: (?!(?:not|never|hardly|barely|no)\b)\w+)? harass(?:ing|ment)\b"
        ),
        # "it's not harassment, I agreed to it", "I'm not saying it's harassment".
        not_before=_EN_GUARD,
    ),
    _Rule("stop harassing me", re.compile(r"\bharass(?:ing)? (?:me|us|my family)\b"), not_before=_EN_GUARD),
    # Round 16: a regulator about to be called, "if i hear that voice again i swear im calling the attorney
    # general", "im phoning trading standards". Only a regulator (not "im calling the police", which may be
    # about anything), and said as what the speaker does now or will do: "i was calling the fcc about my
    # bill" is past, "should i call the ftc" asks.
    _Rule(
        "i'll report you",
        re.compile(
            r"\b(?:im|i am|ill|i will|im going to|im gonna|i am going to|we are|were going to|well)"
            r" (?:calling|call|phoning|phone|ringing|ring|contacting|contact|writing to|write to|going to"
            r"|getting|get) (?:the )?(?:attorney general|attorney generals office|ftc|fcc|ofcom|ico|bbb"
            r"|better business bureau|trading standards|consumer protection|federal trade commission)\b"
        ),
        not_before=re.compile(rf"{_EN_GUARD.pattern}|\b(?:if|when|whether|why|should)(?: \w+)?$"),
        # "… about my bill": another matter.
        not_after=re.compile(
            r"^(?:about|regarding|for|over) (?!(?:you|your|these|this|the) (?:calls?|company"
            r"|robocalls?|number)\b|you\b|it\b|this\b|that\b)"
        ),
        wait_after=re.compile(r"(?:about|regarding|for|over)(?: \w*){0,2}|\w*"),
    ),
    _Rule(
        "i'll report you",
        re.compile(r"\b(?:sue|suing) (?:you|u|your company|this company|you guys|you people)\b"),
        not_before=_EN_GUARD,
    ),
)
_EN_RULES = _word_rules(_EN_RULES, default=False)
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
# Families: 别/不要/停止 + call, also in dialects (甭, 莫, 唔好) and for the owner of the line
# (不要再联系她); not wanting calls (不想接这种电话, 不需要你们再打, 谢绝推销); delete or forget my number
# or data, leave the list (忘了我这个号码吧, 退出…名单); 退订 / 取消订阅 / 取消以后的来电 / 免打扰名单 /
# 标记为不再联系 / 把我拉黑; complaints and threats (投诉, 举报, 报警, 骚扰, 违法, 有完没完,
# 再打我就打12315).
_ZH_NEG = (
    r"(?:不想|不要|不用|不需要|别|没有|没|不|无需|不必|不会|不是要|不是想|不打算|并不想|没有?说(?:过)?要?"
    # "我没有要投诉你们我就问问", "我没打算举报你们".
    r"|没有?要|并没有?要|没有?打算|并不打算|没有?想要?)"
)
# The people a caller may speak for, on the line we called: "我妈年纪大了你们以后不要再联系她",
# "别再给我爸打电话了".
_ZH_KIN = (
    r"老公|老婆|丈夫|妻子|爱人|先生|太太|妈|妈妈|母亲|老妈|爸|爸爸|父亲|老爸|父母|家人|家里人|儿子|女儿|孩子"
    r"|奶奶|爷爷|外婆|外公|姥姥|姥爷|婆婆|公公|岳母|岳父|丈母娘|老人|老人家|老母亲|老父亲|老太太|老爷子"
    r"|哥哥|姐姐|弟弟|妹妹"
)
_ZH_THEM = (
    rf"(?:他们|她们|他|她|(?:我|我们|她|他|她们|他们)?(?:的|家的?|家里的?)?(?:{_ZH_KIN})"
    # Round 11: the person a lawyer or an agent speaks for, "停止对我当事人的一切电话联系".
    r"|(?:我|我们)?的?(?:当事人|委托人))"
)
# "我没说别打", "我不是说不要打": a negated report of the request is not the request.
# Also "我从来没让你们别打", "我没有要求你们停止打电话".
_ZH_SAID = (
    r"(?:没|没有|不是|并没|并没有|从没|从来没|从没有|从来没有|从未|从来不|可没|绝对没有?)"
    r"(?:说|讲|让|叫|要求|请|告诉|跟你们?说|同意)(?:过)?(?:你们?|您|你们公司)?(?:说)?(?:过)?(?:要|让"
    r"|叫)?(?:你们?|您)?$"
)
# "他要退订报纸", "她不想接这种电话": someone else's wish. "我朋友让她银行别再给她打电话了": a request made to
# someone other than us ("让你们别打了" is made to us).
_ZH_THIRD = (
    r"(?:(?:他|她|他们|她们|别人|别个|人家|其他人|有人|有的人)(?:说)?(?:要|想|想要|打算|已经|也)?"
    r"|(?:我|我的)(?:老公|老婆|丈夫|妻子|爱人|先生|太太|妈|妈妈|爸|爸爸|父母|家人|儿子|女儿|孩子|朋友|同事"
    r"|哥哥?"
    # "我朋友说你们的电话是骚扰电话": what someone else says.
    r"|姐姐?|弟弟?|妹妹?|邻居|同学|室友|男朋友|女朋友|老板)(?:也|都|已经|一直)?(?:说|觉得|认为)?(?:要|想|想要"
    r"|打算)?"
    # Round 13: not a noun ("提醒电话以后别打了", reminder calls; "通知短信") nor "让人…" (makes one…:
    # "还让不让人活了别再打了").
    # Round 15: nor the noun after 的, "谢谢你们的提醒不过以后不用电话通知我了" (your reminders).
    r"|(?<!的)(?:让|叫|要求|告诉|跟|转告|通知|提醒)(?!你|您|贵|我|电话|短信|来电|服务|功能|消息|信息|邮件|人(?:活|烦"
    r"|受|头|崩"
    r"|无语|生气|抓狂|火大|恶心|睡|休息|安生|清净|崩溃|没法))[^让叫跟你您我]{1,8}?(?:说)?(?:要)?"
    # "我告诉我同事别再给我打电话了".
    rf"|(?:让|叫|要求|告诉|跟)我的?(?:同事|朋友|同学|邻居|室友|老板|{_ZH_KIN})(?:说)?(?:要)?)$"
)
# "他们让我别再给他们打电话", "我妈让我别给她打电话": someone told the caller not to call.
_ZH_TOLD_ME = r"(?:让|叫|要|要求|告诉|嘱咐|吩咐|提醒)我们?(?:以后|千万|先)?$"
_ZH_GUARD = re.compile(rf"(?:{_ZH_NEG}$|{_ZH_SAID}|{_ZH_THIRD})")
# A clock-time limit says when to call, not to stop: "九点之前别打", "晚上八点以后不要打电话". A time of day
# without a clock ("不要在晚上打电话") still counts.
_ZH_CLOCK_LIMIT = (
    r"(?:\d{1,2}|[一二三四五六七八九十两]{1,3})(?:点|点钟)(?:半|\d{1,2}分?|[一二三四五]刻)?"
    r"(?:之前|以前|前|之后|以后|后|过后|以外)(?:都|就|千万|先|也|请|最好)?$"
    # Round 8: a range of clock times, "中午十二点到两点别打", "一点至三点之间不要打电话".
    r"|(?:\d{1,2}|[一二三四五六七八九十两]{1,3})(?:点|点钟)(?:半)?(?:到|至|和|跟|-|~)"
    r"(?:\d{1,2}|[一二三四五六七八九十两]{1,3})(?:点|点钟)(?:半|\d{1,2}分?)?(?:之间|中间|这段时间|期间"
    r"|这会儿)?"
    r"(?:都|就|千万|先|也|请|最好)?$"
    # A day limit is scheduling too: "工作日打就行周末别打", "星期天不要打电话".
    r"|(?:周末|双休日?|周六|周日|周天|星期[一二三四五六日天]|礼拜[一二三四五六日天]|工作日|上班日|休息日"
    r"|节假日"
    r"|假期|放假)(?:的时候|里|期间)?(?:都|就|千万|先|也|请|最好|的话)?$"
)
# "你们怎么停止给我打电话了", "为什么你们不再打给我了": a question about calls that stopped.
_ZH_WHY = r"(?:怎么|为什么|为啥|干嘛|咋|何时|什么时候|啥时候)(?:你们|你|他们)?(?:就|都|又|突然|已经)?$"
# "不用把我从名单上删除": the negation comes before "把我".
_ZH_GUARD_BA = re.compile(rf"(?:{_ZH_NEG}(?:把|将)?(?:我们?)?$|{_ZH_SAID}|{_ZH_THIRD})")
_ZH_DONT = (
    r"(?:让(?:你们|你|任何人|别人|其他人|你们的人|你们公司的人)?)?"
    r"(?:再|又|老|老是|总|总是|一直|继续|天天|每天|整天|都|也|还){0,4}"
    r"(?:(?:用|通过|拿|往|打|给)(?:这个|我的|我这个)(?:号码|号|电话|手机号?)"
    # Round 11: by what road, "不要再通过电话短信联系我", "别再用微信或者电话联系我".
    r"|(?:用|通过|拿)(?:电话|短信|信息|微信|邮件)(?:(?:和|或者?|、|跟|或是)?(?:电话|短信|信息|微信"
    r"|邮件)){0,2})?"
    rf"(?:给我|跟我|给我们|向我|对我|往我这|往这|(?:给|跟|向|对|往){_ZH_THEM}(?:的)?(?:手机|电话|座机"
    rf"|手机号)?)?"
    r"(?:再|又|老是|总是|一直|继续){0,3}(?:发(?:短信|信息|消息)(?:和|或者?|也|或|、)?)?"
)
# "打" must be followed by what makes it "call": "不要打折" (no discount) and "不要打扰你" are no opt-out.
_ZH_CALL = (
    # "别再打爆我的电话了", "别再轰炸我的电话了": calling without end.
    r"(?:轰炸(?:我|这个)|打爆"
    # Round 16: 打进来 (call in), "这是养老院的总机别再打进来了".
    r"|打(?:电话|了|啦|喽|咯|呀|啊|过来|过嚟|进来|来|嚟|给我|俾我|畀我|扰我|我|这个|推销|营销|骚扰|回访|广告|促销"
    r"|垃圾"
    # Round 11: also "这电话" (this phone: "别再打这电话了"); not "那电话" (that number, advice to someone).
    r"|(?:这种|这类|这些|那种|那些|任何|这样的|这)(?:骚扰|推销|营销|广告|回访|促销|垃圾|无聊|烦人的?)?电话)"
    r"|拨打|打$"
    r"|来电"
    # Round 10: the line named, "以后不要再联系这个号码".
    r"|联系(?:这个(?:手机|电话)?(?:号码|号|电话)|我|了)|联络(?:这个(?:手机|电话)?(?:号码|号|电话)|我|了)"
    # For the owner of the line: "以后不要再联系他了", "别打她电话了" ("别打他" alone is "don't hit him").
    rf"|(?:联系|联络|打电话给|打给|致电){_ZH_THEM}|打{_ZH_THEM}的?(?:电话|手机|座机)"
    r"|骚扰|烦我|打扰我|呼叫|呼我|拨(?:打|了|过来|来|我|这个|电话)|拨$|致电|回访|外呼|(?:推销|营销|广告"
    r"|骚扰)电话"
    # "以后别找我了" at the end; "别找我麻烦" (don't make trouble for me) goes on.
    r"|找我(?:了|啦|吧)?$|联系$|联络$"
    # "别再打到家里来了": calls to the home.
    r"|打到(?:家里|我家|家|这里|这儿|这边|我这|我单位|单位|我公司|我办公室))"
)
_ZH_CALL_KIND = (
    r"(?:这种|这类|这样的|这些|此类|那种|任何|你们的|你们|你们公司的|推销|营销|广告|骚扰|的|类似的|什么|一切"
    r"|所有"
    # Round 18: the formal register, "拒绝接听贵公司的来电", "贵司来电".
    r"|全部|以后的|今后的|贵公司|贵司|贵方|贵单位|贵行){0,4}"
)
_ZH_PHONE = r"(?:电话推销|电话营销|电话|来电)"
# My number / my (personal) information: what a caller asks to have deleted.
_ZH_MINE = (
    r"(?:我|我们)(?:家|家里)?"
    # Round 8: what I gave you, "我之前登记的信息", "我在你们那留的号码", "我当时填写的资料".
    r"(?:(?:之前|以前|当时|上次|刚才|原来|在你们(?:那|这|公司)?(?:里|边|儿)?){0,2}"
    r"(?:登记|留下?|填写?|提交|提供|注册|预留|报名时填|报)(?:给你们)?(?:过)?)?"
    r"(?:的)?(?:这个|那个)?(?:所有|全部|一切|相关)?的?(?:个人)?(?:手机|电话|联系)?"
    # 名 alone is Cantonese for the name ("剔咗我个名"); not 名片 (a business card), 名下 (in my name).
    r"(?:号码|号|电话|信息|资料|名字|名(?!片|下|额|单)|数据|方式|记录)"
)
_ZH_DELETE = (
    # 剔 (strike off) also in Cantonese: "剔咗我个名".
    r"(?:删除|删掉|删了|删干净|删去|删|去掉|移除|移出|剔除|剔了|剔掉|剔走|剔|踢出|拿掉|清除|清掉|抹掉|注销"
    r"|销毁|除名"
    # Striking it out: "把我的号码从名单上划掉".
    r"|划掉|划去|画掉|勾掉|勾销|涂掉|撤掉|撤下|消掉|抹去|去除"
    # Round 13: the English word said in Chinese, "从你们系统里remove掉".
    r"|remove掉|delete掉|remove|delete"
    r"|退出去|退出)"
)
# Round 18: our own line unreachable, with none of our calls named: "你们电话老是打不通", "客服热线一直占线".
_ZH_LINE_UNREACHABLE = (
    r"^(?:(?!打我|给我打|打给我|骚扰|推销|来电|营销)[^。])*?(?:你们|客服|热线|人工|总机)[^。]{0,6}?"
    r"(?:打不通|打不进去?|接不通|没人接|占线|忙音|转不了人工|转不到人工|联系不上|找不到人)[^。]{0,4}$"
)
# People whose phone a partial may still name ("别打我朋…" may become "别打我朋友的电话"): wait for it.
_ZH_SOMEONE = (
    "老公|老婆|丈夫|妻子|爱人|先生|太太|妈|妈妈|爸|爸爸|父母|家人|儿子|女儿|孩子|朋友|同事|哥|姐|弟|妹|老板"
)
# "别打我朋友的电话": a friend's phone is not the line we called ("别打我老公的电话" may be: it counts).
# "不要发短信，打电话就行": calling is fine.
_ZH_SOMEONE_ELSES = re.compile(r"^(?:朋友|同事|同学|邻居|室友|老板|就行|就好|就可以)")
# "别打我座机，打我这个就行": wait a little after another of my phones, in case the call is redirected here.
_ZH_OTHER_PHONES = "座机|固话|家里电话|办公室电话|公司电话|单位电话|工作电话"
_ZH_MAYBE_SOMEONE_ELSES = re.compile(
    rf"{_prefixes((_ZH_SOMEONE + '|' + _ZH_OTHER_PHONES).split('|'))}|(?:{_ZH_OTHER_PHONES})[^你]{{0,6}}|就"
    # "别打我老公的电话…" may still become "… 打我这个就行" (redirected here).
    rf"|就可|(?:{_ZH_KIN}|他|她)[^你]{{0,8}}"
)
# Someone else's own phone: "她的手机不想接推销电话", "我朋友把自己加进了免打扰名单".
_ZH_THEIR_PHONE = (
    r"(?:(?:他们|她们|他|她|自己)的(?:手机|电话|座机|号码|手机号|工作电话|工作手机)(?:也|都|就|上|里)?"
    r"|(?<!我)自己[^我你]{0,10})$"
)
# A phone setting, not a request: "我手机开了免打扰所以没接到", "晚上我都开免打扰", "勿扰模式".
_ZH_PHONE_SETTING = re.compile(
    rf"(?:{_ZH_GUARD.pattern}|{_ZH_THEIR_PHONE}|(?:手机|机子|微信)(?:上|里|是|也|都)?的?"
    r"(?:开了?|开着|设置了?|设了|打开了?|开启了?|调成了?|调到了?|处于|在|是)?$"
    r"|(?:开了|开着|打开了|开启了|调成了?|调到了?|设了|设置了|都开|一般开|经常开|总开|常开)$)"
)
_ZH_SETTING_MODE = re.compile(r"^(?:模式|功能|状态)")
# A past act about another service: "我把健身房的短信退订了", "我上周退订了那家报纸".
# Not guarded: "我已经退订了" (a complaint), "把你们的短信退订了".
_ZH_OTHER_CHANNEL = (
    r"(?:短信|邮件|杂志|报纸|会员|推送|消息|订阅|公众号|通知|newsletter|app|账单|会刊|周刊|月刊|彩铃|频道"
    r"|节目|服务"
    r"|套餐|业务)"
)
_ZH_DONE_ELSEWHERE = re.compile(
    rf"把(?!你们|您|贵|这个号|我的号|我的电话)[^把]{{0,10}}?{_ZH_OTHER_CHANNEL}(?:都|也|全|给)?退订(?:了|过"
    rf"|掉了)"
    rf"|退订(?:了|过|掉了)(?!你们|您|贵)[^你您贵]{{0,8}}?{_ZH_OTHER_CHANNEL}"
    # "我退订的是健身房的短信不是你们的电话".
    rf"|退订的(?:是|只是)(?!你们|您|贵)[^你您贵]{{0,8}}?{_ZH_OTHER_CHANNEL}"
)
# Round 10: a grievance about something other than the calls: a product, a delivery, a service.
_ZH_GRIEVANCE = (
    r"产品|质量|服务态度|服务|快递|外卖|包裹|订单|商品|东西|物流|骑手|快递员|送货|售后|退款|店员|门店|师傅"
    r"|维修"
    r"|安装|网速|宽带|信号|菜|饭|房间|酒店|航班|行李|发票|账单|扣费|多扣|价格"
    # Round 11: the phone bill and its charges, "这个月话费怎么这么多我要投诉".
    r"|话费|电话费|流量费|月租|资费|收费|乱收费|扣钱|费用"
)
# Round 11: another company's messages, "别的公司的短信怎么退订", "退订其他平台的推送": not ours.
_ZH_OTHER_COMPANY = (
    r"(?:别的|其他|其它|另一家|另外一家|另外的|别家)(?:公司|商家|平台|银行|网站|店|商店|app|应用|机构)"
)
# Round 10: 退订 of a service that is no message or call: a data plan, a package, a membership, a ringtone
# ("我想退订你们的流量包", "退订这个套餐"). Not "退订会员短信" (messages), "退订你们的推销电话".
# Round 14: a queue is not a calling list: "把我从候补名单里去掉" (the waiting list), 排队, 等候, 候诊.
_ZH_QUEUE = r"(?:候补|排队|等候|等待|候诊|轮候|候选)"
# Round 15: a record of something else, "把我先生的名字从保单上去掉" (off the insurance policy after a
# death), as English "take him off the insurance" (round 12): not a calling list.
_ZH_OTHER_RECORD = (
    r"(?:保单|保险单|保险|合同|户口|户口本|房产证|产权证|房本|账户|账号|名下|家谱|遗嘱|驾照|社保|医保|车险|会员卡"
    r"|证书|贷款|租约|租房合同|营业执照|银行卡|存折"
    # Round 16: a card's extra holders, "我想把我老婆从附属卡里删掉".
    r"|附属卡|副卡|附卡|信用卡|主卡|家庭卡|亲情卡)"
)
# Round 15: a time of day refused, then the call allowed at other times or moved to one (Decisions):
# "中午别打我在睡午觉其他时间都可以", "中午之前别给我打电话我上夜班下午打就行". "晚上别打了" alone still
# counts.
_ZH_DAYTIME = (
    r"(?:早上|早晨|清早|上午|中午|午休|午饭|午睡|下午|傍晚|晚上|晚饭|夜里|夜间|半夜|深夜|凌晨|白天|上班时间"
    r"|工作时间|睡觉时间|吃饭时间)"
)
_ZH_OTHER_TIME = (
    rf"{_ZH_DAYTIME}(?:之前|以前|前|之后|以后|后|的时候|时间|时段|期间|这段时间)?(?:都|就|千万|先|也|请|最好)?"
    rf"(?:你们|您)?(?:别|不要|甭|莫|不用|请勿|勿)[^。]{{0,14}}?(?:{_ZH_DAYTIME}|其他时间|其它时间|别的时间|其余时间"
    r"|其他时候|别的时候|平时|其他时段|其余时段"
    # Round 20: or a clock time after or before which the call is allowed, "中午别打我要午睡三点以后可以".
    r"|(?:\d{1,2}|[一二三四五六七八九十两]{1,3})(?:点|点钟)半?(?:以后|之后|后|过后|往后|以前|之前|前))"
    r"(?:的话)?(?:再)?(?:打|来电|联系|打过来|打给我|打电话)?(?:都|就|也)?"
    r"(?:行|好|可以|没问题|没关系|随便|欢迎)"
)
_ZH_LIST_QUESTION = (
    r"(?:是谁在管|是谁管|谁在管|谁管|归谁管|由谁负责|由谁管|是哪个部门管|是哪个部门在管|哪个部门管|是什么|是啥"
    r"|是什么东西|是怎么回事|怎么运作|是怎么运作|是怎么运行|怎么运行)"
)
# Round 16: a question about the refusal listing asked out of curiosity (Decisions, as round 15's who
# runs it): "我就是好奇问一下那个拒绝来电名单是怎么登记的", "你们会不会给登记了拒接的人打电话我就是
# 问问". With a wish for the speaker after it ("… 我也要登记", "帮我登记") it counts.
_ZH_LISTING = r"(?:拒绝来电|拒接|拒呼|免打扰|勿扰|不再联系|禁呼)"
_ZH_CURIOUS_ABOUT_LIST = re.compile(
    rf"(?:好奇|问问)[^。我]{{0,10}}?{_ZH_LISTING}[^。]{{0,10}}?(?:怎么|如何|是怎么|谁|什么|哪)"
    r"(?:(?!我要|我想|帮我|给我|我也|把我)[^。]){0,8}$"
    rf"|(?:会不会|是不是|有没有|会)(?:给|打给|联系)[^。]{{0,8}}?{_ZH_LISTING}的?(?:人|号码|用户)[^。]{{0,6}}?"
    r"(?:我)?(?:就是|只是|就|也就)?(?:问问|好奇)(?:而已|一下)?$"
    # Round 18: someone else's question passed on, how to get listed, "我同事前几天问我怎么开通拒接推销来电"
    # (Decisions; as round 13's family member's listing asked about). A wish for the speaker after it ("… 我也
    # 想登记", "… 帮我登记") counts.
    rf"|(?:{_ZH_KIN}|邻居|朋友|同事|同学|室友|老板|亲戚)(?:刚才|前几天|昨天|也)?(?:问|问我|问过我|在问|想知道"
    r"|打听)(?:一下|过)?(?:怎么|如何|咋|怎样|要怎么|该怎么|去哪)"
    rf"(?=[^。我你]{{0,14}}?(?:{_ZH_LISTING}|登记|黑名单))[^。我你]{{0,14}}"
    r"(?![^。]{0,12}?(?:我也|帮我|给我|把我|我要|我想))"
)
# Round 16: calling me, after a 不 asked for (see the rule): 打 needs 电话 or 给 ("不打我" is "not hit me",
# "不给我打包" is packing).
_ZH_ASK_NOT_CALLED = (
    r"(?:(?:给|跟)我(?:打电话|来电|联系|打(?=了|吗|好|可|行|$))|(?:打电话|来电|联系)(?:给)?我|打给我)"
)
# On a partial, wait while the question may still be one of curiosity.
_ZH_MAYBE_CURIOUS = re.compile(
    r"(?:好奇|问问)[^。我]{0,10}$|(?:会不会|是不是|有没有)(?:给|打给|联系)[^。]{0,8}$"
)
_ZH_DAYTIME_BEFORE = re.compile(
    rf"{_ZH_DAYTIME}(?:之前|以前|前|之后|以后|后|的时候|时间|时段|期间|这段时间)?(?:都|就|千万|先|也|请|最好)?(?:你们|您)?$"
)
# Round 15: someone in the room on the phone, after 别打了 said to them: "你们俩别打了妈妈在接电话呢".
_ZH_ROOM_ON_PHONE = (
    r"(?:别|不要|莫要|不许|不准)(?:再)?打了?(?:啊|呀|哦)?(?:妈妈|爸爸|妈|爸|奶奶|爷爷|外婆|外公|姥姥|姥爷|大人|老师"
    r"|他|她|哥哥|姐姐)(?:正|现在|这会儿|还)?在(?:打|接|听)电话"
)
_ZH_SERVICE = (
    # Round 14: a printed publication too, "我想退订那本杂志", "退订下个月的报纸".
    r"(?:流量包|流量|套餐|彩铃|宽带|包月|增值业务|游戏会员|视频会员|会员|云盘|保险|杂志|报纸|期刊|周刊|月刊"
    r"|报刊|画报)"
    r"(?!的?(?:短信|电话|推送|消息|通知|营销|广告|推广|推销))"
)
# Round 14: a wish supposed for some day, "如果我以后想退订要怎么弄就问问", "万一将来我想退订"
# ("如果我想退订怎么弄" asks now and counts).
_ZH_SUPPOSED = (
    r"(?:(?:如果|要是|万一|假如|假设|倘若|哪怕)(?:我|我们)?(?:以后|将来|哪天|有一天|哪一天|日后|今后|未来)"
    r"|(?:以后|将来|哪天|有一天|日后|今后|未来)(?:我|我们)?(?:要是|如果|万一|假如|哪天))"
    r"(?:我|我们)?(?:真的?)?(?:想|想要|要|需要|打算|决定)?$"
)
_ZH_SERVICE_AFTER = (
    rf"^(?:(?!电话|短信|推销|广告|营销|来电|消息|通知|推送|骚扰)[^，。]){{0,10}}?{_ZH_SERVICE}"
)
# A family member's named service: "怎么退订我儿子的那个游戏会员", "帮我女儿退订舞蹈班的通知".
# "退订我妈的推销电话" counts (the owner of the line).
_ZH_KIN_SERVICE_AFTER = (
    rf"^(?:我|我们)?(?:家)?的?(?:{_ZH_KIN})的?(?:那个|这个)?(?:(?!你们|您|贵|推销|广告|营销|电话|来电|骚扰)"
    rf"[^，。]){{1,8}}?{_ZH_OTHER_CHANNEL}"
)
# On a partial, wait while what follows 退订 may still become either.
_ZH_MAYBE_SERVICE = (
    r"(?:你|我|那|这|的|流|套|彩|宽|包|增|游|会|视|云|保|家|杂|报|期|周|月|画|下|本|份)"
    r"(?:(?!电话|短信|推销|广告|营销|来电|骚扰)[^，。]){0,11}"
)
# Round 9: an unsubscribe undone: made by mistake ("我不小心点了退订", "误点了退订"), or to be taken back
# ("… 怎么重新订阅", "… 能恢复吗"); or paper switched for the electronic ("纸质账单我想退订改成电子的").
_ZH_MISTAKE = r"(?:不小心|一不小心|误|点错|按错|手滑|没注意|不是故意|错点|错按|失手)"
# Not a call made by mistake: "你们不小心打给我了退订" counts.
_ZH_MISTAKE_BEFORE = rf"{_ZH_MISTAKE}[^，。你您打电话拨]{{0,6}}$"
_ZH_UNDONE_AFTER = re.compile(
    rf"^(?:了|的|是)?[^，。你您]{{0,6}}?(?:{_ZH_MISTAKE}|搞错|弄错|点错了|按错了)"
    # Not done by them: "你们又给我重新订阅了".
    r"|^[^，。]{0,12}?(?<!你们)(?<!给我)(?<!又)(?<!擅自)(?<!偷偷)(?<!自动)(?<!私自)(?:重新订阅|重新订"
    r"|恢复订阅|再订阅|订回来|重新开通|重新关注|恢复推送|撤销退订|取消退订|撤回退订"
    r"|(?:怎么|如何|能|可以|想)(?:才能)?(?:恢复|撤回|撤销|收回))"
)
_ZH_PAPER = r"(?:纸质|纸版|纸本|纸面|纸张|邮寄|寄送|寄来|寄到家|信件|平信)"
_ZH_SWITCH = (
    r"(?:改成|改为|换成|换为|转成|转为|改用|换用|改到|换到|变成|只要|只收|要)(?:收)?"
    r"(?:电子|邮件|邮箱|电邮|网上|线上|在线|短信|app|微信|手机上|手机|pdf)"
)
_ZH_PAPER_SWITCH_AFTER = re.compile(rf"^[^，。]{{0,4}}?{_ZH_PAPER}?[^，。]{{0,10}}?{_ZH_SWITCH}")
# A plan rather than a request: "我待会儿得去退订…", "回头记得退订…". It may be about another service.
_ZH_PLAN = r"(?:得去|要去|得|待会儿?|回头|记得|提醒我|等会儿?|等下|一会儿|改天|晚点|准备|打算|去)(?:再)?"
# Planned, about another service: "我待会儿得去退订那个健身房的短信".
# Not "得去退订你们的短信", "退订广告短信".
_ZH_PLANNED_ELSEWHERE = re.compile(
    rf"{_ZH_PLAN}退订(?:一下|掉)?(?!你|您|贵|这|所有|全部|广告|营销|推销|促销)"
    rf"[^你您贵这，。]{{1,8}}?{_ZH_OTHER_CHANNEL}"
)
# "我不要打电话给你" is "I don't want to call you" ("请你们尊重我不要再打了" still counts).
_ZH_I_CALL_YOU = r"我们?(?:不要|不想)(?:再)?(?:打电话|打|拨打|联系|致电)(?:给|过去|去)"
# "别打他的工作电话，打我这个就行": the call is redirected to this number.
_ZH_OTHER_NUMBER = re.compile(
    r"(?:别|不要|不用)(?:再)?打[^打]{1,10}?打(?:我这个|这个号|这个电话|我这|这边|这里)"
)
# Round 19: not now, later: "先别打给我老公他在睡觉下午再打", "暂时别联系我等会儿再打" (a call put off, as a
# time of day with other times allowed). Without a later call it counts ("先别打了以后都别打了").
_ZH_NOT_NOW = r"(?:先|暂时|这会儿?|眼下|现在)"
_ZH_NOT_NOW_LATER = (
    rf"{_ZH_NOT_NOW}(?:别|不要|甭)[^。]{{0,16}}?(?:下午|晚上|晚点|晚些|等会儿?|等一下|待会儿?|过会儿?|一会儿?"
    r"|明天|改天|回头|稍后|过几天|下周|下次)(?:的时候)?再(?:打|来电|联系|打过来|打给我|打电话|说)"
)
# The wait before a phrase in these rules: a time of day, or "not now" (round 19), may still allow a call.
_ZH_WAIT_BEFORE = re.compile(rf"{_ZH_DAYTIME_BEFORE.pattern}|(?:先|暂时|这会儿?|眼下)$")
# What 打 is after a refusal, when it is no call: "说了不要打他还打人" (hit), 打包, 打折, 打牌, 打游戏…
_ZH_HIT_NOT_CALL = r"包|折|针|架|人|他|她|孩子|球|牌|字|卡|扫|工|听|开|算|车|的士|游戏|麻将|游|水|蛋|气|饭"
# Where a complaint goes: the consumer hotline 12315, the spam hotline 12321, the ministry (工信部)...
_ZH_REGULATOR = (
    r"(?:12315|12321|12345|110|工信部|消协|消费者协会|市场监管局?|工商局?|通信管理局|电信管理局|315热线"
    r"|监管部门)"
)
# "你们把我号码忘了吧", "忘了我这个号码吧": forget my number. "我忘了我的号码" (I forgot it) is not.
_ZH_MY_NUMBER = r"(?:我的?|我们的?|这个|我这个|我那个)(?:这个)?(?:手机|电话)?(?:号码|号|电话|联系方式|信息)"
# Round 11: the line named as a family member's, then that person's wish passed on:
# "这是我妈的手机她说别再打了", "这是我爸的电话我爸让你们别打了". Hearsay otherwise ("我妈说别再打了" may be
# what she told the speaker): here the wish is the line's owner's, said to us through whoever answered.
# Round 12: also the call answered for them, "我帮我爸接的他不想再接你们电话了", and the wish said as theirs,
# "她不想再接你们的电话" ("我妈不想再接" alone stays hearsay).
_ZH_LINE_OWNER_WISH = (
    rf"(?:(?:这是|这个是|是)(?:我|我的|我们)?(?P<owner>{_ZH_KIN})的?(?:手机|电话|号码|座机|手机号|号)"
    rf"|(?:帮|替|代)(?:我|我的|我们)?(?P<answered>{_ZH_KIN})接(?:的|了|一下|电话|的电话|个电话)?)"
    r"[^。]{0,6}?(?:(?P=owner)|(?P=answered)|她|他)(?:已经|一直|也|真的|实在)?"
    r"(?:(?:说|讲|让|叫|交代|嘱咐|要求)了?(?:你们|您|你)?(?:以后|千万)?"
    r"(?:别|不要|甭|莫|不用)(?:再)?(?:打|来电|打电话|联系|给她打|给他打)"
    r"|(?:不想|不要|不愿意|不愿|不需要|不用)(?:再)?(?:接|接到|收到|听)(?:你们|您|你们公司)?的?(?:电话|来电"
    r"|推销"
    r"|这种电话|这些电话|这类电话))"
)

# Round 12: the number's owner gone, then not to be sought on it: "这个号码现在是我在用不是他了别再找他了"
# (a new owner), "她已经去世了你们别再联系她了". "别再找他了" alone may be about anyone.
_ZH_OWNER_GONE = (
    r"(?:(?:号码?|手机号|电话号码?|手机|电话)(?:现在|已经|早就|早已|目前)?(?:是我在用|我在用|是我用|归我了?"
    r"|是我的了"
    r"|换人了|换主人了|换了主人|换人用了|是别人的了|转给我了|不是(?:他|她)的了)"
    rf"|(?:他|她|{_ZH_KIN})(?:已经|早就|前年|去年|上个月|年初)?(?:去世|过世|走了|不在了|没了|离世|病逝))"
    r"[^。]{0,14}?(?:别|不要|甭|不用|莫|请勿|勿)(?:再)?(?:找|打给|打电话给|给(?:他|她)打电话?|联系|打扰|骚扰)"
    r"(?:他|她|他们|她们)"
)

# Round 13: the speaker's family member named, then the request made to us for them: "我是他儿子我爸不需要这些
# 电话你们别再打扰他了", "我妈年纪大了你们不要再给她打电话了" (as "别打我老公的电话" counts). Not what someone
# said ("我爸说别再找他了", hearsay by the round-5 decision).
_ZH_KIN_THEN_REQUEST = (
    rf"我的?(?:{_ZH_KIN})(?:(?!说|讲|让|叫|告诉)[^。]){{0,16}}?(?:你们|您|你)(?:以后"
    rf"|今后)?(?:就)?(?:千万)?(?:别|不要|甭|请勿|勿"
    r"|不用|莫)(?:再)?(?:打扰|骚扰|打给|打电话给|联系|找|烦|给(?:他|她)打电?话?|打(?:他|她)的?电话)(?:他|她)?"
)

# Round 13: something else unsubscribed, the calls still wanted after it: "… 但是电话提醒可以继续打", "…
# 电话提醒 还要的". A "but" or a "still" is needed ("退订短信和电话可以吗" asks to end both).
_ZH_CALLS_STILL_WANTED = (
    r"退订(?:(?!电话|来电|打电话)[^。]){0,12}?(?:(?:但是|不过|可是|但|只是)(?:你们的?)?(?:电话|来电)(?:提醒"
    r"|通知|回访)?"
    r"(?:的话)?(?:还是|还|照样|照常|倒是|就)?|(?:电话|来电)(?:提醒|通知|回访)?(?:的话)?(?:还是|还|照样|照常"
    r"|倒是))"
    r"(?:可以|要|需要|继续|照打|留着|保留|没关系|没问题|不用退|不退|行|照旧|正常)"
)

# Round 13: how a family member who gets sales calls from anyone can sign up to the refusal listing:
# "我妈老接到推销电话怎么申请那个拒绝推销的登记啊" (Decisions; as "my mom keeps getting calls how does the do
# not call registry work"). "别给我妈打电话" still counts.
_ZH_KIN_HOW_TO_REFUSE = (
    rf"(?:{_ZH_KIN})(?:家)?(?:老|总|老是|总是|经常|一直|天天|每天|最近)?(?:会)?(?:接到|收到|接)(?:很多|好多"
    rf"|一堆|不少|各种)?"
    r"(?:推销|广告|骚扰|营销|诈骗|陌生)(?:的)?(?:电话|来电)[^。你您]{0,4}?(?:怎么|如何|咋|怎样|要怎么|该怎么"
    r"|去哪)"
    r"(?:帮(?:她|他))?(?:申请|办理|登记|注册|加入|弄|开通|办)(?:那个|这个|一下|个)?$"
)

# Round 13: someone in the room called by name at the start, "小李你先别打电话了声音太大",
# "老公你别打电话了快来吃饭" (as round 11's "宝宝别闹妈妈在打电话"): the robot is not called 小李. Words for a
# stranger, which may be the caller, are not names: "小姑娘你别再打来了", "小伙子你们别打了", "老板你别打了".
_ZH_ROOM_VOCATIVE = (
    r"^(?:喂|哎|诶|欸|唉)?(?:小|老|阿)(?![妹弟哥姐姨叔伯板师兄姑伙爷奶娘])[\u4e00-\u9fff]"
    r"(?:啊|呀|呢)?你(?:先|也|就|快|赶紧)?$"
)

_ZH_RULES = (
    _Rule("别再给我打电话", re.compile(_ZH_LINE_OWNER_WISH)),
    _Rule("别再给我打电话", re.compile(_ZH_KIN_THEN_REQUEST)),
    # Round 13: my number not to be kept, "我的号码你们不要再存着了", "别再保存我的手机号了" (not "别存错了").
    _Rule(
        "删除我的号码",
        re.compile(
            r"我的?(?:号码|手机号码?|电话号码?|电话|信息|资料|联系方式)[^。]{0,6}?(?:别|不要|不用|甭|请勿"
            r"|不准|不许|不允许)"
            r"(?:再)?(?:存|保存|保留|留|留存)(?:着|了|下来)?(?!错|好|一下|起来)"
            r"|(?:别|不要|不用|甭|请勿|不准|不许|不允许)(?:再)?(?:存|保存|保留|留存)(?:着)?我的?(?:号码"
            r"|手机号码?|电话号码?"
            r"|信息|资料|联系方式)"
        ),
        not_before=_ZH_GUARD,
    ),
    # Round 13: notices refused from now on: "以后有什么活动都别通知我了", "今后任何消息都不要再通知我",
    # "以后不用通知我了". Not one notice ("这次的会别通知我了"), not someone else ("别通知我妈").
    _Rule(
        "别再给我打电话",
        re.compile(
            r"(?:以后|今后|往后|将来|从今往后|从今以后)[^。，]{0,10}?(?:都|也|一律|统统|全都|全部)?(?:千万)?"
            # Round 15: by phone between, "以后不用电话通知我了".
            r"(?:别|不要|不用|甭|无需|不必|请勿|勿)(?:再)?(?:用电话|打电话|电话|来电)?(?:通知|告诉|推送给|推给|发给|提醒"
            r"|联系)(?:我|我们)"
            r"(?!妈|爸|老|家|的|们的|同事|朋友|哥|姐|弟|妹|儿|女|孩|先生|太太|爱人)"
            r"|(?:有什么|任何|什么|所有|一切)[^。，]{0,6}?(?:都|也|一律|统统|全都|全部)(?:千万)?"
            r"(?:别|不要|不用|甭|无需|不必|请勿|勿)(?:再)?(?:通知|推送给|推给|发给|联系)(?:我|我们)"
            r"(?!妈|爸|老|家|的|们的|同事|朋友|哥|姐|弟|妹|儿|女|孩|先生|太太|爱人)"
        ),
        not_before=_ZH_GUARD,
        wait_after=re.compile(r"们?"),
    ),
    _Rule("别再给我打电话", re.compile(_ZH_OWNER_GONE)),
    # -- don't call (again)
    _Rule(
        "别再给我打电话",
        # Also in dialects: 甭 (northern), 莫 / 莫要 (south-western, Hunan, Hubei), 唔好 (Cantonese), and the
        # rude "少给我打电话". Round 16: 覅 (Wu, "侬覅再打了") and 麦搁 (Min, don't … again: "麦搁打来啦").
        re.compile(
            rf"(?:别|甭|莫要?|覅|麦搁|唔好|休要|勿要|少(?=给我(?:打|来电|电话)|打我|烦我)){_ZH_DONT}{_ZH_CALL}"
        ),
        not_before=re.compile(
            rf"(?:{_ZH_SAID}|{_ZH_THIRD}|{_ZH_TOLD_ME}|{_ZH_CLOCK_LIMIT}|{_ZH_ROOM_VOCATIVE})"
        ),
        not_after=_ZH_SOMEONE_ELSES,
        wait_after=_ZH_MAYBE_SOMEONE_ELSES,
        # Round 15: also a time of day with other times allowed, someone in the room on the phone.
        not_within=re.compile(
            rf"{_ZH_OTHER_NUMBER.pattern}|{_ZH_OTHER_TIME}|{_ZH_ROOM_ON_PHONE}|{_ZH_NOT_NOW_LATER}"
        ),
        wait_before=_ZH_WAIT_BEFORE,
    ),
    # Round 16: the line declared closed to sales, "这是养老院的电话不能打推销请删掉", "这个号码禁止推销" (as
    # English "this number is off limits"). A question ("… 不能打推销吗") asks.
    _Rule(
        "我不想接这种电话",
        re.compile(
            r"(?:电话|号码|号|座机|手机|总机|专线)(?:是|也|就|都)?(?:不能|不可以|不准|不许|禁止|谢绝|拒绝)"
            r"(?:打|接|打来|来电)?(?:推销|营销|广告)"
        ),
        not_before=re.compile(rf"(?:{_ZH_SAID}|{_ZH_THIRD}|{_ZH_THEIR_PHONE})"),
        not_after=re.compile(r"^(?:电话)?(?:吗|么|嘛|呢|的吗)"),
        wait_after=re.compile(r"电?话?"),
    ),
    # Round 16: asked as a question whether they can not call: "你们以后不打电话给我可以吗", "你能不能
    # 不给我打电话了", and the recogniser's order "你不打电话我再可以吗". "你不打电话给我我怎么知道"
    # asks nothing of the kind.
    _Rule(
        "不要给我打电话",
        re.compile(
            r"(?:你们?|您)(?:以后|今后|之后|往后)?(?:能不能|可不可以|可以|能)?不(?:要再|要|再)?"
            rf"{_ZH_ASK_NOT_CALLED}(?:了|们)?(?:再)?(?:(?:可以|行|好|成)(?:吗|不|嘛|么)|吗)"
            r"|(?:你们?|您)(?:以后|今后|之后|往后)?(?:能不能|可不可以|可以|能)不(?:要再|要|再)?"
            rf"{_ZH_ASK_NOT_CALLED}"
        ),
        not_before=re.compile(rf"(?:{_ZH_SAID}|{_ZH_THIRD})"),
    ),
    # Said again, against calls that go on: "别打了你们还打", "不要打不要打你们又打".
    _Rule(
        "别再给我打电话",
        re.compile(
            r"(?:不要|别)再?打了?(?:(?:不要|别)再?打了?)?(?:你们|你)(?:还|又|还在|又在|还是|偏|非要)(?:打"
            r"|在打|要打)"
            # Round 14: the refusal told, then the calls going on: "说了不要了还打什么打",
            # "我都说了不需要了怎么还打" (not 打包, 打折, 打针, 打架, 打人: "说了不要打他还打").
            r"|(?:说了|说过|讲了|讲过|告诉过你们?|告诉你们?了)(?:多少遍|好几遍|几遍|很多次|多少次)?(?:了)?"
            r"(?:我们?)?(?:都)?(?:不要|不需要|不用|别打|别再打|不要打|不要再打|不感兴趣|没兴趣)了?"
            r"(?:你们?|您)?(?:怎么|咋|干嘛|为什么|为啥)?(?:还|又|还在|又在|还是|偏|非要|老|总)(?:打|在打|要打)"
            rf"(?!{_ZH_HIT_NOT_CALL})"
        ),
        not_before=_ZH_GUARD,
    ),
    # Round 20: the refusal told to anyone before, then "you" (你们, 您) calling again: "上次那个客服我都跟他
    # 说了别打了你们怎么又打", "我跟你们业务员讲过不要再打了你们还打" (a complaint about repeated calls,
    # Decisions: whoever was told, the calls that go on are ours). Not denied ("我没说过别打了…"), not a fight
    # ("我跟孩子们说了别打了你们怎么又打起来了").
    _Rule(
        "别再给我打电话",
        re.compile(
            r"(?:说了|说过|讲了|讲过|告诉过|交代过|强调过)(?:多少遍|好几遍|几遍|很多次|多少次|好几次)?(?:了)?"
            r"(?:我们?)?(?:都)?(?:别打|别再打|不要打|不要再打|别再打电话|不要再打电话|别打电话|不要打电话)了?"
            r"(?:你们|您)(?:怎么|咋|干嘛|为什么|为啥)?(?:还|又|还在|又在|还是|偏|非要|老|总)"
            rf"(?:打|在打|要打|打来|打过来|打电话)(?!{_ZH_HIT_NOT_CALL}|起)"
        ),
        not_before=re.compile(rf"{_ZH_NEG}$|{_ZH_SAID}"),
        wait_after=re.compile(r""),
    ),
    # "我不要打电话给你" is "I don't want to call you", not "don't call me".
    _Rule(
        "不要给我打电话",
        # Round 13: also 不允许 ("我的号码不允许你们再拿来打电话了", the rule below).
        re.compile(rf"(?:不要(?!紧)|请勿|勿|不许|不准|不允许|禁止){_ZH_DONT}{_ZH_CALL}"),
        not_before=re.compile(rf"(?:{_ZH_SAID}|{_ZH_THIRD}|{_ZH_WHY}|{_ZH_TOLD_ME}|{_ZH_CLOCK_LIMIT})"),
        not_after=_ZH_SOMEONE_ELSES,
        wait_after=re.compile(rf"{_ZH_MAYBE_SOMEONE_ELSES.pattern}|给|过"),
        not_within=re.compile(
            rf"{_ZH_OTHER_NUMBER.pattern}|{_ZH_I_CALL_YOU}|{_ZH_OTHER_TIME}|{_ZH_NOT_NOW_LATER}"
        ),
        wait_before=_ZH_WAIT_BEFORE,
    ),
    # Don't call, with a few words between: "你们不要一天到晚打电话". "别忘了打电话" (don't forget to call)
    # and "别着急打电话" are not.
    _Rule(
        "不要给我打电话",
        re.compile(
            # "别个" / "别人" are "other people" (别个 in south-western Mandarin): "别个打电话来问过了".
            # "不要紧的你们打电话来吧" (never mind, do call).
            # Not across the end of a sentence: "宝宝别哭了妈妈在打电话" (don't cry, mum is on the phone).
            r"(?:不要(?!紧)|别(?!个|人|的|家|处)|莫要|请勿|不许|不准"
            r"|不允许)[^打不没忘怕担犹客急害光让叫跟给发直只就了吗吧呢]{1,5}?"
            r"(?:打电话|打过来"
            r"|打来电话|来电话|来电)"
        ),
        not_before=re.compile(
            rf"(?:我们?$|{_ZH_SAID}|{_ZH_THIRD}|{_ZH_WHY}|{_ZH_TOLD_ME}|{_ZH_CLOCK_LIMIT})"
        ),
        # "别在这里打电话": don't make calls here. "不要在晚上打电话" still counts.
        not_within=re.compile(
            r"(?:不要|别|莫要|请勿|不许|不准)?在(?:这里|这儿|这|那里|那儿|里面|屋里|车上|车里|会上|会议室"
            r"|课上|教室|医院"
            r"|办公室|图书馆|飞机上|地铁上"
            r"|公共场所|家里|外面)[^打]{0,3}打电话"
            # Round 11: someone in the room is on the phone, "宝宝别闹妈妈在打电话", "别吵爸爸正在打电话":
            # the words before are said to a child, not to us.
            rf"|(?:不要|别|莫要|不许|不准)[^打]{{0,3}}?(?:{_ZH_KIN}|我|他|她|人家|大人|老师)(?:正|现在|这会儿"
            rf"|还)?在打电话"
        ),
        # "别在打电话的时候开车": don't do something while on the phone.
        not_after=re.compile(r"^(?:就行|就好|就可以|吧|给你|给他|给她|给别人|的?时|之?前|以前)"),
        wait_after=re.compile(r"就|就可|给|的|之|以"),
    ),
    # 在 for 再, as the recogniser (or a hurried typist) writes it: "别在打了", "不要在给我打电话了".
    # "别在打电话的时候开车" (don't drive while on the phone), "别在打游戏了" are not.
    _Rule(
        "别再给我打电话",
        re.compile(
            r"(?:别|不要|甭|莫|不用)在(?:给我|跟我|往我这)?(?:打|打电话|打过来|打来|来电|联系我?"
            # Round 10: "你们别在打给我了".
            r"|打给我们?|打到我这|打我电话)(?:了|啦|喽|咯|啊|呀|$)"
        ),
        not_before=re.compile(rf"(?:我们?$|{_ZH_SAID}|{_ZH_THIRD}|{_ZH_WHY}|{_ZH_TOLD_ME})"),
    ),
    # A wish for the last call: "我希望这是最后一次接到你们的电话", "但愿这是你们最后一次来电".
    # "我希望这是最后一次打电话问这个" is the caller's own call.
    _Rule(
        "别再给我打电话",
        re.compile(
            r"(?:希望|但愿|最好|巴不得|祈祷)(?:这|这次|这个|今天|这通电话)(?:是|就是|算是|会是)?(?:你们"
            r"|贵公司)?的?"
            r"最后一(?:次|通|个)(?:接到|接|你们的?(?:电话|来电)|来电|给我打|打给我|打来|打过来|骚扰|电话了"
            r"|电话$"
            r"|推销)"
            # "但愿以后再也接不到你们的电话".
            r"|(?:希望|但愿|巴不得)(?:以后|今后|从此)?(?:再也|永远)?(?:接不到|不会再?接到|别再接到|收不到"
            r"|不用再接)"
            r"(?:你们|贵公司)?的?(?:电话|来电|推销)"
        ),
        not_before=re.compile(rf"(?:{_ZH_SAID}|{_ZH_THIRD})"),
    ),
    # "我不用打电话了", "我不再打电话了": the caller's own calls.
    _Rule(
        "不要给我打电话",
        re.compile(rf"(?:不用|不必|不再|不需要|无需|没必要|用不着){_ZH_DONT}{_ZH_CALL}"),
        not_before=re.compile(rf"(?:我们?$|{_ZH_SAID}|{_ZH_THIRD}|{_ZH_WHY}|{_ZH_TOLD_ME})"),
        not_after=_ZH_SOMEONE_ELSES,
        wait_after=_ZH_MAYBE_SOMEONE_ELSES,
        # Round 15: also a time of day with other times allowed, someone in the room on the phone.
        not_within=re.compile(
            rf"{_ZH_OTHER_NUMBER.pattern}|{_ZH_OTHER_TIME}|{_ZH_ROOM_ON_PHONE}|{_ZH_NOT_NOW_LATER}"
        ),
        wait_before=_ZH_WAIT_BEFORE,
    ),
    # 个 for 给, as the recogniser hears a hurried 给: "别个我打电话了". 别个 is also "other people" ("别个我
    # 打电话问过了", the others I have phoned), so only with the call ending the request.
    _Rule(
        "别再给我打电话",
        re.compile(r"别(?:再)?个我(?:再)?(?:打电话|打了|打过来|打来|来电)(?:了|啦|喽|吧)?(?![问过说找电])"),
        not_before=re.compile(rf"(?:{_ZH_SAID}|{_ZH_THIRD})"),
    ),
    # What it takes for the calls to end: "我要怎么说你们才不会再打给我", "你们什么时候才能不再给我打电话".
    # "我才不会再打给你们" is the caller's own calls.
    _Rule(
        "别再给我打电话",
        re.compile(rf"(?:才|就)(?:能|会|肯|可以)?(?:不会|不再|不)(?:再)?{_ZH_DONT}{_ZH_CALL}"),
        not_before=re.compile(rf"(?:(?:我|我们|他|她|他们|她们)$|{_ZH_SAID}|{_ZH_THIRD})"),
        not_after=_ZH_SOMEONE_ELSES,
        wait_after=_ZH_MAYBE_SOMEONE_ELSES,
    ),
    # Not wanting *you* to call: "我不需要你们再打电话给我", "我不希望你们再来电", "我不同意你们给我打电话".
    _Rule(
        "不要给我打电话",
        re.compile(
            r"(?:不需要|不希望|不想|不想要|不愿意|不愿|不同意|不允许|不接受|拒绝|不要)(?:再)?(?:让)?"
            rf"(?:你们|你|您|贵公司|你们公司|你们的人|任何人|别人|其他人)(?:的人)?{_ZH_DONT}{_ZH_CALL}"
        ),
        not_before=re.compile(rf"(?:没有?$|并没有?$|{_ZH_SAID}|{_ZH_THIRD})"),
        not_after=_ZH_SOMEONE_ELSES,
        wait_after=_ZH_MAYBE_SOMEONE_ELSES,
    ),
    # Stop calling: "我要求你们停止给我打电话", "停止呼叫我", "请停止拨打我的电话". "我停止使用那张卡" and
    # "你们停止营业了吗" are about something else; "你们怎么停止给我打电话了" asks about the past.
    _Rule(
        "别再给我打电话",
        re.compile(
            # Round 13: also "停止一切对我的联系" (all first, then whom).
            rf"(?:停止|停掉|终止|中止|停下)(?:所有|一切|任何)?(?:对我|给我|向我|往我这|对我们|给我们|和我"
            rf"|跟我"
            # Round 16: the line named in the written register, "请停止向本号码拨打任何推销电话".
            rf"|(?:向|给|对|往)(?:本号码|本号|本机|此号码|该号码|这个号码|这个号)"
            rf"|(?:给|对|向){_ZH_THEM})?的?"
            rf"(?:所有|一切|任何)?的?(?:打)?{_ZH_CALL_KIND}"
            r"(?:打电话|电话|拨打|拨|呼叫|来电|致电|联系|联络|外呼|骚扰|打扰|推销|营销|电话营销|电话推销"
            r"|推销电话"
            r"|营销电话|回访)"
        ),
        not_before=re.compile(
            rf"(?:(?:我|我们)(?:要|得|会|想|需要|应该|打算|决定|已经|也)?$|{_ZH_SAID}|{_ZH_THIRD}|{_ZH_WHY}"
            rf"|{_ZH_NEG}$)"
        ),
        not_after=re.compile(r"^(?:了?(?:吗|呢|么)|的吗|的呢|的$|卡|费|号码|服务|业务)"),
        wait_after=re.compile(r"了|的"),
    ),
    # -- not wanting calls: "我不想接这种电话", "这类电话我不需要"
    _Rule(
        "我不想接这种电话",
        re.compile(
            r"(?:不想|不要|不需要|不希望|不愿意|不愿|不再|不|拒绝|不接受|拒)再?"
            r"(?:接|接到|接听|收到|收|听|听到|要|接受|接收|收听)?"
            rf"{_ZH_CALL_KIND}{_ZH_PHONE}"
        ),
        # "我老婆说她的手机不想接推销电话": someone else's own phone. "我不是不想接": it is not that.
        not_before=re.compile(rf"(?:没有?$|并没有?$|不是$|{_ZH_SAID}|{_ZH_THIRD}|{_ZH_THEIR_PHONE})"),
        # 电话卡 (phone card), 电话费 (phone bill); "我不接电话的时候" (when I don't answer) is no refusal.
        not_after=re.compile(r"^(?:号|卡|费|本|机|簿|线|会议|的时候|时|的话)"),
        wait_after=re.compile(r"的|的时|会"),
        # Round 16: 拒绝来电 named in a question of curiosity about the listing.
        not_within=_ZH_CURIOUS_ABOUT_LIST,
        wait_before=_ZH_MAYBE_CURIOUS,
    ),
    # Round 19: our reminder or follow-up calls no longer wanted, "提醒电话我不需要了帮我关掉吧",
    # "回访电话不用了" (Decisions; as 提醒电话以后别打了). Only with 了, a change ("提醒电话不用改了" is
    # about the time), and not asked ("… 不需要了吗").
    _Rule(
        "我不想接这种电话",
        re.compile(
            r"(?:提醒|回访|通知|预约提醒|还款提醒|催缴|催款)的?(?:电话|来电)(?:我们?)?(?:以后)?"
            r"(?:也|都|就|再也|真的|已经)?(?:不需要|不要|不用|用不着)了"
        ),
        not_before=re.compile(rf"(?:{_ZH_SAID}|{_ZH_THIRD}|{_ZH_THEIR_PHONE})"),
        not_after=re.compile(r"^(?:吗|么|嘛|没|没有|是吧|对吧|是不是)"),
        wait_after=re.compile(r"是?|对|是不"),
    ),
    _Rule(
        "我不想接这种电话",
        re.compile(
            # Round 20: the company named, "你们公司的来电我都不接了"; how many, "你们的电话我一个都不想接".
            r"(?:这种|这类|这样的|此类|你们的|你们公司的?|贵公司的?|你们|推销|营销|广告|骚扰|这些){1,3}的?(?:电话"
            r"|来电)(?:我们?)?(?:以后)?(?:再也|也|都|一律|统统|根本|一概|全都|全部|从来|绝对|一个都|一个也"
            r"|一通都|一次都){0,2}(?:不想|不要|不需要|不用|不接|不听|不愿意|不希望)"
            # Round 20: the sales by phone named first, then refused outright, "电话营销一律不接受",
            # "电销我们统统拒绝" (an adverb of all needed: "电话营销不需要学历" is about the job).
            r"|(?:电话(?:营销|推销)|电销)(?:我们?|本人|我家)?(?:以后)?(?:一律|一概|统统|通通|全都|全部|都)"
            r"(?:不接受|不接|拒绝|谢绝|拒接|不要|不听)"
        ),
        # Round 20: not asked, "… 一律不接吗"; not someone else's habit ("我妈推销电话一律不接").
        not_before=re.compile(rf"{_ZH_SAID}|{_ZH_THIRD}|{_ZH_THEIR_PHONE}"),
        not_after=re.compile(r"^[^。]{0,3}?(?:吗|么|嘛)"),
        wait_after=re.compile(r"[^。]{0,3}"),
    ),
    _Rule(
        "我不想接这种电话",
        re.compile(
            r"(?:不想|不要|不愿意|不希望)(?:再)?被(?:你们|你)?的?(?:电话|来电|推销电话)?(?:打扰|骚扰|烦"
            # Round 8: "不想再被联络", "不想再被你们打电话".
            r"|联系|联络|打电话|电话联系|推销)"
        ),
        not_before=re.compile(rf"(?:{_ZH_SAID}|{_ZH_THIRD})"),
    ),
    # Round 8: withdrawing consent, "我收回同意书", "撤回对你们的授权"; asking how counts, as "怎么退订" does.
    _Rule(
        "退订",
        re.compile(
            r"(?:撤回|收回|撤销|撤消)(?:我的|我们的|我对你们的|对你们的|之前的|我之前的)?(?:所有|全部"
            r"|一切)?的?"
            r"(?:同意|授权|许可)"
            # Round 14: what was consented to named between, "我撤回之前同意接听营销电话的授权",
            # "收回我当初同意你们联系我的同意书" (not "撤回之前同意的退款申请", "撤回对那个软件的相机授权").
            # Round 20: 收 only as 收回 stops it, "我撤回之前同意接收电话的授权" (接收, 收到 inside).
            # Round 20: 取消 too, "取消我对你们电话营销的授权".
            r"|(?:撤回|收回|撤销|撤消|取消)(?:(?!撤|收回)[^，。]){0,12}?(?:电话|来电|联系|联络|打给我|致电|推销|营销"
            r"|外呼)"
            r"[^，。]{0,4}?的?(?:授权|同意书|同意|许可)"
            # Round 17: the consent cancelled, what it was for after it, "我取消同意你们给我打电话",
            # "撤销授权你们联系我" (not "取消同意你们用我的照片": no call named).
            # Round 20: or no longer given, "我不再授权你们给我打电话", "再也不同意你们联系我".
            r"|(?:撤回|收回|撤销|撤消|取消|不再|再也不|不会再)(?:我的|我之前的|之前的)?(?:同意|授权|许可|允许)"
            r"(?:你们|您|你|贵公司)?"
            r"(?:再|以后)?(?:给我打电话|打电话给我|给我打|打给我|打我电话|联系我|致电|来电|打电话|给我来电"
            r"|推销|营销)"
        ),
        # Round 20: not a double negation, "我不是不再同意你们给我打电话".
        not_before=re.compile(rf"{_ZH_GUARD.pattern}|(?:不是|并不是|又不是|并非)$"),
    ),
    # Round 8: "不想再接了" at the end of a sentence about the calls: "帮我取消所有的电话提醒我不想再接了".
    # Without a call before it ("这活我不想再接了") it is about anything.
    _Rule(
        "我不想接这种电话",
        # Round 17: or before a request that ends it, "你们这电话我不想再接了给我删了" (删 / 挂 / 别打 after).
        re.compile(
            r"(?:不想|不要|不愿意|不愿|不打算|不会)再(?:接|接听|听)(?:了|啦|喽|咯)?(?=$|(?:你们|你)?(?:给我|把我"
            r"|把号码|把我号码)?(?:删|删掉|删了|去掉|挂了|拉黑|别再?打|不要再?打|别再?来电))"
        ),
        not_before=re.compile(rf"^(?!.*(?:电话|来电|打给我|打过来|打来|打我)).*|{_ZH_SAID}|{_ZH_THIRD}"),
    ),
    # -- delete my number or my data
    _Rule(
        "删除我的号码",
        re.compile(rf"{_ZH_DELETE}(?:掉)?(?:{_ZH_MINE}|(?:我|我们)(?:吧|了|啊)?$)"),
        not_before=_ZH_GUARD,
    ),
    _Rule(
        "删除我的号码",
        # Round 15: not off a record of something else, "把我的名字从合同上删掉" (_ZH_OTHER_RECORD).
        re.compile(
            rf"{_ZH_MINE}(?![^不别没勿]{{0,6}}?从[^删]{{0,3}}?{_ZH_OTHER_RECORD})[^不别没勿]{{0,16}}?{_ZH_DELETE}"
        ),
        # Round 9: "千万别把我号码删了" (don't delete it), as "别删我的号码".
        not_before=_ZH_GUARD_BA,
        # "我的号码删了还能恢复吗" asks.
        not_after=re.compile(r"^(?:了|掉|掉了)?(?:吗|么|没|没有|以后|之后|还)"),
        wait_after=re.compile(r"了|掉|掉了"),
    ),
    # Round 18: the number said never to have been given, then deleted: "我根本没给过你们电话号码你们删掉吧"
    # (the gap of the rule above allows no 没). Not asked ("… 删了吗").
    _Rule(
        "删除我的号码",
        re.compile(
            r"(?:我|我们)(?:从来|根本|压根儿?|就|也)?(?:没有?|从没|从未|未曾)(?:留|给|填|填写|登记|提供|留下|报)过?"
            r"(?:给?你们)?(?:我的)?(?:手机|电话|联系)?(?:号码|号|电话|信息|资料|方式)(?:给你们)?"
            rf"[^不别没勿]{{0,10}}?{_ZH_DELETE}"
        ),
        not_before=_ZH_GUARD,
        not_after=re.compile(r"^(?:了|掉|掉了)?(?:吗|么|没|没有|以后|之后|还|错)"),
        wait_after=re.compile(r"了|掉|掉了"),
    ),
    _Rule(
        "把我从名单上删除",
        re.compile(
            # For the owner of the line: "我爱人上个月走了把她的信息删了吧".
            rf"把(?:我们?(?:家|家里)?|{_ZH_THEM})的?(?:这个|那个)?(?:个人)?(?:手机|电话|联系)?(?:号码|号|电话"
            rf"|信息|资料|名字|数据|方式"
            # "你先把我从群里移出来" (take me out of the group chat) names another list; round 14: so does a
            # queue, "把我从候补名单里去掉" (the waiting list).
            rf"|记录)?(?:从(?![^把]{{0,6}}?(?:群|{_ZH_QUEUE}|{_ZH_OTHER_RECORD}))[^把]{{0,10}})?"
            # Round 21: also, all or together, "把我老公的号码也删了", "把我们家的电话都给我删掉"
            # (only after the number or data named: "把我老公也删了" may be a chat contact).
            r"(?:(?<=[码号话息料字据式录])(?:也|都|也都|全都|全部|一起|一并|统统)(?:给我|帮我|给)?)?"
            rf"{_ZH_DELETE}"
        ),
        # Round 14: the queue named before it, "牙医那边的候补名单把我去掉吧".
        not_before=re.compile(rf"{_ZH_GUARD.pattern}|{_ZH_QUEUE}(?:名单|名册|列表)[^，。把]{{0,4}}$"),
    ),
    _Rule(
        "把我从名单上删除",
        re.compile(
            rf"从(?:你们)?的?(?![^，。从我你]{{0,4}}?{_ZH_QUEUE})[^，。从我你]{{0,4}}?(?:名单|系统|数据库|列表"
            r"|通讯录|名录|记录)(?:里|上|中)?(?:把我"
            r"|将我)?"
            rf"{_ZH_DELETE}"
        ),
        not_before=_ZH_GUARD_BA,
    ),
    _Rule(
        "删除我的号码",
        re.compile(
            rf"(?:别|不要|不许|不准|请勿|勿)(?:再)?(?:(?:保存|保留|存|留着|留|记录|储存)(?:着)?{_ZH_MINE}"
            rf"|(?:把|将){_ZH_MINE}(?:留|保存|保留|存|记录|储存|放))"
        ),
        not_before=re.compile(_ZH_SAID),
    ),
    _Rule(
        "删除我的号码",
        re.compile(
            rf"(?:忘了|忘掉|忘记){_ZH_MY_NUMBER}(?:吧|好了|算了)"
            rf"|(?:请|麻烦)?(?:你们|您|请|麻烦)(?:就)?(?:忘了|忘掉|忘记){_ZH_MY_NUMBER}"
            rf"|(?:你们|您|请|麻烦|就|你就)把{_ZH_MY_NUMBER}(?:给)?(?:忘了|忘掉|忘记)"
            rf"|把{_ZH_MY_NUMBER}(?:给)?(?:忘了|忘掉|忘记)(?:吧|好了|算了)"
            # "我这个号码你们就忘掉吧".
            rf"|{_ZH_MY_NUMBER}(?:你们|您)(?:就)?(?:忘了|忘掉|忘记)(?:吧|好了|算了)"
            r"|就?当(?:没有|没)(?:我这个|我的|这个)(?:号码|号|电话|手机号|人)"
        ),
        not_before=_ZH_GUARD,
        # "你们把我号码忘了吗" asks.
        not_after=re.compile(r"^了?(?:吗|么|没|没有|呢)"),
        wait_after=re.compile(r"了"),
    ),
    # Leaving the list: "我要退出你们的回访名单", "我不想在你们的名单里了". "退出登录", "退出这个群" are not.
    _Rule(
        "把我从名单上删除",
        re.compile(
            r"(?:退出|撤出|退掉)(?:你们的?|贵公司的?|这个|你们这个)?[^，。退你我]{0,6}?(?:名单|列表|名录"
            r"|号码库)"
            r"|(?:不想|不要|不愿意|不希望)(?:再)?(?:在|留在|待在|出现在|上)(?:你们的?"
            r"|贵公司的?)?[^，。你我]{0,6}?"
            r"(?:名单|列表|名录|号码库)"
        ),
        not_before=_ZH_GUARD,
    ),
    # Blocking my number on your side: "把我号码屏蔽掉", "把我的号码拉黑吧". "把他拉黑了" (I blocked him) is
    # not.
    _Rule(
        "删除我的号码",
        re.compile(rf"(?:把|将)(?:我们?|{_ZH_MINE})(?:给)?(?:屏蔽|拉黑|加黑名单|加入黑名单)"),
        not_before=_ZH_GUARD,
    ),
    # Leaving, said alone as the answer to the opening's offer: "是的我要退出", "好我想退出吧". Only at the
    # end of the utterance: "我要退出登录", "我要退出这个群" leave something else.
    _Rule(
        "把我从名单上删除",
        re.compile(
            r"(?:我要|我想|我想要|我选择|我申请|我就|那我|那就|帮我)(?:马上|现在|直接)?(?:退出|退掉)(?:吧|了"
            r"|啊|呀|哦)?$"
        ),
        not_before=_ZH_GUARD,
    ),
    # A request cut off before its verb: "你就把我从名单上", "把我的号码从你们系统里". Final results only.
    _Rule(
        "把我从名单上删除",
        re.compile(
            rf"(?:把|将)(?:我们?|{_ZH_MINE})从(?:你们的?)?[^，。从]{{0,4}}?(?:名单|系统|数据库|列表|通讯录"
            rf"|名录|呼叫名单)"
            r"(?:里|上|中|里面|当中)?$"
        ),
        not_before=_ZH_GUARD,
    ),
    # -- unsubscribe. "退订单" is "return the order", not "unsubscribe".
    # Round 9: not by mistake or to be undone, not paper for the electronic; paper named before it: the rule
    # below.
    _Rule(
        "退订",
        re.compile(r"退订"),
        not_before=re.compile(
            rf"{_ZH_GUARD.pattern}|{_ZH_PLAN}$|{_ZH_MISTAKE_BEFORE}|{_ZH_PAPER}[^，。]{{0,12}}$|{_ZH_SUPPOSED}"
            rf"|{_ZH_OTHER_COMPANY}[^你您贵电打，。]{{0,10}}$"
            # Round 18: the service named before it, "我打算把宽带包月退订掉" (as 退订 + service after it).
            rf"|{_ZH_SERVICE}[^你您贵电打短信，。]{{0,6}}$"
        ),
        not_after=re.compile(
            rf"^单|{_ZH_UNDONE_AFTER.pattern}|^[^，。]{{0,4}}?{_ZH_PAPER}[^，。]{{0,10}}?{_ZH_SWITCH}"
            rf"|{_ZH_SERVICE_AFTER}|{_ZH_KIN_SERVICE_AFTER}|^(?:掉|一下)?{_ZH_OTHER_COMPANY}"
        ),
        # Round 13: or the calls still wanted after it, "我退订了你们的短信但是电话提醒可以继续打",
        # "邮件怎么退订啊电话提醒还要的" (as "… but the reminder calls are fine" in English).
        not_within=re.compile(rf"{_ZH_DONE_ELSEWHERE.pattern}|{_ZH_CALLS_STILL_WANTED}"),
        wait_after=re.compile(
            r"(?:了|过|掉了)[^你您贵]{0,8}|的(?:是|只是)?[^你您贵]{0,8}"
            # Round 13: while another channel of ours is named, a "but the calls …" may still come.
            r"|(?:了|过|掉了)?(?:你们?|您|贵公?司?)(?:的)?(?:(?!电话|来电|打)[^。]){0,8}"
            r"|[啊呀嘛哈][^你您贵。]{0,8}"
            r"|(?:了|过|掉了)?(?:你们?|您|贵公?司?)?的?(?:(?!电话|来电|打)[^。]){0,8}?(?:但是?|不过?|可是?"
            r"|只是?)"
            r"[^。]{0,8}"
            # Round 10: a service or a family member's may still be named ("退订你们的流量包").
            rf"|{_ZH_MAYBE_SERVICE}"
            # Round 9: paper may still come ("退订纸质账单改成电子的"), a mistake or an undo ("退订点错了").
            r"|(?:我的|那个|这个|那|这|我)?(?:纸|邮|寄|信).*|(?:是|点|按|搞|弄|怎|能|可).{0,10}"
            r"|(?:掉|一下)?(?:别|其|另|别的|其他|其它|另外).{0,3}"
        ),
    ),
    # Round 9: paper named first, "纸质账单我想退订": it counts unless switched for the electronic
    # ("… 改成电子的") or undone. Waits for the final result.
    _Rule(
        "退订",
        re.compile(rf"{_ZH_PAPER}[^，。]{{0,12}}?退订"),
        not_before=_ZH_GUARD,
        # The switch said first: "我想改成电子账单纸质的退订吧".
        not_within=re.compile(
            rf"{_ZH_SWITCH}[^。]{{0,12}}?{_ZH_PAPER}[^。]{{0,12}}?退订"
            rf"|{_ZH_PAPER}[^。]{{0,12}}?{_ZH_SWITCH}[^。]{{0,12}}?退订"
        ),
        not_after=re.compile(rf"^单|{_ZH_UNDONE_AFTER.pattern}|{_ZH_PAPER_SWITCH_AFTER.pattern}"),
        wait_after=re.compile(r".*"),
    ),
    # A plan: "我得去退订" counts, "我待会儿得去退订那个健身房的短信" is about another service. Waits for it.
    _Rule(
        "退订",
        re.compile(rf"{_ZH_PLAN}退订"),
        not_before=_ZH_GUARD,
        not_after=re.compile(r"^单"),
        not_within=re.compile(rf"{_ZH_DONE_ELSEWHERE.pattern}|{_ZH_PLANNED_ELSEWHERE.pattern}"),
        wait_after=re.compile(r"(?:一下|掉|了|过|掉了)?[^你您贵这，。]{0,10}"),
    ),
    _Rule("取消", re.compile(r"取消(?:订阅|订购)"), not_before=_ZH_GUARD),
    _Rule(
        "退订",
        re.compile(
            r"(?:取消|拒收|屏蔽|拦截|拒绝|拒接)(?:对我的|给我的|我的)?"
            r"(?:以后|今后|之后|往后|将来|后续|以后的|今后的|所有|全部|一切|这种|这类|这些|你们的|的){0,4}"
            r"(?:电话推销|电话营销|推销电话|营销电话|推销|营销|广告电话|骚扰电话|来电|电话回访|回访电话|回访"
            r"|呼叫|外呼"
            r"|电话通知|通知电话|电话)"
        ),
        # Round 11: not the phone's own blocking, "我手机老是自动拦截电话怎么关掉" (it blocks by itself).
        # Round 13: nor a family member's listing asked about (_ZH_KIN_HOW_TO_REFUSE).
        not_before=re.compile(rf"{_ZH_GUARD.pattern}|自动$|{_ZH_KIN_HOW_TO_REFUSE}"),
        # Round 12: nor how to set it up for spam of any sender, "我手机怎么设置拦截骚扰电话" ("怎么拦截你们的
        # 电话" names ours and counts).
        not_within=re.compile(
            r"(?:怎么|怎样|如何|咋|哪里|在哪|在哪里|要怎么|可以|能不能|能)(?:设置|开启|打开|开通|设定|弄|开"
            r"|才能)?"
            r"(?:一下)?(?:自动)?(?:拦截|屏蔽)(?:掉|所有的?|全部)?(?:骚扰|陌生|推销|广告|诈骗|垃圾|未知|营销"
            r"|陌生人)"
            r"(?:的)?(?:电话|来电)"
            # Round 16: or a listing named in a question of curiosity, "我就是好奇问一下那个拒绝来电名单是怎么
            # 登记的".
            rf"|{_ZH_CURIOUS_ABOUT_LIST.pattern}"
        ),
        # 取消呼叫转移 (call forwarding), 取消来电显示 (caller ID), 取消电话会议 (a conference call).
        # Round 11: nor a question how to turn the blocking off ("屏蔽来电怎么取消", "拦截电话咋关").
        not_after=re.compile(
            r"^(?:会议|预约|面试|号码|号|卡|费|套餐|业务|提醒|转移|显示|等待|录音|功能|彩铃|的?服务)"
            r"|^[^，。]{0,4}?(?:怎么|怎样|如何|咋|能不能|可不可以)(?:才能)?(?:关|取消|解除|停|恢复|弄掉|去掉)"
            # Round 12: the phone's feature, asked where it is set: "拦截骚扰电话的功能在哪里设置".
            r"|^的?(?:功能|设置|软件|应用|app|开关)|^[^，。]{0,4}?(?:在哪|哪里|哪儿)(?:设置|开|打开|找|弄)?"
            r"|^[^，。]{0,4}?(?:怎么|怎样|如何|咋)(?:设置|开启|打开|开通|弄)"
        ),
        wait_after=re.compile(
            r"会|预|面|号|套|业|提|转|显|等|录|功|彩|的|的服|的功|的设|的软|的应|[^，。]{0,4}?(?:怎|如|咋|能"
            r"|可).{0,6}"
            r"|[^，。]{0,4}?(?:在|哪)[^，。]{0,4}"
        ),
        wait_before=_ZH_MAYBE_CURIOUS,
    ),
    # "以后的电话都取消吧", "所有来电全部取消".
    _Rule(
        "退订",
        re.compile(
            r"(?:以后|今后|之后|往后|将来|后续|所有|全部)的?(?:电话|来电|回访|呼叫|推销电话|营销电话)"
            r"(?:都|全|全部|也|就|统统|一律)?(?:取消|停掉|停了|免了|不要了|别打了)"
        ),
        not_before=_ZH_GUARD,
    ),
    # Round 9: the calls told not to come again, "以后电话短信都不要再来了", "你们的来电别再来了". Not
    # someone else's calls ("快递电话别再来了" names the courier).
    _Rule(
        "我不想接这种电话",
        re.compile(
            r"(?:(?:短信|信息|消息)(?:和|跟|、|或)?)?(?:电话|来电)(?:(?:和|跟|、|或)?(?:短信|信息|消息))?"
            r"(?:都|也|全|全部|统统|一律|就)?(?:不要|别|不用|甭|莫|不许|不准)再?(?:来|打来|过来|打过来)"
            r"(?!电|找|拿|取|接|我这|这里|家)"
        ),
        not_before=re.compile(
            rf"{_ZH_GUARD.pattern}|(?:快递|外卖|医院|学校|物业|银行|老师|他|她|他们|她们)的?$"
        ),
    ),
    # Marked as not to be contacted: "请把我标记为不再联系", "把这个号码设为勿扰".
    _Rule(
        "退订",
        re.compile(
            r"(?:标记|标注|设置|设|列|登记|记|加入|列入|改|放进|放入|加到|备注)(?:为|成|到|进|入)?(?:了)?"
            r"(?:(?:不再|不要|别|勿|禁止|拒绝|不)(?:再)?(?:联系|联络|打扰|拨打|致电|来电|呼叫|打电话|外呼|扰)"
            r"|拒接|拒呼|禁呼|黑名单)"
        ),
        not_before=_ZH_PHONE_SETTING,
        not_after=_ZH_SETTING_MODE,
        wait_after=re.compile(r"模|功|状"),
        # Round 16: a listing named in a question of curiosity, "你们会不会给登记了拒接的人打电话我就是问问".
        not_within=_ZH_CURIOUS_ABOUT_LIST,
        wait_before=_ZH_MAYBE_CURIOUS,
    ),
    # Do-not-disturb list: "把我加入免打扰名单", "我要开通免打扰".
    _Rule(
        "退订",
        re.compile(r"免打扰|勿扰名单|(?:拒接|拒呼|黑|禁呼|不再联系的?|勿扰的?)名单"),
        # "请取消免打扰", "我把免打扰关了你们可以打": turned off.
        not_before=re.compile(rf"{_ZH_PHONE_SETTING.pattern}|(?:取消|关闭|关掉|解除|退出|撤销)$"),
        # Round 12: or this caller excepted, "我在别家登记了免打扰不过你们银行可以打" (as "… but you can keep
        # calling" in English).
        not_after=re.compile(
            rf"{_ZH_SETTING_MODE.pattern}|^(?:给)?(?:关了|关掉|关闭|取消|解除|撤销)"
            r"|^[^。]{0,8}?(?:不过|但是|但|可是|只是)(?:你们|您|贵公司|你)[^，。]{0,4}?(?:可以|能|照样可以"
            r"|还是可以|尽管|随便)"
            r"(?:打|联系|来电|给我打|打电话)|^[^。]{0,8}?(?:不过|但是|但|可是|只是)(?:你们|您|贵公司"
            r"|你)[^，。]{0,4}?"
            r"(?:除外|例外|不算|没关系|没事)"
            # Round 15: a question about the list itself, "那个免打扰名单是谁在管的", "免打扰名单是什么"
            # (Decisions, as English "what is the do not call list"), with nothing after it about me or a
            # wish.
            rf"|^(?:名单|登记|服务|制度)?(?:到底|究竟)?{_ZH_LIST_QUESTION}的?(?:啊|呀|呢|吗|啦|哈)*$"
        ),
        wait_after=re.compile(
            r"模|功|状|给|关|取|解|撤|[^。]{0,8}?(?:不|不过|但|但是|可|可是|只|只是)(?:(?:你|你们|您"
            r"|贵)[^，。]{0,8})?"
            r"|(?:名|名单|登|登记|服|服务|制|制度)?(?:到底|究竟)?[是谁在管归由负责哪个部门什么啥东西怎么回事运作行的]{0,9}"
        ),
        # Round 16: or asked out of curiosity, "我就是好奇问一下那个免打扰名单是怎么登记的".
        not_within=_ZH_CURIOUS_ABOUT_LIST,
        wait_before=_ZH_MAYBE_CURIOUS,
    ),
    # Round 16: "勿扰" (do not disturb) said alone, like bare "stop" and "取消": as a sign on a door, a
    # request not to be disturbed. With more words it may be the phone's setting ("勿扰模式",
    # _ZH_PHONE_SETTING).
    _Rule(
        "退订",
        re.compile(r"^(?:请|麻烦|拜托)?(?:勿扰|请勿打扰)(?:吧|了|谢谢|啊){0,2}$"),
        whole=True,
    ),
    # Bare "取消" (cancel) counts only alone: "取消订单" or "我不想取消" must not end the call.
    _Rule(
        "取消",
        re.compile(r"^(?:请|帮我|给我|麻烦|那就|那|就){0,3}取消(?:吧|掉|了|一下|啊|呀|谢谢){0,3}$"),
        whole=True,
    ),
    # Round 10: consent denied, "我没同意过你们联系我", "我从来没有授权你们给我打电话". Not another thing
    # ("我没同意你们的条款"), not a double negation ("我不是没同意你们打电话"), not someone else's.
    _Rule(
        "不要给我打电话",
        re.compile(
            r"(?:没|没有|从没|从没有|从来没|从来没有|并没|并没有|从未|未曾|未|不曾)(?:同意|答应|授权|允许"
            r"|批准|许可)过?"
            r"(?:你们|你|您|贵公司|你们公司|任何人)?(?:给我|跟我|向我)?"
            r"(?:打电话|打给我|打过来|联系我|联系|来电|致电|打我电话|打扰我|推销|发短信|给我打|打)"
        ),
        not_before=re.compile(rf"(?:不是|并不是|又不是|我没说|没说|不是说){{1}}我?$|{_ZH_THIRD}"),
        not_after=re.compile(r"^(?:吗|么|嘛|的吗|过吗)"),
    ),
    # Round 15: consent refused for the use of my number or my details, "我不同意你们使用我的电话号码",
    # "我不允许你们再用我的手机号". Not other things ("… 使用我的照片"), not a double negation or a question.
    _Rule(
        "不要给我打电话",
        re.compile(
            r"(?:不同意|不允许|不授权|不准|不许|拒绝|反对)(?:你们|你|您|贵公司|你们公司|任何人)?(?:再|继续)?"
            r"(?:使用|用|保存|保留|留存|收集|存|拿)(?:我的?|我们的?|这个)(?:手机|电话)?(?:号码|号|电话|个人信息|信息"
            r"|资料|联系方式)"
            # Round 20: topic first, asked of you, "我的号码请不要再用了", "我的资料你们别再拿去用了" (请,
            # 麻烦 or 你们 needed: "我的旧号码不要再用了" may be the speaker's own plan).
            r"|(?:我的|我们的|我家的)(?:手机|电话)?(?:号码|号|电话|个人信息|信息|资料|联系方式)(?:请|麻烦|你们|您)"
            r"(?:你们|您)?(?:以后)?(?:不要|别|不许|不准|不能)再?(?:使用|用|保存|保留|留着|拿去用|拿来用|存着)"
        ),
        not_before=re.compile(rf"(?:不是|并不是|又不是|我没说|没说|不是说|没有|没)我?$|{_ZH_THIRD}"),
        # Round 20: 了 before the question too, "… 不要再用了吗".
        not_after=re.compile(r"^了?(?:吗|么|嘛|的吗|是吧|对吧)"),
        wait_after=re.compile(r"了?吗?|的|是|对"),
    ),
    # Round 10: the number deleted, said as a request without whose ("你们别再找他了把号码删了吧"). Not "我
    # 把号码删了" (I did), nor a question ("把号码删了吗").
    _Rule(
        "把我从名单上删除",
        re.compile(
            rf"(?:你们|您|请|麻烦|赶紧|快|帮忙|直接)(?:你们|您)?(?:就|先|直接|赶紧)?把(?:这个|那个)?(?:手机"
            rf"|电话)?"
            rf"(?:号码|号)(?:给)?{_ZH_DELETE}"
            r"|把(?:这个|那个)?(?:手机|电话)?(?:号码|号)(?:给)?(?:删了|删掉|删除|删|去掉|移除)(?:吧|啊)"
        ),
        not_before=re.compile(rf"{_ZH_GUARD_BA.pattern}|我$|我已经$|我都$|我早就$|我们已经$"),
        not_after=re.compile(r"^(?:了|掉|掉了)?(?:吗|么|没|没有)"),
        wait_after=re.compile(r"了|掉|掉了"),
    ),
    # Round 20: the numbers all deleted, said with how many, "两个号码都删掉", "这几个电话都给我删了吧",
    # "家里的号码全部删除" (as 把号码删了吧: a request with 都 / 全, no whose needed). Not done by the speaker
    # ("我把两个号码都删掉了", "我已经…"), nor asked ("… 删了吗"), nor someone else's contacts
    # ("手机里的号码").
    _Rule(
        "把我从名单上删除",
        re.compile(
            r"(?:两个|这两个|那两个|几个|这几个|所有的?|全部的?|家里的?|我们家的?|我家的?|这些|我们的?|我的"
            # The speaker's and a family member's, "我和我老公的号码都删掉".
            rf"|我们?(?:和|跟|与|还有|以及)(?:我的?|我们的?)?(?:{_ZH_KIN})的?)"
            r"(?:手机|电话|座机)?(?:号码|号|电话)(?:你们)?(?:都|全|全部|统统|一起|也都)(?:给我|帮我|给)?"
            r"(?:删掉|删除|删了|删|去掉|移除|清除)"
        ),
        not_before=re.compile(
            rf"{_ZH_GUARD_BA.pattern}|我们?(?:已经|都|早就|刚|刚刚|自己)?(?:把|将)?$|(?:手机|通讯录|微信)里的?$"
        ),
        not_after=re.compile(r"^(?:了(?!吧|啊|呀)|掉了(?!吧)|吗|么|没|没有)"),
        wait_after=re.compile(r"了|掉|掉了"),
    ),
    # Round 20: a family member not wanting *you* (你们, 您) to call, "我老公也不要你们打电话", "我妈不想你们
    # 再给她打电话了" (Decisions: a wish about us passed on for the line's owner, as English "my dad doesnt
    # want you phoning anymore", round 18). Not asked ("… 吗", 为什么 before it), not said to be untrue.
    _Rule(
        "不要给我打电话",
        re.compile(
            # Round 21: the wish said by them, "我奶奶说她不要你们再打来了", "我妈交代过她不想你们联系她".
            rf"(?:{_ZH_KIN})(?:说|讲|交代|交待|嘱咐)?(?:过|了)?(?:她|他)?(?:也|都|已经|一直|真的|再也|本来就)?"
            r"(?:不要|不想|不希望|不愿意|不愿|不让|不准|不许)"
            r"(?:你们|您|你们公司)(?:以后)?(?:再|老|总)?(?:给(?:他|她|我们|我|家里|我们家))?"
            # Not 打扰 (disturb): "我妈不让你们打扰她睡觉" is about her sleep.
            r"(?:打电话|打(?!扰)|来电|联系|骚扰|打过来|打来)"
        ),
        not_before=re.compile(
            rf"{_ZH_SAID}|{_ZH_WHY}|(?:为什么|为啥|是不是|是否|如果|要是|万一)[^。]{{0,6}}$"
        ),
        not_after=re.compile(r"^[^。]{0,4}?(?:吗|么|嘛|是吧|对吧|是不是)"),
        wait_after=re.compile(r"[^。]{0,4}"),
    ),
    # -- complaints. "投诉过" (complained once) is a report, not a threat.
    # Round 10: not a complaint about a product or a service of ours named after it ("我要投诉你们的产品质量太
    # 差了", "投诉你们的快递员"), unless the calls come in ("投诉你们的客服天天打电话").
    _Rule(
        "我要投诉",
        re.compile(r"(?:投诉|举报|起诉|告)(?!过)(?:你们|你|您|你们公司|这个号码|这个电话|这家公司|这个公司)"),
        not_before=_ZH_GUARD,
        not_after=re.compile(
            rf"^的?(?:{_ZH_GRIEVANCE})(?!(?:(?!。)[^，]){{0,12}}(?:电话|打|来电|骚扰|短信|推销))"
        ),
        wait_after=re.compile(
            rf"的?[^，。电打来骚短推]?|的?(?:{_ZH_GRIEVANCE})(?:(?!电话|打|来电|骚扰|短信"
            rf"|推销)[^，。]){{0,12}}"
        ),
    ),
    # Round 10: not after a grievance about something else with no call in it ("快递到现在还没到我要投诉").
    _Rule(
        "我要投诉",
        re.compile(
            r"(?:我要|我就|我会|我去|我得|我马上|我现在就)去?(?:投诉|举报|报警|起诉)(?:了|啊|吧|的)?$"
        ),
        # Round 18: nor after our own line said unreachable, "客服热线一直占线我要投诉" (a grievance about
        # service; "你们天天打我电话回拨又打不通我要投诉" names the calls and counts).
        not_before=re.compile(
            rf"(?:{_ZH_GRIEVANCE})(?:(?!电话|打|来电|骚扰|短信|推销|联系)[^。]){{0,24}}$|{_ZH_LINE_UNREACHABLE}"
        ),
    ),
    # A threat: "再打我就投诉你们", "再骚扰我就报警".
    _Rule(
        "我要投诉",
        re.compile(
            r"再(?:给我|给我们|往这|往我这)?(?:打|来电|打电话|打过来|打来|骚扰|打扰|联系)[^不]{0,10}?"
            r"(?:投诉|举报|报警|起诉|告你|曝光"
            rf"|拉黑|找律师|律师函|不客气|换号|换号码|换手机号|骂人|骂你|骂娘|翻脸|让你好看|{_ZH_REGULATOR})"
        ),
    ),
    # Round 17: a dare, "你们再打一个试试", "你敢再打过来试试看": calling again is what is dared. Not a
    # call missed and asked again ("刚才没接到你们再打一个试试吧", "信号不好你再打一次试试": 吧 after, or
    # no 你们 / 敢).
    _Rule(
        "我要投诉",
        re.compile(
            r"(?:你们|你们敢|你敢|(?:你们|你)?有本事(?:你们|你)?)再(?:敢)?(?:给我|往这|往我这)?(?:打|打来|打过来|打电话|打个电话|打一个"
            r"|打一次|打一遍|骚扰|来电|联系)(?:一个|一次|一遍|过来|来|电话)?(?:试试|看看)看?(?![吧呗])"
        ),
        not_before=re.compile(r"(?:没接到|没接|漏接|信号|断了|掉线|听不清|没听清|占线|没听到)[^。]{0,8}$"),
        # On a partial, wait at the end: 吧 may follow.
        wait_after=re.compile(r""),
    ),
    # "我要打12315了", "信不信我去消协": going to a regulator, said at the end.
    _Rule(
        "我要投诉",
        re.compile(
            # Round 17: the complaint named before where it goes, "我要投诉到工信部", "我会举报到12321".
            r"(?:我要|我就|我会|我去|我得|我马上|我现在就|信不信我|小心我|我可以)(?:去|马上)?"
            rf"(?:打|找|向|到|给|去找|去|投诉到|举报到|告到|反映到)?{_ZH_REGULATOR}(?:投诉|举报|反映|告你们|告)?(?:了|啊|吧|去|的)?$"
        ),
    ),
    _Rule(
        "别骚扰我",
        re.compile(
            r"(?:这是|你们是|你们这是|这就是|就是|纯属|简直是|属于|这叫|这算)(?:骚扰|违法|犯法|违规|电话轰炸"
            r"|轰炸)"
            # "你们这样天天打是骚扰"; "这不是骚扰" is not.
            r"|(?:你们|你|这)[^骚违犯不]{0,8}?(?<!不)(?:是|算是?|属于|就是|纯属|简直是|叫)(?:骚扰|违法|犯法"
            r"|违规)"
            # Exasperation: "你们烦不烦啊", "你们有完没完".
            r"|(?:你们|你)[^，。我]{0,6}?(?:烦不烦|有完没完|累不累|烦死人|烦死了|真烦人|太烦人|烦人)"
            # "拉黑你们": blocking us.
            r"|拉黑(?:你们|你|这个号码|这个号)"
        ),
        not_before=_ZH_GUARD,
        # "你们这是违法的吗" asks.
        not_after=re.compile(r"^的?(?:吗|么)"),
        wait_after=re.compile(r"的"),
    ),
    # How to make the calls stop: "怎么才能让你们不打电话".
    _Rule(
        "不要给我打电话",
        re.compile(
            r"(?:怎么|怎样|如何|咋)(?:样)?(?:才能|才可以|可以|能)?(?:让|叫)(?:你们|你|你们公司)"
            r"(?:不要?|别|不再)(?:再)?(?:打|给我打|来电|联系|骚扰)"
        ),
        not_before=_ZH_GUARD,
    ),
    # Blacklist me: "把我拉黑吧", "把我的号码拉进黑名单". "把他拉黑了" is someone else.
    _Rule(
        "退订",
        re.compile(
            rf"把(?:我|{_ZH_MY_NUMBER})(?:给)?(?:拉黑|拉进黑名单|加入黑名单|列入黑名单|加黑名单|加进黑名单)"
        ),
        not_before=_ZH_GUARD,
    ),
    # No sales at all: "谢绝推销", "以后这个号码不接受任何推销", "我拒绝接收你们的营销信息".
    _Rule(
        "我不想接这种电话",
        re.compile(
            r"(?:不接受|拒绝|谢绝|拒收|不再接受)(?:接收|接受|接听)?(?:任何|一切|所有|你们的?|这类|这种"
            # Round 20: the form or kind named, and calls before the sales, "拒绝你们任何形式的电话营销",
            # "谢绝一切类型的电话推销".
            r"|的|形式|方式|类型|种类|性质|各种|各类|贵公司的?|电话){0,5}"
            r"(?:推销|营销|电销|广告|促销)(?:电话|信息|短信|活动)?"
        ),
        not_before=re.compile(
            rf"(?:没有?$|并没有?$|{_ZH_SAID}|{_ZH_THIRD}|{_ZH_THEIR_PHONE}|{_ZH_KIN_HOW_TO_REFUSE})"
        ),
        # 推销员 (a salesman), 广告牌 (a billboard); round 20: a job or a course in it, "… 电话营销的工作".
        not_after=re.compile(r"^(?:员|牌|费|公司|的?(?:工作|岗位|职位|课程|培训|专员|外包))"),
        wait_after=re.compile(r"的?(?:工|岗|职|课|培|专|外)?"),
    ),
    _Rule(
        "别骚扰我",
        re.compile(r"(?:你们|你)(?:一直|老是|总是|天天|每天|又|还|在|老){1,3}(?:骚扰|打扰)我"),
        not_before=_ZH_GUARD,
    ),
    # Round 20: an insult, then the calls every day, "你们公司是不是有病天天打", "你们有毛病吧一直打电话" (a
    # complaint about repeated calls, Decisions). Not a game or a fight (天天打游戏, 打牌…).
    _Rule(
        "别骚扰我",
        re.compile(
            r"(?:你们|你|您)(?:公司|那边)?(?:是不是|是否)?(?:有病|神经病|脑子有病|有毛病|有病啊|疯了)(?:吧|啊|呀)?"
            r"[^。]{0,4}?(?:天天|老是|一直|总是|每天|一天到晚|整天|又|还|老)(?:给我)?(?:打|打电话|来电|打过来|打来)"
            rf"(?!{_ZH_HIT_NOT_CALL}|起)"
        ),
        not_before=_ZH_GUARD,
    ),
)
_ZH_RULES = _word_rules(_ZH_RULES, default=False)
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
# Families: 전화하지 마세요 (연락 끊어 주세요, 그만 하세요, 그만 좀 거세요), also for the owner of the
# line (어머니한테 연락하지 마세요) and in dialects (고마 하이소, 허지 마쇼); not wanting calls (이런 전화
# 받고 싶지 않아요, 전화 오는 거 원하지 않습니다); delete or forget my number or data, leave the list
# (제 번호 지워 주세요, 잊어버리세요, 명단에서 빠질게요); 수신 거부 / 동의 철회 / 차단; complaints and
# threats (신고, 귀찮게 하지 마세요, 다시 전화 오면 가만 안 있을 거예요, 불법).
# Dialect forms: 고마 / 고만 for 그만 ("전화 고마 하이소"), 인자 / 인제 for 이제 (Gyeongsang). "고마워요"
# (thank you) is not "고마".
_KO_STOP = r"(?:그만|고만|고마(?![워운웠우움]))"
# Words between the calls and "하지 마": "전화 다시는 하지 마세요", "전화 좀 하지 마".
# Round 9: "문자든 전화든 다 보내지 마세요": all of them. Round 20: how much, "이런 전화 더는 하지 마세요",
# "전화 자체를 하지 말라고요" (the calls themselves), "또다시", "계속".
_KO_DONT_ADVERB = (
    r"(?:좀|다시는|다시|두번다시|다신|더이상은|더이상|더는|더|앞으로는|앞으로|절대|절대로|제발|이제는|이제|이렇게|자꾸"
    r"|함부로|아예|일절"
    r"|아무때나|다|전부|모두|하나도|아무것도|자체를|자체도|자체는|또다시|또|계속)"
)
_KO_POLITE_PREFIX = (
    r"(?:제발|그냥|이제|인자|인제|좀|더이상|다시는|다시|앞으로|아니요|아니오|아뇨|아니|네|예){0,4}"
)
# "전화하지 말라고 한 적 없어요" (I never said don't call): a denied report.
# Also hearsay (someone else said it): "제 친구는 은행에 자기한테 전화하지 말라고 했대요",
# "걔가 연락하지 말래요".
# "전화하지 말라고 했잖아요" (I told you not to call) is not hearsay.
# "전화 좀 그만 걸라고 친구한테 말했어요": said to someone else, after the request.
_KO_TO_SOMEONE_SAID = (
    r"[가-힣]{0,6}?(?<!저)(?<!제)(?:한테|에게|께)(?:는|도)?(?:말했|얘기했|했어|했다|했지|전했|부탁했)"
)
_KO_MAYBE_TO_SOMEONE_SAID = (
    r"[가-힣]{0,6}?(?:한테|에게|께)(?:는|도)?(?:말|말했|얘|얘기|얘기했|했|전|전했|부|부탁|부탁했)?"
)
_KO_SAID_TO_SOMEONE = rf"(?:라고|라구){_KO_TO_SOMEONE_SAID}"
_KO_DENIED_BODY = (
    r"(?:라고|란|라는|라고는)?(?:말)?(?:한적|안했|안한|하지않았|그런적|했던적)"
    # "전화하지 말라는 게 아니라 나중에 해 달라는 거예요": not "don't call" but "call later".
    r"|(?:라는|란|라고)(?:게|건|거|것|말|말이|얘기|뜻)(?:은|는|이|가)?아니"
    r"|(?:라고|라)?(?:(?:했|그랬|했었|하셨)(?:대|다고|다던|다더|답|다네|더라|던데|다는)|하더라|하던데|하대"
    r"|한대"
    # "하지 마래이" is Gyeongsang for "don't", not hearsay.
    r"|한다고|랬대|랬다|래(?!도|이)|란다|라네|라더라|라던|라는데|라던데|라더니)"
    # "전화하지 말까요?" (shall I not call?), "전화하지 말걸 그랬네요" (I should not have called).
    r"|까|걸(?:그랬|걸|요)?$|걸그랬"
    # "남편한테 전화하지 말라고 전해 줄게요": a promise to pass it on to someone else, not a request to us.
    r"|라고(?:꼭|잘)?(?:전해|전달해)(?:줄|드릴|놓을|둘)"
)
_KO_DENIED = re.compile(rf"^(?:{_KO_DENIED_BODY}|{_KO_SAID_TO_SOMEONE})")
# After "전화 그만": "전화 그만하라고 한 적 없는데요" (I never said stop calling).
_KO_STOP_DENIED = rf"^(?:좀)?(?:하|해|하시|주|주시|걸|거시)(?:{_KO_DENIED_BODY}|{_KO_SAID_TO_SOMEONE})"
_KO_MAYBE_DENIED = re.compile(
    r"(?:라|라고|란|라는|라고는)?말?(?:한|안|하|하지|하지않|그런|했|했던|했다|했었|그랬|그랬다|하더|하던|한다"
    r"|랬|랬다"
    r"|라더)?|(?:라는|란|라고)(?:게|건|거|것|말|말이|얘기|뜻)?(?:은|는|이|가)?아?"
    r"|라고(?:꼭|잘)?(?:전|전해|전달|전달해)?"
)
# On a partial, "…전화하지 말고" waits: "… 이 번호로 주세요" may follow.
_KO_MAYBE_DENIED_OR_REDIRECTED = re.compile(rf"{_KO_MAYBE_DENIED.pattern}|(?:고|구|시고|시구|아주시고).*")
# A request made to someone else, reported: "언니한테 전화 그만 하라고 했어요", "다른 회사에 전화하지 말라고
# 했지 여기는 아니에요". Not to us ("저한테 전화하지 말라고 했잖아요", I told you, counts), and not an
# imperative: "우리 어머니한테 다시는 연락하지 마세요" asks us, for the owner of the line, and counts.
_KO_TOLD_SOMEONE_ELSE = (
    r"(?:(?<!저)(?<!제)(?<!나)(?<!내)(?<!저희)(?<!우리)(?<!이쪽)(?<!여기)(?<!그쪽)(?:한테|에게|께)"
    r"|(?:회사|은행|카드사|보험사|곳|데|업체|센터|통신사|가게|병원)(?:에|에다|에다가))(?:는|도|만)?"
    r"[가-힣]{0,12}?(?:말라|말래|말랬|하라|하래|하랬|주라)(?:고|구)?"
    r"(?:했|그랬|말했|얘기했|전했|부탁했|한거|한건|했지|했는데|했던)(?!잖)"
)
# The verb of a "don't call" that a redirect or another time may follow. Round 21: 드리지, the humble 주지
# said for an elder ("밤에는 전화 드리지 마시고 낮에 해 주세요" is moved as "전화하지 마시고" is).
_KO_DONT_CALL_VERB = r"(?:하지|걸지|주지|하시지|주시지|거시지|드리지)"
# "남편 회사 번호로는 전화하지 말고 이 번호로 주세요": the call is redirected to another phone, not refused.
# "이 번호로는 전화하지 마시고 문자 주세요" refuses calls on this number and still counts.
_KO_OTHER_NUMBER = re.compile(
    r"(?<!이)(?<!제)(?<!내)(?<!저의)(?:번호|폰|전화|핸드폰|휴대폰|회사|집|사무실|직장)(?:으로는|로는|으론|론"
    r"|는)"
    rf"(?:전화|연락)(?:는|를|을|좀)?{_KO_DONT_CALL_VERB}?(?:마|말)(?:고|구|시고|시구|고요"
    r"|아주시고)"
    # To this number only: "… 휴대폰으로 주세요" may mean the phone we did not call, so it still counts.
    r"[가-힣]{0,10}?(?:이번호|이쪽|여기|제번호|이전화|이폰|지금번호|이핸드폰|이휴대폰)(?:로|으로)"
)
# "동생이 수신 거부 했대요", "제 친구는 수신 거부 등록했대요", "신고할 거래요": hearsay about someone else.
_KO_HEARSAY = re.compile(
    r"^(?:를|을)?(?:(?:등록|신청|설정|요청|처리)(?:을|를)?)?(?:했|한|할거|할것|거|것|해놨|해뒀)?"
    r"(?:다던|다더|대|다고|다는|래|라고|랍니다|라던)"
)
_KO_MAYBE_HEARSAY = (
    r"(?:를|을)?(?:등|등록|신|신청|설|설정|요|요청|처|처리)?(?:을|를)?(?:했|한|할|할거|할것|거|것|해놨|해뒀)?"
    r"(?:다|라)?"
)
# "친구가 자기 번호를 수신 거부 목록에 올렸대요": someone else's own phone.
_KO_THEIR_PHONE = r"자기(?:번호|폰|전화|핸드폰|휴대폰|전화번호|명의|집전화)[가-힣]{0,10}$"
# "수신 거부 안 할게요" (I won't refuse) is the opposite; "수신 거부 해제해 주세요" (lift it) and "수신 거부
# 취소할게요" too; "동생이 수신 거부 했대요" is hearsay.
_KO_NOT_REFUSED = re.compile(
    # Round 8: "수신 거부 하지 마세요" (don't refuse), "… 하면 안 돼요".
    rf"^(?:(?:는|은|를|을|좀|도)?(?:안|하지않|하지마|하지말|하시지마|하시면안|하면안|해제|풀|취소|철회|해지"
    rf"|없애)"
    rf"|{_KO_HEARSAY.pattern[1:]})"
)
# On a partial, "수신 거부 하시면" waits: it may become "… 안 돼요" (round 8).
_KO_MAYBE_NOT_REFUSED = re.compile(
    rf"(?:는|은|를|을|좀|도)?(?:하|하지|하시|하시지|하시면|하면|하지마?|하시면안?|하면안?)?"
    rf"|{_KO_MAYBE_HEARSAY}"
)
# Round 9: a refusal undone: made by mistake ("실수로 수신 거부를 눌렀는데"), or to be taken back ("… 다시
# 받으려면 어떻게 해요"); or paper switched for email ("종이 고지서 수신 거부하고 이메일로 받을게요").
_KO_MISTAKE = r"(?:실수로|잘못|모르고|깜빡하고|깜박하고|얼떨결에|저도모르게|나도모르게|손이미끄러져서?)"
# Not a call made by mistake: "잘못 걸었죠 수신 거부할게요" counts.
_KO_MISTAKE_BEFORE = rf"{_KO_MISTAKE}(?:(?!걸|전화|연락|거셨|거신)[가-힣]){{0,3}}$"
_KO_UNDONE_AFTER = re.compile(
    rf"^(?:를|을|는|은|도)?{_KO_MISTAKE}"
    r"|^[가-힣]{0,14}?(?:다시받(?:으려|고싶(?!지않|진않|지는않)|을수|게해|아보|을래|으면좋)|다시수신|재수신"
    r"|되돌리"
    r"|원래대로|풀려면|풀고싶|푸는법|해제하려|해제하고싶|해제하는|취소하려|취소하고싶|취소하는|재구독"
    r"|다시구독)"
)
# On a partial, a press told of waits: "수신 거부를 눌렀는데" may become "… 다시 받으려면".
_KO_MAYBE_UNDONE = (
    r"(?:를|을|는|도|가|이)?(?:눌렀|눌러|눌렀는|클릭|선택|터치|체크|했|해놨|해놓았|해버렸|됐|되었|돼)"
    r"[가-힣]{0,14}"
)
_KO_PAPER = r"(?:종이|우편|등기|지로|인쇄물|실물|우편물|종이로오는|집으로오는)"
_KO_PAPER_SWITCH = (
    r"^[가-힣]{0,12}?(?:이메일|메일|전자|모바일|앱|카톡|카카오톡|온라인|문자|전자문서|pdf)(?:고지서|청구서"
    r"|명세서)?"
    r"(?:로|으로)(?:만)?(?:받|보내|바꿔|바꾸|변경|전환|돌려)"
)
_KO_DATA = (
    r"(?:제|내|저의|저희)?(?:개인정보|개인|정보|번호|전화번호|휴대폰번호|핸드폰번호|연락처|이름|데이터)"
)
# Round 14: a wish supposed for some day, "혹시 나중에 수신 거부하고 싶으면 어떻게 해요 그냥 궁금해서요",
# "언젠가 수신 거부하려면" ("수신 거부하고 싶은데 어떻게 해요" asks now and counts).
_KO_SUPPOSED = (
    r"(?:(?:혹시|만약에?|만일|혹시라도)(?:제가|내가|저도|저)?(?:나중에|언젠가|앞으로|다음에|훗날|나중에라도"
    r"|언젠가라도)(?:라도|는)?|나중에라도|언젠가라도|언젠가(?:는)?|(?:나중에|언젠가)(?:혹시|만약에?|만일)(?:라도)?)"
    r"(?:제가|내가|저도|저)?(?:광고|문자|전화)?$"
)
# Round 14: a queue is not a calling list, "진료 대기 명단에서 저 빼 주세요" (the waiting list),
# 대기자, 웨이팅.
_KO_QUEUE_WORDS = ("대기", "대기자", "웨이팅", "후보", "예비", "순번", "대기번호")
_KO_NOT_QUEUE = "".join(f"(?<!{w})" for w in _KO_QUEUE_WORDS)
_KO_PAYMENT_BEFORE = r"(?:카드|신용카드|체크카드|결제|결제수단|계좌|통장|은행)(?:의|쪽)?$"
_KO_QUEUE_BEFORE = (
    rf"(?:{'|'.join(_KO_QUEUE_WORDS)})(?:명단|목록|리스트|명부)(?:에서|에서는|에서도)?(?:제|내|저의|저희|저"
    r"|우리)?(?:아이|애)?$"
)
_KO_REMOVE = (
    # Round 13: 지워 before 지금 is the command ("내 번호 지워 지금 바로"), not 지워지다.
    r"(?:지워(?!졌|진|지(?!금))|지우세요|삭제(?!했|됐|되었|된|돼)|빼(?!먹|고|면|서|놓)"
    r"|제외(?!하고|하면)|없애(?!고)|파기|폐기(?!했|됐|되었|된|돼)"
    # Forget it: "제 번호 그냥 잊어버리세요", "잊어 주세요". Not "잊어버렸어요" (I forgot), nor
    # "잊어버리지 마세요".
    r"|잊(?:어버리(?!지|셨|신|고|면|는|었)|어버려(?!서|도|야)|어주|어줘|으세요|으시|어라)"
    # Round 16: the everyday 까먹다 (forget), "제 번호 까먹어 주세요" (not "까먹었어요", I forgot).
    r"|까먹(?:어버리(?!지|셨|신|고|면|는|었)|어버려(?!서|도|야)|어주|어줘|으세요|으시|어라)"
    # Round 13: the English word said in Korean, "제 데이터 다 delete 해 주세요", "딜리트해 주세요".
    r"|(?:delete|remove|erase|딜리트|리무브)(?:해|하)(?:주|줘|주세요|주십시오|달라|버려|버리))"
)
# A past act about another service's messages: "헬스장 문자 수신 거부했어요",
# "카드사 문자 수신 거부 해놨어요".
# "광고 문자 수신 거부했는데 왜 또 전화해요" is about these calls and still counts.
_KO_CHANNEL = r"(?:문자|메일|이메일|알림|뉴스레터|카톡|카카오톡|푸시|메시지)(?:는|도|를|은|을)?"
# Whose messages: a name must come before them, and not one of ours (광고, 이런, 여기...).
_KO_NOT_OWNER = r"광고|마케팅|홍보|영업|스팸|이런|여기|귀사|그쪽|이쪽|저희|이|그|전화"
_KO_OWNED_CHANNEL = rf"(?<=[가-힣]){''.join(f'(?<!{w})' for w in _KO_NOT_OWNER.split('|'))}{_KO_CHANNEL}"
_KO_NOT_OWNED = re.compile(rf"(?:^|[^가-힣]|{_KO_NOT_OWNER})$")
_KO_PLANNED = (
    r"(?:를|을|는)?(?:해야겠|해야지|해야돼|해야되|해야하|해야할|하려고|하려구|하러|할거|할까|해둬야|해놔야"
    r"|해놓아야|할려고|할래)"
)
_KO_DONE = r"(?:를|을|는)?(?:했|해놨|해놔|해뒀|해놓|해두었|했었|됐|되어있|되어|돼있|돼|해둔|한)"
# "삭제하지 마세요" (don't delete), "삭제하면 안 돼요" (you must not delete).
# "번호 지워 달라는 게 아니라 그냥 물어본 거예요": not a request to delete.
_KO_NOT_REMOVE = re.compile(
    r"^(?:하?지(?:마|말|않)|하?(?:시)?면안|(?:는|은|을|를)?안"
    r"|(?:해)?(?:달라는|달란|주라는|주시라는|달라고한|라는|란)(?:게|건|거|것|말|얘기)?(?:은|는|이|가)?아니"
    # "번호 지워 달라고 한 적 없어요" (I never asked to delete it).
    r"|(?:해)?(?:달라고|달라|달란|주라고|주시라고|라고)(?:는|까지는)?(?:말)?(?:한적|안했|안한|하지않았|그런적"
    r"|했던적))"
)
_KO_MAYBE_NOT_REMOVE = re.compile(
    r"하?지?|하?시?면?|(?:는|은|을|를)|해|(?:해)?(?:달|달라|달라는|주|주라|주라는|달라고|달라고한)(?:게|건|거"
    r"|것)?(?:은|는|이|가)?아?"
)
# After "… 달라고": "한 적 없어요" (I never asked), "한 건 아니고".
_KO_NOT_ASKED = re.compile(
    r"^(?:는|까지는)?(?:말)?(?:한적|안했|안한|하지않았|그런적|했던적)"
    r"|^(?:한|하는|했던)?(?:게|건|거|것)(?:은|는|이|가)?아니"
)
_KO_MAYBE_NOT_ASKED = re.compile(
    r"(?:는|까지는)?(?:말)?(?:한|안|하|하지|하지않|그런|했|했던|하는)?"
    r"(?:게|건|거|것)?(?:은|는|이|가)?아?"
)
# "주말엔 전화하지 말고 평일에 주세요", "지금은 전화하지 마시고 나중에 주세요": the call is moved to another
# time, not refused.
_KO_OTHER_TIME = (
    r"(?:(?:주말|평일|저녁|밤|아침|오전|오후|낮|점심|새벽|근무시간|업무시간|출근시간|지금|오늘)(?:에는|엔|에"
    r"|때는|은|는)"
    # Round 20: too early or too late, "너무 일찍 전화하시지 말고 점심 이후에 해 주세요".
    r"|(?:너무|좀|이렇게|그렇게|아주|넘)?(?:일찍|이르게|늦게|이른시간에|늦은시간에|꼭두새벽에)(?:는|은)?)"
    rf"(?:전화|연락)(?:는|를|을|좀)?{_KO_DONT_CALL_VERB}?(?:마|말)(?:고|구|시고|시구)"
    r"[가-힣]{0,8}?(?:주말|평일|주중|저녁|밤|아침|오전|오후|낮|점심|시|쯤|나중|다음|내일|모레|이따|있다|이후|지나서"
    r"|넘어서)"
    r"(?:에|에는|쯤|에나|가|가요)?"
)
# Round 15: a time of day refused in a sentence of its own, then the call moved to another time or other times
# allowed (Decisions): "오전에는 전화하지 마세요 야간 근무라서요 오후에 주세요", "점심시간에는 전화하지
# 마세요 다른 때는 괜찮아요". "밤에는 전화하지 마세요" alone still counts.
_KO_DAYTIME = (
    r"(?:아침|오전|오후|낮|점심|점심시간|점심때|저녁|저녁시간|저녁때|밤|밤늦게|새벽|출근시간|퇴근시간|근무시간"
    r"|업무시간|수업시간|식사시간|자는시간|낮시간)"
)
_KO_OTHER_TIME_ALLOWED = (
    rf"{_KO_DAYTIME}(?:에는|엔|에|때는|은|는|시간에는|시간엔|중에는)(?:전화|연락)(?:는|를|을|좀)?"
    rf"{_KO_DONT_CALL_VERB}?(?:마세요|마십시오|마요|말아주세요|말아줘요|마시구요|마시고요)"
    rf"[가-힣]{{0,12}}?(?:{_KO_DAYTIME}(?:에|에는|쯤|쯤에)?(?:주세요|해주세요|주시면|하세요|해주시면|걸어주세요|괜찮|돼요"
    r"|됩니다|좋아요)"
    r"|(?:다른때|다른시간|다른시간대|그외|그외에|그외시간|나머지시간|그밖의시간|그밖에)(?:는|에는|엔|에|은)?(?:언제든|아무때나)?"
    r"(?:괜찮|돼요|됩니다|상관없|좋아요|전화주세요|주세요|받을게|받을수))"
)
_KO_DAYTIME_BEFORE = re.compile(rf"{_KO_DAYTIME}(?:에는|엔|에|때는|은|는|시간에는|시간엔|중에는)$")
_KO_NOT_TO_US = re.compile(
    rf"{_KO_OTHER_NUMBER.pattern}|{_KO_TOLD_SOMEONE_ELSE}|{_KO_OTHER_TIME}|{_KO_OTHER_TIME_ALLOWED}"
)
# A clock-time limit says when to call, not to stop: "아홉 시 전에는 전화하지 마세요", "여덟 시 넘어서는 전화
# 안 받아요". A time of day without a clock ("밤에는 전화하지 마세요") still counts.
_KO_CLOCK_LIMIT = (
    r"(?:\d{1,2}|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|열한|열두)시(?:\d{1,2}분|반)?"
    r"(?:전에는|전엔|전에|이전에는?|이전엔|이후에는?|이후엔|후에는?|후엔|넘어서는?|넘으면|지나서는?|지나면"
    r"|부터는?"
    r"|까지는?)$"
    # A day limit is scheduling too: "주말에는 전화하지 마세요", "평일엔 연락 주지 마세요".
    r"|(?:주말|평일|주중|토요일|일요일|월요일|화요일|수요일|목요일|금요일|공휴일|휴일|근무시간|업무시간"
    r"|근무중)"
    r"(?:에는|엔|에|은|는|만큼은|중에는|동안은|동안에는)?$"
)
# The same, for "전화 그만": "카드사에 전화 그만하라고 했어요 여기는 아니고요".
_KO_TOLD_SOMEONE_ELSE_RE = re.compile(_KO_TOLD_SOMEONE_ELSE)
# Someone else as the subject: "애들이 회사로 자꾸 전화해요", "엄마가 계속 전화해요".
_KO_SOMEONE_ELSE_SUBJECT = (
    r"(?:애들|아이들|애|아이|엄마|아빠|어머니|아버지|남편|아내|와이프|친구|동생|언니|오빠|형|누나|걔|얘|쟤"
    r"|할머니|할아버지|딸|아들|부모님|가족|남자친구|여자친구|친척|이웃|동료|사장님|상사"
    # Round 19: someone met through a job, "택배 기사님이 자꾸 다른 번호로 전화하시네" (their calls, not
    # ours).
    r"|기사님?|택배기사님?|배달기사님?|배달원|집배원|경비원|경비아저씨|관리실|관리사무소|선생님|담임|직원|의사"
    r"|간호사|집주인|세입자)(?:들)?(?:이|가|께서"
    r"|은|는|도)"
    r"[가-힣]{0,8}$"
)
# Removed from somewhere else, not from the calling list: "전 남편 이름은 계좌에서 빼 주세요", "제 번호는
# 단톡방에서 지워 주세요".
_KO_ELSEWHERE_REMOVE = re.compile(
    # Round 16: 계약 alone too, "전 남편 이름은 계약에서 빼 주세요".
    rf"{_KO_DATA}[가-힣]{{0,12}}?(?:계좌|통장|카드|명의|서류|계약서?|보험|청구서|주소록|사진|단톡방|가족관계"
    rf"|등본)"
    r"(?:에서|에서는|에서도)[가-힣]{0,4}?(?:빼|지워|지우|삭제|없애)[가-힣]{0,8}"
)
# Round 10: a family member's named service: "아들 학원", "딸 피아노 학원", "남편 헬스장".
_KO_KIN_NAMED = (
    r"(?:아들|딸|애|아이|애들|아이들|남편|아내|와이프|엄마|아빠|어머니|아버지|동생|할머니|할아버지|부모님"
    r"|조카|손자"
    r"|손녀)(?:의|네)?(?:(?!광고|마케팅|홍보|영업|스팸|이런|여기|귀사|그쪽|이쪽|저희|전화|거기)[가-힣]){1,8}$"
)
# Round 11: another company's messages, "다른 회사 문자 수신 거부는 어떻게 해요", "딴 데 광고 알림 수신 거부".
_KO_OTHER_COMPANY = (
    r"(?:다른|딴|타)(?:회사|업체|곳|데|은행|카드사|쇼핑몰|사이트|앱|가게|매장|통신사)(?:의|에서|에서온|꺼|거"
    r"|들)?"
    r"(?:(?!광고|마케팅|홍보|영업|스팸|이런|여기|귀사|그쪽|이쪽|저희|전화|거기)[가-힣]){0,6}$"
)
# Round 12: a refusal or a listing elsewhere, this caller excepted: "다른 데는 다 수신 거부했는데 여기는
# 괜찮아요", "수신 거부 해 놨는데 여기서 오는 건 받을게요" (as "… but you can keep calling" in English).
_KO_HERE_EXCEPTED = re.compile(
    r"(?:수신|전화|연락)(?:을|를)?(?:거부|거절|차단|금지)[가-힣]{0,10}?(?:여기|이곳|이쪽|그쪽|귀사|이회사"
    r"|이은행"
    r"|고객님네|당신네"
    # Round 13: or the calls, after something else refused: "문자는 수신 거부했는데 전화는 괜찮아요".
    r"|(?<=는데)전화|(?<=지만)전화|(?<=어요)전화|(?<=고)전화|(?<=는데)통화|(?<=지만)통화)"
    r"(?:는|은|서는|에서는|서|에서|만|만은|에서오는건|서오는건|전화는|로는|로연락하는건)?(?:괜찮|돼요|되요"
    r"|됩니다|받을게"
    r"|받아도|받을|받겠|전화해도|연락해도|상관없|예외|빼고|제외)"
)
# Round 10: a caller described, someone else: "계속 전화하는 사기 번호", "자꾸 전화하는 모르는 사람".
_KO_CALLING_WHO = (
    r"는(?:그|저|그런|이상한)?(?:사기|스팸|보이스피싱|피싱|이상한|모르는|낯선|다른|대출)[가-힣]{0,4}?"
    r"(?:번호|사람|곳|업체|회사|전화|놈|데)"
)
_KO_CALLER_DESCRIBED = rf"전화하{_KO_CALLING_WHO}"
# Round 10: consent to the calls denied, "제가 전화해도 된다고 동의한 적 없어요", "연락 받는 거 허락한 적
# 없는데요".
# Not by phone ("전화로 동의한 적 없는데 가입됐어요"), not hearsay ("… 없대요"), not a denial of it.
_KO_NO_CONSENT = (
    r"(?:전화|연락)(?!로|으로|상|번호|요금|비|료)[가-힣]{0,12}?(?:동의|허락|허용|승낙)(?:를|을)?"
    r"(?:(?:한|해준|해드린|했던|하신|드린)적(?:이|은|도)?(?:한번도|전혀)?없"
    r"|(?:안|하지않았|해준적없|한번도안)(?:했|해|는데|어요|습니다)?)"
)
# Round 13: how a family member who gets advertising calls from anyone can be listed: "어머니가 광고 전화를
# 너무 많이 받으시는데 수신 거부 등록은 어떻게 해요" (Decisions; as "my mom keeps getting calls how does the
# do not call registry work"). "어머니가 광고 전화를 많이 받으시는데 수신 거부해 주세요" asks us and counts.
_KO_KIN_HOW_TO_REFUSE = (
    r"(?:엄마|아빠|어머니|아버지|어머님|아버님|남편|아내|와이프|할머니|할아버지|부모님|아들|딸|언니|오빠|누나"
    r"|형|동생"
    r"|장모님|장인어른|시어머니|시아버지)(?:가|께서|이|도|는|님이|님께서)?[가-힣]{0,10}?(?:전화|연락)(?:를|가"
    r"|이|도)?"
    r"[가-힣]{0,6}?"
    r"(?:받으시|받는데|받아서|받으셔서|오는데|와서|온대서|오니까)[가-힣]{0,8}?(?:수신|전화|연락|광고)(?:거부"
    r"|차단|금지)"
    r"(?:등록|신청|설정|목록|명단)?(?:은|는|을|를)?(?:어떻게|어디서|어디에|어디로|하는법|하는방법|방법|하려면"
    r"|하고싶은데)"
    # Round 18: someone else's question passed on, how to get listed: "친구가 광고 전화 차단 어디서 신청하는지
    # 묻더라고요" (Decisions; as round 13 above). A wish for the speaker after it ("… 저도 해 주세요") counts.
    r"|(?:옆집|이웃|친구|동료|지인|직장동료|회사동료|엄마|아빠|어머니|아버지|남편|아내|와이프|언니|오빠|누나|형|동생"
    r"|할머니|할아버지)(?:사람|분|집)?(?:이|가|께서|도|는|님이|님께서)?[가-힣]{0,4}?(?:수신|전화|연락|광고)"
    r"(?:거부|차단|금지)(?:등록|신청|설정|목록|명단)?(?:은|는|을|를)?(?:어떻게|어디서|어디에|어디로|어떡)"
    r"[가-힣]{0,8}?(?:물어보|물어봤|묻더|묻던|물었|여쭤|궁금해하|궁금해했)"
    r"(?![가-힣]{0,12}?(?:저도|제번호|저희도|저희번호|해주세요|해줘요))"
)
# Round 13: regulators a complaint about calls goes to.
_KO_REGULATOR = (
    r"(?:방송통신위원회|방통위|한국소비자원|소비자원|개인정보보호위원회|개인정보위|한국인터넷진흥원"
    r"|인터넷진흥원|kisa"
    r"|금융감독원|금감원|공정거래위원회|공정위|국민신문고|소비자보호원|과기정통부|과학기술정보통신부)"
)
# Round 13: another matter named before a report or a complaint: "제품 불량 때문에 신고하려고요", "정전
# 신고하려고 했는데", "은행 사칭 전화 왔었는데 그거 신고하려고요" (someone else's call, told as past). "계속
# 전화해서 신고하려고요" still counts.
_KO_OTHER_MATTER = (
    r"(?:불량|고장|하자|파손|정전|단전|단수|누수|가스|화재|사고|소음|층간소음|주차|불법주차|쓰레기|무단투기"
    r"|분실물|택배"
    r"|배송|환불|결제|요금|누전|도로|가로등|싱크홀|동물|유기견)(?:건|문제|관련|건으로|때문에|땜에|으로|로|이"
    r"|가|을|를|도)?"
    r"[가-힣]{0,3}?$"
    r"|(?:사칭|사기|피싱|스팸|스미싱|이상한|모르는)[가-힣]{0,4}?(?:전화|문자|번호)(?:가|이|를|을|도)?"
    # Round 14: where or when it came, "은행 사칭 사기 전화를 다른 데서 받았는데 신고하려고요".
    r"(?:다른데서|다른곳에서|딴데서|다른번호로|다른번호에서|다른데로|어제|그제|지난번에|예전에|며칠전에|아까)?"
    r"(?:왔었는데|왔는데|왔었어서"
    r"|와서|받았는데|받았었는데|받아서)(?:그거|그걸|그것|이거|그번호|그건)?(?:를|을|좀|도)?(?:어디에|어디로|어디다)?$"
)
# Walking, not calling (걸어 and 걸었으면 are also forms of 걷다, to walk).
_KO_WALKING = r"(?:다리|산책|운동|걷|걸음|발이|발목|무릎|많이걸|오래걸|힘들|아프|아파|등산|만보)"
# Round 11: the line named as a family member's, then that person's wish passed on: "이거 엄마 폰인데요 엄마가
# 전화 하지 말래요", "아빠 핸드폰이에요 아빠가 전화 그만 하래요". Hearsay otherwise ("엄마가 전화 하지 말래요"
# alone may be what she told the speaker): here the wish is the line's owner's, said to us through whoever
# answered. Not when the owner is someone else than the one reported ("엄마 폰인데요 동생이 …").
_KO_OWNER_WORDS = (
    r"엄마|아빠|어머니|아버지|어머님|아버님|남편|아내|와이프|할머니|할아버지|부모님|아들|딸|언니|오빠|누나|형"
    r"|동생"
    r"|사장님|주인|집주인"
)
_KO_LINE_OWNER_WISH = (
    rf"(?:저희|우리|제)?(?P<owner>{_KO_OWNER_WORDS})(?:의|네|님)?(?:폰|핸드폰|휴대폰|휴대전화|전화|번호"
    rf"|전화번호"
    r"|집전화)(?:이|인)?(?:데요|데|거든요|거든|에요|예요|이에요|고요|고|라서|입니다|인데)"
    r"[가-힣]{0,8}?(?P=owner)(?:님)?(?:가|이|께서|는|도)?[가-힣]{0,8}?(?:전화|연락|통화)[가-힣]{0,6}?"
    r"(?:말래|말라고|말라세|말라셔|마시래|그만하래|그만하라고|그만하시래|그만걸래|그만걸라고|싫대|싫다고"
    r"|싫으시대"
    r"|안받는대|안받으신대)"
)

_KO_RULES = (
    # Not a denial: "… 엄마가 전화하지 말라고 한 적은 없어요".
    _Rule(
        "전화하지 마세요",
        re.compile(_KO_LINE_OWNER_WISH),
        at_word=False,
        not_after=re.compile(r"^[가-힣]{0,4}?(?:적|건|게|거)(?:은|는|이|가)?(?:없|아니)"),
        wait_after=re.compile(r"[가-힣]{0,5}"),
    ),
    # -- don't call (again)
    # Covers 전화하지 마세요, 다시는 전화하지 마세요, 전화 걸지 마세요, 전화하지 말아 주세요, 전화하지 마.
    _Rule(
        "전화하지 마세요",
        re.compile(
            # "전화나 하지 마세요", "전화도 문자도 보내지 마세요": more particles, and texts along with calls.
            rf"전화(?:를|는|좀|도|든|이든|나|이나)?(?:(?:문자|메시지|카톡)(?:도|나|든|랑|는|를)?)?{_KO_DONT_ADVERB}{{0,4}}"
            # 허지 마쇼 (Jeolla), 하지 마이소 (Gyeongsang): the same "don't".
            # "문자도 전화도 보내지 마세요": texts and calls, one verb for both. Round 21: 드리지, the humble
            # 주지 said for an elder whose line it is, "할아버지께 더 이상 전화 드리지 마세요".
            r"(?:하지|걸지|주지|하시지|거시지|주시지|허지|보내지|보내시지|드리지)(?:마|말)"
        ),
        not_before=re.compile(_KO_CLOCK_LIMIT),
        not_after=_KO_DENIED,
        wait_after=_KO_MAYBE_DENIED_OR_REDIRECTED,
        not_within=_KO_NOT_TO_US,
        wait_before=_KO_DAYTIME_BEFORE,
    ),
    # Texts, the other half of "texting and calling": "문자 보내지 마세요", "광고 문자 다시는 보내지 마". Not
    # "그 문자는 보내지 마세요" said about a draft: only texts to me, or ads.
    _Rule(
        "전화하지 마세요",
        re.compile(
            r"(?:(?<![가-힣])|광고|홍보|스팸|이런|저한테|제게|저에게|제번호로|이번호로)(?:문자|메시지|카톡"
            r"|알림)"
            r"(?:를|는|도|좀|든|이든)?(?:좀|다시는|다시|더이상|앞으로|절대|제발|이제){0,3}(?:보내지"
            r"|보내시지)(?:마|말)"
        ),
        not_after=_KO_DENIED,
        wait_after=_KO_MAYBE_DENIED_OR_REDIRECTED,
        not_within=_KO_NOT_TO_US,
        wait_before=_KO_DAYTIME_BEFORE,
    ),
    # Round 13: the line or the person named before 걸지 마: "로봇이든 사람이든 이 번호로는 걸지 마",
    # "저한테는 걸지 마세요". Not "말 걸지 마" (don't talk to me): 말 stands between.
    _Rule(
        "전화하지 마세요",
        re.compile(
            r"(?:이번호로|이번호에|이번호는|여기로|여기에|이쪽으로|저한테|저에게|제게|나한테|나에게|저희한테"
            # Round 16: the number named with 전화 or a particle, then 돌리지 (dial), "이 전화번호
            # 돌리지 마세요" ("말 돌리지 마세요", change the subject, names no number).
            r"|(?:이|제|내|저희|우리)(?:전화|휴대폰|핸드폰)?번호(?:로|에|는|를|로는)?"
            r"|저희집에"
            r"|우리집에|우리집으로|이집에|이집으로)(?:는|도|은)?(?:다시는|다시|절대|앞으로|두번다시|더이상"
            # Round 16: two of them, "이 번호는 앞으로 절대 걸지 마세요".
            r"|이제|좀){0,2}"
            r"(?:걸지|거시지|전화걸지|돌리지)(?:마|말)"
        ),
        not_after=_KO_DENIED,
        wait_after=_KO_MAYBE_DENIED,
    ),
    # Round 13: the calls made never to come again, "다시는 안 오게 하세요", "앞으로 전화 안 오게 해 주세요";
    # and the caller's own blacklist asked for, "제 번호 블랙리스트에 올려 주세요" (asking to be blocked
    # counts).
    _Rule(
        "전화하지 마세요",
        re.compile(
            r"(?:다시는|두번다시|다신|앞으로|앞으론|이제|더이상)"
            # Round 15: the number between, and no call "to happen": "두 번 다시 이 번호로 전화 오는 일 없게
            # 해 주세요".
            r"(?:이번호로|이번호로는|이쪽으로|여기로|저한테|제번호로|제폰으로)?(?:이런)?(?:전화|연락)?(?:가|이|도"
            r"|는)?(?:절대)?(?:(?:안|못)(?:오게|걸려오게|오도록)|(?:오는|올|걸려오는|걸려올)일(?:이)?(?:없게|없도록))"
            r"(?:해|하|좀|처리|막아|조치)"
            r"|블랙리스트에(?:좀)?(?:올려|올리든|올리던|등록해|넣어|추가해)(?:주|줘|주세요|주십시오|달라|버려"
            r"|해서|서)"
        ),
        not_before=re.compile(
            r"(?:스팸|모르는|다른|사기|이상한|그)(?:번호|전화)?(?:를|들|들을|도)?[가-힣]{0,2}$"
        ),
    ),
    # Round 13: it must not happen again, "다시 전화 오면 안 돼요", "또 연락 주시면 안 됩니다". The call comes
    # or is made by us (오면, 주시면, 하시면): "제가 다시 전화하면 안 돼요" asks whether the speaker may call.
    _Rule(
        "전화하지 마세요",
        re.compile(
            # Round 16: or "이런" alone, "초등학생이라 이런 전화 오면 안 돼요".
            r"(?:(?:다시|또|다시는|두번다시|앞으로|이제|또다시)(?:이런)?|이런)(?:전화|연락)(?:이|가|를|을|도)?(?:오면"
            r"|주시면|하시면"
            r"|거시면|오시면|와서는|하셔서는|주셔서는|거셔서는)(?:절대|진짜|정말|정말로)?(?:안돼|안되|안됩"
            r"|안된다|곤란)"
        ),
        not_after=re.compile(r"^[가-힣]{0,4}?(?:나요|까요|는지|냐|죠)$"),
    ),
    # Round 14: the number described as not to be called, "이 번호는 전화하시면 안 되는 번호예요",
    # "여기는 연락하면 안 되는 번호입니다", and said to be barred, "이 번호 연락 금지예요", "제 번호는 전화
    # 금지입니다". Not the speaker's own call ("제가 전화하면 안 되는 번호예요"), a prank ("119는 장난
    # 전화하면 안 되는 번호예요"), nor a place where phones are not used ("수업 중에는 전화 금지예요": no
    # number named).
    _Rule(
        "전화하지 마세요",
        re.compile(
            r"(?:전화|연락|통화|문자)(?:를|도)?(?:하시면|하면|주시면|거시면|걸면|드리면|하셔서는|해서는|주셔서는"
            r"|거셔서는|걸어서는)(?:절대|절대로)?(?:안되는|안될|곤란한)(?:번호|곳|집)"
            r"|(?:이|제|저희|우리|내)번호(?:는|은|로는|에는|도|가|이)?(?:이제|앞으로|원래|절대|아예)?(?:전화|연락|통화"
            r"|광고전화|광고연락|광고|문자)(?:금지|거부|사절)(?:예요|에요|이에요|입니다|이거든요|거든요|인데요|이니까"
            r"|니까|이라서|라서|이라고요|라고요|번호|된번호|로해놨|로돼|로되어|이요|요)"
        ),
        not_before=re.compile(
            r"(?:제가|내가|저는|전|난|나는|저도|장난|장난으로|장난삼아|함부로)[가-힣]{0,2}$"
        ),
        # "… 안 되는 번호인가요?" asks.
        not_after=re.compile(r"^(?:이|예|에)?(?:인가|일까|인지|이냐|냐|나요|까요|였나|던가)"),
    ),
    # Round 14: no longer taking them, "저 이거 그만 받을게요", "이런 전화 이제 그만 받고 싶어요". The calls,
    # messages or "this" named before it ("손님 그만 받을게요", "주문 그만 받을게요" are a shop's).
    _Rule(
        "이런 전화 받고 싶지 않아요",
        re.compile(
            r"(?:이거|이것|이건|그거|이런거|이런것|이런건|이런전화|이전화|이런연락|이런문자|전화|연락|문자|광고"
            r"|광고전화|광고문자|안내전화|홍보전화|영업전화)(?:는|은|도|을|를)?(?:이제|앞으로|더는|더이상|좀|진짜"
            r"|정말|제발){0,2}그만(?:받을게|받겠|받고싶|받을래|받으려|받을거|받았으면)"
        ),
        not_before=re.compile(
            rf"{_KO_SOMEONE_ELSE_SUBJECT}|(?:가게|매장|식당|손님|주문|예약)[가-힣]{{0,4}}$"
        ),
        not_after=re.compile(r"^[가-힣]{0,4}?(?:나요|까요|는지|냐|대요|래요|다고)"),
    ),
    # "다시는 걸지 마세요", "두 번 다시 연락하지 마".
    _Rule(
        "다시는 전화하지 마세요",
        re.compile(
            r"(?:다시는|두번다시|다신|더이상|앞으로는?|이제|인자|인제|다시|또다시)(?:이번호로|이번호로는"
            r"|저한테|제게|저에게|여기로"
            r"|여기에)?"
            r"(?:걸지|거시지|연락하지|전화하지)(?:마|말)"
        ),
        not_after=_KO_DENIED,
        wait_after=_KO_MAYBE_DENIED,
    ),
    # What the Korean model in grammar mode returns for "전화 하지 마세요" (measured over the phone).
    _Rule("전화 하지 마세요", re.compile(r"전화(?:를)?다시(?:하지|걸지)?마")),
    # The other measured form, "하지 마세요", only as the whole utterance: anywhere else it is the tail
    # of any "don't ..." ("걱정하지 마세요", don't worry).
    _Rule("전화 하지 마세요", re.compile(rf"^{_KO_POLITE_PREFIX}하지마(?:세요|십시오|요)?$"), whole=True),
    # Round 15: "걸지 마요" (don't call/dial) alone, like "하지 마세요"; "말 걸지 마요" (don't talk to
    # me) is not "걸지" alone, and a longer utterance needs the calls named (the rule with 걸지 above).
    _Rule(
        "전화 하지 마세요",
        re.compile(
            rf"^{_KO_POLITE_PREFIX}(?:다시는|다시|두번다시|다신|이제|제발|절대|앞으로|더이상){{0,2}}"
            r"걸지(?:마|말아)(?:세요|요|십시오|주세요|줘|줘요|주십시오)?$"
        ),
        whole=True,
    ),
    # "하지 마세요" as its own sentence after one about the calls: "이런 전화 정말 불쾌합니다 하지 마세요".
    # After a noun it is another "don't": "걱정 하지 마세요" (don't worry).
    # Round 16: "끊어" (hang up) said to us at the start, or after 됐어 / 그만, is about the call too:
    # "됐어 끊어 다신 하지 마" ("담배 끊어", quit smoking, is not at the start); and 다신 before it.
    _Rule(
        "전화 하지 마세요",
        re.compile(r"하지마(?:세요|십시오|요|시고|라|라고|시라고)?"),
        # Round 13: nor at the start, where the whole-utterance rule above decides bare "하지 마"; a partial
        # "하지 마 그거 …" may be said to a child ("… 만지지 마").
        not_before=re.compile(
            r"^(?!(?:.*(?:전화|연락)|(?:됐어|됐고|됐구|그만|아)?끊(?:어|어요|을게|을게요|습니다|겠습니다)).*"
            r"(?:니다|요|다|니까|으니까|서|죠|네|고|구|데|진짜|정말|제발|그냥|이제|좀"
            r"|그러니까|다시|다시는|다신|또|절대|앞으로)$)"
        ),
        not_after=_KO_DENIED,
        wait_after=_KO_MAYBE_DENIED,
    ),
    # Round 16: "얼씬도 하지 마" (don't come near) with the calls named after or before it: "얼씬도 하지
    # 마세요 전화로도요", "전화로도 얼씬하지 마". "우리 애 근처에 얼씬도 하지 마" names no call.
    _Rule(
        "전화 하지 마세요",
        re.compile(
            r"얼씬(?:도|거리지도|거리지)?(?:하지|도하지)?(?:마|말)[가-힣]{0,6}?(?:전화|연락)(?:로|으로)(?:도|는)?"
            r"|(?:전화|연락)(?:로|으로)(?:도|는)?(?:절대|다시는|다시|앞으로)?얼씬(?:도|거리지도|거리지)?(?:하지)?"
            r"(?:마|말)"
        ),
        not_after=_KO_DENIED,
        wait_after=_KO_MAYBE_DENIED,
    ),
    # Round 13: "걸지 말아 주세요" as its own sentence after one about the calls, as "하지 마세요" above:
    # "이런 전화 받으면 놀라세요 걸지 말아 주세요". Not "말 걸지 마" (don't talk to me), nor without the
    # calls.
    _Rule(
        "전화 하지 마세요",
        re.compile(r"(?<!말)(?<!말을)(?<!말좀)걸지(?:마|말아|말)(?:세요|주세요|주십시오|줘|요|라|십시오)?"),
        not_before=re.compile(
            r"^(?!.*(?:전화|연락).*(?:니다|요|다|니까|으니까|서|죠|네|고|구|데|진짜|정말|제발|그냥|이제|좀"
            r"|그러니까|다시|다시는|또|절대|앞으로)$)"
        ),
        not_after=_KO_DENIED,
        wait_after=_KO_MAYBE_DENIED,
    ),
    _Rule(
        "연락하지 마세요",
        # Round 20: the words between as for 전화 (_KO_DONT_ADVERB), with the verb said: "이런 연락 더는 하지
        # 말아 주세요" ("연락 이제 마무리" has no verb).
        re.compile(
            r"연락(?:을|은|좀|도)?(?:(?:좀)?(?:하지|주지|하시지|주시지|허지|드리지)?"
            rf"|{_KO_DONT_ADVERB}{{1,3}}(?:하지|주지|하시지|주시지|허지|드리지))(?:마|말)"
        ),
        not_before=re.compile(_KO_CLOCK_LIMIT),
        not_after=_KO_DENIED,
        wait_after=_KO_MAYBE_DENIED_OR_REDIRECTED,
        not_within=_KO_NOT_TO_US,
        wait_before=_KO_DAYTIME_BEFORE,
    ),
    # Cutting contact: "연락 끊어 주세요", "연락 끊고 싶어요". "친구랑 연락 끊었어요" is a past event with
    # someone else; "연락 끊긴 친구" (a friend I lost touch with) likewise.
    _Rule(
        "연락하지 마세요",
        re.compile(r"연락(?:을|은|좀|도)?(?:좀|다|모두|아예|완전히)?(?:끊|차단)"),
        not_before=re.compile(
            r"(?<!저)(?<!그쪽)(?<!귀사)(?<!회사)(?<!여기)(?:랑|이랑|와|과|한테|에게"
            # Round 10: 하고 ending a verb ("제 정보 폐기하고 연락 끊어 주세요") is "and", not "with".
            r"|(?<!삭제)(?<!폐기)(?<!파기)(?<!제외)(?<!정리)(?<!탈퇴)(?<!해지)(?<!거부)(?<!차단)(?<!처리)하고"
            r")$"
        ),
        not_after=re.compile(r"^(?:었|겼|긴|겨|어졌|어진|어서|었던|기|길|고지내|고살|은|는지|을까|했)"),
        wait_after=re.compile(r"고|고지|고사|는|을"),
    ),
    # "전화 안 하셨으면 좋겠어요", "이제 연락 안 주셔도 돼요".
    _Rule(
        "전화하지 마세요",
        re.compile(
            # Round 13: also with the person between, "이런 전화 저한테 안 하셨으면 좋겠어요".
            # Round 15: also by phone (로는), and 더 before it: "앞으로 전화로는 안 주셔도 돼요", "연락은 더
            # 안 하셨으면 해요"; and 않으셔도 ("전화 주지 않으셔도 됩니다").
            r"(?:전화|연락)(?:는|은|을|를|좀|도|로는|으로는|로|으로)?(?:이제|앞으로|더이상|다시는|다신|좀|제발|그냥|더"
            r"|더는|저한테|저에게"
            r"|제게|나한테|저희한테"
            r"|우리한테|저희집에|우리집에|이번호로|여기로)?(?:는|도)?(?:이제|앞으로|더이상|다시는|다신|좀"
            r"|제발|그냥){0,3}"
            r"(?:안|하지않|주지않)(?:하셨으면|주셨으면|하셔도|주셔도|해도|으셔도|으셨으면"
            r"|줘도|했으면|걸었으면"
            r"|줬으면|거셨으면|걸어도|하셨음|(?:하시면|주시면|거시면|해주시면|하면|주면)(?:좋겠|감사|고맙"
            r"|안될까|안되겠"
            r"|안될런지))"
        ),
    ),
    # A wish, without the word for the call: "이제 안 걸었으면 좋겠네", "앞으로 그만 거셨으면 해요".
    # 걸었으면 may also be "walked": not with 다리, 산책, 운동… nearby.
    _Rule(
        "전화하지 마세요",
        re.compile(
            r"(?:이제|앞으로|더이상|다시는|다신|인제|인자|앞으론)(?:좀|제발)?(?:안|그만|더는)"
            r"(?:걸었으면|거셨으면|걸어주셨으면|걸면좋|거시면좋|걸지않았으면|거시지않았으면|걸었음)"
        ),
        not_before=re.compile(_KO_WALKING + "[가-힣]{0,12}$"),
        not_after=re.compile("^[가-힣]{0,10}?" + _KO_WALKING),
        wait_after=re.compile(r"[가-힣]{0,10}"),
    ),
    # "그만 걸어 주세요" after a sentence about the calls: "할머니가 이런 전화 받기 싫대요 그만 걸어
    # 주세요". "그만 걸어요" alone may be "stop walking".
    _Rule(
        "그만 전화하세요",
        re.compile(rf"{_KO_STOP}(?:좀)?걸어(?:주세요|주십시오|줘|주시|달라|요|라)?"),
        # Round 13: the calls may be named by the number, the wrong number dialled (거셨어요), or the
        # annoyance at them ("아 진짜 짜증나네 그만 좀 걸어"; Decisions).
        not_before=re.compile(
            r"^(?![가-힣]*(?:전화|연락|통화|번호|거셨|걸려|걸어오|스팸|광고|짜증|귀찮|지겹|지긋|열받|미치겠"
            r"|몇번째"
            rf"|하루에|돌겠|환장))|{_KO_WALKING}[가-힣]{{0,12}}$"
        ),
        not_after=re.compile(rf"^(?:{_KO_DENIED_BODY}|{_KO_TO_SOMEONE_SAID})|^[가-힣]{{0,10}}?{_KO_WALKING}"),
        wait_after=re.compile(rf"{_KO_MAYBE_DENIED.pattern}|[가-힣]{{0,10}}"),
    ),
    # Begging: "제발 그만 좀 걸어요", "그만 좀 걸어요 제발". Not after walking ("다리 아프면 그만 좀 걸어요").
    _Rule(
        "그만 전화하세요",
        re.compile(rf"제발(?:좀)?{_KO_STOP}(?:좀)?걸어|{_KO_STOP}좀걸어(?:요|라)?제발"),
        not_before=re.compile(_KO_WALKING + "[가-힣]{0,12}$"),
        not_after=re.compile("^[가-힣]{0,10}?" + _KO_WALKING),
        wait_after=re.compile(r"[가-힣]{0,10}"),
    ),
    # A wish for the last call: "이번이 마지막 전화였으면 좋겠습니다", "이게 마지막 연락이길 바랍니다".
    _Rule(
        "전화하지 마세요",
        re.compile(
            r"마지막(?:전화|연락|통화)(?:였으면|이었으면|이길|이기를|이면좋|였음|이었음|으로해|으로하|로해"
            r"|로하"
            r"|이었으면)"
            # "이번 통화가 마지막이었으면 좋겠어요".
            r"|(?:전화|연락|통화)(?:가|이|는|은)?마지막(?:이었으면|이길|이기를|이면좋|이었음|으로해|으로하)"
        ),
        not_before=re.compile(_KO_SOMEONE_ELSE_SUBJECT),
    ),
    # "전화 그만 하세요", "그만 전화하세요"; "전화 그만 끊을게요" is "I'll hang up now".
    _Rule(
        "그만 전화하세요",
        re.compile(
            # "전화 폭탄 그만 좀 하세요".
            rf"{_KO_STOP}(?:좀)?(?:전화|연락)|(?:전화|연락)(?:폭탄|공세|세례|테러)?(?:를|는|좀|도|은)?(?:좀)?"
            # Round 17: the calling named as a deed, "저한테 전화하는 거 그만해 주세요", "연락 주시는 것 좀
            # 그만".
            r"(?:(?:하는|하시는|주는|주시는|거는|거시는|돌리는)(?:거|것|게|건)(?:를|을|은|는|도)?(?:좀)?)?"
            # Round 11: the line named between, "전화 제 번호로 그만 돌리세요".
            r"(?:(?:제|이|저희|우리|내)(?:번호|폰|핸드폰|휴대폰|집)(?:로|에|으로|로는|에는)(?:좀)?"
            # Round 12: the person, "스팸 전화 저한테 그만 돌리세요".
            r"|(?:저한테|저에게|제게|나한테|나에게|저희한테|저희에게|우리한테|우리집에|여기로|이쪽으로)(?:는"
            r"|도)?(?:좀)?"
            # Round 13: a word of time or pleading, "알림 전화 이제 그만 보내 주세요".
            r"|(?:이제|인제|이젠|제발|진짜|정말|더이상|앞으로|그냥|좀|진심)(?:좀)?)?"
            rf"(?:{_KO_STOP}|작작)"
        ),
        not_within=_KO_TOLD_SOMEONE_ELSE_RE,
        # "전화 그만 끊을게요" (I'll hang up now); "전화 좀 그만 해야겠어요", "제가 전화 그만 할게요": the
        # caller's own calls.
        # "동생이 전화 그만 하래요": hearsay.
        not_after=re.compile(
            # Round 17: the same with 그만두다, "엄마한테 전화하는 거 그만둘까 봐요", "전화 그만둘게요".
            r"^(?:끊|할까|해야|하려|할게|할께|할래|하기로|할거|하자|했|하겠|할겁|할까|둘(?:게|께|까|래|거|려|생각)"
            r"|두려|두겠|둬야|뒀|두기로"
            # Round 17: the call passed around, "전화 그만 돌리고 담당자 바꿔 주세요" (put me through to
            # someone; "전화 그만 돌리세요" still counts).
            r"|돌리고(?:요|좀|빨리|그냥|바로|제발)?(?:담당자|상담원|상담사|책임자|관리자|직원|매니저|팀장|실장|과장"
            r"|윗사람|높은사람|다른분|다른사람|아는사람|사람)"
            r"|(?:하|해|하라)?(?:래"
            r"|랬대|라고했대"
            r"|라던|라더|란다|라네))"
            rf"|{_KO_STOP_DENIED}"
        ),
        wait_after=re.compile(
            r"할|해|하|하겠|하려|하기|할거|하라|하라고|하라고했|두|둘|두기|둬|돌리?고?(?:요|좀|빨리|그냥|바로|제발)?"
            rf"|(?:좀)?(?:하|해|하시|주|주시|걸|거시)(?:{_KO_MAYBE_DENIED.pattern}|(?:라고"
            rf"|라구){_KO_MAYBE_TO_SOMEONE_SAID})"
        ),
    ),
    # "그만 하세요" ending a sentence: "스팸 신고하기 전에 그만 하세요", "아 진짜 그만 좀 하세요". After a
    # noun it is about something else ("걱정 그만 하세요", stop worrying), so only what can stand before a
    # command to stop may come before it.
    _Rule(
        "그만하세요",
        re.compile(
            rf"{_KO_STOP}(?:좀)?(?:하세요|하십시오|하시라고요?|하시라구요|하시죠|하라고요?|하라구요"
            rf"|하라니까요?"
            r"|해주세요|해요"
            # Dialects: 하이소, 하소 (Gyeongsang), 허쇼 (Jeolla), 해유 (Chungcheong).
            r"|하이소|하소|허쇼|하쇼|허소|해유|하세유|해라이|하래이|해래이"
            r"|해라|해)"
        ),
        not_before=re.compile(
            # "… 자꾸 하노 고마 해라" (Gyeongsang question ending 노, 나, 냐).
            r"^(?!.*(?:전에|니까|으니까|(?<!말)고|면|요|다|죠|노|냐|나|제발|진짜|정말|정말로|진짜로|이제"
            r"|이제는|인자|인제|그냥"
            r"|좀|아|아이고|아휴|휴"
            r"|참|됐어|됐고|아니|아뇨|자꾸|계속|당장|빨리|그니까|이거|이런거|이런것|이짓|이런짓|광고|영업"
            r"|홍보|스팸|마케팅"
            r"|그런거|그거|제발요|좀요)$"
            # A complaint about the calls before it: "매일 전화 오는데 미치겠네 그만 좀 해요", "또 이 전화야
            # 그만 좀 하라고 했잖아".
            r"|.*(?:전화|연락|통화|문자)[가-힣]*(?:네|야|잖아|구나|군|냐|니)$)."
        ),
        # "그만하라고 한 적 없어요" (I never said stop).
        not_after=re.compile(rf"^(?:야|서|도|보|버|놓|주면|줄|봐|봤|본)|^(?:{_KO_DENIED_BODY})"),
        wait_after=re.compile(rf"주|줄|{_KO_MAYBE_DENIED.pattern}"),
    ),
    # "그만 좀 거세요", "그만 좀 걸어 전화": stop calling. "그만 걸어요" alone may be "stop walking" (걷다),
    # so 걸어 needs 전화 next to it; 거세요, 거시라고 are only 걸다 (to call).
    _Rule(
        "그만 전화하세요",
        re.compile(
            rf"{_KO_STOP}(?:좀)?(?:거세요|거십시오|거시라고|걸라고|거시죠|걸지마|거시지마"
            r"|걸어(?:요|라)?(?=(?:좀)?(?:전화|이런전화|그전화)))"
        ),
        # "그만 걸라고 한 적 없어요", "그만 걸라고 친구한테 말했어요".
        not_after=re.compile(rf"^(?:{_KO_DENIED_BODY}|{_KO_TO_SOMEONE_SAID})"),
        wait_after=re.compile(rf"{_KO_MAYBE_DENIED.pattern}|{_KO_MAYBE_TO_SOMEONE_SAID}"),
    ),
    # Bare "그만" (enough/stop) is, like English "stop", an opt-out only when said alone.
    _Rule(
        "그만하세요",
        re.compile(
            rf"^{_KO_POLITE_PREFIX}{_KO_STOP}(?:좀)?(?:해|해요|하세요|하십시오|해주세요|하라고|하라고요"
            rf"|하라니까"
            rf"|해라|하이소|하소|허쇼|하쇼|해유|하세유|해라이"
            r"|하시라고요|하시죠)?$"
        ),
        whole=True,
    ),
    # -- not wanting calls
    _Rule(
        "이런 전화 받고 싶지 않아요",
        re.compile(
            r"(?:전화|연락|통화)(?:는|를|을|은|도|같은거|같은건"
            r"|(?:가|이)?(?:오는|받는|거는|주시는|하시는|걸려오는|오시는|주는|하는)(?:거|것|게|건)(?:가|이|은"
            r"|는|도)?)?"
            r"(?:더이상|더는|이제|앞으로|앞으로도|절대|절대로|다시는|일절|전혀|일체|아예|모두|전부|다|완전히"
            r"|정중히|정중하게"
            # Round 9: the kind of call, "전화 영업 거부합니다".
            r"|영업|광고|홍보|마케팅|판촉|권유|영업은|광고는"
            r"|무조건|정말|진짜|너무|좀|은|는|도){0,5}"
            # "원하지 않으니 …" (since I don't want) counts; "원하지 않으면" (if you don't want) does not.
            r"(?:원하지않(?!으면|으시|는다면)|원치않|필요없|사양|사절|거절(?!버튼|당|했)|거부(?!버튼|당|했"
            r"|하지|는안"
            r"|안)|싫"
            # A strong "don't want to receive" may come a few syllables later: "전화 관심 없고 받기 싫어요".
            r"|[^안못]{0,6}?(?:받고싶지않|받기싫|받기가싫|안받(?:을|겠|고싶|아요|습니다|는다|아(?!서|도|가"
            r"|야))"
            r"|받지않(?:겠|을|습|아요)|안받고싶|그만받(?:고싶|을래|을게|겠|을거)|받을생각없|받고싶지도않))"
        ),
        # "전화 받기 싫은 건 아니에요": it is not that I don't want calls; "싫지 않아요": not unwanted.
        # "친구가 전화 받기 싫대요": hearsay ("싫다고요", I said I don't want them, is not).
        not_after=re.compile(
            r"^(?:은?(?:건|게|거|것)?(?:은|이)?아니|지(?:는|도)?않|진않|(?:는|다|ㄴ)?(?:대|다던|다더|답니다"
            r"|다네)"
            # Round 8: "받기 싫다는 게 아니라 …", "원하지 않는다는 건 아니고" (not that I don't want them).
            r"|(?:다|는다|단|은|는)?(?:는|단)?(?:게|건|거|것|말)(?:은|이)?(?:아니|아녜|아냐)"
            r"|다고(?:했(?!잖)|하더|하던|한다|들었))"
        ),
        wait_after=re.compile(
            r"은?(?:건|게|거|것)?(?:은|이)?아?|지(?:는|도)?|진|는|다|다고|다고하"
            r"|(?:다|는다|단|은|는)?(?:는|단)?(?:게|건|거|것|말)?(?:은|이)?아?"
        ),
        not_before=re.compile(_KO_CLOCK_LIMIT),
        # Round 15: a kind named before may be set against this call after ("광고 전화는 싫은데 이 알림 전화는
        # 괜찮아요"): a partial waits.
        wait_before=re.compile(r"(?:광고|영업|홍보|마케팅|판촉|스팸|보험|대출|텔레마케팅)$"),
        # Round 14: someone outside the household who dislikes them, "옆집 사람은 이런 전화 싫어하던데
        # 저는 괜찮아요", "제 친구는 광고 전화 싫어하는데" (싫어하다 tells of another; the line's owner,
        # "저희 엄마는 … 싫어하세요 걸지 마세요", is decided by the request after it).
        not_within=re.compile(
            r"(?:옆집|이웃|이웃집|윗집|아랫집|앞집|친구|동료|직장동료|회사동료|회사사람|지인|동네|남들|다른사람"
            r"|다른분|사장님|상사|선배|후배|직원)(?:사람|분|할머니|할아버지|아주머니|아줌마|아저씨|언니|오빠|형"
            r"|누나|애|아이)?(?:들)?(?:은|는|도|이|가|께서는?)[가-힣]{0,12}?(?:전화|연락|통화)[가-힣]{0,6}?싫어(?:하|해|합)"
            # Round 15: one kind refused, this call still wanted after it, "광고 전화는 싫은데 이 알림 전화는
            # 괜찮아요" (as round 13's "문자는 수신 거부했는데 전화는 괜찮아요").
            r"|(?:광고|영업|홍보|마케팅|판촉|스팸|보험|대출|텔레마케팅)(?:전화|연락)(?:는|은)?(?:싫|원하지않|필요없)"
            r"(?:은데|는데|지만|긴한데|기는한데|긴하지만|어요근데|습니다만)(?:(?:이|이런|이번|지금|요|그)?(?:알림|안내"
            r"|예약|확인|배송|상담|진료|병원|약국|결제|본인확인)[가-힣]{0,4}?(?:전화|연락|통화|문자)(?:는|은|까지는"
            r"|만큼은)?(?:괜찮|받을게|받을께|좋아|필요|유용|상관없|계속)"
            # Round 17: or this call pointed at and owned as asked for, "스팸 전화는 싫은데 이건 제가 신청한
            # 거예요" (not "… 신청한 적 없어요", never asked for).
            r"|(?:이건|이거는|요건|이번건|이번거는|이전화는|이번전화는|이연락은)(?:요)?(?:제가|내가|저희가|우리가|직접"
            r"|분명히|원래|일부러){0,2}(?:신청|가입|요청|예약|부탁|동의)(?:한|했던|하신|드린)(?!적|게아니|거아니|건아니))"
        ),
    ),
    _Rule(
        "이런 전화 받고 싶지 않아요",
        re.compile(
            # Round 8: adverbs between, "자동 전화 이제 안 오게 해 주세요".
            r"(?:전화|연락)(?:가|이|는|좀)?(?:이제|앞으로|다시는|더이상|더는|절대|절대로|아예|좀|제발){0,2}"
            r"(?:안오|오지않|못오|안걸려오|오지말)(?:게|도록)"
            r"|(?:전화|연락)(?:가|이|는|좀)?(?:이제|앞으로|다시는|더이상|더는|아예|좀){0,2}(?:안왔으면"
            r"|안오면좋"
            r"|오지않았으면|안오셨으면|안오시면좋|안걸려왔으면)"
            # Round 8: what I want, "제가 원하는 건 그냥 전화 안 오는 거예요", "바라는 건 연락 끊는 거".
            r"|(?:원하는|바라는)(?:건|것은|거는|거|바는)[가-힣]{0,8}?(?:전화|연락)(?:가|이|을|를)?"
            r"(?:이제|앞으로|다시는|더이상|더는|아예|좀){0,2}"
            r"(?:안오는|안하는|안하시는|안주시는|안받는|안거는|안거시는|그만하는|그만오는|끊는|오지않는"
            r"|하지않는)"
        ),
        not_after=re.compile(r"^(?:게|거|건|도록)?(?:은|는|이|가)?(?:아니|아녜|아냐)"),
        wait_after=re.compile(r"(?:게|거|건|도록)?(?:은|는|이|가)?아?"),
    ),
    # Halting the calls: "앞으로 모든 텔레마케팅 전화 중단해 주세요", "전화 중단하세요". Not "전화 서비스
    # 중단", nor "전화 중단됐어요" (cut off), nor "중단하지 마세요".
    _Rule(
        "그만 전화하세요",
        re.compile(
            r"(?:전화|연락|발신|텔레마케팅|광고|영업|마케팅|홍보|권유|판촉)(?:를|을|은|는|도|좀|일체|모두"
            r"|전부|다|일절"
            r"|당장|즉시|이제|더이상|앞으로|제발|완전히){0,3}"
            r"(?:(?:중단|중지)(?:해|하(?=세|십|시|라|셔|기|자)|시켜|바랍|요청|부탁|좀)|(?:멈춰|그만둬)(?:주"
            r"|줘|달|요|라)"
            r"|(?:멈추|그만두)(?:세요|십시오|시|라))"
        ),
        not_after=re.compile(
            r"^(?:지(?:마|말|않)|면안|면곤란|(?:달|주)?(?:라고|란|라는)?(?:말)?(?:한적|안했|그런적)"
            rf"|(?:주)?(?:라고|라)?(?:했)?(?:대|다던|다더|래|다고)|{_KO_DENIED_BODY})"
        ),
        wait_after=re.compile(
            r"지|면|면곤?|(?:달|주)?(?:라고|란|라는)?(?:말)?(?:한|안|그런|했)?|주|주라?|달"
        ),
        not_before=re.compile(_KO_SOMEONE_ELSE_SUBJECT),
    ),
    # The do-not-call list: "전화 금지 목록에 올려 주세요", "수신 금지 명단에 넣어 주세요". Like English, any
    # mention counts, except someone else's own phone ("자기 번호를 … 올렸대요", hearsay).
    _Rule(
        "수신 거부",
        re.compile(
            r"(?:전화|연락|통화|발신|수신|광고전화|광고|텔레마케팅)(?:금지|거부|사절|차단|거절)"
            r"(?:목록|명단|리스트|대상|대상자|번호|등록)"
            # Round 14: said in English, "저 do not call 리스트에 넣어 주세요" (as remove / delete in
            # round 13).
            r"|(?:donotcall|dontcall|nocall|dnc)(?:list|registry|리스트|명단|목록|등록|대상|번호|에|로|으로)"
        ),
        not_before=re.compile(_KO_THEIR_PHONE),
        not_after=re.compile(
            r"^(?:에|으로|로)?[가-힣]{0,6}?(?:했대|했다고|했다던|했다더|했답|했다네|렸대|렸다고|었대|었다고)"
        ),
        # Round 13: a family member's listing asked about (_KO_KIN_HOW_TO_REFUSE).
        not_within=re.compile(_KO_KIN_HOW_TO_REFUSE),
        wait_after=re.compile(r"(?:에|으로|로)?[가-힣]{0,6}?(?:했|렸|었|했다|렸다|었다)?"),
    ),
    # Round 12: the number set to it, "이 번호는 연락 금지로 처리해 주세요", "전화 거부로 설정해 주세요". Not
    # the phone's own setting ("휴대폰에서 전화 거부 설정하는 법"), hearsay, or someone else's phone.
    _Rule(
        "수신 거부",
        re.compile(
            r"(?:전화|연락|통화|발신|광고전화|텔레마케팅)(?:금지|거부|사절|거절)(?:로|으로)?(?:처리|설정|지정"
            r"|분류"
            r"|변경|표시|체크)"
            r"|(?:전화|연락|통화|발신|광고전화|텔레마케팅)(?:금지|거부|사절|거절)(?:로|으로)(?:해|등록|올려"
            r"|넣어|바꿔"
            r"|돌려|걸어)"
        ),
        not_before=re.compile(
            rf"{_KO_THEIR_PHONE}|(?:휴대폰|핸드폰|스마트폰|아이폰|갤럭시|폰|전화기|기기)(?:에서|에서는|으로"
            rf"|에|의)?"
            r"(?:설정|설정에서|설정으로)?(?:수신|오는)?$"
        ),
        not_after=re.compile(
            r"^(?:에|으로|로)?[가-힣]{0,6}?(?:했대|했다고|했다던|했다더|했답|했다네|렸대|렸다고|었대|었다고)"
        ),
        wait_after=re.compile(r"(?:에|으로|로)?[가-힣]{0,8}"),
    ),
    # Round 8: "하지" lost between the call and the ending after an adverb, "다시 전화 마세요", "이제 전화
    # 마요" (as "전화 다시 마세요", above). "걱정 마세요" has no call.
    _Rule(
        "전화하지 마세요",
        re.compile(
            r"(?:다시|다시는|이제|앞으로|앞으로는|절대|절대로|더이상|두번다시|제발)(?:이번호로|저한테"
            r"|여기로)?"
            r"(?:전화|연락)(?:는|도|좀)?(?:마세요|마요|마십시오|마라|마|말아요|말아주세요|마시고)(?![가-힣])"
        ),
        not_before=re.compile(rf"{_KO_SOMEONE_ELSE_SUBJECT}|{_KO_CLOCK_LIMIT}"),
        not_within=_KO_NOT_TO_US,
        wait_before=_KO_DAYTIME_BEFORE,
    ),
    # Round 8: "그만 걸어" said alone (whole utterance, final only), as bare "그만": "야 그만 걸어",
    # "제발 그만 좀 걸어요". With more words it may be walking ("오늘은 많이 걸었으니 그만 걸어요").
    _Rule(
        "그만 전화하세요",
        re.compile(
            r"^(?:야|아|어|제발|이제|좀|그냥|아이|아이고|진짜|정말|됐고|됐어|아니|아니요|네|그니까){0,3}"
            rf"{_KO_STOP}(?:좀)?(?:걸어|거세요|걸어요|걸라고|걸어라|거시라고)(?:요)?(?:제발|좀)?$"
        ),
        whole=True,
    ),
    # The words turned round: "걸지 마 다시는", "걸지 마세요 앞으로". "말 걸지 마" (don't talk to me) and
    # "시비 걸지 마" are other things.
    _Rule(
        "다시는 전화하지 마세요",
        re.compile(
            r"(?:걸지|거시지)(?:마|말)[가-힣]{0,4}?(?:다시는|두번다시|다신|절대로?|앞으로는?|더이상|이제는)"
        ),
        not_before=re.compile(
            r"(?:말|말을|시비|시비를|돈|돈을|기대|기대를|희망|내기|장난|싸움|농담|목숨|승부|모자|옷|코트)$"
        ),
    ),
    # Calls coming at all: "전화 오지 마세요", "이 번호로 전화 오지 않게 해 주세요"; someone else's subject
    # ("엄마가 전화 오지 말래요") is hearsay.
    _Rule(
        "전화하지 마세요",
        re.compile(
            r"(?:전화|연락)(?:가|이|는|도|좀)?(?:좀|다시는|다시|더이상|앞으로|절대|절대로|제발|이제"
            r"|아예){0,3}"
            r"오지(?:마|말|않게)"
        ),
        not_before=re.compile(rf"{_KO_SOMEONE_ELSE_SUBJECT}|{_KO_CLOCK_LIMIT}"),
        not_after=_KO_DENIED,
        wait_after=_KO_MAYBE_DENIED_OR_REDIRECTED,
        not_within=_KO_NOT_TO_US,
        wait_before=_KO_DAYTIME_BEFORE,
    ),
    # A request passed on to us, even from someone else: "남편이 전화하지 말라고 전해 달래요", "연락 주지
    # 말라고 꼭 전해 주세요". "… 전해 줄게요" (I will pass it on to them) is not to us.
    _Rule(
        "전화하지 마세요",
        re.compile(
            r"(?:전화|연락)[가-힣]{0,6}?(?:하지|걸지|주지|오지|하시지|주시지)(?:말라고|말라구|말아달라고"
            r"|마시라고"
            r"|말아주라고)(?:좀|꼭|잘)?(?:전해|전달해)(?:달래|달라|주래|주라|주세요|주십시오|드려요|드립니다)"
        ),
    ),
    # Cutting off all the ads: "광고 문자랑 전화 다 끊어 주세요", "홍보 전화 전부 차단해 주세요".
    # Not "전화 끊어 주세요" alone (hang up).
    _Rule(
        "전화하지 마세요",
        re.compile(
            r"(?:광고|홍보|마케팅|스팸|영업|이런)(?:문자|전화|연락|카톡)(?:랑|이랑|하고|와|과|도|나|이나)?"
            r"(?:문자|전화|연락|카톡)?(?:는|도|을|를|은)?(?:좀)?(?:다|모두|전부|싹|완전히"
            r"|전부다)(?:좀)?(?:끊어|차단해|끊|차단)"
            r"(?:주세요|주십시오|줘|줘요|주시|달라|요|라|버려)"
        ),
        not_after=_KO_DENIED,
    ),
    # -- delete my number or my data
    _Rule(
        "제 번호 지워 주세요",
        re.compile(
            rf"{_KO_DATA}(?:를|을|은|는|도|좀|다|전부|모두|이|가|당장|지금|빨리|바로|즉시|얼른|꼭|싹|이제"
            rf"|그냥"
            rf"|전부다|완전히){{0,4}}"
            rf"{_KO_REMOVE}"
        ),
        # Round 15: nor payment card details, "예전 카드 정보는 삭제해 주세요" (Decisions).
        not_before=re.compile(rf"{_KO_QUEUE_BEFORE}|{_KO_PAYMENT_BEFORE}"),
        not_after=_KO_NOT_REMOVE,
        wait_after=_KO_MAYBE_NOT_REMOVE,
    ),
    # A request to delete, a few words after what is to be deleted: "제 번호 어디서 구했는지 모르겠지만
    # 지워 주세요".
    _Rule(
        "제 번호 지워 주세요",
        re.compile(
            rf"{_KO_DATA}[가-힣]{{0,20}}?(?:(?:지워|삭제해|삭제|빼|파기해|파기|없애|잊어)"
            r"(?:주세요|주십시오|줘|주시고|달라고|주실래요|주시겠어요|주시면|부탁)|잊어버리세요|잊으세요"
            r"|잊어버리십시오"
            # The polite imperative: "제 번호 어디서 났어요 당장 지우세요".
            r"|지우세요|지우십시오|지우시라고|삭제하세요|삭제하십시오|없애세요|파기하세요"
            # The bare imperative ending the sentence: "내 번호 어디서 났는지 모르겠는데 당장 지워".
            r"|(?:지워|삭제해|없애|빼)(?:요|라|버려|버려요|버리세요)?$)"
        ),
        # Round 15: nor payment card details, "예전 카드 정보는 삭제해 주세요" (Decisions).
        not_before=re.compile(rf"{_KO_QUEUE_BEFORE}|{_KO_PAYMENT_BEFORE}"),
        # "번호 지워 달라고 한 적 없어요": a request denied.
        not_after=_KO_NOT_ASKED,
        wait_after=_KO_MAYBE_NOT_ASKED,
        not_within=_KO_ELSEWHERE_REMOVE,
    ),
    # "제 번호 더 이상 쓰지 마세요", "제 개인정보 사용하지 마세요".
    _Rule(
        "제 번호 지워 주세요",
        re.compile(
            rf"{_KO_DATA}(?:를|을|은|는|도|좀|더이상|다시는|앞으로){{0,3}}(?:사용|이용|활용|쓰|쓰시)(?:하지"
            rf"|하시지"
            rf"|지)(?:마|말)"
        ),
        not_after=_KO_DENIED,
        wait_after=_KO_MAYBE_DENIED,
    ),
    _Rule(
        "제 번호 지워 주세요",
        re.compile(
            rf"{_KO_NOT_QUEUE}(?:명단|목록|리스트|데이터베이스|디비|대상자?|발신목록|연락처목록|전화목록)에서"
            rf"(?:저|저를|저도|{_KO_DATA})?(?:를|을|은|는|좀|다){{0,3}}{_KO_REMOVE}"
        ),
        not_after=_KO_NOT_REMOVE,
        wait_after=_KO_MAYBE_NOT_REMOVE,
    ),
    # "빼 주세요" with what is to be taken out left unsaid, as in an answer to the opening's offer: "그냥 빼
    # 주세요", "빼 달라니까요 명단에서", "저번에도 빼 달라고 했잖아요". Only at the start or after a word that
    # cannot be the thing taken out: "양파 빼 주세요" (no onions), "이거 빼 주세요" are other things.
    _Rule(
        "제 번호 지워 주세요",
        re.compile(
            r"(?:(?<![가-힣])|(?:그냥|저|저를|절|저도|제발|빨리|당장|얼른|어서|됐고|됐구|이제|바로|꼭|네|예"
            r"|아니"
            r"|(?:저번|전|지난번|아까|몇번|여러번|분명히?)(?:에도|에|도|이나|이나요)?)(?:좀)?)"
            r"빼(?:주세요|주십시오|줘요?|주라|달라고|달라니까요?|달라구요?|주시라고|달래도|주시면)"
        ),
        # "사진에서 저 좀 빼 주세요": another place is named ("명단에서 …" is the rule above).
        not_before=re.compile(r"에서$"),
        not_after=_KO_NOT_ASKED,
        wait_after=_KO_MAYBE_NOT_ASKED,
    ),
    # A request cut off before its verb: "저 좀 명단에서", "절 목록에서". Final results only (a partial
    # needs something after the match).
    _Rule(
        "제 번호 지워 주세요",
        re.compile(
            r"(?:저|저를|절|저도|저희|제번호|제전화번호)(?:는|도)?(?:좀)?(?:명단|목록|리스트|명부|발신목록"
            r"|전화목록)에서$"
        ),
    ),
    # "연락 삼가 주세요", "앞으로 전화는 삼가 주시기 바랍니다": refrain from calling. "운전 중에는 통화 삼가
    # 주세요" (not while driving) is a safety notice.
    _Rule(
        "전화하지 마세요",
        re.compile(
            r"(?:전화|연락|통화|광고전화|영업전화)(?:는|은|를|을|좀|도)?(?:앞으로|앞으로는|더이상|이제|일절"
            r"|제발|좀){0,3}"
            r"삼가(?:주|해|하|시|십|바|줘)"
        ),
        not_before=re.compile(
            r"(?:중|중에|중에는|중엔|때|때는|동안|동안에는?|시에는?)(?:휴대폰|핸드폰|전화)?$"
        ),
    ),
    # Leaving the list: "명단에서 빠질게요", "목록에서 나가고 싶어요". "명단에서 빠졌던데요" reports.
    _Rule(
        "제 번호 지워 주세요",
        re.compile(
            rf"{_KO_NOT_QUEUE}(?:명단|목록|리스트|데이터베이스|디비|대상자?|발신목록|연락처목록|전화목록)에서"
            r"(?:저는?|저도|제번호는?|제이름은?)?(?:좀)?(?:빠질게|빠질께|빠질래|빠지겠|빠지려|빠지고싶|빼줘"
            r"|빠져야"
            r"|나갈게|나갈께|나가고싶|나가겠|탈퇴할|탈퇴하고|탈퇴시켜|제외시켜|제외되고싶|제외해)"
        ),
    ),
    # Leaving, said alone or by the caller: "저 탈퇴할게요", "그냥 탈퇴시켜 주세요". "동호회 탈퇴할게요" names
    # something else; "탈퇴했어요" tells of the past.
    _Rule(
        "수신 거부",
        re.compile(
            r"(?:(?<![가-힣])|저|저는|전|그냥|이제|네|예|여기서|여기|이거|바로|당장)(?:좀)?"
            r"탈퇴(?:할게|할께|하겠|할래|하고싶|시켜|처리|해주|해줘|할거|하려고|하고요|요)"
        ),
        at_word=False,
        not_after=_KO_NOT_ASKED,
        wait_after=_KO_MAYBE_NOT_ASKED,
    ),
    # -- unsubscribe
    # Round 9: not by mistake or to be undone ("실수로 수신 거부를 눌렀는데 다시 받으려면…"); paper named
    # before it: the rule below. A press told of waits for the final result.
    _Rule(
        "수신 거부",
        # Round 11: also with its particle, "전화 수신을 거부합니다".
        # Round 12: also ended, "광고 수신 해지해 주세요", "수신 중단해 주세요" ("수신이 중단됐어요", the
        # signal, stays).
        re.compile(r"수신(?:을|를)?(?:거부|거절|차단|해지|(?:중단|중지)(?!되|됐|돼|된))"),
        not_before=re.compile(
            rf"{_KO_OWNED_CHANNEL}$|{_KO_THEIR_PHONE}|{_KO_MISTAKE_BEFORE}|{_KO_PAPER}[가-힣]{{0,20}}$"
            rf"|{_KO_SUPPOSED}"
        ),
        # Round 12: this caller excepted, "다른 데는 다 수신 거부했는데 여기는 괜찮아요".
        # Round 13: or a family member's listing asked about (_KO_KIN_HOW_TO_REFUSE).
        not_within=re.compile(rf"{_KO_HERE_EXCEPTED.pattern}|{_KO_KIN_HOW_TO_REFUSE}"),
        # Round 13: nor done by someone else, told in the honorific: "아버지가 수신 거부 하셨는데 저는
        # 괜찮으니까 계속 말씀하세요" (one never says 하셨 of oneself).
        not_after=re.compile(
            rf"{_KO_NOT_REFUSED.pattern}|{_KO_UNDONE_AFTER.pattern}"
            r"|^(?:를|을|도)?(?:하셨|해두셨|해놓으셨|해놨으셨|신청하셨|등록하셨|누르셨|거셨|했으셨)"
            # Round 15: a question about the scheme itself, "그 수신 거부 제도는 어떻게 운영되는 건지 그냥
            # 궁금해서요" (Decisions, as "what is the do not call list"), nothing after it about me or a wish.
            r"|^(?:제도|시스템|서비스)(?:는|가|은|이|란|라는게|라는건)?(?:도대체|대체|그게|정확히)?(?:어떻게|누가|어디서"
            r"|어디에서|뭐|무엇|뭔)?[가-힣]{0,8}?(?:운영|관리|작동|돌아가|만들|생긴|뭔지|뭐예요|뭐에요|뭐죠|뭐지|뭔가요"
            r"|무엇인가요)(?:(?!저|제가|제번호|내|해주|하고싶|할게|할래|신청|등록|넣어|올려|빼)[가-힣]){0,16}$"
        ),
        wait_after=re.compile(
            rf"{_KO_MAYBE_NOT_REFUSED.pattern}|{_KO_MAYBE_UNDONE}"
            r"|(?:제|제도|시|시스|시스템|서|서비|서비스)[가-힣]{0,24}"
            r"|(?:를|을|도)?(?:하|해두|해놓|신청|신청하|등록|등록하|누르|누)?"
            # Round 13: a topic particle, the question may follow: "수신 거부 등록은 어떻게 해요".
            r"|(?:등록|신청|설정)?(?:은|는)[가-힣]{0,3}|등록|신청|설정"
            # Round 18: a how-question, which may turn out to be someone else's, passed on ("… 어떻게 하냐고
            # 물어보던데요").
            r"|(?:등록|신청|설정)?(?:을|를)?(?:어떻게|어디서|어디에|어디로|어떡)[가-힣]{0,10}"
        ),
    ),
    # Round 11: consent refused now, "본인은 전화 수신에 동의하지 않습니다", "연락 받는 데 더는 동의 안 해요".
    # Not hearsay (… 않는대요), a question or a condition (… 않으세요, 않으시면), someone else's subject.
    _Rule(
        "수신 거부",
        re.compile(
            r"(?:전화|연락|통화|광고|마케팅)(?:수신|받는것|받는거|받는데|오는것|오는거)?(?:에|에는|을|를|도"
            r"|은|는)?"
            r"(?:더이상|더는|이제|절대|절대로|앞으로)?동의(?:하지않|안하|안해|안합|못하|못해|할수없|하지못)"
        ),
        not_before=re.compile(_KO_SOMEONE_ELSE_SUBJECT),
        not_after=re.compile(
            r"^(?:는|은|을)?(?:대|다고|다는|다던|다더|는대|는다고)|^으(?:세요|십니까|시|면)|^(?:으)?면"
        ),
        wait_after=re.compile(r"[가-힣]{0,2}"),
    ),
    # Round 11: the calls unsubscribed, "알림 전화 구독 해지해 주세요", "통화 구독 취소할게요".
    # "전화 해지" alone is ending a phone contract and stays.
    _Rule(
        "수신 거부",
        re.compile(
            r"(?:전화|통화|콜|연락)(?:는|도|를|은|을)?구독(?:을|를|도|은|는)?(?:해지|취소|중단|끊|그만)"
        ),
        not_before=re.compile(rf"{_KO_THEIR_PHONE}|{_KO_MISTAKE_BEFORE}|{_KO_KIN_NAMED}|{_KO_OTHER_COMPANY}"),
        not_after=re.compile(rf"{_KO_NOT_REFUSED.pattern}|{_KO_UNDONE_AFTER.pattern}"),
        wait_after=re.compile(rf"{_KO_MAYBE_NOT_REFUSED.pattern}|{_KO_MAYBE_UNDONE}"),
    ),
    # Round 9: paper named first, "종이 고지서 수신 거부할게요": it counts unless switched for email
    # ("… 이메일로 받을게요") or undone. Waits for the final result.
    _Rule(
        "수신 거부",
        re.compile(rf"{_KO_PAPER}[가-힣]{{0,20}}?수신(?:거부|거절|차단)"),
        # The switch said first: "종이 청구서 말고 이메일로 받고 싶어서 수신 거부했어요".
        not_within=re.compile(
            rf"{_KO_PAPER}[가-힣]{{0,20}}?(?:이메일|메일|모바일|전자|앱|카톡|카카오톡|온라인)"
            r"(?:고지서|청구서|명세서)?(?:로|으로)[가-힣]{0,16}?수신(?:거부|거절|차단)"
        ),
        not_before=re.compile(rf"{_KO_MISTAKE_BEFORE}"),
        not_after=re.compile(rf"{_KO_NOT_REFUSED.pattern}|{_KO_UNDONE_AFTER.pattern}|{_KO_PAPER_SWITCH}"),
        wait_after=re.compile(r".*"),
    ),
    # Another service's messages: "헬스장 문자 수신 거부해 주세요" still counts, but "헬스장 문자 수신
    # 거부했어요" and "카드사 문자 수신 거부 해 놨어요" tell of something done elsewhere. "광고 문자 수신
    # 거부했는데 왜 또 전화해요" is about these calls and counts (rule above).
    _Rule(
        "수신 거부",
        re.compile(rf"{_KO_CHANNEL}수신(?:거부|거절|차단)"),
        # Begins inside a word, so that the pattern can begin with the name of the messages: faster.
        at_word=False,
        # Round 10: also a family member's named service, "아들 학원 문자 수신 거부는 어떻게 해요" ("엄마 광고
        # 문자 수신 거부해 주세요" counts).
        # Round 15: as the rule without the messages named, not by mistake or to be undone ("실수로 문자 수신
        # 거부를 눌렀는데 다시 받을 수 있게 해 주세요").
        not_before=re.compile(
            rf"{_KO_NOT_OWNED.pattern}|{_KO_KIN_NAMED}|{_KO_OTHER_COMPANY}|{_KO_MISTAKE_BEFORE}"
        ),
        # "… 수신 거부 해야겠다" (I must do it, there): a plan about that service.
        not_after=re.compile(
            rf"{_KO_NOT_REFUSED.pattern}|^{_KO_DONE}|^{_KO_PLANNED}|{_KO_UNDONE_AFTER.pattern}"
        ),
        wait_after=re.compile(
            rf"(?:는|은)?(?:하|하지)?|{_KO_MAYBE_HEARSAY}|(?:를|을|는)?(?:해|해놓|해두|되|되어|해야|하려|할)?"
            rf"|{_KO_MAYBE_UNDONE}"
        ),
    ),
    _Rule(
        "수신 거부",
        re.compile(r"(?:수신|마케팅|광고|정보|개인정보){0,3}동의(?:를|도)?(?:철회|취소|해지|거부)"),
        not_after=_KO_NOT_REFUSED,
        wait_after=_KO_MAYBE_NOT_REFUSED,
    ),
    # -- complaints
    _Rule(
        "신고할 거예요",
        re.compile(
            r"(?:스팸|경찰|경찰서|방통위|소비자원|민원)?(?:에|에다|으로)?(?:신고|고소)(?:할|하겠|합니다|할게"
            r"|할거|해버|하려"
            r"|드릴|하러|해야(?:겠|지|할|되겠)|각)"
        ),
        # "신고하려는 건 아니고 그냥 물어보는 거예요", "신고할 생각은 없어요": no complaint. Round 16: nor one
        # that nearly happened, "전에 간 매장은 고소할 뻔했는데 여기는 괜찮네요" (할 뻔: almost did).
        not_after=re.compile(
            rf"{_KO_HEARSAY.pattern}|^(?:는|던|ㄴ)?(?:건|게|거|것|생각|마음|계획|맘)(?:은|는|이|까지는"
            rf"|까진)?(?:아니|없)|^뻔"
        ),
        wait_after=re.compile(
            rf"{_KO_MAYBE_HEARSAY}|(?:는|던)?(?:건|게|거|것|생각|마음|계획|맘)?(?:은|는|이|까지는|까진)?(?:아"
            rf"|없)?"
        ),
        # 신고 is also a filing: "세금 신고" (tax return), "분실 신고" (reporting a loss).
        not_before=re.compile(
            r"(?:세금|소득세?|부가세|종합소득세|연말정산|출생|전입|사망|혼인|분실|도난|세무|실종|사업자)$"
            # Round 10: a scam reported elsewhere, "사기 번호 신고하려고요", "자꾸 전화하는 모르는 사람
            # 있어서 신고하려고요": someone else's number, not ours.
            r"|(?:사기|보이스피싱|피싱|스미싱)(?:범|꾼|범죄)?(?:번호|전화|문자|사이트)?(?:를|을|도|로|좀)?$"
            rf"|{_KO_CALLER_DESCRIBED}[가-힣]{{0,14}}$"
            # Round 13: something else named as what is reported (_KO_OTHER_MATTER).
            rf"|{_KO_OTHER_MATTER}"
        ),
    ),
    _Rule("귀찮게 하지 마세요", re.compile(r"귀찮게(?:좀)?(?:하지|굴지)(?:마|말)")),
    # "방해받고 싶지 않아요", "방해하지 마세요". "방해 금지 모드" is a phone setting.
    _Rule(
        "귀찮게 하지 마세요",
        re.compile(r"방해(?:받고싶지않|받기싫|하지마|하지말|하시지마|받지않)"),
        not_after=_KO_DENIED,
        wait_after=_KO_MAYBE_DENIED,
    ),
    # Complaints: "이런 전화 불법 아니에요", "이거 불법이에요". "불법 주차" is something else.
    _Rule(
        "신고할 거예요",
        re.compile(
            r"(?:전화|이거|이건|이런거|이런건|이렇게|이러는거|이러시는거)[가-힣]{0,6}?(?:불법|위법)"
            r"(?:이|인|입니다|이에요|이예요|아니|이잖|이죠|이야|이라고|행위)"
        ),
    ),
    # Blocking the calls to this phone: "광고 전화 차단해 주세요", "제 번호 차단해 주세요".
    _Rule(
        "수신 거부",
        re.compile(
            r"(?:전화|연락|번호|광고)"
            # Round 9: "이 번호로 연락 오는 거 차단해 주세요".
            r"(?:(?:이|가)?(?:오는|걸려오는|들어오는)(?:거|것|게))?"
            r"(?:를|을|좀|는|도)?(?:차단|블락|블록)(?:해|시켜)(?:주|줘|달라|주시|놔|놓)"
        ),
    ),
    # No advertising: "앞으로 이 번호로 광고하지 마세요", "영업하지 마세요".
    _Rule(
        "전화하지 마세요",
        re.compile(r"(?:광고|영업|홍보|마케팅|판촉)(?:를|좀|도)?(?:하지|하시지)(?:마|말)"),
        not_after=_KO_DENIED,
        wait_after=_KO_MAYBE_DENIED,
        not_within=_KO_NOT_TO_US,
        wait_before=_KO_DAYTIME_BEFORE,
    ),
    _Rule("귀찮게 하지 마세요", re.compile(rf"괴롭히지(?:마|말)|{_KO_STOP}(?:좀)?(?:괴롭|귀찮게)")),
    # Round 13: a complaint to a regulator, threatened: "자꾸 이러시면 방송통신위원회에 민원 넣을 거예요",
    # "개인정보보호위원회에 신고할 거예요". Not a complaint about something else named before it
    # (_KO_OTHER_MATTER).
    _Rule(
        "신고할 거예요",
        re.compile(
            rf"{_KO_REGULATOR}(?:에|에다|에다가|으로|쪽에|쪽으로)?(?:정식으로|바로|당장|그냥|꼭)?(?:민원|신고"
            rf"|고발|진정)"
            r"(?:을|를|도)?(?:넣을|넣겠|넣으려|넣어버릴|넣어야|넣을게|넣을께|넣습니다|넣을거|제기할|제기하겠"
            r"|접수할|접수하겠"
            r"|할|하겠|하려|할게|할거|해버릴|합니다|드릴|올릴)"
        ),
        not_before=re.compile(_KO_OTHER_MATTER),
        not_after=re.compile(r"^[가-힣]{0,4}?(?:는건|는게|생각은|마음은)(?:아니|없)"),
        wait_after=re.compile(r"[가-힣]{0,4}"),
    ),
    # A threat: "다시 전화 오면 가만 안 있을 거예요", "한 번만 더 전화하면 가만두지 않겠습니다", "또 연락 오면
    # 경찰 부를 거예요". "다시 전화 오면 제가 받을게요" is no threat.
    _Rule(
        "신고할 거예요",
        re.compile(
            r"(?:또|다시|한번만더|한번더|계속|또다시|앞으로또|한번이라도더)(?:이런)?(?:전화|연락)(?:을|를|이"
            r"|가)?"
            r"(?:또|다시)?(?:하면|오면|하시면|주시면|걸면|거시면|와도|오기만하면|하기만하면|온다면|한다면"
            r"|주면"
            r"|해도|하시기만하면)"
            r"[가-힣]{0,16}?(?:가만(?:안|히안|두지않|안두|안있|있지않|안놔|놔두지않|안놓)|경찰|112|118|방통위"
            r"|소비자원|민원|법적|변호사|고발|고소|신고|차단)"
            # Round 15: the calls named "this", "자꾸 이러면 경찰에 신고해요", "계속 이러시면 고소할 거예요"
            # (the report said in the present, 신고해요, as a threat).
            r"|(?:자꾸|계속|또|또다시|한번만더|한번더|앞으로도|이렇게계속)(?:이러|그러|이렇게하|이런식으로하|이렇게전화하"
            r"|이런식으로전화하)(?:시)?면[가-힣]{0,8}?(?:경찰|112|방통위|소비자원|민원|변호사|법적|고발|고소|신고)"
            r"(?:에|에다|을|를|으로)?(?:신고|고소|고발|민원|조치)?(?:해요|합니다|할게|할께|할거|할것|하겠|해버|넣|들어가"
            r"|제기|걸|부를|불러)"
        ),
    ),
    # Round 10: consent to the calls denied (see _KO_NO_CONSENT).
    _Rule(
        "전화하지 마세요",
        re.compile(_KO_NO_CONSENT),
        not_before=re.compile(_KO_SOMEONE_ELSE_SUBJECT),
        not_after=re.compile(
            r"^[가-힣]{0,3}?(?:대요|대|다고|다던|다더|다는게아니|다는건아니|는건아니|냐|나요|을까)"
        ),
        wait_after=re.compile(r"[가-힣]{0,3}?(?:다|다는|다는게|다는건|는|는건|대|다고|다더|냐|나)?"),
    ),
    # "왜 자꾸 전화해요": a complaint about repeated calls. "계속 전화해 주세요" asks for more.
    _Rule(
        "귀찮게 하지 마세요",
        re.compile(
            r"(?:자꾸|계속|맨날|매일|자꾸만|또|몇번이나|하루종일)(?:이렇게|또|자꾸)?"
            # Round 18: the number changed to get past a block, "왜 또 번호 바꿔서 연락해".
            r"(?:번호(?:를|까지)?(?:바꿔서|바꿔가며|바꿔가면서|바꾸면서|바꿔)|다른번호로|딴번호로|새번호로)?"
            r"(?:전화|연락)(?:를|을)?(?:해|하(?!셨|였|셔서|시면|면)|걸(?!면|으면))"
        ),
        # "애들이 회사로 자꾸 전화해요": someone else's calls.
        not_before=re.compile(_KO_SOMEONE_ELSE_SUBJECT),
        not_after=re.compile(
            r"^(?:주|줘|도돼|도괜찮|도되|서(?:미안|죄송))"
            # Round 21: permission in the honorific or with 어, "계속 전화하셔도 괜찮아요",
            # "자꾸 걸어도 상관없어요".
            r"|^(?:셔|시어|어|여)?(?:도|두)(?:돼|되|된|됩|괜찮|좋|상관|문제없|무방)|^(?:셔|시어|어|여)(?:주세|주시|주셔|줘)"
            # Round 10: a number described, someone else's: "계속 전화하는 사기 번호 신고하고 싶어요".
            rf"|^{_KO_CALLING_WHO}"
            # Round 8: a worried question, "왜 자꾸 전화하세요 제 계좌에 무슨 문제 있어요".
            r"|^[가-힣]{0,12}?(?:무슨|뭔가|뭐|혹시)(?:문제|일|잘못)|^[가-힣]{0,12}?(?:문제|일)(?:가|이)?(?:있"
            r"|생겼)"
        ),
        # On a partial, wait: the question may follow.
        wait_after=re.compile(r"[가-힣]{0,16}"),
    ),
)
_KO_RULES = _word_rules(_KO_RULES, default=True)
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
    ``second_opinion`` (the learned model, OPTOUT_RULES.md) is asked about final results only, when no
    rule fired and no rule's guard decided the utterance is a near miss.
    """

    def __init__(
        self, language: str, extra_phrases: Sequence[str] = (), second_opinion: SecondOpinion | None = None
    ) -> None:
        self.language = _primary_language(language)
        if not self.language:
            raise ValueError("opt-out detector needs a language, e.g. 'en'")
        if isinstance(extra_phrases, str):
            # A lone string would otherwise be read as one phrase per character.
            raise TypeError("extra_phrases must be a list of phrases, not one string")
        prepare(self.language)
        self._compact = self.language in _COMPACT_LANGUAGES
        self._word_start = self.language in _WORD_START_LANGUAGES
        builtin_rules = _BUILTIN.get(self.language, ((), ()))[1]
        self._extras = tuple(dict.fromkeys(p for p in extra_phrases))
        self._rules = builtin_rules + tuple(self._extra_rule(p) for p in self._extras)
        self._second_opinion = second_opinion
        if not self._rules:
            raise ValueError(
                f"no opt-out phrases for language {language!r}: built-in phrases exist for "
                f"{', '.join(SUPPORTED_LANGUAGES)}; for other languages give extra opt-out phrases"
            )

    def _extra_rule(self, phrase: str) -> _Rule:
        norm = _canonical(self.language, normalize_text(phrase))
        if not norm:
            raise ValueError(f"extra opt-out phrase {phrase!r} has no words in it")
        key = norm.replace(" ", "") if self._compact else norm
        # A one-word extra phrase (two characters or fewer in Chinese/Korean) is as risky as bare "stop"
        # and follows the same rule: it counts only as the whole utterance, on final results.
        short = len(key) <= 2 if self._compact else " " not in norm
        if short:
            return _Rule(phrase, re.compile(rf"^{re.escape(key)}$"), whole=True, at_word=False)
        if self._compact:
            return _Rule(phrase, re.compile(re.escape(key)), at_word=self._word_start)
        return _Rule(phrase, re.compile(rf"(?<!\S){re.escape(key)}(?!\S)"), at_word=False)

    def detect(self, text: str, *, final: bool = True, learned: bool = True) -> OptOutMatch | None:
        """The first rule that matches ``text``; else, on a final result, the second opinion (unless
        ``learned`` is False); or None.

        With ``final=False`` (a partial result) whole-utterance rules are skipped and a phrase counts only
        once something has been heard after it: the last word of a partial is still being revised, and
        a guard such as "退订单" may yet arrive.

        Linear in the length of ``text``: every rule's pattern has bounded repetitions, and guards only look
        at a bounded window around each match (``_CONTEXT``), never at the whole text before or after it.
        """
        prepared = self._subject(text)
        if prepared is None:
            return None
        subject, starts = prepared
        window = _CONTEXT_COMPACT if self._compact else _CONTEXT
        for rule in self._rules:
            if rule.whole and not final:
                continue
            if _search(rule, subject, starts, final, window):
                return OptOutMatch(phrase=rule.phrase, language=self.language, text=text)
        # The learned model: final results only (a partial's end is still being revised), and never
        # against the rules' own near-miss decision ("don't take me off the list").
        model = self._second_opinion
        if not final or not learned or model is None or self._guarded(subject, starts):
            return None
        probability = model.probability(text)
        if probability < model.threshold:
            return None
        return OptOutMatch(f"classifier:{self.language}", self.language, text, round(probability, 3))

    def _subject(self, text: str) -> tuple[str, frozenset[int] | None] | None:
        """The text the rules search (canonical; spaces removed in Chinese and Korean) and its word
        starts (Korean; None in spaced English), or None when nothing is left."""
        norm = _canonical(self.language, normalize_text(text))
        if not norm:
            return None
        if self._compact:
            starts = frozenset(_word_starts(norm)) if self._word_start else frozenset()
            return norm.replace(" ", ""), starts
        return norm, None

    def guarded(self, text: str) -> bool:
        """Did a rule find an opt-out phrase in the final ``text`` and a guard turn every such hit down?

        That is the rules' own near-miss decision ("don't take me off the list", a clock-time limit,
        another number): the learned second opinion never overrules it.
        """
        prepared = self._subject(text)
        if prepared is None:
            return False
        return self._guarded(*prepared)

    def _guarded(self, subject: str, starts: frozenset[int] | None) -> bool:
        # Called when no rule accepted a match: any pattern hit was turned down by its guards.
        return any(_hit(rule, subject, starts) for rule in self._rules)

    def grammar_phrases(self) -> list[str]:
        """Phrases to add to the recogniser's runtime grammar, so it can return them at all.

        Lower-case with punctuation removed but apostrophes kept (Vosk's English lexicon spells "don't").
        The speech layer still has to drop words its model does not know.
        """
        phrases = [*builtin_phrases(self.language), *self._extras]
        out = [" ".join(_NOT_WORD.sub(" ", p.casefold().replace("’", "'")).split()) for p in phrases]
        return list(dict.fromkeys(p for p in out if p))


def _canonical(language: str, norm: str) -> str:
    """Normalised text in the form the language's rules are written for (see optout_text)."""
    return canonical(language, norm)


_NOT_WORD = re.compile(r"[^\w'\s]")  # punctuation, except the apostrophe inside English words


# Guards look at most this many characters before and after a match (and a wider context must lie within
# as many characters of it). Guards are about the words next to a phrase, and the bound keeps detection
# linear in the length of the text: a long text with many guarded hits costs a bounded amount per hit.
_CONTEXT = 80  # English: about twenty words
_CONTEXT_COMPACT = 32  # Chinese and Korean, spaces removed: about twenty syllables


def _search(rule: _Rule, subject: str, starts: frozenset[int] | None, final: bool, window: int) -> bool:
    """True when ``rule`` has an accepted match in ``subject``.

    A rule ``at_word`` must match at one of the word ``starts`` or, in spaced text (``starts`` None), at the
    beginning or after a space (the text is normalised: words are separated by single spaces).
    """
    # A guarded hit does not end the search: "don't stop calling, I mean stop calling me" has a second.
    pos, search = 0, rule.pattern.search
    while (m := search(subject, pos)) is not None:
        pos = m.start()
        if _starts_right(rule, subject, pos, starts) and _accepted(rule, subject, m, final, window):
            return True
        pos += 1
    return False


def _starts_right(rule: _Rule, subject: str, pos: int, starts: frozenset[int] | None) -> bool:
    return not rule.at_word or (pos in starts if starts is not None else pos == 0 or subject[pos - 1] == " ")


def _hit(rule: _Rule, subject: str, starts: frozenset[int] | None) -> bool:
    """True when ``rule``'s pattern matches at an allowed start, whatever its guards say."""
    pos, search = 0, rule.pattern.search
    while (m := search(subject, pos)) is not None:
        if _starts_right(rule, subject, m.start(), starts):
            return True
        pos = m.start() + 1
    return False


def _accepted(rule: _Rule, subject: str, m: re.Match[str], final: bool, window: int) -> bool:
    start, end = m.start(), m.end()
    after = subject[end : end + window].lstrip()
    if not final and (not after or (rule.wait_after is not None and rule.wait_after.fullmatch(after))):
        return False
    if (
        not final
        and rule.wait_before is not None
        and rule.wait_before.search(subject[max(0, start - window) : start])
    ):
        return False
    if rule.not_before is not None:
        lo = max(0, start - window)
        if lo and subject[lo - 1] != " ":
            # Begin the window at a word (English), so that a guard never sees half of one.
            lo = subject.find(" ", lo, start) + 1 or lo
        if rule.not_before.search(subject[lo:start].rstrip()):
            return False
    if rule.not_after is not None and rule.not_after.search(after):
        return False
    return rule.not_within is None or not _within(rule.not_within, subject, m, window)


def _within(context: re.Pattern[str], subject: str, m: re.Match[str], window: int) -> bool:
    """True when a match of ``context`` near ``m`` covers the whole of ``m``."""
    pos, endpos = max(0, m.start() - window), m.end() + window
    while (c := context.search(subject, pos, endpos)) is not None and c.start() <= m.start():
        if c.end() >= m.end():
            return True
        pos = c.start() + 1
    return False


def _word_starts(spaced: str) -> list[int]:
    """Offsets, in the text with spaces removed, where a word of ``spaced`` begins."""
    starts, offset = [], 0
    for word in spaced.split(" "):
        starts.append(offset)
        offset += len(word)
    return starts
