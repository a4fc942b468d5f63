"""`clearcall campaign run NAME`: dial a campaign's contacts through the running bot, with a progress bar.

The loop is bot/app/campaign_run.py. Ctrl-C (or SIGTERM) stops claiming and waits for the calls already
placed to end and be recorded; `clearcall campaign pause|stop NAME` from another terminal does the same
through the store (pause: the run waits for a resume).
"""

from __future__ import annotations

import argparse
import asyncio
import signal
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from bot.app.campaign_run import CampaignRun, Tally, bot_status_reader
from bot.app.campaigns import async_campaign_store
from bot.app.settings import Settings
from bot.asterisk.ari import AriClient
from bot.core.logs import setup_logging
from bot.store.sqlite_store import SqliteStore

_FIELDS = (
    "dialled {task.fields[dialled]} · answered {task.fields[answered]} · machine {task.fields[machine]} · "
    "opted out {task.fields[opted_out]} · failed {task.fields[failed]} · "
    "remaining {task.fields[remaining]} · abandoned {task.fields[abandon]} · "
    "in progress {task.fields[in_progress]} · {task.fields[status]}"
)


def _fields(t: Tally) -> dict[str, object]:
    return {
        "dialled": t.dialled,
        "answered": t.answered,
        "machine": t.machine,
        "opted_out": t.opted_out,
        "failed": t.failed + t.busy + t.no_answer + t.unknown,
        "remaining": t.remaining,
        "abandon": "-" if t.abandon_rate is None else f"{t.abandon_rate * 100:.2f} %",
        "in_progress": t.in_progress,
        "status": t.status or "starting",
    }


def summary(t: Tally) -> str:
    """One line for the end of a run (and for logs and tests)."""
    parts = [f"{k}={v}" for k, v in _fields(t).items()]
    parts += [
        f"busy={t.busy}",
        f"no_answer={t.no_answer}",
        f"abandoned={t.abandoned}",
        f"refused={t.refused}",
    ]
    return "campaign: " + " ".join(parts) + (f" ({t.note})" if t.note else "")


def cmd_run(args: argparse.Namespace) -> int:
    """Dial the campaign's contacts through the running bot (`clearcall run`) until none is left."""
    settings = Settings.load(Path(args.home))
    setup_logging(args.log_level, settings.log_json)
    console = Console(stderr=True)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn(_FIELDS),
        TimeElapsedColumn(),
        console=console,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task(args.name, total=None, **_fields(Tally()))

        def show(t: Tally) -> None:
            done = sum(t.by_result.values()) + t.unknown
            bar.update(task, completed=done, total=done + t.remaining + t.in_progress, **_fields(t))

        tally = asyncio.run(_run(settings, args, show))
    print(summary(tally))
    return 0


async def _run(settings: Settings, args: argparse.Namespace, show: Callable[[Tally], None]) -> Tally:
    name = args.name
    campaigns = async_campaign_store(settings.db_path, settings.calling_windows)
    calls_store = SqliteStore(settings.db_path)
    await campaigns.open()
    await calls_store.open()
    # Its own ARI application, subscribed to every channel: how the runner sees calls no app owns yet.
    app = f"{settings.ari_app}-campaign-{name}"
    ari = AriClient(
        settings.ari_url, settings.ari_user, settings.require_ari_password(), app, subscribe_all=True
    )
    events: asyncio.Task[None] | None = None
    try:
        await ari.wait_until_reachable()
        events = asyncio.create_task(ari.run_events(), name="campaign-events")
        await asyncio.wait_for(ari.connected.wait(), 10)
        runner = CampaignRun(
            settings,
            name,
            campaigns,
            calls_store,
            ari,
            bot_status=bot_status_reader(settings),
            poll=args.poll,
            on_change=show,
            idle_exit=args.idle_exit,
        )
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, runner.request_stop)
        return await runner.run()
    finally:
        if events is not None:
            events.cancel()
        await ari.aclose()
        await calls_store.close()
        await campaigns.close()


def register(campaign_commands: argparse._SubParsersAction) -> None:
    p = campaign_commands.add_parser("run", help=(cmd_run.__doc__ or "").splitlines()[0], description=__doc__)
    p.add_argument("name", help="campaign name")
    p.add_argument("--poll", type=float, default=0.5, help="seconds between pacing decisions (default 0.5)")
    p.add_argument(
        "--idle-exit",
        type=float,
        metavar="SECONDS",
        help="leave after SECONDS with nothing to dial and no call in progress, even if contacts are pending "
        "for later (default: run until no contact is left)",
    )
    p.set_defaults(func=cmd_run)
