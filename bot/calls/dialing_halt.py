"""Fail closed: when an opt-out cannot be written, no new call may start and nothing may be dialled.

An opt-out that is heard but not stored is the one failure this product must never hide: the person
would be called again. So the first such failure halts new calls (inbound refused, dialler and dialplan
gate deny) until an operator has fixed the store and restarted the bot.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


class DialingHalt:
    """A latch: `reason` is None while calls may start, else why they may not."""

    def __init__(self) -> None:
        self.reason: str | None = None

    def trip(self, reason: str) -> None:
        if self.reason is None:
            self.reason = reason
            log.critical(
                "COMPLIANCE: %s. New calls are refused and nothing is dialled until the store is fixed "
                "and the bot restarted.",
                reason,
            )
