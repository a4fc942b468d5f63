"""Routes typed call events to calls: a CallOffered makes a CallSession, later events go to its session."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from bot.calls.ports import Script
from bot.calls.session import CallDeps, CallSession
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
        max_calls: int = 100,
    ) -> None:
        self.deps = deps
        self.script_for = script_for
        self.mask = mask
        self.max_calls = max_calls
        self.sessions: dict[str, CallSession] = {}
        self.scope = TaskScope("calls")
        self.accepting = True  # False once draining (SIGTERM): new calls are refused

    def on_event(self, event: CallEvent) -> None:
        if isinstance(event, CallOffered):
            if event.channel not in self.sessions:
                self._start(event)
            return
        session = self.sessions.get(event.channel)
        if session is not None:
            session.on_event(event)

    def _start(self, offer: CallOffered) -> None:
        if not self.accepting:
            log.warning("call %s refused: the bot is shutting down", offer.channel)
            self.scope.spawn(self.deps.control.hangup(offer.channel, "congestion"), f"refuse:{offer.channel}")
            return
        if self.deps.halt.reason is not None:
            log.error("call %s refused: calls are halted (%s)", offer.channel, self.deps.halt.reason)
            self.scope.spawn(self.deps.control.hangup(offer.channel, "congestion"), f"refuse:{offer.channel}")
            return
        if len(self.sessions) >= self.max_calls:
            log.warning("call %s refused: %d calls already running", offer.channel, len(self.sessions))
            self.scope.spawn(self.deps.control.hangup(offer.channel, "congestion"), f"refuse:{offer.channel}")
            return
        session = CallSession(offer, self.deps, self.script_for(offer), masked_caller=self.mask(offer.caller))
        self.sessions[offer.channel] = session
        task = session.start(self.scope)
        task.add_done_callback(lambda _t: self.sessions.pop(session.call_id, None))

    async def drain(self, timeout: float) -> None:
        """Refuse new calls, let running ones finish (SIGTERM), then close whatever is left."""
        self.accepting = False
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.sessions and loop.time() < deadline:
            await asyncio.sleep(0.1)
        left = list(self.sessions.values())
        results = await asyncio.gather(*(s.aclose() for s in left), return_exceptions=True)
        for session, result in zip(left, results, strict=True):
            if isinstance(result, BaseException):
                log.error("call %s: close at shutdown failed", session.call_id, exc_info=result)
        await self.scope.aclose()
