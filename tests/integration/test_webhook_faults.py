"""A webhook that hangs or fails never holds the call beyond its timeout: the real WebhookClient against a
real, misbehaving HTTP server on loopback, inside a simulated call (the real session and flow runner)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot.flow.loader import load_flow_text
from bot.net.webhook import WebhookClient
from bot.sim import SimulatedCall

FLOW = """
name: hooked
language: en
voice: en-us
identity: {company: Acme, purpose: testing, callback_number: "+1 202 555 0100"}
start: ask
states:
  ask:
    say: Shall we book?
    listen:
      timeout: 2s
      intents: {yes: ["yes"]}
    on:
      yes: {goto: book}
      no_input: {end: Bye.}
      no_match: {end: Bye.}
  book:
    say: Booking.
    next:
      webhook:
        url: URL
        timeout: 500ms
        on_failure: {set: {disposition: webhook_failed}, end: Sorry.}
      set: {disposition: booked}
      end: Booked.
"""


@pytest.fixture
async def server() -> AsyncIterator[str]:
    release = asyncio.Event()

    async def hang(_request: web.Request) -> web.Response:
        await release.wait()  # never answers while the call waits; released at teardown
        return web.Response()

    async def fail(_request: web.Request) -> web.Response:
        return web.Response(status=500)

    async def ok(_request: web.Request) -> web.Response:
        return web.Response(status=204)

    app = web.Application()
    app.router.add_post("/hang", hang)
    app.router.add_post("/fail", fail)
    app.router.add_post("/ok", ok)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}"
    release.set()
    await runner.cleanup()


@pytest.mark.parametrize(("path", "disposition"), [("/hang", "webhook_failed"), ("/fail", "webhook_failed"),
                                                    ("/ok", "booked")])  # fmt: skip
async def test_a_bad_webhook_costs_the_call_at_most_its_timeout(server: str, path: str, disposition: str):
    flow = load_flow_text(FLOW.replace("URL", server + path), "hooked.yaml")
    client = WebhookClient()
    try:
        async with SimulatedCall(flow, webhooks=client) as call:
            await call.say_caller("yes")
            started = time.monotonic()
            result = await call.wait_ended(timeout=10)
            took = time.monotonic() - started
    finally:
        await client.aclose()
    assert result.disposition == disposition
    assert took < 0.5 + 0.4, took  # the 500 ms timeout plus the simulated prompts (speed 0: instant)
