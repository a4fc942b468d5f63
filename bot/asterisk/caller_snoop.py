"""The recording of a transferred call: two ARI snoop channels on the caller's channel.

A transfer sends the caller's channel out of Stasis into the dialplan that dials the person, and with it
out of the bot's bridge and media. Before that, the bot puts two snoops on the caller's channel: `spy=in`
(what the caller says) and `spy=out` (what the caller hears: the bot until the transfer, then the person),
each bridged with its own AudioSocket externalMedia connection to the bot's server, whose frames go to the
call's recording tap (caller left, heard right). Audiohooks belong to the channel, not to Stasis, so they
keep listening through the dialplan's Dial; when the caller's channel goes, the snoops hang up.
Measured on the sandbox (Asterisk 22): see tests/e2e/test_recording_transfer.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from bot.asterisk.ari import AriNotFound
from bot.asterisk.ari_events import BRIDGE_PREFIX, MEDIA_PREFIX
from bot.asterisk.audiosocket import MediaConnection
from bot.core.media_tap import MediaTap

if TYPE_CHECKING:
    from bot.asterisk.call_control import AriCallControl

log = logging.getLogger(__name__)

# Missed events (an events-socket reconnect) must not keep a recording open forever: check this often.
POLL_SECONDS = 10.0
# After a snoop hangs up, let the frames already sent reach the recording.
DRAIN_SECONDS = 0.1
_ENDED = ("StasisEnd", "ChannelDestroyed")


def snoop_ids(call_uuid: uuid.UUID) -> tuple[str, str]:
    """The snoop channels' ids (in, out): under MEDIA_PREFIX, so events ignore them and sweep removes them."""
    return f"{MEDIA_PREFIX}snoop-in-{call_uuid}", f"{MEDIA_PREFIX}snoop-out-{call_uuid}"


class CallerSnoop:
    """The two snoops' connections, feeding the tap until the caller's channel is gone (`wait_ended`)."""

    def __init__(
        self,
        control: AriCallControl,
        ids: tuple[str, str],
        ended: asyncio.Future[Any],
        connections: list[MediaConnection],
        resources: list[str],
    ) -> None:
        self._control = control
        self._ids = ids
        self._ended = ended
        self.connections = connections
        self.resources = resources

    async def wait_ended(self) -> None:
        """Returns when a snoop hangs up (the caller's channel ended) or a connection drops."""
        waits = [asyncio.ensure_future(c.closed.wait()) for c in self.connections]
        poll = asyncio.ensure_future(self._poll())
        try:
            await asyncio.wait([self._ended, poll, *waits], return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (poll, *waits):
                task.cancel()
        await asyncio.sleep(DRAIN_SECONDS)

    async def _poll(self) -> None:
        while True:
            await asyncio.sleep(POLL_SECONDS)
            for snoop in self._ids:
                try:
                    await self._control.ari.request("GET", f"channels/{snoop}")
                except AriNotFound:
                    return

    async def aclose(self) -> None:
        """Close both connections and remove the snoops, bridges and media channels (safe twice)."""
        self._ended.cancel()
        for connection in self.connections:
            await connection.aclose()
        await self._control.teardown(self.resources)
        self.resources = []


def _channel_id(event: dict[str, Any]) -> object:
    return (event.get("channel") or {}).get("id")


def _is_event(kind: str, channel_id: str, event: dict[str, Any]) -> bool:
    return event.get("type") == kind and _channel_id(event) == channel_id


async def snoop_caller(
    control: AriCallControl, channel_id: str, call_uuid: uuid.UUID, tap: MediaTap
) -> CallerSnoop:
    """Start both snoops on `channel_id` (still in Stasis) and route them to `tap`; all or nothing."""
    ari = control.ari
    ids = snoop_ids(call_uuid)
    ended = ari.expect(lambda e: e.get("type") in _ENDED and _channel_id(e) in ids)
    created: list[str] = []
    connections: list[MediaConnection] = []
    feeds: tuple[Callable[[bytes], None], Callable[[bytes], None]] = (tap.caller_frame, tap.bot_frame)
    try:
        for spy, snoop_id, feed in zip(("in", "out"), ids, feeds, strict=True):
            # Like externalMedia, the snoop POST returns before its StasisStart; bridging it earlier: 422.
            started = ari.expect(partial(_is_event, "StasisStart", snoop_id))
            try:
                await ari.request(
                    "POST",
                    f"channels/{channel_id}/snoop",
                    params={"spy": spy, "app": ari.app, "snoopId": snoop_id},
                )
                created.append(f"channel:{snoop_id}")
                async with asyncio.timeout(control.setup_timeout):
                    await started
            finally:
                started.cancel()
            connection = await control.bridge_with_media(
                snoop_id,
                f"{BRIDGE_PREFIX}rec-{spy}-{call_uuid}",
                f"{MEDIA_PREFIX}rec-{spy}-{call_uuid}",
                uuid.uuid4(),
                created,
            )
            connection.on_audio = feed
            connections.append(connection)
    except BaseException:
        ended.cancel()
        for connection in connections:
            with contextlib.suppress(Exception):
                await connection.aclose()
        await control.teardown(created)
        raise
    return CallerSnoop(control, ids, ended, connections, created)
