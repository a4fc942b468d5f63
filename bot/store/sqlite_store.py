"""The SQLite store (sqlite-utils): calls, turns and the suppression list, in one private file.

SQLite connections are bound to the thread that made them, so one worker thread owns the database and
every call goes through it; the event loop never blocks on disk. WAL with synchronous=FULL makes each
commit durable when it returns (an opt-out must survive a kill -9 the moment after it is written).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

from bot.core.clock import utcnow
from bot.store.compliance_tables import ensure_tables, has_consent, is_suppressed, suppress_add

T = TypeVar("T")


class SqliteStore:
    """All database work on one owner thread; every method is a coroutine."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="store")
        self._db: sqlite_utils.Database | None = None
        self._owner: threading.Thread | None = None

    # ---- plumbing -------------------------------------------------------------------------------
    async def open(self) -> None:
        await self._run(self._open)

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Create the file 0600 before SQLite does: it holds phone numbers and transcripts.
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        os.close(fd)
        os.chmod(self.path, 0o600)
        db = sqlite_utils.Database(self.path)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        ensure_tables(db)
        self._db = db
        self._owner = threading.current_thread()

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    @property
    def db(self) -> sqlite_utils.Database:
        # Only the owner thread may touch the connection.
        assert self._db is not None and threading.current_thread() is self._owner, "store used off its thread"
        return self._db

    async def close(self) -> None:
        def _close() -> None:
            if self._db is not None:
                self._db.close()
                self._db = None

        await self._run(_close)
        self._executor.shutdown(wait=True)

    # ---- calls and turns ------------------------------------------------------------------------
    async def call_started(self, call_id: str, **fields: Any) -> None:
        def _insert() -> None:
            with self.db.conn:
                self.db["calls"].insert({"id": call_id, "started_at": utcnow(), **fields}, replace=True)

        await self._run(_insert)

    async def call_updated(self, call_id: str, **fields: Any) -> None:
        if "fields" in fields and not isinstance(fields["fields"], str):
            fields["fields"] = json.dumps(fields["fields"], ensure_ascii=False)

        def _update() -> None:
            with self.db.conn:
                self.db["calls"].update(call_id, fields)

        await self._run(_update)

    async def add_turn(self, call_id: str, **fields: Any) -> None:
        def _insert() -> None:
            with self.db.conn:
                seq = self.db.execute("select count(*) from turns where call_id = ?", [call_id]).fetchone()[0]
                self.db["turns"].insert({"call_id": call_id, "seq": seq + 1, **fields})

        await self._run(_insert)

    async def get_call(self, call_id: str) -> dict[str, Any] | None:
        def _get() -> dict[str, Any] | None:
            rows = list(self.db["calls"].rows_where("id = ?", [call_id]))
            return rows[0] if rows else None

        return await self._run(_get)

    async def get_turns(self, call_id: str) -> list[dict[str, Any]]:
        return await self._run(
            lambda: list(self.db["turns"].rows_where("call_id = ?", [call_id], order_by="seq"))
        )

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

    async def is_suppressed(self, number: str, campaign: str | None = None) -> bool:
        return await self._run(lambda: is_suppressed(self.db, number, campaign))

    async def has_consent(self, number: str, campaign: str | None = None) -> bool:
        return await self._run(lambda: has_consent(self.db, number, campaign))
