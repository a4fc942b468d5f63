"""Errors raised while loading a flow file; each points at a line and says what to change."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.errors import ClearcallError


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
        text = f"{self.file}:{self.line}:{self.column}: {self.message}"
        return f"{text}; {self.hint}" if self.hint else text


class FlowError(ClearcallError):
    """A flow file is not usable; ``issues`` lists every problem found, in file order."""

    def __init__(self, issues: Iterable[FlowIssue]) -> None:
        self.issues: list[FlowIssue] = sorted(set(issues))
        if not self.issues:
            raise ValueError("FlowError needs at least one issue")
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(issue) for issue in self.issues)
