"""The dial-time checks: suppression, consent, calling window, in that order, before any originate."""

from datetime import UTC, datetime

import pytest

from bot.calls.dialer import DialRefused, dial
from bot.sim.fakes import MemoryStore

NUMBER = "+12025550123"  # Washington DC: America/New_York
NOON_NY = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
NIGHT_NY = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)  # 22:00 in New York


class Control:
    def __init__(self) -> None:
        self.originated: list[tuple[str, str]] = []

    async def originate(self, number: str, flow: str) -> str:
        self.originated.append((number, flow))
        return "cc-out-1"


@pytest.fixture
def store() -> MemoryStore:
    store = MemoryStore()
    store.consent.append({"number": NUMBER, "scope": "global"})
    return store


async def test_dials_a_consenting_number_in_hours_in_e164(store):
    control = Control()
    await dial(control, store, "(202) 555-0123", flow="f", default_region="US", now_utc=NOON_NY)
    assert control.originated == [(NUMBER, "f")]


@pytest.mark.parametrize(
    ("prepare", "now", "reason"),
    [
        (lambda s: s.suppression.append({"number": NUMBER, "scope": "global"}), NOON_NY, "suppressed"),
        (lambda s: s.consent.clear(), NOON_NY, "no consent"),
        (lambda s: None, NIGHT_NY, "outside calling hours"),
    ],
)
async def test_refusals_never_originate(store, prepare, now, reason):
    prepare(store)
    control = Control()
    with pytest.raises(DialRefused, match=reason):
        await dial(control, store, NUMBER, flow="f", default_region="US", now_utc=now)
    assert control.originated == []


async def test_a_bad_number_is_refused_with_the_input_masked(store):
    with pytest.raises(DialRefused, match="invalid number") as info:
        await dial(Control(), store, "+999 1234 567 890", flow="f", default_region="US", now_utc=NOON_NY)
    assert "1234567890" not in str(info.value).replace(" ", "")
