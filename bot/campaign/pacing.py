"""Pacing: how many calls to originate for the free call slots, from the answer rate and abandonment.

The bot takes an answered call only when it has a free slot (the capacity limit, CLEARCALL_MAX_CALLS);
a call answered with no slot free gets the safe-harbour message and counts as abandoned. The free slots
the bot reports are also no more than its start rate allows now (CLEARCALL_CALL_RATE), so the dialer
starts calls no faster than the bot may take them. The dial level is the number of calls kept ringing per
free slot:

- ``level`` is never below 1.0 while dialling is allowed: at 1.0 (progressive dialling) no more calls
  ring than slots are free, so a call can only be abandoned if a slot is lost while it rings.
- With fewer than ``min_samples`` recent finished attempts, or no answer rate, the level is 1.0: no
  overdialling on a guess.
- Otherwise the base level is 1 / answer rate (enough calls that about one answers per free slot),
  capped by the campaign's ``max_dial_level``.
- Abandonment (the worse of the rolling 30 days and the last 24 h) above the campaign's target (1 %)
  pulls the level down linearly from the base to 1.0, reached at the limit (3 %).
- At or above the limit the campaign stops dialling (``stop``): the runner pauses it and says why. If an
  operator resumes it while the rate is still at the limit, it dials at 1.0 (``operator_resumed``), so
  the rate can only fall.
Pure: the runner passes the counts and applies ``to_place``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.core.campaign_records import AttemptResult, CampaignLimits, OutcomeCounts

MIN_SAMPLES = 20


@dataclass(frozen=True)
class PacingInput:
    free_slots: int  # call slots free now (capacity minus calls the bot is handling)
    ringing: int  # originated calls not yet answered or ended
    answer_rate: float | None  # share of recent finished attempts that took a slot (see answer_rate)
    samples: int  # how many recent finished attempts answer_rate is based on
    abandon_30d: float | None  # rates (0..1), None when there was no live call
    abandon_24h: float | None
    operator_resumed: bool = False  # an operator resumed the campaign after it stopped at the limit


@dataclass(frozen=True)
class PacingDecision:
    level: float  # calls ringing per free slot; 0.0 when stopped
    to_place: int  # originates to send now
    stop: bool  # abandonment reached the limit: stop dialling
    reason: str


def answer_rate(counts: OutcomeCounts, *, machines_take_slot: bool = True) -> tuple[float | None, int]:
    """(share of finished attempts that needed a slot, attempts counted) for ``counts`` (a recent window).

    Answered and abandoned calls needed one; machines too when the bot leaves the voicemail message."""
    total = sum(c for r, c in counts.by_result.items() if r is not AttemptResult.REFUSED)
    took = counts.live + (counts[AttemptResult.MACHINE] if machines_take_slot else 0)
    return (took / total if total else None), total


def pace(inp: PacingInput, limits: CampaignLimits, *, min_samples: int = MIN_SAMPLES) -> PacingDecision:
    """The dial level and how many calls to originate now (see the module docstring)."""
    rates = [r for r in (inp.abandon_30d, inp.abandon_24h) if r is not None]
    worst = max(rates, default=0.0)
    shown = f"abandonment {worst * 100:.2f} %"
    if worst >= limits.abandon_limit and not inp.operator_resumed:
        return PacingDecision(0.0, 0, True, f"{shown} reached the limit {limits.abandon_limit * 100:.2f} %")
    if inp.answer_rate is None or inp.answer_rate <= 0 or inp.samples < min_samples:
        base, why = 1.0, f"too few results to overdial ({inp.samples} of {min_samples})"
    else:
        base = min(limits.max_dial_level, max(1.0, 1.0 / inp.answer_rate))
        why = f"answer rate {inp.answer_rate * 100:.0f} %"
    level = base
    if worst >= limits.abandon_limit:
        level, why = 1.0, f"{shown} at the limit, resumed by an operator: progressive only"
    elif worst > limits.abandon_target:
        span = limits.abandon_limit - limits.abandon_target
        level = 1.0 + (base - 1.0) * (limits.abandon_limit - worst) / span
        why += f", slowed: {shown} above the target {limits.abandon_target * 100:.2f} %"
    wanted = math.floor(max(0, inp.free_slots) * level + 1e-9)
    return PacingDecision(level, max(0, wanted - max(0, inp.ringing)), False, why)
