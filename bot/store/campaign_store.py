"""Campaigns, their contacts and every dial attempt, on the bot's SQLite file.

``CampaignStore`` is synchronous over one sqlite-utils Database (the CLI's, or the owner thread's of
``AsyncCampaignStore`` in bot/store/campaign_async.py, which the runner uses). The eligibility rules
are not here: the store gathers each contact's facts inside its transaction and asks the ``judge`` it
was built with (bot.campaign.eligibility.judge, wired by bot/app/campaigns.py): one dial policy.

Claims are durable before the originate: claim_next commits the attempt rows before it returns.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.core import numbers
from bot.core.campaign_records import (
    ABANDON_LOCKOUT,
    FINAL_RESULTS,
    UNCOUNTED_RESULTS,
    AttemptOutcome,
    AttemptResult,
    AttemptState,
    Campaign,
    CampaignLimits,
    CampaignStatus,
    Claim,
    Contact,
    ContactFacts,
    ContactImport,
    ContactRow,
    ContactState,
    Judge,
    OutcomeCounts,
)
from bot.core.errors import ClearcallError
from bot.store.compliance_tables import append_audit, has_consent, insert_consent, is_suppressed
from bot.store.database import Db, transaction

# An attempt counts against the limit unless nothing rang (the gate refused it); enum values, not input.
_COUNTED = "coalesce(result, '') not in ({})".format(", ".join(f"'{r.value}'" for r in UNCOUNTED_RESULTS))
_SCAN_MIN = 64  # candidates judged per claim_next at least (ineligible ones get a later next_try_at)


class CampaignError(ClearcallError):
    """A campaign operation was refused; the message names the campaign and what to change."""


def iso(when: datetime) -> str:
    """A datetime as stored: UTC ISO 8601 with milliseconds (sorts as text)."""
    if when.tzinfo is None:
        raise ValueError("campaign times must be timezone-aware")
    return when.astimezone(UTC).isoformat(timespec="milliseconds")


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def contact_zones(number: str, zone: str | None) -> tuple[str, ...]:
    """The zones a call to ``number`` may ring in: the row's zone when given, else the number's own."""
    return (zone,) if zone else numbers.time_zones(number)


class CampaignStore:
    """The campaign tables on ``db``; every change is one transaction."""

    def __init__(self, db: Db, judge: Judge) -> None:
        self.db = db
        self.judge = judge

    # ---- campaigns --------------------------------------------------------------------------------
    def create(
        self,
        name: str,
        *,
        flow: str,
        flow_path: str,
        limits: CampaignLimits,
        actor: str,
        retention: Mapping[str, int] | None = None,
    ) -> Campaign:
        """A new active campaign; CampaignError when the name is taken or empty. `retention`: the
        campaign's own days per kind (store/retention.py), checked by the caller against its flow's."""
        name = name.strip() if isinstance(name, str) else ""
        if not name or name == "global":
            raise CampaignError(f"campaign name {name!r} is not allowed: give a name such as spring-2027")
        now = iso(datetime.now(UTC))
        with transaction(self.db):
            if self.db.execute("select 1 from campaigns where name = ?", [name]).fetchone():
                raise CampaignError(f"campaign {name!r} already exists: use `clearcall campaign import`")
            self.db["campaigns"].insert(
                {
                    "name": name,
                    "flow": flow,
                    "flow_path": flow_path,
                    "status": CampaignStatus.ACTIVE.value,
                    "max_attempts": limits.max_attempts,
                    "retry_spacing_s": int(limits.retry_spacing.total_seconds()),
                    "abandon_limit": limits.abandon_limit,
                    "abandon_target": limits.abandon_target,
                    "max_dial_level": limits.max_dial_level,
                    "created_at": now,
                    "updated_at": now,
                    "retention": json.dumps(dict(retention)) if retention else None,
                }
            )
            details = {"flow": flow} | ({"retention": dict(retention)} if retention else {})
            append_audit(self.db, actor=actor, action="campaign.create", subject=f"campaign:{name}",
                         details=details)  # fmt: skip
        return self.campaign(name)

    def campaign(self, name: str) -> Campaign:
        cursor = self.db.execute("select * from campaigns where name = ?", [name])
        row = cursor.fetchone()
        if row is None:
            raise CampaignError(f"no campaign {name!r}: see `clearcall campaign list`")
        return _campaign(dict(zip([d[0] for d in cursor.description], row, strict=True)))

    def campaigns(self) -> list[Campaign]:
        cursor = self.db.execute("select * from campaigns order by created_at, name")
        names = [d[0] for d in cursor.description]
        return [_campaign(dict(zip(names, r, strict=True))) for r in cursor.fetchall()]

    def status(self, name: str) -> CampaignStatus:
        return self.campaign(name).status

    def set_status(self, name: str, status: CampaignStatus, *, actor: str) -> CampaignStatus:
        """Pause, resume or stop; returns the previous status. A stopped campaign stays stopped."""
        with transaction(self.db):
            old = self.status(name)
            if old is CampaignStatus.STOPPED and status is not CampaignStatus.STOPPED:
                raise CampaignError(f"campaign {name!r} is stopped for good: create a new campaign")
            if old is not status:
                self.db.execute(
                    "update campaigns set status = ?, updated_at = ? where name = ?",
                    [status.value, iso(datetime.now(UTC)), name],
                )
                append_audit(self.db, actor=actor, action=f"campaign.{status.value}",
                             subject=f"campaign:{name}", details={"was": old.value})  # fmt: skip
        return old

    # ---- contacts ---------------------------------------------------------------------------------
    def import_contacts(
        self, campaign: str, rows: Sequence[ContactRow], *, path: str, digest: str, actor: str
    ) -> ContactImport:
        """Store validated rows (all of them, in one transaction) and the consent they carry.

        A number already in the campaign keeps its history; its fields and zone are updated when they
        differ. The same rows again change nothing."""
        added = updated = consent_added = 0
        with transaction(self.db):
            self.campaign(campaign)
            now = iso(datetime.now(UTC))
            for row in rows:
                fields = json.dumps(dict(row.fields), ensure_ascii=False, sort_keys=True)
                old = self.db.execute(
                    "select id, fields, zone from campaign_contacts where campaign = ? and number = ?",
                    [campaign, row.number],
                ).fetchone()
                if old is None:
                    self.db.execute(
                        "insert into campaign_contacts (campaign, number, fields, zone, state, reason, "
                        "created_at) values (?, ?, ?, ?, ?, '', ?)",
                        [campaign, row.number, fields, row.zone, ContactState.PENDING.value, now],
                    )
                    added += 1
                elif (old[1], old[2]) != (fields, row.zone):
                    self.db.execute(
                        "update campaign_contacts set fields = ?, zone = ? where id = ?",
                        [fields, row.zone, old[0]],
                    )
                    updated += 1
                if row.consent is not None:
                    c = row.consent
                    consent_added += insert_consent(
                        self.db, [row.number, campaign, c.source, c.evidence, c.granted_at, actor]
                    )
            report = ContactImport(
                path, len(rows), added, updated, len(rows) - added - updated, consent_added
            )
            details = {"rows": report.rows, "added": added, "updated": updated,
                       "consent_added": consent_added, "sha256": digest}  # fmt: skip
            append_audit(self.db, actor=actor, action="campaign.import", subject=f"campaign:{campaign}",
                         details=details)  # fmt: skip
        return report

    def contacts(self, campaign: str) -> list[Contact]:
        cursor = self.db.execute("select * from campaign_contacts where campaign = ? order by id", [campaign])
        names = [d[0] for d in cursor.description]
        return [_contact(dict(zip(names, r, strict=True))) for r in cursor.fetchall()]

    def remaining(self, campaign: str) -> int:
        return self.db.execute(
            "select count(*) from campaign_contacts where campaign = ? and state = ?",
            [campaign, ContactState.PENDING.value],
        ).fetchone()[0]

    def tallies(self, campaign: str) -> tuple[int, int, int]:
        """(contacts, contacts pending, counted attempts) of a campaign."""
        total, pending = self.db.execute(
            "select count(*), coalesce(sum(state = ?), 0) from campaign_contacts where campaign = ?",
            [ContactState.PENDING.value, campaign],
        ).fetchone()
        attempts = self.db.execute(
            f"select count(*) from campaign_attempts where campaign = ? and {_COUNTED}", [campaign]
        ).fetchone()[0]
        return total, pending, attempts

    # ---- claims -----------------------------------------------------------------------------------
    def claim_next(self, campaign: str, now: datetime, n: int) -> list[Claim]:
        """See bot/campaign/ports.py: eligible contacts, each claimed durably before this returns."""
        if n <= 0:
            return []
        claims: list[Claim] = []
        with transaction(self.db):
            camp = self.campaign(campaign)
            if camp.status is not CampaignStatus.ACTIVE:
                return []
            candidates = self.db.execute(
                "select c.id, c.number, c.fields, c.zone from campaign_contacts c "
                "where c.campaign = ? and c.state = ? and (c.next_try_at is null or c.next_try_at <= ?) "
                "and not exists (select 1 from campaign_attempts a "
                "where a.contact_id = c.id and a.state != ?) "
                "order by coalesce(c.next_try_at, ''), c.id limit ?",
                [
                    campaign,
                    ContactState.PENDING.value,
                    iso(now),
                    AttemptState.FINISHED.value,
                    max(_SCAN_MIN, n * 8),
                ],
            ).fetchall()
            for contact_id, number, fields_json, zone in candidates:
                if len(claims) >= n:
                    break
                facts = self._facts(camp, contact_id, number, zone, now)
                verdict = self.judge(facts, camp.limits)
                if verdict.allowed:
                    claims.append(self._claim(camp, contact_id, number, fields_json, facts, now))
                elif verdict.final:
                    self.db.execute(
                        "update campaign_contacts set state = ?, reason = ?, next_try_at = null where id = ?",
                        [verdict.state.value, verdict.reason, contact_id],
                    )
                else:
                    retry = iso(verdict.retry_at) if verdict.retry_at else None
                    self.db.execute(
                        "update campaign_contacts set reason = ?, next_try_at = ? where id = ?",
                        [verdict.reason, retry, contact_id],
                    )
        return claims

    def _facts(
        self, camp: Campaign, contact_id: int, number: str, zone: str | None, now: datetime
    ) -> ContactFacts:
        count, last_at = self.db.execute(
            "select count(*), max(coalesce(ended_at, claimed_at)) from campaign_attempts "
            f"where contact_id = ? and {_COUNTED}",
            [contact_id],
        ).fetchone()
        last = self.db.execute(
            "select result from campaign_attempts where contact_id = ? and result is not null "
            "order by id desc limit 1",
            [contact_id],
        ).fetchone()
        abandoned = self.db.execute(
            "select max(coalesce(ended_at, answered_at, claimed_at)) from campaign_attempts "
            "where contact_id = ? and result = ?",
            [contact_id, AttemptResult.ABANDONED.value],
        ).fetchone()[0]
        return ContactFacts(
            number=number,
            zones=contact_zones(number, zone),
            campaign_status=camp.status,
            suppressed=is_suppressed(self.db, number, camp.name),
            has_consent=has_consent(self.db, number, camp.name),
            attempts=count,
            last_attempt_at=_time(last_at),
            last_result=AttemptResult(last[0]) if last else None,
            last_abandoned_at=_time(abandoned),
            now=now,
        )

    def _claim(
        self,
        camp: Campaign,
        contact_id: int,
        number: str,
        fields_json: str,
        facts: ContactFacts,
        now: datetime,
    ) -> Claim:
        originate_id = f"cc-{uuid.uuid4().hex}"
        attempt_no = facts.attempts + 1
        zone = facts.zones[0] if len(facts.zones) == 1 else ""
        cursor = self.db.execute(
            "insert into campaign_attempts (campaign, contact_id, number, originate_id, state, attempt_no, "
            "zone, claimed_at, opted_out, transferred) values (?, ?, ?, ?, ?, ?, ?, ?, 0, 0)",
            [
                camp.name,
                contact_id,
                number,
                originate_id,
                AttemptState.CLAIMED.value,
                attempt_no,
                zone,
                iso(now),
            ],
        )
        self.db.execute("update campaign_contacts set reason = '' where id = ?", [contact_id])
        return Claim(
            attempt_id=int(cursor.lastrowid or 0),
            originate_id=originate_id,
            campaign=camp.name,
            flow=camp.flow,
            contact_id=contact_id,
            number=number,
            fields=json.loads(fields_json or "{}"),
            zones=facts.zones,
            attempt_no=attempt_no,
            claimed_at=now,
        )

    def mark_originated(self, attempt_id: int, at: datetime) -> None:
        with transaction(self.db):
            state = self._attempt_state(attempt_id)
            if state is AttemptState.CLAIMED:
                self.db.execute(
                    "update campaign_attempts set state = ?, originated_at = ? where id = ?",
                    [AttemptState.ORIGINATED.value, iso(at), attempt_id],
                )

    def _attempt_state(self, attempt_id: int) -> AttemptState:
        row = self.db.execute("select state from campaign_attempts where id = ?", [attempt_id]).fetchone()
        if row is None:
            raise CampaignError(f"no attempt {attempt_id}")
        return AttemptState(row[0])

    def finish_attempt(self, attempt_id: int, outcome: AttemptOutcome, now: datetime) -> None:
        """Record the result and move the contact on; see bot/campaign/ports.py."""
        with transaction(self.db):
            row = self.db.execute(
                "select state, result, contact_id, campaign from campaign_attempts where id = ?", [attempt_id]
            ).fetchone()
            if row is None:
                raise CampaignError(f"no attempt {attempt_id}")
            state, old_result, contact_id, campaign = row
            if state == AttemptState.FINISHED.value:
                if old_result == outcome.result.value:
                    return
                raise CampaignError(
                    f"attempt {attempt_id} already finished as {old_result}, not {outcome.result.value}"
                )
            ended = outcome.ended_at or now
            self.db.execute(
                "update campaign_attempts set state = ?, result = ?, cause = ?, amd_status = ?, "
                "amd_cause = ?, "
                "call_id = ?, disposition = ?, opted_out = ?, transferred = ?, answered_at = ?, ended_at = ? "
                "where id = ?",
                [
                    AttemptState.FINISHED.value,
                    outcome.result.value,
                    outcome.cause,
                    outcome.amd_status,
                    outcome.amd_cause,
                    outcome.call_id,
                    outcome.disposition,
                    int(outcome.opted_out),
                    int(outcome.transferred),
                    iso(outcome.answered_at) if outcome.answered_at else None,
                    iso(ended),
                    attempt_id,
                ],
            )
            self._advance_contact(self.campaign(campaign), contact_id, outcome, ended)

    def _advance_contact(
        self, camp: Campaign, contact_id: int, outcome: AttemptOutcome, ended: datetime
    ) -> None:
        result = outcome.result
        if result in FINAL_RESULTS:
            state, reason, retry = ContactState.DONE, result.value, None
        else:
            wait = ABANDON_LOCKOUT if result is AttemptResult.ABANDONED else camp.limits.retry_spacing
            reason = f"{result.value}: retry after {wait.total_seconds() / 3600:g} h"
            state, retry = ContactState.PENDING, ended + wait
            if outcome.opted_out:
                state, reason, retry = ContactState.BLOCKED, "opted out", None
            else:
                used = self.db.execute(
                    f"select count(*) from campaign_attempts where contact_id = ? and {_COUNTED}",
                    [contact_id],
                ).fetchone()[0]
                if used >= camp.limits.max_attempts:
                    state, reason, retry = (
                        ContactState.EXHAUSTED,
                        f"attempt limit {camp.limits.max_attempts}",
                        None,
                    )
        self.db.execute(
            "update campaign_contacts set state = ?, reason = ?, next_try_at = ? where id = ?",
            [state.value, reason, iso(retry) if retry else None, contact_id],
        )

    def open_claims(self, campaign: str) -> list[Claim]:
        cursor = self.db.execute(
            "select a.id, a.originate_id, a.contact_id, a.number, c.fields, c.zone, a.attempt_no, "
            "a.claimed_at, a.state, a.originated_at "
            "from campaign_attempts a left join campaign_contacts c on c.id = a.contact_id "
            "where a.campaign = ? and a.state != ? order by a.id",
            [campaign, AttemptState.FINISHED.value],
        )
        camp = self.campaign(campaign)
        return [
            Claim(
                attempt_id=r[0],
                originate_id=r[1],
                campaign=campaign,
                flow=camp.flow,
                contact_id=r[2],
                number=r[3],
                fields=json.loads(r[4] or "{}"),
                zones=contact_zones(r[3], r[5]),
                attempt_no=r[6],
                claimed_at=datetime.fromisoformat(r[7]),
                state=AttemptState(r[8]),
                originated_at=_time(r[9]),
            )
            for r in cursor.fetchall()
        ]

    def resolve_claim(self, attempt_id: int, outcome: AttemptOutcome | None, now: datetime) -> None:
        """Close a claim a crash left open: with what reconciliation found, or as ``unknown``."""
        if self._attempt_state(attempt_id) is AttemptState.FINISHED:
            raise CampaignError(f"attempt {attempt_id} is not open")
        self.finish_attempt(
            attempt_id, outcome or AttemptOutcome(AttemptResult.UNKNOWN, cause="unreconciled"), now
        )

    # ---- counts -----------------------------------------------------------------------------------
    def outcome_counts(
        self, campaign: str, since: datetime | None = None, until: datetime | None = None
    ) -> OutcomeCounts:
        sql, params = (
            "select result, count(*) from campaign_attempts where campaign = ? and state = ?",
            [
                campaign,
                AttemptState.FINISHED.value,
            ],
        )
        if since is not None:
            sql, params = sql + " and ended_at >= ?", [*params, iso(since)]
        if until is not None:
            sql, params = sql + " and ended_at < ?", [*params, iso(until)]
        rows = self.db.execute(sql + " group by result", params).fetchall()
        return OutcomeCounts({AttemptResult(r): c for r, c in rows})


def _campaign(row: dict[str, Any]) -> Campaign:
    limits = CampaignLimits(
        max_attempts=row["max_attempts"],
        retry_spacing=timedelta(seconds=row["retry_spacing_s"]),
        abandon_limit=row["abandon_limit"],
        abandon_target=row["abandon_target"],
        max_dial_level=row["max_dial_level"],
    )
    return Campaign(
        name=row["name"],
        flow=row["flow"],
        flow_path=row["flow_path"] or "",
        status=CampaignStatus(row["status"]),
        limits=limits,
        created_at=datetime.fromisoformat(row["created_at"]),
    )


def _contact(row: dict[str, Any]) -> Contact:
    return Contact(
        id=row["id"],
        campaign=row["campaign"],
        number=row["number"],
        fields=json.loads(row["fields"] or "{}"),
        zone=row["zone"],
        state=ContactState(row["state"]),
        reason=row["reason"] or "",
        next_try_at=_time(row["next_try_at"]),
    )
