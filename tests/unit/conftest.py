"""Fixtures for the compliance-store tests: a real SQLite file with Clearcall's tables."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from bot.store import compliance_tables as ct


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    database = sqlite_utils.Database(tmp_path / "cc.db")
    database.execute("PRAGMA foreign_keys=ON")
    ct.ensure_tables(database)
    yield database
    database.close()
