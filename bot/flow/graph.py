"""Draw a flow as a Mermaid flowchart or a Graphviz digraph (``clearcall flows graph``)."""

from __future__ import annotations

from bot.flow.schema import Flow, Transition
from bot.flow.validate import edges

_START = "__start__"
_END = "__end__"


def _state_id(name: str) -> str:
    # Prefixed so that a state called `end` or `graph` cannot collide with Mermaid/DOT keywords.
    return f"s_{name}"


def _target(transition: Transition, transfers: dict[str, str]) -> tuple[str, str]:
    """(node id, node label) the transition leads to; transfers get one node per destination."""
    if transition.goto is not None:
        return _state_id(transition.goto), transition.goto
    if transition.transfer is not None:
        transfer = transition.transfer
        where = transfer.endpoint or f"{transfer.context},{transfer.extension}"
        node = transfers.setdefault(where, f"transfer_{len(transfers)}")
        return node, f"transfer {where}"
    return _END, "end"


def _edge_label(label: str, transition: Transition) -> str:
    parts = [label]
    if transition.webhook is not None:
        parts.append("+webhook")
    if transition.set is not None and transition.set.disposition:
        parts.append(f"[{transition.set.disposition}]")
    return " ".join(parts)


def _quote(text: str) -> str:
    """Escape text for a DOT double-quoted string."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _mermaid(text: str) -> str:
    """Escape text for a Mermaid quoted label (Mermaid has entity codes, not backslashes)."""
    return text.replace('"', "#quot;")


def to_mermaid(flow: Flow) -> str:
    """Mermaid ``flowchart`` source: one node per state, one arrow per transition."""
    lines = ["flowchart TD", f'    {_START}(("{_mermaid(flow.name)}"))']
    for name in flow.states:
        lines.append(f'    {_state_id(name)}["{name}"]')
    lines.append(f"    {_START} --> {_state_id(flow.start)}")
    transfers: dict[str, str] = {}
    targets: dict[str, str] = {}
    for edge in edges(flow):
        node, node_label = _target(edge.transition, transfers)
        targets.setdefault(node, node_label)
        label = _mermaid(_edge_label(edge.label, edge.transition))
        lines.append(f'    {_state_id(edge.state)} -->|"{label}"| {node}')
    for node, node_label in targets.items():
        if node == _END:
            lines.append(f'    {_END}(("end"))')
        elif node.startswith("transfer_"):
            lines.append(f'    {node}[/"{_mermaid(node_label)}"/]')
    return "\n".join(lines) + "\n"


def to_dot(flow: Flow) -> str:
    """Graphviz DOT source of the same graph."""
    lines = [
        f'digraph "{_quote(flow.name)}" {{',
        "    rankdir=TB;",
        '    node [shape=box, style=rounded, fontname="sans-serif"];',
        f'    {_START} [shape=circle, label="{_quote(flow.name)}"];',
    ]
    for name in flow.states:
        lines.append(f'    {_state_id(name)} [label="{name}"];')
    lines.append(f"    {_START} -> {_state_id(flow.start)};")
    transfers: dict[str, str] = {}
    targets: dict[str, str] = {}
    for edge in edges(flow):
        node, node_label = _target(edge.transition, transfers)
        targets.setdefault(node, node_label)
        label = _quote(_edge_label(edge.label, edge.transition))
        lines.append(f'    {_state_id(edge.state)} -> {node} [label="{label}"];')
    for node, node_label in targets.items():
        if node == _END:
            lines.append(f'    {_END} [shape=doublecircle, label="end"];')
        elif node.startswith("transfer_"):
            lines.append(f'    {node} [shape=parallelogram, label="{_quote(node_label)}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"
