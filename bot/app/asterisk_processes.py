"""The Asterisk processes of this host, found in /proc by name (the installer and the doctor ask)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path


def asterisk_processes(proc: Path = Path("/proc")) -> Iterator[Path]:
    """/proc/PID of every process named asterisk (remote consoles included); one that ended is skipped."""
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() == "asterisk":
                yield entry
        except OSError:  # it ended meanwhile
            continue
