"""Wall-clock timestamps as stored in the database and sent to webhooks: UTC ISO 8601, milliseconds."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")
