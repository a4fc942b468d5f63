"""Claims: durable before the originate, never shared between claimers, left open by a crash."""

from __future__ import annotations

import multiprocessing
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app.campaigns import async_campaign_store
from bot.campaign import AttemptOutcome, AttemptResult, AttemptState, CampaignLimits, ContactState
from bot.store.campaign_store import CampaignError, CampaignStore
from tests.unit.campaign_helpers import DC, NOON_NY, add_contacts, new_campaign, open_store

LIMITS = CampaignLimits(max_attempts=3, retry_spacing=timedelta(hours=1))
MANY = [f"+1202555{n:04d}" for n in range(100, 160)]  # 60 DC numbers


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "cc.db"


@pytest.fixture
def store(path: Path) -> CampaignStore:
    store = open_store(path)
    new_campaign(store, limits=LIMITS)
    return store


def _claimer(path: str) -> list[int]:
    """One process claiming one contact at a time until none is left (as a runner would)."""
    store = open_store(Path(path))
    got: list[int] = []
    while claims := store.claim_next("spring", NOON_NY, 1):
        got += [c.contact_id for c in claims]
    store.db.close()
    return got


def test_concurrent_claimers_never_get_the_same_contact(store, path):
    add_contacts(store, "spring", *MANY)
    with multiprocessing.get_context("fork").Pool(3) as pool:
        results = pool.map(_claimer, [str(path)] * 3)
    every = [cid for got in results for cid in got]
    assert len(every) == len(MANY) == len(set(every))
    rows = store.db.execute("select count(*), count(distinct contact_id) from campaign_attempts").fetchone()
    assert rows == (len(MANY), len(MANY))


_CRASH = """
import os, signal, sys
from pathlib import Path
from tests.unit.campaign_helpers import NOON_NY, open_store
store = open_store(Path(sys.argv[1]))
claims = store.claim_next("spring", NOON_NY, 2)
store.mark_originated(claims[0].attempt_id, NOON_NY)
print(" ".join(c.originate_id for c in claims), flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # between the originate and its result
"""


def test_a_crash_between_claim_and_finish_leaves_open_claims(store, path):
    add_contacts(store, "spring", DC, "+12025550102", "+12025550103")
    done = subprocess.run(
        [sys.executable, "-c", _CRASH, str(path)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    ids = done.stdout.split()
    assert len(ids) == 2
    reopened = open_store(path)
    open_claims = reopened.open_claims("spring")
    assert [c.originate_id for c in open_claims] == ids
    assert [c.state for c in open_claims] == [AttemptState.ORIGINATED, AttemptState.CLAIMED]
    # the open claims are never handed out again; only the third contact is
    assert [c.number for c in reopened.claim_next("spring", NOON_NY, 5)] == ["+12025550103"]
    # reconciliation: one found in Asterisk's records, one unknown
    first, second = open_claims
    reopened.resolve_claim(first.attempt_id, AttemptOutcome(AttemptResult.NO_ANSWER, cause="19"), NOON_NY)
    reopened.resolve_claim(second.attempt_id, None, NOON_NY)
    assert [c.number for c in reopened.open_claims("spring")] == ["+12025550103"]  # claimed above
    results = dict(reopened.db.execute("select originate_id, result from campaign_attempts").fetchall())
    assert results[ids[0]] == "no_answer" and results[ids[1]] == "unknown"
    # unknown counts as an attempt and is retried only after the spacing
    assert reopened.claim_next("spring", NOON_NY + timedelta(minutes=30), 5) == []
    again = reopened.claim_next("spring", NOON_NY + timedelta(hours=1), 5)
    assert sorted((c.number, c.attempt_no) for c in again) == [(DC, 2), ("+12025550102", 2)]


def test_finish_is_idempotent_and_refuses_a_different_result(store):
    add_contacts(store, "spring", DC)
    (claim,) = store.claim_next("spring", NOON_NY, 1)
    assert claim.originate_id.startswith("cc-") and claim.attempt_no == 1
    outcome = AttemptOutcome(AttemptResult.ANSWERED, call_id="call-1", disposition="interested")
    store.finish_attempt(claim.attempt_id, outcome, NOON_NY)
    store.finish_attempt(claim.attempt_id, outcome, NOON_NY)
    with pytest.raises(CampaignError, match="already finished as answered"):
        store.finish_attempt(claim.attempt_id, AttemptOutcome(AttemptResult.BUSY), NOON_NY)
    with pytest.raises(CampaignError, match="is not open"):
        store.resolve_claim(claim.attempt_id, None, NOON_NY)
    assert store.contacts("spring")[0].state is ContactState.DONE


def test_an_opt_out_blocks_the_contact_even_on_a_retryable_result(store):
    add_contacts(store, "spring", DC)
    (claim,) = store.claim_next("spring", NOON_NY, 1)
    store.finish_attempt(claim.attempt_id, AttemptOutcome(AttemptResult.ABANDONED, opted_out=True), NOON_NY)
    contact = store.contacts("spring")[0]
    assert (contact.state, contact.reason) == (ContactState.BLOCKED, "opted out")


async def test_the_async_store_runs_the_same_store_on_its_own_thread(store, path):
    add_contacts(store, "spring", DC)
    runner = async_campaign_store(path)
    await runner.open()
    try:
        (claim,) = await runner.claim_next("spring", NOON_NY, 3)
        await runner.mark_originated(claim.attempt_id, NOON_NY)
        assert [c.attempt_id for c in await runner.open_claims("spring")] == [claim.attempt_id]
        await runner.finish_attempt(claim.attempt_id, AttemptOutcome(AttemptResult.MACHINE), NOON_NY)
        counts = await runner.outcome_counts("spring", NOON_NY - timedelta(days=30), NOON_NY + timedelta(1))
        assert counts[AttemptResult.MACHINE] == 1 and counts.live == 0
        assert await runner.remaining("spring") == 0
        assert (await runner.campaign("spring")).limits == LIMITS
    finally:
        await runner.close()


def test_erasure_deletes_the_contact_and_keeps_an_anonymous_attempt(store):
    from bot.store.erasure import erase_person

    add_contacts(store, "spring", DC, "+12025550102")
    for claim in store.claim_next("spring", NOON_NY, 5):
        store.finish_attempt(claim.attempt_id, AttemptOutcome(AttemptResult.ABANDONED, call_id="c1"), NOON_NY)
    report = erase_person(store.db, DC, actor="test")
    assert report.deleted["campaign_contacts"] == 1
    assert [c.number for c in store.contacts("spring")] == ["+12025550102"]
    rows = store.db.execute(
        "select number, call_id, contact_id, result from campaign_attempts order by id"
    ).fetchall()
    assert rows[0] == ("", "", None, "abandoned") and rows[1][0] == "+12025550102"
    assert store.outcome_counts("spring")[AttemptResult.ABANDONED] == 2  # still in the abandonment figures


def test_the_async_store_has_every_method_of_the_port_with_its_signature():
    import inspect

    from bot.campaign.ports import CampaignStorePort
    from bot.store.campaign_async import AsyncCampaignStore

    wanted = {n: f for n, f in vars(CampaignStorePort).items() if inspect.iscoroutinefunction(f)}
    assert len(wanted) == 10
    for name, method in wanted.items():
        have = getattr(AsyncCampaignStore, name)
        assert inspect.iscoroutinefunction(have), name
        assert inspect.signature(have) == inspect.signature(method), name
