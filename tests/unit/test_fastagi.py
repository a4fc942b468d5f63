"""FastAGI server: panoramisk 1.4's defects (confirmed, xfail strict) and our fixes, over loopback.

The recorded fixtures under tests/fixtures/agi/ are bytes captured from Asterisk 22.10.1:
the environment it sends to agi://127.0.0.1:4573/gate and its replies to bad commands.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from panoramisk import fast_agi

from bot.asterisk.fastagi import (
    AGIConnectionClosed,
    AGIEnvironmentError,
    AGIProtocolError,
    AGIReplyTimeout,
    AGIRequest,
    FastAGIApplication,
    HeaderLimits,
    quote_agi_arg,
    read_agi_environment,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "agi"
ENV = (FIXTURES / "env_gate_arg.txt").read_bytes()
USAGE_SET = (FIXTURES / "reply_520_set_variable.txt").read_bytes()
USAGE_GET = (FIXTURES / "reply_520_get_variable.txt").read_bytes()
PARTIAL_ENV = ENV[: ENV.index(b"agi_context")]  # headers without the terminating blank line


@pytest.fixture(autouse=True)
async def no_leftover_tasks() -> AsyncIterator[None]:
    yield
    # Sessions the server is still closing get a moment; anything else left running is a leak.
    await settle()
    left = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    assert not left, f"tasks left running: {left}"


async def settle(within: float = 1.0) -> None:
    """Wait (bounded) for every other task of this loop, e.g. server sessions, to finish."""
    others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    if others:
        await asyncio.wait(others, timeout=within)


@contextlib.asynccontextmanager
async def serving(app: FastAGIApplication) -> AsyncIterator[int]:
    server = await app.serve("127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await app.aclose()
        await server.wait_closed()


class Peer:
    """A fake Asterisk: the client side of a FastAGI connection."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def connect(cls, port: int, env: bytes = ENV) -> Peer:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(env)
        await writer.drain()
        return cls(reader, writer)

    async def command(self) -> str:
        return (await asyncio.wait_for(self.reader.readline(), 1.0)).decode().rstrip("\n")

    async def reply(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def closed_by_server(self, within: float = 1.0) -> bool:
        with contextlib.suppress(ConnectionError):
            return await asyncio.wait_for(self.reader.read(), within) == b""
        return True

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(ConnectionError):
            await self.writer.wait_closed()


async def wait_idle(app: FastAGIApplication) -> None:
    """Wait until the server has finished every session (it saw EOF, timed out, ...)."""
    await settle()
    assert app.active_sessions == 0


def app_with(handler: Callable[[AGIRequest], Awaitable[None]], **kwargs: Any) -> FastAGIApplication:
    app = FastAGIApplication(**kwargs)
    app.add_route("gate", handler)
    return app


async def _never_called(request: AGIRequest) -> None:
    raise AssertionError("the route must not run")


# --- panoramisk 1.4 as shipped: each test states the correct behaviour and fails today --------


@pytest.mark.xfail(strict=True, raises=AttributeError, reason="panoramisk uses asyncio.coroutine")
async def test_upstream_accepts_sync_handler() -> None:
    fast_agi.Application().add_route("gate", lambda request: None)


class _ListWriter:
    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.sent.append(data)

    async def drain(self) -> None:
        return None

    def close(self) -> None:
        return None


@pytest.mark.xfail(strict=True, raises=(AssertionError, ValueError), reason="panoramisk reads one line")
@pytest.mark.parametrize("usage", [USAGE_SET, USAGE_GET], ids=["set-variable", "get-variable"])
async def test_upstream_multiline_520_keeps_replies_aligned(usage: bytes) -> None:
    reader = asyncio.StreamReader()
    reader.feed_data(usage + b"200 result=0\n")
    request = fast_agi.Request(None, {}, reader, _ListWriter())
    assert (await request.send_command("SET VARIABLE"))["error"] == "AGIUsageError"
    # The NOOP must get its own "200 result=0", not leftovers of the usage text.
    assert (await request.send_command("NOOP"))["status_code"] == 200


class _Spinning(Exception):
    pass


class _CountingReader(asyncio.StreamReader):
    async def read(self, n: int = -1) -> bytes:
        self.calls = getattr(self, "calls", 0) + 1
        if self.calls > 1000:
            raise _Spinning(f"read() called {self.calls} times on a closed stream")
        return await super().read(n)


@pytest.mark.xfail(strict=True, raises=_Spinning, reason="panoramisk loops on read() == b''")
async def test_upstream_handler_returns_on_eof_before_blank_line() -> None:
    reader = _CountingReader()
    reader.feed_data(PARTIAL_ENV)
    reader.feed_eof()
    await fast_agi.Application().handler(reader, _ListWriter())


# --- registration -----------------------------------------------------------------------------


def test_sync_handler_is_rejected_with_clear_type_error() -> None:
    app = FastAGIApplication()

    def sync_handler(request: AGIRequest) -> None:
        return None

    with pytest.raises(TypeError, match="must be an 'async def'"):
        app.add_route("gate", sync_handler)
    # A lambda returning a coroutine is still a sync callable: rejected, not guessed at.
    with pytest.raises(TypeError, match="async def"):
        app.add_route("gate", lambda request: _never_called(request))
    with pytest.raises(TypeError, match="not callable"):
        app.add_route("gate", "gate")  # type: ignore[arg-type]
    assert "gate" not in app._route


def test_async_callables_routes_and_inherited_del_route() -> None:
    class AsyncCallable:
        async def __call__(self, request: AGIRequest) -> None:
            return None

    async def handler(request: AGIRequest, extra: int) -> None:
        return None

    app = FastAGIApplication()
    assert isinstance(app, fast_agi.Application)
    app.add_route("a", AsyncCallable())
    app.add_route("b", functools.partial(handler, extra=1))
    with pytest.raises(ValueError, match="already exists"):
        app.add_route("a", AsyncCallable())
    app.del_route("a")  # panoramisk's own method, on our attributes
    assert list(app._route) == ["b"]


# --- environment parsing ----------------------------------------------------------------------


async def _parse(data: bytes, limits: HeaderLimits | None = None) -> dict[str, str]:
    reader = asyncio.StreamReader()
    reader.feed_data(data)
    reader.feed_eof()
    return await read_agi_environment(reader, limits or HeaderLimits())


async def test_recorded_asterisk22_environment_parses() -> None:
    headers = await _parse(ENV)
    assert len(headers) == 24
    assert headers["agi_network_script"] == "gate" and headers["agi_arg_2"] == "robot"
    assert headers["agi_version"].startswith("22.")
    assert headers["agi_arg_1"] == "+442079460123"
    assert headers["agi_accountcode"] == ""  # sent as "agi_accountcode: " with a trailing space
    no_arg = await _parse((FIXTURES / "env_gate_no_arg.txt").read_bytes())
    assert "agi_arg_1" not in no_arg and no_arg["agi_extension"] == "+442079460999"
    assert await _parse(ENV.replace(b"\n", b"\r\n")) == headers


@pytest.mark.parametrize(
    ("data", "limits", "message"),
    [
        (PARTIAL_ENV, None, "before the end of the AGI environment"),
        (PARTIAL_ENV + b"agi_context: clearc", None, "before the end"),
        (b"agi_network: yes\nGET / HTTP/1.1\n\n", None, "garbage header line 2"),
        (b"agi_network: yes\n\xff\xfe: x\n\n", None, "garbage header line 2"),
        (b"agi_arg_1: 1\nagi_arg_1: 2\n\n", None, "duplicate header"),
        (ENV, HeaderLimits(max_lines=10), "exceeds 10 lines"),
        (ENV, HeaderLimits(max_bytes=300), "exceeds 300 bytes"),
    ],
    ids=["eof", "eof-mid-line", "garbage", "binary", "duplicate", "too-many-lines", "too-many-bytes"],
)
async def test_bad_environments_raise(data: bytes, limits: HeaderLimits | None, message: str) -> None:
    with pytest.raises(AGIEnvironmentError, match=message):
        await _parse(data, limits)


# --- sessions over loopback -------------------------------------------------------------------


async def test_normal_session_commands_and_replies() -> None:
    results: list[dict[str, Any]] = []

    async def handler(request: AGIRequest) -> None:
        assert request.headers["agi_arg_1"] == "+442079460123"
        results.append(await request.set_variable("CLEARCALL_GATE", 'a "quoted" \\ value'))
        results.append(await request.send_command("NOOP"))

    app = app_with(handler)
    async with serving(app) as port:
        peer = await Peer.connect(port)
        assert await peer.command() == r'SET VARIABLE CLEARCALL_GATE "a \"quoted\" \\ value"'
        await peer.reply(b"200 result=1\n")
        assert await peer.command() == "NOOP"
        await peer.reply(b"100 result=0 Trying...\n200 result=0\n")
        assert await peer.closed_by_server()
        await peer.close()
    assert [r["status_code"] for r in results] == [200, 200]
    assert results[0]["result"] == ("1", "")
    assert app.active_sessions == 0


async def test_multiline_520_is_one_error_and_next_reply_stays_aligned() -> None:
    results: list[dict[str, Any]] = []

    async def handler(request: AGIRequest) -> None:
        for command in ("SET VARIABLE", "GET VARIABLE", "SET VARIABLE X", "NOOP"):
            results.append(await request.send_command(command))

    async with serving(app_with(handler)) as port:
        peer = await Peer.connect(port)
        for reply in (
            USAGE_SET,
            USAGE_GET,
            b"520 Invalid command syntax.  Proper usage not available.\n",
            b"200 result=0\n",
        ):
            await peer.command()
            await peer.reply(reply)
        assert await peer.closed_by_server()
        await peer.close()
    assert [r["status_code"] for r in results] == [520, 520, 520, 200]
    assert all(r["error"] == "AGIUsageError" for r in results[:3])
    assert results[0]["msg"] == USAGE_SET.decode().rstrip("\n")
    # A usage line that itself starts with "200 result=1" must not end the block.
    assert "Example return code: 200 result=1" in results[1]["msg"]
    assert results[1]["msg"].endswith("520 End of proper usage.")
    assert results[3]["result"] == ("0", "")


async def test_hangup_line_before_reply_is_not_taken_as_the_reply() -> None:
    seen: list[tuple[bool, dict[str, Any]]] = []

    async def handler(request: AGIRequest) -> None:
        result = await request.send_command("SET VARIABLE X 1")
        seen.append((request.hungup, result))

    async with serving(app_with(handler)) as port:
        peer = await Peer.connect(port)
        await peer.command()
        await peer.reply(b"HANGUP\n200 result=1\n")
        assert await peer.closed_by_server()
        await peer.close()
    assert seen == [(True, {"status_code": 200, "result": ("1", ""), "msg": ""})]


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (None, AGIConnectionClosed),  # Asterisk closes instead of replying
        (b"200 res", AGIConnectionClosed),  # ... in the middle of a line
        (b"result=1 but no status code\n", AGIProtocolError),
        (b"", AGIReplyTimeout),  # says nothing at all
    ],
    ids=["eof", "eof-mid-line", "garbage", "silent"],
)
async def test_reply_failures_end_the_session(
    reply: bytes | None, expected: type[Exception], caplog: pytest.LogCaptureFixture
) -> None:
    raised: list[BaseException] = []

    async def handler(request: AGIRequest) -> None:
        try:
            await request.send_command("NOOP")
        except Exception as exc:
            raised.append(exc)
            raise

    app = app_with(handler, command_timeout=0.1)
    async with serving(app) as port:
        peer = await Peer.connect(port)
        await peer.command()
        if reply is not None:
            await peer.reply(reply)
        if reply != b"":
            peer.writer.write_eof()
        await wait_idle(app)
        await peer.close()
    assert len(raised) == 1 and isinstance(raised[0], expected)
    assert "ended early" in caplog.text


