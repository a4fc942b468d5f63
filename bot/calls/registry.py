"""Routes ARI events to calls: a StasisStart makes a CallSession, later events go to the session they name."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from bot.asterisk.call_control import channel_of, is_media_channel
from bot.calls.session import CallDeps, CallInfo, CallSession, Script
from bot.core.tasks import TaskScope

log = logging.getLogger(__name__)

Masker = Callable[[str], str]


def call_info_from(event: dict) -> CallInfo:
    """Use only what StasisStart carries (reading PJSIP headers through ARI was seen to stall calls)."""
    channel = event["channel"]
    args = event.get("args") or []
    if len(args) >= 3 and args[1] == "outbound":  # appArgs of our own originate: flow,outbound,number
        return CallInfo(
            channel_id=channel["id"],
            caller=(channel.get("caller") or {}).get("number", ""),
            callee=args[2],
            flow=args[0],
            direction="outbound",
        )
    return CallInfo(
        channel_id=channel["id"],
        caller=(channel.get("caller") or {}).get("number", ""),
        callee=(channel.get("dialplan") or {}).get("exten", ""),
        flow=args[0] if args else "",
    )


class CallRegistry:
    """Owns the live sessions; its `on_event` is an ARI listener and never blocks."""

    def __init__(
        self, deps: CallDeps, script_for: Callable[[CallInfo], Script], mask: Masker, max_calls: int = 100
    ) -> None:
        self.deps = deps
        self.script_for = script_for
        self.mask = mask
        self.max_calls = max_calls
        self.sessions: dict[str, CallSession] = {}
        self.scope = TaskScope("calls")
        self.on_session_end: list[Callable[[CallSession], None]] = []

    def on_event(self, event: dict) -> None:
        channel_id = channel_of(event)
        if channel_id is None or is_media_channel(channel_id):
            return
        if event.get("type") == "StasisStart" and channel_id not in self.sessions:
            self._start(event)
            return
        session = self.sessions.get(channel_id)
        if session is not None:
            session.on_event(event)

    def _start(self, event: dict) -> None:
        info = call_info_from(event)
        if len(self.sessions) >= self.max_calls:
            log.warning("call %s refused: %d calls already running", info.channel_id, len(self.sessions))
            self.scope.spawn(
                self.deps.control.hangup(info.channel_id, "congestion"), f"refuse:{info.channel_id}"
            )
            return
        session = CallSession(info, self.deps, self.script_for(info), masked_caller=self.mask(info.caller))
        self.sessions[info.channel_id] = session
        task = session.start(self.scope)
        task.add_done_callback(lambda _t: self._finished(session))

    def _finished(self, session: CallSession) -> None:
        self.sessions.pop(session.call_id, None)
        for callback in self.on_session_end:
            callback(session)

    async def drain(self, timeout: float) -> None:
        """Let running calls finish (SIGTERM), then close whatever is left."""
        deadline = asyncio.get_running_loop().time() + timeout
        while self.sessions and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.1)
        await asyncio.gather(*(s.aclose() for s in list(self.sessions.values())), return_exceptions=True)
        await self.scope.aclose()
