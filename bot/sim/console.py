"""`clearcall simulate FLOW`: a call of the flow as a text conversation in the terminal.

The bot's lines print as `bot: ...` and each move of the flow as `[state -> state via intent]`. When
the bot waits for an answer, type the caller's line:

    text       the caller says it
    #9         the caller presses 9 (`#12` presses 1 then 2)
    (empty)    the caller stays silent: the state's timeout (no_input) decides
    /hangup    the caller hangs up

The end of the input hangs up too. From a terminal the call runs in real time (timeouts are the
flow's); with piped input (`echo yes | clearcall simulate ...`) every line is known up front, so the
call runs in virtual time and silences cost nothing. Either way it ends printing the disposition.

The contact's fields are the flow's `sample:` values unless given with `--contact KEY=VALUE`; a
required field with neither is asked for first (from a terminal) or refused (piped input).
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import sys
import threading
from collections.abc import Iterable
from typing import TextIO

from bot.flow.contact import missing_contact_fields, sample_contact
from bot.flow.schema import Flow
from bot.sim.fakes import run_virtual
from bot.sim.simulated_call import CallResult, SimulatedCall, Step

KEYS = set("0123456789*#")


class _Lines:
    """The caller's lines as they come: a list known up front, or a terminal read by a daemon thread
    (never an executor thread: one blocked in readline would hold up the interpreter's exit)."""

    def __init__(self, lines: Iterable[str] | None = None, stream: TextIO | None = None) -> None:
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        if lines is not None:
            for line in lines:
                self._queue.put_nowait(line)
            self._queue.put_nowait(None)
        elif stream is not None:
            loop = asyncio.get_running_loop()
            threading.Thread(target=self._read, args=(stream, loop), daemon=True, name="stdin").start()

    def _read(self, stream: TextIO, loop: asyncio.AbstractEventLoop) -> None:
        with contextlib.suppress(RuntimeError):  # the loop closed: the call is over
            for line in iter(stream.readline, ""):
                loop.call_soon_threadsafe(self._queue.put_nowait, line.rstrip("\r\n"))
            loop.call_soon_threadsafe(self._queue.put_nowait, None)

    async def next(self) -> str | None:
        return await self._queue.get()


async def _next_line(call: SimulatedCall, source: _Lines) -> str | None:
    """The caller's next line, or None as soon as the call ends without one."""
    getter = asyncio.ensure_future(source.next())
    ender = asyncio.ensure_future(call.wait_ended(timeout=math.inf))
    await asyncio.wait({getter, ender}, return_when=asyncio.FIRST_COMPLETED)
    for task in (getter, ender):
        task.cancel()
    await asyncio.gather(getter, ender, return_exceptions=True)
    return None if getter.cancelled() else getter.result()


async def converse(
    flow: Flow,
    contact: dict[str, str],
    out: TextIO,
    *,
    lines: Iterable[str] | None = None,
    stream: TextIO | None = None,
    speed: float = 0.0,
    echo: bool = True,
) -> CallResult | None:
    """Run the conversation; returns the call's result, or None if the call got stuck."""

    prompting = False  # a "caller> " prompt is on screen, waiting for the typed line

    def show(text: str) -> None:
        nonlocal prompting
        # The bot may speak (a timeout) while the prompt waits: start its line on a line of its own.
        print(f"\n{text}" if prompting else text, file=out, flush=True)
        prompting = False

    def step(move: Step) -> None:
        show(str(move))

    source = _Lines(lines, stream)
    call = SimulatedCall(
        flow, contact=contact, speed=speed, on_line=lambda text: show(f"bot: {text}"), on_step=step
    )
    async with call:
        try:
            while await call.until_listening():
                if not echo:
                    print("caller> ", end="", file=out, flush=True)
                    prompting = True
                line = await _next_line(call, source)
                prompting = False
                if call.ended:
                    break  # the bot ended the call (a timeout) while the caller was typing
                if line is None:
                    show("[end of input: the caller hangs up]")
                    call.hang_up()
                    break
                line = line.strip()
                if echo:
                    show(f"caller: {line}" if line else "caller: (silence)")
                if line == "/hangup":
                    call.hang_up()
                    break
                if line.startswith("/"):
                    show("[commands: /hangup; #9 presses 9; an empty line is silence]")
                    continue
                if line.startswith("#") and len(line) > 1:
                    keys = line[1:].replace(" ", "")
                    if not set(keys) <= KEYS:
                        show("[keys are 0-9, * and #]")
                        continue
                    await call.press(keys)
                elif line:
                    await call.say_caller(line)
                else:
                    await call.silence()
            return await call.wait_ended()
        except TimeoutError as exc:
            show(f"[the call is stuck: {exc}]")
            return None


def describe(result: CallResult) -> str:
    """The closing summary line."""
    parts = [
        f"disposition={result.disposition or '-'}",
        f"end_state={result.end_state or '-'}",
        f"opted_out={'yes' if result.opted_out else 'no'}",
    ]
    if result.fields:
        parts.append("fields=" + ",".join(f"{k}:{v}" for k, v in result.fields.items()))
    if result.transferred_to:
        parts.append(f"transferred_to={result.transferred_to}")
    parts.append(f"hangup={result.hangup_cause or '-'}")
    return "call ended: " + " ".join(parts)


def simulate(
    flow: Flow,
    contact: dict[str, str] | None = None,
    *,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
    speed: float = 0.0,
) -> int:
    """The `simulate` command: 0 when the call ended, 1 when it got stuck, 2 when contact data is missing."""
    stdin = stdin or sys.stdin
    out = out or sys.stdout
    given = dict(contact or {})
    unknown = sorted(set(given) - set(flow.contact.fields))
    if unknown:
        print(f"note: {flow.name} has no contact field {', '.join(unknown)}", file=sys.stderr)
    contact = {**sample_contact(flow), **given}
    missing = missing_contact_fields(flow, contact)
    if missing and stdin.isatty():
        for name in missing:
            print(f"contact {name} (the flow has no sample value for it): ", end="", file=out, flush=True)
            contact[name] = stdin.readline().strip()
        missing = missing_contact_fields(flow, contact)
    if missing:
        fields = ", ".join(missing)
        print(
            f"simulate: {flow.name} needs contact field {fields} (no sample, no default); "
            f"give it with --contact {missing[0]}=VALUE, or a `sample:` in the flow",
            file=sys.stderr,
        )
        return 2
    if contact:
        print("[contact: " + ", ".join(f"{k}={v}" for k, v in contact.items()) + "]", file=out)
    if stdin.isatty():
        result = asyncio.run(converse(flow, contact, out, stream=stdin, speed=speed, echo=False))
    else:
        lines = stdin.read().splitlines()
        result = run_virtual(converse(flow, contact, out, lines=lines, speed=speed))
    if result is None:
        return 1
    print(describe(result), file=out)
    return 0
