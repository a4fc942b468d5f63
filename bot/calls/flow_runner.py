"""Runs a flow on a call: the compliance opening, then the flow's states, listening with the recogniser.

Every trigger runs in its own action task: firing a trigger cancels the callbacks of the previous one
(AsyncMachine), and the call's script task must never be the one cancelled. Opt-out (voice or key) is
checked on every partial and final result in every state and goes to the machine's global `opt_out`.

What an answer means is bot.flow.answers' business (a `TurnListener` per state): an intent, no match, or
*ambiguous* about a positive intent. Ambiguous asks again through the state's `no_match` retries, with
"Sorry, was that a yes?" as the reprompt; when the retries are used up, the `then` transition is taken
but never records the disposition of a positive intent ("unclear" instead).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.calls.ports import CallEnded, CallHandle, CallOutcome, RecognizerStream, Webhooks
from bot.compliance.legal_texts import recording_answers, recording_question
from bot.compliance.optout import OptOutDetector
from bot.core.clock import utcnow
from bot.core.errors import WebhookFailed
from bot.core.logs import call_event
from bot.core.tasks import TaskScope
from bot.core.transcript import Transcript
from bot.flow.answers import Answer, AnswerRules, TurnListener, confirm_prompt
from bot.flow.engine_states import ENDINGS, INITIAL, OPENING, OPTED_OUT
from bot.flow.machine import FlowMachine, attach, build_machine, detach, flow_state_of, listen_state
from bot.flow.schema import Flow, Retry, Transition

log = logging.getLogger(__name__)

RecognizerFactory = Callable[[int, str], RecognizerStream]
# From the end of the caller's opt-out (their last voiced frame; the key press) to hanging up, goodbye
# included: the rules say "immediately"; we allow the start of a one-sentence confirmation. With the
# recogniser's delay inside it, the caller gets the BYE about 1.2 s after their last word.
OPTOUT_HANGUP_WITHIN = 1.2
# When the call ends under the script, how long a running action may take to reach an ending itself.
ACTION_GRACE = 0.5
# Recorded instead of a positive intent's disposition when an unclear answer ends the state.
NEUTRAL_DISPOSITION = "unclear"
# Fallbacks that mean "we could not tell what the caller said": they never record a positive outcome.
UNCLEAR = ("ambiguous", "no_match")
# `recording: ask`: how long after the question the caller has to answer; silence counts as "no".
CONSENT_TIMEOUT = 6.0
CONSENT_STATE = "recording_consent"  # the turn that keeps the caller's answer


@dataclass
class FlowPlan:
    """A loaded flow with what running it needs: detector, recogniser factory, grammar additions."""

    flow: Flow
    detector: OptOutDetector
    recognizer: RecognizerFactory | None  # None: no model for the language (keypad opt-out only)
    optout_grammar: list[str] = field(default_factory=list)  # opt-out phrases the model can hear

    @functools.cached_property
    def machine(self) -> FlowMachine:
        """The flow's state machine, built once and shared by its calls (bot.flow.machine)."""
        return build_machine(self.flow)

    def listener(self, state: str | None) -> TurnListener:
        """How the call hears the caller in a flow state (None: the opening, where only opt-outs count)."""
        spec = self.flow.states[state] if state is not None else None
        listen = spec.listen if spec is not None else None
        return TurnListener(
            self.detector,
            self.optout_grammar,
            dict(listen.intents) if listen is not None else None,
            self.flow.language,
            spec.grammar_phrases() if spec is not None else (),
            self.flow.optout_phrase,
        )

    def consent_listener(self) -> TurnListener:
        """How the call hears the answer to "may we record this call?" (`recording: ask`)."""
        answers = recording_answers(self.flow.language)
        phrases = [phrase for options in answers.values() for phrase in options]
        return TurnListener(
            self.detector, self.optout_grammar, answers, self.flow.language, phrases, self.flow.optout_phrase
        )

    def positive_dispositions(self) -> frozenset[str]:
        """Dispositions that a positive intent of any state records: an unclear answer never records one."""
        out = set()
        for spec in self.flow.states.values():
            if spec.listen is None:
                continue
            for intent in AnswerRules(spec.listen.intents, self.flow.language).positive:
                transition = spec.transition_for(intent)
                if transition.set is not None and transition.set.disposition:
                    out.add(transition.set.disposition)
        return frozenset(out)


