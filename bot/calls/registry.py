"""Routes typed call events to calls: a CallOffered makes a CallSession, later events go to its session."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from bot.calls.admission import CallRate
from bot.calls.ports import Script
from bot.calls.session import CallDeps, CallSession, record_of
from bot.core.clock import utcnow
from bot.core.events import CallEvent, CallOffered
from bot.core.tasks import TaskScope

log = logging.getLogger(__name__)

Masker = Callable[[str], str]


class CallRegistry:
    """Owns the live sessions; `on_event` is called from the event loop and never blocks."""

    def __init__(
        self,
        deps: CallDeps,
        script_for: Callable[[CallOffered], Script],
        mask: Masker,
        max_calls: int,
        safe_harbour_for: Callable[[CallOffered], Script | None] | None = None,
        rate: CallRate | None = None,
    ) -> None:
        self.deps = deps
        self.script_for = script_for
        self.mask = mask
        self.max_calls = max_calls
        self.rate = rate or CallRate(0, 1)  # how fast calls may start (bot.calls.admission); none: no limit
        self.safe_harbour_for = safe_harbour_for
        self.sessions: dict[str, CallSession] = {}
        # Answered outbound calls past max_calls, hearing the safe-harbour message (no recogniser, so
        # cheap); bounded too, by max_calls. Not counted in free_slots.
        self.overflow: dict[str, CallSession] = {}
        self.abandoned = 0  # safe-harbour calls since start (the status endpoint reports it)
        self.scope = TaskScope("calls")
        self.accepting = True  # False once draining (SIGTERM): new calls are refused

    def on_event(self, event: CallEvent) -> None:
        if isinstance(event, CallOffered):
            if event.channel not in self.sessions:
                self._start(event)
            return
        session = self.sessions.get(event.channel) or self.overflow.get(event.channel)
        if session is not None:
            session.on_event(event)

    @property
    def free_slots(self) -> int:
        """How many more calls may start now (the campaign dialer paces itself on this): free call slots,
        no more than the start rate allows."""
        if not self.accepting or self.deps.halt.reason is not None:
            return 0
        return max(0, min(self.max_calls - len(self.sessions), self.rate.available))

    def _start(self, offer: CallOffered) -> None:
        if not self.accepting:
            self._refuse(offer, "shutting_down")
            return
        if self.deps.halt.reason is not None:
            log.error("call %s refused: calls are halted (%s)", offer.channel, self.deps.halt.reason)
            self._refuse(offer, "halted")
            return
        if len(self.sessions) >= self.max_calls:
            if not self._safe_harbour(offer):
                self._refuse(offer, "busy")
            return
        # A person our dialer reached is never turned away for the rate: the dialer paced it already.
        if not self.rate.take(borrow=offer.direction == "outbound"):
            self._refuse(offer, "rate")
            return
        self._run(offer, self.script_for(offer), self.sessions)

    def _run(self, offer: CallOffered, script: Script, sessions: dict[str, CallSession]) -> None:
        session = CallSession(offer, self.deps, script, masked_caller=self.mask(offer.caller))
        sessions[offer.channel] = session
        task = session.start(self.scope)
        task.add_done_callback(lambda _t: sessions.pop(session.call_id, None))

    def _safe_harbour(self, offer: CallOffered) -> bool:
        """An answered person of our own outbound call and no slot: the 2-second rule says they hear
        the safe-harbour message now (and the call counts as abandoned). Machines are just refused."""
        if offer.direction != "outbound" or offer.amd == "MACHINE" or self.safe_harbour_for is None:
            return False
        if len(self.overflow) >= self.max_calls or (script := self.safe_harbour_for(offer)) is None:
            return False
        log.warning("call %s: no free slot (%d calls): safe-harbour message", offer.channel, self.max_calls)
        self.abandoned += 1
        self._run(offer, script, self.overflow)
        return True

    def _refuse(self, offer: CallOffered, why: str) -> None:
        """A clean busy (SIP 486) instead of a degraded call; the refusal is recorded like any call."""
        log.warning("call %s refused (%s): %d calls running", offer.channel, why, len(self.sessions))
        self.scope.spawn(self._record_refusal(offer, why), f"refuse:{offer.channel}")

    async def _record_refusal(self, offer: CallOffered, why: str) -> None:
        try:
            await self.deps.control.hangup(offer.channel, "busy")
        finally:
            store = self.deps.store
            await store.call_started(offer.channel, **record_of(offer))
            ending = {"hangup_cause": "busy", "end_state": "refused", "disposition": why}
            await store.call_ended(offer.channel, ended_at=utcnow(), **ending)

    async def drain(self, timeout: float) -> None:
        """Refuse new calls, let running ones finish (SIGTERM), then close whatever is left."""
        self.accepting = False
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while (self.sessions or self.overflow) and loop.time() < deadline:
            await asyncio.sleep(0.1)
        left = [*self.sessions.values(), *self.overflow.values()]
        results = await asyncio.gather(*(s.aclose() for s in left), return_exceptions=True)
        for session, result in zip(left, results, strict=True):
            if isinstance(result, BaseException):
                log.error("call %s: close at shutdown failed", session.call_id, exc_info=result)
        await self.scope.aclose()
