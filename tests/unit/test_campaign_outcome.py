"""What a campaign attempt is recorded as, from what Asterisk showed and the bot's record."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.asterisk.agi_gate import ALLOW, DENY, DialGate
from bot.asterisk.ari_events import call_event_from_ari
from bot.campaign import AttemptResult
from bot.campaign.outcome import outcome_of
from bot.core.call_trace import CallTrace
from bot.flow.loader import load_flow

T = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def trace(**kw) -> CallTrace:
    return CallTrace("cc-1", ended_at=T, **kw)


@pytest.mark.parametrize(
    ("seen", "result", "cause"),
    [
        (trace(dial_status="BUSY", cause=17), AttemptResult.BUSY, "busy"),
        (trace(dial_status="NOANSWER", cause=16), AttemptResult.NO_ANSWER, "noanswer"),
        (trace(dial_status="CHANUNAVAIL"), AttemptResult.FAILED, "chanunavail"),
        (trace(cause=21), AttemptResult.REFUSED, "gate denied"),  # the gate hung up: nothing rang
        (trace(cause=38), AttemptResult.REFUSED, "gate unreachable or no trunk"),
        (
            trace(dial_status="ANSWER", callee_answered_at=T, amd_status="MACHINE", amd_cause="MAXWORDS-4-3"),
            AttemptResult.MACHINE,
            "machine: hung up",
        ),
        (  # a person who hung up during the analysis heard nothing: counted against us
            trace(dial_status="ANSWER", callee_answered_at=T, amd_status="HANGUP"),
            AttemptResult.ABANDONED,
            "ended before the bot: ",
        ),
    ],
)
def test_calls_the_bot_never_took(seen, result, cause):
    outcome = outcome_of(seen, None)
    assert outcome.result is result
    assert outcome.cause == cause


def connected(amd: str = "HUMAN") -> CallTrace:
    return trace(dial_status="ANSWER", callee_answered_at=T, connected_at=T, amd_status=amd, amd_cause="x")


def test_calls_the_bot_took_are_judged_from_its_record():
    talked = {
        "id": "cc-1",
        "disposition": "interested",
        "opted_out": 0,
        "hangup_cause": "bot",
        "end_state": "x",
    }
    assert outcome_of(connected(), talked).result is AttemptResult.ANSWERED
    opted = outcome_of(connected(), talked | {"opted_out": 1})
    assert opted.result is AttemptResult.ANSWERED and opted.opted_out
    moved = outcome_of(connected(), talked | {"hangup_cause": "transferred"})
    assert moved.transferred
    harbour = outcome_of(connected(), talked | {"disposition": "safe_harbour"})
    assert harbour.result is AttemptResult.ABANDONED and harbour.cause.startswith("no free slot")
    refused = outcome_of(connected(), talked | {"disposition": "busy", "end_state": "refused"})
    assert refused.result is AttemptResult.ABANDONED
    machine = outcome_of(connected("MACHINE"), talked | {"disposition": "voicemail_left"})
    assert machine.result is AttemptResult.MACHINE and machine.disposition == "voicemail_left"
    assert outcome_of(connected(), None).result is AttemptResult.ABANDONED  # no record: assume the worst


def test_stasis_args_carry_amds_verdict():
    event = {
        "type": "StasisStart",
        "channel": {"id": "cc-1", "caller": {"number": ""}},
        "args": ["survey_ko", "outbound", "+821055501001", "ref", "MACHINE"],
    }
    offer = call_event_from_ari(event)
    assert offer.amd == "MACHINE" and offer.contact_ref == "ref" and offer.direction == "outbound"
    event["args"] = event["args"][:3]
    assert call_event_from_ari(event).amd == ""


async def test_the_gate_passes_a_campaign_on_and_refuses_a_malformed_one():
    asked = []

    async def allows(number: str, policy: str, campaign: str | None = None) -> tuple[bool, str]:
        asked.append((number, policy, campaign))
        return True, "allowed"

    gate = DialGate(allows)
    assert await gate.decide("+821055501001", "robot", "spring-2027") == (ALLOW, "allowed")
    assert await gate.decide("+821055501001", "robot") == (ALLOW, "allowed")
    verdict, _ = await gate.decide("+821055501001", "robot", "x&Dial(evil)")
    assert verdict == DENY
    assert asked == [("+821055501001", "robot", "spring-2027"), ("+821055501001", "robot", None)]


def test_voicemail_and_safe_harbour_messages_have_every_part():
    from pathlib import Path

    flows = Path(__file__).resolve().parents[2] / "flows"
    for path in sorted(flows.glob("*.yaml")):
        flow = load_flow(path)
        callback = flow.variables()["identity.callback_number"]
        for text in (flow.voicemail_text(), flow.safe_harbour_text()):
            assert flow.identity.company in text and callback in text, (path.name, text)
        assert flow.optout_phrase in flow.voicemail_text()
    assert load_flow(flows / "survey_ko.yaml").machine == "message"
    assert load_flow(flows / "opening_only.yaml").machine == "hangup"  # the default
