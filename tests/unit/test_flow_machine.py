"""The engine's machine uses exactly the state names that flow validation reserves."""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path

from bot.calls.flow_runner import FlowPlan
from bot.flow.engine_states import ENGINE_MARK, ENGINE_STATE_NAMES, INITIAL
from bot.flow.loader import load_flow
from bot.flow.machine import attach, build_machine, flow_state_of, listen_state
from bot.sim import CallResult, SimulatedCall, run_virtual

FLOWS = Path(__file__).resolve().parents[2] / "flows"


class _Model:
    state: str


def test_engine_states_are_the_reserved_names() -> None:
    flow = load_flow(FLOWS / "sales_followup_en.yaml")
    model = _Model()
    machine = build_machine(flow)
    attach(machine, model)
    listening = {listen_state(name) for name, state in flow.states.items() if state.listen is not None}
    assert listening and all(ENGINE_MARK in name for name in listening)
    assert set(machine.states) - set(flow.states) - listening == ENGINE_STATE_NAMES
    assert model.state == INITIAL


def test_flow_state_of_listen_state() -> None:
    assert flow_state_of(listen_state("greet")) == "greet"
    assert flow_state_of("greet") == "greet"


def test_calls_share_their_flow_machine_and_leave_little_cyclic_garbage(monkeypatch) -> None:
    """Two calls at once on one machine keep apart; a finished call leaves it and leaves few cycles (a machine
    built per call left ~745 objects of cyclic garbage per call, freed only by full collections)."""
    flow = load_flow(FLOWS / "survey_ko.yaml")
    shared = build_machine(flow)
    monkeypatch.setattr(FlowPlan, "machine", property(lambda _plan: shared))

    async def answer(call_id: str, words: str) -> CallResult:
        async with SimulatedCall(flow, number="+12025550142", call_id=call_id) as call:
            await call.say_caller(words)
            return await call.wait_ended(timeout=120)

    async def calls() -> tuple[CallResult, ...]:
        return tuple(await asyncio.gather(answer("a", "네"), answer("b", "전화 하지 마세요")))

    run_virtual(calls())  # the flow's first call builds what every call shares (caches, fillers)
    gc.collect()
    gc.disable()  # every cycle the next calls leave stays for the count below
    try:
        yes, stop = run_virtual(calls())
        cyclic = gc.collect()
    finally:
        gc.enable()
    assert (yes.opted_out, yes.machine_state) == (False, "ended")
    assert (stop.opted_out, stop.machine_state) == (True, "opted_out")
    assert shared.models == []
    assert cyclic < 2 * 300, f"{cyclic} objects of cyclic garbage for two calls"
