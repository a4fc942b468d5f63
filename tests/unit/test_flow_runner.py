"""The flow runner on a whole call: the real CallSession and FlowRunner, with the simulator's fakes.

Prompts finish on the next loop turn (speed 0); `hold_prompts()` keeps a prompt playing so the caller
can talk over it. Listening states time out after 200 ms.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.flow.loader import load_flow_text
from bot.flow.schema import Flow
from bot.sim import CallResult, FakeWebhooks, SimulatedCall, run_virtual

NUMBER = "+12025550142"
FLOW = """\
name: unit
language: en
voice: en-us
identity: {company: Acme, purpose: testing, callback_number: "+1 202 555 0100"}
contact: {fields: {first_name: {sample: Ann}}}
start: ask
states:
  ask:
    say: Hi {contact.first_name}, do you want a call back?
    listen:
      timeout: 200ms
      intents:
        yes: ["yes", "sure"]
        no: ["no", "not now"]
        agent: ["agent", "a person"]
    on:
      yes: {set: {disposition: interested}, goto: book}
      no: {set: {disposition: not_interested}, end: Goodbye.}
      agent: {say: Putting you through., transfer: {endpoint: PJSIP/agent}}
      no_input:
        retries: 1
        reprompt: "Are you there?"
        then: {set: {disposition: no_answer}, end: Bye for now.}
      no_match:
        retries: 1
        reprompt: Please say yes or no.
        then: {set: {disposition: unclear}, end: Sorry. Goodbye.}
  book:
    say: Booking it.
    barge_in: false
    next:
      webhook:
        url: http://hooks.test/book
        timeout: 200ms
        on_failure: {set: {fields: {note: failed}}, goto: sorry}
      set: {disposition: booked, fields: {slot: morning}}
      end: You are booked. Goodbye.
  sorry:
    say: Sorry, I could not book that.
    next: {transfer: {context: agents, extension: "100"}}
