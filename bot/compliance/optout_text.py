"""Spoken text put in the form the opt-out rules are written for, before any rule looks at it.

Mechanisms rather than sentences (OPTOUT_RULES.md, "What is undone before matching"): hesitations
(fillers, a word said twice), the recogniser's near-homophones of the anchor words ("cold list", 点话,
전하), traditional Chinese characters (by OpenCC) and Cantonese written forms (唔/咪/俾/嘅/你哋/咗/佢)
turned into the simplified Mandarin the Chinese rules know. Each is small and local, so every existing
rule survives them, and each keeps the text linear.
Input is already ``normalize_text``-ed: casefolded, punctuation gone, single spaces.
"""

from __future__ import annotations

import re
from functools import cache

import opencc

# English ---------------------------------------------------------------------------------------------
# Word by word, in one pass (faster than a regex per mechanism on every partial result).
# "quit callin' me" (normalised "callin"): the same as "calling". Only verbs the rules use, so that
# "cabin" or "within" stay as they are.
_EN_DROPPED_G = frozenset(
    "call ring phon contact bother harass pester bugg text messag dial spamm hassl badger hound gett receiv"
    " annoy tak harrass blow hitt".split()
)
# Sounds that carry no words. Not "like" or "you know": both are also words the rules read.
_EN_FILLER = re.compile(r"u+m+|u+h+m*|e+r+m*|a+h+|h+m+|m+h*m+|e+h+")
# Near-homophones of "call" that the recogniser returns for it, where "call" is the only sense.
_EN_SOUNDS = {
    **dict.fromkeys(("col", "cal", "caul", "kol", "coll"), "call"),
    **dict.fromkeys(("colling", "calin", "caling", "kolling"), "calling"),
}
# "put me on your do not cold list", "dont cold me": "cold calls" and "a cold" stay.
_EN_COLD = re.compile(
    r"\bcold(?= (?:me|us|list|registry|register|here|this number|again)\b)|(?<=\bnot )cold\b"
    r"|(?<=\bdont )cold\b"
    # Rounds 11 and 15: "cool" the same way, only where "call" is the one sense, before a list, the person or
    # the line: "do not cool list", "dont cool me again", "do not cool this number again". "not cool", "cool
    # list" alone and "not cool this weather" stay.
    r"|(?<=\bdo not )cool(?= (?:list|registry|register|me|us|this number|this line|this phone|here)\b)"
    r"|(?<=\bdont )cool(?= (?:me|us|this number|this line|this phone|here)\b)"
)
# Round 15: "collin" for "calling" (as "colling"), only before the person or the line: "please stop collin me"
# ("this is collin", a name, stays). Round 16: "colin" the same way, "quit colin us".
_EN_COLLIN = re.compile(r"\bcol?lin(?= (?:me|us|here|this number|this line|my number|my phone)\b)")
# Round 16: "a race" for "erase" before what is erased: "a race my number from your list" ("a race my
# kids ran", no data after it, stays).
_EN_A_RACE = re.compile(
    r"\ba race (?=(?:my|our|this|all my|all our) (?:\w+ )?(?:number|numbers|details|data|info|information"
    r"|contact|record|records|name)\b)"
)
# Round 12: "least", "lest", "lease" for "list" after a do-not-call: "put me on the do not call least". "at
# least", "a lease" stay.
# Round 20: after a calling or mailing list's first word too, "take me of your calling least" ("when you call
# least expected" and "the mailing lease" of a flat do not match: only calling, mailing, contact, marketing).
_EN_LIST_SOUND = re.compile(
    r"\b((?:do not|dont|no) call|calling|mailing|contact|marketing) (?:least|lest|lease)\b"
    r"(?! (?:expected|likely|favou?rite|amount|of|agreement))"
)
# Round 20: "my" for "me" before from or off after a verb of removing, "please remove my from your list"
# ("my" right before "from" is no English).
_EN_MY_FOR_ME = re.compile(
    r"\b(remove|take|get|delete|erase|cross|strike|scratch|drop|knock|unsubscribe|opt) my"
    r" (?=(?:from|off|out of)\b)"
)
# "take my numb off": the recogniser's cut "number", after a possessive only.
_EN_NUMB = re.compile(r"\b(my|this|your|our|the) (?:numb|numba|nomber)\b")
# A word the recogniser split: "un subscribe".
_EN_SPLIT = re.compile(r"\bun (subscrib\w*)")
# Non-native forms of the verbs the rules read: "stop to call me" (stop calling), "be call" (be called).
_EN_STOP_TO = re.compile(r"\b(stop|quit) to (call|contact|text|bother|message|disturb)\b")
# Also "be remove from your list", "be delete": the participle's ending lost.
_EN_BE_BARE = re.compile(r"\bbe (call|contact|remove|delete|erase)\b")
# "my name erase from your list": the bare verb for the participle, after my number or data.
_EN_DATA_BARE = re.compile(
    r"\b(number|name|data|details|info|information) (remove|delete|erase)(?= from| off|$)"
)
# "delete please my number": "please" between a verb and its object (not first or last, where rules read it).
_EN_INNER_PLEASE = re.compile(r"\b(delete|remove|erase|take|stop|cancel|unsubscribe) please(?= \w)")
# "telephoning" is "phoning"; "and subscribe me from …" is unsubscribe misheard (nobody subscribes from).
_EN_TELEPHONE = re.compile(r"\btelephon(e|es|ed|ing)\b")
# The plural "you" of regions and registers, in the one form the rules read: "you folks", "you lot",
# "youse" → "you people" ("i dont want you folks ringing me").
_EN_YOU_PLURAL = re.compile(r"\b(?:you (?:folks|lot|lads|fellas|fellows|ones)|youse|yous)\b")
# The recogniser's "cause" for "calls" after words that announce calls and before the end of the request:
# "i dont want these cause anymore". Not "these cause problems", "any cause for concern".
_EN_CAUSE = re.compile(
    r"\b(these|those|your|any more|no more|more|sales|phone|marketing|robot|spam) cause"
    r"(?= anymore| any more| again| please| from (?:you|your|this)\b|$)"
)
# Round 11: the recogniser's "you" for "your" before a list, after out, off or from: "take this number out you
# system", "off you list". "out of you guys list" stays for the plural rule.
_EN_YOU_LIST = re.compile(
    r"\b(out of|out|off of|off|from|on|onto|in|into) you (?=(?:system|systems|database|list|lists|records"
    r"|record|files|file|register|registry|books|directory|contacts|calling list|call list|mailing list)\b)"
)
# Round 15: learners' English, "please you dont call to me anymore": the subject said after "please" in a
# request, and "to" before the person called ("dont call to me" is "dont call me"). "you dont call me
# anymore" alone stays a report; "talk to me" is no call.
_EN_PLEASE_YOU = re.compile(r"\bplease you (?=(?:dont|do not|never|no|not) (?:call|ring|phone|contact)\b)")
_EN_CALL_TO = re.compile(
    r"\b((?:dont|do not|never|no|not|stop|quit) (?:more )?(?:call|calling|ring|ringing|phone|phoning|contact"
    r"|contacting)) to (?=(?:me|us)\b)"
)
# Round 17: "wanna" for "want to" after a negation, "i dont wanna be contacted by you again" (the rules read
# "want to be contacted"). Elsewhere "wanna" stays: rules that read it take it as it is.
_EN_NOT_WANNA = re.compile(r"\b(dont|do not|never|no longer|not) wanna\b")
# Round 20: "aint" for "dont" before want or need, as some regions say it: "i aint want these calls", "we aint
# need your calls" ("aint" elsewhere, "that aint right", stays).
_EN_AINT = re.compile(r"\baint (?=(?:want|wanna|need|like)\b)")
_EN_SUBSCRIBE_FROM = re.compile(r"\b(?:and |an |on )?subscribe (me|us|my number|this number) from\b")


