"""The bot's database: one SQLite file, one schema, one way to open it.

WAL with synchronous=FULL makes each commit durable when it returns (an opt-out must survive a kill -9
the moment after it is written); busy_timeout lets the bot and the operators' commands share the file.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from bot.store.campaign_schema import CAMPAIGN_INDEXES, CAMPAIGN_TABLES

Db = sqlite_utils.Database

# Every table of the bot's database: one schema for the bot and the operators' commands.
_TABLES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "calls": (
        dict.fromkeys("id direction flow caller callee channel started_at answered_at ended_at".split(), str)
        | dict.fromkeys("hangup_cause end_state disposition fields optout_source".split(), str)
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
    "outbound_contacts": (  # a dialled contact's data until its call starts
        {"ref": str, "contact": str, "created_at": str},
        {"pk": "ref"},
    ),
    "recordings": (  # one per call: the encrypted file, its wrapped data key and the master key's id
        dict.fromkeys("call_id path key_id wrapped_key file_id started_at ended_at status".split(), str)
        | {"sample_rate": int, "channels": int, "seconds": float, "bytes": int},
        {"pk": "call_id", "foreign_keys": [("call_id", "calls", "id")]},
    ),
    "personal_audio": (  # cached prompts that spoke a call's contact data (deleted with the call)
        {"id": int, "call_id": str, "path": str, "created_at": str},
        {"pk": "id", "foreign_keys": [("call_id", "calls", "id")]},
    ),
    "consent": (
        {"id": int} | dict.fromkeys("number scope source evidence granted_at revoked_at actor".split(), str),
        {"pk": "id", "not_null": {"number", "scope", "source", "evidence", "granted_at", "actor"}},
    ),
} | CAMPAIGN_TABLES
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


def ensure_tables(db: Db) -> None:
    """Create whatever of calls, turns, suppression, consent and audit (with its triggers) is missing."""
    for name, (columns, options) in _TABLES.items():
        table = db[name]
        if not table.exists():
            table.create(columns, **options)
            continue
        for column, kind in columns.items():  # a file from an older release: add what it lacks
            if column not in table.columns_dict:
                table.add_column(column, kind)
    db["turns"].create_index(["call_id", "seq"], if_not_exists=True)
    db["consent"].create_index(["number", "scope"], if_not_exists=True)
    for table, columns, unique in CAMPAIGN_INDEXES:
        db[table].create_index(columns, unique=unique, if_not_exists=True)
    for statement in _AUDIT_DDL:
        db.execute(statement)


def open_database(path: Path) -> Db:
    """Open (creating it 0600 first: it holds phone numbers and transcripts) with the durability settings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Only when missing: closing any descriptor of the file drops every POSIX lock this process holds on
    # it, including the WAL locks of connections already open here (stale reads, "disk I/O error").
    if not path.exists():
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    os.chmod(path, 0o600)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=5000")  # another process may hold the write lock for a moment
    ensure_tables(db)
    return db


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
