"""Calls that only hear one message and end: the voicemail left on an answering machine, and the
safe-harbour message for an answered person the bot has no free slot for (the 2-second rule).

Neither listens for speech (no recogniser: the safe-harbour call exists because the bot is full), but the
flow's opt-out key still works and is stored like any opt-out.
"""

from __future__ import annotations

import asyncio
import logging

from bot.calls.ports import CallEnded, CallHandle, CallOutcome
from bot.flow.schema import Flow

log = logging.getLogger(__name__)

VOICEMAIL = "voicemail_left"
SAFE_HARBOUR = "safe_harbour"


class MessageScript:
    """Say `text` in the flow's voice, then hang up; `outcome.disposition` says which message it was."""

    def __init__(self, flow: Flow, text: str, disposition: str) -> None:
        self.flow = flow
        self.text = text
        self.outcome = CallOutcome(end_state="message", disposition=disposition)
        self._call: CallHandle | None = None
        self._key_at: float | None = None  # loop time of the opt-out key

    async def run(self, call: CallHandle) -> None:
        self._call = call
        call.listen(None, self._key)
        try:
            spoken = await call.say(self.text, self.flow.voice, self.flow.rate)
        except CallEnded:
            spoken = None
        if self._key_at is not None:  # stored before the call ends, like every opt-out
            self.outcome.opted_out, self.outcome.optout_source = True, "keypress"
            await call.record_opt_out("keypress", "", self._key_at)
        if spoken is None or not spoken.completed:
            self.outcome.end_state = "message_cut"
        if spoken is not None:
            await call.hangup()

    def _key(self, digit: str) -> None:
        if digit == self.flow.optout.key and self._call is not None and self._key_at is None:
            self._key_at = asyncio.get_running_loop().time()
            log.info("call %s: opt-out key during a message", self._call.call_id)
            self._call.stop_speaking()


def voicemail_script(flow: Flow) -> MessageScript:
    return MessageScript(flow, flow.voicemail_text(), VOICEMAIL)


def safe_harbour_script(flow: Flow) -> MessageScript:
    return MessageScript(flow, flow.safe_harbour_text(), SAFE_HARBOUR)
