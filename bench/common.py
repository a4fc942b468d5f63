"""Shared bench plumbing: the bot in-process against the sandbox Asterisk, its call events, percentiles."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import statistics
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from bot.app.runtime import App
from bot.app.settings import Settings
from bot.core.logs import setup_logging
from bot.core.numbers import mask
from tests.e2e.sipcall import PROJECT


class CallEvents(logging.Handler):
    """The bot's structured call events (`bot.core.logs.call_event`), kept for the benchmark to read."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple[str, str, dict[str, Any]]] = []  # (call id, event, fields)

    def emit(self, record: logging.LogRecord) -> None:
        self.events.append((getattr(record, "call_id", ""), record.getMessage(), dict(record.fields)))

    def values(self, event: str, name: str) -> list[float]:
        """Every `name` field of every `event`, in the order the calls logged them."""
        return [float(f[name]) for _call, e, f in self.events if e == event and name in f]

    def calls_with(self, event: str) -> set[str]:
        return {call for call, e, _f in self.events if e == event}

    def clear(self) -> None:
        self.events.clear()


@contextlib.asynccontextmanager
async def running_bot() -> AsyncIterator[tuple[App, CallEvents]]:
    """The real bot (flows, Vosk, TTS, SQLite in a temp folder); yields it and its call events."""
    setup_logging("WARNING")
    events = CallEvents()
    calls_log = logging.getLogger("clearcall.calls")
    calls_log.setLevel("INFO")
    calls_log.propagate = False  # collected, not printed
    calls_log.addHandler(events)
    with tempfile.TemporaryDirectory(prefix="clearcall-bench-") as tmp:
        settings = dataclasses.replace(Settings.load(PROJECT), data_dir=Path(tmp))
        app = App(settings, mask)
        await app.start()
        try:
            yield app, events
        finally:
            await app.aclose()
            calls_log.removeHandler(events)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(q) - 1]


def report(label: str, values_ms: list[float]) -> str:
    if not values_ms:
        return f"{label:<44} no samples"
    return (
        f"{label:<44} n={len(values_ms):<3} p50={percentile(values_ms, 50):7.1f} ms  "
        f"p95={percentile(values_ms, 95):7.1f} ms  max={max(values_ms):7.1f} ms"
    )
