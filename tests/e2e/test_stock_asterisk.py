"""Deploying beside a real Asterisk: Debian's stock configuration (asterisk-config), Asterisk running as the
`asterisk` user. `clearcall asterisk install` makes it work (the doctor passes, a call to the opening-only
extension is answered with the opening), and `clearcall asterisk uninstall` leaves the configuration as it
was, byte for byte, owner and mode included.

The second root is made from the sandbox's in about a second (asterisk-conf/sandbox/stock_root.sh). It uses
the same ports as the sandbox, so the sandbox is stopped meanwhile and started again at the end.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from bot.app.runtime import App
from bot.asterisk.ari import AriClient, AriError
from bot.core.numbers import mask
from tests.e2e.conftest import asterisk_is_idle, prompt_seconds, run
from tests.e2e.sipcall import PROJECT, place_call

STOCK = PROJECT / ".sandbox" / "stock-root"
SANDBOX_ETC = PROJECT / "asterisk-conf" / "sandbox" / "etc"
# The sandbox's test caller (what place_call dials as), added for the call and taken out before uninstall.
TEST_CALLER = {"pjsip.conf": "pjsip_sandbox.conf", "extensions.conf": "extensions_sandbox.conf"}


def clearcall(*args: str | Path) -> subprocess.CompletedProcess:
    """The installed `clearcall` command, run from / as a deployer would (it finds the project itself)."""
    return run(Path(sys.executable).parent / "clearcall", *args)


def asterisk_ids() -> tuple[int, int]:
    for line in (STOCK / "etc" / "passwd").read_text().splitlines():
        name, _, uid, gid, *_ = line.split(":")
        if name == "asterisk":
            return int(uid), int(gid)
    raise AssertionError("the stock root has no asterisk user")


def tree(folder: Path) -> dict[str, tuple[int, int, int, bytes]]:
    """Every file and folder under `folder`: mode, owner, group and content."""
    found = {}
    for path in [folder, *sorted(folder.rglob("*"))]:
        st = path.lstat()
        data = path.read_bytes() if path.is_file() and not path.is_symlink() else b""
        found[str(path.relative_to(folder))] = (st.st_mode, st.st_uid, st.st_gid, data)
    return found


def add_test_caller(etc: Path) -> dict[str, str]:
    """The sandbox's test caller beside the installed files; returns the texts to put back."""
    uid, gid = asterisk_ids()
    before = {}
    for conf, extra in TEST_CALLER.items():
        before[conf] = (etc / conf).read_text()
        shutil.copy(SANDBOX_ETC / extra, etc / extra)
        (etc / conf).write_text(before[conf] + f'#include "{extra}"\n')
    secret = etc / "clearcall-secrets" / "test_password.conf"
    shutil.copy(PROJECT / ".local" / "asterisk" / "test_password.conf", secret)
    os.chown(secret, uid, gid)
    os.chmod(secret, 0o600)
    return before


def remove_test_caller(etc: Path, before: dict[str, str]) -> None:
    for conf, extra in TEST_CALLER.items():
        (etc / conf).write_text(before[conf])
        (etc / extra).unlink()
    (etc / "clearcall-secrets" / "test_password.conf").unlink()


async def start_stock_asterisk() -> int:
    started = await asyncio.to_thread(  # no pipes: the daemon would hold them open
        subprocess.run,
        ["chroot", str(STOCK), "/usr/sbin/asterisk", "-U", "asterisk", "-G", "asterisk"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=30,
        check=False,
    )
    assert started.returncode == 0
    pidfile = STOCK / "run" / "asterisk" / "asterisk.pid"
    async with asyncio.timeout(20):
        while not pidfile.exists() or not pidfile.read_text().strip():
            await asyncio.sleep(0.05)
    return int(pidfile.read_text())


async def wait_for_ari(settings) -> None:
    client = AriClient(settings.ari_url, settings.ari_user, settings.ari_password, "clearcall-stock-probe")
    try:
        async with asyncio.timeout(60):
            while True:
                try:
                    await client.check()
                    return
                except (AriError, OSError):
                    await asyncio.sleep(0.2)
    finally:
        await client.aclose()


async def stop_stock_asterisk(pid: int) -> None:
    run("chroot", STOCK, "/usr/sbin/asterisk", "-rx", "core stop now", timeout=30)
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        await asyncio.sleep(0.1)
    os.kill(pid, signal.SIGKILL)


async def test_install_beside_stock_debian_asterisk_then_uninstall_leaves_it_as_it_was(settings, tmp_path):
    down = run("make", "-C", PROJECT, "asterisk-down")
    assert down.returncode == 0, down.stdout + down.stderr
    pid = 0
    try:
        built = run("bash", PROJECT / "asterisk-conf" / "sandbox" / "stock_root.sh", STOCK)
        assert built.returncode == 0, built.stdout + built.stderr
        etc = STOCK / "etc" / "asterisk"
        pristine = tree(etc)

        installed = clearcall("asterisk", "install", "--etc", etc)
        assert installed.returncode == 0, installed.stdout + installed.stderr
        assert "Asterisk runs as asterisk (from the asterisk user in" in installed.stdout
        assert "pjsip.conf defines no transport" in installed.stdout  # Debian's stock pjsip.conf has none
        again = clearcall("asterisk", "install", "--etc", etc)  # idempotent: no second include anywhere
        assert again.returncode == 0 and "+#include" not in again.stdout, again.stdout
        uid, gid = asterisk_ids()
        for secret in (etc / "clearcall-secrets").iterdir():
            st = secret.stat()
            assert (st.st_uid, st.st_gid, st.st_mode & 0o777) == (uid, gid, 0o600), secret

        before = add_test_caller(etc)
        pid = await start_stock_asterisk()
        assert os.stat(f"/proc/{pid}").st_uid == uid  # Asterisk runs as asterisk, not root
        await wait_for_ari(settings)  # it read its secrets file: the ARI user exists
        dry = clearcall("asterisk", "install", "--etc", etc, "--dry-run")  # now found from the process
        assert "Asterisk runs as asterisk (from the running Asterisk process)" in dry.stdout, dry.stdout
        assert "+#include" not in dry.stdout
        app = App(settings, mask)
        await app.start()
        try:
            doctor = await asyncio.to_thread(clearcall, "doctor")
            assert doctor.returncode == 0, doctor.stdout + doctor.stderr
            for check in ("ari", "modules", "ami", "gate"):  # dialplan only warns: no trunk chosen
                assert f"ok    {check} " in doctor.stdout, doctor.stdout
            expected = await prompt_seconds(app, "opening_only")
            result = await place_call("900", timeout=40)
            assert result.returncode == 0, result.output[-2000:]
            heard = result.peer.speech_seconds()
            assert 0.5 * expected <= heard <= expected + 1.5, (heard, expected)
            await asterisk_is_idle(app.ari)
        finally:
            await app.aclose()
        await stop_stock_asterisk(pid)
        pid = 0
        remove_test_caller(etc, before)

        removed = clearcall("asterisk", "uninstall", "--etc", etc)
        assert removed.returncode == 0, removed.stdout + removed.stderr
        assert "already gone" not in removed.stdout, removed.stdout
        after = tree(etc)
        assert sorted(after) == sorted(pristine)
        changed = [name for name in pristine if after[name] != pristine[name]]
        assert not changed, changed
    finally:
        if pid:
            await stop_stock_asterisk(pid)
        shutil.rmtree(STOCK, ignore_errors=True)
        up = run("make", "-C", PROJECT, "asterisk-up")  # the other tests need the sandbox back
    assert up.returncode == 0, up.stdout + up.stderr
