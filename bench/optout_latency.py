"""Opt-out: recognition -> committed suppression row -> hangup, over real calls (Korean survey flow).

    .venv/bin/python -m bench.optout_latency [--calls 10] [--keypress 10]

Voice: the caller (espeak-ng Korean) says "전화 하지 마세요" while the bot listens. Keypress: the caller
presses 9 during the opening. Bot clock: opt-out recognised -> row committed (goal p95 <= 50 ms), and
recognised -> hangup sent. Caller clock: end of the phrase (last loud packet sent) -> the call ended
(sipp got the bot's BYE); the rules' bound is 2 s.
"""

from __future__ import annotations

import argparse
import asyncio
import time

from bench.common import report, running_bot
from tests.e2e.conftest import prompt_seconds
from tests.e2e.sipcall import place_call
from tests.e2e.voices import speak_8k


async def main(calls: int, keypress: int) -> None:
    async with running_bot() as (app, events):
        lead = await prompt_seconds(app, "survey_ko", "ask_interest")
        phrase = speak_8k("전화 하지 마세요")
        to_bye: list[float] = []
        for i in range(calls):
            marks: list[float] = []

            async def caller(peer, marks=marks):
                await peer.wait_heard(lead + 0.3)
                await peer.speak(phrase)
                marks.append(peer.last_loud_sent_at)
                await peer.silence(5)

            await place_call("200", caller=f"+8210777{i:05d}", caller_script=caller, timeout=60)
            if marks:
                to_bye.append((time.monotonic() - marks[0]) * 1000)
        voice = list(events.events)
        events.clear()
        for i in range(keypress):

            async def presser(peer):
                await peer.wait_heard(1.0)
                await peer.press("9")
                await peer.silence(4)

            await place_call("200", caller=f"+8210888{i:05d}", caller_script=presser, timeout=40)
        keys = list(events.events)
    for label, logged, placed in (("voice", voice, calls), ("key 9", keys, keypress)):
        events.events[:] = logged
        print(f"{label}: {len(events.calls_with('opt_out'))}/{placed} calls opted out")
        commits = events.values("opt_out", "heard_to_commit_ms")
        print(report(f"  {label}: recognised -> row committed", commits))
        print(report(f"  {label}: recognised -> hangup sent", events.values("optout_hangup", "ms")))
    print(report("voice: end of phrase -> call ended (caller)", to_bye))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--calls", type=int, default=10)
    parser.add_argument("--keypress", type=int, default=10)
    args = parser.parse_args()
    asyncio.run(main(args.calls, args.keypress))
