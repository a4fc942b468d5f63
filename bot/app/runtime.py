"""Composition root: builds the edges and the call registry, runs until SIGTERM, then drains calls."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.app.flow_catalog import FlowCatalog, build_catalog
from bot.app.scheduled_purge import purge_on_schedule
from bot.app.settings import DEFAULT_MAX_CALLS, Settings
from bot.app.status_server import StatusServer
from bot.asterisk.agi_gate import DialGate
from bot.asterisk.ari import AriClient
from bot.asterisk.ari_events import call_event_from_ari
from bot.asterisk.audiosocket import AudioSocketServer
from bot.asterisk.audiosocket_codec import SAMPLE_RATES
from bot.asterisk.call_control import AriCallControl
from bot.calls.admission import CallRate
from bot.calls.dialer import check, dial
from bot.calls.dialing_halt import DialingHalt
from bot.calls.ports import Script
from bot.calls.registry import CallRegistry
from bot.calls.session import CallDeps
from bot.compliance.dial_policy import Policy
from bot.core.events import CallOffered
from bot.flow.loader import load_flow
from bot.net.webhook import WebhookClient
from bot.speech.tts import Tts
from bot.store.recordings import RecordingService, mark_truncated
from bot.store.sqlite_store import SqliteStore

log = logging.getLogger(__name__)

# The cause written on calls a previous run left open (it was killed or lost power mid-call).
INTERRUPTED = "interrupted"


@dataclass
class App:
    """The running bot; `start()` brings it up, `aclose()` takes it down in reverse order."""

    settings: Settings
    mask: Callable[[str], str]
    # Tests may pass their own; by default every flow under flows/ is loaded with its model.
    script_for: Callable[[CallOffered], Script] | None = None
    # The clock the dial policy reads (tests pin it to check calling hours).
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    halt: DialingHalt = field(default_factory=DialingHalt)

    async def start(self) -> None:
        """Bring the edges up; on any failure, close what was opened and re-raise."""
        s = self.settings
        self._stack = contextlib.AsyncExitStack()
        try:
            self.store = SqliteStore(s.db_path)
            await self.store.open()
            self._stack.push_async_callback(self.store.close)
            self.webhooks = WebhookClient()
            self._stack.push_async_callback(self.webhooks.aclose)
            safe_harbour_for = None
            if self.script_for is None:
                catalog = await asyncio.to_thread(
                    build_catalog, s.flows_dir, s.models_dir, optout_model=s.optout_model
                )
                for note in catalog.notes:
                    log.warning("flows: %s", note)
                log.info("flows: ready: %s", ", ".join(sorted(catalog.plans)) or "none")
                self.script_for = catalog.script_for(self.webhooks)
                safe_harbour_for = catalog.safe_harbour_for
            self.tts = Tts(s.tts_cache_dir)
            self._stack.push_async_callback(asyncio.to_thread, self.tts.close)
            self.ari = AriClient(s.ari_url, s.ari_user, s.require_ari_password(), s.ari_app)
            self._stack.push_async_callback(self.ari.aclose)
            info = await self.ari.wait_until_reachable()
            log.info("ari: connected to Asterisk %s at %s", info.get("system", {}).get("version"), s.ari_url)
            self.audiosocket = AudioSocketServer(*s.audiosocket_bind)
            await self.audiosocket.start()
            self._stack.push_async_callback(self.audiosocket.aclose)
            if safe_harbour_for is not None:  # rendered ahead: it must be heard within 2 s of the answer
                rate = SAMPLE_RATES[self.audiosocket.media_format]
                stop = asyncio.Event()
                work = _prerender_messages(self.tts, catalog, rate, stop)
                prerender = asyncio.create_task(work, name="prerender")
                # A render runs in a thread: let the current one end before the TTS engine closes.
                self._stack.push_async_callback(asyncio.wait, {prerender})
                self._stack.callback(stop.set)
            self.control = AriCallControl(self.ari, self.audiosocket, s.audiosocket_advertise)
            if swept := await self.control.sweep():
                log.warning("ari: removed %d bridge(s)/channel(s) left by a previous run", swept)
            if closed := await self.store.close_interrupted_calls(INTERRUPTED):
                log.warning("store: closed %d call record(s) a previous run left open", closed)
            for cut in await self.store.run(lambda db: mark_truncated(db, s.local_dir)):
                log.warning("recordings: call %s: a previous run was cut off while recording: marked "
                            "truncated, %.1f s intact (`recording play --partial`)", *cut)  # fmt: skip
            self.gate = DialGate(self._gate_allows)
            await self.gate.serve(*s.agi_bind)
            self._stack.push_async_callback(self.gate.aclose)
            self.recordings = (
                RecordingService(self.store, s.local_dir, s.recording_keys_path) if s.recordings else None
            )
            if self.recordings is not None:
                self._stack.push_async_callback(asyncio.to_thread, self.recordings.close)
            deps = CallDeps(self.control, self.tts, self.store, s.default_region, self.halt, self.recordings)
            rate = CallRate(s.call_rate, s.call_burst)
            self.registry = CallRegistry(
                deps, self.script_for, self.mask, s.max_calls, safe_harbour_for, rate
            )
            if s.purge_every_hours:
                purging = asyncio.create_task(purge_on_schedule(s, self.now), name="purge")
                self._stack.push_async_callback(_cancel, purging)
            self.status = StatusServer(self._status)
            await self.status.serve(*s.status_bind)
            self._stack.push_async_callback(self.status.aclose)
            self.ari.add_listener(self._on_ari_event)
            self.events_task = asyncio.create_task(self.ari.run_events(), name="ari-events")
            self._stack.push_async_callback(_cancel, self.events_task)
            connected = asyncio.create_task(self.ari.connected.wait(), name="ari-connected")
            try:
                await asyncio.wait({connected, self.events_task}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                await _cancel(connected)
            if self.events_task.done():
                self.events_task.result()  # raises the reason (e.g. wrong password)
        except BaseException:
            await self._stack.aclose()
            raise
        log.info(
            "purge: %s (CLEARCALL_PURGE_EVERY, hours; 0 = off)",
            f"every {s.purge_every_hours:g} h, the first within a minute" if s.purge_every_hours else "off",
        )

    def log_ready(self) -> None:
        s = self.settings
        log.info(
            "clearcall: ready (app=%s, media on %s:%d, at most %d concurrent calls: CLEARCALL_MAX_CALLS; "
            "default %d, the capacity bench/load measured on 2 cores; new calls %s)",
            s.ari_app,
            s.audiosocket_bind[0],
            self.audiosocket.port,
            s.max_calls,
            DEFAULT_MAX_CALLS,
            f"at most {s.call_rate:g} a second past a burst of {s.call_burst}: CLEARCALL_CALL_RATE, "
            "CLEARCALL_CALL_BURST"
            if s.call_rate
            else "at any rate (CLEARCALL_CALL_RATE=0)",
        )

    def _status(self) -> dict[str, object]:
        r = self.registry
        return {
            "free_slots": r.free_slots,
            "max_calls": r.max_calls,
            "call_rate": r.rate.per_second,
            "calls": len(r.sessions),
            "safe_harbour_calls": len(r.overflow),
            "abandoned_since_start": r.abandoned,
            "accepting": r.accepting,
            "halted": self.halt.reason is not None,
        }

    def _on_ari_event(self, event: dict) -> None:
        if (call_event := call_event_from_ari(event)) is not None:
            self.registry.on_event(call_event)

    async def _gate_allows(self, number: str, policy: str, campaign: str | None = None) -> tuple[bool, str]:
        """The dialplan's FastAGI gate asks this before every outbound Dial: the one dial policy."""
        try:
            chosen = Policy(policy)
        except ValueError:
            return False, f"unknown policy {policy}"
        _e164, decision = await check(
            self.store,
            number,
            chosen,
            default_region=self.settings.default_region,
            campaign=campaign,
            now_utc=self.now(),
            windows=self.settings.calling_windows,
            halted=self.halt.reason,
        )
        return decision.allowed, str(decision.reason or "allowed")

    async def dial(self, number: str, flow: str, contact: Mapping[str, str] | None = None) -> str:
        """Originate a call running `flow` for `contact`, checked right now (raises DialRefused)."""
        return await dial(
            self.control,
            self.store,
            number,
            flow=load_flow(self.settings.flows_dir / f"{flow}.yaml"),
            contact=contact,
            default_region=self.settings.default_region,
            now_utc=self.now(),
            windows=self.settings.calling_windows,
            halted=self.halt.reason,
        )

    async def aclose(self, drain_timeout: float = 10.0) -> None:
        await self.registry.drain(drain_timeout)
        await self._stack.aclose()


