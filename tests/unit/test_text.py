"""The one normal form of spoken text, used by both opt-out detection and intent matching."""

from __future__ import annotations

import pytest

from bot.core.text import is_unspaced, normalize_text


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("  Hello,   WORLD! ", "hello world"),
        ("Don’t  call, me!", "dont call me"),
        ("don't donʼt don‘t", "dont dont dont"),  # every apostrophe is deleted, not spaced
        ("'quoted'", "quoted"),
        ("non-stop", "non stop"),
        ("ＳＴＯＰ", "stop"),  # full-width forms from CJK input methods
        ("ＯＫ １２", "ok 12"),
        ("STRASSE Straße", "strasse strasse"),
        ("不要再打了！", "不要再打了"),
        ("不 需要 。", "不需要"),  # Han is written unspaced: recogniser spaces go
        ("好的， 谢谢", "好的谢谢"),
        ("日本 語 です", "日本語です"),  # kana too
        ("ok 好的 yes", "ok 好的 yes"),  # but not next to Latin words
        ("전화\u3000하지  마세요.", "전화 하지 마세요"),  # Hangul keeps its word spaces
        ("\u1100\u1161\u11a8", "각"),  # conjoining jamo compose to a syllable
        ("[unk] 네", "unk 네"),  # recogniser markers are the callers' business
        ("  ...  ", ""),
    ],
)
def test_normalize_text(raw: str, normalised: str) -> None:
    assert normalize_text(raw) == normalised


@pytest.mark.parametrize(("char", "unspaced"), [("中", True), ("の", True), ("한", False), ("a", False)])
def test_is_unspaced(char: str, unspaced: bool) -> None:
    assert is_unspaced(char) is unspaced
