"""SIP edge cases on real calls (sipp against the sandbox): a CANCEL before the answer, hold and unhold
mid-call, the opt-out key as RFC 4733 and as SIP INFO, a caller that sends no RTP at all, and a caller
hanging up during the opening, during a prompt and during the goodbye after an opt-out.

Each checks what the bot stored, and that nothing is left behind: no channel or bridge in Asterisk, no
session or task in the bot.
"""

import asyncio
import itertools
from datetime import datetime

import pytest

from tests.e2e.conftest import asterisk_is_idle, prompt_seconds, rows, wait_for_record
from tests.e2e.sipcall import place_call

CALLER = "+821055501277"


async def nothing_left(bot, ari) -> None:
    await asterisk_is_idle(ari)
    async with asyncio.timeout(3):  # the session leaves the registry just after writing its record
        while bot.registry.sessions or bot.registry.scope._tasks:
            await asyncio.sleep(0.05)


def seconds_between(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


async def test_cancel_before_the_answer_closes_the_record_and_leaks_nothing(bot, ari):
    # Hold the bot's answer back so that the CANCEL lands while the call is in Stasis, unanswered.
    answer = bot.control.answer

    async def slow_answer(channel_id: str) -> None:
        await asyncio.sleep(4.0)
        await answer(channel_id)

    bot.control.answer = slow_answer  # StasisStart comes within ms of the INVITE, the CANCEL 1.5 s later
    result = await place_call("200", caller=CALLER, scenario_name="cancel.xml", fill={"CANCEL_MS": 1500})
    assert result.returncode == 0, result.output[-2000:]  # 200 to the CANCEL, 487 to the INVITE
    [call] = await wait_for_record(bot, timeout=10)
    assert call["answered_at"] is None and call["ended_at"]
    assert call["hangup_cause"] not in ("", "bot"), call  # the caller's cancel, not our own hangup
    assert call["opted_out"] == 0
    await nothing_left(bot, ari)


async def test_hold_and_unhold_mid_call_the_call_goes_on_and_audio_resumes(bot, ari):
    expected = await prompt_seconds(bot, "opening_only")
    hold_at, hold_for = 1500, 2000
    result = await place_call(
        "900",
        caller=CALLER,
        scenario_name="hold.xml",
        fill={"HOLD_AT_MS": hold_at, "HOLD_FOR_MS": hold_for},
        timeout=60,
    )
    assert result.returncode == 0, result.output[-2000:]  # both re-INVITEs answered, then the bot's BYE
    [call] = await wait_for_record(bot)
    assert call["hangup_cause"] == "bot" and call["disposition"] == "test", call  # the flow ran to its end
    arrivals = [t for t, _ in result.peer.received]
    gap, gap_end = max((b - a, b) for a, b in itertools.pairwise(arrivals))
    # The hold took effect: Asterisk stopped sending to the caller for about the hold's length...
    assert hold_for / 1000 - 0.5 < gap < hold_for / 1000 + 1.0, gap
    # ... and the audio came back after it: the prompt goes on (the bot does not wait for the hold).
    resumed = sum(1 for t, s in result.peer.received if t >= gap_end and abs(s.astype(float)).mean() > 300)
    print(f"opening {expected:.1f} s; silent {gap:.2f} s on hold, then {resumed * 0.02:.1f} s of speech")
    assert resumed * 0.02 > 1.0, resumed
    await nothing_left(bot, ari)


async def assert_opted_out_by_key(bot) -> dict:
    [call] = await wait_for_record(bot)
    assert call["opted_out"] == 1 and call["optout_source"] == "keypress", call
    [row] = await rows(bot, "suppression")
    assert row["number"] == CALLER and row["source"] == "keypress" and row["call_id"] == call["id"]
    return call


async def test_opt_out_key_as_rfc4733_during_a_question(bot, ari):
    lead = await prompt_seconds(bot, "survey_ko", "ask_interest")

    async def caller(peer):
        await peer.wait_heard(lead + 0.3)  # the question has been asked: the flow is listening
        await peer.press("9")
        await peer.silence(8)

    result = await place_call("200", caller=CALLER, caller_script=caller, timeout=60)
    assert result.returncode == 0, result.output[-2000:]
    call = await assert_opted_out_by_key(bot)
    assert call["end_state"] == "ask_interest" and call["hangup_cause"] == "bot"
    await nothing_left(bot, ari)


async def test_opt_out_key_as_sip_info(bot, ari):
    result = await place_call(
        "200", caller=CALLER, scenario_name="info_dtmf.xml", fill={"KEY_AT_MS": 2000}, timeout=40
    )
    assert result.returncode == 0, result.output[-2000:]  # INFO answered 200, then the bot's goodbye
    call = await assert_opted_out_by_key(bot)
    assert call["end_state"] == "opening" and call["hangup_cause"] == "bot"
    await nothing_left(bot, ari)


async def test_a_caller_that_sends_no_rtp_gets_the_no_input_path_and_a_goodbye(bot, ari):
    # No caller script: the RTP peer never sends a packet, for the whole call.
    result = await place_call("200", caller=CALLER, timeout=90)
    assert result.returncode == 0, result.output[-2000:]  # the bot ended the call itself
    assert not result.peer.transport or result.peer.last_loud_sent_at is None
    [call] = await wait_for_record(bot)
    assert call["hangup_cause"] == "bot" and call["end_state"] == "ask_interest", call
    assert call["disposition"] == "no_answer" and call["opted_out"] == 0, call
    turns = await rows(bot, "turns")
    assert turns and all(t["heard"] in ("", None) for t in turns), turns
    await nothing_left(bot, ari)


@pytest.mark.parametrize("moment", ["opening", "question"])
async def test_caller_hangs_up_mid_prompt(bot, ari, moment):
    opening = await prompt_seconds(bot, "survey_ko")
    # Halfway through the opening, or one second into the question that follows it.
    hold = opening / 2 if moment == "opening" else opening + 1.0
    result = await place_call("200", caller=CALLER, hangup_after_ms=int(hold * 1000), timeout=40)
    assert result.returncode == 0, result.output[-2000:]
    [call] = await wait_for_record(bot)
    assert call["hangup_cause"] not in ("", "bot"), call
    assert call["end_state"] == ("opening" if moment == "opening" else "ask_interest"), call
    assert call["opted_out"] == 0 and not call["disposition"], call
    assert seconds_between(call["answered_at"], call["ended_at"]) < hold + 1.5
    await nothing_left(bot, ari)


async def test_caller_hangs_up_during_the_goodbye_after_an_opt_out(bot, ari):
    async def caller(peer):
        await peer.first_packet.wait()  # about when sipp's clock starts (its ACK)
        await asyncio.sleep(1.0)
        await peer.press("9")
        await peer.silence(10)

    # The key ends ~1.2 s after the answer and the goodbye is cut 1.2 s after it (OPTOUT_HANGUP_WITHIN):
    # sipp's BYE at 2.0 s lands after the opt-out is committed, while the goodbye is playing.
    result = await place_call("200", caller=CALLER, caller_script=caller, hangup_after_ms=2000, timeout=40)
    assert result.returncode == 0, result.output[-2000:]
    call = await assert_opted_out_by_key(bot)
    assert call["end_state"] == "opening" and call["hangup_cause"] not in ("", "bot"), call
    await nothing_left(bot, ari)
