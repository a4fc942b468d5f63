"""The runner's campaign store: a CampaignStore on its own thread (bot/campaign/ports.CampaignStorePort).

SQLite connections belong to the thread that opened them, so one worker thread owns this one and every
method is a coroutine that runs there; the event loop never blocks on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from bot.core.campaign_records import AttemptOutcome, Campaign, CampaignStatus, Claim, Judge, OutcomeCounts
from bot.store.campaign_store import CampaignStore
from bot.store.database import open_database
from bot.store.owner_thread import OwnerThread

T = TypeVar("T")


class AsyncCampaignStore:
    """The runner's store (bot/campaign/ports.CampaignStorePort): a CampaignStore on its own thread.

    SQLite connections belong to the thread that opened them, so one worker thread owns this one."""

    def __init__(self, path: Path, judge: Judge) -> None:
        self.path = path
        self._judge = judge
        self._thread: OwnerThread[CampaignStore] = OwnerThread("campaign-store")

    async def open(self) -> None:
        await self._thread.open(lambda: CampaignStore(open_database(self.path), self._judge))

    async def close(self) -> None:
        await self._thread.close(lambda store: store.db.close())

    async def _run(self, fn: Callable[[CampaignStore], T]) -> T:
        return await self._thread.run(lambda: fn(self._thread.resource))

    async def campaign(self, name: str) -> Campaign:
        return await self._run(lambda s: s.campaign(name))

    async def status(self, name: str) -> CampaignStatus:
        return await self._run(lambda s: s.status(name))

    async def set_status(self, name: str, status: CampaignStatus, *, actor: str) -> None:
        await self._run(lambda s: s.set_status(name, status, actor=actor))

    async def claim_next(self, campaign: str, now: datetime, n: int) -> list[Claim]:
        return await self._run(lambda s: s.claim_next(campaign, now, n))

    async def mark_originated(self, attempt_id: int, at: datetime) -> None:
        await self._run(lambda s: s.mark_originated(attempt_id, at))

    async def finish_attempt(self, attempt_id: int, outcome: AttemptOutcome, now: datetime) -> None:
        await self._run(lambda s: s.finish_attempt(attempt_id, outcome, now))

    async def open_claims(self, campaign: str) -> list[Claim]:
        return await self._run(lambda s: s.open_claims(campaign))

    async def resolve_claim(self, attempt_id: int, outcome: AttemptOutcome | None, now: datetime) -> None:
        await self._run(lambda s: s.resolve_claim(attempt_id, outcome, now))

    async def outcome_counts(self, campaign: str, since: datetime, until: datetime) -> OutcomeCounts:
        return await self._run(lambda s: s.outcome_counts(campaign, since, until))

    async def remaining(self, campaign: str) -> int:
        return await self._run(lambda s: s.remaining(campaign))
