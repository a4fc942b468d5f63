"""When a call is recorded, on the real CallSession and FlowRunner with the simulator's fakes: from the end
of the opening (never during it), not at all with `recording: off` or an opt-out in the opening, and with
`recording: ask` kept on "yes", deleted on "no" or silence while the call goes on."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.calls import flow_runner
from bot.sim import SimulatedCall
from tests.unit.test_flow_runner import NUMBER, make_flow

FLOW_TEXT = """\
name: rec
language: en
voice: en-us
recording: {mode}
identity: {{company: Acme, purpose: testing, callback_number: "+1 202 555 0100"}}
contact: {{fields: {{first_name: {{sample: Ann}}}}}}
start: ask
states:
  ask:
    say: Hi {{contact.first_name}}, do you want a call back?
    listen:
      timeout: 200ms
      intents: {{yes: ["sure"], no: ["not now"]}}
    on:
      yes: {{set: {{disposition: interested}}, end: Goodbye.}}
      no: {{set: {{disposition: not_interested}}, end: Goodbye.}}
      no_match: {{retries: 0, then: {{end: Bye.}}}}
"""


class FakeRecordings:
    def __init__(self, events: list[tuple[str, str]]) -> None:
        self.events = events

    async def start(self, call_id: str, sample_rate: int) -> FakeRecording:
        self.events.append(("recording", "start"))
        return FakeRecording(self.events)


class FakeRecording:
    def __init__(self, events: list[tuple[str, str]]) -> None:
        self.events = events

    def caller_frame(self, pcm: bytes) -> None: ...

    def bot_frame(self, pcm: bytes) -> None: ...

    async def finish(self) -> None:
        self.events.append(("recording", "finish"))

    async def discard(self) -> None:
        self.events.append(("recording", "discard"))


def new_call(mode: str) -> SimulatedCall:
    call = SimulatedCall(make_flow(FLOW_TEXT.format(mode=mode)), contact={"first_name": "Ann"}, number=NUMBER)
    call.session.deps.recordings = FakeRecordings(call.events)
    return call


def story(call: SimulatedCall) -> list[str]:
    """Prompts said and recording steps, in order."""
    return [f"{k}:{d[:12]}" for k, d in call.events if k in ("play", "recording")]


async def test_recording_starts_after_the_notice_and_is_sealed_at_the_end() -> None:
    async with new_call("notice") as call:
        await call.say_caller("sure")
        await call.wait_ended()
    assert story(call) == [
        "play:This is an a", "recording:start", "play:Hi Ann, do y", "play:Goodbye.", "recording:finish"
    ]  # fmt: skip


async def test_no_recording_when_off_or_when_the_caller_opts_out_in_the_opening() -> None:
    async with new_call("off") as call:
        await call.say_caller("sure")
        await call.wait_ended()
    assert not [e for e in call.events if e[0] == "recording"]
    call = new_call("notice")
    call.hold_prompts()
    async with call:
        await call.wait_for_prompt("opening")
        await call.press("9", wait=False)
        await call.wait_ended()
    assert not [e for e in call.events if e[0] == "recording"]


@pytest.mark.parametrize(
    ("answer", "kept", "consent"),
    [("yes", True, ("recording_consent", "yes", "yes", "recording:kept")),
     ("no", False, ("recording_consent", "no", "no", "recording:deleted")),
     (None, False, ("recording_consent", "", "no_input", "recording:deleted"))],
)  # fmt: skip
async def test_ask_mode(monkeypatch, answer, kept, consent) -> None:
    monkeypatch.setattr(flow_runner, "CONSENT_TIMEOUT", 0.3)
    async with new_call("ask") as call:
        await call.wait_for_bot_line()  # the opening
        assert await call.wait_for_bot_line() == "May we record this call? Please say yes or no."
        if answer is not None:
            await asyncio.sleep(0.05)
            await call.say_caller(answer, wait=False)
        assert await call.wait_for_bot_line() == "Hi Ann, do you want a call back?"  # the call goes on
        await call.say_caller("sure")
        result = await call.wait_ended()
    assert result.disposition == "interested"
    steps = [d for k, d in call.events if k == "recording"]
    assert steps == (["start", "finish"] if kept else ["start", "discard"])
    turns = call.turns()
    assert (turns[0]["state"], turns[0]["heard"], turns[0]["intent"], turns[0]["transition"]) == consent


async def test_prompts_that_speak_contact_data_are_noted_for_erasure() -> None:
    async with new_call("notice") as call:
        call.speech.cache_path = lambda text, *args: Path(f"/cache/{text[:6]}.pcm")  # type: ignore[method-assign]
        await call.say_caller("sure")
        await call.wait_ended()
    assert [d for k, d in call.events if k == "personal_audio"] == ["/cache/Hi Ann.pcm"]


async def test_ask_mode_a_hangup_before_the_answer_keeps_nothing() -> None:
    call = new_call("ask")
    call.hold_prompts()
    async with call:
        await call.wait_for_prompt("opening")
        call.release_prompt()
        await call.wait_for_bot_line()
        assert await call.wait_for_bot_line() == "May we record this call? Please say yes or no."
        call.hang_up()
        await call.wait_ended()
    assert [d for k, d in call.events if k == "recording"] == ["start", "discard"]