"""
OPENING = (
    "This is an automated call from Acme about testing. This call is recorded. Say stop calling me or press "
    "9 to opt out. Call back on +1, 2 oh 2, 5 5 5, oh 1 oh oh."
)


def make_flow(text: str = FLOW) -> Flow:
    return load_flow_text(text, "unit.yaml")


def new_call(flow: Flow | None = None, **kwargs) -> SimulatedCall:
    return SimulatedCall(flow or make_flow(), contact={"first_name": "Ann"}, number=NUMBER, **kwargs)


async def hold_the_question(call: SimulatedCall) -> None:
    """With prompts held from the start: let the opening finish, wait until the question is playing."""
    await call.wait_for_prompt("opening")
    call.release_prompt()
    await call.wait_for_prompt("ask")


def position(events: list[tuple[str, str]], kind: str, detail: str | None = None) -> int:
    for index, (k, d) in enumerate(events):
        if k == kind and (detail is None or d == detail):
            return index
    raise AssertionError(f"no event {kind} {detail!r} in {events}")


async def turns_of(call: SimulatedCall, *, settle: float = 0.0) -> list[tuple[str, str, str, str]]:
    await asyncio.sleep(settle)
    return [(t["state"], t["heard"], t["intent"], t["transition"]) for t in call.turns()]


async def reap_leftover_tasks() -> list[str]:
    """Cancel what a call left running (so the conftest check passes) and name it."""
    await asyncio.sleep(0)
    current = asyncio.current_task()
    left = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
    for task in left:
        task.cancel()
    await asyncio.gather(*left, return_exceptions=True)
    return [t.get_name() for t in left]


# ---- the opening ------------------------------------------------------------------------------------
async def test_opening_is_said_first_then_the_start_state() -> None:
    async with new_call() as call:
        assert await call.wait_for_bot_line() == OPENING
        assert await call.wait_for_bot_line() == "Hi Ann, do you want a call back?"
        await call.say_caller("no")
        result = await call.wait_ended()
    assert result.lines == [OPENING, "Hi Ann, do you want a call back?", "Goodbye."]
    assert call.events[position(call.events, "play") + 0][1] == OPENING
    assert call.speech.voices == ["en-us"] * 3


async def test_opening_cannot_be_barged_in() -> None:
    call = new_call()
    call.hold_prompts()
    async with call:
        await call.wait_for_prompt("opening")
        await call.say_caller("yes", wait=False)
        await asyncio.sleep(0.02)
        assert call.state == "opening"
        assert call.media is not None and not call.media.current.done.done()  # still playing
        call.hold_prompts(False)
        call.release_prompt()
        await call.say_caller("no")
        result = await call.wait_ended()
    assert result.disposition == "not_interested"
    assert await turns_of(call) == [("ask", "no", "no", "end")]


async def test_grammar_is_the_state_phrases_plus_opt_out_phrases() -> None:
    async with new_call() as call:
        await call.until_listening()
        assert call.recognizer is not None
        opening, ask = call.recognizer.grammars[0], call.recognizer.grammar
        assert "stop calling me" in opening and "yes" not in opening
        assert ask is not None and ask[:6] == ["yes", "sure", "no", "not now", "agent", "a person"]
        assert "stop calling me" in ask
        await call.say_caller("no")
        await call.wait_ended()


# ---- intents, retries, timeouts ---------------------------------------------------------------------
async def test_intent_goto_end_stores_the_disposition() -> None:
    async with new_call() as call:
        await call.say_caller("yes")
        result = await call.wait_ended()
    assert result.path == ["ask", "book"]
    assert result.disposition == "booked" and result.fields == {"slot": "morning"}
    assert result.end_state == "book" and result.machine_state == "ended"
    assert result.record["disposition"] == "booked" and result.record["opted_out"] == 0
    assert result.lines[-1] == "You are booked. Goodbye."
    assert call.control.hangups and result.hangup_cause == "bot"


async def test_no_match_reprompts_then_takes_then() -> None:
    async with new_call() as call:
        await call.say_caller("banana")
        assert await call.until_listening()
        assert call.lines[-1] == "Please say yes or no."
        await call.say_caller("pineapple")
        result = await call.wait_ended()
    assert result.disposition == "unclear" and result.lines[-1] == "Sorry. Goodbye."
    assert await turns_of(call) == [
        ("ask", "banana", "no_match", "retry"),
        ("ask", "pineapple", "no_match", "end"),
    ]
    assert call.turns()[1]["prompt"] == "Please say yes or no."


async def test_no_input_timeout_fires() -> None:
    loop = asyncio.get_running_loop()
    async with new_call() as call:
        started = loop.time()  # before the state starts listening, so before its timer starts
        await call.silence()
        assert await call.until_listening()
        assert loop.time() - started >= 0.199  # the state's 200 ms, not sooner
        assert call.lines[-1] == "Are you there?"
        await call.silence()
        result = await call.wait_ended()
    assert result.disposition == "no_answer" and result.lines[-1] == "Bye for now."
    assert await turns_of(call) == [("ask", "", "no_input", "retry"), ("ask", "", "no_input", "end")]


async def test_every_turn_is_stored_with_what_was_heard() -> None:
    async with new_call() as call:
        await call.say_caller("banana")
        await call.say_caller("sure")
        await call.wait_ended()
    turns = call.turns()
    assert [(t["seq"], t["state"], t["heard"], t["intent"], t["transition"]) for t in turns] == [
        (1, "ask", "banana", "no_match", "retry"),
        (2, "ask", "sure", "yes", "goto:book"),
    ]
    assert turns[0]["prompt"] == "Hi Ann, do you want a call back?" and turns[1]["confidence"] == 1.0
    assert all(t["started_at"] <= t["ended_at"] for t in turns)


# ---- transfer and webhooks --------------------------------------------------------------------------
async def test_the_reply_does_not_wait_for_the_turn_to_be_stored() -> None:
    """A slow store must not delay what the caller hears next; the turn is still stored, in order."""
    async with new_call() as call:
        assert await call.wait_for_bot_line() == OPENING
        assert await call.wait_for_bot_line() == "Hi Ann, do you want a call back?"
        call.store.hold_turns = asyncio.Event()
        await call.say_caller("no", wait=False)
        assert await asyncio.wait_for(call.wait_for_bot_line(), 2) == "Goodbye."
        assert await turns_of(call) == []  # still being written
        call.store.hold_turns.set()
        result = await call.wait_ended()
    assert result.disposition == "not_interested"
    assert await turns_of(call) == [("ask", "no", "no", "end")]
    last_update = max(i for i, (kind, _d) in enumerate(call.events) if kind == "call_updated")
    assert position(call.events, "turn") < last_update  # the call's record is closed after its turns


async def test_transfer_hands_the_call_over_without_hanging_up() -> None:
    async with new_call() as call:
        await call.say_caller("a person")
        result = await call.wait_ended()
    assert call.control.transfers == [("sim-call", "PJSIP/agent", None, None)]
    assert call.control.hangups == []
    assert call.session.end_cause == "transferred" and result.machine_state == "transferred"
    assert result.end_state == "ask" and result.lines[-1] == "Putting you through."


async def test_webhook_success_posts_the_call_data() -> None:
    webhooks = FakeWebhooks()
    async with new_call(webhooks=webhooks) as call:
        await call.say_caller("yes")
        result = await call.wait_ended()
    [(url, payload, timeout)] = webhooks.posts
    assert url == "http://hooks.test/book" and timeout == pytest.approx(0.2)
    assert payload["state"] == "book" and payload["event"] == "next"
    assert payload["disposition"] == "booked" and payload["fields"] == {"slot": "morning"}
    assert payload["contact"] == {"first_name": "Ann"}
    assert result.disposition == "booked" and "webhook_failed" not in result.fields


@pytest.mark.parametrize(
    "webhooks", [FakeWebhooks(fail=True), FakeWebhooks(delay=1.0)], ids=["500", "timeout"]
)
async def test_webhook_failure_takes_on_failure(webhooks: FakeWebhooks) -> None:
    async with new_call(webhooks=webhooks) as call:
        await call.say_caller("yes")
        result = await call.wait_ended()
    assert result.path == ["ask", "book", "sorry"]
    assert result.fields["webhook_failed"] == "http://hooks.test/book" and result.fields["note"] == "failed"
    assert call.control.transfers == [("sim-call", None, "agents", "100")]
    assert result.machine_state == "transferred" and result.end_state == "sorry"
    assert webhooks.failures == 1


# ---- hangup -----------------------------------------------------------------------------------------
async def test_hangup_mid_prompt_ends_the_call_and_records_the_state() -> None:
    call = new_call()
    call.hold_prompts()
    async with call:
        await hold_the_question(call)
        call.hang_up()
        result = await call.wait_ended()
    assert result.end_state == "ask" and result.hangup_cause == "caller"
    assert result.disposition == "" and not result.opted_out
    assert call.control.hangups == []  # the caller is gone: nothing to hang up
    assert call.media is not None and call.media.played[-1].stopped
    assert call.control.torn_down == [["bridge-sim-call", "media-sim-call"]]


async def test_hangup_moves_the_machine_to_hung_up() -> None:
    call = new_call()
    call.hold_prompts()
    async with call:
        await hold_the_question(call)
        call.hang_up()
        await call.wait_ended()
    assert call.state == "hung_up"


async def test_hangup_while_listening_leaves_nothing_behind() -> None:
    async with new_call() as call:
        await call.until_listening()
        call.hang_up()
        await call.wait_ended()
    await asyncio.sleep(0)
    running = [t for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done()]
    turns_at_end = len(call.turns())
    await asyncio.sleep(0.3)  # past the state's 200 ms timeout
    late_turns = call.turns()[turns_at_end:]
    await reap_leftover_tasks()
    assert running == [] and late_turns == []


# ---- opt-out ----------------------------------------------------------------------------------------


async def opt_out(how: str, where: str) -> tuple[SimulatedCall, CallResult]:
    """A call where the caller opts out by `how` (voice, key) in `where` (opening, listening)."""
    call = new_call()
    call.hold_prompts(where == "opening")  # the opening plays until the opt-out cuts it
    async with call:
        if where == "opening":
            await call.wait_for_prompt("opening")
        else:
            await call.until_listening()
        if how == "voice":
            await call.say_caller("please take me off your list", wait=False)
        else:
            await call.press("9", wait=False)
        call.hold_prompts(False)
        result = await call.wait_ended()
    return call, result


OPT_OUTS = [("voice", "opening"), ("voice", "listening"), ("key", "opening"), ("key", "listening")]


@pytest.mark.parametrize(("how", "where"), OPT_OUTS)
async def test_opt_out_is_recorded_before_the_goodbye(how: str, where: str) -> None:
    call, result = await opt_out(how, where)
    goodbye = call.flow.optout_goodbye_text()
    events = call.events
    assert position(events, "suppress", NUMBER) < position(events, "say", goodbye)
    assert position(events, "say", goodbye) < position(events, "hangup")
    assert result.lines[-1] == goodbye and call.control.hangups
    assert result.opted_out and result.record["opted_out"] == 1 and result.machine_state == "opted_out"
    [row] = call.store.suppression
    assert row["number"] == NUMBER and row["scope"] == "global"
    assert row["source"] == ("voice" if how == "voice" else "keypress")
    if where == "opening":
        assert call.media is not None and call.media.played[0].stopped  # the opening was cut


@pytest.mark.parametrize(
    ("how", "where"),
    [
        pytest.param(*OPT_OUTS[0]),
        *OPT_OUTS[1:],
    ],
)
async def test_opt_out_records_where_it_happened(how: str, where: str) -> None:
    call, result = await opt_out(how, where)
    if where == "opening":
        assert result.end_state == "opening" and result.path == [] and call.turns() == []
        assert "Hi Ann, do you want a call back?" not in result.lines
    else:
        assert result.end_state == "ask" and result.path == ["ask"]
        words = "please take me off your list" if how == "voice" else "key 9"
        assert await turns_of(call) == [("ask", words, "opt_out", "opted_out")]


async def test_voice_opt_out_during_a_next_state_takes_no_transition() -> None:
    call = new_call()
    call.hold_prompts()
    async with call:
        await hold_the_question(call)
        call.release_prompt()
        await call.say_caller("yes")
        await call.wait_for_prompt("book")  # "Booking it.", then a webhook and the closing line
        await call.say_caller("stop calling me please", wait=False, partials=False)
        call.hold_prompts(False)
        result = await call.wait_ended()
    assert result.opted_out and result.end_state == "book"
    assert call.webhooks.posts == []  # type: ignore[attr-defined]
    assert result.disposition == "interested" and "You are booked. Goodbye." not in result.lines


async def test_other_keys_do_not_opt_out() -> None:
    async with new_call() as call:
        await call.press("1")
        await call.say_caller("no")
        result = await call.wait_ended()
    assert not result.opted_out and call.store.suppression == []


def test_opt_out_hangs_up_within_two_seconds_even_with_a_long_goodbye() -> None:
    long_goodbye = "Understood. " + "We are sorry for the trouble and will not call you again. " * 3
    flow = make_flow(
        FLOW.replace("contact_fields:", f"optout: {{goodbye: {long_goodbye.strip()}}}\ncontact_fields:")
    )

    async def scenario() -> tuple[float, float]:
        loop = asyncio.get_running_loop()
        call = new_call(flow, speed=1.0)  # prompts take their time (virtual time: no wall time)
        hung_up_at: list[float] = []
        hangup = call.control.hangup

        async def timed_hangup(channel_id: str, reason: str = "normal") -> None:
            hung_up_at.append(loop.time())
            await hangup(channel_id, reason)

        call.control.hangup = timed_hangup  # type: ignore[method-assign]
        async with call:
            await call.until_listening()
            pressed_at = loop.time()
            await call.press("9", wait=False)
            await call.wait_ended()
        return pressed_at, hung_up_at[0]

    pressed_at, hung_up_at = run_virtual(scenario())
    assert hung_up_at - pressed_at <= 2.0


async def test_opt_out_heard_on_partial_and_final_counts_once() -> None:
    async with new_call() as call:
        await call.say_caller("stop calling me")  # partials "stop", "stop calling", "stop calling me"
        result = await call.wait_ended()
    assert result.opted_out
    assert [e for e in call.events if e[0] == "suppress"] == [("suppress", NUMBER)]
    assert result.end_state == "ask"


async def test_failed_suppression_write_ends_the_call_without_claiming_removal() -> None:
    call = new_call()
    call.store.fail_suppress = True
    async with call:
        await call.until_listening()
        await call.press("9", wait=False)
        async with asyncio.timeout(3):  # three retries (0.75 s), then the bot gives up and hangs up
            while not call.ended:
                await asyncio.sleep(0.05)
    assert call.control.hangups and call.session.end_cause == "bot"
    assert call.session.deps.halt.reason is not None  # no new calls until the store is fixed
    assert call.lines[-1] != call.flow.optout_goodbye_text()  # "removed" would be a lie


# ---- barge-in ---------------------------------------------------------------------------------------
async def test_caller_speech_stops_a_barge_in_prompt() -> None:
    call = new_call()
    call.hold_prompts()
    async with call:
        await hold_the_question(call)
        assert call.recognizer is not None and call.media is not None
        prompt = call.media.current
        call.recognizer.hear("su", final=False)
        await asyncio.sleep(0.01)
        assert prompt is not None and prompt.stopped  # a partial is enough to stop the prompt
        call.hold_prompts(False)
        call.recognizer.hear("sure")
        result = await call.wait_ended()
    assert result.path == ["ask", "book"] and result.disposition == "booked"
    assert call.turns()[0]["partial"] == "su" and call.turns()[0]["heard"] == "sure"


async def test_no_barge_in_prompt_plays_on() -> None:
    flow = make_flow(FLOW.replace("  ask:\n    say:", "  ask:\n    barge_in: false\n    say:"))
    call = new_call(flow)
    call.hold_prompts()
    async with call:
        await hold_the_question(call)
        await call.say_caller("yes", wait=False)  # talked over a prompt that may not be interrupted
        await asyncio.sleep(0.01)
        assert call.media is not None and not call.media.current.done.done()
        call.hold_prompts(False)
        call.release_prompt()
        await call.say_caller("no")
        result = await call.wait_ended()
    assert result.disposition == "not_interested"
    assert await turns_of(call) == [("ask", "no", "no", "end")]


async def test_answer_over_a_reprompt_is_heard() -> None:
    async with new_call() as call:
        await call.silence()
        await call.wait_for_bot_line()  # opening
        await call.wait_for_bot_line()  # question
        call.hold_prompts()
        assert await call.wait_for_bot_line() == "Are you there?"
        assert call.media is not None
        reprompt = call.media.current
        await call.say_caller("yes", wait=False)
        await asyncio.sleep(0.02)
        call.hold_prompts(False)
        call.release_prompt()
        result = await call.wait_ended()
    assert reprompt is not None and reprompt.stopped
    assert result.disposition == "booked"


# ---- clean ending -----------------------------------------------------------------------------------
async def test_no_tasks_are_left_running() -> None:
    async with new_call() as call:
        await call.say_caller("banana")
        await call.say_caller("yes")
        await call.wait_ended()
    assert await reap_leftover_tasks() == []
    assert call.recognizer is not None and call.recognizer.closed
    assert call.media is not None and call.media.closed.is_set()


async def test_the_bot_hangs_up_once() -> None:
    async with new_call() as call:
        await call.say_caller("no")
        await call.wait_ended()
    assert len(call.control.hangups) == 1


# ---- unclear answers: refusals outrank yes, ask again, never a positive outcome -------------------------
async def test_a_yes_with_a_refusal_asks_again_then_takes_a_clear_yes() -> None:
    async with new_call() as call:
        await call.say_caller("sure but no")
        assert await call.until_listening()
        assert call.lines[-1] == "Sorry, was that a yes?"
        await call.say_caller("yes")
        result = await call.wait_ended()
    assert result.disposition == "booked"
    assert await turns_of(call) == [
        ("ask", "sure but no", "ambiguous", "retry"),
        ("ask", "yes", "yes", "goto:book"),
    ]
    assert call.turns()[1]["prompt"] == "Sorry, was that a yes?"


@pytest.mark.parametrize("heard", ["yes no", "[unk] yes", "sure i dont"])
async def test_an_unclear_yes_never_records_the_positive_disposition(heard: str) -> None:
    # The flow's own no_match ending would record the positive outcome: the runner records "unclear".
    flow = make_flow(
        FLOW.replace(
            "then: {set: {disposition: unclear}, end: Sorry. Goodbye.}",
            "then: {set: {disposition: interested}, end: Sorry. Goodbye.}",
        )
    )
    async with new_call(flow) as call:
        await call.say_caller(heard, partials=False)
        await call.say_caller(heard, partials=False)
        result = await call.wait_ended()
    assert result.disposition == "unclear" and result.lines[-1] == "Sorry. Goodbye."
    assert await turns_of(call) == [("ask", heard, "ambiguous", "retry"), ("ask", heard, "ambiguous", "end")]
    assert result.lines.count("Sorry, was that a yes?") == 1


async def test_a_yes_heard_with_low_confidence_is_confirmed() -> None:
    async with new_call() as call:
        await call.wait_for_bot_line()  # the opening
        await call.wait_for_bot_line()  # the question
        assert call.recognizer is not None
        call.recognizer.hear("yes", confidence=0.3)
        assert await call.wait_for_bot_line() == "Sorry, was that a yes?"
        await call.say_caller("yes")
        result = await call.wait_ended()
    assert result.disposition == "booked"


async def test_a_no_heard_with_low_confidence_is_no_match() -> None:
    async with new_call() as call:
        await call.wait_for_bot_line()  # the opening
        await call.wait_for_bot_line()  # the question
        assert call.recognizer is not None
        call.recognizer.hear("no", confidence=0.2)
        assert await call.wait_for_bot_line() == "Please say yes or no."
        await call.say_caller("no")
        result = await call.wait_ended()
    assert result.disposition == "not_interested"
    assert await turns_of(call) == [("ask", "no", "no_match", "retry"), ("ask", "no", "no", "end")]


async def test_a_clear_no_or_another_intent_is_taken_at_once() -> None:
    async with new_call() as call:
        await call.say_caller("no thanks")
        result = await call.wait_ended()
    assert result.disposition == "not_interested"


KO_FLOW = """\
name: unit_ko
language: ko
voice: ko
identity: {company: 클리어콜, purpose: 조사, callback_number: "02 555 0100"}
start: ask
states:
  ask:
    say: 관심 있으세요?
    listen:
      timeout: 200ms
      intents:
        yes: ["네", "예"]
        no: ["아니요", "아니오"]
    on:
      yes: {set: {disposition: interested}, end: 감사합니다.}
      no: {set: {disposition: not_interested}, end: 안녕히 계세요.}
      no_match:
        retries: 1
        reprompt: 네 또는 아니요로 말씀해 주세요.
        then: {set: {disposition: no_answer}, end: 나중에 연락드리겠습니다.}
