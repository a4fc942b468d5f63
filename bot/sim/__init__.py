"""Run call flows without a phone: in-memory edges, a simulated call on the real runner, CLI tools."""

from bot.sim.fakes import (
    FakeControl,
    FakeMedia,
    FakePlaying,
    FakeRecognizer,
    FakeWebhooks,
    MemoryStore,
    TextSpeech,
    VirtualClockLoop,
    run_virtual,
)
from bot.sim.simulated_call import CallResult, SimulatedCall, SimulationError, Step

__all__ = [
    "CallResult",
    "FakeControl",
    "FakeMedia",
    "FakePlaying",
    "FakeRecognizer",
    "FakeWebhooks",
    "MemoryStore",
    "SimulatedCall",
    "SimulationError",
    "Step",
    "TextSpeech",
    "VirtualClockLoop",
    "run_virtual",
]
