"""The campaign tables, registered in bot/store/database.py with the rest of the schema."""

from __future__ import annotations

from typing import Any

CAMPAIGN_TABLES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "campaigns": (
        dict.fromkeys("name flow flow_path status created_at updated_at".split(), str)
        | {"retention": str}  # JSON {kind: days}: the campaign's own, shorter than its flow's (or null)
        | {"max_attempts": int, "retry_spacing_s": int}
        | dict.fromkeys("abandon_limit abandon_target max_dial_level".split(), float),
        {"pk": "name", "not_null": {"flow", "status"}},
    ),
    "campaign_contacts": (
        {"id": int}
        | dict.fromkeys("campaign number fields zone state reason next_try_at created_at".split(), str),
        {"pk": "id", "foreign_keys": [("campaign", "campaigns", "name")], "not_null": {"campaign", "number"}},
    ),
    "campaign_attempts": (
        {"id": int, "contact_id": int, "attempt_no": int, "opted_out": int, "transferred": int}
        | dict.fromkeys("campaign number originate_id state result cause amd_status amd_cause".split(), str)
        | dict.fromkeys(
            "call_id disposition zone claimed_at originated_at answered_at ended_at".split(), str
        ),
        {
            "pk": "id",
            "foreign_keys": [("campaign", "campaigns", "name"), ("contact_id", "campaign_contacts", "id")],
            "not_null": {"campaign", "originate_id", "state"},  # contact_id: None once erased
        },
    ),
}

# (table, columns, unique)
CAMPAIGN_INDEXES: list[tuple[str, list[str], bool]] = [
    ("campaign_contacts", ["campaign", "number"], True),
    ("campaign_contacts", ["campaign", "state", "next_try_at"], False),
    ("campaign_attempts", ["originate_id"], True),
    ("campaign_attempts", ["contact_id"], False),
    ("campaign_attempts", ["campaign", "ended_at"], False),
]