"""


async def test_korean_stop_heard_as_yes_and_dont_asks_again() -> None:
    # Measured over the phone: "그만" (stop) came back from the grammar recogniser as "네 마세요".
    async with SimulatedCall(make_flow(KO_FLOW), number=NUMBER) as call:
        await call.say_caller("네 마세요", partials=False)
        assert await call.until_listening()
        assert call.lines[-1] == "죄송합니다. 네라고 하셨나요?"
        await call.say_caller("아니요")
        result = await call.wait_ended()
    assert result.disposition == "not_interested" and not result.opted_out


async def test_korean_offered_opt_out_mixed_up_by_the_grammar_opts_out() -> None:
    # The grammar recogniser returns "전화 하지 마세요" (the phrase the opening offers) as "거부 하지 마세요".
    async with SimulatedCall(make_flow(KO_FLOW), number=NUMBER) as call:
        await call.say_caller("거부 하지 마세요", partials=False)
        result = await call.wait_ended()
    assert result.opted_out and result.disposition == ""
    assert [row["number"] for row in call.store.suppression] == [NUMBER]


@pytest.mark.parametrize("where", ["opening", "ask"])
async def test_a_recogniser_that_dies_ends_the_call_and_its_record_says_why(where: str) -> None:
    call = new_call()
    call.hold_prompts()
    async with call:
        await call.wait_for_prompt("opening")
        if where == "ask":
            call.release_prompt()
            await call.wait_for_prompt("ask")
        assert call.recognizer is not None
        call.recognizer.fail()  # as when a Vosk thread raises
        result = await asyncio.wait_for(call.wait_ended(), 5)
    assert result.fields["ended_by"] == "asr_lost"
    assert result.end_state == ("opening" if where == "opening" else "ask")
    assert result.machine_state == "ended" and not result.opted_out
    assert len(call.control.hangups) == 1 and result.hangup_cause == "bot"
