"""Text templates of a flow: ``{name}`` placeholders, ``{{`` and ``}}`` for literal braces."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple


class Placeholder(NamedTuple):
    """A ``{name}`` in a text, at offset ``start``; ``name`` is empty for an unclosed ``{``."""

    name: str
    token: str
    start: int = 0


# The last alternative catches an unclosed "{" (with the word after it, to point at it).
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|\{[^{}\s]*")


def placeholders(text: str) -> list[Placeholder]:
    """Every ``{variable}`` in ``text``; ``{{`` and ``}}`` are literal braces."""
    found = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        closed = token.endswith("}")
        found.append(Placeholder((match.group(1) or "").strip() if closed else "", token, match.start()))
    return found


def render_template(text: str, values: Mapping[str, str]) -> str:
    """Replace ``{name}`` with ``values[name]`` (missing values become empty text)."""

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        return values.get((match.group(1) or "").strip(), "")

    return _TOKEN.sub(replace, text)


def literal_text(text: str) -> str:
    """``text`` with its placeholders removed and ``{{``/``}}`` made single: what the author wrote."""
    return render_template(text, {})
