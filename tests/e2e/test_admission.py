"""Admission control on real calls: past the limit a new call hears busy; calls in progress go on."""

import asyncio

from bot.calls.admission import CallRate
from bot.flow.loader import load_flow
from tests.e2e.conftest import asterisk_is_idle, wait_for_record
from tests.e2e.sipcall import place_call


async def test_a_call_beyond_the_limit_gets_busy_and_the_others_are_unaffected(bot, ari):
    bot.registry.max_calls = 2
    flow = load_flow(bot.settings.flows_dir / "opening_only.yaml")
    expected = len(await bot.tts.render(flow.opening_text(), flow.voice, 16000, flow.rate)) / 32000
    running = [asyncio.create_task(place_call("900", caller=f"+1202555017{n}", timeout=40)) for n in range(2)]
    async with asyncio.timeout(10):
        while len(bot.registry.sessions) < 2:
            await asyncio.sleep(0.05)
    extra = await place_call("900", caller="+12025550179", refused_with=486, timeout=20)
    assert extra.returncode == 0, extra.output[-2000:]
    for call in await asyncio.gather(*running):
        assert call.returncode == 0, call.output[-2000:]
        assert 0.5 * expected <= call.peer.speech_seconds() <= expected + 1.5  # the whole opening
    calls = {c["caller"]: c for c in await wait_for_record(bot)}
    assert calls["+12025550179"]["end_state"] == "refused" and calls["+12025550179"]["disposition"] == "busy"
    assert [calls[f"+1202555017{n}"]["hangup_cause"] for n in range(2)] == ["bot", "bot"]
    await asterisk_is_idle(ari)


async def test_a_call_past_the_start_rate_gets_busy_and_the_call_before_it_is_unaffected(bot, ari):
    """Calls that start together answer together: past the burst, an inbound call hears busy (SIP 486)."""
    bot.registry.rate = CallRate(0.05, 1)  # one call, then one every 20 s
    flow = load_flow(bot.settings.flows_dir / "opening_only.yaml")
    expected = len(await bot.tts.render(flow.opening_text(), flow.voice, 16000, flow.rate)) / 32000
    first = asyncio.create_task(place_call("900", caller="+12025550170", timeout=40))
    async with asyncio.timeout(10):
        while not bot.registry.sessions:
            await asyncio.sleep(0.05)
    extra = await place_call("900", caller="+12025550179", refused_with=486, timeout=20)
    assert extra.returncode == 0, extra.output[-2000:]
    call = await first
    assert call.returncode == 0, call.output[-2000:]
    assert 0.5 * expected <= call.peer.speech_seconds() <= expected + 1.5  # the whole opening
    calls = {c["caller"]: c for c in await wait_for_record(bot)}
    assert calls["+12025550179"]["end_state"] == "refused" and calls["+12025550179"]["disposition"] == "rate"
    assert calls["+12025550170"]["hangup_cause"] == "bot"
    await asterisk_is_idle(ari)
