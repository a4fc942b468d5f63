"""Loads every flow under flows/ at start-up, with the speech model each needs.

A broken flow stops the bot at start-up with the file, line and what to change: never mid-call.
A flow whose language has no model still runs with the keypad opt-out only, and start-up says so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.calls.flow_runner import FlowPlan, FlowRunner, RecognizerFactory
from bot.calls.messages import safe_harbour_script, voicemail_script
from bot.calls.ports import CallHandle, CallOutcome, Script, Webhooks
from bot.compliance.optout import OptOutDetector
from bot.compliance.optout_model import learned_model
from bot.core.events import CallOffered
from bot.flow.loader import load_flows
from bot.flow.schema import Flow
from bot.speech.fillers import candidates_for
from bot.speech.models import ModelError, find_model, load_model, missing_words
from bot.speech.vosk_stream import VoskStream

log = logging.getLogger(__name__)


@dataclass
class FlowCatalog:
    plans: dict[str, FlowPlan] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # plain-language start-up notes (models missing, ...)
    disabled: dict[str, str] = field(default_factory=dict)  # flow name -> why it cannot run

    def script_for(self, webhooks: Webhooks) -> Callable[[CallOffered], Script]:
        def pick(offer: CallOffered) -> Script:
            plan = self.plans.get(offer.flow)
            if plan is None:
                why = self.disabled.get(offer.flow) or (
                    f"no flow named {offer.flow!r} under flows/ (check the Stasis() argument)"
                )
                return UnavailableFlow(offer.flow, why)
            if offer.amd == "MACHINE":  # the dialplan connects machines only for `machine: message`
                return voicemail_script(plan.flow)
            return FlowRunner(plan, webhooks)

        return pick

    def safe_harbour_for(self, offer: CallOffered) -> Script | None:
        """The safe-harbour message of the call's flow (None: no such flow, the call is refused)."""
        plan = self.plans.get(offer.flow)
        return None if plan is None else safe_harbour_script(plan.flow)


class UnavailableFlow:
    """A call to a flow that cannot run: the caller hears a short notice, the log says why, then hang up."""

    NOTICE = "Sorry, this line is not available. Goodbye."
    VOICE = "en-us"

    def __init__(self, flow: str, why: str) -> None:
        self.flow, self.why = flow, why
        self.outcome = CallOutcome(end_state="flow_unavailable")

    async def run(self, call: CallHandle) -> None:
        log.error("call %s: flow %r is not available: %s", call.call_id, self.flow, self.why)
        await call.say(self.NOTICE, self.VOICE)
        await call.hangup()


def disabled_reason(flow: Flow, models_dir: Path) -> str | None:
    """Why a flow cannot take calls on this machine (a listening flow without its model), or None."""
    if not any(s.listen is not None for s in flow.states.values()):
        return None
    try:
        find_model(flow.language, models_dir)
    except ModelError:
        return f"it listens and there is no {flow.language} model (clearcall models install {flow.language})"
    return None


def build_catalog(flows_dir: Path, models_dir: Path, *, optout_model: bool = True) -> FlowCatalog:
    """Every flow ready to take calls. ``optout_model``: the learned second opinion on opt-outs, its
    weights read here (at start-up, once per language) rather than on a call."""
    catalog = FlowCatalog()
    models: dict[str, object | None] = {}
    fillers: dict[str, tuple[str, ...]] = {}  # garbage words for models without [unk] (bot.speech.fillers)
    for flow in load_flows(list(flows_dir.glob("*.yaml"))):
        second = learned_model(flow.language) if optout_model else None
        detector = OptOutDetector(flow.language, extra_phrases=flow.optout.phrases, second_opinion=second)
        if flow.language not in models:
            try:
                info = find_model(flow.language, models_dir)
            except ModelError as exc:  # missing: run what we can and say so
                models[flow.language] = None
                catalog.notes.append(f"{exc} -- {flow.language} flows run with the keypad opt-out only")
            else:  # present but broken: refuse to start, with what to do
                models[flow.language] = load_model(info)
                fillers[flow.language] = candidates_for(models[flow.language], flow.language)
        model = models[flow.language]
        plan = FlowPlan(flow, detector, None)
        if model is not None:
            plan.recognizer = _recognizer_factory(model, fillers[flow.language])
            heard = detector.grammar_phrases()
            dropped = set(missing_words(model, heard))
            plan.optout_grammar = [p for p in heard if not set(p.split()) & dropped]
            for name, state in flow.states.items():
                unknown = missing_words(model, state.grammar_phrases())
                if unknown:
                    log.warning(
                        "flow %s, state %s: the %s model does not know %s; those words cannot be heard",
                        flow.name, name, flow.language, ", ".join(unknown),
                    )  # fmt: skip
        elif why := disabled_reason(flow, models_dir):
            catalog.disabled[flow.name] = why
            catalog.notes.append(
                f"flow {flow.name} is off: {why}; its callers hear that the line is not available"
            )
            continue
        catalog.plans[flow.name] = plan
    return catalog


def _recognizer_factory(model: object, fillers: tuple[str, ...] = ()) -> RecognizerFactory:
    """Recognisers of one model; `fillers` give every grammar a check pass (models without [unk])."""

    def make(sample_rate: int, call_id: str) -> VoskStream:
        return VoskStream(model, sample_rate, name=f"asr:{call_id}", fillers=fillers)

    return make
