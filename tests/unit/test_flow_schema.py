"""The shipped flows load clean, and the Flow model gives the engine what it needs."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest

from bot.compliance.legal_texts import default_opening, default_optout_goodbye
from bot.compliance.optout import OptOutDetector
from bot.flow.loader import load_flow, load_flow_text
from bot.flow.opening import opening_gaps
from bot.flow.schema import (
    Flow,
    Language,
    Retry,
    Transition,
    parse_duration,
    placeholders,
)

FLOWS = Path(__file__).resolve().parents[2] / "flows"
SHIPPED = sorted(FLOWS.glob("*.yaml"))


def test_the_four_flows_are_shipped() -> None:
    assert {path.stem for path in SHIPPED} >= {
        "sales_followup_en",
        "sales_followup_zh",
        "appointment_reminder_en",
        "survey_ko",
    }


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_shipped_flow_loads_clean(path: Path) -> None:
    flow = load_flow(path)
    assert flow.name == path.stem
    assert flow.base_dir == path.parent
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=./flow.schema.json")
    opening = flow.opening_text()
    assert flow.identity.company in opening
    assert flow.optout.key in opening
    assert flow.optout_phrase in opening
    assert "{" not in opening
    assert flow.opening is None or not opening_gaps(
        flow.opening, language=flow.language, recording=flow.recording, extra_phrases=flow.optout.phrases
    )


def test_survey_ko_is_what_the_end_to_end_tests_expect() -> None:
    flow = load_flow(FLOWS / "survey_ko.yaml")
    assert (flow.language, flow.voice) == ("ko", "ko")
    state = flow.states[flow.start]
    assert state.listen is not None
    assert state.listen.intents == {"yes": ("네", "예"), "no": ("아니요", "아니오")}
    assert state.grammar_phrases() == ["네", "예", "아니요", "아니오"]
    for intent, disposition in (("yes", "interested"), ("no", "not_interested")):
        transition = state.transition_for(intent)
        assert transition.set is not None and transition.set.disposition == disposition
        assert transition.end and transition.ends_call


@pytest.mark.parametrize(
    ("language", "spoken_phrase"),
    # Korean: the phrase that came back 3 of 3 through the real phone path (as "하지 마세요").
    [("en", "stop calling me"), ("zh", "不要再打了"), ("ko", "전화 하지 마세요")],
)
def test_default_texts_per_language(language: str, spoken_phrase: str) -> None:
    template = default_opening(language)
    names = {placeholder.name for placeholder in placeholders(template)}
    assert {"identity.company", "identity.purpose", "identity.callback_number", "optout.key"} <= names
    assert {"optout.phrase", "recording.notice"} <= names
    assert opening_gaps(template, language=language, recording="notice") == []
    assert default_optout_goodbye(language)
    flow = load_flow_text(
        f"name: x\nlanguage: {language}\nvoice: v\n"
        'identity: {company: Co, purpose: a test, callback_number: "+1 202 555 0100"}\n'
        "start: s\nstates: {s: {next: {end: Bye}}}\n"
    )
    opening = flow.opening_text()
    # The opening tells callers what to say; the engine's detector must really opt them out on it.
    assert spoken_phrase in opening
    assert OptOutDetector(language).detect(spoken_phrase) is not None
    # The opening also says the call is recorded (the recording-law part of the opening).
    assert {"en": "recorded", "zh": "录音", "ko": "녹음"}[language] in opening


def test_every_flow_language_has_the_legal_texts() -> None:
    for language in get_args(Language):
        assert placeholders(default_opening(language)) and default_optout_goodbye(language)


FLOW = """\
name: demo
language: en
voice: en-us
identity: {company: Acme, purpose: your quote, callback_number: "+1 202 555 0100"}
optout: {key: "#", phrases: [go away]}
contact: {fields: {first_name: {default: there, sample: Ann}}}
start: greet
states:
  greet:
    say: "Hi {contact.first_name}, {{literally}} from {identity.company}."
    listen:
      timeout: 1.5s
      intents: {yes: [yes, sure, yes], no: [no]}
    on:
      yes: {goto: bye}
      no: {end: Bye}
      no_match: {retries: 2, reprompt: "Yes or no?", then: {end: Bye}}
  bye:
    next:
      webhook: {url: "http://127.0.0.1:8099/x", timeout: 500ms, on_failure: {end: Sorry}}
      set: {disposition: booked, fields: {slot: morning}}
      transfer: {context: agents, extension: "100"}
"""


@pytest.fixture
def flow() -> Flow:
    return load_flow_text(FLOW, "demo.yaml")


def test_render_fills_variables(flow: Flow) -> None:
    text = flow.states[flow.start].say or ""
    assert flow.render(text, {"first_name": "Ann"}) == "Hi Ann, {literally} from Acme."
    assert flow.render(text, {}) == "Hi there, {literally} from Acme."  # the field's default
    assert flow.render(text, {"first_name": "  "}) == "Hi there, {literally} from Acme."  # blank: the default


def test_opening_and_optout(flow: Flow) -> None:
    assert flow.opening_text().startswith("This is an automated call from Acme about your quote.")
    assert "press #" in flow.opening_text()
    assert flow.opening_text().endswith("Call back on +1, 2 oh 2, 5 5 5, oh 1 oh oh.")
    assert flow.optout_goodbye_text() == default_optout_goodbye("en")
    assert flow.optout.phrases == ("go away",)


def test_state_helpers(flow: Flow) -> None:
    greet = flow.states["greet"]
    assert greet.grammar_phrases() == ["yes", "sure", "no"]
    assert greet.listen is not None and greet.listen.timeout == 1.5
    assert greet.transition_for("yes").goto == "bye"
    no_match = greet.fallback("no_match")
    assert isinstance(no_match, Retry) and no_match.retries == 2
    assert greet.fallback("no_input") is no_match  # silence defaults to the no_match handling
    assert greet.barge_in is True
    assert flow.sound_path("greet") is None


def test_transition_parts(flow: Flow) -> None:
    step = flow.states["bye"].next
    assert isinstance(step, Transition) and step.ends_call
    assert step.webhook is not None and step.webhook.timeout == 0.5
    assert step.webhook.on_failure is not None and step.webhook.on_failure.end == "Sorry"
    assert step.set is not None and step.set.fields == {"slot": "morning"}
    assert step.transfer is not None and (step.transfer.context, step.transfer.extension) == ("agents", "100")


def test_flow_is_frozen(flow: Flow) -> None:
    with pytest.raises(ValueError, match="frozen"):
        flow.name = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "seconds"), [("500ms", 0.5), ("6s", 6.0), ("1.5s", 1.5), ("1m", 60.0), ("5m", 300.0)]
)
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["0s", "6", "6 sec", "5.1m", "-1s", "1h", ""])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


def test_readme_example_loads() -> None:
    readme = (FLOWS / "README.md").read_text(encoding="utf-8")
    example = readme.split("## A worked example", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    flow = load_flow_text(example, "README.md")
    assert list(flow.states) == ["greet", "book", "sorry"]
