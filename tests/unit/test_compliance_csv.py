"""CSV import and export of suppression and consent: all rows or none, on real SQLite files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils

from bot.store import compliance_csv, database
from bot.store import compliance_tables as ct

A = "+12025550101"
B = "+12025550102"
OP = "operator:test"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def audit_actions(db: sqlite_utils.Database) -> list[str]:
    return [r["action"] for r in ct.audit_tail(db, 1000)]


# ---- suppression ---------------------------------------------------------------------------------
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
    with pytest.raises(compliance_csv.CsvImportError) as caught:
        compliance_csv.import_suppression_csv(db, path, default_region="US", actor=OP)
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
    with pytest.raises(compliance_csv.CsvImportError, match=message):
        compliance_csv.import_suppression_csv(
            db, write(tmp_path / "x.csv", text), default_region="US", actor=OP
        )
    assert ct.suppress_list(db) == []


def test_import_not_utf8(db: sqlite_utils.Database, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("number,words\n+12025550101,arrêtez\n".encode("latin-1"))
    with pytest.raises(compliance_csv.CsvImportError, match="UTF-8"):
        compliance_csv.import_suppression_csv(db, path, default_region="US", actor=OP)


def test_import_duplicates_and_existing(db: sqlite_utils.Database, tmp_path: Path) -> None:
    ct.suppress_add(db, A, scope="global", source="voice", actor="bot")
    text = f"\ufeffNumber,Scope\n{A},\n202 555 0101,global\n{B},\n{B},spring\n(202) 555-0102,\n"
    report = compliance_csv.import_suppression_csv(
        db, write(tmp_path / "d.csv", text), default_region="US", actor=OP
    )
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
    assert compliance_csv.export_suppression_csv(db, path, actor=OP) == 2
    assert path.stat().st_mode & 0o777 == 0o600
    other = sqlite_utils.Database(tmp_path / "other.db")
    database.ensure_tables(other)
    compliance_csv.import_suppression_csv(other, path, default_region=None, actor=OP)
    keep = ("number", "scope", "words", "created_at")
    assert [{k: r[k] for k in keep} for r in ct.suppress_list(other)] == [
        {k: r[k] for k in keep} for r in ct.suppress_list(db)
    ]
    assert audit_actions(db)[-1] == "suppress.export"


# ---- consent -------------------------------------------------------------------------------------
def test_consent_import(db: sqlite_utils.Database, tmp_path: Path) -> None:
    good = write(
        tmp_path / "ok.csv",
        "number,source,evidence,scope,granted_at\n"
        f"{A},web,form 1,,2024-05-01T10:00:00Z\n"
        f"{A},web,form 1 again,,\n"
        f"{B},paper,box 3,spring,\n",
    )
    report = compliance_csv.import_consent_csv(db, good, default_region="US", actor=OP)
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
    with pytest.raises(compliance_csv.CsvImportError) as caught:
        compliance_csv.import_consent_csv(db, bad, default_region="US", actor=OP)
    assert [p.split(": ")[0] for p in caught.value.problems] == [f"{bad}:{n}" for n in (3, 4, 5, 6, 7)]
    assert B not in str(caught.value) and "+1202*****02" in str(caught.value)
    assert list(db["consent"].rows) == [] and ct.audit_tail(db) == []
