"""Fixtures for the compliance-store tests: a real SQLite file with Clearcall's tables."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from bot.store import database


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    conn = sqlite_utils.Database(tmp_path / "cc.db")
    conn.execute("PRAGMA foreign_keys=ON")
    database.ensure_tables(conn)
    yield conn
    conn.close()
