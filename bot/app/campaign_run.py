"""`clearcall campaign run NAME`: the dialling loop, a process of its own beside the running bot.

Each turn (every `poll` seconds) it
1. reads the campaign's durable status (`clearcall campaign pause|resume|stop` from another terminal);
2. asks the bot how many call slots are free (its loopback status endpoint, GET /status: the bot is
   another process, and only it knows how many calls it is handling);
3. asks pacing (bot/campaign/pacing.py) how many calls to place, from the free slots, the calls still
   ringing, the recent answer rate and the abandonment rates (30 days, 24 h);
4. claims that many contacts (the store applies the dial policy now and commits each claim with its
   originate id before returning) and originates each through ARI with that id as the channel id.
Each call is followed (ARI events, bot/asterisk/campaign_calls.py) to its end, judged
(bot/campaign/outcome.py, with the bot's record of the call) and finished in the store.

Pause and stop stop the claiming; calls already placed are followed to their end and recorded, so a stop
never leaves a call half-placed. At the abandonment limit pacing says stop and the runner pauses the
campaign (audited) and says why. After a crash, `reconcile` closes what the last run left open: a call
still up is followed again, a call the bot took is judged from its record, anything else is recorded as
`unknown` (counted as an attempt, retried only after the retry spacing). No claim is ever originated twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp

from bot.app.settings import Settings
from bot.asterisk.ari import AriClient, AriError, AriUnavailable
from bot.asterisk.campaign_calls import CampaignCalls
from bot.campaign import AttemptOutcome, AttemptResult, CampaignStatus, Claim
from bot.campaign.abandonment import LAST_24_HOURS, ROLLING_30_DAYS, abandonment_rate, window_start
from bot.campaign.outcome import outcome_of
from bot.campaign.pacing import PacingInput, answer_rate, pace
from bot.campaign.ports import CampaignStorePort
from bot.core.numbers import InvalidNumber, mask, normalize
from bot.flow.loader import load_flow
from bot.store.sqlite_store import SqliteStore

log = logging.getLogger(__name__)

ACTOR = "campaign runner"
# Recent results pacing reads the answer rate from.
ANSWER_RATE_WINDOW = LAST_24_HOURS
# How long the runner waits for the bot's record of a call it took, after the call's channel is gone.
RECORD_WAIT_S = 15.0
# A call whose end was not seen is looked up in Asterisk this often (the events socket may have dropped).
LIVENESS_CHECK_S = 15.0
# How long after entering Stasis a call still counts as ringing for pacing (until the bot counts it).
SLOT_HANDOVER = timedelta(seconds=2)


@dataclass
class Tally:
    """What the progress bar shows; counts are this run's (reconciled claims included)."""

    dialled: int = 0
    answered: int = 0
    machine: int = 0
    opted_out: int = 0
    abandoned: int = 0
    busy: int = 0
    no_answer: int = 0
    failed: int = 0
    refused: int = 0
    unknown: int = 0
    remaining: int = 0
    in_progress: int = 0
    ringing: int = 0
    abandon_rate: float | None = None  # the worse of the 30-day and 24-hour rates
    level: float = 0.0
    status: str = ""
    note: str = ""  # pacing's reason, or why the runner is waiting
    by_result: dict[str, int] = field(default_factory=dict)

    def count(self, outcome: AttemptOutcome) -> None:
        result = outcome.result
        self.by_result[result.value] = self.by_result.get(result.value, 0) + 1
        attr = {
            AttemptResult.ANSWERED: "answered",
            AttemptResult.MACHINE: "machine",
            AttemptResult.ABANDONED: "abandoned",
            AttemptResult.BUSY: "busy",
            AttemptResult.NO_ANSWER: "no_answer",
            AttemptResult.FAILED: "failed",
            AttemptResult.REFUSED: "refused",
            AttemptResult.UNKNOWN: "unknown",
        }[result]
        setattr(self, attr, getattr(self, attr) + 1)
        self.opted_out += int(outcome.opted_out)


