"""What happens when a caller opts out: the number goes on the suppression list, durably, first."""

from __future__ import annotations

import asyncio
import logging

from bot.calls.session import CallSession
from bot.core.logs import call_event
from bot.core.numbers import InvalidNumber, normalize

log = logging.getLogger(__name__)


async def record_opt_out(
    session: CallSession, *, source: str, words: str, default_region: str, heard_at: float
) -> None:
    """Commit the suppression row before anything else is said (a kill -9 after this keeps it)."""
    loop = asyncio.get_running_loop()
    session.optout_heard_at = heard_at
    number = session.info.caller if session.info.direction == "inbound" else session.info.callee
    try:
        number = normalize(number, default_region)
    except InvalidNumber:
        # Still suppress what we have: refusing to record an opt-out is never the safe side.
        log.warning("call %s: opt-out from a number that does not parse; stored as given", session.call_id)
    # Shielded: a hangup that cancels the call must not cancel the commit half-way.
    await asyncio.shield(
        session.deps.store.suppress(
            number, scope="global", source=source, words=words, call_id=session.call_id
        )
    )
    session.opted_out = True
    session.optout_committed_at = loop.time()
    ms = round((loop.time() - heard_at) * 1000, 2)
    call_event(session.call_id, "opt_out", source=source, heard_to_commit_ms=ms)
