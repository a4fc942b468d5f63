"""A real SIP call speaks Korean (espeak-ng) to the Korean survey flow; the real Vosk model listens."""

import pytest

from tests.e2e.conftest import asterisk_is_idle, prompt_seconds, rows, wait_for_record
from tests.e2e.sipcall import place_call
from tests.e2e.voices import speak_8k


@pytest.mark.parametrize(("answer", "disposition"), [("네", "interested"), ("아니요", "not_interested")])
async def test_answer_takes_the_right_branch(bot, ari, answer, disposition):
    lead = await prompt_seconds(bot, "survey_ko", "ask_interest")

    async def caller(peer):
        await peer.wait_heard(lead + 0.3)  # answer after the question
        await peer.speak(speak_8k(answer))
        await peer.silence(4)

    result = await place_call("200", caller_script=caller, timeout=60)
    assert result.returncode == 0, result.output[-2000:]
    [call] = await wait_for_record(bot)
    assert call["flow"] == "survey_ko"
    assert call["disposition"] == disposition
    assert call["end_state"] == "ask_interest" and call["opted_out"] == 0
    [turn] = await rows(bot, "turns")
    assert turn["state"] == "ask_interest" and turn["heard"] == answer
    assert turn["intent"] == {"interested": "yes", "not_interested": "no"}[disposition]
    assert turn["transition"] == "end" and turn["prompt"].startswith("저희 새 서비스")
    await asterisk_is_idle(ari)
