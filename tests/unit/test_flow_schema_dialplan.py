"""`flows check` and the dialplans: an extension that runs a flow must not need contact data."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import flows as cli_flows
from bot.flow.dialplan import StasisEntry, stasis_entries

ROOT = Path(__file__).resolve().parents[2]
FLOWS = ROOT / "flows"
DIALPLAN = ROOT / "dialplans" / "clearcall.conf"

NEEDY = """\
name: needy
language: en
voice: en-us
identity: {company: Acme, purpose: testing, callback_number: "+1 202 555 0100"}
contact:
  fields:
    first_name: {sample: Ann}
    day: {default: soon}
start: s
states:
  s:
    say: Hi {contact.first_name}, see you {contact.day}.
    next: {end: Bye.}
"""


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli_flows.main(argv)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_stasis_lines_of_the_shipped_dialplan() -> None:
    entries = stasis_entries(DIALPLAN.read_text(encoding="utf-8"), "clearcall.conf")
    assert [(e.extension, e.flow) for e in entries] == [
        ("100", "sales_followup_en"),
        ("101", "appointment_reminder_en"),
        ("200", "survey_ko"),
        ("300", "sales_followup_zh"),
        ("900", "opening_only"),
    ]
    assert entries[0] == StasisEntry("clearcall.conf", 7, "clearcall-phone", "100", "sales_followup_en")


def test_stasis_parsing_details() -> None:
    text = (
        "[ctx] ; a comment\n"
        "exten => 5,1,Stasis(clearcall,one) ; same line\n"
        "exten = _X.,1,NoOp()\n"
        " same => n,stasis( clearcall , two, extra)\n"
        "; exten => 6,1,Stasis(clearcall,commented)\n"
        "exten => 7,1,Stasis(otherapp,three)\n"
        "[other]\n"
        "exten => s,1,Set(X=a\\;b)\n"
        " same => n,Stasis(clearcall,four)\n"
    )
    entries = stasis_entries(text, "x.conf")
    assert [(e.line, e.context, e.extension, e.flow) for e in entries] == [
        (2, "ctx", "5", "one"),
        (4, "ctx", "_X.", "two"),
        (9, "other", "s", "four"),
    ]


def test_the_shipped_flows_and_dialplans_check_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(["flows", "check", "--no-tts", *map(str, sorted(FLOWS.glob("*.yaml")))], capsys)
    assert code == 0, out
    assert all(line.endswith(": ok") for line in out.splitlines())


def _project(tmp_path: Path, flow: str, dialplan: str) -> tuple[Path, Path]:
    (tmp_path / "flows").mkdir()
    (tmp_path / "dialplans").mkdir()
    path = tmp_path / "flows" / "needy.yaml"
    path.write_text(flow, encoding="utf-8")
    conf = tmp_path / "dialplans" / "phones.conf"
    conf.write_text(dialplan, encoding="utf-8")
    return path, conf


def test_an_extension_running_a_flow_that_needs_contact_data_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dialplan = (
        "[phones]\nexten => 100,1,NoOp(needy)\n same => n,Stasis(clearcall,needy)\n same => n,Hangup()\n"
    )
    path, conf = _project(tmp_path, NEEDY, dialplan)
    code, out = run(["flows", "check", "--no-tts", str(path)], capsys)
    assert code == 1
    assert out.splitlines() == [
        f"{path}: ok",
        f"{conf}:3: extension 100 in [phones] runs flow needy, which needs contact field 'first_name' (no "
        f"default), but a call from the dialplan has no contact data; give 'first_name' a default in {path}",
    ]
    # With a default the extension is fine.
    path.write_text(NEEDY.replace("{sample: Ann}", "{default: there, sample: Ann}"), encoding="utf-8")
    assert run(["flows", "check", "--no-tts", str(path)], capsys)[0] == 0


def test_dialplans_option_and_unknown_flows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, conf = _project(tmp_path, NEEDY, "[p]\nexten => 1,1,Stasis(clearcall,nowhere)\n")
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "a.conf").write_text("[p]\nexten => 2,1,Stasis(clearcall,needy)\n", encoding="utf-8")
    code, out = run(["flows", "check", "--no-tts", "--dialplans", str(other), str(path)], capsys)
    assert code == 1 and f"{other / 'a.conf'}:2: extension 2 in [p] runs flow needy" in out
    assert "nowhere" not in out
    code, out = run(["flows", "check", "--no-tts", str(path)], capsys)  # the default: ../dialplans
    assert code == 1
    assert f"{conf}:2: extension 1 in [p] runs flow 'nowhere', but there is no nowhere.yaml" in out
    code, out = run(["flows", "check", "--no-tts", "--dialplans", str(tmp_path / "no"), str(path)], capsys)
    assert code == 1 and "no such dialplans folder" in out