def _english(norm: str) -> str:
    words: list[str] = []
    for word in norm.split(" "):
        if word[:1] in "ueahm" and _EN_FILLER.fullmatch(word):
            continue
        if word.endswith("in") and word[:-2] in _EN_DROPPED_G:
            word += "g"
        word = _EN_SOUNDS.get(word, word)
        # "i i dont", "dont dont call": a word said again at once.
        if not words or word != words[-1]:
            words.append(word)
    # "i dont i dont want": two words said again.
    i = 0
    while i + 3 < len(words):
        if words[i] == words[i + 2] and words[i + 1] == words[i + 3]:
            del words[i + 2 : i + 4]
        else:
            i += 1
    norm = " ".join(words)
    if "cold" in norm or "cool" in norm:
        norm = _EN_COLD.sub("call", norm)
    if "lin " in norm:
        norm = _EN_COLLIN.sub("calling", norm)
    if "a race " in norm:
        norm = _EN_A_RACE.sub("erase ", norm)
    if "les" in norm or "leas" in norm:
        norm = _EN_LIST_SOUND.sub(r"\1 list", norm)
    if " my " in norm:
        norm = _EN_MY_FOR_ME.sub(r"\1 me ", norm)
    if "numb" in norm or "nomber" in norm:
        norm = _EN_NUMB.sub(r"\1 number", norm)
    if "un " in norm:
        norm = _EN_SPLIT.sub(r"un\1", norm)
    if " to " in norm:
        norm = _EN_STOP_TO.sub(r"\1 \2ing", norm)
    if "be " in norm:
        norm = _EN_BE_BARE.sub(lambda m: f"be {m[1].removesuffix('e')}ed", norm)
    if " remove" in norm or " delete" in norm or " erase" in norm:
        norm = _EN_DATA_BARE.sub(lambda m: f"{m[1]} {m[2].removesuffix('e')}ed", norm)
    if " please " in norm:
        norm = _EN_INNER_PLEASE.sub(r"\1", norm)
    if " you " in norm:
        norm = _EN_YOU_LIST.sub(lambda m: f"{'out of' if m[1] == 'out' else m[1]} your ", norm)
    if "telephon" in norm:
        norm = _EN_TELEPHONE.sub(r"phon\1", norm)
    if "you" in norm:
        norm = _EN_YOU_PLURAL.sub("you people", norm)
    if "cause" in norm:
        norm = _EN_CAUSE.sub(r"\1 calls", norm)
    if " to " in norm:
        norm = _EN_CALL_TO.sub(r"\1 ", norm)
    if "please you " in norm:
        norm = _EN_PLEASE_YOU.sub("please ", norm)
    if "subscribe " in norm:
        norm = _EN_SUBSCRIBE_FROM.sub(r"unsubscribe \1 from", norm)
    if "aint " in norm:
        norm = _EN_AINT.sub("dont ", norm)
    if " wanna" in norm:
        norm = _EN_NOT_WANNA.sub(r"\1 want to", norm)
    return norm


