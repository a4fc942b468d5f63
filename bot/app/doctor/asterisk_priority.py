"""Does the Asterisk on this host run with real-time priority? Without it, prompts reach callers with gaps.

Measured (README, "Capacity"): at 52 calls up the bot's own AudioSocket writes had no gap over 60 ms, yet
25-226 gaps reached the callers while Asterisk shared the CPU with the bot as an equal; with Asterisk
real-time (`-p`, as Debian's asterisk.service starts it, or `highpriority = yes`) there were none.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from bot.app.asterisk_processes import asterisk_processes
from bot.app.doctor.results import CheckResult, Status, single, skipped

NAME = "priority"
REALTIME = frozenset({os.SCHED_FIFO, os.SCHED_RR})

Policies = Callable[[], list[int]]


def asterisk_policies(proc: Path = Path("/proc")) -> list[int]:
    """The scheduling policy of every Asterisk process on this host (remote consoles included)."""
    found = []
    for entry in asterisk_processes(proc):
        with contextlib.suppress(OSError):  # it ended meanwhile
            found.append(os.sched_getscheduler(int(entry.name)))
    return found


def check_priority(policies: Policies = asterisk_policies) -> CheckResult:
    found = policies()
    if not found:
        return skipped(NAME, "no Asterisk process on this host")
    if REALTIME.intersection(found):
        return single(NAME, Status.OK, "Asterisk runs with real-time priority")
    return single(
        NAME,
        Status.WARN,
        "Asterisk runs without real-time priority: under load the bot's prompts reach callers with gaps",
        "start Asterisk with -p (Debian's asterisk.service does) or set highpriority = yes under [options] "
        "in asterisk.conf, then restart it",
    )
