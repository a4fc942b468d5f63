"""The recording of a transferred call, against the ARI fake and the real AudioSocket server: two snoops
on the caller's channel, each bridged to its own AudioSocket connection, routed to the tap's two sides;
ended when a snoop ends; all or nothing when a step fails."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from bot.asterisk import audiosocket_codec as codec
from bot.asterisk.ari import AriClient, AriError
from bot.asterisk.audiosocket import AudioSocketServer
from bot.asterisk.call_control import AriCallControl
from bot.asterisk.caller_snoop import snoop_ids
from tests.integration.fake_ari import FakeAri, wait_for

CALLER = "caller-1"
IN_PCM, OUT_PCM = b"\x01\x00" * 320, b"\x02\x00" * 320  # one 20 ms frame each, told apart by value


class Tap:
    def __init__(self) -> None:
        self.caller: list[bytes] = []
        self.heard: list[bytes] = []

    def caller_frame(self, pcm: bytes) -> None:
        self.caller.append(pcm)

    def bot_frame(self, pcm: bytes) -> None:
        self.heard.append(pcm)


class FakeAsterisk:
    """Answers the snoop and externalMedia POSTs as Asterisk does: the channel's StasisStart comes after
    the reply, and an externalMedia channel connects to the AudioSocket server and sends its frames."""

    def __init__(self, fake: FakeAri, client: AriClient, port: int) -> None:
        self.fake, self.client, self.port = fake, client, port
        self.sockets: list[asyncio.StreamWriter] = []
        self.tasks: list[asyncio.Task[None]] = []
        self.fail_snoop: str | None = None  # a spy direction whose snoop POST fails
        self.enter_bridges = True  # False: channels never reach their bridge
        fake.on_request[("POST", f"channels/{CALLER}/snoop")] = self.snoop
        fake.on_request[("POST", "channels/externalMedia")] = self.external_media

    def _later(self, event: dict) -> None:
        asyncio.get_running_loop().call_later(0.01, self.client.dispatch, event)

    def _started(self, channel_id: str) -> None:
        self._later({"type": "StasisStart", "channel": {"id": channel_id}})

    async def snoop(self, request):
        spy, snoop_id = request.query["spy"], request.query["snoopId"]
        if spy == self.fail_snoop:
            return 500, {"message": "snoop failed"}
        self._started(snoop_id)
        bridge = f"cc-bridge-rec-{spy}-{snoop_id[-36:]}"  # the snoop's id ends with the call's uuid
        self.fake.on_request[("POST", f"bridges/{bridge}/addChannel")] = self.add_channel
        return 200, {"id": snoop_id}

    async def add_channel(self, request):
        """As Asterisk: the reply comes before the channel is in the bridge, which an event then says."""
        bridge = request.match_info["path"].split("/")[1]
        channel = request.query["channel"]
        if self.enter_bridges:
            self._later(
                {"type": "ChannelEnteredBridge", "bridge": {"id": bridge}, "channel": {"id": channel}}
            )
        return 204, None

    async def external_media(self, request):
        self._started(request.query["channelId"])
        pcm = IN_PCM if "-in-" in request.query["channelId"] else OUT_PCM
        self.tasks.append(asyncio.create_task(self._connect(uuid.UUID(request.query["data"]), pcm)))
        return 200, {"id": request.query["channelId"]}

    async def _connect(self, media_uuid: uuid.UUID, pcm: bytes) -> None:
        await asyncio.sleep(0.05)  # after the StasisStart, as on Asterisk
        _reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.sockets.append(writer)
        writer.write(codec.encode_uuid(media_uuid))
        await asyncio.sleep(0.1)  # audio flows once the bridge is complete
        writer.write(codec.encode(codec.Kind.SLIN16, pcm))
        await writer.drain()

    async def aclose(self) -> None:
        for task in self.tasks:
            task.cancel()
        for writer in self.sockets:
            writer.close()


@pytest.fixture
async def parts():
    fake = FakeAri()
    await fake.start()
    client = AriClient(f"http://127.0.0.1:{fake.port}", "clearcall", "secret", "clearcall")
    server = AudioSocketServer("127.0.0.1", 0)
    await server.start()
    control = AriCallControl(client, server, advertise=f"127.0.0.1:{server.port}", setup_timeout=2.0)
    asterisk = FakeAsterisk(fake, client, server.port)
    yield fake, client, control, asterisk
    await asterisk.aclose()
    await server.aclose()
    await client.aclose()
    await fake.stop()


async def test_two_snoops_feed_the_caller_and_what_the_caller_hears_until_a_snoop_ends(parts):
    fake, client, control, _asterisk = parts
    call_uuid, tap = uuid.uuid4(), Tap()
    followed = await control.follow_caller(CALLER, call_uuid, tap)
    await wait_for(lambda: tap.caller and tap.heard)
    assert tap.caller == [IN_PCM] and tap.heard == [OUT_PCM]  # never crossed

    snoop_in, snoop_out = snoop_ids(call_uuid)
    posts = [(p, q) for m, p, q in fake.requests if m == "POST"]
    assert posts[0] == (f"channels/{CALLER}/snoop", {"spy": "in", "app": "clearcall", "snoopId": snoop_in})
    assert posts[1] == ("bridges", {"type": "mixing", "bridgeId": f"cc-bridge-rec-in-{call_uuid}"})
    assert posts[2] == (f"bridges/cc-bridge-rec-in-{call_uuid}/addChannel", {"channel": snoop_in})
    assert posts[3][0] == "channels/externalMedia"
    assert posts[3][1]["channelId"] == f"cc-media-rec-in-{call_uuid}"
    assert posts[3][1]["encapsulation"] == "audiosocket" and posts[3][1]["format"] == "slin16"
    assert posts[5] == (f"channels/{CALLER}/snoop", {"spy": "out", "app": "clearcall", "snoopId": snoop_out})
    assert len(posts) == 10

    waiting = asyncio.create_task(followed.wait_ended())
    await asyncio.sleep(0.05)
    assert not waiting.done()  # the snoops run as long as the caller's channel
    client.dispatch({"type": "StasisEnd", "channel": {"id": snoop_out}})  # the caller hung up
    await asyncio.wait_for(waiting, 1)

    before = len(fake.requests)
    await followed.aclose()
    deleted = [p for m, p, _ in fake.requests[before:] if m == "DELETE"]
    assert deleted == [
        f"channels/cc-media-rec-out-{call_uuid}", f"bridges/cc-bridge-rec-out-{call_uuid}",
        f"channels/{snoop_out}",
        f"channels/cc-media-rec-in-{call_uuid}", f"bridges/cc-bridge-rec-in-{call_uuid}",
        f"channels/{snoop_in}",
    ]  # fmt: skip
    assert all(c.closed.is_set() for c in followed.connections)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "fault, raised",
    [
        ("fail_snoop", AriError),  # the second snoop's POST fails
        # Frames written before a channel is in its bridge are dropped by Asterisk (the opening's first
        # words were lost that way): without the ChannelEnteredBridge events, setup fails, not goes on.
        ("enter_bridges", TimeoutError),
    ],
)
async def test_a_failed_setup_removes_what_was_made_and_raises(parts, fault, raised):
    fake, _client, control, asterisk = parts
    if fault == "fail_snoop":
        asterisk.fail_snoop = "out"
    else:
        asterisk.enter_bridges = False
    call_uuid = uuid.uuid4()
    with pytest.raises(raised):
        await control.follow_caller(CALLER, call_uuid, Tap())
    deleted = [p for m, p, _ in fake.requests if m == "DELETE"]
    assert deleted == [
        f"channels/cc-media-rec-in-{call_uuid}", f"bridges/cc-bridge-rec-in-{call_uuid}",
        f"channels/cc-media-snoop-in-{call_uuid}",
    ]  # fmt: skip
