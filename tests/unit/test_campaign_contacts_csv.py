"""Contact lists from CSV: every bad input named by line, the whole list refused, re-imports idempotent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.flow.contact import missing_contact_fields
from bot.store.campaign_store import CampaignStore
from bot.store.compliance_csv import CsvImportError
from bot.store.compliance_tables import consent_grant, has_consent
from bot.store.contact_csv import import_contacts_csv
from tests.unit.campaign_helpers import DC, NEEDS_NAME, SALES, new_campaign, open_store

HEADER = "number,first_name,product,timezone,consent_source,consent_evidence,consent_at\n"
CONSENT = "web form,form #7,2024-05-01T10:00:00Z"


@pytest.fixture
def store(tmp_path: Path) -> CampaignStore:
    store = open_store(tmp_path / "cc.db")
    new_campaign(store)
    return store


def write(tmp_path: Path, text: str | bytes, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def run(store: CampaignStore, path: Path, flow=SALES, encoding: str | None = None):
    return import_contacts_csv(
        store,
        "spring",
        path,
        fields=list(flow.contact.fields),
        missing=lambda values: missing_contact_fields(flow, values),
        default_region="US",
        actor="test",
        encoding=encoding,
    )


def refused(store: CampaignStore, path: Path, **kw) -> list[str]:
    with pytest.raises(CsvImportError) as err:
        run(store, path, **kw)
    assert store.contacts("spring") == [], "a refused list must store nothing"
    return err.value.problems


def test_a_good_list_is_stored_with_fields_zone_and_consent(store, tmp_path):
    path = write(
        tmp_path,
        HEADER + f"(202) 555-0101,Ann,a battery,,{CONSENT}\n+13125550103,Bo,,America/Chicago,{CONSENT}\n",
    )
    report = run(store, path)
    assert (report.rows, report.added, report.updated, report.unchanged, report.consent_added) == (
        2,
        2,
        0,
        0,
        2,
    )
    contacts = store.contacts("spring")
    assert [(c.number, dict(c.fields), c.zone) for c in contacts] == [
        (DC, {"first_name": "Ann", "product": "a battery"}, None),
        ("+13125550103", {"first_name": "Bo"}, "America/Chicago"),
    ]
    # consent from the row is recorded for this campaign, with its evidence, not globally
    assert has_consent(store.db, DC, "spring") and not has_consent(store.db, DC)
    row = store.db.execute(
        "select source, evidence, granted_at from consent where number = ?", [DC]
    ).fetchone()
    assert row == ("web form", "form #7", "2024-05-01T10:00:00.000+00:00")


def test_reimport_is_idempotent_and_a_changed_field_updates(store, tmp_path):
    path = write(tmp_path, HEADER + f"+12025550101,Ann,,,{CONSENT}\n+12025550102,Bob,,,{CONSENT}\n")
    run(store, path)
    before = store.db.execute("select * from campaign_contacts order by id").fetchall()
    consent_before = store.db.execute("select * from consent order by id").fetchall()
    again = run(store, path)
    assert (again.added, again.updated, again.unchanged, again.consent_added) == (0, 0, 2, 0)
    assert store.db.execute("select * from campaign_contacts order by id").fetchall() == before
    assert store.db.execute("select * from consent order by id").fetchall() == consent_before
    changed = run(store, write(tmp_path, HEADER + f"+12025550101,Annie,,,{CONSENT}\n", "b.csv"))
    assert (changed.added, changed.updated, changed.unchanged) == (0, 1, 0)
    assert store.contacts("spring")[0].fields == {"first_name": "Annie"}


def test_every_bad_row_is_named_and_nothing_is_imported(store, tmp_path):
    text = HEADER + (
        f"+12025550101,Ann,,,{CONSENT}\n"  # good
        f"banana,Bob,,,{CONSENT}\n"  # 3: garbage
        f"202-555-0101,Cy,,,{CONSENT}\n"  # 4: same number as line 2
        "+12025550104,Di,,,,,\n"  # 5: no consent at all
        f"+12025550105,Ed,,Europe/Paris,{CONSENT}\n"  # 6: zone the number cannot ring in
        f"+12025550106,Flo,,Mars/Base,{CONSENT}\n"  # 7: not a zone
        "+12025550107,Gus,,,web form,,\n"  # 8: consent without evidence
        "+12025550108,Hal,,,web form,form,2999-01-01T00:00:00Z\n"  # 9: consent in the future
        f"911,Ida,,,{CONSENT}\n"  # 10: too short
    )
    problems = refused(store, write(tmp_path, text))
    lines = [p.split(":")[1] for p in problems]
    assert lines == ["3", "4", "5", "6", "7", "8", "9", "10"]
    text_of = dict(zip(lines, problems, strict=True))
    assert "not a phone number" in text_of["3"]
    assert "the same number as line 2" in text_of["4"]
    assert "no consent on record" in text_of["5"]
    assert "not one the number can ring in (America/New_York)" in text_of["6"]
    assert "not an IANA time zone" in text_of["7"]
    assert "consent_evidence must both be given" in text_of["8"]
    assert "in the future" in text_of["9"]
    assert "too short" in text_of["10"]
    assert all(p.startswith(f"{tmp_path / 'list.csv'}:") for p in problems)
    assert "2025550" not in "".join(problems), "full numbers must not be echoed"


def test_consent_on_record_is_enough(store, tmp_path):
    consent_grant(store.db, DC, scope="global", source="paper", evidence="signed", actor="test")
    report = run(store, write(tmp_path, "number,first_name\n+12025550101,Ann\n"))
    assert report.added == 1 and report.consent_added == 0


def test_a_field_the_flow_needs_is_a_required_column_and_value(store, tmp_path):
    problems = refused(
        store,
        write(tmp_path, f"number,consent_source,consent_evidence,consent_at\n{DC},{CONSENT}\n"),
        flow=NEEDS_NAME,
    )
    assert len(problems) == 1 and "columns number, first_name" in problems[0] and ":1:" in problems[0]
    problems = refused(
        store,
        write(tmp_path, f"number,first_name,consent_source,consent_evidence,consent_at\n{DC}, ,{CONSENT}\n"),
        flow=NEEDS_NAME,
    )
    assert len(problems) == 1 and ":2:" in problems[0] and "no first_name" in problems[0]


def test_missing_and_unknown_columns(store, tmp_path):
    problems = refused(store, write(tmp_path, "phone,first_name\n+12025550101,Ann\n"))
    assert len(problems) == 1 and ":1: the header must name the columns number" in problems[0]
    problems = refused(store, write(tmp_path, "number,first_name,shoe_size\n+12025550101,Ann,9\n"))
    assert "shoe_size" in problems[0]


def test_empty_file_and_header_only(store, tmp_path):
    assert "the file is empty" in refused(store, write(tmp_path, ""))[0]
    assert "the file is empty" in refused(store, write(tmp_path, "\n \n"))[0]
    assert "no contacts" in refused(store, write(tmp_path, HEADER))[0]


def test_utf8_with_bom_is_read(store, tmp_path):
    run(store, write(tmp_path, b"\xef\xbb\xbf" + (HEADER + f"+12025550101,Zo\u00eb,,,{CONSENT}\n").encode()))
    assert store.contacts("spring")[0].fields["first_name"] == "Zo\u00eb"


@pytest.mark.parametrize(
    ("codec", "name"), [("latin-1", "Zo\u00eb M\u00fcller"), ("gbk", "\u738b\u5c0f\u660e")]
)
def test_other_encodings_are_refused_unless_named(store, tmp_path, codec, name):
    path = write(tmp_path, (HEADER + f"+12025550101,{name},,,{CONSENT}\n").encode(codec))
    first_non_ascii = next(i for i, ch in enumerate(name) if not ch.isascii())
    problems = refused(store, path)
    assert problems == [
        f"{path}:2: not UTF-8 (byte {len(HEADER) + 13 + first_non_ascii}); save it as UTF-8 CSV, "
        "or name its encoding (--encoding gbk, --encoding latin-1, ...)"
    ]
    run(store, path, encoding=codec)
    assert store.contacts("spring")[0].fields["first_name"] == name


def test_a_utf8_file_under_another_named_encoding_is_refused(store, tmp_path):
    path = write(tmp_path, (HEADER + f"+12025550101,\u738b\u5c0f\u660e,,,{CONSENT}\n").encode())
    assert "the file is UTF-8 text, not gbk" in refused(store, path, encoding="gbk")[0]
    assert "unknown encoding 'klingon'" in refused(store, path, encoding="klingon")[0]
    run(store, path, encoding="utf-8")  # naming UTF-8 is fine
    assert store.contacts("spring")[0].fields["first_name"] == "\u738b\u5c0f\u660e"


def test_gbk_bytes_that_are_not_gbk_name_the_line(store, tmp_path):
    path = write(tmp_path, HEADER.encode() + b"+12025550101,\x81\x20,,,web,f,2024-05-01T10:00:00Z\n")
    problems = refused(store, path, encoding="gbk")
    assert len(problems) == 1 and problems[0].startswith(f"{path}:2: not gbk")


def test_stored_fields_are_json_of_the_row(store, tmp_path):
    run(store, write(tmp_path, HEADER + f'+12025550101,"Ann, Jr.",a "quoted" thing,,{CONSENT}\n'))
    raw = store.db.execute("select fields from campaign_contacts").fetchone()[0]
    assert json.loads(raw) == {"first_name": "Ann, Jr.", "product": 'a "quoted" thing'}
