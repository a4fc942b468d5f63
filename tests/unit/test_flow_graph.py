"""Mermaid and DOT drawings show every state and every transition."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.flow.graph import to_dot, to_mermaid
from bot.flow.loader import load_flow, load_flow_text
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


SMALL = """\
name: small
language: en
voice: en-us
identity: {company: Acme, purpose: a test, callback_number: "+1 202 555 0100"}
start: a
states:
  a:
    say: Hi
    listen: {intents: {yes: [yes], no: [no]}}
    on:
      yes:
        webhook: {url: "http://127.0.0.1:8099/x", on_failure: {transfer: {endpoint: 'PJSIP/a"b\\c'}}}
        transfer: {endpoint: 'PJSIP/a"b\\c'}
      no: {set: {disposition: nope}, goto: b}
      no_match: {retries: 2, then: {transfer: {context: ctx, extension: "1"}}}
  b:
    next: {end: Bye}
"""


def test_exact_output_of_both_formats() -> None:
    flow = load_flow_text(SMALL, "small.yaml")
    assert to_mermaid(flow) == (
        "flowchart TD\n"
        '    __start__(("small"))\n'
        '    s_a["a"]\n'
        '    s_b["b"]\n'
        "    __start__ --> s_a\n"
        '    s_a -->|"yes +webhook"| transfer_0\n'
        '    s_a -->|"yes, webhook failed"| transfer_0\n'
        '    s_a -->|"no [nope]"| s_b\n'
        '    s_a -->|"no_match after 2 retries"| transfer_1\n'
        '    s_b -->|"next"| __end__\n'
        '    transfer_0[/"transfer PJSIP/a#quot;b\\c"/]\n'
        '    transfer_1[/"transfer ctx,1"/]\n'
        '    __end__(("end"))\n'
    )
    assert to_dot(flow) == (
        'digraph "small" {\n'
        "    rankdir=TB;\n"
        '    node [shape=box, style=rounded, fontname="sans-serif"];\n'
        '    __start__ [shape=circle, label="small"];\n'
        '    s_a [label="a"];\n'
        '    s_b [label="b"];\n'
        "    __start__ -> s_a;\n"
        '    s_a -> transfer_0 [label="yes +webhook"];\n'
        '    s_a -> transfer_0 [label="yes, webhook failed"];\n'
        '    s_a -> s_b [label="no [nope]"];\n'
        '    s_a -> transfer_1 [label="no_match after 2 retries"];\n'
        '    s_b -> __end__ [label="next"];\n'
        '    transfer_0 [shape=parallelogram, label="transfer PJSIP/a\\"b\\\\c"];\n'
        '    transfer_1 [shape=parallelogram, label="transfer ctx,1"];\n'
        '    __end__ [shape=doublecircle, label="end"];\n'
        "}\n"
    )
