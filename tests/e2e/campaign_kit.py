"""Helpers of the campaign end-to-end tests: contacts on the sandbox trunk, Asterisk's own view of what was
dialled, the campaign process, and numbers whose calling window is open (or shut) right now."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.app.campaigns import campaign_store
from bot.app.settings import Settings
from bot.asterisk.ari import AriClient
from bot.campaign import CampaignLimits
from bot.flow.contact import missing_contact_fields
from bot.flow.loader import load_flow
from bot.store.contact_csv import import_contacts_csv
from bot.store.database import open_database
from tests.e2e.sipcall import PROJECT

# Contacts' number prefixes (country and area; the contact's kind and index follow: bench/campaign/uas.py).
# The tests' own calling hours (CLEARCALL_CALLING_WINDOWS, for the bot and the campaign process) keep Korea
# open and Japan shut at every hour, so the tests do not depend on when they run.
OPEN_PREFIX, SHUT_PREFIX = "+82105550", "+8135555"
TRUNK = "campaign-contacts"
ALL_DAY = "'00:00-24:00'"
CALLING_WINDOWS = (
    f"KR: {{weekdays: {ALL_DAY}, saturday: {ALL_DAY}, sunday: {ALL_DAY}}}\n"
    "JP: {weekdays: null, saturday: null, sunday: null}\n"
)


@dataclass
class Dialled:
    """Asterisk's Dial events of the outbound gate (its Dial on the trunk), as the tests' own ARI app sees
    them: which numbers were dialled, when, and how each dial ended."""

    starts: list[tuple[str, float]] = field(default_factory=list)  # (number, loop time)
    ends: list[tuple[str, str]] = field(default_factory=list)  # (number, DIALSTATUS)
    _peers: dict[str, str] = field(default_factory=dict)  # called channel -> number

    def on_event(self, event: dict) -> None:
        if event.get("type") != "Dial" or not (event.get("caller") or {}).get("id", "").endswith("-dial"):
            return
        peer = str((event.get("peer") or {}).get("id", ""))
        status = str(event.get("dialstatus") or "")
        if status == "":  # the dial starts; only this event carries the dial string
            number = str(event.get("dialstring", "")).split("@")[0]
            self._peers[peer] = number
            self.starts.append((number, asyncio.get_running_loop().time()))
        elif status != "RINGING":
            self.ends.append((self._peers.get(peer, "?"), status))

    def count(self, number: str) -> int:
        return sum(1 for n, _ in self.starts if n == number)


@contextlib.asynccontextmanager
async def asterisk_dials(settings: Settings) -> AsyncIterator[Dialled]:
    """Record the gate's dials and route the gate to the contacts' trunk for the duration of the block."""
    seen = Dialled()
    ari = AriClient(settings.ari_url, settings.ari_user, settings.ari_password, "clearcall-test-dials",
                    subscribe_all=True)  # fmt: skip
    ari.add_listener(seen.on_event)
    events = asyncio.create_task(ari.run_events())
    await asyncio.wait_for(ari.connected.wait(), 10)
    await ari.request("POST", "asterisk/variable", params={"variable": "CLEARCALL_TRUNK", "value": TRUNK})
    try:
        yield seen
    finally:
        await ari.request(
            "POST", "asterisk/variable", params={"variable": "CLEARCALL_TRUNK", "value": "clearcall-phone"}
        )
        events.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await events
        await ari.aclose()


def create_campaign(
    settings: Settings,
    name: str,
    rows: list[Mapping[str, str]],
    limits: CampaignLimits,
    flow: str = "survey_ko",
) -> Path:
    """A campaign of `flow` with these contact rows, through the real CSV import; returns the CSV."""
    flow_path = settings.flows_dir / f"{flow}.yaml"
    loaded = load_flow(flow_path)
    columns = ["number", "consent_source", "consent_evidence", "consent_at"]
    csv = settings.local_dir / f"{name}.csv"
    lines = [",".join(columns)] + [",".join(row.get(c, "") for c in columns) for row in rows]
    csv.write_text("\n".join(lines) + "\n")
    db = open_database(settings.db_path)
    try:
        store = campaign_store(db)
        store.create(name, flow=loaded.name, flow_path=str(flow_path), limits=limits, actor="test")
        import_contacts_csv(
            store,
            name,
            str(csv),
            fields=list(loaded.contact.fields),
            missing=lambda values: missing_contact_fields(loaded, values),
            default_region=settings.default_region,
            actor="test",
        )
    finally:
        db.close()
    return csv


def consented(number: str) -> dict[str, str]:
    return {
        "number": number,
        "consent_source": "web form",
        "consent_evidence": "e2e",
        "consent_at": "2026-01-05T10:00:00Z",
    }


async def start_campaign(settings: Settings, name: str, **env: str) -> asyncio.subprocess.Process:
    """`clearcall campaign run NAME` as its own process, on the test's data folder."""
    environ = (
        os.environ | {"CLEARCALL_DATA_DIR": str(settings.local_dir), "CLEARCALL_RING_SECONDS": "4"} | env
    )
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "--home", str(PROJECT), "campaign", "run", name, "--poll", "0.3",
        "--idle-exit", "8",
        env=environ, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip


async def finish(proc: asyncio.subprocess.Process, timeout: float = 120.0) -> str:
    """The process's output once it exits; after `timeout` it is stopped (SIGTERM, then SIGKILL) and the
    test fails with what it printed."""
    assert proc.stdout is not None
    chunks: list[bytes] = []

    async def read() -> None:
        while chunk := await proc.stdout.read(65536):  # type: ignore[union-attr]
            chunks.append(chunk)

    reader = asyncio.create_task(read())
    try:
        await asyncio.wait_for(proc.wait(), timeout)
    except TimeoutError:
        proc.terminate()
        try:
            await asyncio.wait_for(proc.wait(), 15)
        except TimeoutError:
            proc.kill()
            await proc.wait()
        await reader
        text = b"".join(chunks).decode(errors="replace")
        raise AssertionError(f"the campaign did not end within {timeout:.0f} s:\n{text[-5000:]}") from None
    await reader
    return b"".join(chunks).decode(errors="replace")


def attempts(settings: Settings, name: str) -> list[dict]:
    db = open_database(settings.db_path)
    try:
        return list(db.query("select * from campaign_attempts where campaign = ? order by id", [name]))
    finally:
        db.close()


def contacts(settings: Settings, name: str) -> dict[str, dict]:
    db = open_database(settings.db_path)
    try:
        return {
            r["number"]: r for r in db.query("select * from campaign_contacts where campaign = ?", [name])
        }
    finally:
        db.close()
