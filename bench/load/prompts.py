"""The bot's prompts as it renders them (bot.speech.tts.Tts, same cache), reduced to what the wire shows.

Every text a flow can say is rendered once into the bot's own TTS cache folder, so the bot under test
plays from a warm cache (as a deployed bot does after its first calls) and the bench knows each prompt's
exact audio. For matching against the capture each render goes the way Asterisk sends it to a caller:
resampled to 8 kHz and through G.711 µ-law, then cut into 20 ms frames (one per RTP packet).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.load.audio import FRAME, RATE, frame_levels, to_8k, ulaw_decode, ulaw_encode
from bot.flow.loader import load_flow
from bot.flow.schema import Flow, Retry, Transition
from bot.speech.tts import Tts

# AudioSocket media format the bot asks Asterisk for (bot.asterisk.audiosocket: slin16).
BOT_RATE = 16000


def db(levels: np.ndarray) -> np.ndarray:
    """Frame RMS (16-bit scale) as dB above 1, clipped to 0..90: silence is 0, speech is 60-80."""
    return np.clip(20 * np.log10(levels + 1.0), 0.0, 90.0)


@dataclass(frozen=True)
class Prompt:
    name: str  # "opening", "ask_interest", "ask_interest.yes.end", "optout_goodbye"...
    text: str
    frames: int  # 20 ms frames the bot plays (the render padded to whole frames)
    levels_db: np.ndarray  # per frame, after 8 kHz µ-law, as the caller receives it

    @property
    def seconds(self) -> float:
        return self.frames * FRAME / RATE


def flow_texts(flow: Flow) -> dict[str, str]:
    """Every text the flow can speak, by a readable name, rendered for a contact without fields."""
    texts = {"opening": flow.opening_text(), "optout_goodbye": flow.optout_goodbye_text()}

    def add_transition(prefix: str, transition: Transition) -> None:
        if transition.say:
            texts[f"{prefix}.say"] = transition.say
        if transition.end:
            texts[f"{prefix}.end"] = transition.end

    for name, state in flow.states.items():
        if state.say:
            texts[name] = state.say
        if state.next is not None:
            add_transition(f"{name}.next", state.next)
        for intent, handler in (state.on or {}).items():
            if isinstance(handler, Retry):
                if handler.reprompt:
                    texts[f"{name}.{intent}.reprompt"] = handler.reprompt
                add_transition(f"{name}.{intent}.then", handler.then)
            else:
                add_transition(f"{name}.{intent}", handler)
    return {name: flow.render(text) for name, text in texts.items()}


async def render_prompts(flow_file: Path, tts_cache: Path) -> tuple[Flow, dict[str, Prompt]]:
    """Render every prompt of the flow into `tts_cache` (the bot's cache folder) and describe it."""
    flow = load_flow(flow_file)
    tts = Tts(tts_cache)
    prompts: dict[str, Prompt] = {}
    try:
        for name, text in flow_texts(flow).items():
            pcm = np.frombuffer(await tts.render(text, flow.voice, BOT_RATE, flow.rate), "<i2")
            bot_frame = BOT_RATE * FRAME // RATE
            pcm = np.pad(pcm, (0, (-len(pcm)) % bot_frame))  # the bot pads the last frame with silence
            on_wire = ulaw_decode(ulaw_encode(to_8k(pcm, BOT_RATE)))
            levels = db(frame_levels(on_wire))
            prompts[name] = Prompt(name, text, len(pcm) // bot_frame, levels)
    finally:
        tts.close()
    return flow, prompts
