"""The start-rate limit of admission (bot.calls.admission): a burst, then calls at the refill rate."""

import sys

import pytest

from bot.app.settings import Settings
from bot.calls.admission import CallRate
from bot.core.errors import ConfigError


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_starts_at_once_then_calls_start_at_the_rate() -> None:
    clock = Clock()
    rate = CallRate(2.0, 3, clock)
    assert [rate.take() for _ in range(4)] == [True, True, True, False]
    assert rate.available == 0
    clock.now += 0.4  # 0.8 of a start: not yet one
    assert not rate.take()
    clock.now += 0.1
    assert rate.take() and not rate.take()
    clock.now += 60  # a quiet minute refills the burst, never more
    assert rate.available == 3


def test_a_borrowed_start_is_paid_back_before_the_next_one() -> None:
    clock = Clock()
    rate = CallRate(1.0, 2, clock)
    assert rate.take() and rate.take()
    assert rate.take(borrow=True)  # an answered person of our own campaign: never turned away
    clock.now += 1.5  # 1.5 starts refilled, one of them owed
    assert rate.available == 0 and not rate.take()
    clock.now += 0.5
    assert rate.take()


def test_debt_is_bounded_so_a_quiet_spell_always_ends_it() -> None:
    clock = Clock()
    rate = CallRate(1.0, 2, clock)
    for _ in range(50):
        assert rate.take(borrow=True)
    clock.now += 4.0  # from the floor (-2) back to the full burst
    assert rate.available == 2


def test_rate_zero_is_no_limit() -> None:
    rate = CallRate(0, 1, Clock())
    assert all(rate.take() for _ in range(1000)) and rate.available == sys.maxsize


@pytest.mark.parametrize(("per_second", "burst"), [(-1.0, 5), (3.0, 0)])
def test_a_nonsense_limit_is_refused(per_second: float, burst: int) -> None:
    with pytest.raises(ValueError, match="need rate >= 0, burst >= 1"):
        CallRate(per_second, burst)


def test_the_limit_comes_from_the_environment_and_a_bad_value_names_its_variable(tmp_path) -> None:
    defaults = Settings.load(tmp_path, env={})
    assert (defaults.max_calls, defaults.call_rate, defaults.call_burst) == (50, 2.0, 10)
    own = Settings.load(tmp_path, env={"CLEARCALL_CALL_RATE": "0.5", "CLEARCALL_CALL_BURST": "4"})
    assert (own.call_rate, own.call_burst) == (0.5, 4)
    assert Settings.load(tmp_path, env={"CLEARCALL_CALL_RATE": "0"}).call_rate == 0
    for name, bad in (("CALL_RATE", "fast"), ("CALL_RATE", "-2"), ("CALL_BURST", "0"), ("CALL_BURST", "2.5")):
        with pytest.raises(ConfigError, match=f"CLEARCALL_{name}={bad!r}: expected"):
            Settings.load(tmp_path, env={f"CLEARCALL_{name}": bad})
