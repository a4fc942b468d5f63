"""Property-based fuzzing of the campaign contact-list importer (bot/store/contact_csv.py).

Whatever the file holds and whichever encoding is named, an import either stores its rows (a report
that adds up) or raises CsvImportError with every problem as "path:LINE: reason" at a line of the file,
and then stores nothing (contacts, consent, audit unchanged); within a time bound. The inputs are the
suppression/consent fuzzer's (well-formed CSV with random headers and fields, then mangled; random bytes),
with the contact list's columns. One hypothesis profile (tests/unit/fuzz_settings.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.flow.contact import missing_contact_fields
from bot.store.campaign_store import CampaignStore
from bot.store.compliance_csv import CsvImportError
from bot.store.compliance_tables import ComplianceError
from bot.store.contact_csv import import_contacts_csv
from tests.unit.campaign_helpers import NEEDS_NAME, SALES, new_campaign, open_store
from tests.unit.fuzz_settings import fuzz
from tests.unit.test_fuzz_compliance_csv import assert_refusal_names_lines, csv_bytes

BOUND = 3.0  # seconds one import may take
COLUMNS = ["number", "first_name", "product", "timezone", "consent_source", "consent_evidence", "consent_at"]
ENCODINGS = st.sampled_from([None, None, "utf-8", "gbk", "latin-1", "utf-16", "nope"])


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[CampaignStore, Path]]:
    folder = tmp_path_factory.mktemp("fuzz_contacts")
    store = open_store(folder / "cc.db")
    store.db.execute("PRAGMA synchronous=OFF")  # speed: nothing here needs to survive a power cut
    new_campaign(store)
    yield store, folder
    store.db.close()


def _count(store: CampaignStore) -> tuple[int, ...]:
    tables = ("campaign_contacts", "consent", "audit")
    return tuple(store.db.execute(f"select count(*) from {t}").fetchone()[0] for t in tables)


def check_import(store: CampaignStore, path: Path, data: bytes, encoding: str | None, flow=SALES) -> None:
    path.write_bytes(data)
    lines = data.count(b"\n") + data.count(b"\r") + 1
    before = _count(store)
    started = time.perf_counter()
    try:
        report = import_contacts_csv(
            store,
            "spring",
            path,
            fields=list(flow.contact.fields),
            missing=lambda values: missing_contact_fields(flow, values),
            default_region="US",
            actor="operator:fuzz",
            encoding=encoding,
        )
    except CsvImportError as error:
        assert_refusal_names_lines(error, path, max(lines, 2))
        assert _count(store) == before, "a refused file changed nothing"
    except ComplianceError as error:  # pragma: no cover - what the property forbids, shown plainly
        pytest.fail(f"ComplianceError without lines: {error}")
    else:
        assert report.rows > 0 and report.added + report.updated + report.unchanged == report.rows
        assert _count(store)[0] - before[0] == report.added
    assert time.perf_counter() - started < BOUND


@fuzz(200)
@given(data=csv_bytes(COLUMNS), encoding=ENCODINGS)
def test_contact_import_stores_or_refuses_at_a_line(
    store: tuple[CampaignStore, Path], data: bytes, encoding: str | None
) -> None:
    check_import(store[0], store[1] / "contacts.csv", data, encoding)


@fuzz(50)
@given(data=csv_bytes(COLUMNS[:1] + COLUMNS[2:]))
def test_a_list_without_a_needed_field_never_stores(store: tuple[CampaignStore, Path], data: bytes) -> None:
    camp, folder = store
    before = _count(camp)
    check_import(camp, folder / "no_name.csv", data, None, flow=NEEDS_NAME)
    assert _count(camp) == before, "first_name is needed and no column carries it"


@fuzz(100)
@given(data=st.binary(max_size=300), encoding=ENCODINGS)
def test_random_bytes_are_refused_at_a_line(
    store: tuple[CampaignStore, Path], data: bytes, encoding: str | None
) -> None:
    check_import(store[0], store[1] / "bytes.csv", data, encoding)
