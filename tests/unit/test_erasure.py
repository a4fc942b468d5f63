"""Erasure of a person's calls, turns, recordings, consent and contacts, on real SQLite files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils

from bot.store import compliance_tables as ct
from bot.store import erasure

A = "+12025550101"
B = "+12025550102"
OP = "operator:test"


def audit_actions(db: sqlite_utils.Database) -> list[str]:
    return [r["action"] for r in ct.audit_tail(db, 1000)]


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
    report = erasure.erase_person(db, A, actor=OP)
    counts = {"calls": 3, "turns": 6, "recordings": 1, "consent": 1, "contacts": 1, "personal_audio": 0}
    assert report.deleted == counts
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
        erasure.erase_person(db, A, actor=OP)
    assert db["calls"].count == 4 and ct.has_consent(db, A) and not ct.is_suppressed(db, A)
    assert audit_actions(db)[-1] == "consent.grant"


def test_erase_refuses_contacts_without_a_number_column(db: sqlite_utils.Database) -> None:
    db["contacts"].insert({"name": "Ann"})
    with pytest.raises(ct.ComplianceError, match="contacts"):
        erasure.erase_person(db, A, actor=OP)