# Chinese ---------------------------------------------------------------------------------------------
# Cantonese written forms, longest first: what they stand for in the Mandarin the rules are written in.
_YUE = {
    "唔该": "请",
    "唔好": "不要",
    "唔使": "不用",
    "唔系": "不是",
    "唔系话": "不是说",
    "唔係話": "不是说",
    "冇话过": "没说过",
    "冇话": "没说",
    "唔係": "不是",
    "唔": "不",
    "你哋": "你们",
    "佢哋": "他们",
    "我哋": "我们",
    "哋": "们",
    "俾": "给",
    "畀": "给",
    "嘅": "的",
    "咗": "了",
    "冇": "没有",
    "係": "是",
    "嚟": "来",
    "搵": "找",
    "佢": "他",
}
_YUE_WORDS = re.compile("|".join(sorted(map(re.escape, _YUE), key=len, reverse=True)))
# "删咗佢" (delete it): the trailing "it" of a Cantonese verb; "咪再打" / "咪打" (don't call); "我个号码"
# (my number). 咪 alone is also "isn't it", so only before the verbs of calling.
_YUE_DELETE_IT = re.compile(r"(删|删除|除|取消|剔|撤)咗佢")
_YUE_DONT = re.compile(r"咪(?=再|打|call|搞|烦|嘈)")
_YUE_POSSESSIVE = re.compile(r"(?<=[我你他她佢])个(?=号码|号|电话|手机|资料|名)")
# Hesitations: 嗯 呃 额 anywhere; 那个 / 就是 / 这个 only where they lead the utterance or follow another
# filler ("那个电话" is "that call" elsewhere).
_ZH_FILLERS = re.compile(r"[嗯呃]+|^(?:那个|就是|这个|哎|诶)+")
# A function word said twice at once: "我我不想", "别别别打了". Not nouns: "天天" (every day), "奶奶".
_ZH_STUTTER = re.compile(r"([我你他她不别就那这是要再的])\1{1,3}")
# Near-homophones of 电话 (phone call) that the recogniser writes for it after a verb or measure word.
_ZH_CALL_SOUNDS = re.compile(r"(?<=[打接通个些的种])(?:点话|店话|电化|垫话|电画|点化)")


