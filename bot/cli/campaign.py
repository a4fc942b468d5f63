"""`clearcall campaign create|import|pause|resume|stop|list|report`: contact lists and their campaigns.

``run`` (the dialling loop) is registered by its own module. Lists are all-or-nothing with every bad
line named (bot/store/contact_csv.py); every change is audited as ``operator:<login name>``.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app.campaigns import campaign_store
from bot.app.settings import Settings
from bot.campaign import CampaignLimits, CampaignStatus
from bot.campaign.abandonment import LAST_24_HOURS, ROLLING_30_DAYS, abandonment_rate
from bot.cli.compliance import Handler, _database, _errors_to_exit_code, actor
from bot.core.campaign_records import AttemptResult
from bot.core.errors import ClearcallError
from bot.flow.contact import missing_contact_fields
from bot.flow.loader import load_flow
from bot.flow.schema import Flow
from bot.store.campaign_report import CampaignReportData, campaign_report
from bot.store.campaign_store import CampaignStore
from bot.store.contact_csv import import_contacts_csv
from bot.store.database import transaction
from bot.store.retention import parse_retention


def _flow(spec: str, settings: Settings) -> tuple[Flow, Path]:
    """A flow file, or the name of one under flows/."""
    path = Path(spec)
    if not path.is_file():
        named = settings.flows_dir / f"{spec}.yaml"
        if not named.is_file():
            raise ClearcallError(f"flow {spec!r}: no such file, and no {named}")
        path = named
    return load_flow(path), path.resolve()


def _import(store: CampaignStore, name: str, flow: Flow, args: argparse.Namespace, settings: Settings) -> str:
    report = import_contacts_csv(
        store,
        name,
        args.contacts,
        fields=list(flow.contact.fields),
        missing=lambda values: missing_contact_fields(flow, values),
        default_region=settings.default_region,
        actor=actor(),
        encoding=args.encoding,
    )
    return (
        f"{report.path}: {report.rows} rows, {report.added} added, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.consent_added} consent records added"
    )


@_errors_to_exit_code
def cmd_create(args: argparse.Namespace) -> int:
    """Create a campaign with a flow and its contact list (nothing is created if any row is bad)."""
    with _database(args) as (db, settings):
        flow, path = _flow(args.flow, settings)
        limits = CampaignLimits(
            max_attempts=args.max_attempts,
            retry_spacing=timedelta(minutes=args.retry_minutes),
            abandon_limit=args.abandon_limit / 100,
            abandon_target=args.abandon_target / 100,
            max_dial_level=args.max_dial_level,
        )
        if not 0 < limits.abandon_target <= limits.abandon_limit <= 0.03:
            raise ClearcallError("need 0 < --abandon-target <= --abandon-limit <= 3 (percent)")
        if limits.max_dial_level < 1:
            raise ClearcallError("--max-dial-level must be at least 1.0 (one call per free slot)")
        retention = campaign_retention(args.retention, flow) if args.retention else None
        store = campaign_store(db, settings.calling_windows)
        with transaction(db):
            store.create(args.name, flow=flow.name, flow_path=str(path), limits=limits, actor=actor(),
                         retention=retention)  # fmt: skip
            summary = _import(store, args.name, flow, args, settings)
    kept = f", retention {args.retention}" if retention else ""
    print(f"created campaign {args.name} (flow {flow.name}, active{kept}); imported {summary}")
    return 0


def campaign_retention(text: str, flow: Flow) -> dict[str, int]:
    """The campaign's own retention; refused where it would keep anything longer than its flow does."""
    days = parse_retention(text)
    for kind, value in days.items():
        if value > (limit := getattr(flow.retention, kind)):
            raise ClearcallError(
                f"--retention {kind}={value}: longer than flow {flow.name}'s {limit} days; a campaign may "
                f"only shorten its flow's retention (change `retention:` in the flow to keep data longer)"
            )
    return days


@_errors_to_exit_code
def cmd_import(args: argparse.Namespace) -> int:
    """Add or update contacts of a campaign from CSV; a list with any bad row changes nothing."""
    with _database(args) as (db, settings):
        store = campaign_store(db, settings.calling_windows)
        camp = store.campaign(args.name)
        flow, _ = _flow(camp.flow_path if Path(camp.flow_path).is_file() else camp.flow, settings)
        print(f"imported {_import(store, args.name, flow, args, settings)}")
    return 0


def _set_status(status: CampaignStatus) -> Handler:
    @_errors_to_exit_code
    def handler(args: argparse.Namespace) -> int:
        with _database(args) as (db, settings):
            old = campaign_store(db, settings.calling_windows).set_status(args.name, status, actor=actor())
        print(f"campaign {args.name}: {old} -> {status}")
        return 0

    handler.__doc__ = {
        CampaignStatus.PAUSED: "Pause a campaign: nothing new is dialled; calls in progress finish.",
        CampaignStatus.ACTIVE: "Resume a paused campaign.",
        CampaignStatus.STOPPED: "Stop a campaign for good: nothing new is dialled; calls in progress finish.",
    }[status]
    return handler


