"""Suppression list, consent records, erasure, and a hash-chained audit log, on a sqlite-utils Database.

Synchronous: the caller picks the thread (the store's owner thread, or the CLI's only thread). Every
change is written together with its audit row in one transaction, so neither exists without the other.

Use :func:`transaction`, not ``with db.conn:``: with sqlite-utils 4 every ``db.execute`` write or table
method commits on its own when no transaction is open, so ``with db.conn:`` groups nothing.
``transaction`` opens ``BEGIN IMMEDIATE`` (the write lock is held before the audit chain's last hash is
read, so the bot and the CLI cannot fork the chain), or a savepoint inside a caller's transaction.

Numbers are stored in E.164. Logs and audit rows only ever see them masked.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import phonenumbers
import sqlite_utils

from bot.compliance.numbers import InvalidNumber, mask, normalize
from bot.core.errors import ClearcallError

Db = sqlite_utils.Database
GENESIS = "0" * 64  # prev_hash of the first audit row
SOURCES = frozenset({"voice", "keypress", "operator", "import", "erasure"})
# An opt-out heard on a call is stored even when the caller id does not parse: refusing to record an
# opt-out is never the safe side (bot/calls/optout_action.py). Every other entry must be a real number.
_LENIENT_SOURCES = frozenset({"voice", "keypress"})
_CHUNK = 500  # bound on "in (?, ?, ...)" lists, far below SQLite's variable limit

# calls, turns and suppression as bot/store/sqlite_store.py creates them (keep in step; a test compares).
_TABLES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "calls": (
        dict.fromkeys("id direction flow caller callee channel started_at answered_at ended_at".split(), str)
        | dict.fromkeys("hangup_cause end_state disposition fields".split(), str)
        | {"opted_out": int},
        {"pk": "id"},
    ),
    "turns": (
        {"id": int, "call_id": str, "seq": int, "state": str, "prompt": str, "partial": str, "heard": str}
        | {"confidence": float, "intent": str, "transition": str, "started_at": str, "ended_at": str},
        {"pk": "id", "foreign_keys": [("call_id", "calls", "id")]},
    ),
    "suppression": (
        dict.fromkeys("number scope source words call_id created_at".split(), str),
        {"pk": ("number", "scope")},
    ),
    "consent": (
        {"id": int} | dict.fromkeys("number scope source evidence granted_at revoked_at actor".split(), str),
        {"pk": "id", "not_null": {"number", "scope", "source", "evidence", "granted_at", "actor"}},
    ),
}
# UNIQUE prev_hash: two writers that read the same last row cannot both append (no fork in the chain).
_AUDIT_DDL = (
    """create table if not exists audit (
        id integer primary key, at text not null, actor text not null, action text not null,
        subject text not null, details text not null, prev_hash text not null unique,
        hash text not null unique)""",
    # Tamper-evidence is the hash chain; these only stop accidents (and INSERT OR REPLACE, which
    # deletes, because sqlite-utils turns recursive_triggers on).
    """create trigger if not exists audit_no_update before update on audit
        begin select raise(abort, 'audit is append-only'); end""",
    """create trigger if not exists audit_no_delete before delete on audit
        begin select raise(abort, 'audit is append-only'); end""",
)
_INSERT_SUPPRESSION = (
    "insert or ignore into suppression (number, scope, source, words, call_id, created_at) "
    "values (?, ?, ?, ?, ?, ?)"
)
_HASHED = ("id", "at", "actor", "action", "subject", "details", "prev_hash")


class ComplianceError(ClearcallError):
    """A compliance operation was refused; the message says what to change."""


class CsvImportError(ComplianceError):
    """A CSV file had bad rows, so nothing was imported; ``problems`` holds one "path:LINE: reason" each."""

    def __init__(self, path: str, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__(
            f"{path}: nothing imported, {len(self.problems)} problem(s):\n" + "\n".join(self.problems)
        )

    @classmethod
    def at_lines(cls, path: str, problems: Sequence[tuple[int, str]]) -> CsvImportError:
        """The error for (line, reason) pairs, in file order."""
        return cls(path, [f"{path}:{line}: {reason}" for line, reason in sorted(problems)])


@dataclass(frozen=True)
class AuditReport:
    """Result of :func:`verify_audit`; ``last_hash`` is worth writing down elsewhere (see verify_audit)."""

    ok: bool
    rows: int
    first_bad_id: int | None
    reason: str
    last_hash: str = ""


@dataclass(frozen=True)
class ImportReport:
    """Result of a CSV import: data rows read, rows added, and rows that changed nothing (duplicates)."""

    path: str
    rows: int
    added: int
    unchanged: int


@dataclass(frozen=True)
class EraseReport:
    """Result of :func:`erase_person`: rows deleted per table, files deleted, and the suppression entry."""

    subject: str
    deleted: dict[str, int]
    files_deleted: int
    suppression: str  # "kept" (it was there) or "added"


# ---- plumbing -----------------------------------------------------------------------------------
def utcnow() -> str:
    """Now, in UTC, in the store's format."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def ensure_tables(db: Db) -> None:
    """Create whatever of calls, turns, suppression, consent and audit (with its triggers) is missing."""
    for name, (columns, options) in _TABLES.items():
        db[name].create(columns, if_not_exists=True, **options)
    db["turns"].create_index(["call_id", "seq"], if_not_exists=True)
    db["consent"].create_index(["number", "scope"], if_not_exists=True)
    for statement in _AUDIT_DDL:
        db.execute(statement)


