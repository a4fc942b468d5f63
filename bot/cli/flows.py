"""The flow authors' commands: `flows check|graph|test` and `simulate` (see flows/README.md).

`register(subparsers)` adds them to the `clearcall` parser; each handler takes the parsed arguments and
returns the exit status. `python -m bot.cli.flows ...` runs them on their own.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from bot.calls.flow_runner import OPTOUT_HANGUP_WITHIN
from bot.flow.contact import missing_contact_fields, sample_contact
from bot.flow.dialplan import StasisEntry, stasis_entries
from bot.flow.errors import FlowError
from bot.flow.loader import load_flow
from bot.flow.opening import MAX_OPENING_SECONDS
from bot.flow.schema import Flow
from bot.flow.validate import PathT, texts


def cmd_check(args: argparse.Namespace) -> int:
    """Load every file; `FILE: ok` and its spoken durations, or each problem as `file:line:col: message;
    hint`. Then the dialplans: no extension may run a flow that needs contact data. 1 if anything fails."""
    failed = 0
    loaded: list[tuple[Path, Flow]] = []
    timer = None if args.no_tts else _Durations()
    try:
        for path in args.files:
            try:
                flow = load_flow(path)
            except FlowError as exc:
                failed += 1
                print(exc)
                continue
            print(f"{path}: ok")
            loaded.append((path, flow))
            if timer is not None:
                timer.report(path, flow)
    finally:
        if timer is not None:
            timer.close()
    problems = _dialplan_problems(args.files, loaded, args.dialplans)
    for problem in problems:
        print(problem)
    return 1 if failed or problems else 0


class _Durations:
    """Renders a flow's texts with the real TTS and prints how long each takes to say."""

    def __init__(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="clearcall-check-")
        self._tts: Any = None
        self.error = ""

    def close(self) -> None:
        if self._tts is not None:
            self._tts.close()
        self._tmp.cleanup()

    def report(self, path: Path, flow: Flow) -> None:
        if self.error:
            return
        try:
            seconds = asyncio.run(self._measure(flow))
        except Exception as exc:  # no espeak-ng, a broken voice: the check itself still stands
            self.error = str(exc) or type(exc).__name__
            print(f"  (spoken durations skipped: {self.error}; --no-tts skips them on purpose)")
            return
        lines = _text_lines(path)
        print(f"  spoken at {flow.rate} words per minute, voice {flow.voice}:")
        # The opening and the goodbye first, then the texts in file order.
        rest = sorted(seconds[2:], key=lambda item: lines.get(item[0][0], 0))
        for (where, label), duration in [*seconds[:2], *rest]:
            line = lines.get(where)
            place = f"{path}:{line}: " if line else f"{path}: "
            print(f"  {duration:5.1f} s  {place}{label}")
        opening = seconds[0][1]
        if opening > MAX_OPENING_SECONDS:
            print(
                f"  warning: the opening takes {opening:.1f} s, more than {MAX_OPENING_SECONDS:.0f} s; "
                "shorten it or raise `rate`"
            )
        goodbye = seconds[1][1]
        if goodbye > OPTOUT_HANGUP_WITHIN:
            print(
                f"  warning: the opt-out goodbye takes {goodbye:.1f} s; the engine cuts it at "
                f"{OPTOUT_HANGUP_WITHIN} s after the opt-out: shorten optout.goodbye"
            )

    async def _measure(self, flow: Flow) -> list[tuple[tuple[PathT, str], float]]:
        from bot.speech.tts import Tts

        if self._tts is None:
            self._tts = Tts(Path(self._tmp.name))
        contact = sample_contact(flow)
        built_in = "" if flow.opening is not None else " (built-in wording)"
        items: list[tuple[tuple[PathT, str], str]] = [
            ((("opening",), f"opening{built_in}"), flow.opening_text(contact)),
            ((("optout", "goodbye"), "opt-out goodbye"), flow.optout_goodbye_text()),
        ]
        for where, text in texts(flow):
            if where not in (("opening",), ("optout", "goodbye")):
                items.append(((where, ".".join(str(part) for part in where)), flow.render(text, contact)))
        results = []
        for key, text in items:
            pcm = await self._tts.render(text, flow.voice, _SAMPLE_RATE, flow.rate)
            results.append((key, len(pcm) / (2 * _SAMPLE_RATE)))
        return results


_SAMPLE_RATE = 16000


def _text_lines(path: Path) -> dict[PathT, int]:
    """The line of every scalar value in a YAML file, by its path (for the duration report)."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return {}
    lines: dict[PathT, int] = {}

    def walk(node: yaml.Node, where: PathT) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, (*where, str(key.value)))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*where, index))
        else:
            lines[where] = node.start_mark.line + 1

    if root is not None:
        walk(root, ())
    return lines


def _dialplan_problems(files: list[Path], loaded: list[tuple[Path, Flow]], folder: Path | None) -> list[str]:
    """Extensions of the dialplans that run a flow needing contact fields without defaults (a call
    from the dialplan has no contact data), or a flow that does not exist."""
    if folder is not None:
        if not folder.is_dir():
            return [f"{folder}: no such dialplans folder"]
        folders = {folder: {path.parent for path in files}}
    else:  # dialplans/ next to each flows folder, when there is one
        folders = {}
        for path in files:
            candidate = path.parent.parent / "dialplans"
            if candidate.is_dir():
                folders.setdefault(candidate, set()).add(path.parent)
    problems = []
    for dialplans, flow_dirs in folders.items():
        for conf in sorted(dialplans.glob("*.conf")):
            entries = stasis_entries(conf.read_text(encoding="utf-8", errors="replace"), str(conf))
            for entry in entries:
                problems += _entry_problems(entry, loaded, flow_dirs)
    return problems


def _entry_problems(entry: StasisEntry, loaded: list[tuple[Path, Flow]], flow_dirs: set[Path]) -> list[str]:
    where = f"{entry.file}:{entry.line}: extension {entry.extension} in [{entry.context}]"
    matches = [(path, flow) for path, flow in loaded if entry.flow in (flow.name, path.stem)]
    if not matches:
        if any((folder / f"{entry.flow}.yaml").is_file() for folder in flow_dirs):
            return []  # there, but not among the files checked
        return [f"{where} runs flow '{entry.flow}', but there is no {entry.flow}.yaml among the flows"]
    problems = []
    for path, flow in matches:
        for field in missing_contact_fields(flow, {}):
            problems.append(
                f"{where} runs flow {flow.name}, which needs contact field '{field}' (no default), but a "
                f"call from the dialplan has no contact data; give '{field}' a default in {path}"
            )
    return problems


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


def key_value(text: str) -> tuple[str, str]:
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
    check.add_argument(
        "--no-tts", action="store_true",
        help="skip the spoken durations (rendering every text with the real TTS takes a few seconds)",
    )  # fmt: skip
    check.add_argument(
        "--dialplans", type=Path, metavar="DIR",
        help="Asterisk dialplans whose Stasis(clearcall,FLOW) extensions must not need contact data "
        "(default: dialplans/ next to the flows folder)",
    )  # fmt: skip
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
        "--contact", type=key_value, action="append", default=[], metavar="KEY=VALUE",
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
