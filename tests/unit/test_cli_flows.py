"""The flow authors' commands: `flows check`, `flows graph`, `flows test`, `simulate`."""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import flows as cli_flows
from bot.sim.cases import CasesError, load_cases

ROOT = Path(__file__).resolve().parents[2]
FLOWS = ROOT / "flows"
SURVEY = FLOWS / "survey_ko.yaml"
SALES = FLOWS / "sales_followup_en.yaml"

BROKEN = """\
name: broken
language: en
voice: en-us
identity: {company: Acme, purpose: testing, callback_number: "+1 202 555 0100"}
start: greet
states:
  greet:
    sya: Hello
    next: {end: Bye.}
"""


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli_flows.main(argv)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_register_adds_the_commands_to_a_parser() -> None:
    parser = argparse.ArgumentParser()
    cli_flows.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["flows", "check", "a.yaml", "b.yaml"])
    assert args.func is cli_flows.cmd_check and args.files == [Path("a.yaml"), Path("b.yaml")]
    assert args.no_tts is False and args.dialplans is None
    args = parser.parse_args(["flows", "check", "--no-tts", "--dialplans", "dp", "a.yaml"])
    assert args.no_tts is True and args.dialplans == Path("dp")
    args = parser.parse_args(["simulate", "x.yaml", "--contact", "first_name=Ann", "--contact", "note=a=b"])
    assert args.func is cli_flows.cmd_simulate and args.contact == [("first_name", "Ann"), ("note", "a=b")]
    assert parser.parse_args(["flows", "graph", "x.yaml", "--format", "dot"]).format == "dot"
    assert parser.parse_args(["flows", "test", "x.yaml", "--cases", "c.yaml"]).func is cli_flows.cmd_test
    with pytest.raises(SystemExit):
        parser.parse_args(["simulate", "x.yaml", "--contact", "no-equals-sign"])


# ---- flows check ------------------------------------------------------------------------------------
def test_check_ok(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["flows", "check", "--no-tts", str(SURVEY), str(SALES)], capsys)
    assert code == 0
    assert out.splitlines() == [f"{SURVEY}: ok", f"{SALES}: ok"]


def test_check_broken_reports_lines_and_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    code, out = run(["flows", "check", "--no-tts", str(broken), str(SURVEY)], capsys)
    assert code == 1
    assert f"{broken}:8:5: unknown key 'sya'; did you mean 'say'?" in out.splitlines()
    assert f"{SURVEY}: ok" in out.splitlines()


def test_check_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["flows", "check", "--no-tts", str(tmp_path / "nope.yaml")], capsys)
    assert code == 1 and "cannot read the flow file" in out


# ---- flows graph ------------------------------------------------------------------------------------
def test_graph_mermaid_and_dot(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["flows", "graph", str(SALES)], capsys)
    assert code == 0 and out.startswith("flowchart TD\n")
    for state in ("greet", "greet_again", "pick_time", "book", "booking_failed"):
        assert f's_{state}["{state}"]' in out
    code, out = run(["flows", "graph", str(SURVEY), "--format", "dot"], capsys)
    assert (
        code == 0
        and out.startswith('digraph "survey_ko" {')
        and 's_ask_interest [label="ask_interest"];' in out
    )


