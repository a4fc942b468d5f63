"""A whole call in memory: the real CallSession and FlowRunner, with the fakes of `bot.sim.fakes` as edges.

`SimulatedCall` plays the caller: `say_caller()`, `press()`, `silence()`, `hang_up()`. By default an input
waits until the bot listens for a new answer (turn-taking); `wait=False` talks over whatever is playing.
It watches the runner's state machine (every `state` the machine assigns) to report the path through the
flow, and reads the outcome back from the MemoryStore like a real call's record.

Run it on `bot.sim.fakes.run_virtual()` for timeouts and prompt durations that cost no wall time.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.calls.flow_runner import FlowPlan, FlowRunner
from bot.calls.ports import Webhooks
from bot.calls.session import CallDeps, CallSession
from bot.compliance.optout import OptOutDetector
from bot.compliance.optout_model import learned_model
from bot.core.events import CallOffered, Dtmf, Hangup
from bot.flow.contact import sample_contact
from bot.flow.engine_states import INITIAL, LISTEN_SUFFIX, OPENING, OPTED_OUT
from bot.flow.machine import flow_state_of
from bot.flow.schema import Flow
from bot.flow.validate import texts
from bot.sim.fakes import (
    SECONDS_PER_CHAR,
    Events,
    FakeControl,
    FakeMedia,
    FakeRecognizer,
    FakeWebhooks,
    MemoryStore,
    TextSpeech,
)

RETRY = ", retry"  # how `Step.via` marks a reprompt
HANGUP_CAUSE = "caller"  # the cause a simulated caller's hangup gives


class SimulationError(Exception):
    """The simulated caller cannot do what was asked (e.g. answer after the call ended)."""


@dataclass(frozen=True)
class Step:
    """One move of the call's state machine: machine states, and what moved the flow (`via`)."""

    source: str
    dest: str
    via: str = ""

    @property
    def flow_move(self) -> tuple[str, str]:
        return flow_state_of(self.source), flow_state_of(self.dest)

    def __str__(self) -> str:
        source, dest = self.flow_move
        return f"[{source} -> {dest} via {self.via}]" if self.via else f"[{source} -> {dest}]"


@dataclass
class CallResult:
    """How a simulated call ended, read back like the real call record."""

    disposition: str
    fields: dict[str, str]
    end_state: str
    opted_out: bool
    hangup_cause: str
    machine_state: str  # ended / transferred / opted_out / hung_up, or the state the call was cut off in
    path: list[str]
    lines: list[str]
    turns: list[dict[str, Any]]
    record: dict[str, Any] = field(default_factory=dict)
    transferred_to: str | None = None


class _ObservedRunner(FlowRunner):
    """The real FlowRunner; it only reports each `state` the machine assigns (transitions sets the attribute
    before the new state's callbacks run, so the report comes before the state's prompt)."""

    def __init__(
        self,
        plan: FlowPlan,
        webhooks: Webhooks,
        on_state: Callable[[str, str], None],
    ) -> None:
        self._sim_state = INITIAL
        self._on_state = on_state
        super().__init__(plan, webhooks)

    @property  # type: ignore[override]
    def state(self) -> str:
        return self._sim_state

    @state.setter
    def state(self, value: str) -> None:
        old, self._sim_state = self._sim_state, value
        self._on_state(old, value)


