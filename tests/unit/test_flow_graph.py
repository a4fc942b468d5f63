"""Mermaid and DOT drawings show every state and every transition."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.flow.graph import to_dot, to_mermaid
from bot.flow.loader import load_flow
from bot.flow.validate import edges

FLOWS = Path(__file__).resolve().parents[2] / "flows"


@pytest.mark.parametrize("path", sorted(FLOWS.glob("*.yaml")), ids=lambda path: path.name)
def test_graphs_contain_every_state_and_edge(path: Path) -> None:
    flow = load_flow(path)
    mermaid, dot = to_mermaid(flow), to_dot(flow)
    assert mermaid.startswith("flowchart TD\n")
    assert dot.startswith(f'digraph "{flow.name}" {{') and dot.rstrip().endswith("}")
    for name in flow.states:
        assert f's_{name}["{name}"]' in mermaid
        assert f's_{name} [label="{name}"];' in dot
    assert f"__start__ --> s_{flow.start}" in mermaid
    assert f"__start__ -> s_{flow.start};" in dot
    all_edges = list(edges(flow))
    arrows = [line for line in mermaid.splitlines() if "-->|" in line]
    assert len(arrows) == len(all_edges)
    dot_arrows = [line for line in dot.splitlines() if " -> " in line and "__start__" not in line]
    assert len(dot_arrows) == len(all_edges)
    for edge in all_edges:
        target = f"s_{edge.transition.goto}" if edge.transition.goto else ""
        assert any(
            line.strip().startswith(f'{"s_" + edge.state} -->|"{edge.label}') and line.endswith(target)
            for line in arrows
        ), edge


def test_edge_kinds_in_survey() -> None:
    flow = load_flow(FLOWS / "survey_ko.yaml")
    mermaid = to_mermaid(flow)
    assert 's_ask_interest -->|"yes [interested]"| __end__' in mermaid
    assert 's_ask_interest -->|"no [not_interested]"| __end__' in mermaid
    assert 's_ask_interest -->|"no_match after 1 retry [no_answer]"| __end__' in mermaid
    assert '__end__(("end"))' in mermaid


def test_transfers_and_webhooks_are_drawn() -> None:
    flow = load_flow(FLOWS / "appointment_reminder_en.yaml")
    mermaid, dot = to_mermaid(flow), to_dot(flow)
    assert '[/"transfer clearcall_agents,100"/]' in mermaid
    assert 'shape=parallelogram, label="transfer clearcall_agents,100"' in dot
    assert 's_confirm_cancel -->|"yes +webhook [cancelled]"| __end__' in mermaid
    assert 's_confirm_cancel -->|"yes, webhook failed"| transfer_0' in mermaid
    assert 's_confirm_cancel -> s_remind [label="no"];' in dot
