"""Abandonment windows and the pacing controller: pure functions, and the windows on a real store."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.campaign import AttemptOutcome, AttemptResult, CampaignLimits, OutcomeCounts
from bot.campaign.abandonment import (
    LAST_24_HOURS,
    ROLLING_30_DAYS,
    abandonment_rate,
    is_abandoned,
    window_start,
)
from bot.campaign.pacing import PacingInput, answer_rate, pace
from tests.unit.campaign_helpers import NOON_NY, add_contacts, new_campaign, open_store

A = AttemptResult
LIMITS = CampaignLimits(abandon_limit=0.03, abandon_target=0.01, max_dial_level=2.5)


def counts(**by_name: int) -> OutcomeCounts:
    return OutcomeCounts({A(name): n for name, n in by_name.items()})


def test_the_two_second_rule():
    assert not is_abandoned(NOON_NY, NOON_NY + timedelta(seconds=2))
    assert is_abandoned(NOON_NY, NOON_NY + timedelta(seconds=2, milliseconds=1))
    assert is_abandoned(NOON_NY, None)


def test_rate_is_abandoned_over_person_answered_calls():
    rate = abandonment_rate(
        counts(answered=97, abandoned=3, machine=40, busy=9, no_answer=12), ROLLING_30_DAYS
    )
    assert (rate.abandoned, rate.live, rate.rate) == (3, 100, 0.03)
    assert rate.percent() == "3.00 %"
    assert abandonment_rate(counts(machine=5), LAST_24_HOURS).rate is None


def test_an_amd_false_positive_estimate_counts_as_abandoned_and_live():
    rate = abandonment_rate(
        counts(answered=90, abandoned=0, machine=100), LAST_24_HOURS, machine_false_positive=0.1
    )
    assert rate.abandoned == pytest.approx(10) and rate.live == pytest.approx(100)
    with pytest.raises(ValueError):
        abandonment_rate(counts(), LAST_24_HOURS, machine_false_positive=1.5)


def test_windows_on_a_real_store_count_by_end_time(tmp_path: Path):
    store = open_store(tmp_path / "cc.db")
    new_campaign(store)
    numbers = [f"+1202555{n:04d}" for n in range(200, 204)]
    add_contacts(store, "spring", *numbers)
    when = {
        numbers[0]: (A.ABANDONED, NOON_NY - timedelta(days=31)),  # outside both windows
        numbers[1]: (A.ABANDONED, NOON_NY - timedelta(days=2)),  # in 30 days only
        numbers[2]: (A.ANSWERED, NOON_NY - timedelta(hours=3)),  # in both
        numbers[3]: (A.ABANDONED, NOON_NY - timedelta(hours=1)),  # in both
    }
    for claim in store.claim_next("spring", NOON_NY, 4):
        result, ended = when[claim.number]
        store.finish_attempt(claim.attempt_id, AttemptOutcome(result, ended_at=ended), NOON_NY)
    month = store.outcome_counts("spring", window_start(NOON_NY, ROLLING_30_DAYS), NOON_NY)
    day = store.outcome_counts("spring", window_start(NOON_NY, LAST_24_HOURS), NOON_NY)
    assert (month[A.ABANDONED], month.live) == (2, 3)
    assert (day[A.ABANDONED], day.live) == (1, 2)
    assert abandonment_rate(store.outcome_counts("spring"), ROLLING_30_DAYS).live == 4


def inp(**changes) -> PacingInput:
    base = dict(free_slots=10, ringing=0, answer_rate=0.5, samples=100, abandon_30d=0.0, abandon_24h=0.0)
    return PacingInput(**(base | changes))


def test_level_follows_the_answer_rate_within_the_cap():
    assert pace(inp(), LIMITS).level == pytest.approx(2.0)
    assert pace(inp(), LIMITS).to_place == 20
    assert pace(inp(answer_rate=0.1), LIMITS).level == pytest.approx(2.5)  # capped
    assert pace(inp(answer_rate=0.9), LIMITS).level == pytest.approx(1 / 0.9)


def test_ringing_calls_are_subtracted_and_level_never_below_one():
    assert pace(inp(ringing=15), LIMITS).to_place == 5
    assert pace(inp(ringing=40), LIMITS).to_place == 0
    assert pace(inp(answer_rate=1.0), LIMITS).to_place == 10
    assert pace(inp(free_slots=0), LIMITS).to_place == 0


def test_no_overdialling_without_enough_results():
    decision = pace(inp(samples=19), LIMITS)
    assert (decision.level, decision.to_place) == (1.0, 10) and "too few results" in decision.reason
    assert pace(inp(answer_rate=None, samples=0), LIMITS).level == 1.0


@pytest.mark.parametrize(
    ("rate", "level"), [(0.0, 2.0), (0.01, 2.0), (0.015, 1.75), (0.02, 1.5), (0.029, 1.05)]
)
def test_slows_down_linearly_between_target_and_limit(rate, level):
    decision = pace(inp(abandon_30d=rate), LIMITS)
    assert decision.level == pytest.approx(level) and not decision.stop
    if rate > 0.01:
        assert "slowed" in decision.reason


def test_the_worse_window_decides_and_the_limit_stops():
    assert pace(inp(abandon_30d=0.0, abandon_24h=0.02), LIMITS).level == pytest.approx(1.5)
    stopped = pace(inp(abandon_30d=0.005, abandon_24h=0.03), LIMITS)
    assert (stopped.stop, stopped.level, stopped.to_place) == (True, 0.0, 0)
    assert "reached the limit 3.00 %" in stopped.reason


def test_after_an_operator_resumes_at_the_limit_it_dials_progressively():
    decision = pace(inp(abandon_30d=0.05, operator_resumed=True), LIMITS)
    assert (decision.stop, decision.level, decision.to_place) == (False, 1.0, 10)


def test_answer_rate_counts_calls_that_needed_a_slot():
    c = counts(answered=30, abandoned=2, machine=8, busy=5, no_answer=5, refused=50)
    assert answer_rate(c) == (pytest.approx(40 / 50), 50)
    assert answer_rate(c, machines_take_slot=False) == (pytest.approx(32 / 50), 50)
    assert answer_rate(counts()) == (None, 0)