class SimulatedCall:
    """One call of `flow` with a scripted or typed caller: `async with SimulatedCall(flow) as call:`."""

    def __init__(
        self,
        flow: Flow,
        *,
        contact: dict[str, str] | None = None,
        speed: float = 0.0,
        number: str = "+12025550142",
        webhooks: Webhooks | None = None,
        call_id: str = "sim-call",
        default_region: str = "US",
        on_line: Callable[[str], None] | None = None,
        on_step: Callable[[Step], None] | None = None,
        optout_model: bool = True,
    ) -> None:
        self.flow = flow
        self.call_id = call_id
        self.events: Events = []
        self.on_line = on_line
        self.on_step = on_step
        self.speech = TextSpeech(events=self.events, on_line=self._line)
        self.control = FakeControl(speed=speed, events=self.events, describe=self.speech.text_of)
        self.store = MemoryStore(events=self.events)
        self.webhooks = webhooks if webhooks is not None else FakeWebhooks(events=self.events)
        if isinstance(self.webhooks, FakeWebhooks):
            self.webhooks.events = self.events  # one timeline for every edge of the call
        self.recognizer: FakeRecognizer | None = None
        # A contact field the caller's data lacks takes the flow's sample value, as `clearcall simulate` does.
        contact = {**sample_contact(flow), **(contact or {})}
        # As the bot hears opt-outs: the rules, and the learned second opinion unless it is turned off.
        second = learned_model(flow.language) if optout_model else None
        phrases = flow.optout.phrases
        self.detector = OptOutDetector(flow.language, extra_phrases=phrases, second_opinion=second)
        plan = FlowPlan(flow, self.detector, self._make_recognizer, self.detector.grammar_phrases())
        self.runner = _ObservedRunner(plan, self.webhooks, self._on_state)
        offer = CallOffered(call_id, number, "clearcall", flow.name, contact=contact)
        deps = CallDeps(self.control, self.speech, self.store, default_region)
        self.session = CallSession(offer, deps, self.runner)
        self.steps: list[Step] = []
        self.path: list[str] = []  # flow states entered, in order (a goto back repeats; a retry not)
        self.lines: list[str] = []
        self._unread = 0  # index into lines of the next line wait_for_bot_line returns
        self._turns_seen = 0
        self._lines_at_state = 0  # len(lines) when the machine last changed state
        self._failures_seen = 0
        self._listen_version = 0  # bumped on every entry into a listening state
        self._answered = 0  # the listen version the caller last answered (or stayed silent in)
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        # Long enough for any state to time out twice and every text to be spoken once: a wait this long
        # means the call is stuck.
        longest = max((s.listen.timeout for s in flow.states.values() if s.listen is not None), default=1.0)
        chars = len(flow.opening_text(contact)) + len(flow.optout_goodbye_text())
        chars += sum(len(text) for _path, text in texts(flow))
        self.wait_timeout = 2 * longest + 5.0 + speed * chars * SECONDS_PER_CHAR

    # ---- lifecycle ------------------------------------------------------------------------------------
    async def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self.session.run(), name=f"sim:{self.call_id}")
            self._task.add_done_callback(lambda _t: self._notify())

    async def __aenter__(self) -> SimulatedCall:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self, timeout: float = 5.0) -> None:
        """End the call if it is still on (the caller hangs up) and wait for the session to finish."""
        if self._task is None or self._task.done():
            return
        self.hang_up()
        done, _ = await asyncio.wait({self._task}, timeout=timeout)
        if not done:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    # ---- what the simulator sees ------------------------------------------------------------------
    @property
    def state(self) -> str:
        """The machine state: a flow state, `<state>__listen`, `opening`, an ending, or `new`."""
        return self.runner.state

    @property
    def flow_state(self) -> str:
        return flow_state_of(self.state)

    @property
    def listening(self) -> bool:
        return self.state.endswith(LISTEN_SUFFIX)

    @property
    def ended(self) -> bool:
        return self._task is not None and self._task.done()

    @property
    def media(self) -> FakeMedia | None:
        return self.control.media

    def hold_prompts(self, on: bool = True) -> None:
        """While on, each prompt plays until stopped (barge-in, opt-out) or `release_prompt()`: at speed 0
        this is how a test talks over a prompt."""
        self.control.hold = on
        if self.media is not None:
            self.media.hold = on

    def release_prompt(self) -> None:
        """Let the prompt now playing finish as if heard to the end."""
        if self.media is not None:
            self.media.release_playback()

    def _notify(self) -> None:
        self._wake.set()
        self._wake = asyncio.Event()

    def _line(self, text: str) -> None:
        self.lines.append(text)
        if self.on_line is not None:
            self.on_line(text)
        self._notify()

    def _make_recognizer(self, sample_rate: int, call_id: str) -> FakeRecognizer:
        self.recognizer = FakeRecognizer(sample_rate, events=self.events)
        self._notify()
        return self.recognizer

    def _on_state(self, old: str, new: str) -> None:
        if old == new == INITIAL:
            return  # the machine's initial assignment
        step = Step(old, new, self._via(old, new))
        self._lines_at_state = len(self.lines)
        self.steps.append(step)
        # A retry asks again in the same state: not a new visit, however the runner re-enters it.
        retry = step.via.endswith(RETRY) and flow_state_of(old) == new
        if new in self.flow.states and not retry:
            self.path.append(new)
        if new.endswith(LISTEN_SUFFIX):
            self._listen_version += 1
        source, dest = step.flow_move
        if self.on_step is not None and old != INITIAL and (source != dest or step.via):
            self.on_step(step)
        self._notify()

    def _via(self, old: str, new: str) -> str:
        """What moved the flow, from what the runner stored since the last step."""
        turns = self.store.get_turns(self.call_id)
        fresh, self._turns_seen = turns[self._turns_seen :], len(turns)
        failures = getattr(self.webhooks, "failures", 0)
        webhook_failed, self._failures_seen = failures > self._failures_seen, failures
        if new == OPTED_OUT:
            return "opt_out"
        if old == OPENING or (old == new == INITIAL):
            return ""
        if fresh:
            turn = fresh[-1]
            via = str(turn.get("intent", ""))
            if turn.get("transition") == "retry":
                via += RETRY
        elif old in self.flow.states and self.flow.states[old].next is not None:
            via = "next"
        else:
            return ""  # the prompt ended: now listening (not a move of the flow)
        return f"{via}, webhook failed" if webhook_failed else via

    async def _wait(self, predicate: Callable[[], bool], timeout: float | None, what: str) -> None:
        loop = asyncio.get_running_loop()
        timeout = self.wait_timeout if timeout is None else timeout
        deadline = None if math.isinf(timeout) else loop.time() + timeout  # inf: wait as long as it takes
        while not predicate():
            wake = self._wake
            remaining = None if deadline is None else deadline - loop.time()
            if remaining is not None and remaining <= 0:
                raise TimeoutError(f"simulated call: no {what} within {timeout} s (state {self.state})")
            try:
                await asyncio.wait_for(wake.wait(), remaining)
            except TimeoutError:
                continue  # the loop re-checks the predicate, then reports the timeout

    async def until_listening(self, timeout: float | None = None) -> bool:
        """Wait until the bot listens for a new answer: True, or False when the call has ended."""
        await self._wait(
            lambda: self.ended or (self.listening and self._listen_version > self._answered),
            timeout,
            "listening state",
        )
        return not self.ended

    async def wait_for_state(self, state: str, timeout: float | None = None) -> None:
        """Wait until the machine is in `state` (a machine state name, e.g. `greet__listen`)."""
        await self._wait(lambda: self.state == state or self.ended, timeout, f"state {state}")
        if self.state != state:
            raise SimulationError(f"the call ended in {self.state} before reaching {state}")

    async def wait_for_prompt(self, state: str, timeout: float | None = None) -> str:
        """Wait until the machine is in `state` (`opening` or a flow state) and its prompt has started;
        returns the prompt. The caller can then talk over it (`wait=False`)."""
        await self._wait(
            lambda: self.ended or (self.state == state and len(self.lines) > self._lines_at_state),
            timeout,
            f"prompt of {state}",
        )
        if self.ended:
            raise SimulationError(f"the call ended before the bot spoke in {state}")
        return self.lines[-1]

    async def wait_for_bot_line(self, timeout: float | None = None) -> str | None:
        """The next line the bot says (in order, each once); None when the call ended without more."""
        await self._wait(lambda: self._unread < len(self.lines) or self.ended, timeout, "bot line")
        if self._unread < len(self.lines):
            self._unread += 1
            return self.lines[self._unread - 1]
        return None

    async def wait_ended(self, timeout: float | None = None) -> CallResult:
        """Wait for the session to finish (`timeout=math.inf`: however long it takes); its result."""
        await self._wait(lambda: self.ended, timeout, "end of call")
        return self.result()

    # ---- the caller -----------------------------------------------------------------------------------
    async def _ready(self, wait: bool, what: str, timeout: float | None) -> None:
        if wait and not await self.until_listening(timeout):
            raise SimulationError(f"the call ended before the caller could {what}")
        self._answered = self._listen_version

    async def say_caller(
        self, text: str, *, wait: bool = True, partials: bool = True, timeout: float | None = None
    ) -> None:
        """The caller says `text`: growing partial results word by word, then the final one.

        `wait=False` speaks at once, over whatever the bot is saying (barge-in, opt-out in the opening).
        """
        await self._ready(wait, f"say {text!r}", timeout)
        await self._wait(lambda: self.recognizer is not None or self.ended, timeout, "recogniser")
        if self.recognizer is None:
            raise SimulationError(f"the call ended before the caller could say {text!r}")
        if self.media is not None:  # the audio itself, so the recogniser's counters move as in a call
            self.media.send_audio(bytes(round(len(text) * SECONDS_PER_CHAR * self.media.sample_rate) * 2))
        words = text.split()
        if partials:
            for count in range(1, len(words) + 1):
                self.recognizer.hear(" ".join(words[:count]), final=False)
        self.recognizer.hear(text, final=True)

    async def press(self, digits: str, *, wait: bool = True, timeout: float | None = None) -> None:
        """The caller presses keys (`"9"`, `"12"`), as ARI's ChannelDtmfReceived events."""
        await self._ready(wait, f"press {digits}", timeout)
        for digit in digits:
            self.session.on_event(Dtmf(self.call_id, digit))

    async def silence(self, timeout: float | None = None) -> None:
        """The caller says nothing: the state's listen timeout (no_input) will move the call on."""
        await self._ready(True, "stay silent", timeout)

    def hang_up(self) -> None:
        """The caller hangs up."""
        self.session.on_event(Hangup(self.call_id, HANGUP_CAUSE))

    # ---- the outcome ----------------------------------------------------------------------------------
    def turns(self) -> list[dict[str, Any]]:
        """The turns the runner stored so far (MemoryStore rows: state, prompt, heard, intent, ...)."""
        return self.store.get_turns(self.call_id)

    def result(self) -> CallResult:
        """The outcome as the call record has it (complete once the call has ended)."""
        record = dict(self.store.get_call(self.call_id) or {})
        transfer = self.control.transfers[-1] if self.control.transfers else None
        outcome = self.runner.outcome
        return CallResult(
            disposition=str(record.get("disposition", outcome.disposition)),
            fields=dict(record.get("fields", outcome.fields)),
            end_state=str(record.get("end_state", outcome.end_state)),
            opted_out=bool(record.get("opted_out", outcome.opted_out)),
            hangup_cause=str(record.get("hangup_cause", "")),
            machine_state=self.state,
            path=list(self.path),
            lines=list(self.lines),
            turns=self.turns(),
            record=record,
            transferred_to=None if transfer is None else (transfer[1] or f"{transfer[2]},{transfer[3]}"),
        )
