"""Runs a flow on a call: the compliance opening, then the flow's states, listening with the recogniser.

Every trigger runs in its own action task: firing a trigger cancels the callbacks of the previous one
(AsyncMachine), and the call's script task must never be the one cancelled. Opt-out (voice or key) is
checked on every partial and final result in every state and goes to the machine's global `opt_out`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.calls.optout_action import record_opt_out
from bot.calls.ports import RecognizerStream, Webhooks
from bot.calls.session import CallHungUp, CallSession
from bot.compliance.optout import OptOutDetector
from bot.core.clock import utcnow
from bot.core.logs import call_event
from bot.core.tasks import TaskScope
from bot.core.transcript import Transcript
from bot.flow.intents import match_intent
from bot.flow.machine import ENDINGS, OPENING, build_machine, flow_state_of, listen_state
from bot.flow.schema import Flow, Retry, Transition

log = logging.getLogger(__name__)

RecognizerFactory = Callable[[int, str], RecognizerStream]
# From hearing an opt-out to hanging up, goodbye included (the rules say "immediately"; we allow the
# one-sentence confirmation, within this bound).
OPTOUT_HANGUP_WITHIN = 1.8


@dataclass
class FlowPlan:
    """A loaded flow with what running it needs: detector, recogniser factory, grammar additions."""

    flow: Flow
    detector: OptOutDetector
    recognizer: RecognizerFactory | None  # None: no model for the language (keypad opt-out only)
    optout_grammar: list[str] = field(default_factory=list)  # opt-out phrases the model can hear


@dataclass
class _Turn:
    state: str
    prompt: str
    started_at: str = field(default_factory=utcnow)
    partial: str = ""


class FlowRunner:
    """The script of one call (`await runner(session)`); also the model of the call's state machine."""

    state: str  # set by the machine

    def __init__(self, plan: FlowPlan, webhooks: Webhooks, default_region: str) -> None:
        self.plan = plan
        self.flow = plan.flow
        self.webhooks = webhooks
        self.default_region = default_region
        self.finished = asyncio.Event()
        self.retries: dict[str, int] = {}
        self.turn: _Turn | None = None
        self._acting = False
        self._session: CallSession | None = None
        self._actions = TaskScope("flow")
        self.reply_latencies: list[float] = []  # end of caller speech -> first frame of the reply (s)
        self._heard_at: float | None = None
        self._asr: RecognizerStream | None = None
        self._opting_out = False
        self._reprompt: str | None = None

    @property
    def session(self) -> CallSession:
        assert self._session is not None
        return self._session

    # ---- the script entry point ----------------------------------------------------------------------
    async def __call__(self, session: CallSession) -> None:
        self._session = session
        self._actions = TaskScope(f"flow:{session.call_id}")
        build_machine(self.flow, self)
        asr: RecognizerStream | None = None
        consumer: asyncio.Task[None] | None = None
        if self.plan.recognizer is not None and session.media is not None:
            asr = self.plan.recognizer(session.media.sample_rate, session.call_id)
            asr.complete = self._complete
            self._asr = asr
            session.audio_listeners.append(asr.push_frame)
            consumer = asyncio.create_task(self._consume(asr), name=f"asr-results:{session.call_id}")
        session.dtmf_listeners.append(self._on_dtmf)
        try:
            self._spawn(self.to_opening(), "opening")  # type: ignore[attr-defined]
            await self.finished.wait()
        finally:
            if not session.end_state:
                session.end_state = flow_state_of(self.state)
            if self.state not in ENDINGS:
                # Leave the state: cancels its no-input timer and any callback still running in it.
                with contextlib.suppress(Exception):
                    await self.trigger("hangup")  # type: ignore[attr-defined]
            # Stop hearing first (no new actions can start), then the actions, then the recogniser.
            if consumer is not None:
                consumer.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await consumer
            await self._actions.aclose()
            if asr is not None:
                session.audio_listeners.remove(asr.push_frame)
                session.asr_audio_s, session.asr_busy_s = asr.audio_seconds, asr.busy_seconds
                call_event(
                    session.call_id,
                    "asr",
                    audio_s=round(asr.audio_seconds, 2),
                    busy_s=round(asr.busy_seconds, 3),
                )
                await asr.aclose()

    def _spawn(self, coro: Any, name: str) -> None:
        self._actions.spawn(self._guard(coro), name)

    async def _guard(self, coro: Any) -> None:
        try:
            await coro
        except CallHungUp:
            self.finished.set()
        except Exception:
            log.exception("call %s: flow action failed in state %s", self.session.call_id, self.state)
            self.finished.set()

    # ---- speaking ------------------------------------------------------------------------------------
    async def _say(self, text: str) -> bool:
        completed = await self.session.say(self.flow.render(text, self.session.info.contact), self.flow.voice)
        if self._heard_at is not None and self.session.last_first_frame_at is not None:
            self.reply_latencies.append(self.session.last_first_frame_at - self._heard_at)
            call_event(self.session.call_id, "reply", ms=round(self.reply_latencies[-1] * 1000, 1))
            self._heard_at = None
        return completed

    async def _play(self, name: str) -> None:
        path = self.flow.sound_path(name)
        assert path is not None
        await self.session.play_file(path)

    # ---- machine callbacks (names referenced by bot.flow.machine) -----------------------------------
    async def enter_opening(self, event: Any) -> None:
        # The opening is the law's part of the call: always first, only an opt-out may interrupt it.
        self._listen_for([])
        await self._say(self.flow.opening_text(self.session.info.contact))
        await self.trigger(f"to_{self.flow.start}")  # type: ignore[attr-defined]

    async def enter_state(self, event: Any) -> None:
        name = event.state.name
        state = self.flow.states[name]
        self._acting = False
        call_event(self.session.call_id, "state", state=name)
        reprompt, self._reprompt = self._reprompt, None
        prompt = reprompt if reprompt is not None else (state.say or "")
        self._listen_for(state.grammar_phrases())
        if state.listen is not None:
            self.turn = _Turn(name, prompt)
        if reprompt is not None or state.say:
            if prompt:
                await self._say(prompt)
        elif state.play:
            await self._play(name)
        if self._acting:
            return  # the caller answered during the prompt (barge-in); that answer moves the call on
        if state.listen is not None:
            await self.trigger(f"to_{listen_state(name)}")  # type: ignore[attr-defined]
        else:
            assert state.next is not None
            await self._take(state.next, name, "next")

    async def enter_listen(self, event: Any) -> None:
        self._acting = False

    async def no_input(self, event: Any) -> None:
        if self._acting or self.state in ENDINGS or self.session.hung_up.is_set():
            return
        with contextlib.suppress(CallHungUp):
            await self._fallback(flow_state_of(self.state), "no_input", heard="")

    async def enter_ended(self, event: Any) -> None:
        self.finished.set()

    async def enter_transferred(self, event: Any) -> None:
        self.finished.set()

    async def enter_hung_up(self, event: Any) -> None:
        self.finished.set()

    async def enter_opted_out(self, event: Any) -> None:
        source, words = event.kwargs.get("source", "voice"), event.kwargs.get("words", "")
        heard_at = event.kwargs.get("heard_at") or asyncio.get_running_loop().time()
        self.session.stop_speaking()
        previous = flow_state_of(event.transition.source)
        self.session.end_state = previous
        await record_opt_out(
            self.session, source=source, words=words, default_region=self.default_region, heard_at=heard_at
        )
        if self.turn is not None:
            await self._store_turn(heard=words, intent="opt_out", transition="opted_out")
        # The call ends within 2 s of the opt-out by construction: a goodbye still playing then is cut.
        left = OPTOUT_HANGUP_WITHIN - (asyncio.get_running_loop().time() - heard_at)
        with contextlib.suppress(CallHungUp, TimeoutError):
            async with asyncio.timeout(max(0.0, left)):
                await self.session.say(self.flow.optout_goodbye_text(), self.flow.voice)
        with contextlib.suppress(CallHungUp):
            await self.session.hangup()
        self.finished.set()

    # ---- what the caller does -----------------------------------------------------------------------
    def _opt_out(self, source: str, words: str, heard_at: float) -> None:
        """Fire the global opt_out once. No stop_speaking here: the trigger cancels the callback that is
        speaking (which stops its prompt); stopping first would let that callback resume and move on."""
        if self._opting_out or self.state in ENDINGS:
            return
        self._opting_out = True
        trigger = self.trigger("opt_out", source=source, words=words, heard_at=heard_at)  # type: ignore[attr-defined]
        self._spawn(trigger, "opt-out")

    def _on_dtmf(self, digit: str) -> None:
        if digit == self.flow.optout.key:
            self._opt_out("keypress", f"key {digit}", asyncio.get_running_loop().time())

    def _complete(self, text: str) -> bool:
        """Worker-thread predicate: may the recogniser end the turn early on this partial?"""
        if self.plan.detector.detect(text, final=True) is not None:
            return True
        intents = self._intents()
        return bool(intents) and match_intent(text, intents) is not None

    def _intents(self) -> dict[str, tuple[str, ...]]:
        state = getattr(self, "state", "new")
        if state in ENDINGS or state in ("new", OPENING):
            return {}
        listen = self.flow.states[flow_state_of(state)].listen
        return dict(listen.intents) if listen is not None else {}

    def _listen_for(self, phrases: list[str]) -> None:
        """This state's intent phrases plus the opt-out phrases: opt-out is heard in every state."""
        if self._asr is not None:
            self._asr.set_grammar([*phrases, *self.plan.optout_grammar])

    async def _consume(self, asr: RecognizerStream) -> None:
        async for transcript in asr:
            state = self.state
            if state in ENDINGS:
                continue
            if self._opting_out:
                continue
            if self.plan.detector.detect(transcript.text, final=transcript.final) is not None:
                call_event(self.session.call_id, "opt_out_heard", final=transcript.final)
                self._opt_out("voice", transcript.text, transcript.at)
                continue
            self._on_transcript(transcript, state)

    def _on_transcript(self, transcript: Transcript, state: str) -> None:
        if state in ("new", OPENING) or self._acting:
            return
        flow_state = flow_state_of(state)
        spec = self.flow.states[flow_state]
        if spec.listen is None:
            return
        speaking = state == flow_state
        if speaking and not spec.barge_in:
            return
        if not transcript.final:
            if self.turn is not None:
                self.turn.partial = transcript.text
            if speaking:
                self.session.stop_speaking()  # barge-in
            return
        # Reply latency counts from the end of the caller's speech as it reached the bot.
        self._heard_at = transcript.speech_end_at or transcript.at
        match = match_intent(transcript.text, spec.listen.intents)
        self._acting = True
        if match is None:
            self._spawn(self._fallback(flow_state, "no_match", heard=transcript.text), "no-match")
            return
        call_event(self.session.call_id, "intent", intent=match.intent, score=round(match.score, 2))
        self._spawn(
            self._decide(spec.transition_for(match.intent), flow_state, match.intent, transcript), "intent"
        )

    async def _decide(self, transition: Transition, flow_state: str, intent: str, heard: Transcript) -> None:
        await self._store_turn(
            heard=heard.text, confidence=heard.confidence, intent=intent, transition=_label(transition)
        )
        await self._take(transition, flow_state, intent)

    async def _fallback(self, flow_state: str, kind: str, heard: str) -> None:
        self._acting = True
        handler = self.flow.states[flow_state].fallback(kind)  # type: ignore[arg-type]
        if isinstance(handler, Retry):
            used = self.retries.get(flow_state, 0)
            if used < handler.retries:
                self.retries[flow_state] = used + 1
                await self._store_turn(heard=heard, intent=kind, transition="retry")
                # Re-enter the speaking state with the reprompt: barge-in and the timer work as for a prompt.
                self._reprompt = handler.reprompt or self.flow.states[flow_state].say or ""
                await self.trigger(f"to_{flow_state}")  # type: ignore[attr-defined]
                return
            handler = handler.then
        await self._store_turn(heard=heard, intent=kind, transition=_label(handler))
        await self._take(handler, flow_state, kind)

    async def _take(self, transition: Transition, flow_state: str, via: str) -> None:
        """Perform a transition: set, webhook (with its fallback), say, then goto / end / transfer."""
        self._acting = True
        session = self.session
        if transition.set is not None:
            if transition.set.disposition:
                session.disposition = transition.set.disposition
            session.fields.update(transition.set.fields)
        if transition.webhook is not None:
            hook = transition.webhook
            try:
                await self.webhooks.post(hook.url, self._webhook_payload(flow_state, via), hook.timeout)
                call_event(session.call_id, "webhook", ok=True)
            except Exception as exc:
                # A failing webhook never crashes the call: log it and take on_failure (or go on).
                call_event(session.call_id, "webhook", ok=False, error=str(exc)[:200])
                session.fields["webhook_failed"] = hook.url
                if hook.on_failure is not None:
                    await self._take(hook.on_failure, flow_state, "webhook_failed")
                    return
        if transition.say:
            await self._say(transition.say)
        if transition.goto:
            self.retries.pop(transition.goto, None)
            await self.trigger(f"to_{transition.goto}")  # type: ignore[attr-defined]
        elif transition.end is not None:
            session.end_state = flow_state
            await self._say(transition.end)
            await session.hangup()
            await self.trigger("to_ended")  # type: ignore[attr-defined]
        elif transition.transfer is not None:
            session.end_state = flow_state
            t = transition.transfer
            await session.transfer(t.endpoint, t.context, t.extension)
            await self.trigger("to_transferred")  # type: ignore[attr-defined]

    def _webhook_payload(self, flow_state: str, via: str) -> dict[str, Any]:
        s = self.session
        return {
            "call_id": s.call_id,
            "flow": self.flow.name,
            "state": flow_state,
            "event": via,
            "caller": s.info.caller,
            "contact": s.info.contact,
            "disposition": s.disposition,
            "fields": s.fields,
        }

    async def _store_turn(self, *, heard: str, intent: str, transition: str, confidence: float = 0.0) -> None:
        turn, self.turn = self.turn, None
        if turn is None:
            return
        await self.session.deps.store.add_turn(
            self.session.call_id,
            state=turn.state,
            prompt=self.flow.render(turn.prompt, self.session.info.contact),
            partial=turn.partial,
            heard=heard,
            confidence=confidence,
            intent=intent,
            transition=transition,
            started_at=turn.started_at,
            ended_at=utcnow(),
        )


def _label(transition: Transition) -> str:
    if transition.goto:
        return f"goto:{transition.goto}"
    if transition.end is not None:
        return "end"
    return "transfer"
