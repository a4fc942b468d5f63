"""Shared bench plumbing: the bot in-process against the sandbox Asterisk, and percentile printing."""

from __future__ import annotations

import contextlib
import dataclasses
import statistics
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

from bot.app.runtime import App
from bot.app.settings import Settings
from bot.calls.session import CallSession
from bot.core.logs import setup_logging
from bot.core.numbers import mask
from tests.e2e.sipcall import PROJECT


@contextlib.asynccontextmanager
async def running_bot() -> AsyncIterator[tuple[App, list[CallSession]]]:
    """The real bot (flows, Vosk, TTS, SQLite in a temp folder); yields it and the sessions that ended."""
    setup_logging("WARNING")
    with tempfile.TemporaryDirectory(prefix="clearcall-bench-") as tmp:
        settings = dataclasses.replace(Settings.load(PROJECT), data_dir=Path(tmp))
        app = App(settings, mask)
        await app.start()
        ended: list[CallSession] = []
        app.registry.on_session_end.append(ended.append)
        try:
            yield app, ended
        finally:
            await app.aclose()


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
