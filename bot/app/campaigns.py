"""Wiring for campaigns: the campaign store with the one eligibility judge (bot/campaign/eligibility.py)."""

from __future__ import annotations

import functools
from pathlib import Path

from bot.campaign import Eligibility
from bot.campaign.eligibility import judge
from bot.compliance.hours import DEFAULT_WINDOWS, CallingWindows
from bot.store.campaign_async import AsyncCampaignStore
from bot.store.campaign_store import CampaignStore
from bot.store.database import Db


def _warm_judge(windows: CallingWindows) -> functools.partial[Eligibility]:
    """The judge, with the calling-window data loaded now: claim_next judges while it holds the write lock
    (the bot's opt-out commit waits for it), so the first claim must not pay for importing holidays."""
    import holidays  # noqa: F401 - loads the package bot/compliance/hours.py imports lazily

    return functools.partial(judge, windows=windows)


def campaign_store(db: Db, windows: CallingWindows = DEFAULT_WINDOWS) -> CampaignStore:
    """The synchronous store on ``db`` (the CLI's connection, or a test's)."""
    return CampaignStore(db, _warm_judge(windows))


def async_campaign_store(path: Path, windows: CallingWindows = DEFAULT_WINDOWS) -> AsyncCampaignStore:
    """The runner's store (open() it first, close() it last): its own thread and connection on ``path``."""
    return AsyncCampaignStore(path, _warm_judge(windows))
