"""An in-process fake of Asterisk ARI (aiohttp): the REST routes the client uses and the events socket."""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

from aiohttp import WSMsgType, web


class FakeAri:
    def __init__(self, user: str = "clearcall", password: str = "secret") -> None:
        self.expected_auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.sockets: list[web.WebSocketResponse] = []
        self.ws_connects = 0
        self.on_request: dict[tuple[str, str], Any] = {}  # (method, path) -> (status, body) or callable
        self.app = web.Application(middlewares=[self._auth])
        self.app.router.add_get("/ari/events", self._events)
        self.app.router.add_route("*", "/ari/{path:.*}", self._rest)
        self.runner: web.AppRunner | None = None
        self.port = 0

    @web.middleware
    async def _auth(self, request: web.Request, handler):
        if request.headers.get("Authorization") != self.expected_auth:
            return web.json_response({"message": "Authentication required"}, status=401)
        return await handler(request)

    async def start(self, port: int = 0) -> str:
        self.runner = web.AppRunner(self.app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return f"http://127.0.0.1:{self.port}"

    async def stop(self) -> None:
        await self.drop()
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None

    async def drop(self) -> None:
        """Close every events socket (as when Asterisk restarts)."""
        for ws in list(self.sockets):
            await ws.close()
        self.sockets.clear()

    async def emit(self, event: dict[str, Any]) -> None:
        for ws in list(self.sockets):
            await ws.send_str(json.dumps(event))

    async def _events(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.ws_connects += 1
        self.sockets.append(ws)
        async for msg in ws:
            if msg.type == WSMsgType.ERROR:
                break
        return ws

    async def _rest(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        self.requests.append((request.method, path, dict(request.query)))
        reply = self.on_request.get((request.method, path))
        if callable(reply):
            reply = await reply(request)
        if reply is None:
            reply = (200, {"ok": True}) if path == "asterisk/info" else (204, None)
        status, body = reply
        if body is None:
            return web.Response(status=status)
        return web.json_response(body, status=status)


async def wait_for(predicate, timeout: float = 2.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.01)