@contextmanager
def transaction(db: Db) -> Iterator[Db]:
    """One atomic unit: BEGIN IMMEDIATE ... COMMIT, or a savepoint when a transaction is already open."""
    conn = db.conn
    if conn.in_transaction:
        name = f"clearcall_{secrets.token_hex(8)}"
        conn.execute(f"savepoint {name}")
        try:
            yield db
        except BaseException:
            if conn.in_transaction:  # a RAISE(ROLLBACK) may already have ended the whole transaction
                conn.execute(f"rollback to {name}")
                conn.execute(f"release {name}")
            raise
        conn.execute(f"release {name}")
        return
    conn.execute("begin immediate")
    try:
        yield db
        conn.execute("commit")
    except BaseException:
        if conn.in_transaction:
            conn.execute("rollback")
        raise


def _rows(db: Db, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cursor = db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def _text(name: str, value: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ComplianceError(f"{name} is required and must not be empty")
    return value.strip()


def _key(number: str) -> str:
    """Lenient, for look-ups and removals: E.164 when it parses, else the text as stored by a call."""
    try:
        return normalize(number)
    except InvalidNumber:
        if not isinstance(number, str) or not number.strip():
            raise
        return number.strip()


def _subject(key: str) -> str:
    # mask() of a caller id with no digits ("anonymous") is empty; say so instead.
    return mask(key) or "(no digits)"


def _iso_time(value: str) -> str:
    """An ISO 8601 time with a zone, in the past, as UTC; raises ValueError saying what is wrong."""
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO time such as 2024-05-01T10:00:00+00:00") from None
    if when.tzinfo is None:
        raise ValueError(f"{value!r} has no time zone: add one, e.g. +00:00 or Z")
    if when > datetime.now(UTC):
        raise ValueError(f"{value!r} is in the future")
    return when.astimezone(UTC).isoformat(timespec="milliseconds")


# ---- audit --------------------------------------------------------------------------------------
def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _row_hash(row: dict[str, Any]) -> str:
    return hashlib.sha256(_canonical({k: row[k] for k in _HASHED}).encode()).hexdigest()


def append_audit(
    db: Db, *, actor: str, action: str, subject: str, details: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Append one audit row chained to the last one, inside the caller's transaction if one is open.

    ``subject`` must already be safe to keep (a masked number, a file name, an id): the audit log
    outlives erasure. Returns the stored row (``details`` as its canonical JSON text).
    """
    with transaction(db):
        last = db.execute("select id, hash from audit order by id desc limit 1").fetchone()
        row: dict[str, Any] = {
            "id": last[0] + 1 if last else 1,
            "at": utcnow(),
            "actor": _text("actor", actor),
            "action": _text("action", action),
            "subject": subject,
            "details": _canonical(details or {}),
            "prev_hash": last[1] if last else GENESIS,
        }
        row["hash"] = _row_hash(row)
        db.execute(
            "insert into audit (id, at, actor, action, subject, details, prev_hash, hash) "
            "values (?, ?, ?, ?, ?, ?, ?, ?)",
            [row[k] for k in (*_HASHED, "hash")],
        )
    return row


def verify_audit(db: Db) -> AuditReport:
    """Walk the chain from the first row; report the first row whose hash or link is wrong.

    A chain only proves rows were not changed, removed or inserted *before* its last row: someone who
    rewrites the whole tail leaves a valid chain. Compare ``last_hash`` with a copy kept elsewhere.
    """
    cursor = db.conn.execute(f"select {', '.join(_HASHED)}, hash from audit order by id")
    prev, count, bad, reason = GENESIS, 0, None, ""
    for values in cursor:
        count += 1
        if bad is not None:
            continue  # keep counting rows, the report says how many there are
        row = dict(zip((*_HASHED, "hash"), values, strict=True))
        if row["prev_hash"] != prev:
            bad, reason = (
                row["id"],
                f"row {row['id']}: does not link to the row before it (changed or removed)",
            )
            continue
        try:
            intact = _row_hash(row) == row["hash"]
        except (TypeError, ValueError):  # a value of a type JSON cannot hold: it was not written by us
            intact = False
        if not intact:
            bad, reason = row["id"], f"row {row['id']}: contents do not match its hash (the row was changed)"
        prev = row["hash"]
    if bad is not None:
        return AuditReport(False, count, bad, reason)
    return AuditReport(True, count, None, "", prev if count else "")


def audit_tail(db: Db, limit: int = 20) -> list[dict[str, Any]]:
    """The last ``limit`` audit rows, oldest first."""
    rows = _rows(db, "select * from audit order by id desc limit ?", [limit])
    return rows[::-1]


# ---- suppression --------------------------------------------------------------------------------
def suppress_add(
    db: Db,
    number: str,
    *,
    scope: str,
    source: str,
    actor: str,
    words: str = "",
    call_id: str = "",
) -> dict[str, Any]:
    """Suppress ``number`` in ``scope`` ("global" or a campaign) and audit it.

    Returns the stored row plus ``added`` (False when it was already there: an existing entry is kept
    as it is, its time and source are the evidence of the first request).
    """
    if source not in SOURCES:
        raise ComplianceError(f"suppression source {source!r} is not one of {', '.join(sorted(SOURCES))}")
    key = _key(number) if source in _LENIENT_SOURCES else normalize(number)
    scope = _text("scope", scope)
    with transaction(db):
        added = db.execute(_INSERT_SUPPRESSION, [key, scope, source, words, call_id, utcnow()]).rowcount == 1
        details = {"scope": scope, "source": source, "call_id": call_id, "added": added}
        append_audit(db, actor=actor, action="suppress.add", subject=_subject(key), details=details)
        row = _rows(db, "select * from suppression where number = ? and scope = ?", [key, scope])[0]
    return row | {"added": added}


def suppress_remove(db: Db, number: str, *, scope: str, actor: str, reason: str) -> bool:
    """Take ``number`` off the list in ``scope``; ``reason`` is required. False when it was not there."""
    reason = _text("reason", reason)
    key = _key(number)
    with transaction(db):
        old = _rows(db, "select source from suppression where number = ? and scope = ?", [key, scope])
        if not old:
            return False
        db.execute("delete from suppression where number = ? and scope = ?", [key, scope])
        details = {"scope": scope, "reason": reason, "source": old[0]["source"]}
        append_audit(db, actor=actor, action="suppress.remove", subject=_subject(key), details=details)
    return True


def suppress_list(db: Db, scope: str | None = None) -> list[dict[str, Any]]:
    """Suppression entries (full numbers: mask them before showing), oldest first."""
    where, params = ("where scope = ?", [scope]) if scope is not None else ("", [])
    return _rows(db, f"select * from suppression {where} order by created_at, number, scope", params)


def is_suppressed(db: Db, number: str, campaign: str | None = None) -> bool:
    """True when ``number`` is suppressed globally, or in ``campaign`` when one is given."""
    scopes = ["global"] if campaign is None else ["global", campaign]
    row = db.execute(
        f"select 1 from suppression where number = ? and scope in ({','.join('?' * len(scopes))}) limit 1",
        [_key(number), *scopes],
    ).fetchone()
    return row is not None


def export_suppression_csv(db: Db, path_or_file: str | Path | IO[str], *, actor: str | None = None) -> int:
    """Write the whole list as CSV (full numbers; a new file is created 0600); returns the row count.

    With ``actor``, the export is audited: the file carries every number out of the database.
    """
    rows = suppress_list(db)
    columns = ["number", "scope", "source", "words", "call_id", "created_at"]
    if isinstance(path_or_file, str | Path):
        fd = os.open(path_or_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(fd, "w", newline="", encoding="utf-8") as out:
            _write_csv(out, columns, rows)
        name = Path(path_or_file).name
    else:
        _write_csv(path_or_file, columns, rows)
        name = getattr(path_or_file, "name", "<stream>")
    if actor is not None:
        append_audit(
            db, actor=actor, action="suppress.export", subject=f"file:{name}", details={"rows": len(rows)}
        )
    return len(rows)


def _write_csv(out: IO[str], columns: list[str], rows: list[dict[str, Any]]) -> None:
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _read_csv(
    path: str | Path, required: Sequence[str], optional: Sequence[str]
) -> tuple[list[tuple[int, dict[str, str]]], list[tuple[int, str]], str]:
    """(line, row) pairs, structural problems, and the file's SHA-256. Raises CsvImportError on the header."""
    shown, data = str(path), Path(path).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")  # a BOM is what spreadsheet programs write
    except UnicodeDecodeError as exc:
        raise CsvImportError(
            shown, [f"{shown}: not UTF-8 (byte {exc.start}); save it as UTF-8 CSV"]
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    allowed = [*required, *optional]
    missing = [c for c in required if c not in header]
    unknown = [h for h in header if h not in allowed]
    if missing or unknown or len(set(header)) != len(header):
        raise CsvImportError(
            shown,
            [
                f"{shown}:1: the header must name the columns {', '.join(required)} (optional: "
                f"{', '.join(optional)}), each once; found {', '.join(header) or 'nothing'}"
            ],
        )
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[tuple[int, str]] = []
    prev = reader.line_num
    try:
        for fields in reader:
            line, prev = prev + 1, reader.line_num  # a quoted field may span lines: report where it starts
            if not any(f.strip() for f in fields):
                continue
            if len(fields) > len(header):
                problems.append((line, f"{len(fields)} fields but the header names {len(header)}"))
                continue
            rows.append(
                (line, {h: (fields[i].strip() if i < len(fields) else "") for i, h in enumerate(header)})
            )
    except csv.Error as exc:
        problems.append((reader.line_num, f"{exc}; the rest of the file was not read"))
    return rows, problems, digest


def _row_number(
    line: int, raw: str, default_region: str | None, problems: list[tuple[int, str]]
) -> str | None:
    try:
        return normalize(raw, default_region)
    except InvalidNumber as exc:  # its message names the input masked
        problems.append((line, str(exc)))
        return None


def import_suppression_csv(
    db: Db,
    path: str | Path,
    *,
    default_region: str | None,
    actor: str,
    scope: str = "global",
    source: str = "import",
) -> ImportReport:
    """Import a CSV (``number``; optional ``scope``, ``words``); all rows or, on any bad row, none.

    The columns of :func:`export_suppression_csv` are accepted too; a valid ``created_at`` is kept (when
    the person asked matters), ``source`` and ``call_id`` are not. Duplicates change nothing.
    """
    if source not in SOURCES:
        raise ComplianceError(f"suppression source {source!r} is not one of {', '.join(sorted(SOURCES))}")
    shown, scope = str(path), _text("scope", scope)
    rows, problems, digest = _read_csv(
        path, ["number"], ["scope", "words", "source", "call_id", "created_at"]
    )
    entries: dict[tuple[str, str], list[str]] = {}
    for line, rec in rows:
        number = _row_number(line, rec["number"], default_region, problems)
        created = utcnow()
        if rec.get("created_at"):
            try:
                created = _iso_time(rec["created_at"])
            except ValueError as exc:
                problems.append((line, f"created_at {exc}"))
                continue
        if number is not None:
            row_scope = rec.get("scope") or scope
            entries.setdefault(
                (number, row_scope), [number, row_scope, source, rec.get("words", ""), "", created]
            )
    if problems:
        raise CsvImportError.at_lines(shown, problems)
    with transaction(db):
        added = db.conn.executemany(_INSERT_SUPPRESSION, list(entries.values())).rowcount
        report = ImportReport(shown, len(rows), added, len(rows) - added)
        details = {"rows": report.rows, "added": added, "scope": scope, "source": source, "sha256": digest}
        append_audit(
            db, actor=actor, action="suppress.import", subject=f"file:{Path(path).name}", details=details
        )
    return report


# ---- consent ------------------------------------------------------------------------------------
def consent_grant(
    db: Db,
    number: str,
    *,
    scope: str,
    source: str,
    evidence: str,
    actor: str,
    granted_at: str | None = None,
) -> dict[str, Any]:
    """Record consent to be called (``scope`` "global" or a campaign); returns the active consent row.

    ``evidence`` (where the consent can be shown: form id, recording, signed paper...) is required. An
    unrevoked consent for the same number and scope is kept as it is (``added`` is then False).
    """
    key, scope = normalize(number), _text("scope", scope)
    row = [key, scope, _text("source", source), _text("evidence", evidence)]
    try:
        when = _iso_time(granted_at) if granted_at else utcnow()
    except ValueError as exc:
        raise ComplianceError(f"granted_at {exc}") from None
    with transaction(db):
        added = _insert_consent(db, [*row, when, actor]) == 1
        current = _rows(
            db, "select * from consent where number = ? and scope = ? and revoked_at is null", [key, scope]
        )[0]
        details = {"scope": scope, "source": row[2], "consent_id": current["id"], "added": added}
        append_audit(db, actor=actor, action="consent.grant", subject=mask(key), details=details)
    return current | {"added": added}


def _insert_consent(db: Db, row: list[str]) -> int:
    # Adds only when no unrevoked consent exists for that number and scope: duplicates change nothing.
    # ?1 and ?2 name the first two parameters again (number, scope).
    return db.execute(
        "insert into consent (number, scope, source, evidence, granted_at, actor) "
        "select ?, ?, ?, ?, ?, ? where not exists "
        "(select 1 from consent where number = ?1 and scope = ?2 and revoked_at is null)",
        row,
    ).rowcount


def consent_revoke(db: Db, number: str, *, scope: str | None = None, actor: str, reason: str) -> int:
    """Revoke consent in ``scope``, or in every scope when it is None; returns how many were revoked."""
    reason, key = _text("reason", reason), _key(number)
    where, params = ("and scope = ?", [scope]) if scope is not None else ("", [])
    with transaction(db):
        revoked = db.execute(
            f"update consent set revoked_at = ? where number = ? and revoked_at is null {where}",
            [utcnow(), key, *params],
        ).rowcount
        if revoked:
            details = {"scope": scope or "*", "reason": reason, "revoked": revoked}
            append_audit(db, actor=actor, action="consent.revoke", subject=mask(key), details=details)
    return revoked


def has_consent(db: Db, number: str, campaign: str | None = None) -> bool:
    """True when ``number`` has unrevoked global consent, or consent for ``campaign``."""
    scopes = ["global"] if campaign is None else ["global", campaign]
    row = db.execute(
        "select 1 from consent where number = ? and revoked_at is null "
        f"and scope in ({','.join('?' * len(scopes))}) limit 1",
        [_key(number), *scopes],
    ).fetchone()
    return row is not None


def import_consent_csv(
    db: Db,
    path: str | Path,
    *,
    default_region: str | None,
    actor: str,
    scope: str = "global",
) -> ImportReport:
    """Import consent (``number, source, evidence``; optional ``scope``, ``granted_at``); all rows or none."""
    shown, scope = str(path), _text("scope", scope)
    rows, problems, digest = _read_csv(path, ["number", "source", "evidence"], ["scope", "granted_at"])
    entries: list[list[str]] = []
    for line, rec in rows:
        number = _row_number(line, rec["number"], default_region, problems)
        if number is None:
            continue
        empty = [c for c in ("source", "evidence") if not rec[c]]
        if empty:
            problems.append((line, f"{mask(number)}: {' and '.join(empty)} must not be empty"))
            continue
        try:
            when = _iso_time(rec["granted_at"]) if rec.get("granted_at") else utcnow()
        except ValueError as exc:
            problems.append((line, f"{mask(number)}: granted_at {exc}"))
            continue
        entries.append([number, rec.get("scope") or scope, rec["source"], rec["evidence"], when, actor])
    if problems:
        raise CsvImportError.at_lines(shown, problems)
    with transaction(db):
        added = sum(_insert_consent(db, entry) for entry in entries)
        report = ImportReport(shown, len(rows), added, len(rows) - added)
        details = {"rows": report.rows, "added": added, "scope": scope, "sha256": digest}
        append_audit(
            db, actor=actor, action="consent.import", subject=f"file:{Path(path).name}", details=details
        )
    return report


# ---- erasure ------------------------------------------------------------------------------------
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
    key = _key(number)
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
        tables = [t for t in db.table_names() if t not in ("calls", "suppression", "audit")]
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
        db.execute(f"update suppression set words = '', call_id = '' where number in ({marks})", forms)
        added = db.execute(_INSERT_SUPPRESSION, [key, "global", "erasure", "", "", utcnow()]).rowcount
        report = EraseReport(_subject(key), deleted, files, "added" if added else "kept")
        details = {"deleted": deleted, "files_deleted": files, "suppression": report.suppression}
        append_audit(db, actor=actor, action="erase", subject=report.subject, details=details)
    return report


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
