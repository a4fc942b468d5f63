"""A refusal is never taken for a yes, on a real call (issue 14).

Measured on this phone path before the answer rules: "수신 거부" (reject calls) came back as "네" and "그만"
(stop) as "네 마세요", and both were taken as yes. The caller here says 수신 거부 after the survey question
and, when the bot asks again, 그만. By the rules (flows/README.md, "How answers are matched") the call
either ends as an opt-out (the bot heard the opt-out) or asks again and, with the state's one retry used,
ends with the neutral disposition: it is never recorded as interested.
"""

import asyncio

import pytest

from bot.flow.answers import confirm_prompt
from bot.flow.loader import load_flow
from tests.e2e.conftest import asterisk_is_idle, prompt_seconds, rows, wait_for_record
from tests.e2e.sipcall import place_call
from tests.e2e.voices import speak_8k

NEUTRAL = "no_answer"  # survey_ko's disposition when its retries run out


async def _first_turn(bot, timeout: float = 20.0) -> dict:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while loop.time() < end:
        turns = await rows(bot, "turns")
        if turns:
            return turns[0]
        await asyncio.sleep(0.05)
    raise AssertionError("the bot stored no turn for the caller's first answer")


async def _reprompt_seconds(bot, turn: dict) -> float:
    """How long the bot's re-ask lasts: "was that a yes?" for an ambiguous answer, else the reprompt."""
    flow = load_flow(bot.settings.flows_dir / "survey_ko.yaml")
    state = flow.states["ask_interest"]
    if turn["intent"] == "ambiguous":
        text = confirm_prompt("yes", "네", flow.language)
    else:
        text = state.on["no_match"].reprompt
    pcm = await bot.tts.render(flow.render(text), flow.voice, 16000, flow.rate)
    return len(pcm) / 32000


@pytest.mark.parametrize("voice", ["ko", "ko+m3"])
async def test_reject_then_stop_is_never_recorded_as_interested(bot, ari, voice):
    lead = await prompt_seconds(bot, "survey_ko", "ask_interest")
    said: list[str] = []

    async def caller(peer):
        await peer.wait_heard(lead + 0.3)  # after the question
        await peer.speak(speak_8k("수신 거부", voice))
        said.append("수신 거부")
        turn = await _first_turn(bot)
        if turn["transition"] != "retry":
            await peer.silence(6)  # the bot ended the call (an opt-out): nothing more to say
            return
        await asyncio.sleep(await _reprompt_seconds(bot, turn) + 0.8)  # the re-ask, then answer it
        await peer.speak(speak_8k("그만", voice))
        said.append("그만")
        await peer.silence(8)

    result = await place_call("200", caller_script=caller, timeout=90)
    assert result.returncode == 0, result.output[-2000:]
    [call] = await wait_for_record(bot)
    turns = await rows(bot, "turns")
    print(
        voice,
        call["disposition"],
        call["opted_out"],
        [(t["heard"], t["intent"], t["transition"]) for t in turns],
    )
    assert call["disposition"] != "interested", (call, turns)
    assert not [t for t in turns if t["intent"] == "yes"], turns
    if call["opted_out"]:
        assert turns[-1]["intent"] == "opt_out" and turns[-1]["transition"] == "opted_out", turns
    else:
        # Asked again, then ended neutral: both answers were unclear (never a yes), the retry was used.
        assert said == ["수신 거부", "그만"]
        assert [t["transition"] for t in turns] == ["retry", "end"], turns
        assert all(t["intent"] in ("ambiguous", "no_match", "no") for t in turns), turns
        assert call["disposition"] in (NEUTRAL, "unclear", "not_interested"), call
    await asterisk_is_idle(ari)
