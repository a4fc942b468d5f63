"""Opening the store a second time in a process must not break the connections already open.

POSIX drops every lock a process holds on a file when any descriptor of it is closed; a connection that
lost its WAL locks kept reading an old snapshot (seen: `clearcall campaign run` never saw a resume).
"""

from __future__ import annotations

import subprocess
import sys

from bot.store.database import open_database

WRITER = """
import sys
from bot.store.database import open_database
db = open_database(__import__("pathlib").Path(sys.argv[1]))
db.execute("update flag set value = ?", [sys.argv[2]])
db.conn.commit()
db.close()
"""


def test_a_second_open_in_the_process_keeps_the_first_connection_current(tmp_path):
    path = tmp_path / "clearcall.db"
    first = open_database(path)
    first.execute("create table flag (value text)")
    first.execute("insert into flag values ('start')")
    first.conn.commit()
    second = open_database(path)  # e.g. the campaign runner's second store
    for value in ("paused", "active", "stopped"):
        subprocess.run([sys.executable, "-c", WRITER, str(path), value], check=True)
        assert first.execute("select value from flag").fetchone()[0] == value
        assert second.execute("select value from flag").fetchone()[0] == value
    first.close()
    second.close()
