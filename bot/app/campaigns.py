"""Wiring for campaigns: the campaign store with the one eligibility judge (bot/campaign/eligibility.py)."""

from __future__ import annotations

import functools
from pathlib import Path

from bot.campaign.eligibility import judge
from bot.compliance.hours import DEFAULT_WINDOWS, CallingWindows
from bot.store.campaign_async import AsyncCampaignStore
from bot.store.campaign_store import CampaignStore
from bot.store.database import Db


def campaign_store(db: Db, windows: CallingWindows = DEFAULT_WINDOWS) -> CampaignStore:
    """The synchronous store on ``db`` (the CLI's connection, or a test's)."""
    return CampaignStore(db, functools.partial(judge, windows=windows))


def async_campaign_store(path: Path, windows: CallingWindows = DEFAULT_WINDOWS) -> AsyncCampaignStore:
    """The runner's store (open() it first, close() it last): its own thread and connection on ``path``."""
    return AsyncCampaignStore(path, functools.partial(judge, windows=windows))
