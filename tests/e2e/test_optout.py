"""Opt-out on real calls: heard in Korean or pressed, written before the goodbye, honoured after."""

import time

from bot.store import compliance_tables as ct
from tests.e2e.conftest import asterisk_is_idle, prompt_seconds, rows, wait_for_record
from tests.e2e.sipcall import place_call
from tests.e2e.voices import speak_8k

CALLER = "+821012345678"


async def assert_opted_out(bot, source: str) -> dict:
    [call] = await wait_for_record(bot)
    assert call["opted_out"] == 1
    [row] = await rows(bot, "suppression")
    assert row["number"] == CALLER and row["scope"] == "global" and row["source"] == source
    assert row["call_id"] == call["id"]
    return call


async def test_spoken_optout_mid_flow_suppresses_and_hangs_up_within_1_5s(bot, ari):
    lead = await prompt_seconds(bot, "survey_ko", "ask_interest")
    phrase_end: list[float] = []

    async def caller(peer):
        await peer.wait_heard(lead + 0.3)  # in the question's listening state
        # Measured through this phone path: "전화 하지 마세요" comes back as "하지 마세요", 3 of 3.
        await peer.speak(speak_8k("전화 하지 마세요"))
        phrase_end.append(peer.last_loud_sent_at)  # when the last loud packet really left
        await peer.silence(6)

    result = await place_call("200", caller=CALLER, caller_script=caller, timeout=60)
    ended = time.monotonic()
    assert result.returncode == 0, result.output[-2000:]
    call = await assert_opted_out(bot, "voice")
    assert call["end_state"] == "ask_interest"
    # Heard, committed, confirmed and hung up within 1.5 s of the phrase, on the caller's clock (sipp
    # exits after the bot's BYE, so this is an upper bound).
    assert ended - phrase_end[0] < 1.5, ended - phrase_end[0]
    [turn] = await rows(bot, "turns")
    assert turn["intent"] == "opt_out" and "마세요" in turn["heard"]
    await asterisk_is_idle(ari)


async def test_key_9_during_the_opening_suppresses(bot, ari):
    async def caller(peer):
        await peer.wait_heard(2.0)
        await peer.press("9")
        await peer.silence(8)

    result = await place_call("200", caller=CALLER, caller_script=caller, timeout=40)
    assert result.returncode == 0, result.output[-2000:]
    call = await assert_opted_out(bot, "keypress")
    assert call["end_state"] == "opening"
    await asterisk_is_idle(ari)


async def test_an_opt_out_from_a_withheld_number_is_recorded_on_the_call_and_audited(bot, ari):
    async def caller(peer):
        await peer.wait_heard(2.0)
        await peer.press("9")
        await peer.silence(8)

    result = await place_call("200", caller="anonymous", caller_script=caller, timeout=40)
    assert result.returncode == 0, result.output[-2000:]
    [call] = await wait_for_record(bot)
    assert call["opted_out"] == 1 and call["optout_source"] == "keypress"
    assert await rows(bot, "suppression") == []  # "anonymous" is not a number to suppress
    withheld = await bot.store._run(lambda: ct.audit_tail(bot.store.db, 5, ct.OPTOUT_WITHHELD))
    assert [a["subject"] for a in withheld] == [call["id"]]
    await asterisk_is_idle(ari)
