"""The registry and the session, driven by typed call events with the simulator's fake edges.

No Asterisk here: `bot.asterisk.ari_events` is what turns ARI JSON into these events (tested below too).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import pytest

from bot.asterisk.ari_events import call_event_from_ari, outbound_app_args
from bot.calls.admission import CallRate
from bot.calls.ports import CallHandle, CallOutcome
from bot.calls.registry import CallRegistry
from bot.calls.session import CallDeps
from bot.core.events import CallOffered, Dtmf, Hangup, MediaLost
from bot.sim.fakes import FakeControl, MemoryStore, TextSpeech

FLOWS = Path(__file__).resolve().parents[2] / "flows"
OFFER = CallOffered("chan-1", "+12025550142", "900", "opening_only")


class WaitingScript:
    """Listens for keys until the call ends; `opt_out()` records an opt-out like the flow runner does."""

    def __init__(self) -> None:
        self.outcome = CallOutcome()
        self.keys: list[str] = []
        self.call: CallHandle | None = None
        self.running = asyncio.Event()

    async def run(self, call: CallHandle) -> None:
        self.call = call
        call.listen(None, self.keys.append)
        self.running.set()
        await call.ended.wait()


class Edges:
    def __init__(self, store: MemoryStore | None = None) -> None:
        self.control = FakeControl()
        self.store = store or MemoryStore()
        self.scripts: list[WaitingScript] = []
        self.registry = CallRegistry(
            CallDeps(self.control, TextSpeech(), self.store), self._script, mask=lambda n: n[:4], max_calls=2
        )

    def _script(self, offer: CallOffered) -> WaitingScript:
        self.scripts.append(WaitingScript())
        return self.scripts[-1]

    async def until_gone(self, channel: str) -> None:
        async with asyncio.timeout(5):
            while channel in self.registry.sessions:
                await asyncio.sleep(0.01)


async def test_a_call_runs_from_offer_to_hangup_and_its_record_is_written_once() -> None:
    edges = Edges()
    edges.registry.on_event(OFFER)
    edges.registry.on_event(OFFER)  # a repeated offer for a live channel is not a second call
    await asyncio.wait_for(_running(edges), 5)
    assert len(edges.scripts) == 1 and edges.control.answered == ["chan-1"]
    edges.registry.on_event(Dtmf("chan-1", "5"))
    edges.registry.on_event(Dtmf("other", "7"))  # another channel's key goes nowhere
    edges.registry.on_event(Hangup("chan-1", "Normal Clearing"))
    await edges.until_gone("chan-1")
    assert edges.scripts[0].keys == ["5"]
    record = edges.store.calls["chan-1"]
    assert record["hangup_cause"] == "Normal Clearing" and record["ended_at"]
    assert [e for e in edges.store.events if e[0] == "call_updated" and "ended_at" in e[1]] != []
    assert len([e for e in edges.store.events if "ended_at" in e[1]]) == 1
    assert edges.control.hangups == []  # the caller hung up: nothing to hang up
    assert edges.control.torn_down  # bridge and media channel removed


async def test_a_lost_media_connection_ends_the_call_and_the_bot_hangs_up() -> None:
    edges = Edges()
    edges.registry.on_event(OFFER)
    await asyncio.wait_for(_running(edges), 5)
    assert edges.control.media is not None
    edges.control.media.closed.set()  # the AudioSocket connection dropped, no hangup from Asterisk
    await edges.until_gone("chan-1")
    assert edges.store.calls["chan-1"]["hangup_cause"] == "media_lost"
    assert edges.control.hangups == [("chan-1", "normal")]


async def test_media_lost_event_ends_the_call() -> None:
    edges = Edges()
    edges.registry.on_event(OFFER)
    await asyncio.wait_for(_running(edges), 5)
    edges.registry.on_event(MediaLost("chan-1"))
    await edges.until_gone("chan-1")
    assert edges.store.calls["chan-1"]["hangup_cause"] == "media_lost"


async def test_a_store_failure_at_call_start_hangs_the_channel_up(caplog: pytest.LogCaptureFixture) -> None:
    class BrokenStore(MemoryStore):
        async def call_started(self, call_id: str, **fields: Any) -> None:
            raise OSError("database is locked")

    edges = Edges(BrokenStore())
    with caplog.at_level(logging.ERROR):
        edges.registry.on_event(OFFER)
        await edges.until_gone("chan-1")
    assert edges.control.answered == [] and edges.control.hangups == [("chan-1", "congestion")]
    assert "could not record the call's start" in caplog.text and "database is locked" in caplog.text


async def test_inbound_calls_past_the_start_rate_hear_busy_and_our_own_answered_calls_do_not() -> None:
    """Calls that start together answer together: past the burst an inbound call is refused for the rate,
    while a person our dialer reached is taken (the dialer paced it) and the dialer sees no free slot."""
    clock = [0.0]
    edges = Edges()
    edges.registry.max_calls = 10
    edges.registry.rate = CallRate(1.0, 2, lambda: clock[0])
    for n in range(3):
        edges.registry.on_event(CallOffered(f"in-{n}", "+12025550142", "900", "opening_only"))
    edges.registry.on_event(CallOffered("out-1", "", "+12025550143", "opening_only", "outbound", amd="HUMAN"))
    async with asyncio.timeout(5):
        while len(edges.control.answered) < 3 or not edges.control.hangups:
            await asyncio.sleep(0.01)
    assert sorted(edges.control.answered) == ["in-0", "in-1", "out-1"]
    assert edges.control.hangups == [("in-2", "busy")]
    assert edges.registry.free_slots == 0  # 7 slots free, but no start left: the dialer waits
    clock[0] += 2.0  # the borrowed start paid back, one more refilled
    assert edges.registry.free_slots == 1
    await edges.registry.drain(0)
    assert edges.store.calls["in-2"]["end_state"] == "refused"
    assert edges.store.calls["in-2"]["disposition"] == "rate"


async def test_calls_beyond_the_limit_hear_busy_and_are_recorded() -> None:
    edges = Edges()
    for n in range(3):
        edges.registry.on_event(CallOffered(f"chan-{n}", "+12025550142", "900", "opening_only"))
    async with asyncio.timeout(5):
        while len(edges.control.answered) < 2 or not edges.control.hangups:
            await asyncio.sleep(0.01)
    assert ("chan-2", "busy") in edges.control.hangups and "chan-2" not in edges.registry.sessions
    assert edges.registry.free_slots == 0
    await edges.registry.drain(0)
    refused = edges.store.calls["chan-2"]
    assert refused["end_state"] == "refused" and refused["disposition"] == "busy" and refused["ended_at"]
    assert edges.store.calls["chan-0"]["end_state"] != "refused"


async def test_a_hangup_during_the_opt_out_commit_still_marks_the_call() -> None:
    class SlowStore(MemoryStore):
        def __init__(self) -> None:
            super().__init__()
            self.entered, self.release = asyncio.Event(), asyncio.Event()

        async def record_opt_out(self, call_id: str, number: str, *, source: str, words: str = "") -> None:
            self.entered.set()
            await self.release.wait()
            await super().record_opt_out(call_id, number, source=source, words=words)

    store = SlowStore()
    edges = Edges(store)
    edges.registry.on_event(OFFER)
    await asyncio.wait_for(_running(edges), 5)
    call = edges.scripts[0].call
    assert call is not None
    opting_out = asyncio.create_task(call.record_opt_out("keypress", "key 9", 0.0))
    await store.entered.wait()
    edges.registry.on_event(Hangup("chan-1", "Normal Clearing"))  # the caller hangs up mid-commit
    await asyncio.sleep(0.05)
    opting_out.cancel()  # the script is cancelled with the call; the commit must not be
    store.release.set()
    await edges.until_gone("chan-1")
    await asyncio.gather(opting_out, return_exceptions=True)
    record = store.calls["chan-1"]
    assert record["opted_out"] == 1 and record["optout_source"] == "keypress"
    assert [r["number"] for r in store.suppression] == ["+12025550142"]


class FlakyStore(MemoryStore):
    """Fails `record_opt_out` the first `failures` times."""

    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures, self.attempts = failures, 0

    async def record_opt_out(self, call_id: str, number: str, *, source: str, words: str = "") -> None:
        self.attempts += 1
        if self.attempts <= self.failures:
            raise OSError("disk I/O error")
        await super().record_opt_out(call_id, number, source=source, words=words)


async def test_an_opt_out_write_that_fails_once_is_retried_and_stored() -> None:
    store = FlakyStore(failures=1)
    edges = Edges(store)
    edges.registry.on_event(OFFER)
    await asyncio.wait_for(_running(edges), 5)
    assert edges.scripts[0].call is not None
    await edges.scripts[0].call.record_opt_out("voice", "stop calling me", 0.0)
    assert store.attempts == 2 and [r["number"] for r in store.suppression] == ["+12025550142"]
    assert edges.registry.deps.halt.reason is None
    await edges.registry.drain(0)


async def test_an_opt_out_that_cannot_be_stored_halts_all_calls(caplog: pytest.LogCaptureFixture) -> None:
    store = FlakyStore(failures=99)
    edges = Edges(store)
    edges.registry.on_event(OFFER)
    await asyncio.wait_for(_running(edges), 5)
    assert edges.scripts[0].call is not None
    with pytest.raises(OSError, match="disk I/O error"):
        await edges.scripts[0].call.record_opt_out("voice", "stop calling me", 0.0)
    assert store.attempts == 4  # the first try and three retries
    assert "COMPLIANCE" in caplog.text and edges.registry.deps.halt.reason
    edges.registry.on_event(CallOffered("chan-9", "+12025550199", "900", "opening_only"))
    async with asyncio.timeout(5):
        while ("chan-9", "busy") not in edges.control.hangups:
            await asyncio.sleep(0.01)
    assert "chan-9" not in edges.registry.sessions
    await edges.registry.drain(0)


@pytest.mark.parametrize("caller_id", ["", "anonymous", "Restricted"])
async def test_an_opt_out_from_a_withheld_number_marks_the_call_and_suppresses_nothing(
    caller_id: str,
) -> None:
    edges = Edges()
    edges.registry.on_event(CallOffered("chan-1", caller_id, "900", "opening_only"))
    await asyncio.wait_for(_running(edges), 5)
    assert edges.scripts[0].call is not None
    await edges.scripts[0].call.record_opt_out("keypress", "key 9", 0.0)
    edges.registry.on_event(Hangup("chan-1", "Normal Clearing"))
    await edges.until_gone("chan-1")
    assert edges.store.suppression == []
    assert edges.store.calls["chan-1"]["opted_out"] == 1


async def test_an_outbound_call_gets_its_contact_from_the_store_once() -> None:
    edges = Edges()
    await edges.store.save_contact("ref-1", {"first_name": "Ann"})
    edges.registry.on_event(
        CallOffered("cc-out-1", "", "+12025550142", "opening_only", "outbound", contact_ref="ref-1")
    )
    await asyncio.wait_for(_running(edges), 5)
    call = edges.scripts[0].call
    assert call is not None and call.info.contact == {"first_name": "Ann"}
    assert await edges.store.take_contact("ref-1") == {}  # taken: not kept beyond the call's start
    await edges.registry.drain(0)


async def _running(edges: Edges) -> None:
    while not edges.scripts:
        await asyncio.sleep(0.01)
    await edges.scripts[0].running.wait()


# ---- ARI JSON -> typed call events ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("ari", "expected"),
    [
        (
            {
                "type": "StasisStart",
                "args": ["survey_ko"],
                "channel": {"id": "c1", "caller": {"number": "1001"}, "dialplan": {"exten": "200"}},
            },
            CallOffered("c1", "1001", "200", "survey_ko", "inbound"),
        ),
        (
            {
                "type": "StasisStart",
                "args": outbound_app_args("opening_only", "+12025550142").split(","),
                "channel": {"id": "cc-out-1", "caller": {"number": ""}},
            },
            CallOffered("cc-out-1", "", "+12025550142", "opening_only", "outbound"),
        ),
        ({"type": "ChannelDtmfReceived", "digit": "9", "channel": {"id": "c1"}}, Dtmf("c1", "9")),
        (
            {"type": "ChannelHangupRequest", "cause": 16, "channel": {"id": "c1"}},
            Hangup("c1", "16"),
        ),
        ({"type": "StasisEnd", "channel": {"id": "c1"}}, Hangup("c1", "StasisEnd")),
        ({"type": "ChannelDestroyed", "cause_txt": "Busy", "channel": {"id": "c1"}}, Hangup("c1", "Busy")),
        ({"type": "StasisStart", "args": [], "channel": {"id": "cc-media-1234"}}, None),
        ({"type": "ChannelVarset", "channel": {"id": "c1"}}, None),
        ({"type": "BridgeCreated", "bridge": {"id": "b"}}, None),
    ],
)
def test_ari_events_become_typed_call_events(ari: dict[str, Any], expected: object) -> None:
    assert call_event_from_ari(ari) == expected


# ---- campaign calls: no free slot, answering machines ---------------------------------------------
async def test_an_answered_outbound_call_past_the_limit_hears_the_safe_harbour_message() -> None:
    """The 2-second rule: a person who answers when every slot is taken hears the safe-harbour message
    (not a busy tone), counted apart from the slots; inbound callers and machines are still refused."""

    from bot.calls.messages import SAFE_HARBOUR, safe_harbour_script
    from bot.flow.loader import load_flow

    flow = load_flow(FLOWS / "opening_only.yaml")
    edges = Edges()
    speech = edges.registry.deps.speech
    edges.registry.safe_harbour_for = lambda offer: safe_harbour_script(flow)
    edges.registry.max_calls = 1
    edges.registry.on_event(OFFER)
    await asyncio.wait_for(_running(edges), 5)
    assert edges.registry.free_slots == 0
    person = CallOffered("out-1", "", "+12025550143", "opening_only", "outbound", amd="HUMAN")
    edges.registry.on_event(person)
    edges.registry.on_event(CallOffered("in-2", "+12025550144", "900", "opening_only"))
    edges.registry.on_event(
        CallOffered("out-2", "", "+12025550145", "opening_only", "outbound", amd="MACHINE")
    )
    async with asyncio.timeout(5):
        while "out-1" not in edges.store.calls or not edges.store.calls["out-1"].get("ended_at"):
            await asyncio.sleep(0.01)
    assert speech.lines == [flow.safe_harbour_text()]
    record = edges.store.calls["out-1"]
    assert record["disposition"] == SAFE_HARBOUR and record["end_state"] == "message"
    assert edges.registry.abandoned == 1 and edges.registry.free_slots == 0
    assert ("out-1", "normal") in edges.control.hangups  # the bot hangs up after the message
    for refused in ("in-2", "out-2"):
        await edges.until_gone(refused)
        assert edges.store.calls[refused]["end_state"] == "refused"
    edges.registry.on_event(Hangup("chan-1", "Normal Clearing"))
    await edges.until_gone("chan-1")
    await edges.registry.drain(1)