@dataclass
class _Turn:
    state: str
    prompt: str
    started_at: str = field(default_factory=utcnow)
    partial: str = ""


class FlowRunner:
    """The script of one call (`await runner.run(call)`); also the model of the call's state machine.

    It decides and reports (`outcome`); the session owns the call and writes the record."""

    state: str  # set by the machine

    def __init__(self, plan: FlowPlan, webhooks: Webhooks) -> None:
        self.plan = plan
        self.flow = plan.flow
        self.webhooks = webhooks
        self.outcome = CallOutcome()
        self.finished = asyncio.Event()  # the machine reached an ending
        self.retries: dict[str, int] = {}
        self.turn: _Turn | None = None
        self._acting = False
        self._call: CallHandle | None = None
        self._actions = TaskScope("flow")
        self._heard_at: float | None = None
        self._asr: RecognizerStream | None = None
        self._opting_out = False
        self._reprompt: str | None = None
        self._listener = plan.listener(None)
        self._positive_dispositions = plan.positive_dispositions()
        self._consent: asyncio.Future[tuple[str, str]] | None = None  # (intent, words) while asking

    @property
    def call(self) -> CallHandle:
        assert self._call is not None
        return self._call

    # ---- the script entry point ----------------------------------------------------------------------
    async def run(self, call: CallHandle) -> None:
        self._call = call
        self._actions = TaskScope(f"flow:{call.call_id}")
        asr: RecognizerStream | None = None
        consumer: asyncio.Task[None] | None = None
        if self.plan.recognizer is not None:
            asr = self.plan.recognizer(call.sample_rate, call.call_id)
            asr.complete = self._complete
            self._asr = asr
            consumer = asyncio.create_task(self._consume(asr), name=f"asr-results:{call.call_id}")
        call.listen(asr.push_frame if asr is not None else None, self._on_dtmf)
        attach(self.plan.machine, self)
        try:
            self._spawn(self.to_opening(), "opening")  # type: ignore[attr-defined]
            finished = asyncio.create_task(self.finished.wait())
            ended = asyncio.create_task(call.ended.wait())
            try:
                await asyncio.wait({finished, ended}, return_when=asyncio.FIRST_COMPLETED)
                if not finished.done():  # ended under us: let a closing action (its hangup) finish first
                    await asyncio.wait({finished}, timeout=ACTION_GRACE)
            finally:
                finished.cancel()
                ended.cancel()
        finally:
            call.listen(None, None)
            if not self.outcome.end_state:
                self.outcome.end_state = flow_state_of(self.state)
            if self.state not in ENDINGS:
                # Leave the state: cancels its no-input timer and any callback still running in it.
                try:
                    await self.trigger("hangup")  # type: ignore[attr-defined]
                except Exception:
                    log.exception("call %s: leaving state %s failed", call.call_id, self.state)
            # Stop hearing first (no new actions can start), then the actions, then the recogniser.
            if consumer is not None:
                consumer.cancel()
                await asyncio.wait({consumer})  # not `await consumer`: our own cancellation must propagate
            try:
                await self._actions.aclose()
            finally:
                detach(self.plan.machine, self)  # nothing triggers it any more
            if asr is not None:
                call_event(
                    call.call_id,
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
        except CallEnded:
            self.finished.set()
        except Exception:
            log.exception("call %s: flow action failed in state %s", self.call.call_id, self.state)
            self.finished.set()

    # ---- speaking ------------------------------------------------------------------------------------
    async def _say(self, text: str) -> bool:
        spoken = await self.call.say(
            self.flow.render(text, self.call.info.contact), self.flow.voice, self.flow.rate
        )
        if self._heard_at is not None and spoken.first_frame_at is not None:
            # End of the caller's speech (as it reached the bot) -> first frame of the reply.
            ms = round((spoken.first_frame_at - self._heard_at) * 1000, 1)
            call_event(self.call.call_id, "reply", ms=ms)
            self._heard_at = None
        return spoken.completed

    async def _play(self, name: str) -> None:
        path = self.flow.sound_path(name)
        assert path is not None
        await self.call.play_file(path)

    # ---- machine callbacks (names referenced by bot.flow.machine) -----------------------------------
    async def enter_opening(self, event: Any) -> None:
        # The opening is the law's part of the call: always first, only an opt-out may interrupt it.
        self._listen_for(None)
        await self._say(self.flow.opening_text(self.call.info.contact))
        if self.flow.recording != "off":  # from the end of the notice, never before it
            await self.call.start_recording()
            if self.flow.recording == "ask":
                await self._ask_recording_consent()
        await self.trigger(f"to_{self.flow.start}")  # type: ignore[attr-defined]

    async def _ask_recording_consent(self) -> None:
        """Ask; keep the recording on "yes", delete it on "no" or silence. The call goes on either way."""
        question = recording_question(self.flow.language)
        self._listener = self.plan.consent_listener()
        if self._asr is not None:
            self._asr.set_grammar(self._listener.grammar)
        self._consent = asyncio.get_running_loop().create_future()
        self.turn = _Turn(CONSENT_STATE, question)
        intent, heard, agreed = "no_input", "", False
        try:
            await self._say(question)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(CONSENT_TIMEOUT):
                    intent, heard = await self._consent
            agreed = intent == "yes"
        finally:
            # No "yes" (a "no", silence, a hangup or an opt-out meanwhile): nothing recorded is kept.
            self._consent = None
            if not agreed:
                await self.call.discard_recording()
        call_event(self.call.call_id, "recording_consent", answer=intent)
        await self._store_turn(
            heard=heard, intent=intent, transition="recording:" + ("kept" if agreed else "deleted")
        )

    async def enter_state(self, event: Any) -> None:
        name = event.state.name
        state = self.flow.states[name]
        self._acting = False
        call_event(self.call.call_id, "state", state=name)
        reprompt, self._reprompt = self._reprompt, None
        prompt = reprompt if reprompt is not None else (state.say or "")
        self._listen_for(name)
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
        if self._acting or self.state in ENDINGS or self.call.ended.is_set():
            return
        with contextlib.suppress(CallEnded):
            await self._fallback(flow_state_of(self.state), "no_input", heard="")

    async def enter_ended(self, event: Any) -> None:
        self.finished.set()

    async def enter_transferred(self, event: Any) -> None:
        self.finished.set()

    async def enter_hung_up(self, event: Any) -> None:
        self.finished.set()

    async def enter_opted_out(self, event: Any) -> None:
        source, words = event.kwargs.get("source", "voice"), event.kwargs.get("words", "")
        loop = asyncio.get_running_loop()
        heard_at = event.kwargs.get("heard_at") or loop.time()
        self.call.stop_speaking()
        self.outcome.end_state = flow_state_of(event.transition.source)
        try:
            await self.call.record_opt_out(source, words, heard_at)
        except CallEnded:
            raise
        except Exception:
            # Not stored (the session has halted dialling and said why): never say "removed"; hang up.
            log.exception("call %s: the opt-out could not be stored", self.call.call_id)
            await self.call.hangup()
            self.finished.set()
            return
        self.outcome.opted_out, self.outcome.optout_source = True, source
        if self.turn is not None:
            await self._store_turn(heard=words, intent="opt_out", transition=OPTED_OUT)
        # The call ends soon after the caller's last word, by construction: a goodbye still playing then
        # is cut. Counted from the end of the caller's speech, so a slow recogniser cannot stretch it.
        left = OPTOUT_HANGUP_WITHIN - (loop.time() - heard_at)
        with contextlib.suppress(CallEnded, TimeoutError):
            async with asyncio.timeout(max(0.0, left)):
                await self.call.say(self.flow.optout_goodbye_text(), self.flow.voice, self.flow.rate)
        call_event(self.call.call_id, "optout_hangup", ms=round((loop.time() - heard_at) * 1000, 1))
        await self.call.hangup()
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
        state = getattr(self, "state", INITIAL)
        if state in ENDINGS or state == INITIAL:
            return False
        return self._listener.complete(text)

    def _listen_for(self, state: str | None) -> None:
        """Hear as `state` does (None: the opening): its intent phrases plus the opt-out phrases."""
        self._listener = self.plan.listener(state)
        if self._asr is not None:
            self._asr.set_grammar(self._listener.grammar)

    async def _consume(self, asr: RecognizerStream) -> None:
        async for transcript in asr:
            state = self.state
            if state in ENDINGS:
                continue
            if self._opting_out:
                continue
            decided_by = self._listener.optout(transcript)
            if decided_by is not None:
                # by: the rule's phrase, or "classifier:<language> p=..." when the learned model decided.
                call_event(self.call.call_id, "opt_out_heard", final=transcript.final, by=decided_by)
                self._opt_out("voice", transcript.text, transcript.speech_end_at or transcript.at)
                continue
            self._on_transcript(transcript, state)
        if asr.failed:
            self._spawn(self._end_unheard(), "asr-lost")

    async def _end_unheard(self) -> None:
        """The recogniser died: a call that can no longer hear "stop calling me" does not go on. It ends
        here, without a goodbye it might talk over, and its record says why (`asr_lost`)."""
        if self.state in ENDINGS or self._opting_out or self.call.ended.is_set():
            return
        call_event(self.call.call_id, "asr_lost")
        self._acting = True
        self.call.stop_speaking()
        self.outcome.end_state = flow_state_of(self.state)
        self.outcome.fields["ended_by"] = "asr_lost"
        await self.call.hangup()
        await self.trigger("to_ended")  # type: ignore[attr-defined]

    def _on_transcript(self, transcript: Transcript, state: str) -> None:
        consent = self._consent
        if consent is not None and state == OPENING:  # the answer to "may we record this call?"
            if transcript.final and not consent.done():
                answer = self._listener.answer(transcript)
                call_event(self.call.call_id, "consent_heard", text=transcript.text, kind=answer.kind)
                if answer.kind == "intent":
                    consent.set_result((answer.intent, transcript.text))
            return
        if state in (INITIAL, OPENING) or self._acting:
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
                self.call.stop_speaking()  # barge-in
            return
        # Reply latency counts from the end of the caller's speech as it reached the bot.
        self._heard_at = transcript.speech_end_at or transcript.at
        answer = self._listener.answer(transcript)
        self._acting = True
        if answer.kind == "no_match":
            call_event(self.call.call_id, "no_match", reason=answer.reason)
            self._spawn(self._fallback(flow_state, "no_match", heard=transcript.text), "no-match")
            return
        if answer.kind == "ambiguous":
            call_event(self.call.call_id, "ambiguous", intent=answer.intent, reason=answer.reason)
            heard = transcript.text
            self._spawn(self._fallback(flow_state, "ambiguous", heard=heard, about=answer), "ambiguous")
            return
        call_event(self.call.call_id, "intent", intent=answer.intent, score=round(answer.score, 2))
        self._spawn(
            self._decide(spec.transition_for(answer.intent), flow_state, answer.intent, transcript), "intent"
        )

    async def _decide(self, transition: Transition, flow_state: str, intent: str, heard: Transcript) -> None:
        # The answer's turn is written while the reply starts: the caller hears it one durable commit
        # sooner (20-40 ms on an idle store, more under load). The yield lets the write reach the store's
        # one writer thread first, so it stays ahead of whatever the transition writes.
        writing = asyncio.ensure_future(
            self._store_turn(
                heard=heard.text, confidence=heard.confidence, intent=intent, transition=_label(transition)
            )
        )
        await asyncio.sleep(0)
        try:
            await self._take(transition, flow_state, intent)
        finally:
            await asyncio.shield(writing)

    async def _fallback(self, flow_state: str, kind: str, heard: str, about: Answer | None = None) -> None:
        """no_input, no_match, or an answer ambiguous `about` a positive intent (no_match's retries)."""
        self._acting = True
        handler = self.flow.states[flow_state].fallback("no_match" if kind == "ambiguous" else kind)  # type: ignore[arg-type]
        if isinstance(handler, Retry):
            used = self.retries.get(flow_state, 0)
            if used < handler.retries:
                self.retries[flow_state] = used + 1
                await self._store_turn(heard=heard, intent=kind, transition="retry")
                # Re-enter the speaking state with the reprompt: barge-in and the timer work as for a prompt.
                if about is not None:  # "Sorry, was that a yes?"
                    self._reprompt = confirm_prompt(about.intent, about.phrase, self.flow.language)
                else:
                    self._reprompt = handler.reprompt or self.flow.states[flow_state].say or ""
                await self.trigger(f"to_{flow_state}")  # type: ignore[attr-defined]
                return
            handler = handler.then
        await self._store_turn(heard=heard, intent=kind, transition=_label(handler))
        await self._take(handler, flow_state, kind)

    async def _take(self, transition: Transition, flow_state: str, via: str) -> None:
        """Perform a transition: set, webhook (with its fallback), say, then goto / end / transfer."""
        self._acting = True
        outcome, call = self.outcome, self.call
        if transition.set is not None:
            if transition.set.disposition:
                outcome.disposition = transition.set.disposition
                if via in UNCLEAR and outcome.disposition in self._positive_dispositions:
                    # An answer we could not tell never records a positive outcome.
                    call_event(call.call_id, "neutral_disposition", instead_of=outcome.disposition)
                    outcome.disposition = NEUTRAL_DISPOSITION
            outcome.fields.update(transition.set.fields)
        if transition.webhook is not None:
            hook = transition.webhook
            try:
                await self.webhooks.post(hook.url, self._webhook_payload(flow_state, via), hook.timeout)
                call_event(call.call_id, "webhook", ok=True)
            except WebhookFailed as exc:
                # A failing webhook never crashes the call: log it and take on_failure (or go on).
                call_event(call.call_id, "webhook", ok=False, error=str(exc)[:200])
                outcome.fields["webhook_failed"] = hook.url
                if hook.on_failure is not None:
                    await self._take(hook.on_failure, flow_state, "webhook_failed")
                    return
        if transition.say:
            await self._say(transition.say)
        if transition.goto:
            self.retries.pop(transition.goto, None)
            await self.trigger(f"to_{transition.goto}")  # type: ignore[attr-defined]
        elif transition.end is not None:
            outcome.end_state = flow_state
            await self._say(transition.end)
            await call.hangup()
            await self.trigger("to_ended")  # type: ignore[attr-defined]
        elif transition.transfer is not None:
            outcome.end_state = flow_state
            t = transition.transfer
            await call.transfer(t.endpoint, t.context, t.extension)
            await self.trigger("to_transferred")  # type: ignore[attr-defined]

    def _webhook_payload(self, flow_state: str, via: str) -> dict[str, Any]:
        info = self.call.info
        return {
            "call_id": self.call.call_id,
            "flow": self.flow.name,
            "state": flow_state,
            "event": via,
            "caller": info.caller,
            "contact": dict(info.contact),
            "disposition": self.outcome.disposition,
            "fields": self.outcome.fields,
        }

    async def _store_turn(self, *, heard: str, intent: str, transition: str, confidence: float = 0.0) -> None:
        turn, self.turn = self.turn, None
        if turn is None:
            return
        await self.call.add_turn(
            state=turn.state,
            prompt=self.flow.render(turn.prompt, self.call.info.contact),
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
