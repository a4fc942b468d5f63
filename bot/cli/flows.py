"""The flow authors' commands: `flows check|graph|test` and `simulate` (see flows/README.md).

`register(subparsers)` adds them to the `clearcall` parser; each handler takes the parsed arguments and
returns the exit status. `python -m bot.cli.flows ...` runs them on their own.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.flow.errors import FlowError
from bot.flow.loader import load_flow


def cmd_check(args: argparse.Namespace) -> int:
    """Load every file; `FILE: ok`, or each problem as `file:line:col: message; hint`. 1 if any fails."""
    failed = 0
    for path in args.files:
        try:
            load_flow(path)
        except FlowError as exc:
            failed += 1
            print(exc)
        else:
            print(f"{path}: ok")
    return 1 if failed else 0


def cmd_graph(args: argparse.Namespace) -> int:
    """Print the flow as a Mermaid flowchart (default) or a Graphviz digraph."""
    from bot.flow.graph import to_dot, to_mermaid

    try:
        flow = load_flow(args.file)
    except FlowError as exc:
        print(exc, file=sys.stderr)
        return 1
    sys.stdout.write(to_dot(flow) if args.format == "dot" else to_mermaid(flow))
    return 0


def cmd_test(args: argparse.Namespace) -> int:
    """Run the scripted conversations of a cases file; 1 if any fails, 2 if a file is unusable."""
    from bot.sim.cases import cases_command

    return cases_command(args.file, args.cases)


def cmd_simulate(args: argparse.Namespace) -> int:
    """Play a call of the flow in the terminal (or from piped lines)."""
    from bot.sim.console import simulate

    try:
        flow = load_flow(args.file)
    except FlowError as exc:
        print(exc, file=sys.stderr)
        return 1
    return simulate(flow, dict(args.contact), speed=args.speed)


def _key_value(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key.strip(), value


def register(subparsers: Any) -> None:
    """Add `flows` (check, graph, test) and `simulate` to the `clearcall` subcommands."""
    flows = subparsers.add_parser("flows", help="check, draw and test call flows")
    commands = flows.add_subparsers(dest="flows_command", required=True)

    check = commands.add_parser("check", help="validate flow files (file:line:col: problem; hint)")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    check.set_defaults(func=cmd_check)

    graph = commands.add_parser("graph", help="print a flow's states and transitions as a diagram")
    graph.add_argument("file", type=Path, metavar="FILE")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    graph.set_defaults(func=cmd_graph)

    test = commands.add_parser("test", help="run scripted conversations (a cases file) against a flow")
    test.add_argument("file", type=Path, metavar="FILE")
    test.add_argument("--cases", type=Path, required=True, metavar="CASES.yaml")
    test.set_defaults(func=cmd_test)

    simulate = subparsers.add_parser("simulate", help="play a call of a flow as a text conversation")
    simulate.add_argument("file", type=Path, metavar="FILE")
    simulate.add_argument(
        "--contact", type=_key_value, action="append", default=[], metavar="KEY=VALUE",
        help="a contact field for {contact.KEY} (repeat for more)",
    )  # fmt: skip
    simulate.add_argument(
        "--speed", type=float, default=0.0,
        help="prompt pace: 0 instant (default), 1 real time (a terminal only)",
    )  # fmt: skip
    simulate.set_defaults(func=cmd_simulate)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.cli.flows", description=__doc__)
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
