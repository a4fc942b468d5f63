"""Every crasher the fuzzers found (tests/fixtures/fuzz/) now gets the project's own error, at its line.

One file per crasher; ``CORPUS`` says what each one once raised, and the line and words of the clean
error it gets now. A new file in the corpus must be added here (``test_every_corpus_file_is_checked``).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from bot.asterisk.fastagi import AGIEnvironmentError, HeaderLimits, read_agi_environment
from bot.flow.errors import DocumentError, FlowError
from bot.flow.loader import load_flow
from bot.sim.cases import CasesError, load_cases
from bot.store import compliance_csv, database

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "fuzz"
BOUND = 10.0  # seconds; billion_laughs.yaml took 160 s before the fix; under load, 3 s was too tight

# file: (what it raised before, line of the clean error, words in it)
FLOWS = {
    "python_object_tag.yaml": ("ConstructorError", 5, "YAML tag !!python/object:os.system is not allowed"),
    "binary_bad_base64.yaml": ("ConstructorError (base64 padding)", 6, "YAML tag !!binary is not allowed"),
    "binary_not_ascii.yaml": ("ConstructorError (base64 ascii)", 6, "YAML tag !!binary is not allowed"),
    "nul_character.yaml": ("ReaderError", 15, "U+0000 is not allowed"),
    "bool_tag.yaml": ("KeyError", 6, "YAML tag !!bool is not allowed"),
    "int_tag.yaml": ("ValueError", 29, "YAML tag !!int is not allowed"),
    "float_tag.yaml": ("ValueError", 29, "YAML tag !!float is not allowed"),
    "timestamp_tag.yaml": ("AttributeError", 6, "YAML tag !!timestamp is not allowed"),
    "local_tag.yaml": ("ConstructorError", 6, "YAML tag !ko is not allowed"),
    "set_tag_key.yaml": ("TypeError: unhashable set", 6, "YAML tag !!set is not allowed"),
    "binary_underscore_number.yaml": ("ValueError", 29, "'0b_' is not a number"),
    "hex_underscore_number.yaml": ("ValueError", 29, "'0x_' is not a number"),
    "huge_number.yaml": ("ValueError: int over 4300 digits", 29, "has more than 30 digits"),
    "huge_hex_number.yaml": ("ValueError: int over 4300 digits", 29, "has more than 30 digits"),
    "value_indicator.yaml": ("ConstructorError (!!value)", 6, "'=' is not an espeak-ng voice"),
    "merge_key_as_value.yaml": ("ConstructorError (merge)", 6, "'<<' is not an espeak-ng voice"),
    "deep_nesting.yaml": ("RecursionError", 29, "nested more than 64 levels deep"),
    "alias_chain.yaml": ("RecursionError", 1, "nested more than 64 levels deep (counting *aliases)"),
    "merge_loop.yaml": ("RecursionError", 8, "`<<:` merges a mapping into itself"),
    "merge_unhashable_key.yaml": ("TypeError: unhashable list", 7, "a key must be plain text"),
    "billion_laughs.yaml": ("160 s and 1 GB to expand", 1, "more than 100000 values once its *aliases"),
}
CASES = {
    "not_utf8.cases.yaml": ("UnicodeDecodeError", 4, "not UTF-8 text (byte 0xe9 here)"),
    "binary_underscore_number.cases.yaml": ("ValueError", 6, "'0b_' is not a number"),
    "huge_number.cases.yaml": ("ValueError: int over 4300 digits", 6, "has more than 30 digits"),
    "deep_nesting.cases.yaml": ("RecursionError", 6, "nested more than 64 levels deep"),
    "bool_tag.cases.yaml": ("KeyError", 9, "YAML tag !!bool is not allowed"),
    "timestamp_tag.cases.yaml": ("AttributeError", 10, "YAML tag !!timestamp is not allowed"),
    "duplicate_key.cases.yaml": ("accepted: the second key won", 9, "key 'disposition' appears twice"),
    "binary_tag.cases.yaml": ("accepted: bytes turned into text", 6, "YAML tag !!binary is not allowed"),
}
CSV = {
    "header_field_too_large.suppression.csv": ("csv.Error", 1, "the header cannot be read: field larger"),
    "created_at_year_one.suppression.csv": ("OverflowError", 2, "'0001-01-01T00:00:00+01:00' is out"),
    "granted_at_year_one.consent.csv": ("OverflowError", 2, "'0001-01-01T00:30:00+01:00' is out"),
    "header_unclosed_quote.suppression.csv": ("accepted as the header 'number'", 1, "a quote is not closed"),
    "row_unclosed_quote.suppression.csv": ("accepted: the quote ran to the end", 2, "a quote is not closed"),
    "not_utf8.suppression.csv": ("error without a line number", 2, "not UTF-8"),
}
AGI = {  # not crashers: errors that did not name the header line
    "eof_mid_environment.bin": ("no line number", 17, "peer closed the connection at header line 17"),
    "oversize_environment.bin": ("no line number", 24, "exceeds 2048 bytes at header line 24"),
}


def test_every_corpus_file_is_checked() -> None:
    listed = {f"{kind}/{name}" for kind, table in _TABLES.items() for name in table}
    assert {str(p.relative_to(CORPUS)) for p in CORPUS.glob("*/*")} == listed


def _document_error(load: object, path: Path, error_type: type[DocumentError]) -> DocumentError:
    started = time.perf_counter()
    with pytest.raises(error_type) as caught:
        load(path)  # type: ignore[operator]
    assert time.perf_counter() - started < BOUND
    return caught.value


@pytest.mark.parametrize("name", sorted(FLOWS))
def test_flow_crasher_is_a_flow_error_at_its_line(name: str) -> None:
    _, line, words = FLOWS[name]
    error = _document_error(load_flow, CORPUS / "flows" / name, FlowError)
    assert all(issue.file == str(CORPUS / "flows" / name) for issue in error.issues)
    assert any(issue.line == line and words in str(issue) for issue in error.issues), str(error)


@pytest.mark.parametrize("name", sorted(CASES))
def test_cases_crasher_is_a_cases_error_at_its_line(name: str) -> None:
    _, line, words = CASES[name]
    error = _document_error(load_cases, CORPUS / "cases" / name, CasesError)
    assert all(issue.file == str(CORPUS / "cases" / name) for issue in error.issues)
    assert any(issue.line == line and words in str(issue) for issue in error.issues), str(error)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    conn = sqlite_utils.Database(tmp_path / "cc.db")
    database.ensure_tables(conn)
    yield conn
    conn.close()


@pytest.mark.parametrize("name", sorted(CSV))
def test_csv_crasher_is_refused_at_its_line(db: sqlite_utils.Database, name: str) -> None:
    _, line, words = CSV[name]
    path = CORPUS / "csv" / name
    importer = (
        compliance_csv.import_consent_csv if ".consent." in name else compliance_csv.import_suppression_csv
    )
    with pytest.raises(compliance_csv.CsvImportError) as caught:
        importer(db, path, default_region="US", actor="operator:test")
    assert any(p.startswith(f"{path}:{line}: ") and words in p for p in caught.value.problems), caught.value


@pytest.mark.parametrize("name", sorted(AGI))
async def test_agi_environment_error_names_its_line(name: str) -> None:
    _, _, words = AGI[name]
    reader = asyncio.StreamReader(limit=4096)
    reader.feed_data((CORPUS / "agi" / name).read_bytes())
    reader.feed_eof()
    with pytest.raises(AGIEnvironmentError, match=words):
        await read_agi_environment(reader, HeaderLimits(max_bytes=2048))


_TABLES = {"flows": FLOWS, "cases": CASES, "csv": CSV, "agi": AGI}
