"""May this campaign contact be dialled now? The one dial policy plus the campaign's own rules.

Order: campaign status; the robot dial policy (bot/compliance/dial_policy.decide: suppression, consent,
the calling window in every zone of the number or the row's zone); the attempt limit; the 72 h lock-out
after an abandoned call (Ofcom); retry spacing after busy, no answer, failed or unknown. Suppression and
missing consent make the contact BLOCKED for good with the reason stored, so reports show it; the limit
makes it EXHAUSTED; the others say when to ask again. Pure: the store gathers the facts.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.compliance.dial_policy import Deny, DialFacts, Policy, calling_window, decide
from bot.compliance.hours import DEFAULT_WINDOWS, CallingWindows
from bot.core.campaign_records import (
    ABANDON_LOCKOUT,
    AttemptResult,
    CampaignLimits,
    CampaignStatus,
    ContactFacts,
    ContactState,
    Eligibility,
)

# Outside the window with no known opening (fail-closed cases): look again after this long.
_WINDOW_RECHECK = timedelta(hours=1)
_FINAL_DENIALS = {Deny.SUPPRESSED, Deny.NO_CONSENT}


def judge(
    facts: ContactFacts, limits: CampaignLimits, windows: CallingWindows = DEFAULT_WINDOWS
) -> Eligibility:
    """The verdict for one contact at ``facts.now`` (see the module docstring for the order)."""
    if facts.campaign_status is not CampaignStatus.ACTIVE:
        return Eligibility(False, f"{Deny.CAMPAIGN_NOT_ACTIVE}: {facts.campaign_status}")
    dial = DialFacts(facts.number, facts.suppressed, facts.has_consent, facts.now, zones=facts.zones)
    decision = decide(dial, Policy.ROBOT, windows)
    if decision.reason in _FINAL_DENIALS:
        return Eligibility(False, str(decision), final=True, state=ContactState.BLOCKED)
    if facts.attempts >= limits.max_attempts:
        reason = f"{Deny.ATTEMPT_LIMIT}: {facts.attempts} of {limits.max_attempts}"
        return Eligibility(False, reason, final=True, state=ContactState.EXHAUSTED)
    if facts.last_abandoned_at is not None and facts.now < facts.last_abandoned_at + ABANDON_LOCKOUT:
        return Eligibility(
            False, str(Deny.ABANDON_LOCKOUT), retry_at=facts.last_abandoned_at + ABANDON_LOCKOUT
        )
    if spacing_until := _spacing_until(facts, limits):
        return Eligibility(False, f"{Deny.RETRY_SPACING} after {facts.last_result}", retry_at=spacing_until)
    if not decision.allowed:  # outside the calling window (the only remaining reason)
        window = calling_window(dial, windows)
        return Eligibility(
            False, str(decision), retry_at=window.next_allowed_utc or facts.now + _WINDOW_RECHECK
        )
    return Eligibility(True)


def _spacing_until(facts: ContactFacts, limits: CampaignLimits) -> datetime | None:
    """When retry spacing ends, if it has not yet: after any counted attempt that was not final."""
    if facts.last_attempt_at is None or facts.last_result is AttemptResult.REFUSED:
        return None
    until = facts.last_attempt_at + limits.retry_spacing
    return until if facts.now < until else None
