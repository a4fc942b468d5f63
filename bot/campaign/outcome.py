"""What became of one campaign call, from what Asterisk showed of it and the bot's call record.

The runner (bot/app/campaign_run.py) gathers a `CallTrace` from ARI events on the originated Local channel
(`originate_id`), its dialling half and the called channel, and reads the bot's record of the call when
the bot took it. Pure: this module only decides.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.core.call_trace import CallTrace
from bot.core.campaign_records import AttemptOutcome, AttemptResult

# Hangup causes the dialplan gate uses for its refusals (dialplans/clearcall_outbound_gate.conf).
GATE_CAUSES = {21: "gate denied", 28: "invalid number", 38: "gate unreachable or no trunk"}
# What Dial() reports (DIALSTATUS) for calls that never answered.
_UNANSWERED = {
    "BUSY": AttemptResult.BUSY,
    "NOANSWER": AttemptResult.NO_ANSWER,
    "CHANUNAVAIL": AttemptResult.FAILED,
    "CONGESTION": AttemptResult.FAILED,
    "CANCEL": AttemptResult.FAILED,
}
SAFE_HARBOUR = "safe_harbour"  # the bot's disposition of a call it had no slot for (bot/calls/messages.py)


def outcome_of(trace: CallTrace, record: Mapping[str, Any] | None) -> AttemptOutcome:
    """The attempt's result. `record` is the bot's row of the call (calls table), None when it has none.

    Conservative where it is unsure: a person who answered and heard nothing from the bot (hung up during
    AMD, refused by a full or halted bot) counts as abandoned."""
    amd = {"amd_status": trace.amd_status, "amd_cause": trace.amd_cause}
    times = {"answered_at": trace.callee_answered_at, "ended_at": trace.ended_at}
    cause = trace.cause_txt or (str(trace.cause) if trace.cause else "")
    if trace.connected_at is None:
        if trace.callee_answered_at is None:
            if not trace.dial_status or trace.dial_status == "ANSWER":
                why = GATE_CAUSES.get(trace.cause, cause or "not dialled")
                return AttemptOutcome(AttemptResult.REFUSED, cause=why, **times)
            result = _UNANSWERED.get(trace.dial_status, AttemptResult.FAILED)
            return AttemptOutcome(result, cause=trace.dial_status.lower(), **times)
        if trace.amd_status == "MACHINE":
            return AttemptOutcome(AttemptResult.MACHINE, cause="machine: hung up", **amd, **times)
        return AttemptOutcome(AttemptResult.ABANDONED, cause=f"ended before the bot: {cause}", **amd, **times)
    if record is None:
        return AttemptOutcome(AttemptResult.ABANDONED, cause="the bot kept no record", **amd, **times)
    common = {
        "call_id": str(record.get("id") or trace.originate_id),
        "disposition": str(record.get("disposition") or ""),
        "opted_out": bool(record.get("opted_out")),
        "transferred": record.get("hangup_cause") == "transferred",
    }
    if trace.amd_status == "MACHINE":
        return AttemptOutcome(AttemptResult.MACHINE, cause="machine: message left", **amd, **common, **times)
    if record.get("disposition") == SAFE_HARBOUR or record.get("end_state") == "refused":
        why = "no free slot: safe-harbour message" if record.get("disposition") == SAFE_HARBOUR else "refused"
        return AttemptOutcome(AttemptResult.ABANDONED, cause=why, **amd, **common, **times)
    return AttemptOutcome(
        AttemptResult.ANSWERED, cause=str(record.get("hangup_cause") or ""), **amd, **common, **times
    )
