"""A thin asyncio ARI client on aiohttp: REST calls with typed errors, and the events WebSocket.

ari-py does not import on Python 3 and the asyncio ports were measured unfit (see the platform issue),
so this client keeps to what Clearcall needs. Two rules shape it:
- The event reader never runs user code that can block: listeners are plain callbacks that hand events
  to per-call queues, so one slow call never stalls the reader.
- `expect()` registers a waiter *before* the request that causes the event, so a fast event is never missed.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import random
from collections.abc import Callable
from typing import Any

import aiohttp

from bot.core.errors import ClearcallError

log = logging.getLogger(__name__)

Event = dict[str, Any]
Listener = Callable[[Event], None]


class AriError(ClearcallError):
    """Asterisk refused an ARI request; `status` is the HTTP status (0 when Asterisk was unreachable)."""

    def __init__(self, status: int, method: str, path: str, message: str) -> None:
        super().__init__(f"ARI {method} {path} failed ({status}): {message}")
        self.status = status
        self.method = method
        self.path = path
        self.message = message


class AriNotFound(AriError):
    """404: the channel, bridge or playback is gone (often: the caller hung up)."""


class AriUnprocessable(AriError):
    """422: a related object does not exist yet (e.g. a channel not yet in Stasis)."""


class AriAuthError(AriError):
    """401: the ARI user or password is wrong."""


class AriUnavailable(AriError):
    """Asterisk did not answer at all."""


_ERRORS: dict[int, type[AriError]] = {
    401: AriAuthError,
    404: AriNotFound,
    422: AriUnprocessable,
}


def _auth_header(user: str, password: str) -> str:
    # aiohttp's BasicAuth is deprecated for this use; the header is simple enough to build.
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


class AriClient:
    """REST + events for one Stasis application. Use as `async with AriClient(...) as ari:`."""

    def __init__(
        self,
        base_url: str,
        user: str,
        password: str,
        app: str,
        *,
        request_timeout: float = 10.0,
        backoff_initial: float = 0.2,
        backoff_max: float = 5.0,
        subscribe_all: bool = False,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.app = app
        self._headers = {"Authorization": _auth_header(user, password)}
        self._timeout = aiohttp.ClientTimeout(total=request_timeout)
        self._backoff_initial = backoff_initial
        self._backoff_max = backoff_max
        self._subscribe_all = subscribe_all  # every channel's events (the campaign follows its calls so)
        self._session: aiohttp.ClientSession | None = None
        self._listeners: list[Listener] = []
        self._waiters: list[tuple[Callable[[Event], bool], asyncio.Future[Event]]] = []
        self.connected = asyncio.Event()
        self.connections = 0  # how many times the events socket (re)connected; for tests and logs
        self.events_socket: aiohttp.ClientWebSocketResponse | None = None  # while connected

    async def __aenter__(self) -> AriClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def _http(self) -> aiohttp.ClientSession:
        # Made lazily so the session belongs to the running loop; recreated if a previous one was closed.
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(headers=self._headers, timeout=self._timeout)
        return self._session

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
        for _, fut in self._waiters:
            fut.cancel()
        self._waiters.clear()

    # ---- REST -------------------------------------------------------------------------------------
    async def request(
        self, method: str, path: str, *, params: dict[str, Any] | None = None, body: Any = None
    ) -> Any:
        """One ARI call; returns the decoded JSON (or None for 204). Raises a typed AriError."""
        url = f"{self.base_url}/ari/{path.lstrip('/')}"
        clean = {k: _param(v) for k, v in (params or {}).items() if v is not None}
        try:
            async with self._http().request(method, url, params=clean, json=body) as resp:
                text = await resp.text()
                if resp.status >= 400:
                    raise _ERRORS.get(resp.status, AriError)(resp.status, method, path, _message(text))
                return json.loads(text) if text else None
        except aiohttp.ClientConnectionError as exc:
            raise AriUnavailable(0, method, path, f"cannot reach Asterisk at {self.base_url}: {exc}") from exc
        except TimeoutError as exc:
            raise AriUnavailable(0, method, path, "no answer within the request timeout") from exc

    async def check(self) -> dict[str, Any]:
        """Ask Asterisk who it is; raises AriAuthError or AriUnavailable with a message a user can act on."""
        try:
            return await self.request("GET", "asterisk/info")
        except AriAuthError as exc:
            raise AriAuthError(
                401,
                "GET",
                "asterisk/info",
                "Asterisk rejected the ARI credentials: check CLEARCALL_ARI_USER/CLEARCALL_ARI_PASSWORD "
                "(.local/secrets.env) against the [clearcall] user in ari.conf",
            ) from exc

    async def wait_until_reachable(self, attempts: int = 10) -> dict[str, Any]:
        """Retry `check()` with backoff while Asterisk starts; then say plainly that it is not running."""
        delay = self._backoff_initial
        for attempt in range(1, attempts + 1):
            try:
                return await self.check()
            except AriUnavailable:
                if attempt == attempts:
                    raise AriUnavailable(
                        0,
                        "GET",
                        "asterisk/info",
                        f"Asterisk is not answering at {self.base_url} after {attempts} tries: "
                        "is it running? (`make asterisk-up` starts the sandbox; check CLEARCALL_ARI_URL)",
                    ) from None
                log.warning("ari: Asterisk not reachable (try %d/%d), retrying", attempt, attempts)
                await asyncio.sleep(delay)
                delay = min(delay * 2, self._backoff_max)
        raise AssertionError("unreachable")

    # ---- events -----------------------------------------------------------------------------------
    def add_listener(self, listener: Listener) -> None:
        """Call `listener(event)` for every event; it must not block (hand off to a queue)."""
        self._listeners.append(listener)

    def expect(self, predicate: Callable[[Event], bool]) -> asyncio.Future[Event]:
        """A future for the first event matching `predicate`, registered now: call before the request.

        Cancel the future (e.g. via asyncio.wait_for's timeout) to withdraw it.
        """
        fut: asyncio.Future[Event] = asyncio.get_running_loop().create_future()
        self._waiters.append((predicate, fut))
        return fut

    def dispatch(self, event: Event) -> None:
        """Deliver one event to waiters and listeners (public so tests can inject recorded traces)."""
        still_waiting = []
        for predicate, fut in self._waiters:
            if fut.done():
                continue
            try:
                matched = predicate(event)
            except Exception:
                log.exception("ari: event predicate failed")
                matched = False
            if matched:
                fut.set_result(event)
            else:
                still_waiting.append((predicate, fut))
        self._waiters = still_waiting
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                log.exception("ari: event listener failed on %s", event.get("type"))

    async def run_events(self) -> None:
        """Read the events WebSocket forever, reconnecting with capped exponential backoff.

        While Asterisk is down this sleeps between attempts (no busy loop). A 401 is not retried.
        """
        url = f"{self.base_url}/ari/events"
        params = {"app": self.app, "subscribeAll": _param(self._subscribe_all)}
        delay = self._backoff_initial
        while True:
            try:
                async with self._http().ws_connect(url, params=params, heartbeat=15.0) as ws:
                    self.events_socket = ws
                    self.connections += 1
                    delay = self._backoff_initial
                    self.connected.set()
                    log.info("ari: events connected (app=%s)", self.app)
                    async for msg in ws:
                        if msg.type == aiohttp.WSMsgType.TEXT:
                            self.dispatch(json.loads(msg.data))
                        elif msg.type in (aiohttp.WSMsgType.ERROR, aiohttp.WSMsgType.CLOSED):
                            break
            except aiohttp.WSServerHandshakeError as exc:
                if exc.status == 401:
                    raise AriAuthError(
                        401, "GET", "events", "wrong ARI password: check CLEARCALL_ARI_PASSWORD"
                    ) from exc
                log.warning("ari: events handshake failed (%s)", exc.status)
            except (aiohttp.ClientError, OSError, TimeoutError) as exc:
                log.warning("ari: events connection failed: %s", exc.__class__.__name__)
            if self.connected.is_set():
                log.warning("ari: events disconnected; reconnecting")
            self.connected.clear()
            self.events_socket = None
            # Jitter spreads reconnects of several bots; the cap bounds how long a restart goes unnoticed.
            await asyncio.sleep(delay * random.uniform(0.8, 1.2))
            delay = min(delay * 2, self._backoff_max)


def _param(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _message(text: str) -> str:
    try:
        data = json.loads(text)
    except ValueError:
        return text.strip() or "no details"
    return str(data.get("message") or data.get("error") or text) if isinstance(data, dict) else text
