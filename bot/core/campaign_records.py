"""Campaign records shared by the campaign logic (bot/campaign/) and its SQLite store (bot/store/).

Pure types, no I/O. They live in core because the store (an edge) and the campaign logic (above the
edges) both need them; import them from ``bot.campaign``, which re-exports every name here.
Times are timezone-aware UTC datetimes; numbers are E.164 (mask them before logging).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

#: Ofcom persistent-misuse policy: no new call to a number within 72 h of an abandoned call to it.
ABANDON_LOCKOUT = timedelta(hours=72)


class CampaignStatus(StrEnum):
    """Set by `clearcall campaign pause|resume|stop`; the runner reads it before every claim."""

    ACTIVE = "active"
    PAUSED = "paused"  # claim_next returns nothing; calls in progress finish
    STOPPED = "stopped"  # final: nothing more is dialled; calls in progress finish


class ContactState(StrEnum):
    PENDING = "pending"  # may be dialled (now or once ``next_try_at`` has passed)
    DONE = "done"  # answered by a person or handled as a machine: never dialled again by this campaign
    EXHAUSTED = "exhausted"  # reached the campaign's attempt limit
    BLOCKED = "blocked"  # never eligible (suppressed, no consent...); ``reason`` says why


class AttemptState(StrEnum):
    CLAIMED = "claimed"  # committed before the originate; the runner has not said it went out
    ORIGINATED = "originated"  # the runner sent the originate (mark_originated)
    FINISHED = "finished"  # the result is recorded


class AttemptResult(StrEnum):
    """What became of one attempt. Only ANSWERED and ABANDONED count as live (person-answered) calls."""

    ANSWERED = "answered"  # a person answered and the bot took the call
    MACHINE = "machine"  # AMD said MACHINE: voicemail message left or hung up (amd_status/amd_cause say)
    BUSY = "busy"
    NO_ANSWER = "no_answer"  # rang for at least 15 s (TSR) with no answer
    FAILED = "failed"  # the originate or the network failed; ``cause`` says how
    ABANDONED = "abandoned"  # a person answered and the bot did not speak within 2 s (safe-harbour path)
    REFUSED = "refused"  # the dialplan gate refused it (``cause``); not counted as an attempt
    UNKNOWN = "unknown"  # a claim left open by a crash that could not be reconciled; counted, retried later


#: Results after which the contact is never dialled again by the campaign.
FINAL_RESULTS = frozenset({AttemptResult.ANSWERED, AttemptResult.MACHINE})
#: Results that are not an attempt on the number (nothing rang).
UNCOUNTED_RESULTS = frozenset({AttemptResult.REFUSED})


@dataclass(frozen=True)
class CampaignLimits:
    """A campaign's dialling limits (stored with the campaign; defaults are the issue's)."""

    max_attempts: int = 3  # per number, counting every attempt except REFUSED
    retry_spacing: timedelta = timedelta(hours=4)  # after busy, no answer, failed or unknown
    abandon_limit: float = 0.03  # stop dialling at this abandonment rate (TSR 310.4(b)(4))
    abandon_target: float = 0.01  # start slowing down above this rate
    max_dial_level: float = 2.0  # at most this many originates per free slot


@dataclass(frozen=True)
class Campaign:
    name: str
    flow: str  # the flow's name, as Stasis(clearcall,<flow>) and the running bot know it
    flow_path: str  # the YAML file it was created from
    status: CampaignStatus
    limits: CampaignLimits
    created_at: datetime


@dataclass(frozen=True)
class Contact:
    id: int
    campaign: str
    number: str  # E.164
    fields: Mapping[str, str]  # the flow's contact fields from the CSV row
    zone: str | None  # an IANA zone from the CSV row, narrowing the number's own zones; None: the number's
    state: ContactState
    reason: str  # why it is blocked/exhausted/waiting ("" when nothing to say)
    next_try_at: datetime | None


@dataclass(frozen=True)
class Claim:
    """One attempt, durable before the originate. ``originate_id`` is the ARI channel id to use.

    The runner originates with ``channelId=originate_id`` and nothing else: a second originate for the
    same claim then fails with 409 while the first channel lives, and the claim is recorded either way.
    """

    attempt_id: int
    originate_id: str
    campaign: str
    flow: str
    contact_id: int
    number: str  # E.164
    fields: Mapping[str, str]
    zones: tuple[str, ...]  # the zones the calling window was checked in
    attempt_no: int  # 1 for the first attempt on this number
    claimed_at: datetime
    state: AttemptState = AttemptState.CLAIMED
    originated_at: datetime | None = None


@dataclass(frozen=True)
class AttemptOutcome:
    """What the runner learnt about one attempt (finish_attempt / resolve_claim)."""

    result: AttemptResult
    cause: str = ""  # hangup or failure cause, the gate's refusal reason
    amd_status: str = ""  # AMDSTATUS: MACHINE, HUMAN, NOTSURE, HANGUP
    amd_cause: str = ""  # AMDCAUSE, e.g. "MAXWORDS-3-2"
    call_id: str = ""  # the bot's call id (calls.id) when a call was taken
    disposition: str = ""
    opted_out: bool = False
    transferred: bool = False
    answered_at: datetime | None = None
    ended_at: datetime | None = None  # default: the time finish_attempt is called with


@dataclass(frozen=True)
class ContactFacts:
    """What eligibility needs about one contact at one moment (gathered by the store in its transaction)."""

    number: str  # E.164
    zones: tuple[str, ...]  # the number's zones, or the row's zone when it narrows them
    campaign_status: CampaignStatus
    suppressed: bool  # globally or in this campaign
    has_consent: bool  # global or for this campaign
    attempts: int  # counted attempts so far (open claims included, REFUSED excluded)
    last_attempt_at: datetime | None
    last_result: AttemptResult | None
    last_abandoned_at: datetime | None
    now: datetime


@dataclass(frozen=True)
class Eligibility:
    """The verdict for one contact. Not allowed: ``final`` makes it ``state`` for good (with ``reason``);
    otherwise ``retry_at`` is the earliest time worth asking again (None: at the next claim)."""

    allowed: bool
    reason: str = ""
    retry_at: datetime | None = None
    final: bool = False
    state: ContactState = ContactState.PENDING


#: How the store asks the campaign logic about one contact (bot.campaign.eligibility.judge).
Judge = Callable[[ContactFacts, CampaignLimits], Eligibility]


@dataclass(frozen=True)
class OutcomeCounts:
    """Finished attempts by result in a time window (by ``ended_at``)."""

    by_result: Mapping[AttemptResult, int] = field(default_factory=dict)

    def __getitem__(self, result: AttemptResult) -> int:
        return self.by_result.get(result, 0)

    @property
    def live(self) -> int:
        """Calls answered by a person: answered plus abandoned (TSR's denominator)."""
        return self[AttemptResult.ANSWERED] + self[AttemptResult.ABANDONED]


@dataclass(frozen=True)
class ConsentEvidence:
    """Consent given in a contact row: recorded (scope: the campaign) when the list is imported."""

    source: str
    evidence: str
    granted_at: str  # ISO UTC, in the past


@dataclass(frozen=True)
class ContactRow:
    """One validated row of a contact list, ready to store."""

    line: int
    number: str  # E.164
    fields: Mapping[str, str]
    zone: str | None
    consent: ConsentEvidence | None


@dataclass(frozen=True)
class ContactImport:
    """What an import did: rows read, contacts added, contacts whose fields or zone changed, unchanged,
    and consent records added from the rows."""

    path: str
    rows: int
    added: int
    updated: int
    unchanged: int
    consent_added: int
