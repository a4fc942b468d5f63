"""`clearcall campaign ...` end to end on a real SQLite file: create, import, pause/resume/stop, report."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.campaign import AttemptOutcome, AttemptResult, CampaignStatus
from bot.cli.main import main
from bot.store.compliance_tables import suppress_add
from tests.unit.campaign_helpers import FLOWS, open_store

A = AttemptResult
CONSENT = "web form,form #7,2024-05-01T10:00:00Z"
ROWS = [
    ("+12025550101", A.ANSWERED),
    ("+12025550102", A.ANSWERED),
    ("+12025550103", A.MACHINE),
    ("+13125550104", A.ABANDONED),  # Chicago: an hour earlier locally
    ("+12025550105", A.BUSY),
    ("+12025550106", None),  # suppressed before it is dialled
]


def cli(home: Path, *args: str, capsys) -> tuple[int, str, str]:
    code = main(["--home", str(home), "campaign", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def home(tmp_path: Path, capsys) -> Path:
    lines = "".join(f"{n},P{i},,,{CONSENT}\n" for i, (n, _) in enumerate(ROWS))
    (tmp_path / "list.csv").write_text(
        "number,first_name,product,timezone,consent_source,consent_evidence,consent_at\n" + lines
    )
    flow = FLOWS / "sales_followup_en.yaml"
    code, out, err = cli(
        tmp_path,
        "create",
        "spring",
        "--flow",
        str(flow),
        "--contacts",
        str(tmp_path / "list.csv"),
        capsys=capsys,
    )
    assert code == 0, err
    assert "created campaign spring (flow sales_followup_en, active)" in out and "6 added" in out
    return tmp_path


def dial_everyone(home: Path) -> None:
    """What a runner would record: one attempt each, an hour ago, with their results."""
    store = open_store(home / ".local" / "clearcall.db")
    suppress_add(store.db, ROWS[-1][0], scope="global", source="operator", actor="test")
    now = datetime.now(UTC)
    monday_noon_ny = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
    claims = {c.number: c for c in store.claim_next("spring", monday_noon_ny, 10)}
    assert set(claims) == {n for n, r in ROWS if r is not None}
    store.db["calls"].insert({"id": "call-2", "disposition": "not_interested", "opted_out": 1})
    for number, result in ROWS[:-1]:
        extra = {}
        if number == "+12025550101":
            extra = {"call_id": "call-1", "disposition": "interested", "transferred": True}
        if number == "+12025550102":
            extra = {"call_id": "call-2"}  # disposition and opt-out from the bot's call record
        outcome = AttemptOutcome(result, ended_at=now - timedelta(hours=1), **extra)
        store.finish_attempt(claims[number].attempt_id, outcome, now)
    store.db.close()


def test_report_table_and_csv(home, capsys):
    dial_everyone(home)
    code, table, _ = cli(home, "report", "spring", capsys=capsys)
    assert code == 0
    code, text, _ = cli(home, "report", "spring", "--csv", capsys=capsys)
    assert code == 0
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["section", "item", "value"]
    got = {(s, i): v for s, i, v in rows[1:]}
    assert got[("contacts", "done")] == "3"  # two answered, one machine
    assert got[("contacts", "pending")] == "2"  # busy and abandoned wait to be retried
    assert got[("contacts", "blocked")] == "1"
    assert got[("not dialled", "suppressed")] == "1"
    assert got[("attempts", "total")] == "5" and got[("attempts", "open claims")] == "0"
    assert (got[("results", "answered")], got[("results", "machine")]) == ("2", "1")
    assert (got[("results", "abandoned")], got[("results", "busy")]) == ("1", "1")
    assert got[("dispositions", "interested")] == "1" and got[("dispositions", "not_interested")] == "1"
    assert got[("answered", "opted out")] == "1" and got[("answered", "transferred")] == "1"
    assert got[("abandonment", "30 days")] == "33.33 % (1 of 3 live calls)"
    assert got[("abandonment", "24 hours")] == "33.33 % (1 of 3 live calls)"
    assert (
        got[("answer rate by local hour", "12:00")] == "50 % (2 of 4)"
    )  # New York: 2 answered, machine, busy
    assert got[("answer rate by local hour", "11:00")] == "100 % (1 of 1)"  # Chicago: abandoned is live
    # the table prints the same figures
    for (section, item), value in got.items():
        assert any(section in line and item in line and value in line for line in table.splitlines()), (
            section,
            item,
        )


def test_pause_resume_stop_list(home, capsys):
    assert cli(home, "pause", "spring", capsys=capsys)[1].strip() == "campaign spring: active -> paused"
    store = open_store(home / ".local" / "clearcall.db")
    assert store.status("spring") is CampaignStatus.PAUSED
    assert cli(home, "resume", "spring", capsys=capsys)[1].strip() == "campaign spring: paused -> active"
    assert cli(home, "stop", "spring", capsys=capsys)[0] == 0
    code, _, err = cli(home, "resume", "spring", capsys=capsys)
    assert code == 2 and "stopped for good" in err
    code, out, _ = cli(home, "list", capsys=capsys)
    assert out.splitlines()[1].split() == ["spring", "sales_followup_en", "stopped", "6", "6", "0"]
    actions = [r[0] for r in store.db.execute("select action from audit order by id").fetchall()]
    assert actions[-3:] == ["campaign.paused", "campaign.active", "campaign.stopped"]


def test_a_bad_list_creates_no_campaign(tmp_path, capsys):
    (tmp_path / "bad.csv").write_text("number,first_name\n+12025550101,Ann\nnot a number,Bob\n")
    flow = FLOWS / "sales_followup_en.yaml"
    code, _, err = cli(
        tmp_path, "create", "x", "--flow", str(flow), "--contacts", str(tmp_path / "bad.csv"), capsys=capsys
    )
    assert code == 2
    assert f"{tmp_path / 'bad.csv'}:2: +1202*****01: no consent on record" in err
    assert f"{tmp_path / 'bad.csv'}:3: 'not a number' is not a phone number" in err
    assert cli(tmp_path, "list", capsys=capsys)[2].strip() == "no campaigns (clearcall campaign create)"


def test_unknown_campaign_and_flow(tmp_path, capsys):
    code, _, err = cli(tmp_path, "report", "nope", capsys=capsys)
    assert code == 2 and "no campaign 'nope'" in err
    (tmp_path / "l.csv").write_text("number\n+12025550101\n")
    code, _, err = cli(
        tmp_path, "create", "x", "--flow", "nope", "--contacts", str(tmp_path / "l.csv"), capsys=capsys
    )
    assert code == 2 and "flow 'nope': no such file" in err


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--abandon-limit", "5"], "--abandon-limit <= 3"),
        (["--abandon-target", "2", "--abandon-limit", "1"], "--abandon-target <= --abandon-limit"),
        (["--max-dial-level", "0.5"], "at least 1.0"),
    ],
)
def test_limits_outside_the_rules_are_refused(tmp_path, capsys, flags, message):
    (tmp_path / "l.csv").write_text(
        f"number,consent_source,consent_evidence,consent_at\n+12025550101,{CONSENT}\n"
    )
    flow = str(FLOWS / "sales_followup_en.yaml")
    code, _, err = cli(
        tmp_path, "create", "x", "--flow", flow, "--contacts", str(tmp_path / "l.csv"), *flags, capsys=capsys
    )
    assert code == 2 and message in err
    assert cli(tmp_path, "list", capsys=capsys)[2].strip() == "no campaigns (clearcall campaign create)"
