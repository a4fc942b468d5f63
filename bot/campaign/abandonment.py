"""Abandonment: which call counts as abandoned, and the rate over the regulators' windows.

Definitions (/work/shared/reference/dialer.md §1):
- A call is abandoned when a person answers and is not connected within 2 s (TSR 16 CFR 310.4(b)(4),
  FCC 64.1200(a)(7)); playing the safe-harbour message does not stop it counting. We measure the 2 s
  from the answer (Asterisk's answer), which is stricter than "after the completed greeting".
- Rate = abandoned / calls answered by a person. Abandoned calls were answered by a person, so the
  denominator is answered + abandoned. Calls AMD marked as machines are in neither, unless an estimate
  of AMD's false positives (humans taken for machines) is given: Ofcom counts those as abandoned, and
  the UK formula adds them to the numerator and the denominator.
- Windows: TSR and FCC measure per campaign over 30 days (the whole campaign when shorter): we report
  the rolling last 30 days. Ofcom's old 3 % guideline was per 24 h (and since 2017 any abandoned call
  may be misuse): we report the last 24 h too, and pacing uses the worse of the two.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.campaign_records import AttemptResult, OutcomeCounts

#: A person must hear the bot within this long after answering, else the call is abandoned.
CONNECT_DEADLINE = timedelta(seconds=2)
ROLLING_30_DAYS = timedelta(days=30)
LAST_24_HOURS = timedelta(hours=24)


def is_abandoned(answered_at: datetime, first_audio_at: datetime | None) -> bool:
    """True when the person heard no bot (``first_audio_at`` None) or heard it later than 2 s."""
    return first_audio_at is None or first_audio_at - answered_at > CONNECT_DEADLINE


@dataclass(frozen=True)
class AbandonmentRate:
    """Abandoned calls over live (person-answered) calls in one window; ``rate`` is None with no live call."""

    window: timedelta
    abandoned: float  # fractional when an AMD false-positive estimate is included
    live: float

    @property
    def rate(self) -> float | None:
        return self.abandoned / self.live if self.live else None

    def percent(self) -> str:
        return "-" if self.rate is None else f"{self.rate * 100:.2f} %"


def abandonment_rate(
    counts: OutcomeCounts, window: timedelta, *, machine_false_positive: float = 0.0
) -> AbandonmentRate:
    """The rate for ``counts`` (finished attempts in ``window``).

    ``machine_false_positive`` is the share of MACHINE verdicts estimated to be people (Ofcom's
    "reasoned estimate", from your own testing); those calls count as abandoned and as live."""
    if not 0.0 <= machine_false_positive <= 1.0:
        raise ValueError("machine_false_positive must be a share between 0 and 1")
    hidden = counts[AttemptResult.MACHINE] * machine_false_positive
    abandoned = counts[AttemptResult.ABANDONED] + hidden
    return AbandonmentRate(window, abandoned, counts.live + hidden)


def window_start(now: datetime, window: timedelta) -> datetime:
    """The start of the rolling ``window`` that ends at ``now``."""
    return now - window
