"""Retention: delete what has expired (recordings, transcripts, call records), files included, audited.

One transaction deletes the rows, writes the audit row and queues the files (`pending_deletes`); only
after it commits are the files removed, each one leaving the queue as it goes. A SIGKILL before the
commit changes nothing; after it, the queue says exactly which files are still to go, and the next purge
(or `finish_pending`) removes them. A recording file whose row is gone is unreadable already: its data
key was only in that row. Files under recordings/ that no row names (a crash between a declined
recording's row and its file) are swept too; a live recording always has its row first.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timedelta
from pathlib import Path

from bot.core.clock import utcnow
from bot.core.errors import ClearcallError
from bot.store.compliance_tables import append_audit
from bot.store.database import Db, transaction
from bot.store.recordings import RECORDINGS_DIR, SUFFIX

_PENDING_DDL = "create table if not exists pending_deletes (path text primary key, queued_at text not null)"
# Tables whose rows belong to a call's transcript: they go when the transcripts expire.
TRANSCRIPT_TABLES = ("turns", "personal_audio")
# Never purged: the suppression list outlives every call (an opt-out is for good), the audit log, and
# the campaigns' own bookkeeping (its attempts name a call but belong to the campaign's pacing).
KEPT_TABLES = ("calls", "audit", "suppression", "consent", "campaign_attempts")
_BATCH = 500  # rows per statement, and queued files per commit


@dataclass(frozen=True)
class Retention:
    """Days each kind of data is kept, counted from the start of the call."""

    recordings: int = 90
    transcripts: int = 365
    calls: int = 1825


KINDS = tuple(f.name for f in fields(Retention))


def parse_retention(text: str, name: str = "--retention") -> dict[str, int]:
    """`recordings=30,transcripts=365` (whole days, as a flow's `retention:`) -> {kind: days}; a bad
    part is refused naming it. Kinds left out are not set (the flow's value applies)."""
    days: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        kind, sep, value = (x.strip() for x in part.partition("="))
        if kind not in KINDS or not sep:
            raise ClearcallError(f"{name} {part!r}: expected KIND=DAYS with KIND one of {', '.join(KINDS)}")
        if not value.isdigit():
            raise ClearcallError(f"{name} {kind}={value!r}: expected whole days (0 or more), e.g. {kind}=30")
        if kind in days:
            raise ClearcallError(f"{name}: {kind} is given twice")
        days[kind] = int(value)
    if not days:
        raise ClearcallError(f"{name} {text!r}: give at least one of {', '.join(KINDS)}, e.g. recordings=30")
    return days


def narrowed(policy: Retention, shorter: Mapping[str, int]) -> Retention:
    """`policy` with each kind `shorter` sets cut to it: a campaign may shorten its flow's retention, never
    lengthen it (the flow's is the longest the data may be kept; see README, Retention)."""
    return replace(policy, **{k: min(v, getattr(policy, k)) for k, v in shorter.items() if k in KINDS})


def _campaign_rules(db: Db) -> dict[str, dict[str, int]]:
    """call id -> its campaign's own retention, for the calls a campaign with one placed."""
    tables = db.table_names()
    if "campaign_attempts" not in tables or "retention" not in _columns(db, "campaigns"):
        return {}
    rows = db.execute(
        "select a.call_id, c.retention from campaign_attempts a join campaigns c on c.name = a.campaign"
        " where a.call_id is not null and c.retention is not null"
    ).fetchall()
    return {call_id: json.loads(rule) for call_id, rule in rows}


@dataclass
class PurgeReport:
    deleted: dict[str, int] = field(default_factory=dict)
    files_deleted: int = 0
    files_pending: int = 0


def _columns(db: Db, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"pragma table_info([{table}])").fetchall()]


def _expired(started_at: str, days: int, now: datetime) -> bool:
    try:
        return datetime.fromisoformat(started_at) < now - timedelta(days=days)
    except (TypeError, ValueError):
        return False  # a row we cannot date is kept: deleting on a guess is worse


def purge(
    db: Db,
    data_dir: Path,
    policies: Mapping[str, Retention],
    *,
    now: datetime,
    actor: str,
    default: Retention | None = None,
) -> PurgeReport:
    """Delete what is older than its retention: the flow's (`policies` by flow name, else `default`),
    shortened by its campaign's own where the call was placed by a campaign that set one."""
    default = default or Retention()
    report = PurgeReport()
    db.execute(_PENDING_DDL)
    finish_pending(db, data_dir, report)
    db.execute("pragma secure_delete = on")
    with transaction(db):
        calls = db.execute("select id, flow, started_at from calls").fetchall()
        campaign_rules = _campaign_rules(db)
        expired: dict[str, list[str]] = {"calls": [], "transcripts": [], "recordings": []}
        for call_id, flow, started_at in calls:
            policy = policies.get(flow or "", default)
            if call_id in campaign_rules:
                policy = narrowed(policy, campaign_rules[call_id])
            if _expired(started_at, policy.calls, now):
                expired["calls"].append(call_id)
            elif _expired(started_at, policy.transcripts, now):
                expired["transcripts"].append(call_id)
            if _expired(started_at, policy.recordings, now):
                expired["recordings"].append(call_id)
        files: list[str] = []
        per_call = [t for t in db.table_names() if t not in KEPT_TABLES and "call_id" in _columns(db, t)]
        targets = [(t, expired["calls"]) for t in per_call]
        targets += [(t, expired["transcripts"]) for t in TRANSCRIPT_TABLES if t in per_call]
        targets += [("recordings", expired["recordings"])] if "recordings" in per_call else []
        for table, call_ids in targets:
            has_path = "path" in _columns(db, table)
            for start in range(0, len(call_ids), _BATCH):
                part = call_ids[start : start + _BATCH]
                marks = ",".join("?" * len(part))
                if has_path:
                    files += [
                        r[0]
                        for r in db.execute(f"select path from [{table}] where call_id in ({marks})", part)
                    ]
                count = db.execute(f"delete from [{table}] where call_id in ({marks})", part).rowcount
                report.deleted[table] = report.deleted.get(table, 0) + count
        for start in range(0, len(expired["calls"]), _BATCH):
            part = expired["calls"][start : start + _BATCH]
            count = db.execute(f"delete from calls where id in ({','.join('?' * len(part))})", part).rowcount
            report.deleted["calls"] = report.deleted.get("calls", 0) + count
        queued = utcnow()
        db.conn.executemany(
            "insert or ignore into pending_deletes (path, queued_at) values (?, ?)",
            [(p, queued) for p in files if p],
        )
        details = {"deleted": report.deleted, "files": len(files), "before": now.isoformat()}
        append_audit(db, actor=actor, action="purge", subject="retention", details=details)
    finish_pending(db, data_dir, report)
    report.files_deleted += _sweep_orphans(db, data_dir)
    return report


def finish_pending(db: Db, data_dir: Path, report: PurgeReport | None = None) -> None:
    """Remove the files a committed purge queued; they leave the queue once gone, a batch per commit (a
    commit per file took the write lock a thousand times a second from the bot's store: bench/purge)."""
    db.execute(_PENDING_DDL)
    queued = [r[0] for r in db.execute("select path from pending_deletes").fetchall()]
    for start in range(0, len(queued), _BATCH):
        gone = []
        for path in queued[start : start + _BATCH]:
            try:
                (data_dir / path).unlink()
                if report is not None:
                    report.files_deleted += 1
            except FileNotFoundError:
                pass
            except OSError:
                if report is not None:
                    report.files_pending += 1
                continue  # stays queued: the next purge tries again
            gone.append(path)
        if not gone:
            continue
        with transaction(db):  # a kill before this commit leaves gone files queued: harmless, see above
            db.execute(f"delete from pending_deletes where path in ({','.join('?' * len(gone))})", gone)


def _sweep_orphans(db: Db, data_dir: Path) -> int:
    folder = data_dir / RECORDINGS_DIR
    if not folder.is_dir():
        return 0
    named = (
        {r[0] for r in db.execute("select path from recordings")}
        if "recordings" in db.table_names()
        else set()
    )
    removed = 0
    for entry in os.scandir(folder):
        relative = f"{RECORDINGS_DIR}/{entry.name}"
        if entry.name.endswith(SUFFIX) and relative not in named:
            # Re-check under the write lock: a recording that starts now inserts its row first.
            with transaction(db):
                if db.execute("select 1 from recordings where path = ?", [relative]).fetchone() is None:
                    Path(entry.path).unlink(missing_ok=True)
                    removed += 1
    return removed
