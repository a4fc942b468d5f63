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
from bot.core.events import CallOffered
from bot.flow.errors import FlowError
from bot.flow.loader import load_flow
from bot.flow.schema import Flow
from bot.speech.fillers import candidates_for
from bot.speech.models import ModelError, find_model, load_model, missing_words
from bot.speech.vosk_stream import VoskStream

log = logging.getLogger(__name__)


@dataclass
class FlowCatalog:
    plans: dict[str, FlowPlan] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # plain-language start-up notes (models missing, ...)

    def script_for(self, webhooks: Webhooks) -> Callable[[CallOffered], Script]:
        def pick(offer: CallOffered) -> Script:
            plan = self.plans.get(offer.flow)
            if plan is None:
                return UnknownFlow()
            if offer.amd == "MACHINE":  # the dialplan connects machines only for `machine: message`
                return voicemail_script(plan.flow)
            return FlowRunner(plan, webhooks)

        return pick

    def safe_harbour_for(self, offer: CallOffered) -> Script | None:
        """The safe-harbour message of the call's flow (None: no such flow, the call is refused)."""
        plan = self.plans.get(offer.flow)
        return None if plan is None else safe_harbour_script(plan.flow)


class UnknownFlow:
    """The script of a call to a flow that is not loaded: say so in the log and hang up."""

    def __init__(self) -> None:
        self.outcome = CallOutcome(end_state="unknown_flow")

    async def run(self, call: CallHandle) -> None:
        log.error("call %s: no flow named %r (check the Stasis() argument)", call.call_id, call.info.flow)
        await call.hangup()


def load_flows(paths: list[Path]) -> list[Flow]:
    """Load and validate every file; report every broken one together."""
    flows: list[Flow] = []
    issues = []
    for path in sorted(paths):
        try:
            flows.append(load_flow(path))
        except FlowError as exc:
            issues += exc.issues
    if issues:
        raise FlowError(issues)
    return flows


def build_catalog(flows_dir: Path, models_dir: Path) -> FlowCatalog:
    catalog = FlowCatalog()
    models: dict[str, object | None] = {}
    fillers: dict[str, tuple[str, ...]] = {}  # garbage words for models without [unk] (bot.speech.fillers)
    for flow in load_flows(list(flows_dir.glob("*.yaml"))):
        detector = OptOutDetector(flow.language, extra_phrases=flow.optout.phrases)
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
        elif any(s.listen is not None for s in flow.states.values()):
            catalog.notes.append(
                f"flow {flow.name} listens but has no {flow.language} model: calls to it end"
            )
            continue
        catalog.plans[flow.name] = plan
    return catalog


def _recognizer_factory(model: object, fillers: tuple[str, ...] = ()) -> RecognizerFactory:
    """Recognisers of one model; `fillers` give every grammar a check pass (models without [unk])."""

    def make(sample_rate: int, call_id: str) -> VoskStream:
        return VoskStream(model, sample_rate, name=f"asr:{call_id}", fillers=fillers)

    return make
