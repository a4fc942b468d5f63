"""End-to-end fixtures: the sandbox Asterisk (started by `make test`), and the bot running in-process."""

from __future__ import annotations

import asyncio
import dataclasses
import subprocess
from pathlib import Path

import pytest

from bot.app.runtime import App
from bot.app.settings import Settings
from bot.asterisk.ari import AriClient, AriError
from bot.core.numbers import mask
from tests.e2e.sipcall import PROJECT


def run(
    *args: str | Path, env: dict[str, str] | None = None, timeout: float = 180
) -> subprocess.CompletedProcess:
    """A command to its end, its output kept for the assertion message (e.g. `make asterisk-up`)."""
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=timeout, check=False, env=env, cwd="/"
    )


@pytest.fixture
def settings(tmp_path) -> Settings:
    return dataclasses.replace(Settings.load(PROJECT), data_dir=tmp_path)


@pytest.fixture
async def ari(settings):
    client = AriClient(settings.ari_url, settings.ari_user, settings.ari_password, "clearcall-test-probe")
    try:
        await client.check()
    except AriError as exc:
        await client.aclose()
        pytest.fail(f"the sandbox Asterisk is not answering ({exc}); run `make asterisk-up` (make test does)")
    yield client
    await client.aclose()


@pytest.fixture
async def bot(settings, ari):
    app = App(settings, mask)
    await app.start()
    yield app
    await app.aclose()


async def asterisk_is_idle(ari: AriClient, timeout: float = 3.0) -> None:
    """Nothing left behind: no channels, no bridges (polled: teardown is asynchronous in Asterisk)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while True:
        channels = await ari.request("GET", "channels")
        bridges = await ari.request("GET", "bridges")
        if not channels and not bridges:
            return
        if loop.time() > end:
            raise AssertionError(f"left in Asterisk: channels={channels} bridges={bridges}")
        await asyncio.sleep(0.05)


async def prompt_seconds(app: App, flow_name: str, *state_names: str) -> float:
    """How long the opening plus the named states' prompts last, as the bot renders them."""
    from bot.flow.loader import load_flow

    flow = load_flow(app.settings.flows_dir / f"{flow_name}.yaml")
    texts = [flow.opening_text()] + [flow.states[name].say or "" for name in state_names]
    pcm = [await app.tts.render(text, flow.voice, 16000, flow.rate) for text in texts if text]
    return sum(len(p) for p in pcm) / 32000


async def rows(app: App, table: str) -> list[dict]:
    return await app.store._run(lambda: list(app.store.db[table].rows))


async def wait_for_record(app: App, timeout: float = 3.0) -> list[dict]:
    """The calls table once every call in it has ended (the record is written during teardown)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while True:
        calls = await rows(app, "calls")
        if calls and all(c["ended_at"] for c in calls):
            return calls
        if loop.time() > end:
            raise AssertionError(f"call record not complete: {calls}")
        await asyncio.sleep(0.05)
