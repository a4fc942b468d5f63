"""The one canonical form of spoken text, shared by opt-out detection and intent matching.

Both compare what the recogniser heard with phrases written in a flow or in code; each side of every
comparison goes through ``normalize_text``, so the two can never disagree about what a phrase is.
"""

from __future__ import annotations

import re
import unicodedata

# Deleted, not turned into spaces, so "don't", "don’t" and "dont" are one word: a recogniser may return
# any of them, and the opt-out rules are written against "dont".
_APOSTROPHES = re.compile(r"['’ʼ‘`´]")


def is_cjk(char: str) -> bool:
    """True for Han, kana and Hangul: scripts that carry about a syllable per character."""
    code = ord(char)
    return (
        0x1100 <= code <= 0x11FF  # Hangul Jamo
        or 0x2E80 <= code <= 0x9FFF  # CJK radicals, kana, CJK ideographs, compatibility jamo
        or 0xAC00 <= code <= 0xD7AF  # Hangul syllables
        or 0xF900 <= code <= 0xFAFF  # CJK compatibility ideographs
        or 0x20000 <= code <= 0x3FFFF  # CJK extensions
    )


def is_unspaced(char: str) -> bool:
    """True for scripts written without spaces between words (Han, kana); Hangul is spaced."""
    code = ord(char)
    return is_cjk(char) and not (
        0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F or 0xAC00 <= code <= 0xD7AF
    )


def normalize_text(text: str) -> str:
    """Canonical form for matching: NFKC, casefolded, apostrophes gone, punctuation as spaces.

    NFKC (not just NFC) also folds full-width letters and digits that Chinese and Korean input methods
    produce, so phrases typed in a flow file match what the recogniser returns. Spaces between Han/kana
    characters are dropped: Chinese is written without them and recognisers insert them at will.
    """
    folded = _APOSTROPHES.sub("", unicodedata.normalize("NFKC", text).casefold())
    # Punctuation, symbols, separators and control characters all become word breaks ("non-stop" ->
    # "non stop"), so a hyphen or comma can never glue two words into a phrase.
    spaced = "".join(" " if unicodedata.category(ch)[0] in "PSZC" else ch for ch in folded)
    out = ""
    for word in spaced.split():
        if out and is_unspaced(out[-1]) and is_unspaced(word[0]):
            out += word
        else:
            out += (" " if out else "") + word
    return out
