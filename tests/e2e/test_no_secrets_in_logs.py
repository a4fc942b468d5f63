"""With logging at DEBUG, a call, an opt-out and a gate request leave no secret and no full phone number
in the bot's logs (every logger, every level)."""

import logging

from bot.app.settings import read_env_file
from tests.e2e.conftest import asterisk_is_idle, wait_for_record
from tests.e2e.sipcall import PROJECT, place_call

CALLER = "+821055519876"
DIALLED = "+12025550177"


async def test_debug_logs_hold_no_secret_and_no_full_number(bot, ari, caplog):
    caplog.set_level(logging.DEBUG)  # the root logger: every library too

    async def caller(peer):
        await peer.wait_heard(1.5)
        await peer.press("9")
        await peer.silence(4)

    result = await place_call("200", caller=CALLER, caller_script=caller, timeout=40)
    assert result.returncode == 0, result.output[-2000:]
    await wait_for_record(bot)
    # Suppressed, so the gate denies it at any hour (unsuppressed, it is allowed 08:00-21:00 New York time).
    await bot.store.suppress(DIALLED, scope="global", source="operator")
    refused = await place_call("8" + DIALLED, caller=CALLER, refused_with=403, timeout=20)  # the gate
    assert refused.returncode == 0, refused.output[-2000:]
    await asterisk_is_idle(ari)
    text = "\n".join(
        f"{r.getMessage()} {getattr(r, 'fields', '')} {r.exc_text or ''}" for r in caplog.records
    )
    assert "opt_out" in text and "gate: DENY" in text  # the events under test were logged
    secrets = read_env_file(PROJECT / ".local" / "secrets.env")
    for name, value in secrets.items():
        assert value not in text, f"{name} appears in the logs"
    for number in (CALLER, DIALLED):
        for form in (number, number.lstrip("+"), number[3:]):  # E.164, without "+", national digits
            assert form not in text, f"a full phone number ({form[:4]}...) appears in the logs"
