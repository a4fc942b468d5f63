"""FastAGI server: panoramisk's ``Application`` with its Python 3.11+ defects worked around.

panoramisk 1.4 (``panoramisk/fast_agi.py``) is kept for what it gets right: the route table
(``del_route`` is inherited unchanged), the ``Request`` object handlers receive, and
``utils.parse_agi_result`` for single-line replies.  Three measured defects are fixed here by
overriding, never by patching site-packages:

1. ``add_route`` wraps a plain function with ``asyncio.coroutine``, which no longer exists on
   Python 3.11: registering a sync handler dies with ``AttributeError``.  We reject sync handlers
   with a ``TypeError`` instead of wrapping them: a blocking handler would stall the event loop
   that serves every other call, and ``Request`` is not thread-safe, so running it in a thread is
   no fix either.
2. ``Request.send_command`` reads exactly one extra line after a ``520-`` reply.  Asterisk's usage
   text spans several lines and ends with ``520 End of proper usage.``; the rest stays in the
   stream and is read as the reply to the *next* command (``int('')`` -> ``ValueError``).  We read
   the whole ``NNN-`` ... ``NNN `` block and return one error result.
3. ``Application.handler`` loops ``reader.read()`` until it sees ``\\n\\n``; at EOF ``read()``
   returns ``b''`` without suspending, so a peer that disconnects mid-environment freezes the
   event loop at 100% CPU.  ``handler`` is replaced: the environment is read line by line with a
   line/byte budget and a deadline, and EOF, garbage or oversize input closes the connection.

Also handled while here: a ``HANGUP`` line that Asterisk slips in before a reply (panoramisk
returns it *as* the reply and desynchronises), EOF while waiting for a reply (panoramisk raises
``ValueError`` from ``int('')``), a reply timeout, and ``BaseException`` swallowing (panoramisk
catches ``CancelledError`` too, so a server shutdown could not cancel a handler).
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import ipaddress
import logging
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from panoramisk import fast_agi
from panoramisk.utils import parse_agi_result

log = logging.getLogger(__name__)

AGIResult = dict[str, Any]
Handler = Callable[["AGIRequest"], Awaitable[None]]

# Asterisk sends every environment line as "agi_<name>: <value>"; an empty value keeps the space
# ("agi_accountcode: "), but tolerate it being trimmed by a proxy.
_HEADER_RE = re.compile(r"(agi_[A-Za-z0-9_]+):(?: (.*))?")
# A reply line starts with a 3-digit code followed by a space (final line) or "-" (continued).
_REPLY_RE = re.compile(r"(\d{3})([ -])")
# Bounds a multi-line reply so a misbehaving peer cannot make us buffer forever.
_MAX_REPLY_LINES = 200


class FastAGIError(Exception):
    """A FastAGI session cannot go on; the connection is closed after it is logged."""


class AGIEnvironmentError(FastAGIError):
    """The AGI environment (the header block) was cut short, garbled, too large or too slow."""


class AGIConnectionClosed(FastAGIError):
    """Asterisk closed the connection while a reply was awaited (e.g. the channel went away)."""


class AGIProtocolError(FastAGIError):
    """A reply line that is not AGI (no status code), or a reply too long to buffer."""


class AGIReplyTimeout(FastAGIError, TimeoutError):
    """No complete reply to a command within the application's ``command_timeout``."""


@dataclass(frozen=True)
class HeaderLimits:
    """Budget for reading the AGI environment.

    Asterisk 22 sends about 25 lines (~700 bytes) plus one line per AGI argument, in one burst
    right after connecting, so these defaults leave a wide margin while bounding what a stray
    client (a port scanner, a wrong service) can make us buffer or wait for.
    """

    max_lines: int = 128
    max_bytes: int = 16 * 1024
    # A deadline for the whole block, not per line, so a slow drip cannot keep a slot forever.
    read_timeout: float = 5.0


