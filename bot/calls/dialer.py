"""Outbound calls: every originate checks the suppression list, consent and the calling window at dial
time, not when a list was loaded.

The dialplan checks again (the FastAGI gate in front of Dial), so a number suppressed a second ago is
refused twice over, and other dialers on the same Asterisk honour the list too.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.calls.ports import CallStore, Originator
from bot.compliance.hours import DEFAULT_WINDOWS, CallingWindows, check_calling_window
from bot.core.errors import ClearcallError
from bot.core.numbers import InvalidNumber, mask, normalize


class DialRefused(ClearcallError):
    """The bot will not dial this number; `reason` says why (suppressed, invalid number, ...)."""

    def __init__(self, number: str, reason: str) -> None:
        super().__init__(f"not dialling {mask(number)}: {reason}")
        self.reason = reason


async def dial(
    control: Originator,
    store: CallStore,
    number: str,
    *,
    flow: str,
    default_region: str,
    campaign: str | None = None,
    now_utc: datetime | None = None,
    windows: CallingWindows = DEFAULT_WINDOWS,
) -> str:
    """Check, then originate; returns the new channel id. Raises DialRefused."""
    try:
        e164 = normalize(number, default_region)
    except InvalidNumber as exc:
        raise DialRefused(number, f"invalid number ({exc})") from None
    if await store.is_suppressed(e164, campaign):
        raise DialRefused(e164, "on the suppression list")
    if not await store.has_consent(e164, campaign):
        raise DialRefused(e164, "no recorded consent (clearcall consent import)")
    window = check_calling_window(e164, now_utc or datetime.now(UTC), windows)
    if not window.allowed:
        raise DialRefused(e164, f"outside the calling window: {window.reason}")
    return await control.originate(e164, flow)
