"""What a check returns: a status, a one-line finding and, unless all is well, a one-line fix."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum


class Status(Enum):
    OK = "ok"
    SKIP = "skip"
    WARN = "warn"
    FAIL = "FAIL"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Status.OK: 0, Status.SKIP: 1, Status.WARN: 2, Status.FAIL: 3}


@dataclass(frozen=True)
class Finding:
    """One observation: what was found and, when it is not ok, what to change (naming a file or setting)."""

    status: Status
    text: str
    fix: str = ""


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: its worst finding decides the status; the rest are printed below it."""

    name: str
    findings: tuple[Finding, ...]

    @property
    def status(self) -> Status:
        return max((f.status for f in self.findings), key=lambda s: s.rank, default=Status.OK)

    @property
    def headline(self) -> Finding:
        """The first finding of the worst status: the line a reader sees first."""
        return next(f for f in self.findings if f.status is self.status)

    @property
    def ok(self) -> bool:
        return self.status is not Status.FAIL


def result(name: str, findings: Iterable[Finding], ok_text: str) -> CheckResult:
    """A check's result: its problems if any, else one ok finding saying what was checked."""
    problems = tuple(f for f in findings if f.status is not Status.OK)
    return CheckResult(name, problems or (Finding(Status.OK, ok_text),))


def single(name: str, status: Status, text: str, fix: str = "") -> CheckResult:
    return CheckResult(name, (Finding(status, text, fix),))


def skipped(name: str, why: str) -> CheckResult:
    return single(name, Status.SKIP, f"skipped: {why}")
