"""Which flows Asterisk dialplans hand calls to: the ``Stasis(clearcall,<flow>)`` lines.

A call that reaches the bot through the dialplan (a phone dialling an extension) carries no contact
data, so such a flow must not need contact fields without defaults. Pure: parses text, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CONTEXT = re.compile(r"^\s*\[([^\]]+)\]")
_EXTEN = re.compile(r"^\s*exten\s*=>?\s*([^,\s]+)\s*,", re.IGNORECASE)
_SAME = re.compile(r"^\s*same\s*=>?", re.IGNORECASE)
_STASIS = re.compile(r"\bStasis\(\s*([^,)\s]+)\s*,\s*([^,)\s]+)", re.IGNORECASE)


@dataclass(frozen=True)
class StasisEntry:
    """An extension that hands calls to the bot: ``Stasis(app,flow)`` at ``file:line``."""

    file: str
    line: int
    context: str
    extension: str
    flow: str


def _strip_comment(line: str) -> str:
    # ";" starts a comment unless escaped as "\;".
    match = re.search(r"(?<!\\);", line)
    return line[: match.start()] if match else line


def stasis_entries(text: str, source: str, app: str = "clearcall") -> list[StasisEntry]:
    """Every ``Stasis(<app>,<flow>)`` in a dialplan text, with its context and extension."""
    entries = []
    context, extension = "", ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _strip_comment(raw)
        if match := _CONTEXT.match(line):
            context, extension = match.group(1).strip(), ""
            continue
        if match := _EXTEN.match(line):
            extension = match.group(1)
        elif not _SAME.match(line):
            continue
        for stasis in _STASIS.finditer(line):
            # A flow named by a variable (campaign calls: dialplans/clearcall_campaign.conf) is chosen at
            # run time by whoever originated the call, with its contact data: nothing to check here.
            if stasis.group(1).lower() == app.lower() and "${" not in stasis.group(2):
                entries.append(StasisEntry(source, number, context, extension, stasis.group(2)))
    return entries
