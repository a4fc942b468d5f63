"""Suppression, consent, erasure and the audit hash chain, on real SQLite files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from bot.compliance.numbers import InvalidNumber
from bot.store import compliance_tables as ct
from bot.store.sqlite_store import SqliteStore

A = "+12025550101"
B = "+12025550102"
OP = "operator:test"


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    database = sqlite_utils.Database(tmp_path / "cc.db")
    database.execute("PRAGMA foreign_keys=ON")
    ct.ensure_tables(database)
    yield database
    database.close()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


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
async def test_tables_match_the_store_and_ensure_is_idempotent(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "store.db")
    await store.open()
    await store.close()
    theirs = sqlite_utils.Database(tmp_path / "store.db")
    ct.ensure_tables(theirs)  # on the bot's own file: adds consent and audit, leaves the rest
    ct.ensure_tables(theirs)
    ours = sqlite_utils.Database(tmp_path / "ours.db")
    ct.ensure_tables(ours)
    for table in ("calls", "turns", "suppression", "consent", "audit"):
        assert ours[table].columns_dict == theirs[table].columns_dict, table
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
        ("update audit set hash = 'f' || substr(hash, 2) where id = 4", 4),
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
    with pytest.raises(RuntimeError), ct.transaction(db):
        ct.suppress_add(db, A, scope="global", source="voice", actor="bot")
        raise RuntimeError("the call died half-way")
    assert not ct.is_suppressed(db, A) and ct.audit_tail(db) == []
    # The store's pattern: its own insert plus append_audit, committed together.
    with ct.transaction(db):
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


# ---- CSV import and export ------------------------------------------------------------------------
def test_import_with_bad_rows_writes_nothing(db: sqlite_utils.Database, tmp_path: Path) -> None:
    path = write(
        tmp_path / "dnc.csv",
        "number,scope,words\n"
        "202-555-0101,,\n"  # 2: fine
        "hello,,\n"  # 3
        "\n"  # 4: blank, skipped
        "+1 202 555 01,,\n"  # 5: too short
        '"+12025550102",spring,"said ""stop""\non two lines"\n'  # 6-7: fine
        "+999 20255501 99,,\n"  # 8: unknown country code
        "1,2,3,4\n",  # 9: too many fields
    )
    with pytest.raises(ct.CsvImportError) as caught:
        ct.import_suppression_csv(db, path, default_region="US", actor=OP)
    problems = caught.value.problems
    assert [p.split(": ")[0] for p in problems] == [f"{path}:{n}" for n in (3, 5, 8, 9)]
    assert "2025550199" not in str(caught.value)  # masked
    assert ct.suppress_list(db) == [] and ct.audit_tail(db) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "header"),
        ("phone\n+12025550101\n", "header"),
        ("number,colour\n+12025550101,red\n", "colour"),
        ("number,number\n+12025550101,+12025550102\n", "each once"),
    ],
)
def test_import_header_problems(db: sqlite_utils.Database, tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ct.CsvImportError, match=message):
        ct.import_suppression_csv(db, write(tmp_path / "x.csv", text), default_region="US", actor=OP)
    assert ct.suppress_list(db) == []


def test_import_not_utf8(db: sqlite_utils.Database, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("number,words\n+12025550101,arrêtez\n".encode("latin-1"))
    with pytest.raises(ct.CsvImportError, match="UTF-8"):
        ct.import_suppression_csv(db, path, default_region="US", actor=OP)


def test_import_duplicates_and_existing(db: sqlite_utils.Database, tmp_path: Path) -> None:
    ct.suppress_add(db, A, scope="global", source="voice", actor="bot")
    text = f"\ufeffNumber,Scope\n{A},\n202 555 0101,global\n{B},\n{B},spring\n(202) 555-0102,\n"
    report = ct.import_suppression_csv(db, write(tmp_path / "d.csv", text), default_region="US", actor=OP)
    assert (report.rows, report.added, report.unchanged) == (5, 2, 3)
    assert {(r["number"], r["scope"], r["source"]) for r in ct.suppress_list(db)} == {
        (A, "global", "voice"),
        (B, "global", "import"),
        (B, "spring", "import"),
    }
    details = json.loads(ct.audit_tail(db)[-1]["details"])
    assert details["added"] == 2 and len(details["sha256"]) == 64


def test_export_import_round_trip(db: sqlite_utils.Database, tmp_path: Path) -> None:
    ct.suppress_add(db, A, scope="global", source="voice", actor="bot", words="don't call, me", call_id="c1")
    ct.suppress_add(db, B, scope="spring", source="operator", actor=OP, words='said "no"\nthen hung up')
    path = tmp_path / "out.csv"
    assert ct.export_suppression_csv(db, path, actor=OP) == 2
    assert path.stat().st_mode & 0o777 == 0o600
    other = sqlite_utils.Database(tmp_path / "other.db")
    ct.ensure_tables(other)
    ct.import_suppression_csv(other, path, default_region=None, actor=OP)
    keep = ("number", "scope", "words", "created_at")
    assert [{k: r[k] for k in keep} for r in ct.suppress_list(other)] == [
        {k: r[k] for k in keep} for r in ct.suppress_list(db)
    ]
    assert audit_actions(db)[-1] == "suppress.export"


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


def test_consent_import(db: sqlite_utils.Database, tmp_path: Path) -> None:
    good = write(
        tmp_path / "ok.csv",
        "number,source,evidence,scope,granted_at\n"
        f"{A},web,form 1,,2024-05-01T10:00:00Z\n"
        f"{A},web,form 1 again,,\n"
        f"{B},paper,box 3,spring,\n",
    )
    report = ct.import_consent_csv(db, good, default_region="US", actor=OP)
    assert (report.rows, report.added, report.unchanged) == (3, 2, 1)
    assert ct.has_consent(db, A) and ct.has_consent(db, B, "spring") and not ct.has_consent(db, B)
    row = next(db["consent"].rows_where("number = ?", [A]))
    assert row["granted_at"] == "2024-05-01T10:00:00.000+00:00" and row["evidence"] == "form 1"


def test_consent_import_bad_rows(db: sqlite_utils.Database, tmp_path: Path) -> None:
    bad = write(
        tmp_path / "bad.csv",
        "number,source,evidence,granted_at\n"
        f"{A},web,form 1,\n"  # 2: fine
        f"{B},web,,\n"  # 3: no evidence
        "12,web,form,\n"  # 4: bad number
        f"{B},web,form,2024-05-01 10:00\n"  # 5: no time zone
        f"{B},web,form,2999-01-01T00:00:00Z\n"  # 6: future
        f"{B},web,form,yesterday\n",  # 7: not a time
    )
    with pytest.raises(ct.CsvImportError) as caught:
        ct.import_consent_csv(db, bad, default_region="US", actor=OP)
    assert [p.split(": ")[0] for p in caught.value.problems] == [f"{bad}:{n}" for n in (3, 4, 5, 6, 7)]
    assert B not in str(caught.value) and "+1202*****02" in str(caught.value)
    assert list(db["consent"].rows) == [] and ct.audit_tail(db) == []


# ---- erasure --------------------------------------------------------------------------------------
def seed_person(db: sqlite_utils.Database, tmp_path: Path) -> Path:
    """Calls for A (as E.164, as Asterisk's digits, as callee) and one for B; turns, consent, files."""
    for call_id, caller, callee in [("c1", A, "100"), ("c2", "2025550101", "100"), ("c3", "100", A[1:])]:
        db["calls"].insert({"id": call_id, "caller": caller, "callee": callee})
        db["turns"].insert_all([{"call_id": call_id, "seq": 1}, {"call_id": call_id, "seq": 2}])
    db["calls"].insert({"id": "c4", "caller": B, "callee": "100"})
    db["turns"].insert({"call_id": "c4", "seq": 1})
    recordings = tmp_path / "rec"
    recordings.mkdir()
    for call_id in ("c1", "c4"):
        (recordings / f"{call_id}.wav").write_bytes(b"RIFF")
        db["recordings"].insert({"call_id": call_id, "path": f"rec/{call_id}.wav"})
    db["contacts"].insert_all([{"name": "Ann", "phone_number": A}, {"name": "Bob", "phone_number": B}])
    ct.consent_grant(db, A, scope="global", source="web", evidence="form 1", actor=OP)
    ct.consent_grant(db, B, scope="global", source="web", evidence="form 2", actor=OP)
    return recordings


@pytest.mark.parametrize(("suppressed_before", "expected"), [(True, "kept"), (False, "added")])
def test_erase(db: sqlite_utils.Database, tmp_path: Path, suppressed_before: bool, expected: str) -> None:
    recordings = seed_person(db, tmp_path)
    if suppressed_before:
        ct.suppress_add(db, A, scope="global", source="voice", actor="bot", words="stop it", call_id="c1")
    report = ct.erase_person(db, A, actor=OP)
    assert report.deleted == {"calls": 3, "turns": 6, "recordings": 1, "consent": 1, "contacts": 1}
    assert (report.files_deleted, report.suppression, report.subject) == (1, expected, "+1202*****01")
    assert [r["id"] for r in db["calls"].rows] == ["c4"]
    assert [r["call_id"] for r in db["turns"].rows] == ["c4"]
    assert not (recordings / "c1.wav").exists() and (recordings / "c4.wav").exists()
    assert [r["name"] for r in db["contacts"].rows] == ["Bob"]
    assert not ct.has_consent(db, A) and ct.has_consent(db, B)
    assert ct.is_suppressed(db, A)
    entry = ct.suppress_list(db)[0]
    assert (entry["words"], entry["call_id"]) == ("", "")  # what they said went with the calls
    assert entry["source"] == ("voice" if suppressed_before else "erasure")
    last = ct.audit_tail(db)[-1]
    assert last["action"] == "erase" and json.loads(last["details"])["deleted"]["calls"] == 3
    assert ct.verify_audit(db).ok


def test_erase_rolls_back_when_a_recording_cannot_be_deleted(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    seed_person(db, tmp_path)
    (tmp_path / "rec" / "c1.wav").unlink()
    (tmp_path / "rec" / "c1.wav").mkdir()  # unlink() of a folder fails, even for root
    with pytest.raises(ct.ComplianceError, match="nothing was erased"):
        ct.erase_person(db, A, actor=OP)
    assert db["calls"].count == 4 and ct.has_consent(db, A) and not ct.is_suppressed(db, A)
    assert audit_actions(db)[-1] == "consent.grant"


def test_erase_refuses_contacts_without_a_number_column(db: sqlite_utils.Database) -> None:
    db["contacts"].insert({"name": "Ann"})
    with pytest.raises(ct.ComplianceError, match="contacts"):
        ct.erase_person(db, A, actor=OP)