async def test_line_breaks_cannot_smuggle_a_second_command() -> None:
    writer = _ListWriter()
    request = AGIRequest(FastAGIApplication(), {}, asyncio.StreamReader(), writer)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="line break"):
        await request.send_command("NOOP\nEXEC Dial PJSIP/evil")
    with pytest.raises(ValueError, match="line break"):
        await request.set_variable("X", "a\rb")
    with pytest.raises(ValueError, match="variable name"):
        await request.set_variable("X Y", "a")
    assert writer.sent == [] and quote_agi_arg("") == '""'


# --- bad peers: the connection is closed, the route never runs, nothing spins -----------------


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (PARTIAL_ENV, "before the end of the AGI environment"),
        (b"agi_network: yes\nSSH-2.0-OpenSSH_9.6\n", "garbage header line 2"),
        (ENV[:-1] + b"".join(b"agi_pad_%d: x\n" % i for i in range(60)) + b"\n", "exceeds 40 lines"),
        (b"agi_network: yes\nagi_request: " + b"9" * 8000, "stream limit"),
        (ENV.replace(b"agi_network_script: gate\n", b""), "no agi_network_script"),
        (ENV.replace(b"script: gate", b"script: other"), "unknown script 'other'"),
    ],
    ids=["eof", "garbage", "oversize-lines", "oversize-line", "no-script", "unknown-script"],
)
async def test_bad_or_unroutable_request_closes_connection(
    env: bytes, message: str, caplog: pytest.LogCaptureFixture
) -> None:
    app = app_with(_never_called, limits=HeaderLimits(max_lines=40, max_bytes=2048))
    async with serving(app) as port:
        peer = await Peer.connect(port, env)
        if env is PARTIAL_ENV:
            peer.writer.write_eof()
        assert await peer.closed_by_server()
        await peer.close()
    assert message in caplog.text
    assert "+442079460123" not in caplog.text  # header values are never logged


