"""Retention, applied: the one purge `clearcall purge` runs, and the running bot's schedule for it.

The bot runs it on a worker thread with its own database connection, as the command would from cron:
the event loop and the store's thread (opt-outs, turns) never wait for it beyond SQLite's write lock.
A purge that fails is logged with its reason and tried again at the next turn; the bot goes on.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime

from bot.app.settings import Settings
from bot.core.errors import ClearcallError
from bot.flow.loader import load_flows
from bot.store.database import Db, open_database
from bot.store.retention import PurgeReport, Retention, purge

log = logging.getLogger(__name__)

# The first purge after start-up: soon, but not while the bot is still coming up.
FIRST_PURGE_AFTER_S = 60.0
ACTOR = "bot:purge"


def purge_expired(db: Db, settings: Settings, *, now: datetime, actor: str) -> PurgeReport:
    """Delete what each flow's retention (shortened by a campaign's own) says has expired. A broken
    flow refuses the whole purge: deleting by a guessed retention is worse than deleting late."""
    flows = load_flows(list(settings.flows_dir.glob("*.yaml")))
    policies = {f.name: Retention(**f.retention.model_dump()) for f in flows}
    return purge(db, settings.local_dir, policies, now=now, actor=actor)


def _purge_once(settings: Settings, now: datetime) -> PurgeReport:
    db = open_database(settings.db_path)
    try:
        return purge_expired(db, settings, now=now, actor=ACTOR)
    finally:
        db.close()


async def purge_on_schedule(settings: Settings, now: Callable[[], datetime]) -> None:
    """Purge shortly after start-up, then every `settings.purge_every_hours`, until cancelled."""
    every = settings.purge_every_hours * 3600
    await asyncio.sleep(min(FIRST_PURGE_AFTER_S, every))
    while True:
        try:
            report = await asyncio.to_thread(_purge_once, settings, now())
        except Exception as exc:  # any failure: say it loudly, keep the bot, try again next time
            expected = isinstance(exc, ClearcallError | OSError | sqlite3.Error)  # the message says it all
            log.error("purge: FAILED (tried again in %g h): %s", settings.purge_every_hours, exc,
                      exc_info=not expected)  # fmt: skip
        else:
            level = logging.WARNING if report.files_pending else logging.INFO
            log.log(level, "purge: deleted %s, %d file(s); %d file(s) still to remove",
                    report.deleted or "nothing", report.files_deleted, report.files_pending)  # fmt: skip
        await asyncio.sleep(every)
