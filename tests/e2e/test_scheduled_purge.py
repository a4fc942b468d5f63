"""The running bot applies retention on its own schedule (CLEARCALL_PURGE_EVERY): the bot, connected to
the sandbox Asterisk with every flow loaded, purges what expired in its real SQLite file and recordings
folder, keeps the rest, writes the same audit row as `clearcall purge`, and still answers a call."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging

from bot.app.runtime import App
from bot.core.numbers import mask
from bot.store.database import open_database
from bot.store.recordings import RecordingService
from bot.store.sqlite_store import SqliteStore
from tests.e2e.conftest import asterisk_is_idle
from tests.e2e.sipcall import place_call
from tests.unit.test_recordings_cli import NOW, _make_call

# opening_only keeps the defaults: recordings 90 days, transcripts 365, call records 1825.
SEEDED = {"all_expired": 2000, "recording_expired": 100, "fresh": 1}


async def _seed(settings) -> None:
    store = SqliteStore(settings.db_path)
    await store.open()
    try:
        service = RecordingService(store, settings.local_dir, settings.recording_keys_path)
        for call_id, age in SEEDED.items():
            await _make_call(store, service, call_id, flow="opening_only", age_days=age, seconds=1.5)
    finally:
        await store.close()


def _state(settings) -> tuple[dict[str, set[str]], list[dict]]:
    db = open_database(settings.db_path)
    try:
        left = {
            table: {r[0] for r in db.execute(f"select distinct {column} from {table}")}
            for table, column in (("calls", "id"), ("turns", "call_id"), ("recordings", "call_id"))
        }
        audits = [
            {"actor": a, "details": json.loads(d)}
            for a, d in db.execute("select actor, details from audit where action = 'purge'")
        ]
        return left, audits
    finally:
        db.close()


async def test_the_running_bot_purges_what_expired_on_its_schedule(settings, ari, caplog):
    settings = dataclasses.replace(settings, purge_every_hours=1 / 3600)  # every second
    await _seed(settings)
    files = {p.name for p in (settings.local_dir / "recordings").iterdir()}
    assert len(files) == 3
    caplog.set_level(logging.INFO)
    app = App(settings, mask, now=lambda: NOW)
    await app.start()
    try:
        assert "purge: every 0.000277778 h" in caplog.text
        async with asyncio.timeout(30):
            while not _state(settings)[1]:
                await asyncio.sleep(0.1)
        result = await place_call("200", hangup_after_ms=3000)  # the bot still answers
        assert result.returncode == 0, result.output[-2000:]
    finally:
        await app.aclose()
    left, audits = _state(settings)
    calls_now = left["calls"] - set(SEEDED)  # the call just placed
    assert left["calls"] - calls_now == {"recording_expired", "fresh"}
    assert left["turns"] - calls_now == {"recording_expired", "fresh"}
    assert left["recordings"] - calls_now == {"fresh"}
    first = audits[0]["details"]["deleted"]
    assert audits[0]["actor"] == "bot:purge" and first["recordings"] == 2 and first["calls"] == 1, audits
    # Later turns found nothing more to delete (the fresh data outlives them all).
    assert all(sum(a["details"]["deleted"].values()) == 0 for a in audits[1:])
    kept = {p.name for p in (settings.local_dir / "recordings").iterdir()}
    assert len(files & kept) == 1  # the fresh call's file; the two expired ones are gone
    await asterisk_is_idle(ari)
