"""Call control on ARI: answer, bridge the caller with an AudioSocket externalMedia channel, tear down."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from functools import partial
from typing import Any

from bot.asterisk.ari import AriClient, AriError, AriNotFound
from bot.asterisk.ari_events import (
    BRIDGE_PREFIX,
    MEDIA_PREFIX,
    OUTBOUND_PREFIX,
    is_media_channel,
    outbound_app_args,
)
from bot.asterisk.audiosocket import AudioSocketServer, MediaConnection
from bot.asterisk.caller_snoop import CallerSnoop, snoop_caller
from bot.core.media_tap import MediaTap

log = logging.getLogger(__name__)

OUTBOUND_CONTEXT = "clearcall-outbound"
TRANSFER_CONTEXT = "clearcall-transfer"


def _entered(bridge_id: str, channel_id: str, event: dict[str, Any]) -> bool:
    return (
        event.get("type") == "ChannelEnteredBridge"
        and (event.get("bridge") or {}).get("id") == bridge_id
        and (event.get("channel") or {}).get("id") == channel_id
    )


class AriCallControl:
    """Implements calls.ports.CallControl with ARI and our AudioSocket server."""

    def __init__(
        self, ari: AriClient, audiosocket: AudioSocketServer, advertise: str, setup_timeout: float = 5.0
    ):
        self.ari = ari
        self.audiosocket = audiosocket
        self.advertise = advertise
        self.setup_timeout = setup_timeout

    async def answer(self, channel_id: str) -> None:
        await self.ari.request("POST", f"channels/{channel_id}/answer")

    async def hangup(self, channel_id: str, reason: str = "normal") -> None:
        with contextlib.suppress(AriNotFound):
            await self.ari.request("DELETE", f"channels/{channel_id}", params={"reason": reason})

    async def connect_media(self, channel_id: str, call_uuid: uuid.UUID) -> tuple[MediaConnection, list[str]]:
        created: list[str] = []
        try:
            media = await self.bridge_with_media(
                channel_id, f"{BRIDGE_PREFIX}{call_uuid}", f"{MEDIA_PREFIX}{call_uuid}", call_uuid, created
            )
        except BaseException:
            await self.teardown(created)
            raise
        return media, created

    async def bridge_with_media(
        self, channel_id: str, bridge_id: str, media_id: str, media_uuid: uuid.UUID, created: list[str]
    ) -> MediaConnection:
        """Put `channel_id` (in our Stasis app) in a new mixing bridge with a new AudioSocket externalMedia
        channel; returns its connection. What it made is appended to `created`, for the caller's teardown."""
        connection = self.audiosocket.expect(media_uuid)
        # The externalMedia POST returns before the channel's StasisStart, and adding it to the bridge
        # before that event gives 422: so wait for the event, registered before the request.
        started = self.ari.expect(
            lambda e: e.get("type") == "StasisStart" and e.get("channel", {}).get("id") == media_id
        )
        # addChannel also returns before the channel is in the bridge: until then Stasis reads and drops
        # its frames, and the caller lost the opening's first words (bench/load: "first bot audio is not
        # the opening"). The connection is returned only once both channels are in.
        entered = [self.ari.expect(partial(_entered, bridge_id, member)) for member in (channel_id, media_id)]
        try:
            await self.ari.request("POST", "bridges", params={"type": "mixing", "bridgeId": bridge_id})
            created.append(f"bridge:{bridge_id}")
            await self.ari.request("POST", f"bridges/{bridge_id}/addChannel", params={"channel": channel_id})
            await self.ari.request(
                "POST",
                "channels/externalMedia",
                params={
                    "app": self.ari.app,
                    "channelId": media_id,
                    "external_host": self.advertise,
                    "format": self.audiosocket.media_format,
                    "encapsulation": "audiosocket",
                    "transport": "tcp",
                    "data": str(media_uuid),
                },
            )
            created.append(f"channel:{media_id}")
            async with asyncio.timeout(self.setup_timeout):
                await started
                await self.ari.request(
                    "POST", f"bridges/{bridge_id}/addChannel", params={"channel": media_id}
                )
                await asyncio.gather(*entered)
                return await connection
        except BaseException:
            for waiter in (started, *entered, connection):
                waiter.cancel()
            raise

    async def teardown(self, resource_ids: list[str]) -> None:
        """Best effort, in reverse order; objects already gone (404) are fine."""
        for resource in reversed(resource_ids):
            kind, _, ident = resource.partition(":")
            path = f"bridges/{ident}" if kind == "bridge" else f"channels/{ident}"
            try:
                await self.ari.request("DELETE", path)
            except AriNotFound:
                pass
            except AriError as exc:
                log.warning("teardown of %s failed: %s", resource, exc)

    async def originate(self, number: str, flow: str, contact_ref: str = "") -> str:
        return await AriOriginator(self.ari).originate(number, flow, contact_ref)

    async def follow_caller(self, channel_id: str, call_uuid: uuid.UUID, tap: MediaTap) -> CallerSnoop:
        return await snoop_caller(self, channel_id, call_uuid, tap)

    async def transfer(
        self, channel_id: str, endpoint: str | None, context: str | None, extension: str | None
    ) -> None:
        if endpoint:
            # Leave Stasis into a dialplan context that dials the endpoint (ARI's redirect works only
            # before answer).
            await self.ari.request(
                "POST",
                f"channels/{channel_id}/variable",
                params={"variable": "CLEARCALL_TRANSFER_TO", "value": endpoint},
            )
            context, extension = TRANSFER_CONTEXT, "s"
        await self.ari.request(
            "POST",
            f"channels/{channel_id}/continue",
            params={"context": context, "extension": extension, "priority": 1},
        )

    async def sweep(self) -> int:
        """Remove what a previous run left behind (e.g. after a kill -9): our bridges, our media channels,
        and the callers' channels still waiting in our Stasis application, which no one would ever end.

        Runs before the events socket connects, so none of these can be a call of this run.
        """
        removed = 0
        for bridge in await self.ari.request("GET", "bridges") or []:
            if bridge["id"].startswith(BRIDGE_PREFIX):
                await self.teardown([f"bridge:{bridge['id']}"])
                removed += 1
        try:  # ARI's own list of the channels in the application (404: it never ran on this Asterisk)
            app = await self.ari.request("GET", f"applications/{self.ari.app}") or {}
        except AriNotFound:
            app = {}
        stranded = set(app.get("channel_ids") or [])
        for channel in await self.ari.request("GET", "channels") or []:
            if is_media_channel(channel["id"]) or channel["id"] in stranded:
                await self.teardown([f"channel:{channel['id']}"])
                removed += 1
        return removed


class AriOriginator:
    """Originates through ARI alone (no media server needed): what `clearcall call` uses."""

    def __init__(self, ari: AriClient) -> None:
        self.ari = ari

    async def originate(self, number: str, flow: str, contact_ref: str = "") -> str:
        # Through a Local channel into the gated outbound context: the dialplan's AGI gate checks too.
        channel_id = f"{OUTBOUND_PREFIX}{uuid.uuid4()}"
        await self.ari.request(
            "POST",
            "channels",
            params={
                "endpoint": f"Local/{number}@{OUTBOUND_CONTEXT}",
                "app": self.ari.app,
                "appArgs": outbound_app_args(flow, number, contact_ref),
                "channelId": channel_id,
                "timeout": 30,
            },
        )
        return channel_id