@_errors_to_exit_code
def cmd_list(args: argparse.Namespace) -> int:
    """Print every campaign: name, flow, status, pending/total contacts, attempts."""
    with _database(args) as (db, settings):
        store = campaign_store(db, settings.calling_windows)
        rows = [["campaign", "flow", "status", "pending", "contacts", "attempts"]]
        for camp in store.campaigns():
            total, pending, attempts = store.tallies(camp.name)
            rows.append([camp.name, camp.flow, camp.status.value, str(pending), str(total), str(attempts)])
    if len(rows) == 1:
        print("no campaigns (clearcall campaign create)", file=sys.stderr)
        return 0
    print(_table(rows))
    return 0


def report_rows(data: CampaignReportData) -> Iterator[tuple[str, str, str]]:
    """The report as (section, item, value) rows: the CSV and the table print the same figures."""
    camp = data.campaign
    yield "campaign", "name", camp.name
    yield "campaign", "flow", camp.flow
    yield "campaign", "status", camp.status.value
    for state, count in sorted(data.contacts_by_state.items()):
        yield "contacts", state, str(count)
    for reason, count in data.reasons.items():
        yield "not dialled", reason, str(count)
    yield "attempts", "total", str(data.attempts)
    yield "attempts", "open claims", str(data.open_claims)
    for result in AttemptResult:
        yield "results", result.value, str(data.by_result[result])
    for disposition, count in data.dispositions.items():
        yield "dispositions", disposition, str(count)
    yield "answered", "opted out", str(data.opted_out)
    yield "answered", "transferred", str(data.transferred)
    for label, counts, window in (
        ("30 days", data.last_30d, ROLLING_30_DAYS),
        ("24 hours", data.last_24h, LAST_24_HOURS),
    ):
        rate = abandonment_rate(counts, window)
        yield "abandonment", label, f"{rate.percent()} ({rate.abandoned:g} of {rate.live:g} live calls)"
    limit, target = camp.limits.abandon_limit * 100, camp.limits.abandon_target * 100
    yield "abandonment", "limit / target", f"{limit:.2f} % / {target:.2f} %"
    for hour, (attempts, live) in data.by_local_hour.items():
        yield (
            "answer rate by local hour",
            f"{hour:02d}:00",
            f"{live / attempts * 100:.0f} % ({live} of {attempts})",
        )


@_errors_to_exit_code
def cmd_report(args: argparse.Namespace) -> int:
    """Attempts, answers, machines, dispositions, opt-outs, transfers, abandonment, answer rate by hour."""
    with _database(args) as (db, settings):
        data = campaign_report(campaign_store(db, settings.calling_windows), args.name, datetime.now(UTC))
    rows = list(report_rows(data))
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["section", "item", "value"])
        writer.writerows(rows)
    else:
        print(_table([["section", "item", "value"], *rows]))
    return 0


def _table(rows: list[list[str]] | list[tuple[str, str, str]]) -> str:
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(str(v).ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in rows
    )


def _positive(kind: type, low: float = 0) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value <= low:
            raise argparse.ArgumentTypeError(f"{text!r} must be more than {low:g}")
        return value

    return parse


def register(subparsers: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """Add `campaign` and its commands; returns its sub-parsers (for `campaign run`)."""
    parser = subparsers.add_parser("campaign", help="dial a contact list lawfully", description=__doc__)
    sub = parser.add_subparsers(dest="campaign_command", required=True, metavar="COMMAND")

    def command(name: str, fn: Handler, with_name: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=(fn.__doc__ or "").splitlines()[0], description=fn.__doc__)
        p.set_defaults(func=fn)
        if with_name:
            p.add_argument("name", help="campaign name")
        return p

    def contacts(p: argparse.ArgumentParser, flag: bool) -> None:
        csv_help = "contact list CSV: number, the flow's fields, optional timezone and consent_* columns"
        if flag:
            p.add_argument("--contacts", required=True, metavar="FILE.csv", help=csv_help)
        else:
            p.add_argument("contacts", metavar="FILE.csv", help=csv_help)
        p.add_argument("--encoding", help="the file's encoding when not UTF-8, e.g. gbk or latin-1")

    p = command("create", cmd_create)
    p.add_argument("--flow", required=True, help="flow file, or the name of one under flows/")
    contacts(p, True)
    p.add_argument("--max-attempts", type=_positive(int), default=CampaignLimits.max_attempts,
                   help="attempts per number, at most (3)")  # fmt: skip
    p.add_argument("--retry-minutes", type=_positive(int), default=240, help="retry spacing (default 240)")
    p.add_argument("--abandon-limit", type=_positive(float), default=3.0, help="percent; stop here (3)")
    p.add_argument("--abandon-target", type=_positive(float), default=1.0, help="percent; slow above (1)")
    p.add_argument("--max-dial-level", type=_positive(float), default=CampaignLimits.max_dial_level,
                   help="calls ringing per free slot, at most (2.0; 1.0 never overdials)")  # fmt: skip
    p.add_argument("--retention", metavar="KIND=DAYS,...",
                   help="keep this campaign's calls' recordings, transcripts or calls fewer days than "
                        "its flow does, e.g. recordings=30,transcripts=180")  # fmt: skip
    contacts(command("import", cmd_import), False)
    command("pause", _set_status(CampaignStatus.PAUSED))
    command("resume", _set_status(CampaignStatus.ACTIVE))
    command("stop", _set_status(CampaignStatus.STOPPED))
    command("list", cmd_list, with_name=False)
    command("report", cmd_report).add_argument("--csv", action="store_true", help="CSV on stdout")
    return sub
