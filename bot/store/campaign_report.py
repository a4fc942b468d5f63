"""What `clearcall campaign report` shows, read from the campaign tables (and the calls they led to).

A finished attempt's disposition, opt-out and transfer come from the runner's record of it, else from the
bot's call record (``calls``, joined on the call id). The callee's local hour is taken in the row's
zone, else the number's first zone (for a number spanning zones it is a best guess), else UTC.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core import numbers
from bot.core.campaign_records import UNCOUNTED_RESULTS, AttemptResult, AttemptState, Campaign, OutcomeCounts
from bot.store.campaign_store import CampaignStore

_LIVE = {AttemptResult.ANSWERED.value, AttemptResult.ABANDONED.value}


@dataclass(frozen=True)
class CampaignReportData:
    campaign: Campaign
    contacts_by_state: dict[str, int]
    reasons: dict[str, int]  # why contacts are blocked or exhausted
    attempts: int  # counted attempts (REFUSED excluded), open claims included
    open_claims: int
    by_result: OutcomeCounts  # every finished attempt
    dispositions: dict[str, int]
    opted_out: int
    transferred: int
    last_30d: OutcomeCounts
    last_24h: OutcomeCounts
    by_local_hour: dict[
        int, tuple[int, int]
    ]  # callee's local hour -> (counted attempts, answered by a person)


def campaign_report(store: CampaignStore, name: str, now: datetime) -> CampaignReportData:
    camp = store.campaign(name)
    db = store.db
    states = dict(
        db.execute(
            "select state, count(*) from campaign_contacts where campaign = ? group by state", [name]
        ).fetchall()
    )
    reasons = dict(
        db.execute(
            "select reason, count(*) from campaign_contacts where campaign = ? and state in "
            "('blocked', 'exhausted') group by reason order by count(*) desc, reason",
            [name],
        ).fetchall()
    )
    rows = db.execute(
        "select a.state, a.result, a.number, a.zone, a.claimed_at, "
        "coalesce(nullif(a.disposition, ''), c.disposition, ''), max(a.opted_out, coalesce(c.opted_out, 0)), "
        "a.transferred or coalesce(c.hangup_cause, '') = 'transferred' "
        "from campaign_attempts a left join calls c on c.id = nullif(a.call_id, '') where a.campaign = ?",
        [name],
    ).fetchall()
    uncounted = {r.value for r in UNCOUNTED_RESULTS}
    dispositions: Counter[str] = Counter()
    hours: dict[int, list[int]] = {}
    attempts = open_claims = opted = transferred = 0
    for state, result, number, zone, claimed_at, disposition, opted_out, was_transferred in rows:
        if state != AttemptState.FINISHED.value:
            open_claims += 1
        if result in uncounted:
            continue
        attempts += 1
        if disposition:
            dispositions[disposition] += 1
        opted += bool(opted_out)
        transferred += bool(was_transferred)
        hour = _local_hour(number, zone, datetime.fromisoformat(claimed_at))
        tally = hours.setdefault(hour, [0, 0])
        tally[0] += 1
        tally[1] += result in _LIVE
    return CampaignReportData(
        campaign=camp,
        contacts_by_state=states,
        reasons=reasons,
        attempts=attempts,
        open_claims=open_claims,
        by_result=store.outcome_counts(name),
        dispositions=dict(dispositions.most_common()),
        opted_out=opted,
        transferred=transferred,
        last_30d=store.outcome_counts(name, now - timedelta(days=30), now),
        last_24h=store.outcome_counts(name, now - timedelta(hours=24), now),
        by_local_hour={h: (a, b) for h, (a, b) in sorted(hours.items())},
    )


def _local_hour(number: str, zone: str | None, when: datetime) -> int:
    name = zone or next(iter(numbers.time_zones(number)), "UTC")
    try:
        return when.astimezone(ZoneInfo(name)).hour
    except (ZoneInfoNotFoundError, ValueError):
        return when.astimezone(UTC).hour
