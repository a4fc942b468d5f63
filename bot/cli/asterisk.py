"""`clearcall asterisk install|uninstall`: Clearcall's configuration beside an Asterisk you already run."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.core.errors import ConfigError


def register(subparsers: argparse._SubParsersAction) -> None:
    asterisk = subparsers.add_parser(
        "asterisk", help="install Clearcall's configuration into an existing Asterisk"
    )
    sub = asterisk.add_subparsers(dest="asterisk_command", required=True)
    install = sub.add_parser(
        "install",
        help="copy the production files, write the secrets, add the #include lines",
        description="Copies asterisk-conf/*.conf and dialplans/*.conf into ETC/clearcall/, writes secrets "
        "into ETC/clearcall-secrets/ (0600, owned by the user Asterisk runs as), and adds #include lines to "
        "ari.conf, http.conf, manager.conf, pjsip.conf and extensions.conf where they belong. Run it again "
        "to update: nothing is added twice. `clearcall asterisk uninstall` removes exactly what it added.",
    )
    install.add_argument("--etc", default="/etc/asterisk", help="Asterisk's configuration folder")
    install.add_argument("--dry-run", action="store_true", help="print what would change (a diff) and stop")
    install.add_argument("--user", help="the user Asterisk runs as (default: detected)")
    install.add_argument(
        "--systemd",
        action="store_true",
        help="also install the bot as a systemd service under its own user, and `clearcall` on PATH",
    )
    install.set_defaults(func=cmd_install)
    uninstall = sub.add_parser("uninstall", help="remove exactly what `asterisk install` added")
    uninstall.add_argument("--etc", default="/etc/asterisk", help="Asterisk's configuration folder")
    uninstall.set_defaults(func=cmd_uninstall)


def cmd_install(args: argparse.Namespace) -> int:
    from bot.app.asterisk_install import find_account, install, plan_install, record_system_files, render_plan
    from bot.app.service_install import (
        SERVICE_USER,
        ServicePaths,
        clearcall_exe,
        ensure_user,
        install_service,
        unreachable_for_others,
    )

    etc, home = Path(args.etc), Path(args.home).resolve()
    plan = plan_install(etc, home, find_account(etc, args.user))
    print(render_plan(plan))
    if args.systemd:
        paths = ServicePaths()
        print(f"service: {paths.unit} (user {SERVICE_USER}), {paths.env_file} (0600), {paths.link}")
        if blocked := unreachable_for_others(clearcall_exe()):
            print(
                f"warning: the service's user cannot enter {blocked}, on the way to this Python: install "
                "Clearcall in a venv made from a system Python (e.g. python3 -m venv /opt/clearcall)"
            )
    if args.dry_run:
        print("dry run: nothing was changed")
        return 0
    try:
        install(plan)
        if args.systemd:
            if ensure_user():
                print(f"service: created the system user {SERVICE_USER}")
            record_system_files(etc, install_service(home))
            print("service: start it with `systemctl enable --now clearcall`")
    except PermissionError as exc:
        raise ConfigError(f"{exc.filename}: permission denied: run the installer as root") from exc
    print(
        f"installed into {etc}. Restart Asterisk (a new pjsip transport needs a restart; otherwise "
        "`asterisk -rx 'core reload'`), then run `clearcall doctor`."
    )
    return 0


def cmd_uninstall(args: argparse.Namespace) -> int:
    from bot.app.asterisk_install import system_files, uninstall
    from bot.app.service_install import remove_service

    etc = Path(args.etc)
    try:
        remove_service(system_files(etc))
        missing = uninstall(etc)
    except PermissionError as exc:
        raise ConfigError(f"{exc.filename}: permission denied: run the uninstaller as root") from exc
    for item in missing:
        print(f"already gone: {item}")
    print(f"removed Clearcall's configuration from {etc}; reload or restart Asterisk")
    return 0
