"""Errors raised while loading a flow file; each points at a line and says what to change."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.errors import ClearcallError

# Line breaks and other control characters (from a key or value quoted in a message) would split
# an issue over several lines, or hide part of it in a terminal.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _one_line(text: str) -> str:
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass(frozen=True, order=True)
class FlowIssue:
    """One problem in a flow file, at a 1-based line and column.

    ``message`` says what is wrong; ``hint`` (optional) says what to change. Both are
    shown on one line so editors and CI logs can jump to ``file:line:col``.
    """

    file: str
    line: int
    column: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {_one_line(self.message)}"
        return f"{text}; {_one_line(self.hint)}" if self.hint else text


class DocumentError(ClearcallError):
    """A YAML file (a flow, a cases file) is not usable; ``issues`` lists every problem, in file order."""

    def __init__(self, issues: Iterable[FlowIssue]) -> None:
        self.issues: list[FlowIssue] = sorted(set(issues))
        if not self.issues:
            raise ValueError(f"{type(self).__name__} needs at least one issue")
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(issue) for issue in self.issues)


class FlowError(DocumentError):
    """A flow file is not usable; ``issues`` lists every problem found, in file order."""
