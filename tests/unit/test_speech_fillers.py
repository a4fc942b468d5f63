"""Filler words, the garbage alternative for models without [unk]: which ones a grammar gets."""

from __future__ import annotations

from bot.speech.fillers import (
    CHECK_WEIGHT,
    FILLER_COUNT,
    KO_CANDIDATES,
    candidates_for,
    check_grammar,
    fillers_for,
    sounds_like,
)


def test_sound_alike_first_syllables() -> None:
    assert sounds_like("이후", "예")  # ㅖ starts with an i sound: "이후" took "예" from the grammar
    assert sounds_like("아니", "아니요") and sounds_like("내", "네") and sounds_like("해", "예")
    assert sounds_like("라고", "다시는")  # ㄹ and ㄷ: one consonant class
    assert not sounds_like("등", "네") and not sounds_like("가족", "아니요")
    assert not sounds_like("yes", "yeah") and not sounds_like("", "네")


def test_fillers_leave_out_grammar_words_and_sound_alikes() -> None:
    phrases = ["네", "예", "아니요", "아니오", "수신 거부"]
    fillers = fillers_for(KO_CANDIDATES, phrases)
    assert len(fillers) == FILLER_COUNT
    assert fillers[:6] == ["등", "도", "가", "는", "은", "을"]  # most frequent first; "의" sounds like "예"
    words = {w for p in phrases for w in p.split()}
    assert not any(f in words or any(sounds_like(f, w) for w in words) for f in fillers)
    assert "이" not in fillers and "에" not in fillers and "내" not in fillers


def test_check_grammar_weights_the_phrases() -> None:
    grammar = check_grammar(["네", "아니요"], ["등", "도"])
    assert grammar.count("네") == CHECK_WEIGHT and grammar[-2:] == ["등", "도"]


class FakeModel:
    def __init__(self, words: set[str]) -> None:
        self.words = words

    def vosk_model_find_word(self, word: str) -> int:
        return 1 if word in self.words else -1


def test_only_models_without_unk_get_fillers_and_only_words_they_know() -> None:
    assert candidates_for(FakeModel({"[unk]", "의", "등"}), "ko") == ()
    assert candidates_for(FakeModel({"의", "등"}), "ko") == ("의", "등")
    assert candidates_for(FakeModel({"의"}), "xx") == ()
