"""Typed call events: what the telephony edge tells a call, in the calls layer's own words.

The edge (`bot.asterisk.ari_events`) turns ARI's JSON into these; `calls/` never sees ARI event names,
appArgs formats or channel-naming conventions, so the registry and the session are tested by feeding
them these events.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Direction = Literal["inbound", "outbound"]


@dataclass(frozen=True)
class CallOffered:
    """A call reached the bot: an inbound caller, or the answered leg of our own originate."""

    channel: str
    caller: str
    callee: str
    flow: str
    direction: Direction = "inbound"
    contact: Mapping[str, str] = field(default_factory=dict)
    # Our own outbound call: where the dialer left the contact's data (never the data itself, which
    # would show in Asterisk's channel listings and CDRs).
    contact_ref: str = ""
    # A campaign call: what answering-machine detection said on the answered callee (MACHINE, HUMAN,
    # NOTSURE, HANGUP), empty when it did not run.
    amd: str = ""


@dataclass(frozen=True)
class Dtmf:
    """The caller pressed a key."""

    channel: str
    digit: str


@dataclass(frozen=True)
class Hangup:
    """The far end is gone (hung up, or the channel left the bot's application)."""

    channel: str
    cause: str


@dataclass(frozen=True)
class MediaLost:
    """The call's audio connection dropped without a hangup: the call cannot go on."""

    channel: str


CallEvent = CallOffered | Dtmf | Hangup | MediaLost
