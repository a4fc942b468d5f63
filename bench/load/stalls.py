"""Stalls in a load run: `python -m bench.load.stalls OUT N [LABEL]`.

Gaps over 60 ms in the bot's streams (Asterisk -> caller, the whole answered call, pauses included: the bot
sends a frame every 20 ms), grouped into instants (gaps starting within 50 ms of each other). A stall of
the bot or of the machine hits many calls at once; a slow call alone is one gap. Each instant is printed
with the /proc samples taken near it (the bench's sampler was found stalling the bot this way).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from bench.load.run import RunResult, load_result
from bench.load.wire import read_capture

GAP_S = 0.06
SAME_INSTANT_S = 0.05


def stalls(result: RunResult) -> list[list[tuple[float, float, int]]]:
    """Instants of gaps, each a list of (gap start after the first call's start, gap s, call index)."""
    capture = read_capture(result.pcap)
    gaps = []
    for call in result.calls:
        dialog = capture.dialog_from_port(call.sip_port)
        if dialog is None or dialog.t_answer is None:
            continue
        bot = capture.stream(dialog.asterisk_media, dialog.caller_media)
        if not len(bot):
            continue
        end = dialog.t_bye_from_asterisk or dialog.t_bye_from_caller or float(bot.t[-1])
        t = bot.t[(bot.t > dialog.t_answer + 0.5) & (bot.t < end - 0.1)]  # not set-up, not teardown
        dt = np.diff(t)
        gaps += [(float(t[i]) - result.t0, float(dt[i]), call.index) for i in np.flatnonzero(dt > GAP_S)]
    instants: list[list[tuple[float, float, int]]] = []
    for gap in sorted(gaps):
        if instants and gap[0] - instants[-1][-1][0] < SAME_INSTANT_S:
            instants[-1].append(gap)
        else:
            instants.append([gap])
    return instants


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__.splitlines()[0])
        return 2
    out, n, label = Path(argv[0]), int(argv[1]), argv[2] if len(argv) == 3 else ""
    result = load_result(out, n, label)
    instants = stalls(result)
    samples = np.array([s.t for s in result.samples]) - result.t0
    print(f"{sum(len(i) for i in instants)} gaps > {GAP_S * 1000:.0f} ms in {len(instants)} instants")
    for instant in sorted(instants, key=len, reverse=True):
        start, longest = instant[0][0], max(g[1] for g in instant)
        near = samples[(samples > start - 0.3) & (samples < start + 0.3)] - start
        offsets = ", ".join(f"{x * 1000:+.0f}" for x in near)
        print(
            f"  at {start:7.2f} s: {len(instant):3d} calls, longest {longest * 1000:.0f} ms;"
            f" /proc samples at {offsets or '-'} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
