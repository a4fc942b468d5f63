"""Call answered -> first bot audio frame sent into the call, over real SIP calls into the sandbox.

    .venv/bin/python -m bench.answer_latency [--sequential 20] [--concurrent 10] [--rounds 3]

Each call dials extension 900 (the compliance opening) and hangs up after 1.5 s. The first call warms
the TTS cache and is not counted. Goal: p95 < 250 ms at 10 concurrent calls (the law's bound is 2 s).
"""

from __future__ import annotations

import argparse
import asyncio

from bench.common import report, running_bot
from tests.e2e.sipcall import place_call


async def main(sequential: int, concurrent: int, rounds: int) -> None:
    async with running_bot() as (_app, events):
        await place_call("900", hangup_after_ms=1500)  # warm-up: renders and caches the opening
        await asyncio.sleep(0.3)
        events.clear()
        for i in range(sequential):
            await place_call("900", caller=f"+1202555{i:04d}", hangup_after_ms=1500)
        await asyncio.sleep(0.3)
        seq = events.values("first_audio", "ms")
        events.clear()
        for r in range(rounds):
            calls = [
                place_call("900", caller=f"+1202556{r:02d}{i:02d}", hangup_after_ms=1500)
                for i in range(concurrent)
            ]
            results = await asyncio.gather(*calls)
            failed = [res for res in results if res.returncode != 0]
            if failed:
                print(f"warning: {len(failed)} call(s) failed in round {r}")
            await asyncio.sleep(0.5)
        conc = events.values("first_audio", "ms")
    print("answer -> first bot audio frame (bot clock, after a warm-up call)")
    print(report("sequential calls", seq))
    print(report(f"{concurrent} concurrent calls x {rounds} rounds", conc))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sequential", type=int, default=20)
    parser.add_argument("--concurrent", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.sequential, args.concurrent, args.rounds))
