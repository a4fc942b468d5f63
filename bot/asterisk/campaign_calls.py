"""Campaign calls on ARI: originate a claim into the gated outbound context and follow it to its end.

The originate goes to `Local/<number>@clearcall-outbound` (the FastAGI gate, then Dial with AMD on the
answered callee: dialplans/clearcall_outbound_gate.conf). Its originated half has the claim's
`originate_id` as channel id and, once the callee is connected, enters the bot through
`clearcall-campaign-connected` (dialplans/clearcall_campaign.conf). The other half is `<id>-dial`.

The campaign's own ARI application subscribes to every channel's events (subscribeAll), which is how it
sees the Dial status, AMD's UserEvent and the hangup cause of calls that never reach any application.
ARI does not queue events while the WebSocket is down: a call whose end was missed is found by
`is_live` (GET channels/<id>) when the runner looks again.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

from bot.asterisk.ari import AriClient, AriNotFound
from bot.asterisk.call_control import OUTBOUND_CONTEXT
from bot.core.call_trace import CallTrace
from bot.core.campaign_records import Claim
from bot.core.numbers import mask

log = logging.getLogger(__name__)

CONNECT_CONTEXT = "clearcall-campaign-connected"
DIAL_SUFFIX = "-dial"
AMD_EVENT = "ClearcallAmd"
# How long after the ring time the originate may still wait for the callee to be connected (AMD analysis
# up to 5 s, then up to 20 s of waiting for a voicemail greeting's beep).
CONNECT_MARGIN_S = 30


class CampaignCalls:
    """Originates campaign calls and keeps a `CallTrace` per call until its originated channel is gone."""

    def __init__(self, ari: AriClient) -> None:
        self.ari = ari
        self.traces: dict[str, CallTrace] = {}
        self._ended: dict[str, asyncio.Event] = {}
        ari.add_listener(self._on_event)

    def follow(self, originate_id: str) -> CallTrace:
        """Start collecting events for `originate_id` (before the originate, so none is missed)."""
        trace = self.traces.setdefault(originate_id, CallTrace(originate_id))
        self._ended.setdefault(originate_id, asyncio.Event())
        return trace

    async def wait_ended(self, originate_id: str) -> CallTrace:
        await self._ended[originate_id].wait()
        return self.traces[originate_id]

    def forget(self, originate_id: str) -> None:
        self.traces.pop(originate_id, None)
        self._ended.pop(originate_id, None)

    def mark_ended(self, originate_id: str, cause_txt: str) -> None:
        """The channel is gone but its end was not seen (events socket down, or found after a restart)."""
        trace = self.traces[originate_id]
        if trace.ended_at is None:
            trace.ended_at = datetime.now(UTC)
            trace.cause_txt = trace.cause_txt or cause_txt
        self._ended[originate_id].set()

    async def originate(
        self, claim: Claim, *, machine: str, ring_seconds: int, contact_ref: str, caller_id: str = ""
    ) -> None:
        """One POST /channels for the claim; never retried (a retry could ring the person twice)."""
        variables = {
            "CLEARCALL_FLOW": claim.flow,
            "CLEARCALL_NUMBER": claim.number,
            "CLEARCALL_REF": contact_ref,
            # Inherited (__) down to the dialling half and the called channel, where the gate and AMD run.
            "__CLEARCALL_AMD": "1",
            "__CLEARCALL_MACHINE": machine,
            "__CLEARCALL_ATTEMPT": claim.originate_id,
            "__CLEARCALL_CAMPAIGN": claim.campaign,
            "__CLEARCALL_RING_SECONDS": str(ring_seconds),
        }
        params = {
            "endpoint": f"Local/{claim.number}@{OUTBOUND_CONTEXT}",
            "context": CONNECT_CONTEXT,
            "extension": "s",
            "priority": 1,
            "channelId": claim.originate_id,
            "otherChannelId": claim.originate_id + DIAL_SUFFIX,
            "timeout": ring_seconds + CONNECT_MARGIN_S,
        }
        if caller_id:
            params["callerId"] = caller_id
        log.info("campaign %s: originate %s to %s", claim.campaign, claim.originate_id, mask(claim.number))
        await self.ari.request("POST", "channels", params=params, body={"variables": variables})

    async def is_live(self, originate_id: str) -> bool:
        try:
            await self.ari.request("GET", f"channels/{originate_id}")
        except AriNotFound:
            return False
        return True

    async def hangup(self, originate_id: str) -> None:
        """Cancel a call that is still ringing (the campaign is stopping and it was never answered)."""
        for ident in (originate_id, originate_id + DIAL_SUFFIX):
            try:
                await self.ari.request("DELETE", f"channels/{ident}", params={"reason": "normal"})
            except AriNotFound:
                pass

    # ---- events -----------------------------------------------------------------------------------
    def _on_event(self, event: dict[str, Any]) -> None:
        kind = event.get("type")
        if kind == "Dial":
            caller = (event.get("caller") or {}).get("id", "")
            trace = self._trace_of(caller)
            status = str(event.get("dialstatus") or "")
            if trace is not None and status:
                trace.dial_status = status
                if status == "ANSWER" and trace.callee_answered_at is None:
                    trace.callee_answered_at = _when(event)
        elif kind == "ChannelUserevent" and event.get("eventname") == AMD_EVENT:
            fields = event.get("userevent") or {}
            trace = self.traces.get(str(fields.get("attempt", "")))
            if trace is not None:
                trace.amd_status = str(fields.get("status", ""))
                trace.amd_cause = str(fields.get("cause", ""))
        elif kind == "ChannelDialplan" and event.get("dialplan_app") == "Stasis":
            # The originated half enters the bot (clearcall-campaign-connected): AMD is over.
            trace = self.traces.get((event.get("channel") or {}).get("id", ""))
            if trace is not None and trace.connected_at is None:
                trace.connected_at = _when(event)
        elif kind == "ChannelDestroyed":
            channel = event.get("channel") or {}
            ident = channel.get("id", "")
            if ident in self.traces:
                trace = self.traces[ident]
                trace.cause = int(event.get("cause") or 0)
                trace.cause_txt = str(event.get("cause_txt") or "")
                trace.ended_at = _when(event)
                self._ended[ident].set()
            elif (trace := self._trace_of(ident)) is not None:
                trace.extra["dial_cause"] = int(event.get("cause") or 0)

    def _trace_of(self, dial_channel: str) -> CallTrace | None:
        if dial_channel.endswith(DIAL_SUFFIX):
            return self.traces.get(dial_channel[: -len(DIAL_SUFFIX)])
        return None


def _when(event: dict[str, Any]) -> datetime:
    try:
        return datetime.fromisoformat(str(event["timestamp"])).astimezone(UTC)
    except (KeyError, ValueError):
        return datetime.now(UTC)
