"""How long claim_next and finish_attempt hold the database's write lock, on a real SQLite file.

    .venv/bin/python -m bench.campaign_claims [--contacts 3000] [--batch 5]

claim_next judges candidates inside one BEGIN IMMEDIATE transaction, and the bot's opt-out commit waits
for that lock, so its duration matters. The list: US numbers over four area codes (one spanning two
zones), consent in the rows, 5 % suppressed after import; it is claimed --batch at a time until none is
left, and each claim is finished with a realistic result mix (60 % answered, 15 % machine, 15 % no answer,
10 % busy). Prints median and p95 of each call (wall clock, includes the fsync of synchronous=FULL), and
checks that no contact was claimed twice and no suppressed one at all. Every call is counted.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app.campaigns import campaign_store
from bot.campaign import AttemptOutcome, AttemptResult, CampaignLimits, ConsentEvidence, ContactRow
from bot.store.compliance_tables import suppress_add
from bot.store.database import open_database

AREAS = ["202", "312", "213", "208"]  # New York, Chicago, Los Angeles, Idaho (Boise + Los Angeles)
NOW = datetime(2026, 11, 23, 19, 0, tzinfo=UTC)  # a Monday: 14:00 New York, 11:00 Los Angeles
MIX = [AttemptResult.ANSWERED] * 12 + [AttemptResult.MACHINE] * 3 + [AttemptResult.NO_ANSWER] * 3
MIX += [AttemptResult.BUSY] * 2


def line(label: str, values_ms: list[float]) -> str:
    if len(values_ms) < 2:
        return f"{label:<34} n={len(values_ms)} (too few to rank)"
    p95 = statistics.quantiles(values_ms, n=20, method="inclusive")[18]
    p50 = statistics.median(values_ms)
    top = max(values_ms)
    return f"{label:<34} n={len(values_ms):<5} p50={p50:7.2f} ms  p95={p95:7.2f} ms  max={top:7.2f} ms"


def main(contacts: int, batch: int) -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        store = campaign_store(open_database(Path(folder) / "bench.db"))
        store.create("bench", flow="sales_followup_en", flow_path="", limits=CampaignLimits(), actor="bench")
        evidence = ConsentEvidence("web form", "bench", "2024-05-01T10:00:00.000+00:00")
        numbers = [f"+1{AREAS[i % 4]}555{1000 + i // 4:04d}" for i in range(contacts)]
        rows = [ContactRow(i + 2, n, {"first_name": "Ann"}, None, evidence) for i, n in enumerate(numbers)]
        store.import_contacts("bench", rows, path="bench.csv", digest="-", actor="bench")
        suppressed = set(rng.sample(numbers, contacts // 20))
        for number in suppressed:
            suppress_add(store.db, number, scope="global", source="operator", actor="bench")
        claim_ms: list[float] = []
        finish_ms: list[float] = []
        seen: list[str] = []
        while True:
            started = time.perf_counter()
            claims = store.claim_next("bench", NOW, batch)
            claim_ms.append((time.perf_counter() - started) * 1000)
            if not claims:
                break
            for claim in claims:
                seen.append(claim.number)
                started = time.perf_counter()
                outcome = AttemptOutcome(rng.choice(MIX), ended_at=NOW + timedelta(seconds=30))
                store.finish_attempt(claim.attempt_id, outcome, NOW)
                finish_ms.append((time.perf_counter() - started) * 1000)
        store.db.close()
    print(f"contacts {contacts}, suppressed {len(suppressed)}, batch {batch}, claimed {len(seen)}")
    print(line(f"claim_next(n={batch}) incl. the last, empty", claim_ms))
    print(line("finish_attempt", finish_ms))
    twice = len(seen) - len(set(seen))
    print(f"claimed twice: {twice}; suppressed claimed: {len(suppressed & set(seen))}")
    if twice or suppressed & set(seen) or len(seen) != contacts - len(suppressed):
        raise SystemExit("FAILED: a contact was claimed twice, a suppressed one was claimed, or one was lost")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contacts", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=5)
    args = parser.parse_args()
    main(args.contacts, args.batch)