def test_graph_of_a_broken_flow(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    code, out = run(["flows", "graph", str(broken)], capsys)
    assert code == 1 and ":8:5: unknown key 'sya'" in out


# ---- flows test -------------------------------------------------------------------------------------
@pytest.mark.parametrize("flow", [SURVEY, SALES], ids=lambda path: path.stem)
def test_shipped_cases_pass(flow: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = FLOWS / "cases" / f"{flow.stem}.cases.yaml"
    code, out = run(["flows", "test", str(flow), "--cases", str(cases)], capsys)
    lines = out.splitlines()
    assert code == 0, out
    assert lines[-1] == f"{len(lines) - 1} passed, 0 failed"
    assert all(line.startswith("PASS  ") for line in lines[:-1])


def test_a_wrong_expectation_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "- name: right\n  caller: [{say: 네}]\n  disposition: interested\n"
        "- name: wrong\n  caller: [{say: 네}]\n  disposition: not_interested\n"
        "  path: [ask_interest, nowhere]\n",
        encoding="utf-8",
    )
    code, out = run(["flows", "test", str(SURVEY), "--cases", str(cases)], capsys)
    lines = out.splitlines()
    assert code == 1
    assert lines[0] == "PASS  right"
    assert lines[1].startswith("FAIL  wrong: ")
    assert "'nowhere' is not a state of flow survey_ko" in lines[1]
    assert "disposition: expected 'not_interested', got 'interested'" in lines[1]
    assert "path: expected ['ask_interest', 'nowhere'], got ['ask_interest']" in lines[1]
    assert lines[2] == "1 passed, 1 failed"


def test_turns_the_call_never_reached_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text("- name: too many\n  caller: [{say: 네}, {say: 예}]\n", encoding="utf-8")
    code, out = run(["flows", "test", str(SURVEY), "--cases", str(cases)], capsys)
    assert code == 1 and "the call ended (in ask_interest) before the caller could: say '예'" in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: not a list\n", "expected a list of cases"),
        ("- name: x\n  caller: [{say: hi, press: '1'}]\n", "exactly one of say, press"),
        ("- name: x\n  dispositon: booked\n", "dispositon: Extra inputs are not permitted"),
        ("- name: x\n  caller: [{say: 'unclosed}]\n", "YAML syntax error"),
    ],
)
def test_an_unusable_cases_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(text, encoding="utf-8")
    code, out = run(["flows", "test", str(SURVEY), "--cases", str(cases)], capsys)
    assert code == 2 and message in out


def test_cases_read_yes_and_no_as_text(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "- name: x\n  contact: {first_name: 42}\n"
        "  caller: [{say: no}, {say: yes}, {press: 9}]\n  opted_out: false\n",
        encoding="utf-8",
    )
    [case] = load_cases(cases)
    assert [t.say or t.press for t in case.caller] == ["no", "yes", "9"]
    assert case.contact == {"first_name": "42"} and case.opted_out is False
    with pytest.raises(CasesError):
        load_cases(tmp_path / "missing.yaml")


# ---- simulate ---------------------------------------------------------------------------------------
def simulate(
    argv: list[str], stdin: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return run(["simulate", *argv], capsys)


def test_simulate_a_conversation(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    argv = [str(SALES), "--contact", "first_name=Ann", "--contact", "product=solar panels"]
    code, out = simulate(argv, "yes\n\nin the morning\n", capsys, monkeypatch)
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "[contact: first_name=Ann, product=solar panels]"
    assert lines[1].startswith("bot: This is an automated assistant for Acme Solar about your solar quote.")
    assert lines[2:5] == [
        "[opening -> greet]",
        "bot: Hi Ann, you asked us for a quote for solar panels. Are you still interested?",
        "caller: yes",
    ]
    assert "[greet -> pick_time via yes]" in lines
    assert "caller: (silence)" in lines and "[pick_time -> pick_time via no_input, retry]" in lines
    assert "[pick_time -> book via morning]" in lines and "[book -> ended via next]" in lines
    assert (
        lines[-1]
        == "call ended: disposition=booked end_state=book opted_out=no fields=slot:morning hangup=bot"
    )


@pytest.mark.parametrize(
    ("stdin", "ending"),
    [
        ("#9\n", "call ended: disposition=- end_state=ask_interest opted_out=yes hangup=bot"),
        ("\n\n", "call ended: disposition=no_answer end_state=ask_interest opted_out=no hangup=bot"),
        ("/hangup\n", "call ended: disposition=- end_state=ask_interest opted_out=no hangup=caller"),
        ("", "call ended: disposition=- end_state=ask_interest opted_out=no hangup=caller"),
    ],
    ids=["key-9", "silences", "hangup", "end-of-input"],
)
def test_simulate_keys_silence_and_hangup(
    stdin: str, ending: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out = simulate([str(SURVEY)], stdin, capsys, monkeypatch)
    assert code == 0 and out.splitlines()[-1] == ending
    if stdin == "#9\n":
        assert "[ask_interest -> opted_out via opt_out]" in out


def test_simulate_a_broken_flow(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    code, out = simulate([str(broken)], "", capsys, monkeypatch)
    assert code == 1 and "unknown key 'sya'" in out


def test_simulate_reads_a_real_pipe() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli.flows", "simulate", str(SURVEY)],
        input="글쎄요\n네\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "bot: 죄송합니다. 네 또는 아니요로 말씀해 주세요." in lines
    assert "[ask_interest -> ended via yes]" in lines
    assert lines[-1].startswith("call ended: disposition=interested end_state=ask_interest opted_out=no")
