"""Suppression list, consent records and a hash-chained audit log, on a sqlite-utils Database.

Synchronous: the caller picks the thread (the store's owner thread, or the CLI's only thread). Every
change is written together with its audit row in one transaction, so neither exists without the other.
CSV import and export are in bot/store/compliance_csv.py, erasure in bot/store/erasure.py.

Use :func:`transaction`, not ``with db.conn:``: with sqlite-utils 4 every ``db.execute`` write or table
method commits on its own when no transaction is open, so ``with db.conn:`` groups nothing.
``transaction`` opens ``BEGIN IMMEDIATE`` (the write lock is held before the audit chain's last hash is
read, so the bot and the CLI cannot fork the chain), or a savepoint inside a caller's transaction.

Numbers are stored in E.164. Logs and audit rows only ever see them masked.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.core.clock import utcnow
from bot.core.errors import ClearcallError
from bot.core.numbers import InvalidNumber, mask, normalize
from bot.store.database import Db, transaction

GENESIS = "0" * 64  # prev_hash of the first audit row
SOURCES = frozenset({"voice", "keypress", "operator", "import", "erasure"})
# An opt-out heard on a call is stored even when the caller id does not parse: refusing to record an
# opt-out is never the safe side (`CallSession.record_opt_out`). Every other entry must be a real number.
_LENIENT_SOURCES = frozenset({"voice", "keypress"})

# Unaudited insert of one suppression row; an existing (number, scope) entry is kept as it is.
INSERT_SUPPRESSION = (
    "insert or ignore into suppression (number, scope, source, words, call_id, created_at) "
    "values (?, ?, ?, ?, ?, ?)"
)
_HASHED = ("id", "at", "actor", "action", "subject", "details", "prev_hash")


class ComplianceError(ClearcallError):
    """A compliance operation was refused; the message says what to change."""


@dataclass(frozen=True)
class AuditReport:
    """Result of :func:`verify_audit`; ``last_hash`` is worth writing down elsewhere (see verify_audit)."""

    ok: bool
    rows: int
    first_bad_id: int | None
    reason: str
    last_hash: str = ""


# ---- plumbing -----------------------------------------------------------------------------------


def _rows(db: Db, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cursor = db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def required_text(name: str, value: str) -> str:
    """``value`` stripped; ComplianceError naming ``name`` when it is empty or not text."""
    if not isinstance(value, str) or not value.strip():
        raise ComplianceError(f"{name} is required and must not be empty")
    return value.strip()


def lookup_key(number: str) -> str:
    """Lenient, for look-ups and removals: E.164 when it parses, else the text as stored by a call."""
    try:
        return normalize(number)
    except InvalidNumber:
        if not isinstance(number, str) or not number.strip():
            raise
        return number.strip()


def masked_subject(key: str) -> str:
    """A stored number as an audit subject: masked, since the audit log outlives erasure."""
    # mask() of a caller id with no digits ("anonymous") is empty; say so instead.
    return mask(key) or "(no digits)"


def parse_past_time(value: str) -> str:
    """An ISO 8601 time with a zone, in the past, as UTC; raises ValueError saying what is wrong."""
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO time such as 2024-05-01T10:00:00+00:00") from None
    if when.tzinfo is None:
        raise ValueError(f"{value!r} has no time zone: add one, e.g. +00:00 or Z")
    if when > datetime.now(UTC):
        raise ValueError(f"{value!r} is in the future")
    try:
        return when.astimezone(UTC).isoformat(timespec="milliseconds")
    except OverflowError:  # year 1 with a zone ahead of UTC falls before the calendar starts
        raise ValueError(f"{value!r} is out of range") from None


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
            "actor": required_text("actor", actor),
            "action": required_text("action", action),
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


def audit_tail(db: Db, limit: int = 20, action: str | None = None) -> list[dict[str, Any]]:
    """The last ``limit`` audit rows (of one ``action`` when given), oldest first."""
    if action is None:
        rows = _rows(db, "select * from audit order by id desc limit ?", [limit])
    else:
        rows = _rows(db, "select * from audit where action = ? order by id desc limit ?", [action, limit])
    return rows[::-1]


#: Audit action of an opt-out heard from a withheld number: nothing to suppress, so it is reported.
OPTOUT_WITHHELD = "optout.withheld"


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
    key = lookup_key(number) if source in _LENIENT_SOURCES else normalize(number)
    scope = required_text("scope", scope)
    with transaction(db):
        added = db.execute(INSERT_SUPPRESSION, [key, scope, source, words, call_id, utcnow()]).rowcount == 1
        details = {"scope": scope, "source": source, "call_id": call_id, "added": added}
        append_audit(db, actor=actor, action="suppress.add", subject=masked_subject(key), details=details)
        row = _rows(db, "select * from suppression where number = ? and scope = ?", [key, scope])[0]
    return row | {"added": added}


def suppress_remove(db: Db, number: str, *, scope: str, actor: str, reason: str) -> bool:
    """Take ``number`` off the list in ``scope``; ``reason`` is required. False when it was not there."""
    reason = required_text("reason", reason)
    key = lookup_key(number)
    with transaction(db):
        old = _rows(db, "select source from suppression where number = ? and scope = ?", [key, scope])
        if not old:
            return False
        db.execute("delete from suppression where number = ? and scope = ?", [key, scope])
        details = {"scope": scope, "reason": reason, "source": old[0]["source"]}
        append_audit(db, actor=actor, action="suppress.remove", subject=masked_subject(key), details=details)
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
        [lookup_key(number), *scopes],
    ).fetchone()
    return row is not None


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
    key, scope = normalize(number), required_text("scope", scope)
    row = [key, scope, required_text("source", source), required_text("evidence", evidence)]
    try:
        when = parse_past_time(granted_at) if granted_at else utcnow()
    except ValueError as exc:
        raise ComplianceError(f"granted_at {exc}") from None
    with transaction(db):
        added = insert_consent(db, [*row, when, actor]) == 1
        current = _rows(
            db, "select * from consent where number = ? and scope = ? and revoked_at is null", [key, scope]
        )[0]
        details = {"scope": scope, "source": row[2], "consent_id": current["id"], "added": added}
        append_audit(db, actor=actor, action="consent.grant", subject=mask(key), details=details)
    return current | {"added": added}


def insert_consent(db: Db, row: list[str]) -> int:
    """Insert ``[number, scope, source, evidence, granted_at, actor]``, unaudited; returns 1 or 0 added."""
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
    reason, key = required_text("reason", reason), lookup_key(number)
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
        [lookup_key(number), *scopes],
    ).fetchone()
    return row is not None
