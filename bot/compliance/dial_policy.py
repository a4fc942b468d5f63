"""The one dial policy: may this number be called now? Used by the bot's dialer and the dialplan gate.

Calling hours bind every telemarketing call, manual ones included (47 CFR 64.1200(c)(1)); consent binds
automated and prerecorded calls (64.1200(a)(2)). So `manual` checks suppression and hours, `robot` adds
consent. Pure: the caller gathers the facts (store lookups) and passes them in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.compliance.hours import (
    DEFAULT_WINDOWS,
    CallingWindows,
    WindowDecision,
    check_calling_window,
    check_zones,
)
from bot.core import numbers


class Policy(StrEnum):
    MANUAL = "manual"  # a person dials: suppression and calling hours
    ROBOT = "robot"  # the bot dials: suppression, calling hours and recorded consent


class Deny(StrEnum):
    """Why a number may not be dialled; distinct, short and safe to print in the dialplan's log."""

    INVALID_NUMBER = "invalid number"
    CONTACT_INCOMPLETE = "contact incomplete"  # the flow would speak a blank
    DIALLING_HALTED = "dialling halted"
    SUPPRESSED = "suppressed"
    NO_CONSENT = "no consent"
    OUTSIDE_HOURS = "outside calling hours"
    # A campaign's own rules (bot/campaign/eligibility.py), after the checks above.
    CAMPAIGN_NOT_ACTIVE = "campaign not active"
    ATTEMPT_LIMIT = "attempt limit reached"
    ABANDON_LOCKOUT = "72 h after an abandoned call"
    RETRY_SPACING = "retry spacing"


@dataclass(frozen=True)
class DialFacts:
    """What the checks need to know about one number at one moment."""

    e164: str
    suppressed: bool
    has_consent: bool
    now_utc: datetime
    halted: str | None = None  # why all dialling is stopped (e.g. the suppression list cannot be written)
    zones: tuple[str, ...] | None = None  # check only these zones (a contact list's zone column); None: all


@dataclass(frozen=True)
class DialDecision:
    allowed: bool
    reason: Deny | None = None
    detail: str = ""  # for people: what exactly (the calling window, the halt reason)

    def __str__(self) -> str:
        if self.allowed:
            return "allowed"
        return f"{self.reason}: {self.detail}" if self.detail else str(self.reason)


ALLOWED = DialDecision(True)


def decide(facts: DialFacts, policy: Policy, windows: CallingWindows = DEFAULT_WINDOWS) -> DialDecision:
    """The checks in a fixed order; the first that fails is the reason."""
    if facts.halted:
        return DialDecision(False, Deny.DIALLING_HALTED, facts.halted)
    if facts.suppressed:
        return DialDecision(False, Deny.SUPPRESSED)
    if policy is Policy.ROBOT and not facts.has_consent:
        return DialDecision(False, Deny.NO_CONSENT, "no recorded consent (clearcall consent import)")
    window = calling_window(facts, windows)
    if not window.allowed:
        return DialDecision(False, Deny.OUTSIDE_HOURS, window.reason)
    return ALLOWED


def calling_window(facts: DialFacts, windows: CallingWindows = DEFAULT_WINDOWS) -> WindowDecision:
    """The calling-window decision for ``facts``: in every zone of the number, or in ``facts.zones``."""
    if facts.zones is None:
        return check_calling_window(facts.e164, facts.now_utc, windows)
    return check_zones(
        numbers.region(facts.e164), facts.zones, facts.now_utc, windows, label=numbers.mask(facts.e164)
    )