def quote_agi_arg(value: str) -> str:
    """Quote ``value`` as one AGI command argument (Asterisk's parse_args honours ``"`` and ``\\``).

    Raises ``ValueError`` for CR/LF: a newline would end the command and start another one.
    """
    if "\n" in value or "\r" in value:
        raise ValueError("an AGI argument cannot contain a line break")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


async def read_agi_environment(reader: asyncio.StreamReader, limits: HeaderLimits) -> dict[str, str]:
    """Read the ``agi_*`` header block up to its terminating blank line.

    Raises ``AGIEnvironmentError`` on EOF before the blank line, a line that is not an
    ``agi_name: value`` pair, a duplicate name, more than ``limits.max_lines`` lines or
    ``limits.max_bytes`` bytes, or when the block is not complete within ``limits.read_timeout``.
    Every message names the header line it stopped at, and carries sizes and line numbers only:
    header values hold phone numbers.
    """
    headers: dict[str, str] = {}
    total = 0
    lineno = 1
    try:
        async with asyncio.timeout(limits.read_timeout):
            for lineno in range(1, limits.max_lines + 2):
                try:
                    raw = await reader.readline()
                except ValueError as exc:  # a single line beyond the StreamReader limit
                    raise AGIEnvironmentError(f"header line {lineno} exceeds the stream limit") from exc
                total += len(raw)
                if total > limits.max_bytes:
                    raise AGIEnvironmentError(
                        f"AGI environment exceeds {limits.max_bytes} bytes at header line {lineno}"
                    )
                if not raw.endswith(b"\n"):
                    # readline() returns a partial line (or b'') only at EOF.
                    raise AGIEnvironmentError(
                        f"peer closed the connection at header line {lineno}, before the end of the "
                        f"AGI environment ({len(headers)} header lines received)"
                    )
                line = raw[:-1].removesuffix(b"\r")
                if not line:
                    return headers
                if lineno > limits.max_lines:
                    break
                try:
                    match = _HEADER_RE.fullmatch(line.decode("utf-8"))
                except UnicodeDecodeError:
                    match = None
                if match is None:
                    raise AGIEnvironmentError(f"garbage header line {lineno} ({len(raw)} bytes)")
                name, value = match.group(1), match.group(2) or ""
                if name in headers:
                    raise AGIEnvironmentError(f"duplicate header {name!r} on line {lineno}")
                headers[name] = value
    except TimeoutError as exc:
        raise AGIEnvironmentError(
            f"AGI environment not complete within {limits.read_timeout:g} s, waiting for header line "
            f"{lineno} ({len(headers)} header lines received)"
        ) from exc
    raise AGIEnvironmentError(f"AGI environment exceeds {limits.max_lines} lines at header line {lineno}")


