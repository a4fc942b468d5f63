"""Builds a flow's state machine (transitions' AsyncMachine), shared by the flow's calls. Pure: no I/O here.

One machine per flow, not per call: each call's FlowRunner is a model of it for the call's life (`attach`,
`detach`); transitions keeps each model's state, running callbacks and timers apart. Built per call, the
machine's ~80 transitions (auto_transitions: one for each pair of states) left ~745 objects of cyclic
garbage per call, which only a full collection frees, holding the event loop (README, "Capacity").

Machine states: `opening` (the compliance opening, always first), one state per flow state where its
prompt is spoken, a `<state>__listen` state (AsyncTimeout = the no-input timer, started when the prompt
ends), and the endings `ended`, `transferred`, `opted_out`, `hung_up`. `opt_out` and `hangup` are global
triggers from every state: the one place opt-out is routed. Firing any trigger cancels the callbacks
still running for the previous state (AsyncMachine), which is how an opt-out or hangup stops a prompt.
"""

from __future__ import annotations

from typing import Any

from transitions.extensions.asyncio import AsyncMachine, AsyncTimeout
from transitions.extensions.states import add_state_features

from bot.flow.engine_states import ENDINGS, HUNG_UP, INITIAL, LISTEN_SUFFIX, OPENING, OPTED_OUT
from bot.flow.schema import Flow


@add_state_features(AsyncTimeout)
class FlowMachine(AsyncMachine):
    """AsyncMachine with per-state timeouts."""


def listen_state(state: str) -> str:
    return f"{state}{LISTEN_SUFFIX}"


def flow_state_of(machine_state: str) -> str:
    """The flow state a machine state belongs to (`greet__listen` -> `greet`)."""
    return machine_state.removesuffix(LISTEN_SUFFIX)


def build_machine(flow: Flow) -> FlowMachine:
    """The machine of a flow, with no model yet. Its models provide the async callbacks named below."""
    states: list[dict[str, Any]] = [{"name": OPENING, "on_enter": "enter_opening"}]
    for name, state in flow.states.items():
        states.append({"name": name, "on_enter": "enter_state"})
        if state.listen is not None:
            states.append(
                {
                    "name": listen_state(name),
                    "timeout": state.listen.timeout,
                    "on_timeout": "no_input",
                    "on_enter": "enter_listen",
                }
            )
    states += [{"name": end, "on_enter": f"enter_{end}"} for end in ENDINGS]
    names = [s["name"] for s in states]
    clashes = {n for n in names if names.count(n) > 1}
    if clashes:
        raise ValueError(f"flow {flow.name}: state names clash with the engine's: {sorted(clashes)}")
    machine = FlowMachine(
        model=None,
        states=states,
        initial=INITIAL,
        auto_transitions=True,  # to_<state>: the flow's own goto targets are validated at load
        send_event=True,
        ignore_invalid_triggers=False,
    )
    machine.add_transition("opt_out", "*", OPTED_OUT)
    machine.add_transition("hangup", "*", HUNG_UP)
    return machine


def attach(machine: FlowMachine, model: Any) -> None:
    """Make `model` (one call) a model of the machine, in the initial state."""
    machine.add_model(model, initial=INITIAL)


def detach(machine: FlowMachine, model: Any) -> None:
    """The call is over: the machine forgets it, and its no-input timers' records, kept per model."""
    machine.remove_model(model)
    for state in machine.states.values():
        timers = getattr(state, "runner", None)  # AsyncTimeout's timer tasks, by id(model)
        if timers is not None:
            timers.pop(id(model), None)
