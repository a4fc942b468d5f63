"""Campaigns: contact lists dialled lawfully. Pure logic here; SQLite in bot/store/campaign_store.py.

The contract between the store and the runner (`clearcall campaign run`):

1. ``claim_next(campaign, now, n)`` applies the dial policy at dial time to each candidate (eligibility.
   judge: campaign status, suppression, consent, the calling window in every zone of the number, the
   attempt limit, the 72 h lock-out after an abandoned call, retry spacing) and commits one attempt row
   per chosen contact (state ``claimed``) before it returns. The runner then originates with
   ``channelId = claim.originate_id``, calls ``mark_originated``, and finally ``finish_attempt`` with
   an :class:`AttemptOutcome`.
2. A claim is never dialled again by claim_next while it is open. After a crash, ``open_claims`` lists
   them; the runner reconciles each one (Asterisk's CDR or channels by ``originate_id``) and calls
   ``resolve_claim`` with what it found, or with no outcome, which records ``unknown`` (counted as an
   attempt, retried only after the retry spacing).
3. ``status(campaign)`` is the durable pause/resume/stop state; claim_next returns nothing unless active.
4. Abandonment (abandonment.py) and pacing (pacing.py) are pure functions over the store's counts.
"""

from bot.core.campaign_records import (
    ABANDON_LOCKOUT,
    FINAL_RESULTS,
    UNCOUNTED_RESULTS,
    AttemptOutcome,
    AttemptResult,
    AttemptState,
    Campaign,
    CampaignLimits,
    CampaignStatus,
    Claim,
    ConsentEvidence,
    Contact,
    ContactFacts,
    ContactImport,
    ContactRow,
    ContactState,
    Eligibility,
    Judge,
    OutcomeCounts,
)

__all__ = [
    "ABANDON_LOCKOUT",
    "FINAL_RESULTS",
    "UNCOUNTED_RESULTS",
    "AttemptOutcome",
    "AttemptResult",
    "AttemptState",
    "Campaign",
    "CampaignLimits",
    "CampaignStatus",
    "Claim",
    "ConsentEvidence",
    "Contact",
    "ContactFacts",
    "ContactImport",
    "ContactRow",
    "ContactState",
    "Eligibility",
    "Judge",
    "OutcomeCounts",
]
