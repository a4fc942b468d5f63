"""Eligibility at dial time, inside claim_next: every rule, checked against a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.campaign import (
    AttemptOutcome,
    AttemptResult,
    CampaignLimits,
    CampaignStatus,
    ContactFacts,
    ContactState,
)
from bot.campaign.eligibility import judge
from bot.store.campaign_store import CampaignStore
from bot.store.compliance_tables import consent_revoke, suppress_add
from tests.unit.campaign_helpers import (
    CHICAGO,
    DC,
    DC2,
    IDAHO,
    NIGHT_NY,
    NOON_NY,
    add_contacts,
    new_campaign,
    open_store,
)

LIMITS = CampaignLimits(max_attempts=2, retry_spacing=timedelta(hours=1))


@pytest.fixture
def store(tmp_path: Path) -> CampaignStore:
    store = open_store(tmp_path / "cc.db")
    new_campaign(store, limits=LIMITS)
    return store


def claimed(store: CampaignStore, now: datetime, n: int = 10) -> list[str]:
    return [c.number for c in store.claim_next("spring", now, n)]


def state_of(store: CampaignStore, number: str):
    return next(c for c in store.contacts("spring") if c.number == number)


def finish_all(store: CampaignStore, now: datetime, result: AttemptResult) -> None:
    for claim in store.open_claims("spring"):
        store.finish_attempt(claim.attempt_id, AttemptOutcome(result), now)


def test_eligible_contacts_are_claimed_once(store):
    add_contacts(store, "spring", DC, DC2)
    assert claimed(store, NOON_NY) == [DC, DC2]
    assert claimed(store, NOON_NY) == [], "a contact with an open claim is never claimed again"


def test_a_number_suppressed_after_import_is_never_claimed_and_says_why(store):
    add_contacts(store, "spring", DC, DC2)
    suppress_add(store.db, DC, scope="global", source="operator", actor="test")
    assert claimed(store, NOON_NY) == [DC2]
    contact = state_of(store, DC)
    assert (contact.state, contact.reason) == (ContactState.BLOCKED, "suppressed")
    assert claimed(store, NOON_NY + timedelta(days=3)) == []


def test_campaign_scope_suppression_applies_to_this_campaign_only(store):
    new_campaign(store, "autumn", limits=LIMITS)
    add_contacts(store, "spring", DC)
    add_contacts(store, "autumn", DC)
    suppress_add(store.db, DC, scope="spring", source="operator", actor="test")
    assert claimed(store, NOON_NY) == []
    assert [c.number for c in store.claim_next("autumn", NOON_NY, 5)] == [DC]


def test_consent_revoked_after_import_blocks_with_the_reason(store):
    add_contacts(store, "spring", DC)
    consent_revoke(store.db, DC, actor="test", reason="asked by letter")
    assert claimed(store, NOON_NY) == []
    contact = state_of(store, DC)
    assert contact.state is ContactState.BLOCKED and contact.reason.startswith("no consent")


def test_outside_the_calling_window_waits_for_the_next_opening(store):
    add_contacts(store, "spring", DC)
    assert claimed(store, NIGHT_NY) == []
    contact = state_of(store, DC)
    assert contact.state is ContactState.PENDING and "outside calling hours" in contact.reason
    assert contact.next_try_at == datetime(2026, 11, 24, 13, 0, tzinfo=UTC)  # 08:00 in New York
    assert claimed(store, datetime(2026, 11, 24, 12, 59, tzinfo=UTC)) == []
    assert claimed(store, datetime(2026, 11, 24, 13, 0, tzinfo=UTC)) == [DC]


def test_a_number_in_two_zones_needs_both_unless_the_row_narrows_it(store):
    monday_8_boise = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)  # 08:30 Boise, 07:30 Los Angeles
    add_contacts(store, "spring", IDAHO)
    assert claimed(store, monday_8_boise) == []
    assert "America/Los_Angeles 07:30" in state_of(store, IDAHO).reason
    new_campaign(store, "narrow", limits=LIMITS)
    add_contacts(store, "narrow", IDAHO, zone="America/Boise")
    claims = store.claim_next("narrow", monday_8_boise, 5)
    assert [(c.number, c.zones) for c in claims] == [(IDAHO, ("America/Boise",))]


def test_busy_is_retried_after_the_spacing_and_answered_never(store):
    add_contacts(store, "spring", DC, CHICAGO)
    claims = store.claim_next("spring", NOON_NY, 5)
    store.finish_attempt(claims[0].attempt_id, AttemptOutcome(AttemptResult.BUSY), NOON_NY)
    store.finish_attempt(claims[1].attempt_id, AttemptOutcome(AttemptResult.ANSWERED), NOON_NY)
    assert claimed(store, NOON_NY + timedelta(minutes=59)) == []
    waiting = state_of(store, DC)
    assert (waiting.state, waiting.next_try_at) == (ContactState.PENDING, NOON_NY + timedelta(hours=1))
    again = store.claim_next("spring", NOON_NY + timedelta(hours=1), 5)
    assert [(c.number, c.attempt_no) for c in again] == [(DC, 2)]
    assert state_of(store, CHICAGO).state is ContactState.DONE


def test_machine_is_not_retried(store):
    add_contacts(store, "spring", DC)
    claimed(store, NOON_NY)
    finish_all(store, NOON_NY, AttemptResult.MACHINE)
    assert claimed(store, NOON_NY + timedelta(days=2)) == []
    assert state_of(store, DC).state is ContactState.DONE


def test_the_attempt_limit_exhausts_the_contact(store):
    add_contacts(store, "spring", DC)
    now = NOON_NY
    for result in (AttemptResult.NO_ANSWER, AttemptResult.FAILED):
        assert claimed(store, now) == [DC]
        finish_all(store, now, result)
        now += timedelta(hours=1)
    assert claimed(store, now + timedelta(days=1)) == []
    contact = state_of(store, DC)
    assert contact.state is ContactState.EXHAUSTED and contact.reason == "attempt limit 2"


def test_a_refused_attempt_does_not_count(store):
    add_contacts(store, "spring", DC)
    claimed(store, NOON_NY)
    finish_all(store, NOON_NY, AttemptResult.REFUSED)
    claims = store.claim_next("spring", NOON_NY + timedelta(hours=1), 5)
    assert [c.attempt_no for c in claims] == [1]


def test_no_call_within_72_hours_of_an_abandoned_call(store):
    add_contacts(store, "spring", DC)
    claimed(store, NOON_NY)
    finish_all(store, NOON_NY, AttemptResult.ABANDONED)
    assert claimed(store, NOON_NY + timedelta(hours=71, minutes=59)) == []
    assert claimed(store, NOON_NY + timedelta(hours=72)) == [DC]


@pytest.mark.parametrize("status", [CampaignStatus.PAUSED, CampaignStatus.STOPPED])
def test_only_an_active_campaign_claims(store, status):
    add_contacts(store, "spring", DC)
    store.set_status("spring", status, actor="test")
    assert claimed(store, NOON_NY) == []
    assert state_of(store, DC).state is ContactState.PENDING  # nothing about the contact changed
    if status is CampaignStatus.PAUSED:
        store.set_status("spring", CampaignStatus.ACTIVE, actor="test")
        assert claimed(store, NOON_NY) == [DC]


def facts(**changes) -> ContactFacts:
    base = dict(
        number=DC,
        zones=("America/New_York",),
        campaign_status=CampaignStatus.ACTIVE,
        suppressed=False,
        has_consent=True,
        attempts=0,
        last_attempt_at=None,
        last_result=None,
        last_abandoned_at=None,
        now=NOON_NY,
    )
    return ContactFacts(**(base | changes))


@pytest.mark.parametrize(
    ("changes", "allowed", "final", "reason"),
    [
        ({}, True, False, ""),
        ({"campaign_status": CampaignStatus.PAUSED}, False, False, "campaign not active: paused"),
        ({"suppressed": True}, False, True, "suppressed"),
        ({"has_consent": False}, False, True, "no consent"),
        ({"attempts": 2}, False, True, "attempt limit reached: 2 of 2"),
        ({"now": NIGHT_NY}, False, False, "outside calling hours"),
        (
            {
                "attempts": 1,
                "last_result": AttemptResult.BUSY,
                "last_attempt_at": NOON_NY - timedelta(minutes=5),
            },
            False,
            False,
            "retry spacing after busy",
        ),
        ({"last_abandoned_at": NOON_NY - timedelta(hours=1)}, False, False, "72 h after an abandoned call"),
    ],
)
def test_judge_each_rule(changes, allowed, final, reason):
    asked = facts(**changes)
    verdict = judge(asked, LIMITS)
    assert (verdict.allowed, verdict.final) == (allowed, final)
    assert verdict.reason.startswith(reason)
    if not allowed and not final and "paused" not in reason:  # says when to ask again
        assert verdict.retry_at is not None and verdict.retry_at > asked.now


def test_suppression_outranks_everything_else():
    verdict = judge(facts(suppressed=True, has_consent=False, attempts=5, now=NIGHT_NY), LIMITS)
    assert verdict.reason == "suppressed" and verdict.state is ContactState.BLOCKED
