"""The calls' SQLite store on a real file: the opt-out unit, the final record, the durability settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store import compliance_tables as ct
from bot.store.sqlite_store import SqliteStore

NUMBER = "+12025550142"


@pytest.fixture
async def store(tmp_path: Path):
    store = SqliteStore(tmp_path / "cc.db")
    await store.open()
    await store.call_started("c1", direction="inbound", caller=NUMBER, callee="200", flow="survey_ko")
    yield store
    await store.close()


async def _call(store: SqliteStore) -> dict:
    return await store._run(lambda: dict(next(store.db["calls"].rows_where("id = ?", ["c1"]))))


async def test_an_opt_out_writes_suppression_audit_and_call_mark_together(store: SqliteStore) -> None:
    await store.record_opt_out("c1", NUMBER, source="voice", words="stop calling me")
    assert await store.is_suppressed(NUMBER)
    call = await _call(store)
    assert call["opted_out"] == 1 and call["optout_source"] == "voice"
    audit = await store._run(lambda: ct.audit_tail(store.db, 5))
    assert [a["action"] for a in audit] == ["suppress.add"] and audit[0]["actor"] == "bot:call:c1"


async def test_a_failing_opt_out_leaves_neither_half(store: SqliteStore) -> None:
    with pytest.raises(ct.ComplianceError):
        await store.record_opt_out("c1", NUMBER, source="carrier pigeon")
    call = await _call(store)
    assert not call["opted_out"] and not await store.is_suppressed(NUMBER)
    assert await store._run(lambda: ct.audit_tail(store.db, 5)) == []


async def test_a_withheld_number_opt_out_is_audited_and_suppresses_nothing(store: SqliteStore) -> None:
    await store.record_opt_out("c1", "", source="keypress", words="key 9")
    assert await store._run(lambda: list(store.db["suppression"].rows)) == []
    withheld = await store._run(lambda: ct.audit_tail(store.db, 5, ct.OPTOUT_WITHHELD))
    assert [(a["subject"], a["actor"]) for a in withheld] == [("c1", "bot:call:c1")]
    assert (await _call(store))["opted_out"] == 1


async def test_the_final_record_never_clears_a_committed_opt_out(store: SqliteStore) -> None:
    await store.record_opt_out("c1", NUMBER, source="voice")
    await store.call_ended("c1", end_state="ask", opted_out=0, fields={"a": "b"}, hangup_cause="caller")
    call = await _call(store)
    assert call["opted_out"] == 1 and call["end_state"] == "ask" and call["fields"] == '{"a": "b"}'


async def test_the_live_connection_is_durable_and_shares_the_file(store: SqliteStore) -> None:
    """A SIGKILL keeps the page cache, so a crash test cannot tell synchronous=FULL from OFF: check it."""

    names = ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")

    def pragmas() -> tuple:
        return tuple(store.db.execute(f"PRAGMA {name}").fetchone()[0] for name in names)

    assert await store._run(pragmas) == ("wal", 2, 1, 5000)  # synchronous 2 = FULL
    assert (store.path.stat().st_mode & 0o777) == 0o600


async def test_records_a_killed_run_left_open_are_closed_at_start_and_keep_their_opt_out(
    store: SqliteStore,
) -> None:
    await store.record_opt_out("c1", NUMBER, source="keypress", words="key 9")
    await store.call_started("c2", direction="inbound", caller="+12025550143", callee="200", flow="f")
    await store.call_started("c3", direction="inbound", caller="+12025550144", callee="200", flow="f")
    await store.call_ended("c3", ended_at="2026-01-01T00:00:00+00:00", hangup_cause="bot", end_state="x")
    assert await store.close_interrupted_calls("interrupted") == 2
    rows = await store._run(lambda: {r["id"]: r for r in store.db["calls"].rows})
    for call_id in ("c1", "c2"):
        assert rows[call_id]["ended_at"] and rows[call_id]["hangup_cause"] == "interrupted"
        assert rows[call_id]["end_state"] == "interrupted"
    assert (rows["c1"]["opted_out"], rows["c2"]["opted_out"]) == (1, 0)
    assert rows["c3"]["hangup_cause"] == "bot" and rows["c3"]["end_state"] == "x"  # a finished call: as is
    assert await store.close_interrupted_calls("interrupted") == 0