async def _prerender_messages(tts: Tts, catalog: FlowCatalog, rate: int, stop: asyncio.Event) -> None:
    """Render every flow's safe-harbour and voicemail message into the TTS cache, at the media rate."""
    for plan in catalog.plans.values():
        flow = plan.flow
        for text in (flow.safe_harbour_text(), flow.voicemail_text()):
            if stop.is_set():
                return
            try:
                await tts.render(text, flow.voice, rate, flow.rate)
            except Exception:
                log.exception("flow %s: could not render a message ahead", flow.name)


async def _cancel(task: asyncio.Task) -> None:
    """Cancel and wait for `task` (our own cancellation still propagates); log how it failed, if it did."""
    task.cancel()
    await asyncio.wait({task})
    if not task.cancelled() and task.exception() is not None:
        log.error("task %s failed", task.get_name(), exc_info=task.exception())


def settle_heap() -> None:
    """Put what start-up loaded out of the cyclic collector's reach, for the life of the process.

    The models, flows and libraries (about 70,000 objects) never become garbage, yet every full collection
    walked them, holding the event loop, and with it every call's audio: 130-300 ms, once in each load
    run at 38-47 calls up (README, "Capacity"). Frozen, a full collection walks only what calls create.
    """
    gc.collect()
    gc.freeze()


async def serve(app: App) -> None:
    """Run until SIGINT/SIGTERM; then stop taking calls and let running ones finish."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await app.start()
    settle_heap()
    app.log_ready()
    try:
        waiter = asyncio.create_task(stop.wait(), name="stop-signal")
        try:
            await asyncio.wait({waiter, app.events_task}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            await _cancel(waiter)
        if app.events_task.done():
            app.events_task.result()
    finally:
        log.info("clearcall: stopping, draining %d call(s)", len(app.registry.sessions))
        await app.aclose()
