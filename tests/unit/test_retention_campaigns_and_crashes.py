"""Retention beyond `clearcall purge` itself, on a real SQLite file and real recording files: a campaign's
own retention (it may only shorten its flow's), the bot's purge schedule (a failure is logged and tried
again), and recordings a crashed run left open (marked truncated; the intact part still plays)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import uuid

import pytest

from bot.app.campaigns import campaign_store
from bot.app.scheduled_purge import purge_on_schedule
from bot.app.settings import Settings
from bot.campaign import CampaignLimits
from bot.core.errors import ClearcallError, ConfigError
from bot.store.database import open_database
from bot.store.recordings import RecordingService, mark_truncated
from bot.store.retention import parse_retention
from bot.store.sqlite_store import SqliteStore
from tests.unit import test_recordings_cli
from tests.unit.test_recordings_cli import NOW, RATE, _cli, _frames, _setup, _wav

project = test_recordings_cli.home  # the project folder: flows with a short retention, .local/

CONSENT = "consent_source,consent_evidence,consent_at\n"


def _contacts(project, name: str) -> str:
    path = project / f"{name}.csv"
    path.write_text("number," + CONSENT + "+12025550101,web form,form 1,2024-05-01T10:00:00+00:00\n")
    return str(path)


def _placed_by(project, campaign: str, *call_ids: str) -> None:
    db = open_database(project / ".local" / "clearcall.db")
    for call_id in call_ids:
        db["campaign_attempts"].insert(
            {"campaign": campaign, "originate_id": uuid.uuid4().hex, "state": "ended", "call_id": call_id}
        )
    db.close()


def _left(project) -> dict[str, set[str]]:
    db = open_database(project / ".local" / "clearcall.db")
    try:
        return {
            "calls": {r[0] for r in db.execute("select id from calls")},
            "turns": {r[0] for r in db.execute("select distinct call_id from turns")},
            "recordings": {r[0] for r in db.execute("select call_id from recordings")},
        }
    finally:
        db.close()


async def test_a_campaigns_retention_shortens_its_flows_for_the_calls_it_placed(project, capsys):
    # survey_ko keeps recordings 10 days, transcripts 20, calls 30; opening_only the defaults (90/365/1825)
    assert _cli(project, "campaign", "create", "short", "--flow", "survey_ko", "--contacts",
                _contacts(project, "short"), "--retention", "recordings=5,calls=12") == 0  # fmt: skip
    assert _cli(project, "campaign", "create", "notes", "--flow", "opening_only", "--contacts",
                _contacts(project, "notes"), "--retention", "transcripts=30") == 0  # fmt: skip
    assert _cli(project, "campaign", "create", "plain", "--flow", "survey_ko", "--contacts",
                _contacts(project, "plain")) == 0  # fmt: skip
    # Stored longer than its flow's (the flow was shortened after): the flow's shorter value still wins.
    db = open_database(project / ".local" / "clearcall.db")
    campaign_store(db).create("lax", flow="survey_ko", flow_path="-", limits=CampaignLimits(), actor="test",
                             retention={"recordings": 50})  # fmt: skip
    [(stored,)] = db.execute("select retention from campaigns where name = 'short'").fetchall()
    db.close()
    assert json.loads(stored) == {"recordings": 5, "calls": 12}
    await _setup(project, {
        "short_6d": {"age_days": 6},  # campaign recordings 5 < 6: recording goes; flow's 10 would keep it
        "short_13d": {"age_days": 13},  # campaign calls 12 < 13: the whole call goes
        "flow_6d": {"age_days": 6},  # no campaign: the flow's 10 days keep the recording
        "plain_6d": {"age_days": 6},  # a campaign without retention of its own: the flow's
        "notes_40d": {"flow": "opening_only", "age_days": 40},  # campaign transcripts 30: turns go
        "inbound_40d": {"flow": "opening_only", "age_days": 40},  # defaults: all kept
        "lax_15d": {"age_days": 15},  # campaign says 50, flow says 10: the recording goes
    })  # fmt: skip
    _placed_by(project, "short", "short_6d", "short_13d")
    _placed_by(project, "notes", "notes_40d")
    _placed_by(project, "plain", "plain_6d")
    _placed_by(project, "lax", "lax_15d")
    capsys.readouterr()
    assert _cli(project, "purge", "--now", NOW.isoformat()) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["deleted"]["calls"] == 1 and report["files_deleted"] == 3, report
    left = _left(project)
    assert left["calls"] == {"short_6d", "flow_6d", "plain_6d", "notes_40d", "inbound_40d", "lax_15d"}
    assert left["recordings"] == {"flow_6d", "plain_6d", "notes_40d", "inbound_40d"}
    assert left["turns"] == {"short_6d", "flow_6d", "plain_6d", "inbound_40d", "lax_15d"}
    assert len(list((project / ".local" / "recordings").iterdir())) == 4


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("recordings=11", "--retention recordings=11: longer than flow survey_ko's 10 days"),
        ("recordings=30d", "--retention recordings='30d': expected whole days"),
        ("recording=3", "--retention 'recording=3': expected KIND=DAYS with KIND one of recordings,"),
        ("calls=-1", "--retention calls='-1': expected whole days"),
        ("calls=3,calls=4", "--retention: calls is given twice"),
        (",", "--retention ',': give at least one of recordings, transcripts, calls"),
    ],
)
def test_a_bad_campaign_retention_is_refused_naming_the_field(project, capsys, value, message):
    args = ["campaign", "create", "c", "--flow", "survey_ko", "--contacts", _contacts(project, "c")]
    assert _cli(project, *args, "--retention", value) == 2
    assert message in capsys.readouterr().err
    db = open_database(project / ".local" / "clearcall.db")
    assert db.execute("select count(*) from campaigns").fetchone()[0] == 0  # nothing half-created
    db.close()


def test_parse_retention_reads_each_kind_in_days():
    assert parse_retention("recordings=30, transcripts=0") == {"recordings": 30, "transcripts": 0}
    with pytest.raises(ClearcallError, match="calls="):
        parse_retention("calls=1.5")


def test_purge_every_is_read_in_hours_and_refused_when_bad(tmp_path):
    assert Settings.load(tmp_path, env={}).purge_every_hours == 24
    assert Settings.load(tmp_path, env={"CLEARCALL_PURGE_EVERY": "0"}).purge_every_hours == 0
    assert Settings.load(tmp_path, env={"CLEARCALL_PURGE_EVERY": "0.5"}).purge_every_hours == 0.5
    for bad in ("daily", "-1", "nan", "inf"):
        with pytest.raises(ConfigError, match=f"CLEARCALL_PURGE_EVERY={bad!r}: expected hours"):
            Settings.load(tmp_path, env={"CLEARCALL_PURGE_EVERY": bad})


async def test_a_failed_scheduled_purge_is_logged_and_tried_again(project, caplog):
    """The schedule's first purge meets a broken flow (a guessed retention would delete wrongly): it
    deletes nothing and says why; once the flow is fixed the next turn purges, and the loop goes on."""
    await _setup(project, {"old": {"age_days": 40}, "new": {"age_days": 1}})
    flow = project / "flows" / "survey_ko.yaml"
    good = flow.read_text()
    flow.write_text(good.replace("start: ask_interest", "start: no_such_state"))
    settings = dataclasses.replace(Settings.load(project, env={}), purge_every_hours=0.3 / 3600)
    caplog.set_level(logging.INFO, logger="bot.app.scheduled_purge")
    task = asyncio.create_task(purge_on_schedule(settings, lambda: NOW))
    try:
        async with asyncio.timeout(10):
            while "purge: FAILED" not in caplog.text:
                await asyncio.sleep(0.05)
        assert "survey_ko.yaml" in caplog.text  # the reason names the file
        assert _left(project)["calls"] == {"old", "new"}
        flow.write_text(good)
        async with asyncio.timeout(10):
            while _left(project)["calls"] != {"new"}:
                await asyncio.sleep(0.05)
        assert not task.done()  # still scheduled
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    db = open_database(project / ".local" / "clearcall.db")
    actors = {r[0] for r in db.execute("select actor from audit where action = 'purge'")}
    db.close()
    assert actors == {"bot:purge"}


async def test_a_recording_left_open_by_a_crash_is_marked_truncated_and_its_intact_part_plays(
    project, tmp_path, capsys
):
    local = project / ".local"
    await _setup(project, {"done": {"age_days": 1}})
    store = SqliteStore(local / "clearcall.db")
    await store.open()
    service = RecordingService(store, local, local / "recording-keys.json")
    await store.call_started("cut", direction="inbound", flow="survey_ko", caller="+12025550123")
    recording = await service.start("cut", RATE)
    for c, b in zip(_frames(1, 2.5), _frames(2, 2.5), strict=True):  # two chunks sealed, half a third
        recording.caller_frame(c)
        recording.bot_frame(b)
    # The process dies here, once the sealer thread has written the sealed chunks: no final chunk, the row
    # still says recording.
    await recording._on_sealer(recording._writer.abandon)
    path = recording._writer.path
    intact = path.stat().st_size
    with path.open("ab") as f:  # and the third chunk was being written: its length, part of its body
        f.write((RATE * 4 + 16).to_bytes(4, "big") + bytes(100))
    marked = await store.run(lambda db: mark_truncated(db, local))
    again = await store.run(lambda db: mark_truncated(db, local))
    row = await store.run(lambda db: db["recordings"].get("cut"))
    done = await store.run(lambda db: db["recordings"].get("done"))
    await store.close()
    assert marked == [("cut", 2.0)] and again == []
    assert row["status"] == "truncated" and row["seconds"] == 2.0
    assert row["bytes"] == intact
    assert done["status"] == "complete"
    assert _cli(project, "calls", "show", "cut") == 0
    out = capsys.readouterr().out
    assert "recording: truncated, 2.0 s" in out and "--partial" in out
    wav = tmp_path / "cut.wav"
    assert _cli(project, "recording", "play", "cut", "--wav", str(wav)) == 2
    assert "truncated" in capsys.readouterr().err
    assert _cli(project, "recording", "play", "cut", "--partial", "--wav", str(wav)) == 0
    assert "wrote" in capsys.readouterr().out
    left, right = _wav(wav)
    assert left == b"".join(_frames(1, 2.5))[: 2 * RATE * 2] and len(right) == len(left)
