"""A real SIP call into the sandbox Asterisk reaches the bot, hears the opening, and ends cleanly."""

import asyncio
from datetime import datetime

from bot.flow.loader import load_flow
from tests.e2e.conftest import asterisk_is_idle
from tests.e2e.sipcall import place_call


async def test_caller_hears_the_opening_and_the_call_is_recorded(bot, ari):
    flow = load_flow(bot.settings.flows_dir / "opening_only.yaml")
    expected = len(await bot.tts.render(flow.opening_text(), flow.voice, 16000, flow.rate)) / 32000
    result = await place_call("900", caller="+12025550123", timeout=40)
    assert result.returncode == 0, result.output[-2000:]
    heard = result.peer.speech_seconds()
    # The caller's leg carried non-silent audio for about the prompt's length (espeak's pauses are silent).
    assert 0.5 * expected <= heard <= expected + 1.5, (heard, expected)
    await asyncio.sleep(0.2)
    rows = list(await bot.store._run(lambda: list(bot.store.db["calls"].rows)))
    assert len(rows) == 1
    row = rows[0]
    assert row["caller"] == "+12025550123" and row["callee"] == "900"
    assert row["answered_at"] and row["ended_at"] and row["hangup_cause"] == "bot"
    await asterisk_is_idle(ari)


async def test_caller_hangs_up_first_everything_is_torn_down(bot, ari):
    result = await place_call("900", hangup_after_ms=1500, timeout=20)
    assert result.returncode == 0, result.output[-2000:]
    await asterisk_is_idle(ari)
    for _ in range(50):
        rows = await bot.store._run(lambda: list(bot.store.db["calls"].rows))
        if rows and rows[0]["ended_at"]:
            break
        await asyncio.sleep(0.05)
    assert rows[0]["hangup_cause"] not in ("", "bot")
    # The caller hung up mid-opening, 1.5 s after answer (not at once, not after the bot's goodbye).
    held = datetime.fromisoformat(rows[0]["ended_at"]) - datetime.fromisoformat(rows[0]["answered_at"])
    assert 1.3 <= held.total_seconds() <= 3.0, held
    # The session leaves the registry when its task finishes, just after it wrote the record.
    for _ in range(40):
        if not bot.registry.sessions:
            break
        await asyncio.sleep(0.05)
    assert not bot.registry.sessions
