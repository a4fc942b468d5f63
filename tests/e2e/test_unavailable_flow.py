"""A call to a flow that cannot run (it listens and its model is missing) hears a short notice, not silence,
and the log says why."""

import logging

from bot.app.flow_catalog import UnavailableFlow
from bot.speech.models import ModelError, find_model
from tests.e2e.conftest import asterisk_is_idle, wait_for_record
from tests.e2e.sipcall import place_call


async def test_a_disabled_flow_says_the_line_is_not_available(bot, ari, caplog):
    try:  # the e2e settings keep models in a fresh folder: en is missing unless a package provides it
        find_model("en", bot.settings.models_dir)
    except ModelError:
        pass
    else:
        raise AssertionError("an en model is installed: extension 100 would run, pick a flow without one")
    expected = len(await bot.tts.render(UnavailableFlow.NOTICE, UnavailableFlow.VOICE, 16000)) / 32000
    with caplog.at_level(logging.ERROR):
        result = await place_call("100", timeout=30)
    assert result.returncode == 0, result.output[-2000:]  # the bot hung up (sipp got the BYE)
    heard = result.peer.speech_seconds()
    assert 0.5 * expected <= heard <= expected + 1.5, (heard, expected)
    assert "flow 'sales_followup_en' is not available: it listens and there is no en model" in caplog.text
    (row,) = await wait_for_record(bot)
    assert row["hangup_cause"] == "bot"
    await asterisk_is_idle(ari)
