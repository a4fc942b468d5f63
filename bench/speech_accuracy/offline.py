"""Offline: the bot's own recogniser and decisions in-process, the line imitated (G.711 there and back)."""

from __future__ import annotations

import asyncio
import sys
import time

import numpy as np

from bench.speech_accuracy.corpus import OPENING, PROJECT, Utterance
from bench.speech_accuracy.report import Trial
from bench.speech_accuracy.voices import PHONE_RATE, Voice, caller_audio_8k, phone_path_16k


class OfflineBot:
    """The parts of the bot that hear a caller's turn: the flow's plan as the catalog builds it, a
    VoskStream per turn with the state's grammar, and the runner's decision on what it returns."""

    def __init__(self, flow: str) -> None:
        from bot.app.flow_catalog import build_catalog
        from bot.app.settings import Settings

        settings = Settings.load(PROJECT)
        catalog = build_catalog(settings.flows_dir, settings.models_dir)
        self.plan = catalog.plans[flow]
        self.flow = self.plan.flow

    async def hear(self, state: str, pcm_16k: bytes) -> tuple[str, list[str], str]:
        """(what the bot did, the recogniser's results, why) for one turn of `state`."""
        from bot.flow.answers import checked_words

        listener = self.plan.listener(None if state == OPENING else state)
        stream = self.plan.recognizer(16000, "bench")  # type: ignore[misc]
        stream.complete = listener.complete
        stream.set_grammar(listener.grammar)
        frames = [pcm_16k[i : i + 640] for i in range(0, len(pcm_16k) - 639, 640)]
        # Fed faster than real time, at most 4 s ahead of the recogniser (it drops audio beyond 10 s).
        for start in range(0, len(frames), 200):
            for frame in frames[start : start + 200]:
                stream.push_frame(frame)
            await asyncio.wait_for(stream.drained(), 60)
        await asyncio.sleep(0.01)  # the last results cross from the worker thread to the loop
        await stream.aclose()
        texts: list[str] = []
        async for transcript in stream:
            # As the runner: opt-out on every result; the first final result in a listening state decides.
            if transcript.final:
                checked = checked_words(transcript)
                texts.append(
                    transcript.text + (f" (check: {' '.join(checked)})" if checked is not None else "")
                )
            if listener.optout(transcript) is not None:
                if not transcript.final:
                    texts.append(f"(partial) {transcript.text}")
                return "opt_out", texts, ""
            if transcript.final and listener.rules is not None:
                answer = listener.answer(transcript)
                heard = {"intent": answer.intent, "ambiguous": "ask_again"}.get(answer.kind, "no_match")
                return heard, texts, answer.reason
        return "no_input", texts, ""


async def run_offline(
    flow: str, voices: list[Voice], corpus: list[Utterance], concurrency: int
) -> list[Trial]:
    bot = OfflineBot(flow)
    jobs = [(u, v, seed) for seed, (u, v) in enumerate((u, v) for u in corpus for v in voices)]
    trials: list[Trial | None] = [None] * len(jobs)
    lead, tail = np.zeros(int(PHONE_RATE * 0.5), np.int16), np.zeros(int(PHONE_RATE * 1.5), np.int16)
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(len(jobs)):
        queue.put_nowait(i)
    done = 0
    started = time.perf_counter()

    async def worker() -> None:
        nonlocal done
        while not queue.empty():
            i = queue.get_nowait()
            u, v, seed = jobs[i]
            audio = await asyncio.to_thread(caller_audio_8k, u, v, seed)
            pcm = phone_path_16k(np.concatenate([lead, audio, tail]))
            heard, texts, detail = await bot.hear(u.state, pcm)
            trials[i] = Trial(u, v.name, heard, texts, detail)
            done += 1
            if done % 100 == 0:
                print(f"  {done}/{len(jobs)} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return [t for t in trials if t is not None]
