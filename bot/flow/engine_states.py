"""Names of the states the engine's machine adds around a flow's own states.

The machine (``bot.flow.machine``) builds its states from these, and flow validation reserves them,
so a flow can never name a state the engine already uses. Kept free of ``transitions`` so validation
does not load the engine.
"""

from __future__ import annotations

INITIAL = "new"  # before the opening starts
OPENING = "opening"
ENDED = "ended"
TRANSFERRED = "transferred"
OPTED_OUT = "opted_out"
HUNG_UP = "hung_up"
ENDINGS = (ENDED, TRANSFERRED, OPTED_OUT, HUNG_UP)
#: Marks names the engine derives from a flow state, so no flow state may contain it.
ENGINE_MARK = "__"
LISTEN_SUFFIX = f"{ENGINE_MARK}listen"
#: Every fixed state name of the engine's machine.
ENGINE_STATE_NAMES = frozenset({INITIAL, OPENING, *ENDINGS})
