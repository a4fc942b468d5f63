"""The bot calls out: dial-time checks pass, the dialplan gate allows, the softphone answers and hears the
opening, and the call is recorded as outbound."""

from datetime import UTC, datetime

from bot.calls.dialer import dial
from bot.flow.loader import load_flow
from bot.store.compliance_tables import consent_grant
from tests.e2e.conftest import asterisk_is_idle, wait_for_record
from tests.e2e.sipcall import softphone

NUMBER = "+12025550147"
NOON_IN_WASHINGTON = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)


async def test_outbound_call_reaches_the_softphone(bot, ari):
    def grant() -> None:  # runs on the store's own thread
        consent_grant(bot.store.db, NUMBER, scope="global", source="web form", evidence="e2e", actor="test")

    await bot.store._run(grant)
    flow = load_flow(bot.settings.flows_dir / "opening_only.yaml")
    expected = len(await bot.tts.render(flow.opening_text(), flow.voice, 16000, flow.rate)) / 32000
    bot.now = lambda: NOON_IN_WASHINGTON  # the dialplan gate checks the calling hours too
    async with softphone() as answered:
        region = bot.settings.default_region
        await dial(
            bot.control,
            bot.store,
            NUMBER,
            flow=flow,
            default_region=region,
            now_utc=NOON_IN_WASHINGTON,
        )
        result = await answered
    assert result.returncode == 0, result.output[-2000:]
    assert 0.5 * expected <= result.peer.speech_seconds() <= expected + 1.5
    [call] = await wait_for_record(bot)
    assert call["direction"] == "outbound" and call["callee"] == NUMBER and call["flow"] == "opening_only"
    assert call["hangup_cause"] == "bot" and call["disposition"] == "test"
    await asterisk_is_idle(ari)
