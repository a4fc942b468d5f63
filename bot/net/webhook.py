"""Webhooks: an HTTP POST of the call's data (for "send an SMS", "book a meeting")."""

from __future__ import annotations

from typing import Any

import aiohttp

from bot.core.errors import WebhookFailed


class WebhookClient:
    """Implements calls.ports.Webhooks on aiohttp; raises WebhookFailed, never anything else."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None

    async def post(self, url: str, payload: dict[str, Any], timeout: float) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        try:
            async with self._session.post(
                url, json=payload, timeout=aiohttp.ClientTimeout(total=timeout)
            ) as r:
                if r.status >= 300:
                    raise WebhookFailed(f"{url} answered {r.status}")
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise WebhookFailed(f"{url}: {type(exc).__name__} {exc}") from exc

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
