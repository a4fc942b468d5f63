"""Suppression, consent and the audit hash chain, on real SQLite files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from bot.core.numbers import InvalidNumber
from bot.store import compliance_tables as ct
from bot.store import database
from bot.store.sqlite_store import SqliteStore

A = "+12025550101"
B = "+12025550102"
OP = "operator:test"


def audit_actions(db: sqlite_utils.Database) -> list[str]:
    return [r["action"] for r in ct.audit_tail(db, 1000)]


def raw_connection(db: sqlite_utils.Database) -> sqlite3.Connection:
    """A second, plain connection with the append-only triggers dropped: what a tamperer would use."""
    path = next(r[2] for r in db.execute("pragma database_list") if r[1] == "main")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("drop trigger audit_no_update")
    conn.execute("drop trigger audit_no_delete")
    return conn


# ---- schema ---------------------------------------------------------------------------------------
async def test_the_store_opens_with_the_schema_and_an_older_file_is_upgraded(tmp_path: Path) -> None:
    older = sqlite_utils.Database(tmp_path / "store.db")
    older["calls"].create({"id": str, "opted_out": int}, pk="id")  # a release before optout_source
    older.close()
    store = SqliteStore(tmp_path / "store.db")
    await store.open()
    await store.close()
    theirs = sqlite_utils.Database(tmp_path / "store.db")
    database.ensure_tables(theirs)  # idempotent on a file that has everything
    ours = sqlite_utils.Database(tmp_path / "ours.db")
    database.ensure_tables(ours)
    for table in ("calls", "turns", "suppression", "consent", "audit"):
        assert set(ours[table].columns_dict) == set(theirs[table].columns_dict), table
    assert "optout_source" in theirs["calls"].columns_dict
    assert ours["suppression"].pks == ["number", "scope"]


# ---- audit ----------------------------------------------------------------------------------------
def make_history(db: sqlite_utils.Database) -> None:
    ct.suppress_add(db, A, scope="global", source="operator", actor=OP)
    ct.suppress_add(db, B, scope="camp", source="voice", actor="bot", words="stop calling me", call_id="c9")
    ct.consent_grant(db, A, scope="global", source="web form", evidence="form 17", actor=OP)
    ct.consent_revoke(db, A, actor=OP, reason="asked by email")
    ct.suppress_remove(db, B, scope="camp", actor=OP, reason="entered by mistake")


def test_chain_verifies_and_masks_subjects(db: sqlite_utils.Database) -> None:
    make_history(db)
    rows = ct.audit_tail(db, 100)
    report = ct.verify_audit(db)
    assert report == ct.AuditReport(True, 5, None, "", rows[-1]["hash"])
    assert [r["prev_hash"] for r in rows] == [ct.GENESIS] + [r["hash"] for r in rows[:-1]]
    assert audit_actions(db) == [
        "suppress.add",
        "suppress.add",
        "consent.grant",
        "consent.revoke",
        "suppress.remove",
    ]
    dump = json.dumps(rows)
    assert A not in dump and B not in dump and "stop calling" not in dump
    assert rows[0]["subject"] == "+1202*****01"


def test_empty_chain_is_intact(db: sqlite_utils.Database) -> None:
    assert ct.verify_audit(db) == ct.AuditReport(True, 0, None, "", "")


@pytest.mark.parametrize(
    ("tamper", "bad_id"),
    [
        ('update audit set details = \'{"scope":"other"}\' where id = 3', 3),
        ("update audit set actor = 'someone else' where id = 1", 1),
        ("update audit set at = '2020-01-01T00:00:00.000+00:00' where id = 5", 5),
        ("delete from audit where id = 2", 3),
        ("delete from audit where id = 1", 2),
        # Flip the first hex digit (a fixed 'f' would change nothing 1 time in 16).
        ("update audit set hash = iif(substr(hash, 1, 1) = 'f', 'e', 'f') || substr(hash, 2) where id=4", 4),
        ("update audit set details = x'00' where id = 2", 2),
    ],
)
def test_tampering_is_found_at_the_row(db: sqlite_utils.Database, tamper: str, bad_id: int) -> None:
    make_history(db)
    conn = raw_connection(db)
    conn.execute(tamper)
    conn.close()
    report = ct.verify_audit(db)
    assert not report.ok
    assert report.first_bad_id == bad_id
    assert f"row {bad_id}" in report.reason


def test_recomputed_hash_is_caught_by_the_next_row(db: sqlite_utils.Database) -> None:
    make_history(db)
    row = ct.audit_tail(db, 100)[1]
    row["details"] = '{"forged":true}'
    conn = raw_connection(db)
    conn.execute("update audit set details = ?, hash = ? where id = 2", [row["details"], ct._row_hash(row)])
    conn.close()
    assert ct.verify_audit(db).first_bad_id == 3


@pytest.mark.parametrize(
    "statement",
    [
        "update audit set details = '{}' where id = 1",
        "delete from audit where id = 1",
        "delete from audit",
        "insert or replace into audit select * from audit where id = 1",
    ],
)
def test_triggers_block_changes(db: sqlite_utils.Database, statement: str) -> None:
    make_history(db)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute(statement)
    assert ct.verify_audit(db).ok and ct.verify_audit(db).rows == 5


def test_a_second_row_on_the_same_link_is_refused(db: sqlite_utils.Database) -> None:
    # Two writers that read the same last row must not fork the chain.
    first = ct.append_audit(db, actor=OP, action="test", subject="s")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "insert into audit (id, at, actor, action, subject, details, prev_hash, hash) "
            "values (2, 'now', 'x', 'y', 'z', '{}', ?, 'h')",
            [first["prev_hash"]],
        )


def test_change_and_audit_row_share_one_transaction(db: sqlite_utils.Database) -> None:
    with pytest.raises(RuntimeError), database.transaction(db):
        ct.suppress_add(db, A, scope="global", source="voice", actor="bot")
        raise RuntimeError("the call died half-way")
    assert not ct.is_suppressed(db, A) and ct.audit_tail(db) == []
    # The store's pattern: its own insert plus append_audit, committed together.
    with database.transaction(db):
        db.execute("insert into suppression (number, scope, source) values (?, 'global', 'voice')", [A])
        ct.append_audit(db, actor="bot", action="suppress.add", subject="+1202*****01", details={"n": 1})
    assert ct.is_suppressed(db, A) and audit_actions(db) == ["suppress.add"]


def test_audit_needs_an_actor(db: sqlite_utils.Database) -> None:
    with pytest.raises(ct.ComplianceError, match="actor"):
        ct.append_audit(db, actor=" ", action="x", subject="y")


# ---- suppression ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("scope", "campaign", "expected"),
    [
        ("global", None, True),
        ("global", "spring", True),  # global always applies
        ("spring", "spring", True),
        ("spring", None, False),
        ("spring", "autumn", False),
    ],
)
def test_scopes(db: sqlite_utils.Database, scope: str, campaign: str | None, expected: bool) -> None:
    ct.suppress_add(db, A, scope=scope, source="operator", actor=OP)
    assert ct.is_suppressed(db, A, campaign) is expected
    assert not ct.is_suppressed(db, B, campaign)


def test_add_keeps_the_first_entry(db: sqlite_utils.Database) -> None:
    first = ct.suppress_add(db, A, scope="global", source="voice", actor="bot", words="stop", call_id="c1")
    again = ct.suppress_add(db, "+1 (202) 555-0101", scope="global", source="operator", actor=OP)
    assert first["added"] and not again["added"]
    assert again["source"] == "voice" and again["created_at"] == first["created_at"]
    assert len(ct.suppress_list(db)) == 1 and len(audit_actions(db)) == 2


def test_voice_opt_out_from_an_odd_caller_id_is_still_stored(db: sqlite_utils.Database) -> None:
    ct.suppress_add(db, "anonymous", scope="global", source="voice", actor="bot")
    assert ct.is_suppressed(db, "anonymous")
    assert ct.audit_tail(db)[0]["subject"] == "(no digits)"
    with pytest.raises(InvalidNumber):
        ct.suppress_add(db, "anonymous", scope="global", source="operator", actor=OP)


@pytest.mark.parametrize("source", ["", "sms", "Operator"])
def test_unknown_source_refused(db: sqlite_utils.Database, source: str) -> None:
    with pytest.raises(ct.ComplianceError, match="source"):
        ct.suppress_add(db, A, scope="global", source=source, actor=OP)


@pytest.mark.parametrize("reason", ["", "   "])
def test_remove_without_reason_refused(db: sqlite_utils.Database, reason: str) -> None:
    ct.suppress_add(db, A, scope="global", source="voice", actor="bot")
    with pytest.raises(ct.ComplianceError, match="reason"):
        ct.suppress_remove(db, A, scope="global", actor=OP, reason=reason)
    assert ct.is_suppressed(db, A) and audit_actions(db) == ["suppress.add"]


def test_remove(db: sqlite_utils.Database) -> None:
    ct.suppress_add(db, A, scope="global", source="operator", actor=OP)
    assert not ct.suppress_remove(db, A, scope="spring", actor=OP, reason="wrong scope")
    assert ct.suppress_remove(db, A, scope="global", actor=OP, reason="customer asked to be called")
    assert not ct.is_suppressed(db, A)
    assert json.loads(ct.audit_tail(db)[-1]["details"])["reason"] == "customer asked to be called"
    assert audit_actions(db) == ["suppress.add", "suppress.remove"]


# ---- consent --------------------------------------------------------------------------------------
def test_consent_grant_check_revoke(db: sqlite_utils.Database) -> None:
    ct.consent_grant(db, A, scope="spring", source="web form", evidence="form 17", actor=OP)
    assert ct.has_consent(db, A, "spring") and not ct.has_consent(db, A)
    assert not ct.has_consent(db, A, "autumn")
    ct.consent_grant(db, A, scope="global", source="paper", evidence="signed 2024-05-01", actor=OP)
    assert ct.has_consent(db, A, "autumn")
    with pytest.raises(ct.ComplianceError, match="reason"):
        ct.consent_revoke(db, A, actor=OP, reason="")
    assert ct.consent_revoke(db, A, scope="global", actor=OP, reason="asked") == 1
    assert not ct.has_consent(db, A) and ct.has_consent(db, A, "spring")
    assert ct.consent_revoke(db, A, actor=OP, reason="asked again") == 1
    assert not ct.has_consent(db, A, "spring")
    assert ct.consent_revoke(db, A, actor=OP, reason="nothing left") == 0
    ct.consent_grant(db, A, scope="global", source="phone", evidence="call c7", actor=OP)
    assert ct.has_consent(db, A)  # granted again after a revocation


@pytest.mark.parametrize("field", ["source", "evidence"])
def test_consent_needs_source_and_evidence(db: sqlite_utils.Database, field: str) -> None:
    values = {"source": "web", "evidence": "form 1"} | {field: " "}
    with pytest.raises(ct.ComplianceError, match=field):
        ct.consent_grant(db, A, scope="global", actor=OP, **values)
