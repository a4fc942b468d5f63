"""Shared pieces of the campaign tests: a real SQLite file, a campaign, contact rows, fixed times."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.app.campaigns import campaign_store
from bot.campaign import CampaignLimits, ConsentEvidence, ContactRow
from bot.flow.contact import missing_contact_fields
from bot.flow.loader import load_flow, load_flow_text
from bot.store.campaign_store import CampaignStore
from bot.store.database import open_database

FLOWS = Path(__file__).resolve().parents[2] / "flows"
SALES = load_flow(FLOWS / "sales_followup_en.yaml")  # first_name and product, both with defaults
# The reminder with a first name that is required (no default): a list must carry it.
NEEDS_NAME = load_flow_text(
    (FLOWS / "appointment_reminder_en.yaml")
    .read_text()
    .replace("first_name: {default: there, sample: Ann}", "first_name: {sample: Ann}")
)
DC = "+12025550101"  # America/New_York
DC2 = "+12025550102"
CHICAGO = "+13125550103"  # America/Chicago
IDAHO = "+12085550123"  # two zones: America/Boise and America/Los_Angeles
NOON_NY = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)  # a Monday, 12:00 in New York
NIGHT_NY = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)  # 22:00 in New York
EVIDENCE = ConsentEvidence("web form", "form #1", "2024-05-01T10:00:00.000+00:00")


def open_store(path: Path) -> CampaignStore:
    return campaign_store(open_database(path))


def new_campaign(store: CampaignStore, name: str = "spring", limits: CampaignLimits | None = None) -> str:
    store.create(name, flow=SALES.name, flow_path=str(FLOWS / "sales_followup_en.yaml"),
                 limits=limits or CampaignLimits(), actor="test")  # fmt: skip
    return name


def add_contacts(store: CampaignStore, campaign: str, *numbers: str, zone: str | None = None) -> None:
    rows = [ContactRow(i + 2, n, {"first_name": f"P{i}"}, zone, EVIDENCE) for i, n in enumerate(numbers)]
    store.import_contacts(campaign, rows, path="test.csv", digest="-", actor="test")


def sales_missing(values: dict[str, str]) -> list[str]:
    return missing_contact_fields(SALES, values)
