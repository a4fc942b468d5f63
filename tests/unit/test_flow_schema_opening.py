"""The compliance opening: every required part on every flow, refused at load when one is missing,
and added by the engine whatever the flow says."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import pytest

from bot.compliance.legal_texts import (
    RECORDING_MODES,
    default_opening,
    recording_decline_phrase,
    recording_notice,
    spoken_phone_number,
)
from bot.compliance.optout import OptOutDetector
from bot.flow.errors import FlowError, FlowIssue
from bot.flow.loader import load_flow, load_flow_text
from bot.flow.opening import compose_opening, opening_gaps
from bot.flow.schema import Flow, Language, Recording

FLOWS = Path(__file__).resolve().parents[2] / "flows"
SHIPPED = sorted(FLOWS.glob("*.yaml"))

COMPLETE = (
    "This is {identity.company} about {identity.purpose}. {recording.notice} "
    "Say {optout.phrase} or press {optout.key} to opt out. Call {identity.callback_number}."
)


def flow_text(opening: str | None = COMPLETE, extra: str = "", language: str = "en") -> str:
    """A small flow; the opening (when given) is on line 5."""
    text = (
        f"name: inline\nlanguage: {language}\nvoice: en-us\n"
        'identity: {company: Acme, purpose: your quote, callback_number: "+1 202 555 0100"}\n'
    )
    if opening is not None:
        text += f'opening: "{opening}"\n'
    return text + extra + "start: s\nstates:\n  s:\n    say: Hello.\n    next: {end: Bye.}\n"


def issues(text: str) -> list[FlowIssue]:
    with pytest.raises(FlowError) as caught:
        load_flow_text(text, "inline.yaml")
    return caught.value.issues


# ---- the shipped flows -----------------------------------------------------------------------------
@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_every_shipped_opening_says_every_part_identity_first(path: Path) -> None:
    flow = load_flow(path)
    opening = flow.opening_text()
    number = spoken_phone_number(flow.identity.callback_number, flow.language)
    notice = recording_notice(flow.language, flow.recording)
    parts = [flow.identity.purpose, number, flow.optout.key, flow.optout_phrase, notice]
    for part in parts:
        assert part in opening, f"{path.name}: the opening lacks {part!r}: {opening}"
    company = opening.index(flow.identity.company)
    assert all(company < opening.index(part) for part in (number, flow.optout_phrase, notice))
    # The phrase the opening offers really opts out, and the recogniser listens for it.
    detector = OptOutDetector(flow.language, flow.optout.phrases)
    assert detector.detect(flow.optout_phrase) is not None
    assert flow.optout_phrase.replace(" ", "") in {p.replace(" ", "") for p in detector.grammar_phrases()}
    if flow.opening is not None:
        gaps = opening_gaps(
            flow.opening, language=flow.language, recording=flow.recording, extra_phrases=flow.optout.phrases
        )
        assert gaps == []
        # What the author wrote is what is said: nothing was added.
        assert flow.opening_template() == flow.opening.strip()


@pytest.mark.parametrize("language", get_args(Language))
@pytest.mark.parametrize("recording", get_args(Recording))
def test_the_built_in_opening_has_every_part(language: str, recording: str) -> None:
    template = default_opening(language, recording)
    assert opening_gaps(template, language=language, recording=recording) == []
    # Only the one-sentence notice may stand between who is calling and the opt-out offer.
    assert (template.index("{recording.notice}") < template.index("{optout.key}")) == (recording != "ask")


def test_recording_modes_agree() -> None:
    assert get_args(Recording) == RECORDING_MODES


def test_callback_numbers_are_read_digit_by_digit() -> None:
    assert spoken_phone_number("+1 202 555 0100", "en") == "+1, 2 oh 2, 5 5 5, oh 1 oh oh"
    assert spoken_phone_number("(02) 555-0100", "ko") == "공 2, 5 5 5, 공 1 공 공"
    assert spoken_phone_number("010 5555 0100", "zh") == "0 1 0, 5 5 5 5, 0 1 0 0"


# ---- a custom opening that lacks a part is refused, at its line, naming the part ---------------------
MISSING = [  # (part, what replaces it in COMPLETE, words of the error)
    ("{identity.company}", "Acme", "lacks {identity.company}"),
    ("{identity.purpose}", "your quote", "lacks {identity.purpose}"),
    ("{recording.notice}", "", "lacks the recording notice"),
    ("{optout.phrase}", "nothing", "lacks {optout.phrase}"),
    ("{optout.key}", "nine", "lacks {optout.key}"),
    ("{identity.callback_number}", "us", "lacks {identity.callback_number}"),
]


@pytest.mark.parametrize(("part", "instead", "message"), MISSING, ids=[m[0] for m in MISSING])
def test_an_opening_lacking_a_part_is_refused(part: str, instead: str, message: str) -> None:
    opening = COMPLETE.replace(part, instead)
    found = issues(flow_text(opening))
    assert [(issue.line, issue.column) for issue in found] == [(5, 10)], found
    assert message in found[0].message
    assert "inline.yaml:5:10: the opening" in str(found[0])


def test_every_missing_part_is_reported() -> None:
    found = issues(flow_text("Hello from {identity.company}."))
    text = "\n".join(str(issue) for issue in found)
    for part in ("{identity.purpose}", "recording notice", "{optout.phrase}", "{optout.key}", "callback"):
        assert part in text
    assert {issue.line for issue in found} == {5}


def test_the_company_must_come_first() -> None:
    opening = (
        "Say {optout.phrase} or press {optout.key} to opt out. This is {identity.company} about "
        "{identity.purpose}. {recording.notice} Call {identity.callback_number}."
    )
    [issue] = issues(flow_text(opening))
    assert "who is calling first" in issue.message and "after {optout.phrase}" in issue.message
    assert (issue.line, issue.column) == (5, 1 + len('opening: "') + opening.index("{identity.company}"))


def test_an_opt_out_phrase_written_out_counts() -> None:
    opening = COMPLETE.replace("{optout.phrase}", "stop calling me")
    flow = load_flow_text(flow_text(opening))
    assert "Say stop calling me or press 9" in flow.opening_text()


def test_a_word_that_is_no_phrase_to_say_does_not_count() -> None:
    # "stop" opts out only said alone; in "to stop these calls" it tells the caller nothing to say.
    opening = COMPLETE.replace("Say {optout.phrase} or press", "To stop these calls, press")
    [issue] = issues(flow_text(opening))
    assert "lacks {optout.phrase}" in issue.message


def test_an_extra_phrase_of_the_flow_counts() -> None:
    opening = COMPLETE.replace("{optout.phrase}", "go away now")
    load_flow_text(flow_text(opening, 'optout: {phrases: ["go away now"]}\n'))
    with pytest.raises(FlowError, match=re.escape("lacks {optout.phrase}")):
        load_flow_text(flow_text(opening))


def test_optout_phrase_must_be_one_the_recogniser_hears() -> None:
    [issue] = issues(flow_text(None, 'optout: {phrase: "please go"}\n'))
    assert issue.line == 5 and "not an opt-out phrase the recogniser listens for" in issue.message
    flow = load_flow_text(flow_text(None, 'optout: {phrase: "take me off your list"}\n'))
    assert "Say take me off your list or press 9 to opt out." in flow.opening_text()
    flow = load_flow_text(flow_text(None, 'optout: {phrase: "go away now", phrases: ["go away now"]}\n'))
    assert "Say go away now or press 9" in flow.opening_text()


def test_recording_notice_only_in_the_opening() -> None:
    text = flow_text(None).replace("say: Hello.", "say: Hello. {recording.notice}")
    [issue] = issues(text)
    assert "{recording.notice} is only for the opening" in issue.message


# ---- recording: notice | ask | off -------------------------------------------------------------------
def test_recording_notice_is_the_default() -> None:
    flow = load_flow_text(flow_text(None))
    assert flow.recording == "notice"
    assert "This call is recorded." in flow.opening_text()


def test_recording_off_never_claims_the_call_is_recorded() -> None:
    for opening in (None, COMPLETE):
        flow = load_flow_text(flow_text(opening, "recording: off\n"))
        assert "record" not in flow.opening_text().lower()
        assert "  " not in flow.opening_text()
    claiming = COMPLETE.replace("{recording.notice}", "Calls are recorded.")
    [issue] = issues(flow_text(claiming, "recording: off\n"))
    assert "says the call is recorded ('recorded')" in issue.message and "recording: off" in issue.message
    assert issue.column == 1 + len('opening: "') + claiming.index("recorded")
    # With a notice, the author's own words are a notice.
    load_flow_text(flow_text(claiming))


def test_recording_ask_says_how_to_decline() -> None:
    flow = load_flow_text(flow_text(None, "recording: ask\n"))
    assert recording_decline_phrase("en") in flow.opening_text()
    assert flow.opening_text().index("press 9") < flow.opening_text().index("This call is recorded")
    own = COMPLETE.replace("{recording.notice}", "Calls are recorded.")
    [issue] = issues(flow_text(own, "recording: ask\n"))
    assert "how to decline the recording" in issue.message
    load_flow_text(
        flow_text(own.replace("recorded.", "recorded; say don't record to decline."), "recording: ask\n")
    )


@pytest.mark.parametrize("language", ["zh", "ko"])
def test_recording_words_per_language(language: str) -> None:
    flow = load_flow_text(flow_text(None, "recording: off\n", language))
    assert recording_notice(language, "notice") not in flow.opening_text()
    assert (
        recording_notice(language, "notice") in load_flow_text(flow_text(None, "", language)).opening_text()
    )


# ---- the engine adds what a flow lacks, even without the loader ---------------------------------------
def test_the_engine_adds_missing_parts_to_a_flow_that_skipped_the_loader() -> None:
    flow = Flow.model_validate(
        {
            "name": "raw",
            "language": "en",
            "voice": "en-us",
            "identity": {"company": "Acme", "purpose": "your quote", "callback_number": "202 555 0100"},
            "opening": "Hi there!",
            "start": "s",
            "states": {"s": {"next": {"end": "Bye."}}},
        }
    )
    opening = flow.opening_text()
    assert opening.startswith("This is an automated call from Acme about your quote. Hi there!")
    assert "This call is recorded." in opening
    assert "Say stop calling me or press 9 to opt out." in opening
    assert opening.endswith("Call back on 2 oh 2, 5 5 5, oh 1 oh oh.")


def test_compose_keeps_a_complete_opening_as_written() -> None:
    assert compose_opening(COMPLETE, language="en", recording="notice") == COMPLETE
    assert compose_opening(None, language="ko", recording="off") == default_opening("ko")
    assert compose_opening(None, language="en", recording="ask") == default_opening("en", "ask")


# ---- rate ---------------------------------------------------------------------------------------------
def test_rate_defaults_and_range() -> None:
    assert load_flow_text(flow_text(None)).rate == 165
    assert load_flow_text(flow_text(None, "rate: 210\n")).rate == 210
    for bad, words in (("99", "at least 100"), ("321", "at most 320"), ("fast", "whole number")):
        [issue] = issues(flow_text(None, f"rate: {bad}\n"))
        assert issue.line == 5 and words in issue.message, issue
