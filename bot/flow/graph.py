"""Draw a flow as a Mermaid flowchart or a Graphviz digraph (``clearcall flows graph``).

The flow is walked once into a neutral graph; each format only renders it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.flow.schema import Flow, Transition
from bot.flow.validate import edges

_START = "__start__"
_END = "__end__"

_Shape = Literal["start", "state", "end", "transfer"]


@dataclass(frozen=True)
class _Node:
    id: str
    label: str
    shape: _Shape


@dataclass(frozen=True)
class _Arrow:
    source: str
    target: str
    label: str | None  # None: the unlabelled arrow into the first state


@dataclass(frozen=True)
class _Graph:
    name: str
    places: tuple[_Node, ...]  # start and states, drawn before the arrows
    arrows: tuple[_Arrow, ...]
    exits: tuple[_Node, ...]  # end and transfer nodes, in the order first reached, drawn after


def _state_id(name: str) -> str:
    # Prefixed so that a state called `end` or `graph` cannot collide with Mermaid/DOT keywords.
    return f"s_{name}"


def _target(transition: Transition, transfers: dict[str, str]) -> _Node:
    """The node a transition leads to; transfers get one node per destination."""
    if transition.goto is not None:
        return _Node(_state_id(transition.goto), transition.goto, "state")
    if transition.transfer is not None:
        transfer = transition.transfer
        where = transfer.endpoint or f"{transfer.context},{transfer.extension}"
        node = transfers.setdefault(where, f"transfer_{len(transfers)}")
        return _Node(node, f"transfer {where}", "transfer")
    return _Node(_END, "end", "end")


def _edge_label(label: str, transition: Transition) -> str:
    parts = [label]
    if transition.webhook is not None:
        parts.append("+webhook")
    if transition.set is not None and transition.set.disposition:
        parts.append(f"[{transition.set.disposition}]")
    return " ".join(parts)


def _walk(flow: Flow) -> _Graph:
    """One node per state, one arrow per transition, plus the start, end and transfer nodes."""
    places = [_Node(_START, flow.name, "start")]
    places += [_Node(_state_id(name), name, "state") for name in flow.states]
    arrows = [_Arrow(_START, _state_id(flow.start), None)]
    exits: dict[str, _Node] = {}
    transfers: dict[str, str] = {}
    for edge in edges(flow):
        target = _target(edge.transition, transfers)
        if target.shape != "state":
            exits.setdefault(target.id, target)
        arrows.append(_Arrow(_state_id(edge.state), target.id, _edge_label(edge.label, edge.transition)))
    return _Graph(flow.name, tuple(places), tuple(arrows), tuple(exits.values()))


def _mermaid(text: str) -> str:
    """Escape text for a Mermaid quoted label (Mermaid has entity codes, not backslashes)."""
    return text.replace('"', "#quot;")


def _quote(text: str) -> str:
    """Escape text for a DOT double-quoted string."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


_MERMAID_SHAPES: dict[_Shape, str] = {
    "start": '(("{}"))',
    "state": '["{}"]',
    "end": '(("{}"))',
    "transfer": '[/"{}"/]',
}
_DOT_SHAPES: dict[_Shape, str] = {
    "start": "shape=circle, ",
    "state": "",
    "end": "shape=doublecircle, ",
    "transfer": "shape=parallelogram, ",
}


def _render_mermaid(graph: _Graph) -> str:
    def node(n: _Node) -> str:
        return f"    {n.id}{_MERMAID_SHAPES[n.shape].format(_mermaid(n.label))}"

    def arrow(a: _Arrow) -> str:
        label = "" if a.label is None else f'|"{_mermaid(a.label)}"|'
        return f"    {a.source} -->{label} {a.target}"

    lines = ["flowchart TD", *map(node, graph.places), *map(arrow, graph.arrows), *map(node, graph.exits)]
    return "\n".join(lines) + "\n"


def _render_dot(graph: _Graph) -> str:
    def node(n: _Node) -> str:
        return f'    {n.id} [{_DOT_SHAPES[n.shape]}label="{_quote(n.label)}"];'

    def arrow(a: _Arrow) -> str:
        label = "" if a.label is None else f' [label="{_quote(a.label)}"]'
        return f"    {a.source} -> {a.target}{label};"

    lines = [
        f'digraph "{_quote(graph.name)}" {{',
        "    rankdir=TB;",
        '    node [shape=box, style=rounded, fontname="sans-serif"];',
        *map(node, graph.places),
        *map(arrow, graph.arrows),
        *map(node, graph.exits),
        "}",
    ]
    return "\n".join(lines) + "\n"


def to_mermaid(flow: Flow) -> str:
    """Mermaid ``flowchart`` source: one node per state, one arrow per transition."""
    return _render_mermaid(_walk(flow))


def to_dot(flow: Flow) -> str:
    """Graphviz DOT source of the same graph."""
    return _render_dot(_walk(flow))
