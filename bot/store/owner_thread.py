"""One SQLite connection owned by one worker thread: SQLite connections belong to the thread that opened
them, so every call runs there and the event loop never blocks on disk."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

R = TypeVar("R")
T = TypeVar("T")


class OwnerThread(Generic[R]):
    """Holds a resource made on its own worker thread and runs every call there."""

    def __init__(self, name: str) -> None:
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._resource: R | None = None
        self._owner: threading.Thread | None = None

    @property
    def resource(self) -> R:
        # Only the owner thread may touch the connection.
        assert self._resource is not None and threading.current_thread() is self._owner, "used off its thread"
        return self._resource

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    async def open(self, make: Callable[[], R]) -> None:
        def _open() -> None:
            self._resource = make()
            self._owner = threading.current_thread()

        await self.run(_open)

    async def close(self, dispose: Callable[[R], None]) -> None:
        def _close() -> None:
            if self._resource is not None:
                dispose(self._resource)
                self._resource = None

        await self.run(_close)
        self._executor.shutdown(wait=True)
