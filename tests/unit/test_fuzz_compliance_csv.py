"""Property-based fuzzing of the suppression and consent CSV importers (bot/store/compliance_csv.py).

Whatever the file holds, an import either adds its rows (an ImportReport that adds up) or raises
CsvImportError, with every problem as "path:LINE: reason" at a line of the file, and writes nothing;
within a time bound. Inputs: well-formed CSV with random headers and fields (numbers, times at the
edges of the calendar, control characters, quotes), then the same text mangled (stray quotes, NULs,
CRs, cut short), and random bytes (not UTF-8, BOMs). Deterministic (derandomize), explicit example
counts and deadlines; CLEARCALL_FUZZ_SCALE=N runs N times the examples with a random seed.
"""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import given
from hypothesis import strategies as st

from bot.store import compliance_csv, database
from bot.store.compliance_tables import ComplianceError
from tests.unit.fuzz_settings import fuzz

BOUND = 3.0  # seconds one import may take

SUPPRESSION_COLUMNS = ["number", "scope", "words", "source", "call_id", "created_at"]
CONSENT_COLUMNS = ["number", "source", "evidence", "scope", "granted_at"]

NUMBERS = st.sampled_from(
    [
        "+12025550101",
        "202-555-0102",
        "(202) 555 0103",
        "+44 20 7946 0123",
        "+82 2 312 3456",
        "911",
        "+1",
        "++1",
    ]
)
TIMES = st.one_of(
    st.sampled_from(
        [
            "2024-05-01T10:00:00+00:00",
            "2024-05-01T10:00:00Z",
            "2024-05-01",
            "0001-01-01T00:00:00+01:00",  # out of range once moved to UTC
            "0001-01-01T00:00:00-23:59",
            "9999-12-31T23:59:59-23:59",
            "9999-12-31T23:59:59+23:59",
            "2024-02-30T00:00:00Z",
            "2024-05-01T10:00:00+24:00",
            "2024-05-01T25:00:00Z",
            "yesterday",
        ]
    ),
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
)
FIELDS = st.one_of(
    NUMBERS,
    TIMES,
    st.sampled_from(["", " ", "global", "spring", "import", "web form", '"', '""', ",", "\n", "\r", "\x00"]),
    st.text(max_size=20),
    st.text(alphabet="0123456789+-() ", max_size=30),
)


def header(columns: list[str]) -> st.SearchStrategy[list[str]]:
    valid = st.permutations(columns).flatmap(lambda cols: st.integers(1, len(cols)).map(lambda n: cols[:n]))
    odd = st.lists(st.one_of(st.sampled_from(columns), st.text(max_size=8)), max_size=5)
    cased = valid.map(lambda cols: [c.upper() if len(c) % 2 else f" {c} " for c in cols])
    return st.one_of(valid, valid, cased, odd)


def assert_refusal_names_lines(error: compliance_csv.CsvImportError, path: Path, last_line: int) -> None:
    """A refused file's error: a header counting the problems, then one line per problem naming
    `path:LINE` with LINE in the file."""
    assert error.problems
    assert str(error).split("\n")[0] == f"{path}: nothing imported, {len(error.problems)} problem(s):"
    where = re.compile(rf"{re.escape(str(path))}:(\d+): \S")
    for problem in error.problems:
        match = where.match(problem)
        assert match, problem
        assert 1 <= int(match.group(1)) <= last_line, (problem, last_line)
        assert "\n" not in problem and "\r" not in problem, problem


@st.composite
def csv_bytes(draw: st.DrawFn, columns: list[str]) -> bytes:
    head = draw(header(columns))
    rows = draw(st.lists(st.lists(FIELDS, min_size=0, max_size=len(head) + 1), max_size=6))
    out = io.StringIO()
    if draw(st.booleans()):
        csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows([head, *rows])
    else:  # joined by hand: quotes and separators inside fields break the file
        out.write("\n".join(",".join(row) for row in [head, *rows]))
    text = out.getvalue()
    for _ in range(draw(st.integers(0, 3))):
        pos = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:pos] + draw(st.sampled_from(['"', "\r", "\n", "\x00", ",", "\ufeff", "x" * 140_000]))
            text += text[pos:]
        else:
            text = text[:pos] + text[pos + draw(st.integers(1, 10)) :]
    data = (("\ufeff" if draw(st.booleans()) else "") + text).encode("utf-8", errors="surrogatepass")
    if draw(st.integers(0, 9)) == 0:
        pos = draw(st.integers(0, len(data)))
        data = data[:pos] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xe9"])) + data[pos:]
    return data


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[sqlite_utils.Database, Path]]:
    folder = tmp_path_factory.mktemp("fuzz_csv")
    db = sqlite_utils.Database(folder / "cc.db")
    db.execute("PRAGMA synchronous=OFF")  # speed: nothing here needs to survive a power cut
    database.ensure_tables(db)
    yield db, folder
    db.close()


def _count(db: sqlite_utils.Database) -> tuple[int, int, int]:
    return tuple(
        db.execute(f"select count(*) from {t}").fetchone()[0] for t in ("suppression", "consent", "audit")
    )


def check_import(db: sqlite_utils.Database, path: Path, data: bytes, kind: str) -> None:
    path.write_bytes(data)
    lines = data.count(b"\n") + data.count(b"\r") + 1
    before = _count(db)
    importer = (
        compliance_csv.import_suppression_csv if kind == "suppression" else compliance_csv.import_consent_csv
    )
    started = time.perf_counter()
    try:
        report = importer(db, path, default_region="US", actor="operator:fuzz")
    except compliance_csv.CsvImportError as error:
        assert_refusal_names_lines(error, path, lines)
        assert _count(db) == before, "a refused file changed nothing"
    except ComplianceError as error:  # pragma: no cover - what the property forbids, shown plainly
        pytest.fail(f"ComplianceError without lines: {error}")
    else:
        assert report.rows >= report.added >= 0 and report.added + report.unchanged == report.rows
    assert time.perf_counter() - started < BOUND


@fuzz(200)
@given(data=csv_bytes(SUPPRESSION_COLUMNS))
def test_suppression_import_adds_or_refuses_at_a_line(
    store: tuple[sqlite_utils.Database, Path], data: bytes
) -> None:
    db, folder = store
    check_import(db, folder / "dnc.csv", data, "suppression")


@fuzz(200)
@given(data=csv_bytes(CONSENT_COLUMNS))
def test_consent_import_adds_or_refuses_at_a_line(
    store: tuple[sqlite_utils.Database, Path], data: bytes
) -> None:
    db, folder = store
    check_import(db, folder / "consent.csv", data, "consent")


@fuzz(100)
@given(data=st.binary(max_size=300), kind=st.sampled_from(["suppression", "consent"]))
def test_random_bytes_are_refused_at_a_line(
    store: tuple[sqlite_utils.Database, Path], data: bytes, kind: str
) -> None:
    db, folder = store
    check_import(db, folder / "bytes.csv", data, kind)
