"""The flow loader reports every problem at its line, with a hint of what to change."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.errors import ClearcallError
from bot.flow.errors import FlowError, FlowIssue
from bot.flow.loader import load_flow, load_flow_text

FIXTURES = Path(__file__).parent / "fixtures" / "flows"

HEADER = """\
name: inline
language: en
voice: en-us
identity: {company: Acme, purpose: testing, callback_number: "+1 202 555 0100"}
"""


def issues_of(fixture: str) -> list[FlowIssue]:
    with pytest.raises(FlowError) as caught:
        load_flow(FIXTURES / fixture)
    return caught.value.issues


def text_issues(text: str) -> list[FlowIssue]:
    with pytest.raises(FlowError) as caught:
        load_flow_text(text, "inline.yaml")
    return caught.value.issues


def at(issues: list[FlowIssue], line: int) -> list[str]:
    """The issues on one line, as ``str(issue)`` without the file name."""
    return [str(issue).split(":", 1)[1] for issue in issues if issue.line == line]


# fixture, line, column, words the message must contain (message and hint)
CASES = [
    ("syntax_error.yaml", 9, 10, ["YAML syntax error", "quoted scalar", "not closed"]),
    ("tab_indent.yaml", 4, 1, ["YAML syntax error", "indent with spaces"]),
    ("wrong_type.yaml", 8, 20, ["callback_number: expected text", 'put it in quotes: "2025550100"']),
    ("wrong_type.yaml", 13, 15, ["barge_in: expected true or false", "'maybe'"]),
    ("wrong_type.yaml", 20, 18, ["retries: expected a whole number", "'two'"]),
    ("unknown_key.yaml", 8, 5, ["unknown key 'sya'", "did you mean 'say'?"]),
    ("dangling_goto.yaml", 13, 19, ["goto 'boook'", "no state named 'boook'", "did you mean 'book'?"]),
    ("unreachable_state.yaml", 10, 3, ["state 'forgotten' can never be reached", "add a goto to it"]),
    ("no_way_out.yaml", 17, 3, ["state 'again' has no way out", "end` or `transfer`"]),
    ("no_way_out.yaml", 20, 3, ["state 'again_and_again' has no way out"]),
    ("unknown_variable.yaml", 9, 14, ["variable {contact.firstname}", "did you mean {contact.first_name}?"]),
    ("unknown_variable.yaml", 13, 19, ["variable {contact.order_id}", "declare it under contact.fields"]),
    ("bad_duration.yaml", 10, 16, ["'6' is not a duration", "e.g. '6s'"]),
    ("bad_duration.yaml", 15, 60, ["duration '10m' must be more than 0 and at most 5m"]),
    ("reserved_opt_out.yaml", 12, 9, ["'opt_out' is reserved and cannot be an intent name"]),
    ("reserved_opt_out.yaml", 15, 7, ["`on: opt_out` is not allowed", "set optout.goodbye"]),
    ("reserved_opt_out.yaml", 17, 3, ["'opt_out' is reserved", "rename it"]),
    ("opening_missing_key.yaml", 5, 10, ["opening", "lacks {optout.key}", "add {optout.key}"]),
]


@pytest.mark.parametrize(("fixture", "line", "column", "words"), CASES)
def test_error_is_reported_at_its_line(fixture: str, line: int, column: int, words: list[str]) -> None:
    issues = issues_of(fixture)
    here = [issue for issue in issues if issue.line == line]
    assert here, f"no issue on line {line}; got:\n" + "\n".join(map(str, issues))
    issue = here[0]
    assert issue.column == column
    assert issue.file == str(FIXTURES / fixture)
    for word in words:
        assert word in str(issue)


@pytest.mark.parametrize("fixture", sorted({case[0] for case in CASES}))
def test_fixture_reports_exactly_the_expected_lines(fixture: str) -> None:
    expected = {line for name, line, _, _ in CASES if name == fixture}
    extra = {"dangling_goto.yaml": {15}}  # the state the typo meant to reach is unreachable too
    assert {issue.line for issue in issues_of(fixture)} == expected | extra.get(fixture, set())


def test_all_schema_problems_are_collected() -> None:
    issues = issues_of("many_problems.yaml")
    assert [issue.line for issue in issues] == [2, 3, 11, 13]
    assert "e.g. 'many_problems'" in str(issues[0])
    assert "use one of 'en', 'zh' or 'ko'" in str(issues[1])
    assert "exactly one of goto, end or transfer" in str(issues[2])
    assert "write {goto: book}" in str(issues[3])


def test_error_text_is_one_issue_per_line() -> None:
    with pytest.raises(FlowError) as caught:
        load_flow(FIXTURES / "no_way_out.yaml")
    error = caught.value
    assert isinstance(error, ClearcallError)
    lines = str(error).splitlines()
    assert len(lines) == len(error.issues) == 2
    assert lines[0].startswith(f"{FIXTURES / 'no_way_out.yaml'}:17:3: state 'again' has no way out")


def test_missing_file_is_a_flow_error(tmp_path: Path) -> None:
    with pytest.raises(FlowError, match="cannot read the flow file"):
        load_flow(tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "must be a mapping of keys, found nothing"),
        ("- a\n- b\n", 1, "must be a mapping of keys, found a list"),
        ("name: x\nname: y\n", 2, "key 'name' appears twice"),
        ("name: x\nstates: {a: *nowhere}\n", 2, "found undefined alias"),
        ("name: x\nstart: a\n", 1, "missing required key 'identity'"),
    ],
)
def test_document_level_problems(text: str, line: int, words: str) -> None:
    assert any(words in message for message in at(text_issues(text), line))


def _flow(states: str, extra: str = "") -> str:
    return HEADER + extra + "start: greet\nstates:\n" + states


def test_yes_no_and_on_are_text_not_booleans() -> None:
    # YAML 1.1 would read `yes:`, `no:` and `on:` as booleans; flows rely on them as keys.
    flow = load_flow_text(
        _flow(
            "  greet:\n    say: Hi\n    listen:\n      intents: {yes: [yes], no: [no]}\n"
            "    on:\n      yes: {end: Good}\n      no: {end: Bad}\n      no_match: {goto: greet}\n"
        ),
        "inline.yaml",
    )
    state = flow.states[flow.start]
    assert state.listen is not None
    assert list(state.listen.intents) == ["yes", "no"]
    assert state.grammar_phrases() == ["yes", "no"]


LISTEN_AND_NEXT = "  greet:\n    say: Hi\n    listen:\n      intents: {yes: [yes]}\n    next: {end: Bye}\n"
ON_WITHOUT_LISTEN = "  greet:\n    say: Hi\n    on: {yes: {end: Bye}}\n    next: {end: Bye}\n"


@pytest.mark.parametrize(
    ("states", "line", "words"),
    [
        (LISTEN_AND_NEXT, 11, "not `next`"),
        (ON_WITHOUT_LISTEN, 9, "`on:` needs `listen:`"),
        ("  greet:\n    say: Hi\n", 7, "needs `next:`"),
        ("  greet:\n    say: Hi\n    play: hi.wav\n    next: {end: Bye}\n", 9, "`say` or `play`, not both"),
        ("  greet:\n    next: {say: Bye}\n", 8, "needs one of `goto: STATE`"),
        ("  greet:\n    next: {transfer: {context: agents}}\n", 8, "both `context` and `extension`"),
        ("  greet:\n    next: {end: Bye, set: {disposition: Booked}}\n", 8, "'Booked' is not a valid name"),
        ("  greet:\n    next: {goto: greet}\n", 7, "has no way out"),
        (
            "  greet:\n    next: {goto: opening}\n  opening:\n    next: {end: Bye}\n",
            9,
            "reserved for the engine",
        ),
        ("  greet:\n    next: {goto: a__listen}\n  a__listen:\n    next: {end: Bye}\n", 9, "reserved"),
    ],
)
def test_state_shape_problems(states: str, line: int, words: str) -> None:
    issues = text_issues(_flow(states))
    assert any(words in message for message in at(issues, line)), issues


LISTENING = """\
  greet:
    say: Yes or no?
    listen:
      intents:
        yes: ["yes", "sure"]
        no: ["no", "sure", "stop calling me"]
    on:
      yes: {end: Good}
      nope: {end: Bad}
      no_input: {retries: 1, then: {end: Bye}}
