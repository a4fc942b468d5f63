"""`clearcall flows test FLOW --cases CASES.yaml`: scripted conversations run against a flow.

A cases file is a YAML list of cases. Each case is one call of the flow (on the real runner, with the
simulator's in-memory edges, in virtual time: listen timeouts cost no wall time)::

    - name: interested, books the morning        # required, shown in the report
      contact: {first_name: Ann, product: solar}  # optional: the contact's fields
      webhooks: fail                               # optional: ok (default) or fail (every webhook fails)
      caller:                                      # what the caller does, in order
        - say: yes                                 # says this (once the bot listens for an answer)
        - press: "9"                               # presses keys ("12" presses 1 then 2)
        - silence: true                            # says nothing: the state's timeout fires (no_input)
        - hangup: true                             # hangs up
        - {press: "9", during: opening}            # `during: STATE`: acts while STATE's prompt plays
                                                   # (barge-in, an opt-out in the opening, a hangup)
      # expectations; each is optional, only those given are checked
      path: [greet, pick_time, book]               # flow states entered, in order (a goto back repeats)
      disposition: booked                          # "" means no disposition was set
      opted_out: false
      end_state: book                              # the state the call ended in (`opening` too)
      fields: {slot: morning}                      # result fields that must be set (others may be)
      says: ["Hi Ann", "You are booked"]           # texts the bot says, in this order (substrings)

Answers wait for the bot to listen, as a caller waits for the question. When the caller has no more
turns and the call is still on, the caller hangs up as soon as the bot listens again. A case fails if
a turn could not be played because the call had already ended. The file is read as strictly as a flow
file, by the same code (bot/flow/loader.py): `yes` and `no` stay text (YAML 1.2); duplicate keys, YAML
tags (`!!python/...`, `!!binary`) and control characters are refused at their line, and so is every
case problem (CasesError lists them as file:line:col). One line per case is printed (PASS, or FAIL and
what differed); the exit status is 1 if any case failed, 2 if the flow or the cases file is unusable.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TextIO

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.flow.engine_states import OPENING
from bot.flow.errors import DocumentError, FlowError, FlowIssue
from bot.flow.loader import load_flow, read_document
from bot.flow.schema import Flow
from bot.sim.fakes import FakeWebhooks, run_virtual
from bot.sim.simulated_call import CallResult, SimulatedCall, SimulationError


class CasesError(DocumentError):
    """The cases file cannot be used; ``issues`` says where (file:line:col) and why, one per line."""


def _text(value: Any) -> Any:
    # `press: 9` and `first_name: 42` are meant as text.
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


class Turn(BaseModel):
    """One thing the caller does: exactly one of say, press, silence, hangup."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    say: str | None = None
    press: str | None = Field(None, pattern=r"^[0-9*#]+$")
    silence: Literal[True] | None = None
    hangup: Literal[True] | None = None
    during: str | None = None  # act while this state's prompt plays instead of after it

    _coerce = field_validator("press", mode="before")(_text)

    @model_validator(mode="after")
    def _one_action(self) -> Turn:
        actions = [k for k in ("say", "press", "silence", "hangup") if getattr(self, k) is not None]
        if len(actions) != 1:
            raise ValueError("a turn is exactly one of say, press, silence: true, hangup: true")
        if self.during is not None and actions[0] == "silence":
            raise ValueError("`during` goes with say, press or hangup")
        return self

    def __str__(self) -> str:
        if self.say is not None:
            text = f"say {self.say!r}"
        elif self.press is not None:
            text = f"press {self.press}"
        else:
            text = "silence" if self.silence else "hangup"
        return f"{text} during {self.during}" if self.during else text


class Case(BaseModel):
    """One scripted call and what must come of it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    contact: dict[str, str] = Field(default_factory=dict)
    webhooks: Literal["ok", "fail"] = "ok"
    caller: list[Turn] = Field(default_factory=list)
    path: list[str] | None = None
    disposition: str | None = None
    opted_out: bool | None = None
    end_state: str | None = None
    fields: dict[str, str] | None = None
    says: list[str] | None = None

    @field_validator("contact", "fields", mode="before")
    @classmethod
    def _texts(cls, value: Any) -> Any:
        return {k: _text(v) for k, v in value.items()} if isinstance(value, dict) else value


@dataclass
class Outcome:
    """A case's verdict: `differences` is empty when it passed."""

    case: Case
    differences: list[str] = field(default_factory=list)
    result: CallResult | None = None

    @property
    def passed(self) -> bool:
        return not self.differences

    def __str__(self) -> str:
        if self.passed:
            return f"PASS  {self.case.name}"
        return f"FAIL  {self.case.name}: " + "; ".join(self.differences)