@dataclass(frozen=True)
class BotStatus:
    free_slots: int  # calls the bot would take now
    safe_harbour_calls: int = 0  # answered calls it had no slot for, hearing the safe-harbour message now


def bot_status_reader(settings: Settings) -> Callable[[], Awaitable[BotStatus]]:
    """The running bot's status endpoint; no free slot (dial nothing) when it does not answer."""
    host, port = settings.status_bind
    url = f"http://{host}:{port}/status"
    warned = False

    async def status() -> BotStatus:
        nonlocal warned
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as http:
                async with http.get(url) as resp:
                    data = await resp.json()
            warned = False
            return BotStatus(max(0, int(data["free_slots"])), int(data.get("safe_harbour_calls", 0)))
        except (aiohttp.ClientError, TimeoutError, KeyError, ValueError, TypeError) as exc:
            if not warned:
                log.warning("campaign: the bot's status at %s does not answer (%s): no dialling", url, exc)
                warned = True
            return BotStatus(0)

    return status


class CampaignRun:
    def __init__(
        self,
        settings: Settings,
        name: str,
        campaigns: CampaignStorePort,
        calls_store: SqliteStore,
        ari: AriClient,
        *,
        bot_status: Callable[[], Awaitable[BotStatus]],
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        poll: float = 0.5,
        on_change: Callable[[Tally], None] | None = None,
        idle_exit: float | None = None,
    ) -> None:
        self.settings = settings
        self.name = name
        self.campaigns = campaigns
        self.calls_store = calls_store
        self.calls = CampaignCalls(ari)
        self.bot_status = bot_status
        self.now = now
        self.poll = poll
        self.on_change = on_change or (lambda _t: None)
        self.tally = Tally()
        self._followers: dict[str, asyncio.Task[None]] = {}
        self._stopping = asyncio.Event()  # SIGINT/SIGTERM: claim nothing more, finish what is placed
        self._operator_resumed = False
        self._decided = False  # has this run made a pacing decision yet
        # Leave once nothing was placed or in progress for this long (contacts may still be pending for
        # later: a calling window that opens tomorrow, a retry in 4 h). None: run until none is left.
        self.idle_exit = idle_exit
        self._busy_at = 0.0  # loop time of the last turn with a call placed or in progress

    def request_stop(self) -> None:
        self._stopping.set()

    async def run(self) -> Tally:
        campaign = await self.campaigns.campaign(self.name)
        # The bot runs the flow of that name under its flows/; the file the campaign was made from says how
        # machines are handled and the caller id (its callback number).
        flow = load_flow(Path(campaign.flow_path))
        self._machine = flow.machine
        self._caller_id = _caller_id(flow.identity.callback_number, self.settings.default_region)
        await self.reconcile()
        stopped_at_limit = False
        while not self._stopping.is_set():
            status = await self.campaigns.status(self.name)
            self.tally.status = status.value
            if status is CampaignStatus.STOPPED:
                self.tally.note = "stopped: finishing the calls in progress"
                break
            if status is CampaignStatus.ACTIVE:
                if stopped_at_limit:  # an operator resumed it at the limit: progressive only
                    self._operator_resumed, stopped_at_limit = True, False
                stopped_at_limit = await self._turn()
            else:
                self.tally.note = "paused: nothing new is dialled"
            self.tally.remaining = await self.campaigns.remaining(self.name)
            self._publish()
            if status is CampaignStatus.ACTIVE and not self.tally.remaining and not self._followers:
                self.tally.note = "done: no contact left to dial"
                break
            loop_time = asyncio.get_running_loop().time()
            operator_paused = status is CampaignStatus.PAUSED and not stopped_at_limit
            if self._followers or not self._busy_at or operator_paused:
                self._busy_at = loop_time  # (a run an operator paused waits for resume, however long)
            elif self.idle_exit is not None and loop_time - self._busy_at >= self.idle_exit:
                left = self.tally.remaining
                self.tally.note = f"idle: nothing to dial for {self.idle_exit:g} s, {left} left"
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.poll)
        await self._finish_in_flight()
        self.tally.remaining = await self.campaigns.remaining(self.name)
        self._publish()
        return self.tally

    async def _turn(self) -> bool:
        """One pacing decision and its originates; True when abandonment reached the limit."""
        if any(t.ended_at is not None for t in self.calls.traces.values()):
            return False  # a call just ended and is being recorded: decide with its result in the counts
        bot = await self.bot_status()
        if bot.safe_harbour_calls:  # an abandonment is happening now: dial nothing until it is counted
            self.tally.note = "holding: a call is hearing the safe-harbour message"
            return False
        now = self.now()
        limits = (await self.campaigns.campaign(self.name)).limits
        recent = await self.campaigns.outcome_counts(self.name, window_start(now, ANSWER_RATE_WINDOW), now)
        month = await self.campaigns.outcome_counts(self.name, window_start(now, ROLLING_30_DAYS), now)
        rate_30d = abandonment_rate(month, ROLLING_30_DAYS).rate
        rate_24h = abandonment_rate(recent, LAST_24_HOURS).rate
        rate, samples = answer_rate(recent, machines_take_slot=self._machine == "message")
        ringing = self._ringing()
        inputs = PacingInput(
            free_slots=bot.free_slots,
            ringing=ringing,
            answer_rate=rate,
            samples=samples,
            abandon_30d=rate_30d,
            abandon_24h=rate_24h,
            operator_resumed=self._operator_resumed,
        )
        decision = pace(inputs, limits)
        known = [r for r in (rate_30d, rate_24h) if r is not None]
        self.tally.abandon_rate = max(known) if known else None
        self.tally.level, self.tally.note = decision.level, decision.reason
        if decision.stop and not self._decided:
            # Active at the limit when a run starts: an operator resumed it (the runner pauses it at the
            # limit), so it dials progressively only, and the rate can only fall.
            self._operator_resumed = True
            decision = pace(replace(inputs, operator_resumed=True), limits)
        self._decided = True
        if decision.stop:
            log.error(
                "campaign %s: %s; pausing it (resume: clearcall campaign resume)", self.name, decision.reason
            )
            await self.campaigns.set_status(self.name, CampaignStatus.PAUSED, actor=ACTOR)
            return True
        if decision.to_place <= 0 or self._stopping.is_set():
            return False
        for claim in await self.campaigns.claim_next(self.name, self.now(), decision.to_place):
            await self._place(claim)
        return False

    async def _place(self, claim: Claim) -> None:
        """Originate one claim (already durable) and follow it; every path ends in the store."""
        oid = claim.originate_id
        await self.calls_store.save_contact(oid, claim.fields)
        self.calls.follow(oid)
        try:
            await self.calls.originate(
                claim,
                machine=self._machine,
                ring_seconds=self.settings.ring_seconds,
                contact_ref=oid,
                caller_id=self._caller_id,
            )
        except AriUnavailable as exc:
            # Asterisk may or may not have it: never originate again; the claim is settled as unknown.
            log.error("campaign %s: originate %s: no answer from Asterisk (%s)", self.name, oid, exc)
            if await self._is_live(oid):
                await self.campaigns.mark_originated(claim.attempt_id, self.now())
                self._followers[oid] = asyncio.create_task(self._follow(claim))
                return
            self.calls.forget(oid)
            await self.campaigns.resolve_claim(claim.attempt_id, None, self.now())
            self.tally.unknown += 1
            return
        except AriError as exc:
            self.calls.forget(oid)
            log.error("campaign %s: originate %s refused by Asterisk: %s", self.name, oid, exc)
            outcome = AttemptOutcome(AttemptResult.FAILED, cause=f"originate refused ({exc.status})")
            await self.campaigns.finish_attempt(claim.attempt_id, outcome, self.now())
            self.tally.count(outcome)
            return
        self.tally.dialled += 1
        await self.campaigns.mark_originated(claim.attempt_id, self.now())
        self._followers[oid] = asyncio.create_task(self._follow(claim), name=f"follow:{oid}")
        self._publish()

    async def _is_live(self, oid: str) -> bool:
        try:
            return await self.calls.is_live(oid)
        except AriError:
            return False

    async def _follow(self, claim: Claim) -> None:
        oid = claim.originate_id
        try:
            while True:
                try:
                    trace = await asyncio.wait_for(self.calls.wait_ended(oid), LIVENESS_CHECK_S)
                    break
                except TimeoutError:
                    if not await self._is_live(oid):
                        self.calls.mark_ended(oid, "ended unseen")
            record = await self._bot_record(oid) if trace.connected_at is not None else None
            outcome = outcome_of(trace, record)
            await self.campaigns.finish_attempt(claim.attempt_id, outcome, self.now())
            log.info(
                "campaign %s: %s %s: %s (%s)",
                self.name,
                oid,
                mask(claim.number),
                outcome.result,
                outcome.cause,
            )
            self.tally.count(outcome)
        except Exception:
            # Left open in the store: the next run reconciles it. Never re-dialled meanwhile.
            log.exception("campaign %s: following %s failed; the claim stays open", self.name, oid)
        finally:
            self.calls.forget(oid)
            self._followers.pop(oid, None)
            self._publish()

    async def _bot_record(self, oid: str) -> dict | None:
        """The bot's record of the call once it is complete (written as the bot tears the call down)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + RECORD_WAIT_S
        record = await self.calls_store.call_record(oid)
        while (record is None or not record.get("ended_at")) and loop.time() < deadline:
            await asyncio.sleep(0.2)
            record = await self.calls_store.call_record(oid)
        return record

    async def reconcile(self) -> None:
        """Close the claims a previous run left open (see the module docstring)."""
        for claim in await self.campaigns.open_claims(self.name):
            oid = claim.originate_id
            self.calls.follow(oid)
            if await self._is_live(oid):
                log.warning("campaign %s: %s still up from the last run; following it", self.name, oid)
                channel = await self.calls.ari.request("GET", f"channels/{oid}")
                if (channel.get("dialplan") or {}).get("app_name") == "Stasis" or channel.get(
                    "state"
                ) == "Up":
                    self.calls.traces[oid].connected_at = self.now()
                self._followers[oid] = asyncio.create_task(self._follow(claim), name=f"follow:{oid}")
                continue
            self.calls.forget(oid)
            record = await self.calls_store.call_record(oid)
            if record is not None:
                trace = self.calls.follow(oid)
                trace.connected_at = self.now()
                self.calls.forget(oid)
                outcome: AttemptOutcome | None = outcome_of(trace, record)
            else:
                outcome = None  # rang, busy, refused or never sent: nobody can tell now
            await self.campaigns.resolve_claim(claim.attempt_id, outcome, self.now())
            log.warning(
                "campaign %s: open claim %s from the last run: %s",
                self.name,
                oid,
                outcome.result if outcome else "unknown",
            )
            if outcome is None:
                self.tally.unknown += 1
            else:
                self.tally.count(outcome)

    async def _finish_in_flight(self) -> None:
        """Wait for every placed call to end and be recorded (a stop never leaves one half-placed)."""
        while self._followers:
            self.tally.in_progress = len(self._followers)
            self._publish()
            await asyncio.wait(list(self._followers.values()), timeout=1.0)

    def _ringing(self) -> int:
        """Calls placed that may still need a slot: not yet connected, or connected so recently that the
        bot may not count them yet (its session starts a moment after the channel enters Stasis)."""
        now = self.now()
        return sum(
            1
            for t in self.calls.traces.values()
            if t.ended_at is None and (t.connected_at is None or now - t.connected_at < SLOT_HANDOVER)
        )

    def _publish(self) -> None:
        self.tally.in_progress = len(self._followers)
        self.tally.ringing = sum(1 for t in self.calls.traces.values() if t.connected_at is None)
        self.on_change(self.tally)


def _caller_id(callback_number: str, region: str) -> str:
    """The flow's callback number as caller id (Ofcom: a number the callee can call back), when it parses."""
    try:
        return normalize(callback_number, region)
    except InvalidNumber:
        return ""