async def test_hanging_peer_is_dropped_after_read_timeout(caplog: pytest.LogCaptureFixture) -> None:
    app = app_with(_never_called, limits=HeaderLimits(read_timeout=0.2))
    async with serving(app) as port:
        started = time.monotonic()
        peer = await Peer.connect(port, PARTIAL_ENV)  # ... and then nothing, connection held open
        assert await peer.closed_by_server()
        elapsed = time.monotonic() - started
        await peer.close()
    assert 0.15 < elapsed < 0.8
    assert "not complete within 0.2 s" in caplog.text


async def test_query_string_is_not_part_of_the_route_and_errors_are_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def handler(request: AGIRequest) -> None:
        raise RuntimeError("handler bug")

    async with serving(app_with(handler)) as port:
        peer = await Peer.connect(port, ENV.replace(b"script: gate", b"script: gate?x=1"))
        assert await peer.closed_by_server()
        await peer.close()
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and errors[0].exc_info and "handler bug" in str(errors[0].exc_info[1])


async def test_aclose_cancels_sessions_in_flight() -> None:
    started, cancelled = asyncio.Event(), asyncio.Event()

    async def handler(request: AGIRequest) -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    async with serving(app := app_with(handler)) as port:
        peer = await Peer.connect(port)
        await asyncio.wait_for(started.wait(), 1.0)
        assert app.active_sessions == 1
    assert cancelled.is_set() and app.active_sessions == 0
    assert await peer.closed_by_server()
    await peer.close()


