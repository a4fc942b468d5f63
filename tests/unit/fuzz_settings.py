"""One hypothesis profile for every fuzz test: a fixed seed, an explicit example count and a deadline,
so CI runs the same bounded search every time. CLEARCALL_FUZZ_SCALE=N runs N times the examples with a
random seed, for longer hunts by hand."""

from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import HealthCheck, settings

SCALE = int(os.environ.get("CLEARCALL_FUZZ_SCALE", "1"))


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples * SCALE,
        derandomize=SCALE == 1,
        database=None,
        deadline=timedelta(seconds=5),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
