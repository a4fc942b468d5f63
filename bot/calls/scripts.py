"""Which script a call runs: chosen by the flow named in Stasis(clearcall,<flow>)."""

from __future__ import annotations

from bot.calls.session import CallInfo, CallSession, Script
from bot.config import Settings

OPENING = (
    "Hello, this is an automated assistant calling for Clearcall. This call is recorded. "
    "To stop these calls, say stop calling me or press 9 at any time."
)


def script_factory(settings: Settings):
    async def opening_only(session: CallSession) -> None:
        session.end_state = "opening"
        await session.say(OPENING, "en-us")
        await session.say("Goodbye.", "en-us")
        await session.hangup()

    def script_for(info: CallInfo) -> Script:
        return opening_only

    return script_for
