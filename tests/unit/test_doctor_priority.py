"""The doctor's real-time check: read from /proc; ok when an Asterisk is real-time, a warning if none is."""

from __future__ import annotations

import os
import subprocess
import sys

from bot.app.doctor import Status
from bot.app.doctor.asterisk_priority import asterisk_policies, check_priority


def test_real_time_asterisk_is_ok_a_normal_one_warns_none_is_skipped():
    assert check_priority(lambda: [os.SCHED_OTHER, os.SCHED_RR]).status is Status.OK
    warned = check_priority(lambda: [os.SCHED_OTHER])
    assert warned.status is Status.WARN
    assert "highpriority = yes" in warned.headline.fix
    assert check_priority(lambda: []).status is Status.SKIP


def test_policies_are_read_from_the_processes_named_asterisk(tmp_path):
    """A fake /proc naming this test's own process and a child asterisk: only the child's policy counts."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        for pid, name in ((os.getpid(), "python3"), (child.pid, "asterisk"), (999_999_999, "asterisk")):
            (tmp_path / str(pid)).mkdir()
            (tmp_path / str(pid) / "comm").write_text(name + "\n")
        (tmp_path / "self").mkdir()
        os.sched_setscheduler(child.pid, os.SCHED_BATCH, os.sched_param(0))
        # 999999999 has no process: read as gone, not as an error.
        assert asterisk_policies(tmp_path) == [os.SCHED_BATCH]
    finally:
        child.kill()
        child.wait()
