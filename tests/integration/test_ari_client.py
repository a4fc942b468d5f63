import asyncio
import contextlib
import socket
import time

import pytest

from bot.asterisk.ari import (
    AriAuthError,
    AriClient,
    AriError,
    AriNotFound,
    AriUnavailable,
    AriUnprocessable,
)
from tests.integration.fake_ari import FakeAri, wait_for


@pytest.fixture
async def fake():
    server = FakeAri()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def client(fake):
    ari = AriClient(f"http://127.0.0.1:{fake.port}", "clearcall", "secret", "clearcall", backoff_initial=0.05)
    yield ari
    await ari.aclose()


@contextlib.asynccontextmanager
async def events(client):
    task = asyncio.create_task(client.run_events())
    try:
        await asyncio.wait_for(client.connected.wait(), 2)
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_request_sends_auth_and_params(client, fake):
    await client.request("POST", "channels/abc/answer")
    await client.request(
        "POST", "bridges", params={"type": "mixing", "bridgeId": "b1", "flag": True, "x": None}
    )
    assert fake.requests[0][:2] == ("POST", "channels/abc/answer")
    assert fake.requests[1] == ("POST", "bridges", {"type": "mixing", "bridgeId": "b1", "flag": "true"})


async def test_typed_errors(client, fake):
    fake.on_request[("DELETE", "channels/gone")] = (404, {"message": "Channel not found"})
    fake.on_request[("POST", "bridges/b/addChannel")] = (
        422,
        {"message": "Channel not in Stasis application"},
    )
    with pytest.raises(AriNotFound, match="Channel not found") as info:
        await client.request("DELETE", "channels/gone")
    assert info.value.status == 404
    with pytest.raises(AriUnprocessable, match="not in Stasis"):
        await client.request("POST", "bridges/b/addChannel")
    # Statuses without a subclass of their own (409 among them) raise the base AriError.
    fake.on_request[("POST", "channels/c/play")] = (409, {"message": "Channel not in Stasis"})
    with pytest.raises(AriError, match="not in Stasis") as base:
        await client.request("POST", "channels/c/play")
    assert type(base.value) is AriError and base.value.status == 409


async def test_wrong_password_names_the_setting(fake):
    ari = AriClient(f"http://127.0.0.1:{fake.port}", "clearcall", "wrong", "clearcall")
    try:
        with pytest.raises(AriAuthError, match="CLEARCALL_ARI_PASSWORD"):
            await ari.check()
        with pytest.raises(AriAuthError, match="CLEARCALL_ARI_PASSWORD"):
            await ari.run_events()
    finally:
        await ari.aclose()


async def test_asterisk_not_running_retries_then_says_so():
    ari = AriClient(f"http://127.0.0.1:{free_port()}", "u", "p", "clearcall", backoff_initial=0.01)
    try:
        with pytest.raises(AriUnavailable, match="is it running") as info:
            await ari.wait_until_reachable(attempts=3)
        assert "make asterisk-up" in str(info.value)
    finally:
        await ari.aclose()


async def test_event_registered_before_request_is_never_missed(client, fake):
    # The fake emits StasisStart *before* the HTTP reply, as Asterisk may for a fast channel.
    async def create(request):
        await fake.emit({"type": "StasisStart", "channel": {"id": request.query["channelId"]}})
        return 200, {"id": request.query["channelId"]}

    fake.on_request[("POST", "channels/externalMedia")] = create
    async with events(client):
        waiter = client.expect(lambda e: e["type"] == "StasisStart" and e["channel"]["id"] == "m1")
        await client.request("POST", "channels/externalMedia", params={"channelId": "m1"})
        event = await asyncio.wait_for(waiter, 1)
        assert event["channel"]["id"] == "m1"


async def test_listener_gets_events_and_a_failing_listener_does_not_stop_others(client, fake):
    seen = []

    def broken(_event):
        raise RuntimeError("boom")

    client.add_listener(broken)
    client.add_listener(seen.append)
    async with events(client):
        await fake.emit({"type": "ChannelDtmfReceived", "digit": "9", "channel": {"id": "c"}})
        await wait_for(lambda: seen)
    assert seen[0]["digit"] == "9"


async def test_reconnects_after_the_server_drops(client, fake):
    seen = []
    client.add_listener(seen.append)
    async with events(client):
        await fake.drop()
        await wait_for(lambda: fake.ws_connects == 2 and fake.sockets)
        await fake.emit({"type": "StasisStart", "channel": {"id": "after"}})
        await wait_for(lambda: seen)
    assert client.connections == 2


async def test_while_asterisk_is_down_the_reader_sleeps_instead_of_spinning():
    port = free_port()
    ari = AriClient(
        f"http://127.0.0.1:{port}", "clearcall", "secret", "clearcall", backoff_initial=0.05, backoff_max=0.2
    )
    task = asyncio.create_task(ari.run_events())
    try:
        cpu0, wall0 = time.process_time(), time.monotonic()
        await asyncio.sleep(1.0)
        cpu = time.process_time() - cpu0
        assert cpu < 0.25 * (time.monotonic() - wall0), (
            f"reader burned {cpu:.2f} s CPU while Asterisk was down"
        )
        # ...and it connects once Asterisk comes back.
        server = FakeAri()
        await server.start(port)
        try:
            await asyncio.wait_for(ari.connected.wait(), 2)
        finally:
            await server.stop()
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await ari.aclose()


async def test_slow_consumer_does_not_stall_the_reader(client, fake):
    # A listener that hands events to a queue nobody reads yet: the reader keeps reading.
    queue: asyncio.Queue = asyncio.Queue()
    client.add_listener(queue.put_nowait)
    async with events(client):
        for i in range(200):
            await fake.emit({"type": "ChannelVarset", "n": i, "channel": {"id": "c"}})
        await wait_for(lambda: queue.qsize() == 200)
