"""`clearcall asterisk install --systemd`: run the bot as a service, under its own user.

The unit restarts the bot on failure and stops it with SIGTERM, which starts the drain (calls in progress
finish, no new ones are taken; bot.app.runtime). Its environment file holds the secrets (root-only 0600:
systemd reads it before it drops to the service's user) and names the project folder, which is also how
`clearcall` finds its configuration from any directory. `clearcall` goes on PATH as a link in
/usr/local/bin.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.app.settings import SYSTEM_CONFIG, read_env_file

SERVICE_USER = "clearcall"
STATE_DIR = Path("/var/lib/clearcall")
DRAIN_SECONDS = 10  # App.aclose's drain; systemd waits longer before it kills

UNIT = """\
[Unit]
Description=Clearcall voice robot (Asterisk ARI app)
After=network-online.target asterisk.service
Wants=asterisk.service

[Service]
Type=simple
User={user}
Group={user}
EnvironmentFile={env_file}
ExecStart={exe} run
Restart=on-failure
RestartSec=2
# SIGTERM starts the drain: calls in progress end before the bot exits.
KillSignal=SIGTERM
KillMode=mixed
TimeoutStopSec={stop_seconds}
StateDirectory=clearcall
StateDirectoryMode=0700
UMask=0077
NoNewPrivileges=yes
PrivateTmp=yes

[Install]
WantedBy=multi-user.target
"""


@dataclass(frozen=True)
class ServicePaths:
    unit: Path = Path("/etc/systemd/system/clearcall.service")
    env_file: Path = SYSTEM_CONFIG
    link: Path = Path("/usr/local/bin/clearcall")


def clearcall_exe() -> Path:
    """The `clearcall` script of the environment this package runs in."""
    return Path(sys.executable).parent / "clearcall"


def unreachable_for_others(exe: Path) -> Path | None:
    """The first folder on the way to the interpreter that the service's user cannot enter, if any."""
    real = Path(os.path.realpath(sys.executable))
    for path in [*reversed(real.parents), real, exe.parent]:
        if not path.stat().st_mode & 0o001:
            return path
    return None


def unit_text(paths: ServicePaths, exe: Path, user: str = SERVICE_USER) -> str:
    return UNIT.format(user=user, env_file=paths.env_file, exe=exe, stop_seconds=DRAIN_SECONDS + 20)


def env_text(home: Path) -> str:
    """The service's environment: the project folder, its own data folder, and the generated secrets."""
    values = {
        k: v for k, v in read_env_file(home / ".local" / "secrets.env").items() if k.startswith("CLEARCALL_")
    }
    values |= {"CLEARCALL_HOME": str(home), "CLEARCALL_DATA_DIR": str(STATE_DIR)}
    body = "# Written by `clearcall asterisk install --systemd`. Private (0600): it holds the secrets.\n"
    return body + "".join(f"{k}={v}\n" for k, v in sorted(values.items()))


def ensure_user(user: str = SERVICE_USER) -> bool:
    """Create the service's system user when missing; True if it was created."""
    import pwd

    try:
        pwd.getpwnam(user)
        return False
    except KeyError:
        pass
    subprocess.run(
        [
            "useradd",
            "--system",
            "--home-dir",
            str(STATE_DIR),
            "--no-create-home",
            "--shell",
            "/usr/sbin/nologin",
            user,
        ],
        check=True,
    )
    return True


def install_service(home: Path, paths: ServicePaths = ServicePaths()) -> list[str]:
    """Write the unit, its environment file and the PATH link; returns what was written (absolute paths)."""
    written = []
    paths.env_file.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
    fd = os.open(paths.env_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(env_text(home))
    os.chmod(paths.env_file, 0o600)
    written.append(str(paths.env_file))
    paths.unit.parent.mkdir(parents=True, exist_ok=True)
    paths.unit.write_text(unit_text(paths, clearcall_exe()))
    written.append(str(paths.unit))
    if paths.link.is_symlink() or not paths.link.exists():
        paths.link.unlink(missing_ok=True)
        paths.link.symlink_to(clearcall_exe())
        written.append(str(paths.link))
    if shutil.which("systemctl") and Path("/run/systemd/system").is_dir():
        subprocess.run(["systemctl", "daemon-reload"], check=False)
    return written


def remove_service(written: list[str]) -> None:
    for name in written:
        Path(name).unlink(missing_ok=True)
    folder = ServicePaths().env_file.parent
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
