"""Property-based fuzzing of the YAML loaders: a flow file gives a Flow or a FlowError, a cases file a
list of Case or a CasesError, and every issue is at a line of the file, within a time bound.

Inputs: mutations of the shipped flows (flows/*.yaml) and cases files (flows/cases/) as text and as
bytes (bit flips, deletions, insertions of YAML-special characters, tags, NULs, huge numbers, deep
nesting, repeated lines), their data with values replaced by random ones (this reaches the schema and
the whole-flow checks), and random documents. Deterministic (derandomize), with explicit example
counts and deadlines; CLEARCALL_FUZZ_SCALE=N runs N times the examples with a random seed, for a
longer local hunt. Crashers found are kept in tests/fixtures/fuzz/ (test_fuzz_corpus.py).
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from bot.flow.errors import DocumentError, FlowError
from bot.flow.loader import MAX_DEPTH, YamlDocument, load_flow, load_flow_text
from bot.flow.schema import Flow
from bot.sim.cases import Case, CasesError, load_cases
from tests.unit.fuzz_settings import fuzz

BOUND = 3.0  # seconds one load may take; shipped flows load in ~10 ms

FLOWS = Path(__file__).resolve().parents[2] / "flows"
SHIPPED = [path.read_text(encoding="utf-8") for path in sorted(FLOWS.glob("*.yaml"))]
SHIPPED_CASES = [path.read_text(encoding="utf-8") for path in sorted(FLOWS.glob("cases/*.yaml"))]
SHIPPED_DATA = [YamlDocument.parse(text, "flow").data for text in SHIPPED]
SHIPPED_CASES_DATA = [YamlDocument.parse(text, "cases").data for text in SHIPPED_CASES]
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
LINE_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")  # what PyYAML counts as a new line

# YAML's indicators, tags, directives and values that trip up constructors.
SPECIALS = [
    *"-?:,[]{}#&*!|>'\"%@`\\\t\n\r",
    "\x00",
    "\x07",
    "\ufeff",
    "\x85",
    "\u2028",
    "\ud800",
    ": ",
    "- ",
    "? ",
    "<<: ",
    "<< ",
    "=",
    "~",
    "&a ",
    "*a",
    "&b [*a, *a] ",
    "!!python/object:os.system ",
    "!!python/name:os.system ",
    "!!binary ",
    "!!binary abc ",
    "!!int ",
    "!!float ",
    "!!bool ",
    "!!timestamp ",
    "!!set ",
    "!!omap ",
    "!!map ",
    "!!seq ",
    "!!str ",
    "!!null ",
    "!!merge ",
    "!!value ",
    "!local ",
    "! ",
    "!<tag:x> ",
    "%YAML 1.1\n",
    "%YAML 2.0\n",
    "%TAG !e! tag:yaml.org,2002:\n",
    "---\n",
    "...\n",
    "0b_",
    "0x_",
    "-0x",
    "1_",
    "._",
    "1:2:3",
    ".nan",
    ".inf",
    "1e999",
    "9" * 5000,
    "0x" + "f" * 5000,
    ":".join(["59"] * 40),
    "1.0e99999",
    "[" * (MAX_DEPTH + 10),
    "{a: " * (MAX_DEPTH + 10),
    "- " * (MAX_DEPTH + 10),
    "yes",
    "no",
    "on",
    "null",
]


@st.composite
def mutated_text(draw: st.DrawFn, texts: list[str]) -> str:
    """One of ``texts`` with one to four edits."""
    text = draw(st.sampled_from(texts))
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(["special", "char", "delete", "flip", "line"]))
        if edit == "special":
            text = text[:pos] + draw(st.sampled_from(SPECIALS)) + text[pos:]
        elif edit == "char":
            text = text[:pos] + draw(st.characters(codec=None, exclude_categories=())) + text[pos:]
        elif edit == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 40)) :]
        elif edit == "flip" and pos < len(text):
            bit = 1 << draw(st.integers(0, 7))
            text = text[:pos] + chr(ord(text[pos]) ^ bit) + text[pos + 1 :]
        else:  # repeat or drop a whole line: duplicate keys, broken indentation
            lines = text.splitlines(keepends=True)
            at = draw(st.integers(0, len(lines) - 1))
            lines[at : at + 1] = [lines[at]] * draw(st.integers(0, 2))
            text = "".join(lines)
    return text


@st.composite
def mutated_bytes(draw: st.DrawFn, texts: list[str]) -> bytes:
    """One of ``texts`` as UTF-8 with bytes flipped, dropped or inserted (invalid UTF-8, BOMs)."""
    data = bytearray(draw(st.sampled_from(texts)).encode("utf-8"))
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(data) - 1))
        edit = draw(st.sampled_from(["flip", "delete", "insert"]))
        if edit == "flip":
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif edit == "delete":
            del data[pos : pos + draw(st.integers(1, 8))]
        else:
            data[pos:pos] = draw(
                st.sampled_from([b"\xef\xbb\xbf", b"\xff", b"\xc3", b"\x00", b"\xed\xa0\x80"])
            )
    return bytes(data)


NAMES = ["greet", "book", "opening", "end", "goto", "yes", "no", "no_match", "no_input", "{contact.x}"]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["", "yes", "no", "goto", "end", "greet", "{contact.first_name}", "5s", "0", "-1", "9"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=10), SCALARS), inner, max_size=4),
    ),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    paths = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            paths += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            paths += _paths(item, (*prefix, index))
    return paths


@st.composite
def mutated_data(draw: st.DrawFn, documents: list[Any]) -> str:
    """One of ``documents`` with values replaced, keys dropped or renamed, dumped as YAML."""
    data = copy.deepcopy(draw(st.sampled_from(documents)))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(data)[1:]))
        parent = data
        for segment in path[:-1]:
            parent = parent[segment]
        last = path[-1]
        edit = draw(st.sampled_from(["text", "replace", "replace", "drop", "rename"]))
        if edit == "text":  # keeps the shape, so the whole-flow checks run on odd names and texts
            parent[last] = draw(st.one_of(st.text(max_size=20), st.sampled_from(NAMES)))
        elif edit == "replace":
            parent[last] = draw(VALUES)
        elif edit == "drop":
            del parent[last]
        elif isinstance(parent, dict):
            parent[draw(st.one_of(st.text(max_size=12), SCALARS))] = parent.pop(last)
    return yaml.dump(data, Dumper=DUMPER, allow_unicode=draw(st.booleans()), sort_keys=False)


def assert_clean(load: Callable[[], Any], error_type: type[DocumentError], source: str, text: str) -> Any:
    """``load`` returns or raises ``error_type`` whose every issue is in ``source``, at a line of it."""
    lines = sum(text.count(mark) for mark in LINE_BREAKS) + 1
    started = time.perf_counter()
    result = None
    try:
        result = load()
    except error_type as error:
        assert error.issues
        for issue in error.issues:
            assert issue.file == source, issue
            assert 1 <= issue.line <= lines, (issue, lines)
            assert issue.column >= 1, issue
            assert issue.message, issue
        shown = str(error).split("\n")
        assert len(shown) == len(error.issues), "one issue per line"
        assert all(line.startswith(f"{source}:") for line in shown)
        assert all(len(line) < len(source) + 1000 for line in shown), "a message quotes a whole input"
    assert time.perf_counter() - started < BOUND
    return result


def check_flow_text(text: str) -> None:
    flow = assert_clean(lambda: load_flow_text(text, "fuzz.yaml"), FlowError, "fuzz.yaml", text)
    assert flow is None or isinstance(flow, Flow)


def check_file(path: Path, data: bytes) -> None:
    """Load ``data`` as a flow file and as a cases file."""
    path.write_bytes(data)
    text = data.decode("utf-8", errors="replace")
    flow = assert_clean(lambda: load_flow(path), FlowError, str(path), text)
    assert flow is None or isinstance(flow, Flow)
    cases = assert_clean(lambda: load_cases(path), CasesError, str(path), text)
    assert cases is None or (cases and all(isinstance(case, Case) for case in cases))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz_yaml")


# ---- flow files -------------------------------------------------------------------------------------
@fuzz(250)
@given(mutated_text(SHIPPED))
def test_mutated_flows_load_or_fail_cleanly(text: str) -> None:
    check_flow_text(text)


@fuzz(150)
@given(mutated_data(SHIPPED_DATA))
def test_flows_with_random_values_load_or_fail_cleanly(text: str) -> None:
    check_flow_text(text)


@fuzz(150)
@given(
    st.one_of(st.text(max_size=200), VALUES.map(lambda v: yaml.dump(v, Dumper=DUMPER, allow_unicode=True)))
)
def test_random_documents_load_or_fail_cleanly(text: str) -> None:
    check_flow_text(text)


def test_files_with_random_bytes_load_or_fail_cleanly(scratch: Path) -> None:
    path = scratch / "bytes.yaml"

    @fuzz(80)
    @given(mutated_bytes(SHIPPED + SHIPPED_CASES))
    def check(data: bytes) -> None:
        check_file(path, data)

    check()


@pytest.mark.parametrize("path", sorted(FLOWS.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_flows_still_load(path: Path) -> None:
    assert isinstance(load_flow(path), Flow)


# ---- cases files ------------------------------------------------------------------------------------
def test_mutated_cases_load_or_fail_cleanly(scratch: Path) -> None:
    path = scratch / "mutated.cases.yaml"

    @fuzz(200)
    @given(mutated_text(SHIPPED_CASES))
    def check(text: str) -> None:
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        cases = assert_clean(lambda: load_cases(path), CasesError, str(path), text)
        assert cases is None or all(isinstance(case, Case) for case in cases)

    check()


def test_cases_with_random_values_load_or_fail_cleanly(scratch: Path) -> None:
    path = scratch / "values.cases.yaml"

    @fuzz(150)
    @given(mutated_data(SHIPPED_CASES_DATA))
    def check(text: str) -> None:
        path.write_text(text, encoding="utf-8")
        cases = assert_clean(lambda: load_cases(path), CasesError, str(path), text)
        assert cases is None or all(isinstance(case, Case) for case in cases)

    check()


@pytest.mark.parametrize("path", sorted(FLOWS.glob("cases/*.yaml")), ids=lambda p: p.name)
def test_shipped_cases_still_load(path: Path) -> None:
    assert load_cases(path)
