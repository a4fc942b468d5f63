"""`clearcall` command line: run the bot, and the operators' and flow authors' tools."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.cli.asterisk import register as register_asterisk
from bot.cli.campaign import register as register_campaign
from bot.cli.campaign_run import register as register_campaign_run
from bot.cli.compliance import register as register_compliance
from bot.cli.doctor import register as register_doctor
from bot.cli.flows import key_value
from bot.cli.flows import register as register_flows
from bot.cli.models import register as register_models
from bot.cli.recordings import register as register_recordings
from bot.core.errors import ClearcallError
from bot.core.logs import setup_logging


def _cmd_secrets(args: argparse.Namespace) -> int:
    from bot.app.secrets_setup import ensure_secrets

    ensure_secrets(Path(args.home) / ".local")
    print(f"secrets: {Path(args.home, '.local', 'secrets.env')} (0600)")
    return 0


def _cmd_phone_info(args: argparse.Namespace) -> int:
    from bot.app.phone_info import render
    from bot.app.settings import Settings

    print(render(Settings.load(Path(args.home))))
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from bot.app.runtime import App, serve
    from bot.app.settings import Settings
    from bot.core.numbers import mask

    settings = Settings.load(Path(args.home))
    setup_logging(args.log_level, settings.log_json)
    app = App(settings, mask)
    asyncio.run(serve(app))
    return 0


def _cmd_call(args: argparse.Namespace) -> int:
    """Have the running bot call a number with a flow (checked at dial time, then by the dialplan gate)."""
    from bot.app.settings import Settings
    from bot.asterisk.ari import AriClient
    from bot.asterisk.call_control import AriOriginator
    from bot.calls.dialer import dial
    from bot.flow.loader import load_flow
    from bot.store.sqlite_store import SqliteStore

    settings = Settings.load(Path(args.home))

    async def run() -> str:
        store = SqliteStore(settings.db_path)
        await store.open()
        ari = AriClient(
            settings.ari_url, settings.ari_user, settings.require_ari_password(), settings.ari_app
        )
        try:
            await ari.check()
            return await dial(
                AriOriginator(ari),
                store,
                args.number,
                flow=load_flow(settings.flows_dir / f"{args.flow}.yaml"),
                contact=dict(args.contact),
                default_region=settings.default_region,
            )
        finally:
            await ari.aclose()
            await store.close()

    print(f"calling: channel {asyncio.run(run())} (the running bot handles it when answered)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="clearcall", description=__doc__)
    parser.add_argument(
        "--home",
        help="project folder holding flows/ and .local/ (default: CLEARCALL_HOME, the one "
        "/etc/clearcall/clearcall.env names, the current folder if it has flows/, else this checkout)",
    )
    parser.add_argument("--log-level", default="INFO")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="run the bot against Asterisk").set_defaults(func=_cmd_run)
    call = sub.add_parser("call", help="have the running bot call NUMBER with a flow")
    call.add_argument("number")
    call.add_argument("--flow", required=True, help="flow name (a file under flows/ without .yaml)")
    call.add_argument(
        "--contact",
        action="append",
        default=[],
        type=key_value,
        metavar="FIELD=VALUE",
        help="a contact field the flow speaks (repeat); dialling is refused when one it needs is missing",
    )
    call.set_defaults(func=_cmd_call)
    sub.add_parser("phone-info", help="how to register a softphone").set_defaults(func=_cmd_phone_info)
    sub.add_parser("secrets", help="generate missing secrets into .local/").set_defaults(func=_cmd_secrets)
    register_flows(sub)
    register_compliance(sub)
    register_models(sub)
    register_doctor(sub)
    register_recordings(sub)
    register_campaign_run(register_campaign(sub))
    register_asterisk(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.home is None:
        from bot.app.settings import find_home

        args.home = str(find_home())
    try:
        return int(args.func(args) or 0)
    except ClearcallError as exc:
        print(f"clearcall: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"clearcall: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