# Any of the characters the Cantonese steps look for: most text has none, and skips them.
_YUE_ANY = re.compile("[唔哋俾畀嘅咗冇係系嚟搵佢咪个]")
_ZH_CALL_SOUND_ANY = re.compile("[点店化垫画达大山]")
# 打 (to call) misheard as its near-homophone 达 before 电话: "别再给我达电话了"; 大 too, after a word that
# leads a call ("别再大电话了"; not "重大电话会议", "老大电话").
_ZH_DA_SOUND = re.compile(r"达(?=电话)|(?<=[再别要用又还总在勿我])大(?=电话)")
# 删 (delete) misheard as 山 (shān): "把我的号码山掉", "山除我的信息"; "山了" after the data.
_ZH_SHAN_SOUND = re.compile(r"山(?=掉|除)|(?<=[码息料字号])山(?=了|吧)")
# Round 9: 投诉 (complain) misheard as 头诉 or 偷诉, which are no words: "你们再打我就头诉". Not "从头诉说"
# (tell from the start), "诉苦", "诉求".
_ZH_TOUSU_SOUND = re.compile(r"(?<!从)[头偷透](?=诉(?!说|苦|求))")
# Round 10: 退订 (unsubscribe) written with its homophone 定: "退定", "我要退定". Not 退定金 (return a
# deposit), 退定位, 退定做, 退定制.
_ZH_TUIDING_SOUND = re.compile(r"(?<=退)定(?!金|位|做|制|居)")
# Round 11: 整 (north-eastern "do") for 打 before a call, after a word that leads a request: "别再整这电话了",
# "甭整电话了", "不要再整这种电话". Not "整理电话号码", "整个电话", "重新整一下电话线".
_ZH_ZHENG = re.compile(
    r"(?<=[再别甭要])整(?=(?:这|那)?(?:个|种|些|破)?(?:电话|推销电话|骚扰电话)(?!号|线|本|簿))"
)
# "别再call我了", "不要再call了": the English verb inside Chinese, as 打给 (call to) before whom, else 打.
_ZH_CALL_EN = re.compile(r"call(?=(我|这个)|给我|过来|了|$)")
# Round 16: the speaker in northern and rude forms, 俺 (俺们) and 老子 after 给 / 跟 / 烦: "别老给俺打电话",
# "莫再给老子打电话了". 老子 elsewhere (a father, the philosopher) stays.
_ZH_ME_FORMS = re.compile(r"俺|(?<=[给跟烦找])老子")
# Round 16: 掉 (off) heard as its homophone 调 after 去 / 删 / 划 at the end: "把我从名单里去调". Not 调查,
# 调整 (a word goes on after 调).
_ZH_DIAO_SOUND = re.compile(r"(?<=[去删划拿])调(?=$|了|吧|啊|呀|哦|嘛|呗)")
# Round 20: 支, the measure word of a phone number in Taiwan and Fujian, as 个: "不要再打这支电话了",
# "那支号码删掉" (the rules read 这个电话). 支 elsewhere (一支笔, 支持, 支付) stays.
_ZH_ZHI_MEASURE = re.compile(r"(?<=[这那哪一每两几])支(?=电话|号码|手机|号(?!称|召))")
# Round 20: 门号, Taiwan's word for a mobile number, after 的 / 个 / 手机 as 号码: "麻烦把我的门号删除"
# ("门牌号", a house number, has no 门号 in it; "我家门号" without 的 stays).
_ZH_MENHAO = re.compile(r"(?<=的|个|机)门号")


@cache
def _to_simplified() -> opencc.OpenCC:
    # Built on first use: it reads OpenCC's dictionaries.
    return opencc.OpenCC("t2s")


# The CJK blocks whose characters OpenCC may simplify: the unified ideographs, extension A, compatibility.
_CJK_BLOCKS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))


@cache
def _traditional() -> re.Pattern[str]:
    """A character class of every character that OpenCC simplifies (about 4,200; 20 ms to build, once)."""
    chars = [chr(code) for start, end in _CJK_BLOCKS for code in range(start, end)]
    simplified = _to_simplified().convert("\n".join(chars)).split("\n")
    if len(simplified) != len(chars):  # a phrase rule joined lines: fall back to one character at a time
        simplified = [_to_simplified().convert(char) for char in chars]
    return re.compile(
        "[" + "".join(re.escape(c) for c, s in zip(chars, simplified, strict=True) if c != s) + "]"
    )


