"""`clearcall doctor`: check the setup (binds, secrets, permissions, models, Asterisk, the gate); exit 1 if
anything must be fixed. `make run` runs it with --before-start, which skips what needs the running bot."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    doctor = subparsers.add_parser(
        "doctor",
        help="check the setup and print what to fix (exit 1 if something must be fixed)",
        description="One line per check: bind addresses, secrets, file permissions, speech models, the "
        "Asterisk version and modules, the ARI and AMI logins, the dialplan contexts and the dial gate. "
        "Each problem comes with a `fix:` line naming the file or setting.",
    )
    doctor.add_argument(
        "--before-start",
        action="store_true",
        help="the bot is not running yet: skip the gate check, and require its ports to be free",
    )
    doctor.set_defaults(func=cmd_doctor)


def cmd_doctor(args: argparse.Namespace) -> int:
    from bot.app.doctor import DoctorConfig, config_failure, exit_status, render, run_doctor, summary
    from bot.core.errors import ConfigError

    try:
        cfg = DoctorConfig.load(Path(args.home))
    except ConfigError as exc:
        item = config_failure(str(exc))
        print(render(item))
        print(summary([item]))
        return 1
    mode = (
        "before start: the gate check waits for the bot" if args.before_start else "the bot should be running"
    )
    print(f"clearcall doctor: {cfg.home} ({mode})")
    results = asyncio.run(
        run_doctor(cfg, before_start=args.before_start, progress=lambda item: print(render(item), flush=True))
    )
    print(summary(results))
    return exit_status(results)
