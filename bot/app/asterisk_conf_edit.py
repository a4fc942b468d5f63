"""Where Clearcall's `#include` lines go in an Asterisk configuration file, as pure text edits.

Asterisk reads an `#include` as if the included lines stood there, so the place matters: a file of
`[general]` settings must land inside `[general]` (after its own settings, so ours win), a file that opens
its own section must not split someone else's, and a pjsip include belongs after the transports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADER_RE = re.compile(r"^\s*\[([^\]]+)\]")
_KEY_RE = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*=>?\s*(.*?)\s*$")


@dataclass(frozen=True)
class Section:
    name: str
    start: int  # index of the header line
    end: int  # index of the next header line, or the number of lines


@dataclass(frozen=True)
class Insertion:
    """Lines to put at a line index of one file, and why there (for the installer's report)."""

    at: int
    lines: tuple[str, ...]
    note: str = ""


def code(line: str) -> str:
    """A line without its `;` comment (Asterisk's comment character), stripped."""
    return line.split(";", 1)[0].strip()


def sections(lines: list[str]) -> list[Section]:
    heads = [(i, m.group(1).strip()) for i, line in enumerate(lines) if (m := _HEADER_RE.match(code(line)))]
    bounds = [i for i, _ in heads[1:]] + ([len(lines)] if heads else [])
    return [Section(name, start, end) for (start, name), end in zip(heads, bounds, strict=True)]


def values(lines: list[str], section: Section) -> dict[str, str]:
    """The key = value settings of one section (the last one wins, as in Asterisk)."""
    found: dict[str, str] = {}
    for line in lines[section.start + 1 : section.end]:
        if (m := _KEY_RE.match(code(line))) and not line.lstrip().startswith("#"):
            found[m.group(1).lower()] = m.group(2)
    return found


def end_of(lines: list[str], section: Section) -> int:
    """Where to append to a section: after its last setting, before the comments that head the next one."""
    at = section.end
    if at < len(lines):
        while at > section.start + 1 and not code(lines[at - 1]):
            at -= 1
    return at


def include_line(path: str) -> str:
    return f'#include "{path}"'


def has_include(lines: list[str], path: str) -> bool:
    return any(code(line) == include_line(path) for line in lines)


def into_section(lines: list[str], name: str, path: str) -> Insertion:
    """The include at the end of [name] (the file holds that section's settings); adds [name] if absent."""
    section = next((s for s in sections(lines) if s.name == name), None)
    if section is None:
        return Insertion(len(lines), (f"[{name}]", include_line(path)), f"no [{name}] section: added one")
    return Insertion(end_of(lines, section), (include_line(path),))


def into_general(lines: list[str], path: str) -> Insertion:
    return into_section(lines, "general", path)


def after_general(lines: list[str], path: str) -> Insertion:
    """The include after the [general] section (the file opens its own section), or at the end."""
    general = next((s for s in sections(lines) if s.name == "general"), None)
    at = end_of(lines, general) if general is not None else len(lines)
    return Insertion(at, (include_line(path),))


def at_end(lines: list[str], path: str) -> Insertion:
    """The include at the end of the file: the included file opens its own contexts, so it splits none."""
    return Insertion(len(lines), (include_line(path),))


def transports(lines: list[str]) -> list[Section]:
    return [s for s in sections(lines) if values(lines, s).get("type") == "transport"]


def after_transports(lines: list[str], path: str, transport_path: str) -> Insertion:
    """The include after the last transport; with no transport at all, Clearcall's loopback one first."""
    found = transports(lines)
    if found:
        return Insertion(end_of(lines, found[-1]), (include_line(path),))
    return Insertion(
        len(lines),
        (include_line(transport_path), include_line(path)),
        "pjsip.conf defines no transport, so nothing would listen for SIP: added Clearcall's loopback UDP "
        "transport (clearcall-transport-udp, 127.0.0.1:5060)",
    )


def apply(text: str, insertion: Insertion) -> str:
    lines = text.splitlines()
    new = lines[: insertion.at] + list(insertion.lines) + lines[insertion.at :]
    return "\n".join(new) + ("\n" if text.endswith("\n") or not text else "")


def remove_block(text: str, block: tuple[str, ...]) -> tuple[str, bool]:
    """Take out the first run of exactly these lines; (new text, whether it was there)."""
    lines = text.splitlines()
    n = len(block)
    for i in range(len(lines) - n + 1):
        if tuple(lines[i : i + n]) == block:
            rest = lines[:i] + lines[i + n :]
            return "\n".join(rest) + ("\n" if text.endswith("\n") and rest else ""), True
    return text, False