def _simplified(norm: str) -> str:
    """Traditional characters ("唔該將我個號碼刪咗佢", as Cantonese is often written) into the simplified
    ones the rules are written in. Converted only when one is there: most text is simplified, and OpenCC
    costs as much as all the rules."""
    return _to_simplified().convert(norm) if _traditional().search(norm) else norm


def _chinese(norm: str) -> str:
    norm = _simplified(norm)
    if _YUE_ANY.search(norm):
        norm = _YUE_DELETE_IT.sub(r"\1掉", norm)
        norm = _YUE_DONT.sub("别", norm)
        norm = _YUE_POSSESSIVE.sub("的", norm)
        norm = _YUE_WORDS.sub(lambda m: _YUE[m.group()], norm)
    norm = _ZH_FILLERS.sub("", norm.replace(" ", ""))
    norm = _ZH_FILLERS.sub("", norm)  # "嗯那个": the filler that led is gone, 那个 now leads
    norm = _ZH_STUTTER.sub(r"\1", norm)
    if "call" in norm:
        norm = _ZH_CALL_EN.sub(lambda m: "打给" if m[1] in ("我", "这个") else "打", norm)
    if _ZH_CALL_SOUND_ANY.search(norm):
        norm = _ZH_DA_SOUND.sub("打", _ZH_CALL_SOUNDS.sub("电话", norm))
        norm = _ZH_SHAN_SOUND.sub("删", norm)
    if "诉" in norm:
        norm = _ZH_TOUSU_SOUND.sub("投", norm)
    if "整" in norm:
        norm = _ZH_ZHENG.sub("打", norm)
    if "退定" in norm:
        norm = _ZH_TUIDING_SOUND.sub("订", norm)
    if "俺" in norm or "老子" in norm:
        norm = _ZH_ME_FORMS.sub("我", norm)
    if "调" in norm:
        norm = _ZH_DIAO_SOUND.sub("掉", norm)
    if "支" in norm:
        norm = _ZH_ZHI_MEASURE.sub("个", norm)
    if "门号" in norm:
        norm = _ZH_MENHAO.sub("号码", norm)
    return norm


# Korean ----------------------------------------------------------------------------------------------
# Hesitations, as whole words only (Korean is spaced): "어 저기 그 전화 이제 …". Kept: "그" (that: "그
# 문자는 보내지 마세요" is about a draft) and "뭐" ("뭐 하러 전화해요" is a question).
_KO_FILLERS = frozenset(
    {"어", "어어", "음", "으음", "으", "아", "아아", "에", "엄", "흠", "저기", "저기요", "막", "잉"}
)
# Near-homophones of 전화 (call) at the start of a word: "전하 그만 하세요", "저나 하지 마세요".
# Round 15: 열락 for 연락 (contact) the same way, "열락하지 마세요" (열락 is no word).
_KO_CALL_SOUNDS = re.compile(r"^(?:저나|전하(?=$|를|좀|도|는|그만|하지|하시지))")
_KO_CONTACT_SOUND = re.compile(r"^열락")
# Round 16: 삭재 for 삭제 (delete) the same way, "제 번호 삭재해 주세요" (삭재 is no word); and 맞세요 for
# 마세요 after a verb's 지, "전화하지 맞세요" ("그 말이 맞지 맞아요" has no 세요 after 맞).
# Round 18: 사제 before a verb ending too, "번호 사제해 주세요"; 사제 alone (a priest) is left as it is.
# Round 19: 산제 the same way, "번호 산제해 주세요" (산제 alone, a mountain rite, stays).
_KO_DELETE_SOUND = re.compile(r"^(?:삭재|(?:사제|산제)(?=해|하))")
_KO_MA_SOUND = re.compile(r"(지 ?)맞(?=세요|으세요)")


