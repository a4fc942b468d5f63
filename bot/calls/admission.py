"""How fast new calls may start: a token bucket of call starts (a trunk's "calls per second" limit).

Concurrent calls are not the whole load. Calls that start together reach their questions together, and
every answer is decoded at once: on 2 cores 52 calls up met every capacity goal when they started at
2.8 a second, while 50 calls started at 10 a second failed some (README, "Capacity"). So past `burst`
calls in quick succession, calls may start only at `per_second`: an inbound call beyond that hears busy
(SIP 486), as past the concurrent limit, never a degraded call.

Our own outbound calls are paced where they are dialled: the dialer reads `available` in the bot's free
slots. An answered person is never turned away for the rate (that would be an abandoned call); their start
is still taken from the bucket, which may go into debt, so the next starts wait for it.

A hand-written bucket rather than a rate-limiter library: admission takes a start synchronously, on the
event loop, and outbound starts must be able to borrow; aiolimiter's acquire is a coroutine that waits and
cannot go into debt.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable


class CallRate:
    """At most `burst` call starts at once, refilled at `per_second`; `per_second` 0 means no limit."""

    def __init__(self, per_second: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        if per_second < 0 or burst < 1:
            raise ValueError(f"call rate {per_second}/s with a burst of {burst}: need rate >= 0, burst >= 1")
        self.per_second = per_second
        self.burst = burst
        self._clock = clock
        self._tokens = float(burst)
        self._at = clock()

    @property
    def limited(self) -> bool:
        return self.per_second > 0

    def _refill(self) -> float:
        now = self._clock()
        self._tokens = min(float(self.burst), self._tokens + (now - self._at) * self.per_second)
        self._at = now
        return self._tokens

    @property
    def available(self) -> int:
        """Calls that may start now without waiting (the dialer's share of free slots); unbounded when
        there is no limit."""
        if not self.limited:
            return sys.maxsize
        return max(0, math.floor(self._refill()))

    def take(self, *, borrow: bool = False) -> bool:
        """Count one call start: False (nothing taken) when none is available, unless `borrow`."""
        if not self.limited:
            return True
        if self._refill() < 1.0 and not borrow:
            return False
        # A borrowed start leaves debt: at most one burst, so a quiet spell always ends it.
        self._tokens = max(self._tokens - 1.0, -float(self.burst))
        return True
