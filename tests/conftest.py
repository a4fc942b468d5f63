"""Shared fixtures: every async test must leave no asyncio task running (LiveKit's leaked-task check)."""

from __future__ import annotations

import asyncio

import pytest


@pytest.fixture(autouse=True)
async def no_leaked_tasks():
    yield
    current = asyncio.current_task()
    # Give cancelled tasks one loop turn to finish their `finally` blocks.
    await asyncio.sleep(0)
    leaked = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
    for task in leaked:
        task.cancel()
    if leaked:
        await asyncio.gather(*leaked, return_exceptions=True)
    assert not leaked, f"test left tasks running: {[t.get_name() for t in leaked]}"
