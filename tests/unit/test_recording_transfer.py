"""A transferred call keeps being recorded (real CallSession and FlowRunner, the simulator's fakes): the
feed from the caller's channel starts before the caller leaves the bot, the bot's media stops feeding the
recording then (no frame twice), the call's record is written at the transfer, and the recording is
sealed only when the caller's channel ends, or when the bot shuts down. Not recorded: nothing follows."""

from __future__ import annotations

import asyncio

from bot.core.tasks import TaskScope
from bot.sim import SimulatedCall
from tests.unit.test_flow_runner import NUMBER, make_flow
from tests.unit.test_recording_consent import FakeRecordings

FLOW_TEXT = """\
name: rec
language: en
voice: en-us
recording: {mode}
identity: {{company: Acme, purpose: testing, callback_number: "+1 202 555 0100"}}
start: hand_off
states:
  hand_off:
    next: {{say: Putting you through., transfer: {{endpoint: PJSIP/agent}}}}
"""


def new_call(mode: str) -> SimulatedCall:
    call = SimulatedCall(make_flow(FLOW_TEXT.format(mode=mode)), number=NUMBER)
    call.session.deps.recordings = FakeRecordings(call.events)
    return call


def story(call: SimulatedCall) -> list[str]:
    keep = ("recording", "follow", "follow_closed", "transfer", "call_updated")
    return [f"{k}:{d}" for k, d in call.events if k in keep and (k != "call_updated" or "ended_at" in d)]


async def until(predicate, timeout: float = 2.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.005)


async def test_the_recording_follows_the_caller_through_the_transfer_until_the_channel_ends() -> None:
    call = new_call("notice")
    await call.start()
    await until(lambda: call.control.followed is not None and "transfer:PJSIP/agent" in story(call))
    followed = call.control.followed
    assert followed is not None
    assert call.control.media is not None and call.control.media.tap is None  # the bot's media stopped
    assert followed.tap is not None and hasattr(followed.tap, "finish")  # ... the call's recording goes on
    await until(lambda: any(s.startswith("call_updated:") for s in story(call)))
    await asyncio.sleep(0.05)
    assert "recording:finish" not in story(call)  # still recording while the person talks
    followed.ended.set()  # the caller hangs up
    await until(lambda: call.ended)
    assert story(call) == [
        "recording:start", "follow:sim-call", "transfer:PJSIP/agent",
        "call_updated:disposition,end_state,ended_at,fields,hangup_cause,opted_out",
        "follow_closed:", "recording:finish",
    ]  # fmt: skip
    assert call.store.calls["sim-call"]["hangup_cause"] == "transferred"


async def test_not_recorded_nothing_follows_the_transfer() -> None:
    async with new_call("off") as call:
        await until(lambda: call.ended)
    assert call.control.followed is None
    assert story(call)[0] == "transfer:PJSIP/agent" and not any("recording" in s for s in story(call))


async def test_a_feed_that_cannot_start_ends_the_recording_at_the_transfer_and_the_transfer_goes_on() -> None:
    call = new_call("notice")
    call.control.fail_follow = True
    async with call:
        await until(lambda: call.ended)
    assert story(call)[:3] == ["recording:start", "transfer:PJSIP/agent", "recording:finish"]


async def test_the_calls_slot_is_free_at_the_transfer_and_a_shutdown_seals_the_recording() -> None:
    call = new_call("notice")
    scope = TaskScope("calls")
    session_task = call.session.start(scope)
    await asyncio.wait_for(session_task, 2)  # the session (and its slot) ended at the transfer ...
    assert "recording:finish" not in story(call)  # ... while the recording goes on in the calls' scope
    await scope.aclose()  # the bot stops (SIGTERM drain)
    assert story(call)[-2:] == ["follow_closed:", "recording:finish"]


async def test_a_call_ending_while_the_bot_stops_seals_its_recording_at_once() -> None:
    call = new_call("notice")
    scope = TaskScope("calls")
    await scope.aclose()  # the calls' scope closed (the bot stops) before the call's own end
    call.session._outer_scope = scope  # as `start(scope)` leaves it
    await asyncio.wait_for(call.session.run(), 2)
    assert story(call)[-2:] == ["follow_closed:", "recording:finish"]
