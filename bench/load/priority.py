"""The callers stand in for phones on other machines: here they must not take the CPU from what is measured.

On this 2-core box the sipp callers (one process per call) and the bench itself share the CPU with the bot
and Asterisk. At equal priority they take 25-47 % of a core at 50-60 calls, and every call of a run
degraded at once (README, "Capacity"). So the bench steps back: its own session (and with it the callers,
which it starts) runs in an autogroup of lowest weight, at nice `level`. Debian's kernel shares the CPU
between autogroups first, so a nice value alone would not do it. The bot is started in a session of its
own at nice 0, and Asterisk runs in its own: they keep full weight. tcpdump's timestamps come from the
kernel, so the capture's clock is not slowed by this. The autogroup is the session's, so a shell that
started the bench is stepped back with it until the bench exits and puts it back.
"""

from __future__ import annotations

import atexit
import contextlib
import os
from pathlib import Path

AUTOGROUP = Path("/proc/self/autogroup")


def step_back(level: int) -> str:
    """Put this process (and what it starts from now on) at `level` until it exits; says what was done."""
    if level <= 0:
        return "callers at the bot's priority"
    os.setpriority(os.PRIO_PROCESS, 0, level)
    with contextlib.suppress(OSError):  # no autogroups in this kernel: the nice value alone counts
        group = AUTOGROUP.read_text().split()[-1]  # "/autogroup-1093 nice 0"
        AUTOGROUP.write_text(str(level))
        atexit.register(AUTOGROUP.write_text, group)
        return f"callers at nice {level}, in an autogroup of nice {level}"
    return f"callers at nice {level} (no autogroups)"


def full_priority() -> None:
    """For a child that is measured (the bot): back to nice 0; its new session is a new autogroup."""
    os.setpriority(os.PRIO_PROCESS, 0, 0)
