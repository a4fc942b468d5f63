"""What the campaign runner needs from the campaign store (bot/store/campaign_store.AsyncCampaignStore).

Every method is a coroutine run on the store's own thread; each change is one committed transaction
when the coroutine returns (WAL, synchronous=FULL), so it survives a SIGKILL the moment after.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.core.campaign_records import (
    AttemptOutcome,
    Campaign,
    CampaignStatus,
    Claim,
    OutcomeCounts,
)


class CampaignStorePort(Protocol):
    async def campaign(self, name: str) -> Campaign:
        """The campaign; raises CampaignError (a ClearcallError) naming it when there is none."""
        ...

    async def status(self, name: str) -> CampaignStatus:
        """The durable pause/resume/stop state, read fresh from the database."""
        ...

    async def claim_next(self, campaign: str, now: datetime, n: int) -> list[Claim]:
        """Up to ``n`` contacts eligible at ``now`` (the dial policy at dial time), each with an attempt
        row in state ``claimed`` committed before this returns; [] unless the campaign is active.

        Concurrent claimers (threads or processes) never get the same contact: the claim is one
        BEGIN IMMEDIATE transaction, and a contact with an open claim is never a candidate."""
        ...

    async def mark_originated(self, attempt_id: int, at: datetime) -> None:
        """The originate for this claim was sent (so a reconciler knows Asterisk may have a record)."""
        ...

    async def finish_attempt(self, attempt_id: int, outcome: AttemptOutcome, now: datetime) -> None:
        """Record the result and move the contact on (done, retry later, exhausted). Finishing twice with
        the same result is a no-op; with another result it raises CampaignError."""
        ...

    async def open_claims(self, campaign: str) -> list[Claim]:
        """Attempts claimed (or originated) and never finished, oldest first: what a crash left open."""
        ...

    async def resolve_claim(self, attempt_id: int, outcome: AttemptOutcome | None, now: datetime) -> None:
        """Close an open claim with what reconciliation found, or ``unknown`` when ``outcome`` is None."""
        ...

    async def outcome_counts(self, campaign: str, since: datetime, until: datetime) -> OutcomeCounts:
        """Finished attempts by result with ``since <= ended_at < until`` (abandonment windows)."""
        ...

    async def remaining(self, campaign: str) -> int:
        """Contacts still pending (eligible now or later)."""
        ...

    async def set_status(self, name: str, status: CampaignStatus, *, actor: str) -> None:
        """Pause, resume or stop (audited); the runner uses it to stop itself at the abandonment limit."""
        ...


__all__: Sequence[str] = ["CampaignStorePort"]