"""


def test_listening_state_problems() -> None:
    issues = text_issues(_flow(LISTENING))
    assert any("intent 'no' has no entry under `on:`" in m for m in at(issues, 12))
    assert any("'sure' of intent 'no' is also a phrase of intent 'yes'" in m for m in at(issues, 12))
    assert any("'stop calling me' is an opt-out phrase" in m for m in at(issues, 12))
    assert any("'nope' is not an intent of state 'greet'; did you mean 'no'?" in m for m in at(issues, 15))
    assert any("no `no_match:`" in m for m in at(issues, 13))


def test_start_must_name_a_state() -> None:
    text = HEADER + "start: gret\nstates:\n  greet:\n    say: Hi\n    next: {end: Bye}\n"
    messages = at(text_issues(text), 5)
    assert any("start state 'gret' does not exist; did you mean 'greet'?" in m for m in messages)


def test_play_file_must_exist_next_to_the_flow(tmp_path: Path) -> None:
    flow_file = tmp_path / "f.yaml"
    flow_file.write_text(_flow("  greet:\n    play: sounds/hi.wav\n    next: {end: Bye}\n"), encoding="utf-8")
    with pytest.raises(FlowError, match=r"sound file 'sounds/hi\.wav' not found"):
        load_flow(flow_file)
    (tmp_path / "sounds").mkdir()
    (tmp_path / "sounds" / "hi.wav").write_bytes(b"RIFF")
    flow = load_flow(flow_file)
    assert flow.sound_path("greet") == tmp_path / "sounds" / "hi.wav"


def test_unclosed_brace_is_pointed_at() -> None:
    text = _flow(
        "  greet:\n    say: Hi {contact.x and bye\n    next: {end: Bye}\n", "contact: {fields: {x: {}}}\n"
    )
    issues = text_issues(text)
    assert [(i.line, i.column) for i in issues] == [(9, 13)]
    assert "'{' is never closed" in issues[0].message


def test_anchors_and_merge_keys_work() -> None:
    text = _flow(
        "  greet:\n    say: Hi\n    listen: {intents: {yes: [yes]}}\n"
        "    on:\n      yes: {goto: second}\n      no_match: &retry {retries: 2, then: {end: Bye}}\n"
        "  second:\n    say: Again\n    listen: {intents: {yes: [yes]}}\n"
        "    on:\n      yes: {end: Good}\n      no_match:\n        <<: *retry\n        retries: 0\n"
    )
    flow = load_flow_text(text, "inline.yaml")
    first, second = flow.states["greet"].fallback("no_match"), flow.states["second"].fallback("no_match")
    assert (getattr(first, "retries", None), getattr(second, "retries", None)) == (2, 0)


def test_intent_phrase_the_optout_detector_would_catch() -> None:
    # Bare 取消 ("cancel") opts out in Chinese, so it can never reach a `cancel` intent.
    text = (
        HEADER.replace("language: en", "language: zh").replace("voice: en-us", "voice: cmn")
        + "start: ask\nstates:\n  ask:\n    say: 您要取消预约吗？\n    listen:\n      intents:\n"
        + "        cancel: [取消, 取消预约]\n        keep: [保留]\n"
        + "    on:\n      cancel: {end: 好的}\n      keep: {end: 好的}\n      no_match: {end: 再见}\n"
    )
    issues = text_issues(text)
    assert [(issue.line, issue.column) for issue in issues] == [(11, 18)]
    assert "'取消' is an opt-out phrase" in issues[0].message
