"""The calls' store on SQLite (`calls.ports.CallStore`): call records, turns, opt-outs.

SQLite connections are bound to the thread that made them, so one worker thread owns the database and
every call goes through it; the event loop never blocks on disk. Durability settings: store/database.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

from bot.core.clock import utcnow
from bot.store.compliance_tables import (
    OPTOUT_WITHHELD,
    append_audit,
    has_consent,
    is_suppressed,
    suppress_add,
)
from bot.store.database import open_database, transaction
from bot.store.owner_thread import OwnerThread

T = TypeVar("T")


class SqliteStore:
    """All database work on one owner thread; every method is a coroutine."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._thread: OwnerThread[sqlite_utils.Database] = OwnerThread("store")

    # ---- plumbing -------------------------------------------------------------------------------
    async def open(self) -> None:
        await self._thread.open(lambda: open_database(self.path))

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        return await self._thread.run(fn, *args)

    @property
    def db(self) -> sqlite_utils.Database:
        return self._thread.resource

    async def run(self, fn: Callable[[sqlite_utils.Database], T]) -> T:
        """Run `fn(db)` on the owner thread (for the store's companions, e.g. recordings)."""
        return await self._run(lambda: fn(self.db))

    async def close(self) -> None:
        await self._thread.close(lambda db: db.close())

    # ---- calls and turns ------------------------------------------------------------------------
    async def call_started(self, call_id: str, **fields: Any) -> None:
        def _insert() -> None:
            with transaction(self.db):
                self.db["calls"].insert({"id": call_id, "started_at": utcnow(), **fields}, replace=True)

        await self._run(_insert)

    async def call_updated(self, call_id: str, **fields: Any) -> None:
        await self._run(self._update_call, call_id, fields, False)

    async def call_ended(self, call_id: str, **fields: Any) -> None:
        await self._run(self._update_call, call_id, fields, True)

    def _update_call(self, call_id: str, fields: dict[str, Any], final: bool) -> None:
        if "fields" in fields and not isinstance(fields["fields"], str):
            fields = fields | {"fields": json.dumps(fields["fields"], ensure_ascii=False)}
        with transaction(self.db):
            if final:  # an opt-out committed by record_opt_out stays marked, whatever the script said
                row = self.db.execute("select opted_out from calls where id = ?", [call_id]).fetchone()
                committed = int(row[0] or 0) if row else 0
                fields = fields | {"opted_out": max(int(fields.get("opted_out", 0)), committed)}
            self.db["calls"].update(call_id, fields)

    async def close_interrupted_calls(self, cause: str) -> int:
        """Close the records a previous run left open (it was killed mid-call); returns how many.

        Only at start-up, before any call of this run: an opt-out already committed stays marked.
        """

        def _close() -> int:
            with transaction(self.db):
                cursor = self.db.execute(
                    "update calls set ended_at = ?, hangup_cause = ?, end_state = coalesce(end_state, ?),"
                    " opted_out = coalesce(opted_out, 0) where ended_at is null",
                    [utcnow(), cause, cause],
                )
                return cursor.rowcount

        return await self._run(_close)

    async def add_turn(self, call_id: str, **fields: Any) -> None:
        def _insert() -> None:
            with transaction(self.db):
                seq = self.db.execute("select count(*) from turns where call_id = ?", [call_id]).fetchone()[0]
                self.db["turns"].insert({"call_id": call_id, "seq": seq + 1, **fields})

        await self._run(_insert)

    async def add_personal_audio(self, call_id: str, path: Path) -> None:
        def _insert() -> None:
            with transaction(self.db):
                self.db["personal_audio"].insert(
                    {"call_id": call_id, "path": str(path), "created_at": utcnow()}
                )

        await self._run(_insert)

    # ---- suppression ----------------------------------------------------------------------------
    async def suppress(
        self, number: str, *, scope: str, source: str, words: str = "", call_id: str = ""
    ) -> None:
        """Write, audit and commit one suppression row; returns only once it is durable on disk."""
        actor = f"bot:call:{call_id}" if call_id else "bot"

        def _insert() -> None:
            suppress_add(
                self.db, number, scope=scope, source=source, actor=actor, words=words, call_id=call_id
            )

        await self._run(_insert)

    async def record_opt_out(self, call_id: str, number: str, *, source: str, words: str = "") -> None:
        """The suppression row, its audit row and the call's opt-out mark in one durable transaction."""

        actor = f"bot:call:{call_id}"

        def _record() -> None:
            with transaction(self.db):
                if number:
                    suppress_add(self.db, number, scope="global", source=source, actor=actor, words=words,
                                 call_id=call_id)  # fmt: skip
                else:  # a withheld caller id: nothing to suppress, so the audit log reports it
                    details = {"source": source, "call_id": call_id}
                    append_audit(self.db, actor=actor, action=OPTOUT_WITHHELD, subject=call_id,
                                 details=details)  # fmt: skip
                self.db.execute(
                    "update calls set opted_out = 1, optout_source = ? where id = ?", [source, call_id]
                )

        await self._run(_record)

    async def save_contact(self, ref: str, contact: Mapping[str, str]) -> None:
        row = {"ref": ref, "contact": json.dumps(dict(contact), ensure_ascii=False), "created_at": utcnow()}

        def _insert() -> None:
            with transaction(self.db):
                self.db["outbound_contacts"].insert(row)

        await self._run(_insert)

    async def take_contact(self, ref: str) -> dict[str, str]:
        def _take() -> dict[str, str]:
            with transaction(self.db):
                row = self.db.execute("select contact from outbound_contacts where ref = ?", [ref]).fetchone()
                self.db.execute("delete from outbound_contacts where ref = ?", [ref])
            return json.loads(row[0]) if row else {}

        return await self._run(_take)

    async def call_record(self, call_id: str) -> dict[str, Any] | None:
        """The call's row (calls table), None when the bot never took the call."""

        def _get() -> dict[str, Any] | None:
            cursor = self.db.execute("select * from calls where id = ?", [call_id])
            row = cursor.fetchone()
            return None if row is None else dict(zip([d[0] for d in cursor.description], row, strict=True))

        return await self._run(_get)

    async def is_suppressed(self, number: str, campaign: str | None = None) -> bool:
        return await self._run(lambda: is_suppressed(self.db, number, campaign))

    async def has_consent(self, number: str, campaign: str | None = None) -> bool:
        return await self._run(lambda: has_consent(self.db, number, campaign))
