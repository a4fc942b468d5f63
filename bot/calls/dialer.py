"""Outbound calls: every originate applies the dial policy at dial time, not when a list was loaded.

The dialplan checks again (the FastAGI gate in front of Dial, with the same policy), so a number
suppressed a second ago is refused twice over, and other dialers on the same Asterisk honour the list too.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime

from bot.calls.ports import CallStore, Originator
from bot.compliance.dial_policy import Deny, DialDecision, DialFacts, Policy, decide
from bot.compliance.hours import DEFAULT_WINDOWS, CallingWindows
from bot.core.errors import ClearcallError
from bot.core.numbers import InvalidNumber, mask, normalize
from bot.flow.contact import missing_contact_fields
from bot.flow.schema import Flow


class DialRefused(ClearcallError):
    """The bot will not dial this number; `decision` says why."""

    def __init__(self, number: str, decision: DialDecision) -> None:
        super().__init__(f"not dialling {mask(number)}: {decision}")
        self.decision = decision


async def check(
    store: CallStore,
    number: str,
    policy: Policy,
    *,
    default_region: str,
    campaign: str | None = None,
    now_utc: datetime | None = None,
    windows: CallingWindows = DEFAULT_WINDOWS,
    halted: str | None = None,
) -> tuple[str, DialDecision]:
    """The number in E.164 (or as given when it does not parse) and the policy's decision for it now."""
    try:
        e164 = normalize(number, default_region)
    except InvalidNumber as exc:
        return number, DialDecision(False, Deny.INVALID_NUMBER, str(exc))
    suppressed = await store.is_suppressed(e164, campaign)
    consent = policy is Policy.MANUAL or await store.has_consent(e164, campaign)
    facts = DialFacts(e164, suppressed, consent, now_utc or datetime.now(UTC), halted)
    return e164, decide(facts, policy, windows)


async def dial(
    control: Originator,
    store: CallStore,
    number: str,
    *,
    flow: Flow,
    contact: Mapping[str, str] | None = None,
    default_region: str,
    campaign: str | None = None,
    now_utc: datetime | None = None,
    windows: CallingWindows = DEFAULT_WINDOWS,
    halted: str | None = None,
) -> str:
    """Check the contact's data and the robot policy, then originate; returns the new channel id.

    Raises DialRefused, naming what is wrong (a contact field the flow needs, the policy's reason)."""
    if missing := missing_contact_fields(flow, contact):
        detail = f"no {', '.join(missing)} for flow {flow.name}"
        raise DialRefused(number, DialDecision(False, Deny.CONTACT_INCOMPLETE, detail))
    e164, decision = await check(
        store,
        number,
        Policy.ROBOT,
        default_region=default_region,
        campaign=campaign,
        now_utc=now_utc,
        windows=windows,
        halted=halted,
    )
    if not decision.allowed:
        raise DialRefused(e164, decision)
    ref = ""
    if contact:
        ref = uuid.uuid4().hex
        await store.save_contact(ref, contact)
    return await control.originate(e164, flow.name, ref)
