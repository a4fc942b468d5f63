"""ARI's vocabulary, kept here: event names, the appArgs format and our channel-naming conventions.

`call_event_from_ari` turns one ARI event into a typed call event (`bot.core.events`), or None when it is
not about a caller's channel (our own media channels, bridges, other applications' events).
"""

from __future__ import annotations

from typing import Any

from bot.core.events import CallEvent, CallOffered, Dtmf, Hangup

MEDIA_PREFIX = "cc-media-"
BRIDGE_PREFIX = "cc-bridge-"
OUTBOUND_PREFIX = "cc-out-"
_OUTBOUND = "outbound"


def is_media_channel(channel_id: str) -> bool:
    return channel_id.startswith(MEDIA_PREFIX)


def outbound_app_args(flow: str, number: str, contact_ref: str = "") -> str:
    """Stasis appArgs of our own originate: `flow,outbound,number[,contact_ref]` (read back below)."""
    return ",".join((flow, _OUTBOUND, number, *([contact_ref] if contact_ref else [])))


def call_event_from_ari(event: dict[str, Any]) -> CallEvent | None:
    channel = event.get("channel")
    if not isinstance(channel, dict) or not isinstance(channel.get("id"), str):
        return None
    channel_id: str = channel["id"]
    if is_media_channel(channel_id):
        return None
    kind = event.get("type")
    if kind == "StasisStart":
        return _offered(channel_id, channel, event.get("args") or [])
    if kind == "ChannelDtmfReceived":
        return Dtmf(channel_id, str(event.get("digit", "")))
    if kind == "ChannelHangupRequest":
        return Hangup(channel_id, str(event.get("cause_txt") or event.get("cause") or "hangup"))
    if kind in ("StasisEnd", "ChannelDestroyed"):
        return Hangup(channel_id, str(event.get("cause_txt") or kind))
    return None


def _offered(channel_id: str, channel: dict[str, Any], args: list[str]) -> CallOffered:
    # Only what StasisStart carries: reading PJSIP headers through ARI was seen to stall calls.
    caller = str((channel.get("caller") or {}).get("number", ""))
    if len(args) >= 3 and args[1] == _OUTBOUND:
        # Campaign calls (dialplans/clearcall_campaign.conf) add AMD's verdict as a fifth argument.
        ref = args[3] if len(args) >= 4 else ""
        amd = args[4] if len(args) >= 5 else ""
        return CallOffered(channel_id, caller, args[2], args[0], "outbound", contact_ref=ref, amd=amd)
    callee = str((channel.get("dialplan") or {}).get("exten", ""))
    return CallOffered(channel_id, caller, callee, args[0] if args else "", "inbound")