# Other words for a call: "콜 하지 마세요" (call, from English), "발신하지 마세요" (don't dial out to me).
# "발신 번호" (caller ID) stays.
_KO_CALL_WORDS = re.compile(
    r"^(?:콜(?=$|하지|하시지|좀|은|는|을|를|도|그만)|발신(?=하지|하시지|좀그만|그만))"
)
# Gyeongsang and Jeolla forms, and sounds run together, into the standard forms the rules are written
# for, as the Cantonese forms are for Chinese: "허지 마쑈" / "허덜 말어" (하지 마세요 / 하지 마),
# "전화허요" (전화해요), "인자" (이제), "자꼬" (자꾸), "지아삐라" / "지워삐라" (지워 버려),
# "그마내요" (그만해요).
# A Jeolla tag 잉 after an ending ("마쑈잉") goes like the filler it is.
_KO_DIALECT = {
    "허덜": "하지",
    "하덜": "하지",
    "허믄": "하면",
    "하믄": "하면",
    "허들": "하지",
    "허지": "하지",
    "말어": "마",
    "마쑈": "마세요",
    "마쇼": "마세요",
    "마소": "마세요",
    # Round 16: Jeju 맙서 / 맙소, "전화 허지 맙서".
    "맙서": "마세요",
    "맙소": "마세요",
    "허요": "해요",
    "허시": "하시",
    "인자": "이제",
    "자꼬": "자꾸",
    "지아삐라": "지워버려",
    "지아뿌라": "지워버려",
    "지워삐라": "지워버려",
    "지아삐": "지워버려",
    "그마내": "그만해",
    "그마네": "그만해",
}
_KO_REPLACE = {**_KO_DIALECT, "잉": "", "혀": "해"}
_KO_DIALECT_FORMS = re.compile(
    "|".join(sorted(map(re.escape, _KO_DIALECT), key=len, reverse=True)) + r"|(?<=[쑈쇼요어라다])잉$"
    # Chungcheong and Jeolla 혀 for 해, only after the words of calling: "전화혀", "그만혀" ("막혀" stays).
    r"|(?<=전화|그만|신고|연락)혀$"
)


# 빼 (take out) heard as 빠 before the request: "명단에서 빠주세요", "빠 달라고요" (round 8). Not inside a
# word ("오빠 주세요").
_KO_BBAE = re.compile(r"(?<![가-힣])빠(?= ?(?:주세요|주십시오|줘|주라|달라|주시|줄래|주실))")
# Round 15: the same for 베 (빼) and 지어 (지워, delete) after the list or the number: "명단에서 베 주세요",
# "제 번호 명단에서 지어 주세요" ("집을 지어 주세요", build a house, stays). Round 16: 배 (빼) too, "목록에서
# 배 주세요" ("배 주세요" alone, a pear, stays).
_KO_LIST_REQUEST = re.compile(
    r"((?:명단에서|목록에서|번호(?:를|는|좀)?) ?(?:(?:저|저희|제|우리)(?:를|는)? ?)?(?:좀 )?)"
    r"(베|배|지어)(?= ?(?:주세요|주십시오|줘|주라|달라|주시|줄래|주실))"
)
_KO_LIST_VERB = {"베": "빼", "배": "빼", "지어": "지워"}


# The words a false start is undone before (round 11): only the anchors the rules read.
_KO_ANCHOR_START = re.compile(r"그만|전화|연락|문자|번호|수신|삭제|명단|지워|빼")


def _korean(norm: str) -> str:
    words: list[str] = []
    for word in norm.split(" "):
        if word in _KO_FILLERS:
            continue
        word = _KO_DIALECT_FORMS.sub(lambda m: _KO_REPLACE[m.group()], word)
        word = _KO_CALL_WORDS.sub("전화", _KO_CALL_SOUNDS.sub("전화", word))
        if word.startswith("열락"):
            word = _KO_CONTACT_SOUND.sub("연락", word)
        elif word.startswith(("삭재", "사제", "산제")):
            word = _KO_DELETE_SOUND.sub("삭제", word)
        if (
            words
            and len(words[-1]) == 1
            and len(word) > 1
            and word.startswith(words[-1])
            and (_KO_ANCHOR_START.match(word))
        ):
            # Round 11: a false start, "그 그만 주세요", "전 전화하지 마세요": the syllable said first goes.
            words[-1] = word
        elif not words or word != words[-1]:
            words.append(word)
    norm = " ".join(words)
    if "빠" in norm:
        norm = _KO_BBAE.sub("빼", norm)
    if "베" in norm or "배" in norm or "지어" in norm:
        norm = _KO_LIST_REQUEST.sub(lambda m: m[1] + _KO_LIST_VERB[m[2]], norm)
    if "맞" in norm:
        norm = _KO_MA_SOUND.sub(r"\1마", norm)
    return norm


def prepare(language: str) -> None:
    """Build the language's tables now (Chinese: the traditional characters), not on the first call."""
    if language == "zh":
        _traditional()


def canonical(language: str, norm: str) -> str:
    """``norm`` (normalised text) with hesitations, call-word homophones and dialect forms undone."""
    if language == "en":
        return _english(norm)
    if language == "zh":
        return _chinese(norm)
    if language == "ko":
        return _korean(norm)
    return norm
