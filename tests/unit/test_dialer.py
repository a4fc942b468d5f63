"""The dial-time checks: suppression, consent, calling window, in that order, before any originate."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.calls.dialer import DialRefused, dial
from bot.flow.loader import load_flow, load_flow_text
from bot.sim.fakes import MemoryStore

FLOWS = Path(__file__).resolve().parents[2] / "flows"
# The reminder with a first name that is required (no default): the bot must never say "Hi ,".
_REMINDER = (FLOWS / "appointment_reminder_en.yaml").read_text()
NEEDS_NAME = load_flow_text(
    _REMINDER.replace("first_name: {default: there, sample: Ann}", "first_name: {sample: Ann}")
)
OPENING_ONLY = load_flow(FLOWS / "opening_only.yaml")

NUMBER = "+12025550123"  # Washington DC: America/New_York
NOON_NY = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
NIGHT_NY = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)  # 22:00 in New York


class Control:
    def __init__(self) -> None:
        self.originated: list[tuple[str, str]] = []
        self.refs: list[str] = []

    async def originate(self, number: str, flow: str, contact_ref: str = "") -> str:
        self.originated.append((number, flow))
        self.refs.append(contact_ref)
        return "cc-out-1"


@pytest.fixture
def store() -> MemoryStore:
    store = MemoryStore()
    store.consent.append({"number": NUMBER, "scope": "global"})
    return store


async def test_dials_a_consenting_number_in_hours_in_e164(store):
    control = Control()
    await dial(control, store, "(202) 555-0123", flow=OPENING_ONLY, default_region="US", now_utc=NOON_NY)
    assert control.originated == [(NUMBER, "opening_only")] and control.refs == [""]


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
        await dial(control, store, NUMBER, flow=OPENING_ONLY, default_region="US", now_utc=now)
    assert control.originated == []


async def test_a_bad_number_is_refused_with_the_input_masked(store):
    with pytest.raises(DialRefused, match="invalid number") as info:
        await dial(
            Control(), store, "+999 1234 567 890", flow=OPENING_ONLY, default_region="US", now_utc=NOON_NY
        )
    assert "1234567890" not in str(info.value).replace(" ", "")


@pytest.mark.parametrize("contact", [None, {}, {"first_name": "  "}, {"appointment": "at 3"}])
async def test_a_contact_without_a_field_the_flow_needs_is_never_dialled(store, contact):
    control = Control()
    with pytest.raises(
        DialRefused, match="contact incomplete: no first_name for flow appointment_reminder_en"
    ):
        await dial(
            control, store, NUMBER, flow=NEEDS_NAME, contact=contact, default_region="US", now_utc=NOON_NY
        )
    assert control.originated == [] and store.contacts == {}


async def test_the_contact_travels_to_the_call_by_reference_only(store):
    control = Control()
    contact = {"first_name": "Ann", "appointment": "on Tuesday"}
    await dial(control, store, NUMBER, flow=NEEDS_NAME, contact=contact, default_region="US", now_utc=NOON_NY)
    [ref] = control.refs
    assert ref and "Ann" not in ref and await store.take_contact(ref) == contact
