"""What the campaign runner saw of one of its calls in Asterisk (bot/asterisk/campaign_calls.py fills it,
bot/campaign/outcome.py judges it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class CallTrace:
    """What was seen of one campaign call; filled from ARI events by the runner."""

    originate_id: str
    dial_status: str = ""  # the last DIALSTATUS of the gate's Dial (BUSY, NOANSWER, ANSWER, ...)
    callee_answered_at: datetime | None = None  # Dial reported ANSWER (before AMD)
    amd_status: str = ""
    amd_cause: str = ""
    connected_at: datetime | None = None  # the originated channel came up: the call went to the bot
    cause: int = 0  # the originated channel's hangup cause
    cause_txt: str = ""
    ended_at: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)
