"""End of the caller's speech -> first frame of the bot's reply, over real calls (Korean survey flow).

    .venv/bin/python -m bench.reply_latency [--single 5] [--concurrent 20]

The caller (sipp + RTP peer, espeak-ng Korean) answers "네" after the question; the reply is the
flow's closing line. Measured on the caller's clock: from the last loud sample it sent to the first
loud packet it received (so it includes Asterisk both ways). Also: the bot's own view (final
transcript -> first reply frame), recogniser real-time factor, and memory per concurrent call.
Goal: p50 <= 300 ms, p95 <= 500 ms at 20 concurrent calls on 2 cores.
"""

from __future__ import annotations

import argparse
import asyncio

import numpy as np

from bench.common import report, running_bot
from tests.e2e.conftest import prompt_seconds
from tests.e2e.sipcall import place_call
from tests.e2e.voices import speak_8k

LOUD = 500


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def one_call(lead: float, answer: np.ndarray, index: int, out: list[float]) -> None:
    async def caller(peer):
        await peer.wait_heard(lead + 0.3)
        await peer.speak(answer)
        speech_end = peer.last_loud_sent_at  # when the last loud packet really left (not when planned)
        await peer.silence(3)
        for arrived, samples in peer.received:
            if arrived > speech_end and np.sqrt(np.mean(samples.astype(np.float64) ** 2)) > LOUD:
                out.append((arrived - speech_end) * 1000)
                return

    await place_call("200", caller=f"+8210555{index:05d}", caller_script=caller, timeout=90)


async def run_round(lead: float, answer: np.ndarray, n: int, base: int) -> list[float]:
    out: list[float] = []
    await asyncio.gather(*(one_call(lead, answer, base + i, out) for i in range(n)))
    return out


async def main(single: int, concurrent: int) -> None:
    async with running_bot() as (app, events):
        lead = await prompt_seconds(app, "survey_ko", "ask_interest")
        answer = speak_8k("네")
        one: list[float] = []
        for i in range(single):
            one += await run_round(lead, answer, 1, i)
        bot_one = events.values("reply", "ms")
        events.clear()
        idle = rss_mb()
        peak = idle

        async def sample_rss() -> None:
            nonlocal peak
            while True:
                peak = max(peak, rss_mb())
                await asyncio.sleep(0.2)

        sampler = asyncio.create_task(sample_rss())
        many = await run_round(lead, answer, concurrent, 1000)
        sampler.cancel()
        bot_many = events.values("reply", "ms")
        busy, audio = events.values("asr", "busy_s"), events.values("asr", "audio_s")
        rtf = [b / a for b, a in zip(busy, audio, strict=True) if a]
    # On the caller's clock too, as a cross-check; at many calls the caller processes share the 2 cores
    # with the bot and their pacing lags, so the bot-clock figures are the ones to trust there.
    print("caller's end of speech -> first reply audio at the caller (caller clock)")
    print(report("1 call at a time", one))
    print(report(f"{concurrent} concurrent calls", many))
    print("end of caller speech reaching the bot (VAD) -> first reply frame sent (bot clock)")
    print(report("1 call at a time", bot_one))
    print(report(f"{concurrent} concurrent calls", bot_many))
    if rtf:
        median, worst = np.median(rtf), max(rtf)
        print(f"recogniser real-time factor at {concurrent} calls: median {median:.3f}, max {worst:.3f}")
    print(f"memory: {idle:.0f} MB idle (model loaded), peak {peak:.0f} MB with {concurrent} calls: "
          f"{(peak - idle) / max(concurrent, 1):.1f} MB per call")  # fmt: skip


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--single", type=int, default=5)
    parser.add_argument("--concurrent", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(main(args.single, args.concurrent))
