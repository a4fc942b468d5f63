"""bench.speech_accuracy without Asterisk: the corpus files, the reading of the bot's records, the rates."""

from __future__ import annotations

import io

import pytest

from bench.speech_accuracy.corpus import OPENING, PROJECT, CorpusError, Utterance, load_corpus, load_part
from bench.speech_accuracy.phone import PhoneCall, phone_trials
from bench.speech_accuracy.report import FAILED, Report, Trial
from bench.speech_accuracy.voices import VOICE_SETS, Voice, pick_voices
from bot.flow.loader import load_flow


def test_both_corpus_parts_fit_the_flow_and_do_not_overlap():
    flow = load_flow(PROJECT / "flows" / "survey_ko.yaml")
    states = {OPENING, *(n for n, s in flow.states.items() if s.listen is not None)}
    corpus = load_corpus("survey_ko", states=states)
    dev = {(u.state, u.text) for u in corpus if u.part == "dev"}
    held = {(u.state, u.text) for u in corpus if u.part == "heldout"}
    assert len(dev) > 50 and len(held) > 30
    spoken = {x for x in held if not x[1].startswith("<")}
    assert not spoken & dev, "a held-out sentence is also in the development part"
    assert {u.group for u in corpus if u.meant == "opt_out"} == {"offered", "listed", "other"}


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("states: {opening: {maybe: {x: [a]}}}", "states.opening.maybe: unknown meaning"),
        ("states: {nowhere: {none: {x: [a]}}}", "states.nowhere: the flow has no listening state"),
        ("states: {opening: {'yes': {x: [a, '']}}}", "states.opening.yes.x: needs a list of non-empty texts"),
        ("states: {opening: {yes: {x: [a]}}}", 'states.opening.True: write the meaning quoted, "yes"'),
        ("flow: x", "needs a `states:` mapping"),
        ("states: [", "while parsing"),
    ],
)
def test_a_bad_corpus_file_is_named_with_its_field(tmp_path, text, says):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        load_part(path, "dev", {OPENING, "ask"})
    assert str(path) in str(err.value) and says in str(err.value)


def test_voice_specs():
    assert pick_voices("ko+f3@170/p60,phone")[0] == Voice("ko+f3", 170, 60)
    assert len(pick_voices("phone")) == len(VOICE_SETS["phone"]) == 4
    assert len(pick_voices("tune,tune")) == len(VOICE_SETS["tune"])


def _job(state: str, meant: str, call_id: str | None) -> PhoneCall:
    return PhoneCall(Utterance(state, meant, "g", "네"), Voice("ko", 175), "+821066000001", call_id=call_id)


def test_phone_trials_read_the_first_turn_of_the_state_and_the_opt_out():
    jobs = [
        _job("ask", "opt_out", "c1"),  # asked again, then said yes: the first turn counts
        _job("ask", "no", "c2"),
        _job(OPENING, "opt_out", "c3"),
        _job(OPENING, "none", "c4"),
        _job("ask", "yes", "c5"),  # no turn: the bot never decided
        _job("ask", "yes", None),  # the call never reached the bot
    ]
    calls = [
        {"id": "c1", "opted_out": 0, "disposition": "no_answer"},
        {"id": "c2", "opted_out": 1, "disposition": None},
        {"id": "c3", "opted_out": 1, "end_state": OPENING},
        {"id": "c4", "opted_out": 0},
        {"id": "c5", "opted_out": 0},
    ]
    turns = [
        {"call_id": "c1", "seq": 2, "state": "ask", "intent": "yes", "heard": "네", "transition": "end"},
        {
            "call_id": "c1",
            "seq": 1,
            "state": "ask",
            "intent": "ambiguous",
            "heard": "네 거부",
            "transition": "retry",
        },
        {
            "call_id": "c2",
            "seq": 1,
            "state": "ask",
            "intent": "opt_out",
            "heard": "마세요",
            "transition": "opted_out",
        },
    ]
    heard = [t.heard for t in phone_trials(jobs, calls, turns)]
    assert heard == ["ask_again", "opt_out", "opt_out", "no_input", "no_input", FAILED]


def _trial(meant: str, group: str, heard: str, part: str = "dev") -> Trial:
    return Trial(Utterance("ask", meant, group, "x", part), "ko@175", heard)


def test_headline_rates_leave_failed_calls_out_and_say_so():
    trials = [
        _trial("no", "refusal", "yes"),
        _trial("no", "refusal", "no"),
        _trial("opt_out", "offered", "opt_out"),
        _trial("opt_out", "offered", FAILED),
        _trial("yes", "in_grammar", "yes", "heldout"),
        _trial("yes", "in_grammar", "ask_again", "heldout"),
    ]
    lines = Report(trials).headline()
    assert any("refusals and opt-outs taken as yes" in x and "(1/3)" in x for x in lines)
    assert any("offered phrasings" in x and "100.0 %  (1/1)" in x for x in lines)
    assert any("in-grammar accuracy" in x and "50.0 %  (1/2)" in x for x in lines)
    out = io.StringIO()
    Report(trials).print(out)
    text = out.getvalue()
    assert (
        "headline, dev corpus" in text
        and "headline, heldout corpus" in text
        and "headline, all corpus" in text
    )
    assert "calls that failed (not in the rates above): 1 of 6" in text
