"""Faults rehearsed on the sandbox: the media connection drops, the ARI events socket drops, Asterisk
restarts with a call up. Each call still ends with a record and a cause, and the next call works."""

import asyncio
import time

from tests.e2e.conftest import asterisk_is_idle, wait_for_record
from tests.e2e.sipcall import PROJECT, place_call

CTL = PROJECT / "asterisk-conf" / "sandbox" / "ctl.sh"


async def wait_for_session(bot, timeout: float = 10.0):
    async with asyncio.timeout(timeout):
        while not bot.registry.sessions:
            await asyncio.sleep(0.05)
    return next(iter(bot.registry.sessions.values()))


async def test_a_dropped_media_connection_ends_the_call_and_it_is_recorded(bot, ari):
    call = asyncio.create_task(place_call("900", caller="+12025550161", timeout=40))
    session = await wait_for_session(bot)
    async with asyncio.timeout(10):
        while session._media is None:  # media connected
            await asyncio.sleep(0.05)
    await asyncio.sleep(1.0)  # the opening is playing
    session._media._writer.transport.abort()  # the TCP connection drops, no hangup from anyone
    result = await call
    assert result.returncode == 0, result.output[-2000:]  # the caller got a BYE, not silence
    [record] = await wait_for_record(bot)
    assert record["hangup_cause"] == "media_lost" and record["ended_at"]
    await asterisk_is_idle(ari)


async def test_a_dropped_events_socket_reconnects_and_the_next_call_works(bot, ari):
    before = bot.ari.connections
    assert bot.ari.events_socket is not None
    await bot.ari.events_socket.close()  # the WebSocket drops; Asterisk stays up
    started = time.monotonic()
    async with asyncio.timeout(10):
        while bot.ari.connections == before or not bot.ari.connected.is_set():
            await asyncio.sleep(0.02)
    print(f"events socket back after {time.monotonic() - started:.2f} s")
    result = await place_call("900", caller="+12025550162", hangup_after_ms=1500, timeout=20)
    assert result.returncode == 0, result.output[-2000:]
    [record] = await wait_for_record(bot)
    assert record["answered_at"]  # the new call's StasisStart reached the bot
    await asterisk_is_idle(ari)


async def test_a_call_placed_while_the_events_socket_is_down_is_not_lost(bot, ari):
    """Stasis() fails at once while the application has no connection; the dialplan retries it."""
    assert bot.ari.events_socket is not None
    before = bot.ari.connections
    await bot.ari.events_socket.close()
    # The INVITE goes out now, in the reconnect's backoff (0.2 s and more): nobody is listening.
    result = await place_call("900", caller="+12025550165", hangup_after_ms=1500, timeout=20)
    assert result.returncode == 0, result.output[-2000:]  # answered, not refused
    assert bot.ari.connections == before + 1  # through the reconnected socket
    [record] = await wait_for_record(bot)
    assert record["answered_at"] and record["hangup_cause"] not in ("", "bot")
    await asterisk_is_idle(ari)


async def test_asterisk_restarting_with_calls_up_closes_their_records_and_the_next_call_works(bot, ari):
    calls = [asyncio.create_task(place_call("900", caller=f"+1202555016{n}", timeout=40)) for n in (3, 6, 7)]
    async with asyncio.timeout(10):
        while len(bot.registry.sessions) < 3:
            await asyncio.sleep(0.05)
    await asyncio.sleep(1.0)
    proc = await asyncio.create_subprocess_exec("bash", str(CTL), "down", stdout=asyncio.subprocess.DEVNULL)
    await proc.wait()
    await asyncio.gather(*calls)  # sipp sees the far end vanish; its result does not matter here
    records = await wait_for_record(bot, timeout=10)
    assert len(records) == 3
    for record in records:
        assert record["ended_at"] and record["hangup_cause"], record  # closed, with the cause the bot saw
    assert not bot.registry.sessions
    proc = await asyncio.create_subprocess_exec("bash", str(CTL), "up", stdout=asyncio.subprocess.DEVNULL)
    assert await proc.wait() == 0
    started = time.monotonic()
    async with asyncio.timeout(30):
        while not bot.ari.connected.is_set():
            await asyncio.sleep(0.05)
    print(f"bot reconnected {time.monotonic() - started:.2f} s after Asterisk was back")
    result = await place_call("900", caller="+12025550164", hangup_after_ms=1500, timeout=20)
    assert result.returncode == 0, result.output[-2000:]
    await asterisk_is_idle(ari)
