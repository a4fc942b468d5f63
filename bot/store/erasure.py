"""Erasure of everything held about one person, except the suppression entry that keeps them uncalled.

One transaction with its audit row (bot/store/compliance_tables.py holds the tables and the log).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import phonenumbers

from bot.core.clock import utcnow
from bot.store.compliance_tables import (
    INSERT_SUPPRESSION,
    ComplianceError,
    append_audit,
    lookup_key,
    masked_subject,
)
from bot.store.database import Db, transaction

_CHUNK = 500  # bound on "in (?, ?, ...)" lists, far below SQLite's variable limit


@dataclass(frozen=True)
class EraseReport:
    """Result of :func:`erase_person`: rows deleted per table, files deleted, and the suppression entry."""

    subject: str
    deleted: dict[str, int]
    files_deleted: int
    suppression: str  # "kept" (it was there) or "added"


def _variants(key: str) -> list[str]:
    """The forms a number may have in calls and contacts: caller ids arrive as Asterisk gives them."""
    forms = {key}
    if key.startswith("+"):
        parsed = phonenumbers.parse(key, None)
        national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
        forms |= {key[1:], phonenumbers.national_significant_number(parsed), re.sub(r"\D", "", national)}
    return sorted(forms)


def _columns(db: Db, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"pragma table_info([{table}])").fetchall()]


def _chunks(values: Sequence[str]) -> Iterator[tuple[Sequence[str], str]]:
    for i in range(0, len(values), _CHUNK):
        part = values[i : i + _CHUNK]
        yield part, ",".join("?" * len(part))


def erase_person(db: Db, number: str, *, actor: str, recordings_dir: Path | None = None) -> EraseReport:
    """Delete a person's calls, turns, recordings, consent and contacts; keep them suppressed; audit it.

    Rows of any table with a ``call_id`` column for those calls go too; where such a table has a
    ``path`` column (recordings) the files are deleted first, relative paths resolved against
    ``recordings_dir`` (default: the database's folder). A file that cannot be deleted rolls the
    database back (files already deleted stay deleted; running it again finishes the job).
    The global suppression entry stays (added with source "erasure" if missing), with the words heard
    and the call id blanked: the law needs the number, not what was said.
    """
    key = lookup_key(number)
    forms, marks = _variants(key), ",".join("?" * len(_variants(key)))
    if recordings_dir is None:
        main_file = next((r[2] for r in db.execute("pragma database_list") if r[1] == "main"), "")
        recordings_dir = Path(main_file).parent if main_file else Path.cwd()
    db.execute("pragma secure_delete = on")  # overwrite freed pages instead of leaving the data in them
    deleted: dict[str, int] = {}
    files = 0
    with transaction(db):
        call_ids = [
            r[0]
            for r in db.execute(
                f"select id from calls where caller in ({marks}) or callee in ({marks})", forms * 2
            )
        ]
        # Campaign attempts are the abandonment records: anonymised below, not deleted.
        tables = [
            t for t in db.table_names() if t not in ("calls", "suppression", "audit", "campaign_attempts")
        ]
        for table in (t for t in tables if "call_id" in _columns(db, t)):
            deleted[table] = 0
            for part, qs in _chunks(call_ids):
                if "path" in _columns(db, table):
                    for call_id, path in db.execute(
                        f"select call_id, path from [{table}] where call_id in ({qs})", part
                    ).fetchall():
                        files += _unlink(recordings_dir / path, call_id) if path else 0
                deleted[table] += db.execute(f"delete from [{table}] where call_id in ({qs})", part).rowcount
        deleted["calls"] = sum(
            db.execute(f"delete from calls where id in ({qs})", part).rowcount
            for part, qs in _chunks(call_ids)
        )
        deleted["consent"] = db.execute(f"delete from consent where number in ({marks})", forms).rowcount
        if "contacts" in tables:
            deleted["contacts"] = _erase_contacts(db, forms, marks)
        if "campaign_contacts" in tables and (n := erase_campaign_contacts(db, forms, call_ids)):
            deleted["campaign_contacts"] = n
        db.execute(f"update suppression set words = '', call_id = '' where number in ({marks})", forms)
        added = db.execute(INSERT_SUPPRESSION, [key, "global", "erasure", "", "", utcnow()]).rowcount
        report = EraseReport(masked_subject(key), deleted, files, "added" if added else "kept")
        details = {"deleted": deleted, "files_deleted": files, "suppression": report.suppression}
        append_audit(db, actor=actor, action="erase", subject=report.subject, details=details)
    return report


def erase_campaign_contacts(db: Db, forms: list[str], call_ids: list[str]) -> int:
    """Delete the person's campaign contact rows (number and fields); their attempts stay for the
    abandonment figures, with the number, call id and contact link blanked. Returns contacts deleted."""
    marks = ",".join("?" * len(forms))
    ids = [r[0] for r in db.execute(f"select id from campaign_contacts where number in ({marks})", forms)]
    for part, qs in _chunks([str(i) for i in ids]):
        db.execute(f"update campaign_attempts set number = '', call_id = '', contact_id = null "
                   f"where contact_id in ({qs})", part)  # fmt: skip
    for part, qs in _chunks(call_ids):
        db.execute(f"update campaign_attempts set number = '', call_id = '' where call_id in ({qs})", part)
    return db.execute(f"delete from campaign_contacts where number in ({marks})", forms).rowcount


def _erase_contacts(db: Db, forms: list[str], marks: str) -> int:
    columns = [
        c
        for c in _columns(db, "contacts")
        if c.lower() in ("e164", "msisdn") or re.search(r"phone|number", c, re.I)
    ]
    if not columns:
        # Keeping someone's contact row because we could not find the number would defeat the erasure.
        raise ComplianceError("the contacts table has no number or phone column; nothing was erased")
    where = " or ".join(f"[{c}] in ({marks})" for c in columns)
    return db.execute(f"delete from contacts where {where}", forms * len(columns)).rowcount


def _unlink(path: Path, call_id: str) -> int:
    try:
        path.unlink()
    except FileNotFoundError:
        return 0
    except OSError as exc:
        # Inside the transaction: the database rolls back and the operator can run the erasure again.
        raise ComplianceError(
            f"could not delete the recording of call {call_id} ({exc.strerror}); nothing was erased"
        ) from None
    return 1
