"""The running bot puts what start-up loaded out of the cyclic collector's reach before it takes calls."""

from __future__ import annotations

import asyncio
import gc
from types import SimpleNamespace

from bot.app.runtime import serve


class _StartedApp:
    """Enough of App for serve(): it starts, its event stream ends at once, and it closes."""

    def __init__(self) -> None:
        self.registry = SimpleNamespace(sessions={})
        self.frozen_at_ready: int | None = None
        self.closed = False

    async def start(self) -> None:
        self.loaded = [[object()] for _ in range(1000)]  # what start-up loads, tracked by the collector
        self.events_task = asyncio.create_task(asyncio.sleep(0))

    def log_ready(self) -> None:
        self.frozen_at_ready = gc.get_freeze_count()

    async def aclose(self) -> None:
        self.closed = True


async def test_start_up_objects_are_frozen_before_ready() -> None:
    gc.unfreeze()
    app = _StartedApp()
    try:
        await serve(app)  # type: ignore[arg-type]
    finally:
        gc.unfreeze()  # the test process keeps its collector as it was
    assert app.frozen_at_ready is not None and app.frozen_at_ready >= len(app.loaded)
    assert app.closed
