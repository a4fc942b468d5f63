"""The engine's machine uses exactly the state names that flow validation reserves."""

from __future__ import annotations

from pathlib import Path

from bot.flow.engine_states import ENGINE_MARK, ENGINE_STATE_NAMES, INITIAL
from bot.flow.loader import load_flow
from bot.flow.machine import build_machine, flow_state_of, listen_state

FLOWS = Path(__file__).resolve().parents[2] / "flows"


class _Model:
    state: str


def test_engine_states_are_the_reserved_names() -> None:
    flow = load_flow(FLOWS / "sales_followup_en.yaml")
    model = _Model()
    machine = build_machine(flow, model)
    listening = {listen_state(name) for name, state in flow.states.items() if state.listen is not None}
    assert listening and all(ENGINE_MARK in name for name in listening)
    assert set(machine.states) - set(flow.states) - listening == ENGINE_STATE_NAMES
    assert model.state == INITIAL


def test_flow_state_of_listen_state() -> None:
    assert flow_state_of(listen_state("greet")) == "greet"
    assert flow_state_of("greet") == "greet"
