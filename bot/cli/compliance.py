"""`clearcall suppress|consent|erase|audit|optout`: the operators' data-rights and compliance tools.

``register(sub)`` adds the commands to the main parser's sub-parsers; each handler takes the parsed
arguments (``args.home`` names the project folder) and returns the exit code. Every change is audited
with the actor ``operator:<login name>``. Numbers are shown masked unless ``--full`` says otherwise.
"""

from __future__ import annotations

import argparse
import functools
import getpass
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from bot.app.settings import Settings
from bot.core.errors import ClearcallError
from bot.core.numbers import mask, normalize
from bot.store import compliance_csv, erasure
from bot.store import compliance_tables as ct
from bot.store.database import open_database

Handler = Callable[[argparse.Namespace], int]


def actor() -> str:
    """Who is making the change, for the audit log."""
    try:
        return f"operator:{getpass.getuser()}"
    except (OSError, KeyError):  # no login name (some containers): the uid still says who
        return f"operator:uid{os.getuid()}"


@contextmanager
def _database(args: argparse.Namespace) -> Iterator[tuple[sqlite_utils.Database, Settings]]:
    settings = Settings.load(Path(args.home))
    db = open_database(settings.db_path)
    try:
        yield db, settings
    finally:
        db.close()


def _errors_to_exit_code(fn: Handler) -> Handler:
    """Show a refused operation as one ``clearcall: ...`` message and exit 2, never a traceback."""

    @functools.wraps(fn)
    def wrapper(args: argparse.Namespace) -> int:
        try:
            return fn(args)
        except ClearcallError as exc:
            print(f"clearcall: {exc}", file=sys.stderr)
        except OSError as exc:
            print(f"clearcall: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        except sqlite3.Error as exc:
            print(f"clearcall: database: {exc}", file=sys.stderr)
        return 2

    return wrapper


def _number(args: argparse.Namespace, settings: Settings) -> str:
    # InvalidNumber's message names the input with its middle digits hidden.
    return normalize(args.number, settings.default_region)


# ---- suppress ------------------------------------------------------------------------------------
@_errors_to_exit_code
def cmd_suppress_add(args: argparse.Namespace) -> int:
    """Put a number on the suppression list (source "operator")."""
    with _database(args) as (db, settings):
        number = _number(args, settings)
        row = ct.suppress_add(
            db, number, scope=args.scope, source="operator", actor=actor(), words=args.reason or ""
        )
    already = "" if row["added"] else "already "
    print(f"{already}suppressed {mask(number)} (scope {args.scope})")
    return 0


@_errors_to_exit_code
def cmd_suppress_remove(args: argparse.Namespace) -> int:
    """Take a number off the suppression list; the reason goes into the audit log."""
    with _database(args) as (db, settings):
        number = _number(args, settings)
        removed = ct.suppress_remove(db, number, scope=args.scope, actor=actor(), reason=args.reason)
    if not removed:
        print(f"{mask(number)} is not on the suppression list (scope {args.scope})", file=sys.stderr)
        return 1
    print(f"removed {mask(number)} from the suppression list (scope {args.scope})")
    return 0


@_errors_to_exit_code
def cmd_suppress_list(args: argparse.Namespace) -> int:
    """Print the list, tab-separated: number (masked unless --full), scope, source, created_at."""
    with _database(args) as (db, _settings):
        rows = ct.suppress_list(db, args.scope)
    for row in rows:
        number = row["number"] if args.full else mask(row["number"])
        print(f"{number}\t{row['scope']}\t{row['source']}\t{row['created_at']}")
    if not rows:
        print("no suppressed numbers", file=sys.stderr)
    return 0


@_errors_to_exit_code
def cmd_suppress_check(args: argparse.Namespace) -> int:
    """Print "suppressed" or "not suppressed" (global scope, plus --campaign if given); exit 0."""
    with _database(args) as (db, settings):
        found = ct.is_suppressed(db, _number(args, settings), args.campaign)
    print("suppressed" if found else "not suppressed")
    return 0


@_errors_to_exit_code
def cmd_suppress_import(args: argparse.Namespace) -> int:
    """Import a CSV of numbers: all rows, or none when any row is bad (each bad line is listed)."""
    with _database(args) as (db, settings):
        report = compliance_csv.import_suppression_csv(
            db, args.file, default_region=settings.default_region, actor=actor(), scope=args.scope
        )
    print(
        f"imported {report.path}: {report.rows} rows, {report.added} added, {report.unchanged} already there"
    )
    return 0


@_errors_to_exit_code
def cmd_suppress_export(args: argparse.Namespace) -> int:
    """Write the whole list, full numbers, to a CSV file (0600) or "-" for stdout; audited."""
    with _database(args) as (db, _settings):
        target = sys.stdout if args.file == "-" else args.file
        count = compliance_csv.export_suppression_csv(db, target, actor=actor())
    if args.file != "-":
        print(f"exported {count} entries to {args.file} (full numbers: keep the file safe)")
    return 0


# ---- consent -------------------------------------------------------------------------------------
@_errors_to_exit_code
def cmd_consent_import(args: argparse.Namespace) -> int:
    """Import consent records from CSV: all rows, or none when any row is bad."""
    with _database(args) as (db, settings):
        report = compliance_csv.import_consent_csv(
            db, args.file, default_region=settings.default_region, actor=actor()
        )
    print(
        f"imported {report.path}: {report.rows} rows, {report.added} added, {report.unchanged} already there"
    )
    return 0


@_errors_to_exit_code
def cmd_consent_revoke(args: argparse.Namespace) -> int:
    """Revoke consent (every scope unless --scope); exit 1 when there was none to revoke."""
    with _database(args) as (db, settings):
        number = _number(args, settings)
        revoked = ct.consent_revoke(db, number, scope=args.scope, actor=actor(), reason=args.reason)
    if not revoked:
        print(f"{mask(number)} has no consent to revoke", file=sys.stderr)
        return 1
    print(f"revoked {revoked} consent record(s) for {mask(number)}")
    return 0


@_errors_to_exit_code
def cmd_consent_check(args: argparse.Namespace) -> int:
    """Print "consent" or "no consent" (global, plus --campaign if given); exit 0."""
    with _database(args) as (db, settings):
        found = ct.has_consent(db, _number(args, settings), args.campaign)
    print("consent" if found else "no consent")
    return 0


# ---- erase, audit, optout ------------------------------------------------------------------------
@_errors_to_exit_code
def cmd_erase(args: argparse.Namespace) -> int:
    """Delete everything held about a person except the suppression entry, and say what went."""
    with _database(args) as (db, settings):
        number = _number(args, settings)
        report = erasure.erase_person(db, number, actor=actor())
        # Drop the old page images the WAL still holds (best effort: a reader may hold it open).
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    counts = ", ".join(f"{table} {n}" for table, n in sorted(report.deleted.items()))
    print(f"erased {report.subject}: {counts}, recording files {report.files_deleted}")
    print(f"suppression entry {report.suppression} (the number must never be called again)")
    return 0


@_errors_to_exit_code
def cmd_audit_verify(args: argparse.Namespace) -> int:
    """Exit 0 when the audit hash chain is intact, 1 naming the first bad row otherwise."""
    with _database(args) as (db, _settings):
        report = ct.verify_audit(db)
    if not report.ok:
        print(f"audit chain BROKEN at row {report.first_bad_id}: {report.reason}")
        return 1
    print(f"audit chain intact: {report.rows} rows, last hash {report.last_hash or '-'}")
    return 0


@_errors_to_exit_code
def cmd_audit_list(args: argparse.Namespace) -> int:
    """Print the last --limit audit rows (of --action, e.g. optout.withheld), tab-separated, oldest first."""
    with _database(args) as (db, _settings):
        rows = ct.audit_tail(db, args.limit, args.action)
    for row in rows:
        print("\t".join(str(row[k]) for k in ("id", "at", "actor", "action", "subject", "details")))
    return 0


@_errors_to_exit_code
def cmd_optout_check(args: argparse.Namespace) -> int:
    """Run the calls' opt-out detector on TEXT as a final result; print {"opt_out": bool, "phrase": str |
    null, "probability": float | null} (the phrase "classifier:<language>" and its probability when the
    learned model decided; CLEARCALL_OPTOUT_MODEL=off: the rules alone, as the bot)."""
    from bot.compliance.optout import OptOutDetector
    from bot.compliance.optout_model import learned_model

    try:
        language = OptOutDetector(args.lang).language
    except ValueError as exc:
        raise ClearcallError(str(exc)) from None
    second = learned_model(language) if Settings.load(Path(args.home)).optout_model else None
    match = OptOutDetector(args.lang, second_opinion=second).detect(args.text, final=True)
    result = {
        "opt_out": match is not None,
        "phrase": match.phrase if match else None,
        "probability": match.probability if match else None,
    }
    print(json.dumps(result, ensure_ascii=False))
    return 0


# ---- wiring --------------------------------------------------------------------------------------
def _limit(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")
    return int(value)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add suppress, consent, erase, audit and optout to the `clearcall` sub-commands."""

    def group(name: str, help_text: str) -> argparse._SubParsersAction:
        parser = subparsers.add_parser(name, help=help_text, description=help_text)
        return parser.add_subparsers(dest=f"{name}_command", required=True, metavar="COMMAND")

    def command(sub: argparse._SubParsersAction, name: str, fn: Handler) -> argparse.ArgumentParser:
        parser = sub.add_parser(name, help=(fn.__doc__ or "").splitlines()[0], description=fn.__doc__)
        parser.set_defaults(func=fn)
        return parser

    def number(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
        parser.add_argument("number", help="phone number; without +country code it is read in DEFAULT_REGION")
        return parser

    scope = {"default": "global", "help": '"global" (default) or a campaign name'}
    s = group("suppress", "the do-not-call list")
    number(command(s, "add", cmd_suppress_add)).add_argument("--scope", **scope)
    s.choices["add"].add_argument("--reason", help="why (kept with the entry and in the audit log)")
    p = number(command(s, "remove", cmd_suppress_remove))
    p.add_argument("--reason", required=True, help="why the entry is removed (audited)")
    p.add_argument("--scope", **scope)
    p = command(s, "list", cmd_suppress_list)
    p.add_argument("--scope", help="only this scope")
    p.add_argument("--full", action="store_true", help="show whole numbers instead of masked ones")
    number(command(s, "check", cmd_suppress_check)).add_argument("--campaign", help="also this campaign")
    p = command(s, "import", cmd_suppress_import)
    p.add_argument("file", help="CSV with a header: number[,scope][,words]")
    p.add_argument("--scope", **scope | {"help": "scope for rows without one (default global)"})
    command(s, "export", cmd_suppress_export).add_argument("file", help='CSV file to write, or "-"')

    c = group("consent", "records of consent to be called")
    p = command(c, "import", cmd_consent_import)
    p.add_argument("file", help="CSV with a header: number,source,evidence[,scope][,granted_at]")
    p = number(command(c, "revoke", cmd_consent_revoke))
    p.add_argument("--reason", required=True, help="why (audited)")
    p.add_argument("--scope", help="only this scope (default: every scope)")
    number(command(c, "check", cmd_consent_check)).add_argument("--campaign", help="also this campaign")

    p = number(subparsers.add_parser("erase", help="erase a person's data (keeps them suppressed)"))
    p.set_defaults(func=cmd_erase)

    a = group("audit", "the tamper-evident audit log")
    command(a, "verify", cmd_audit_verify)
    p = command(a, "list", cmd_audit_list)
    p.add_argument("--limit", type=_limit, default=20)
    example = f"e.g. {ct.OPTOUT_WITHHELD} (opt-outs from withheld numbers)"
    p.add_argument("--action", help=f"only rows of this action, {example}")

    o = group("optout", "the opt-out detector")
    p = command(o, "check", cmd_optout_check)
    p.add_argument("text", help="what the caller said")
    p.add_argument("--lang", default="en", help="language: en, zh, ko (default en)")