class AGIRequest(fast_agi.Request):
    """One FastAGI session, as handed to a route handler.

    ``headers`` holds the AGI environment (``agi_arg_1``, ``agi_uniqueid``, ...); ``hungup`` turns
    True once Asterisk reported the channel hung up (later commands may get ``511`` replies).
    """

    app: FastAGIApplication

    def __init__(
        self,
        app: FastAGIApplication,
        headers: dict[str, str],
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        encoding: str = "utf-8",
    ) -> None:
        super().__init__(app=app, headers=headers, reader=reader, writer=writer, encoding=encoding)
        self.hungup = False

    async def send_command(self, command: str) -> AGIResult:
        """Send one AGI command and return its reply parsed like panoramisk does.

        The dict has ``status_code``, ``result`` (``(value, data)``), ``msg`` and, on failure,
        ``error`` (``AGIUsageError`` for 520, ``AGIInvalidCommand`` for 510, ...).  The reply must
        arrive within the application's ``command_timeout``.  Raises ``AGIConnectionClosed``,
        ``AGIReplyTimeout`` or ``AGIProtocolError`` when no usable reply arrives.
        """
        if "\n" in command or "\r" in command:
            raise ValueError("an AGI command cannot contain a line break (use quote_agi_arg)")
        self.writer.write(f"{command}\n".encode(self.encoding))
        await self.writer.drain()
        limit = self.app.command_timeout
        try:
            async with asyncio.timeout(limit):
                result = await self._read_result()
                # "100 Trying..." precedes the real reply of some commands (panoramisk does this too).
                while result.get("status_code") == 100:
                    result = await self._read_result()
        except TimeoutError as exc:
            raise AGIReplyTimeout(f"no reply to {command.split(' ', 1)[0]!r} within {limit:g} s") from exc
        return result

    async def set_variable(self, name: str, value: str) -> AGIResult:
        """``SET VARIABLE name "value"`` with the value quoted safely."""
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ValueError(f"not a channel variable name: {name!r}")
        return await self.send_command(f"SET VARIABLE {name} {quote_agi_arg(value)}")

    async def _readline(self) -> str:
        try:
            raw = await self.reader.readline()
        except ValueError as exc:
            raise AGIProtocolError("reply line exceeds the stream limit") from exc
        if not raw.endswith(b"\n"):
            raise AGIConnectionClosed("Asterisk closed the connection while a reply was awaited")
        return raw[:-1].removesuffix(b"\r").decode(self.encoding, errors="replace")

    async def _read_result(self) -> AGIResult:
        line = await self._readline()
        # Asterisk writes "HANGUP" when the channel goes away, *in addition to* the reply of the
        # command in flight; returning it as the reply (as panoramisk does) would misalign every
        # later reply by one.
        while line == "HANGUP":
            if not self.hungup:
                log.info("FastAGI: channel hung up (uniqueid %s)", self.headers.get("agi_uniqueid", "?"))
            self.hungup = True
            line = await self._readline()
        match = _REPLY_RE.match(line + " ")
        if match is None:
            # parse_agi_result would call int('') on this and raise a bare ValueError.
            raise AGIProtocolError(f"not an AGI reply line ({len(line)} chars)")
        if match.group(2) == " ":
            return parse_agi_result(line)
        # "520-Invalid command syntax.  Proper usage follows:" ... "520 End of proper usage.":
        # consume the whole block so the next command reads its own reply.
        code, lines = match.group(1), [line]
        while not lines[-1].startswith(code + " "):
            if len(lines) >= _MAX_REPLY_LINES:
                raise AGIProtocolError(f"multi-line {code} reply longer than {_MAX_REPLY_LINES} lines")
            lines.append(await self._readline())
        result = parse_agi_result(lines[-1])
        result["msg"] = "\n".join(lines)
        return result


def is_async_callable(obj: object) -> bool:
    """True for ``async def`` functions, partials of them and objects with ``async def __call__``."""
    # inspect (not asyncio.iscoroutinefunction, deprecated in 3.14) sees through functools.partial;
    # objects with an ``async def __call__`` count too.
    return inspect.iscoroutinefunction(obj) or (callable(obj) and inspect.iscoroutinefunction(obj.__call__))