def load_cases(path: Path) -> list[Case]:
    """Read and validate a cases file; raises CasesError listing every problem at its line."""
    document = read_document(Path(path), "cases file")
    if not document.ok:
        raise CasesError(document.issues)
    data = document.data
    if not isinstance(data, list) or not data:
        line = document.root.start_mark.line + 1 if document.root is not None else 1
        found = "an empty list" if isinstance(data, list) else "a mapping" if isinstance(data, dict) else None
        found = found or ("nothing" if data is None else f"the value {_label(str(data))}")
        issue = FlowIssue(document.source, line, 1, f"expected a list of cases (- name: ...), found {found}")
        raise CasesError([*document.issues, issue])
    cases: list[Case] = []
    for index, item in enumerate(data):
        label = item.get("name", "") if isinstance(item, dict) else ""
        try:
            cases.append(Case.model_validate(item))
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = tuple(err["loc"])
                where = ".".join(str(p) for p in loc) or "case"
                document.add_at_path(
                    (index, *loc),
                    f"case {index + 1} {_label(label)}: {where}: {err['msg']}",
                    at_key=err["type"] in ("extra_forbidden", "missing"),
                )
    if document.issues:
        raise CasesError(document.issues)
    return cases


def _label(name: Any) -> str:
    text = name if isinstance(name, str) else ""
    return repr(text if len(text) <= 40 else text[:39] + "…")


def _check_names(flow: Flow, case: Case) -> list[str]:
    """Expectations and turns naming states the flow does not have (typos)."""
    known = {*flow.states, OPENING}
    named = [*(case.path or []), *([case.end_state] if case.end_state else [])]
    named += [turn.during for turn in case.caller if turn.during]
    return [
        f"'{name}' is not a state of flow {flow.name}" for name in dict.fromkeys(named) if name not in known
    ]


async def run_case(flow: Flow, case: Case) -> Outcome:
    """Play one case against the flow; in virtual time when run by `run_cases`."""
    outcome = Outcome(case, _check_names(flow, case))
    webhooks = FakeWebhooks(fail=case.webhooks == "fail")
    # speed 1: prompts take their (virtual) time, so `during` can talk over them.
    call = SimulatedCall(
        flow, contact=case.contact, speed=1.0, webhooks=webhooks, call_id=f"case-{case.name}"
    )
    async with call:
        try:
            await _play(call, case.caller, outcome)
            outcome.result = await call.wait_ended()
        except (TimeoutError, SimulationError) as exc:
            outcome.differences.append(f"the call got stuck: {exc}")
            return outcome
    outcome.differences += _compare(case, outcome.result)
    return outcome


async def _play(call: SimulatedCall, turns: list[Turn], outcome: Outcome) -> None:
    for index, turn in enumerate(turns):
        try:
            if turn.during is not None:
                await call.wait_for_prompt(turn.during)
            elif not await call.until_listening():
                raise SimulationError("the call had ended")
        except SimulationError:
            rest = ", ".join(str(t) for t in turns[index:])
            where = call.runner.outcome.end_state or call.flow_state
            outcome.differences.append(f"the call ended (in {where}) before the caller could: {rest}")
            return
        # Waited above for the right moment: act at once.
        if turn.hangup:
            call.hang_up()
            if turns[index + 1 :]:
                outcome.differences.append(f"{len(turns) - index - 1} caller turn(s) after the hangup")
            return
        if turn.say is not None:
            await call.say_caller(turn.say, wait=False)
        elif turn.press is not None:
            await call.press(turn.press, wait=False)
        else:
            await call.silence()
    # Nothing more to say: the caller hangs up the next time the bot waits for them.
    if await call.until_listening():
        call.hang_up()


def _compare(case: Case, result: CallResult) -> list[str]:
    diffs: list[str] = []

    def differ(key: str, expected: Any, actual: Any) -> None:
        if expected is not None and expected != actual:
            diffs.append(f"{key}: expected {expected!r}, got {actual!r}")

    differ("path", case.path, result.path)
    differ("disposition", case.disposition, result.disposition)
    differ("opted_out", case.opted_out, result.opted_out)
    differ("end_state", case.end_state, result.end_state)
    if case.fields is not None:
        wrong = {k: v for k, v in case.fields.items() if result.fields.get(k) != v}
        if wrong:
            got = {k: result.fields.get(k) for k in wrong}
            diffs.append(f"fields: expected {wrong!r}, got {got!r}")
    if case.says:
        lines = iter(result.lines)
        for text in case.says:
            # Consumes lines up to the match, so the texts must come in this order.
            if not any(text in line for line in lines):
                diffs.append(f"says: {text!r} not said (in this order); the bot said {result.lines!r}")
                break
    return diffs


def run_cases(flow: Flow, cases: list[Case]) -> list[Outcome]:
    """Each case on its own virtual-time loop: nothing one call leaves behind can reach the next."""
    return [run_virtual(run_case(flow, case)) for case in cases]


def cases_command(flow_path: Path, cases_path: Path, out: TextIO | None = None) -> int:
    """The `flows test` command: 0 all passed, 1 some failed, 2 unusable flow or cases file."""
    out = out or sys.stdout
    try:
        flow = load_flow(flow_path)
        cases = load_cases(cases_path)
    except (FlowError, CasesError) as exc:
        print(exc, file=out)
        return 2
    outcomes = run_cases(flow, cases)
    for outcome in outcomes:
        print(outcome, file=out)
    failed = sum(not o.passed for o in outcomes)
    print(f"{len(outcomes) - failed} passed, {failed} failed", file=out)
    return 1 if failed else 0
