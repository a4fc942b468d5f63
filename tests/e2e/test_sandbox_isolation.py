"""`make asterisk-down` stops the sandbox's own Asterisk and nothing else: another Asterisk on the host
(here one running from a second root, standing in for a production PBX) survives it."""

import asyncio
import os
import shutil
import signal
import stat
import subprocess

from tests.e2e.conftest import run
from tests.e2e.sipcall import PROJECT

OTHER = PROJECT / ".sandbox" / "other-root"
MINIMAL = {
    "asterisk.conf": "[options]\n",
    "modules.conf": "[modules]\nautoload = no\n",  # nothing listens: no port clashes with the sandbox
    "logger.conf": "[logfiles]\n",
}


async def test_asterisk_down_leaves_another_asterisk_running(ari):
    shutil.rmtree(OTHER, ignore_errors=True)
    # Hard links: a second root in about a second, sharing the sandbox's files on disk (not the mounts).
    OTHER.mkdir()
    for entry in (PROJECT / ".sandbox" / "root").iterdir():
        if entry.name in ("proc", "dev", "sys", "run"):  # mounts, and the sandbox's control socket
            (OTHER / entry.name).mkdir()
        else:
            copied = run("cp", "-al", str(entry), str(OTHER / entry.name))
            assert copied.returncode == 0, copied.stderr
    os.mknod(OTHER / "dev" / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # daemon() needs it
    etc = OTHER / "etc" / "asterisk"
    shutil.rmtree(etc)
    etc.mkdir()
    for name, text in MINIMAL.items():
        (etc / name).write_text(text)
    other_pid = 0
    try:
        started = await asyncio.to_thread(  # no pipes: the daemon would hold them open
            subprocess.run,
            ["chroot", str(OTHER), "/usr/sbin/asterisk", "-C", "/etc/asterisk/asterisk.conf"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=30,
            check=False,
        )
        assert started.returncode == 0
        pidfile = OTHER / "run" / "asterisk" / "asterisk.pid"
        async with asyncio.timeout(10):
            while not pidfile.exists():
                await asyncio.sleep(0.05)
        other_pid = int(pidfile.read_text())
        down = run("make", "-C", str(PROJECT), "asterisk-down")
        assert down.returncode == 0, down.stdout + down.stderr
        os.kill(other_pid, 0)  # raises ProcessLookupError if make asterisk-down killed it
    finally:
        if other_pid:
            os.kill(other_pid, signal.SIGKILL)
        shutil.rmtree(OTHER, ignore_errors=True)
        up = run("make", "-C", str(PROJECT), "asterisk-up")  # the other tests need the sandbox back
    assert up.returncode == 0, up.stdout + up.stderr
