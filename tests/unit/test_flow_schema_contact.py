"""Contact data: declared fields, defaults and samples; the bot never speaks a blank."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from bot.cli import flows as cli_flows
from bot.flow.contact import missing_contact_fields, sample_contact
from bot.flow.errors import FlowError, FlowIssue
from bot.flow.loader import load_flow, load_flow_text
from bot.flow.schema import Flow
from bot.sim import SimulatedCall, run_virtual

FLOWS = Path(__file__).resolve().parents[2] / "flows"
SHIPPED = sorted(FLOWS.glob("*.yaml"))

HEADER = """\
name: inline
language: en
voice: en-us
identity: {company: Acme, purpose: testing, callback_number: "+1 202 555 0100"}
"""
FIELDS = """\
contact:
  fields:
    first_name: {sample: Ann}
    slot: {default: tomorrow, sample: Tuesday at 3 pm}
    account: {required: false}
    nickname: {required: false, default: friend}
"""


def flow_with(fields: str = FIELDS, say: str = "Hi {contact.first_name}, see you {contact.slot}.") -> str:
    return f"{HEADER}{fields}start: s\nstates:\n  s:\n    say: {say}\n    next: {{end: Bye.}}\n"


def issues(text: str) -> list[FlowIssue]:
    with pytest.raises(FlowError) as caught:
        load_flow_text(text, "inline.yaml")
    return caught.value.issues


@pytest.fixture
def flow() -> Flow:
    return load_flow_text(flow_with(), "inline.yaml")


# ---- missing_contact_fields: what the dialer asks before dialling -------------------------------------
def test_missing_contact_fields(flow: Flow) -> None:
    assert missing_contact_fields(flow, {}) == ["first_name"]
    assert missing_contact_fields(flow, None) == ["first_name"]
    assert missing_contact_fields(flow, {"first_name": "  "}) == ["first_name"]  # blank is missing
    assert missing_contact_fields(flow, {"first_name": None}) == ["first_name"]
    assert missing_contact_fields(flow, {"first_name": "Ann"}) == []
    assert missing_contact_fields(flow, {"first_name": 7}) == []


def test_missing_fields_come_in_the_flow_order() -> None:
    fields = "contact:\n  fields:\n    b: {}\n    a: {}\n    c: {default: x}\n"
    flow = load_flow_text(flow_with(fields, "Hi {contact.a} {contact.b} {contact.c}."))
    assert missing_contact_fields(flow, {"c": ""}) == ["b", "a"]


def test_a_flow_without_contact_fields_needs_nothing() -> None:
    flow = load_flow_text(flow_with("", "Hello."))
    assert missing_contact_fields(flow, {}) == [] and sample_contact(flow) == {}


# ---- values: the contact's, else the default ---------------------------------------------------------
def test_values_fall_back_to_the_default(flow: Flow) -> None:
    say = flow.states["s"].say or ""
    assert flow.render(say, {"first_name": "Ann", "slot": "Friday"}) == "Hi Ann, see you Friday."
    assert flow.render(say, {"first_name": " Bo "}) == "Hi Bo, see you tomorrow."
    assert flow.render(say, {"first_name": "Bo", "slot": ""}) == "Hi Bo, see you tomorrow."
    assert flow.contact_values({"first_name": "Bo"})["nickname"] == "friend"
    assert sample_contact(flow) == {"first_name": "Ann", "slot": "Tuesday at 3 pm"}


# ---- load errors ------------------------------------------------------------------------------------
SAY_LINE, SAY_COLUMN = 14, 10  # where flow_with() puts the text of `say:`


def test_an_undeclared_field_is_refused_at_its_place() -> None:
    say = "Hi {contact.firstname}, see you {contact.day}."
    typo, unknown = issues(flow_with(say=say))
    assert (typo.line, typo.column) == (SAY_LINE, SAY_COLUMN + say.index("{contact.firstname}"))
    assert "unknown variable {contact.firstname}" in typo.message
    assert "did you mean {contact.first_name}" in typo.hint
    assert (unknown.line, unknown.column) == (SAY_LINE, SAY_COLUMN + say.index("{contact.day}"))
    assert "declare it under contact.fields" in unknown.hint


def test_a_field_that_may_be_blank_cannot_be_spoken() -> None:
    [issue] = issues(flow_with(say="Your account {contact.account}."))
    assert (issue.line, issue.column) == (SAY_LINE, SAY_COLUMN + len("Your account "))
    assert "may be blank" in issue.message and "give contact field 'account' a default" in issue.hint
    load_flow_text(flow_with(say="Hi {contact.nickname}."))  # optional, but with a default: fine


def test_required_with_a_default_is_a_contradiction() -> None:
    fields = "contact:\n  fields:\n    slot: {required: true, default: soon}\n"
    [issue] = issues(flow_with(fields, "See you {contact.slot}."))
    assert (issue.line, issue.column) == (7, 12)  # at `required`
    assert "cannot be required" in issue.message


def test_the_old_contact_fields_key_points_to_the_new_one() -> None:
    [issue] = issues(flow_with("contact_fields: [first_name]\n", "Hi."))
    assert "unknown key 'contact_fields'" in issue.message and "did you mean 'contact'" in issue.hint


# ---- the shipped flows --------------------------------------------------------------------------------
@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_shipped_flows_never_speak_a_blank(path: Path) -> None:
    flow = load_flow(path)
    # Every shipped flow is on a dialplan extension (no contact data): each field has a default.
    assert missing_contact_fields(flow, {}) == []
    # Blank values stand for no contact data (the simulator would fill in the samples otherwise).
    no_data = {name: "" for name in flow.contact.fields}
    for contact in (no_data, sample_contact(flow)):
        lines = run_virtual(_silent_call(flow, contact))
        assert len(lines) >= 2
        for line in lines:
            assert " ," not in line and "  " not in line and " ." not in line, line
        spoken = " ".join(lines)
        for name, value in flow.contact_values(contact).items():
            if f"{{contact.{name}}}" in (flow.states[flow.start].say or ""):
                assert value and value in spoken


async def _silent_call(flow: Flow, contact: dict[str, str]) -> list[str]:
    async with SimulatedCall(flow, contact=contact) as call:
        while await call.until_listening():
            await call.silence()
        return (await call.wait_ended()).lines


def test_the_simulated_call_uses_the_samples() -> None:
    flow = load_flow(FLOWS / "appointment_reminder_en.yaml")
    lines = run_virtual(_silent_call(flow, {}))
    assert lines[1].startswith("Hi Ann, you have an appointment on Tuesday at 3 pm.")
    lines = run_virtual(_silent_call(flow, {"first_name": "Bo"}))
    assert lines[1].startswith("Hi Bo, you have an appointment on Tuesday at 3 pm.")
    lines = run_virtual(_silent_call(flow, {"first_name": "", "appointment": ""}))
    assert lines[1].startswith("Hi there, you have an appointment coming up soon.")


# ---- clearcall simulate ------------------------------------------------------------------------------
def _simulate(
    argv: list[str], stdin: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli_flows.main(["simulate", *argv])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_simulate_says_the_sample_values(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out = _simulate([str(FLOWS / "appointment_reminder_en.yaml")], "confirm\n", capsys, monkeypatch)
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "[contact: first_name=Ann, appointment=on Tuesday at 3 pm]"
    assert (
        "bot: Hi Ann, you have an appointment on Tuesday at 3 pm. Please say confirm, reschedule, or cancel."
        in (lines)
    )


def test_simulate_refuses_a_required_field_it_has_no_value_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "needs.yaml"
    path.write_text(flow_with("contact: {fields: {first_name: {}}}\n", "Hi {contact.first_name}."))
    code, out = _simulate([str(path)], "", capsys, monkeypatch)
    assert code == 2
    assert "needs contact field first_name (no sample, no default)" in out and "--contact first_name=" in out
    code, out = _simulate([str(path), "--contact", "first_name=Cy"], "", capsys, monkeypatch)
    assert code == 0 and "bot: Hi Cy." in out


def test_simulate_asks_for_a_missing_field_at_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.sim import console

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    path = tmp_path / "needs.yaml"
    path.write_text(flow_with("contact: {fields: {first_name: {}}}\n", "Hi {contact.first_name}."))
    flow = load_flow(path)
    out = io.StringIO()
    monkeypatch.setattr(console.asyncio, "run", lambda coro: run_virtual(coro))
    code = console.simulate(flow, {}, stdin=Terminal("Dee\n"), out=out)
    assert code == 0
    assert "contact first_name (the flow has no sample value for it): " in out.getvalue()
    assert "bot: Hi Dee." in out.getvalue()