class FastAGIApplication(fast_agi.Application):
    """A panoramisk FastAGI ``Application`` that is safe to expose to Asterisk on Python 3.11+.

    Routes map ``agi_network_script`` (the path of ``agi://host:port/<script>``, without any
    ``?query``) to ``async def handler(request: AGIRequest)``.  Serve it with ``serve()`` and stop
    it with ``server.close()`` then ``aclose()``, which cancels sessions still in flight.
    """

    request_class: type[AGIRequest] = AGIRequest

    def __init__(
        self,
        *,
        encoding: str = "utf-8",
        limits: HeaderLimits | None = None,
        command_timeout: float | None = 10.0,
    ) -> None:
        # Not super().__init__(): it calls asyncio.get_event_loop(), deprecated outside a running
        # loop (and an error from 3.14), only to store a loop fast_agi never uses.  These are the
        # attributes panoramisk 1.4's __init__ sets; the inherited del_route relies on _route.
        dict.__init__(self)
        self.default_encoding = encoding
        self.loop = None
        self._route: OrderedDict[str, Handler] = OrderedDict()
        self.limits = limits or HeaderLimits()
        self.command_timeout = command_timeout
        self._sessions: set[asyncio.Task[Any]] = set()

    def add_route(self, path: str, endpoint: Handler) -> None:
        """Register ``endpoint`` for the script name ``path``.

        Raises ``TypeError`` unless ``endpoint`` is an ``async def`` function (or an object with
        ``async def __call__``), and ``ValueError`` if ``path`` is already routed.
        """
        if not callable(endpoint):
            raise TypeError(f"FastAGI route {path!r}: handler {endpoint!r} is not callable")
        if not is_async_callable(endpoint):
            raise TypeError(
                f"FastAGI route {path!r}: handler {endpoint!r} must be an 'async def' coroutine "
                "function; a sync handler would block the event loop serving every other call"
            )
        if path in self._route:
            raise ValueError(f"FastAGI route {path!r} already exists")
        self._route[path] = endpoint

    @property
    def active_sessions(self) -> int:
        """Connections currently being served (environment read or handler running)."""
        return len(self._sessions)

    async def serve(self, host: str = "127.0.0.1", port: int = 4573) -> asyncio.Server:
        """Start listening; ``port=0`` picks a free port (read it from ``server.sockets``)."""
        if not _is_loopback(host):
            # FastAGI has no authentication: whoever reaches the port can ask for verdicts.
            log.warning("FastAGI listening on non-loopback address %s; firewall port %d", host, port)
        # The stream limit bounds one line (header or reply) in memory.
        return await asyncio.start_server(self.handler, host, port, limit=max(self.limits.max_bytes, 4096))

    async def aclose(self) -> None:
        """Cancel the sessions still running and wait for them (call after ``server.close()``)."""
        sessions = list(self._sessions)
        for task in sessions:
            task.cancel()
        await asyncio.gather(*sessions, return_exceptions=True)

    async def handler(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Serve one Asterisk connection (the ``asyncio.start_server`` callback)."""
        task = asyncio.current_task()
        if task is not None:
            self._sessions.add(task)
        peer = writer.get_extra_info("peername")
        try:
            await self._serve_session(reader, writer, peer)
        finally:
            await _close(writer)
            if task is not None:
                self._sessions.discard(task)

    async def _serve_session(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, peer: object
    ) -> None:
        try:
            headers = await read_agi_environment(reader, self.limits)
        except AGIEnvironmentError as exc:
            log.warning("FastAGI connection from %s closed: %s", peer, exc)
            return
        script = headers.get("agi_network_script")
        if script is None:
            log.error("FastAGI request from %s has no agi_network_script header", peer)
            return
        path = script.split("?", 1)[0]
        route = self._route.get(path)
        if route is None:
            log.error("FastAGI request from %s for unknown script %r", peer, path)
            return
        uniqueid = headers.get("agi_uniqueid", "?")
        # Never log the headers themselves: agi_arg_*, agi_extension, agi_callerid hold numbers.
        log.debug("FastAGI %r from %s (uniqueid %s)", path, peer, uniqueid)
        request = self.request_class(self, headers, reader, writer, encoding=self.default_encoding)
        try:
            await route(request)
        except FastAGIError as exc:
            log.warning("FastAGI %r (uniqueid %s) ended early: %s", path, uniqueid, exc)
        except Exception:
            log.exception("FastAGI handler for %r failed (uniqueid %s)", path, uniqueid)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def _close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    # The peer may already be gone (reset); closing must not turn that into an error.
    with contextlib.suppress(OSError, TimeoutError):
        async with asyncio.timeout(1.0):
            await writer.wait_closed()