# --- EOF before the blank line: no busy loop (server on its own thread so a spin cannot hang us)


class _ThreadedServer:
    """Serves ``app.handler`` from an event loop on another thread.

    If the handler spins without yielding (panoramisk's EOF bug) only that loop freezes: this
    test's loop keeps running, measures the burnt CPU and fails instead of hanging the suite.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.port = 0
        self.session_done = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=asyncio.run, args=(self._main(),), daemon=True)

    async def _main(self) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()

        async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                await self.app.handler(reader, writer)
            finally:
                self.session_done.set()

        server = await asyncio.start_server(handler, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        await self._stop.wait()
        server.close()
        await server.wait_closed()

    def __enter__(self) -> _ThreadedServer:
        self._thread.start()
        assert self._ready.wait(2.0)
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(1.0)


async def test_eof_before_blank_line_finishes_promptly_without_spinning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    window = 0.5
    with _ThreadedServer(app_with(_never_called)) as srv:
        _, writer = await asyncio.open_connection("127.0.0.1", srv.port)
        writer.write(PARTIAL_ENV)
        await writer.drain()
        cpu_start, started = time.process_time(), time.monotonic()
        writer.close()  # EOF before the blank line
        await writer.wait_closed()
        await asyncio.to_thread(srv.session_done.wait, window)
        finished_after = time.monotonic() - started
        await asyncio.sleep(max(0.0, window - (time.monotonic() - started)))
        cpu = time.process_time() - cpu_start
    assert srv.session_done.is_set(), f"connection handler still running after {window} s"
    assert finished_after < window
    assert cpu < 0.25 * window, f"{cpu:.3f} s CPU in a {window} s window: the server is spinning"
    assert "before the end of the AGI environment" in caplog.text
