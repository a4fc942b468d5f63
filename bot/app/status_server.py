"""The bot's status on loopback (`GET /status`, JSON): how many call slots are free right now.

The campaign dialer is its own process; it paces itself on these numbers (bot/app/campaign_run.py). Read
only, no secrets, no numbers: calls in progress are counted, never listed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import web


class StatusServer:
    def __init__(self, status: Callable[[], dict[str, Any]]) -> None:
        self._status = status
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def serve(self, host: str, port: int) -> None:
        app = web.Application()
        app.router.add_get("/status", self._get)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port, reuse_address=True)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def _get(self, _request: web.Request) -> web.Response:
        return web.json_response(self._status())

    async def aclose(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
