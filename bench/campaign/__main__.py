"""A campaign at the capacity limit, on the wire: `python -m bench.campaign --contacts 300 [--max-calls N]`.

The bot runs as its own process (`clearcall run`, CLEARCALL_MAX_CALLS=N, data in the output folder), the
campaign as another (`clearcall campaign run`), and the contacts are one sipp UAS (bench/campaign/uas.py)
on the sandbox-only trunk, with the issue's mix: 60 % answer after 3-12 s of ringing and talk 10-40 s
(or until the bot hangs up), 15 % answering machines (greeting, beep), 15 % never answer, 10 % busy.
tcpdump records the contacts' side. A third of the way in, one contact not yet dialled is suppressed.

Printed (and written to summary.txt in --out):
- calls per minute: originates / minutes from the first dial to the last call's end;
- slot utilisation: the bot's calls / N, sampled every second from its status endpoint over that span;
- abandonment rate: abandoned / person-answered attempts (the store's counts);
- answer -> first bot audio, and greeting end -> first bot audio, p50/p95 (bench/campaign/wire.py),
  for calls AMD passed as people; every answered person's call is counted, as measured or not heard;
- suppression -> last possible dial: seconds from the suppression to the suppressed number's last dial
  start that Asterisk reported after it (0 when none: it must be zero).
Needs root (tcpdump) and the sandbox (make asterisk-up); run it inside the network namespace.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import numpy as np

from bench.campaign.uas import BUSY, HUMAN, MACHINE, NO_ANSWER, contacts_uas, number
from bench.campaign.wire import capture, heard_calls
from bot.app.campaigns import campaign_store
from bot.app.settings import DEFAULT_MAX_CALLS, Settings
from bot.asterisk.ari import AriClient
from bot.campaign import AttemptResult, CampaignLimits
from bot.compliance.hours import check_calling_window
from bot.flow.contact import missing_contact_fields
from bot.flow.loader import load_flow
from bot.store.compliance_tables import suppress_add
from bot.store.contact_csv import import_contacts_csv
from bot.store.database import open_database

PROJECT = Path(__file__).resolve().parents[2]
PREFIXES = ("+82105550", "+8135555", "+6129876", "+44207946", "+1202555", "+1415555", "+1808555")
MIX = ((HUMAN, 0.60), (MACHINE, 0.15), (NO_ANSWER, 0.15), (BUSY, 0.10))
FLOW = "survey_ko"
NAME = "bench"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.campaign", description=__doc__.splitlines()[0])
    p.add_argument("--contacts", type=int, default=300)
    p.add_argument("--max-calls", type=int, default=DEFAULT_MAX_CALLS, help="the bot's CLEARCALL_MAX_CALLS")
    p.add_argument("--ring-seconds", type=int, default=20, help="ring time before no answer (default 20)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", type=Path)
    return p.parse_args(argv)


def open_prefix(margin: timedelta) -> str:
    now = datetime.now(UTC)
    for prefix in PREFIXES:
        if all(check_calling_window(f"{prefix}1000", now + d).allowed for d in (timedelta(), margin)):
            return prefix
    raise SystemExit(f"no calling window open now among {PREFIXES}")


def plan(n: int, prefix: str, seed: int) -> list[tuple[str, str]]:
    """(kind, number) per contact: the mix, shuffled; numbers are unique (index and prefix digit)."""
    rng = random.Random(seed)
    kinds = [k for k, share in MIX for _ in range(round(n * share))]
    kinds = (kinds + [HUMAN] * n)[:n]
    rng.shuffle(kinds)
    # A national number has room for 100 contacts per prefix digit set: vary the prefix's last digit.
    out = []
    for i, kind in enumerate(kinds):
        block, index = divmod(i, 100)
        out.append(
            (kind, number(prefix[:-1] + str((int(prefix[-1]) + block) % 10), kind, index, rng.randrange(4)))
        )
    return out


def create(settings: Settings, contacts: list[tuple[str, str]]) -> None:
    flow_path = settings.flows_dir / f"{FLOW}.yaml"
    flow = load_flow(flow_path)
    csv = settings.local_dir / "contacts.csv"
    rows = ["number,consent_source,consent_evidence,consent_at"]
    rows += [f"{num},bench,synthetic,2026-01-05T10:00:00Z" for _, num in contacts]
    csv.write_text("\n".join(rows) + "\n")
    db = open_database(settings.db_path)
    try:
        store = campaign_store(db)
        store.create(NAME, flow=flow.name, flow_path=str(flow_path), limits=CampaignLimits(), actor="bench")
        import_contacts_csv(store, NAME, str(csv), fields=list(flow.contact.fields),
                            missing=lambda v: missing_contact_fields(flow, v),
                            default_region=settings.default_region, actor="bench")  # fmt: skip
    finally:
        db.close()


async def set_trunk(ari: AriClient, endpoint: str) -> None:
    """Where the outbound gate dials (the sandbox's global CLEARCALL_TRUNK)."""
    await ari.request("POST", "asterisk/variable", params={"variable": "CLEARCALL_TRUNK", "value": endpoint})


async def wait_status(url: str, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < end:
            with contextlib.suppress(aiohttp.ClientError):
                async with http.get(url) as resp:
                    if resp.status == 200:
                        return
            await asyncio.sleep(0.2)
    raise SystemExit(f"the bot did not come up ({url})")


async def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out = args.out or PROJECT / ".local" / "bench" / f"campaign-{time.strftime('%Y%m%d-%H%M%S')}"
    out.mkdir(parents=True, exist_ok=True)
    data = out / "data"
    data.mkdir(exist_ok=True)
    base = Settings.load(PROJECT)
    settings = Settings.load(PROJECT, env=dict(os.environ) | {"CLEARCALL_DATA_DIR": str(data)})
    env = os.environ | {
        "CLEARCALL_DATA_DIR": str(data),
        "CLEARCALL_MAX_CALLS": str(args.max_calls),
        "CLEARCALL_RING_SECONDS": str(args.ring_seconds),
    }
    contacts = plan(args.contacts, open_prefix(timedelta(hours=1)), args.seed)
    create(settings, contacts)
    status_url = f"http://{base.status_bind[0]}:{base.status_bind[1]}/status"
    cli = [sys.executable, "-m", "bot.cli", "--home", str(PROJECT)]
    bot_log = (out / "bot.log").open("wb")
    bot = await asyncio.create_subprocess_exec(*cli, "run", env=env, stdout=bot_log, stderr=bot_log)
    ari = AriClient(
        base.ari_url, base.ari_user, base.ari_password, "clearcall-bench-dials", subscribe_all=True
    )
    starts: list[tuple[str, float]] = []
    peers: dict[str, str] = {}

    def on_dial(event: dict) -> None:
        if event.get("type") == "Dial" and (event.get("caller") or {}).get("id", "").endswith("-dial"):
            if not event.get("dialstatus"):
                num = str(event.get("dialstring", "")).split("@")[0]
                peers[(event.get("peer") or {}).get("id", "")] = num
                starts.append((num, time.time()))

    ari.add_listener(on_dial)
    events = asyncio.create_task(ari.run_events())
    samples: list[int] = []
    runner: asyncio.subprocess.Process | None = None
    suppressed: tuple[str, float] | None = None
    try:
        await wait_status(status_url)
        await asyncio.wait_for(ari.connected.wait(), 10)
        await ari.request(
            "POST", "asterisk/variable", params={"variable": "CLEARCALL_TRUNK", "value": "campaign-contacts"}
        )
        async with contacts_uas(
            out / "uas", ring_ms=3000, ring_max_ms=12000, max_calls=args.contacts * 2 + 10
        ):
            async with capture(out / "contacts.pcap") as pcap:
                run_log = (out / "campaign.log").open("wb")
                runner = await asyncio.create_subprocess_exec(
                    *cli,
                    "campaign",
                    "run",
                    NAME,
                    "--idle-exit",
                    "15",
                    env=env,
                    stdout=run_log,
                    stderr=run_log,
                )
                async with aiohttp.ClientSession() as http:
                    while runner.returncode is None:
                        with contextlib.suppress(aiohttp.ClientError, asyncio.TimeoutError):
                            async with http.get(status_url) as resp:
                                samples.append(int((await resp.json())["calls"]))
                        if suppressed is None and len(starts) >= args.contacts // 3:
                            dialled = {n for n, _ in starts}
                            late = next(n for _, n in reversed(contacts) if n not in dialled)
                            db = open_database(settings.db_path)
                            try:
                                suppress_add(db, late, scope="global", source="operator", actor="bench")
                            finally:
                                db.close()
                            suppressed = (late, time.time())
                        with contextlib.suppress(TimeoutError):
                            await asyncio.wait_for(runner.wait(), 1.0)
        await ari.request(
            "POST", "asterisk/variable", params={"variable": "CLEARCALL_TRUNK", "value": "clearcall-phone"}
        )
    finally:
        events.cancel()
        await ari.aclose()
        if bot.returncode is None:
            bot.terminate()
            await bot.wait()
    report = summarise(args, settings, contacts, starts, samples, suppressed, heard_calls(pcap))
    (out / "summary.txt").write_text(report)
    print(report)
    return 0


def summarise(args, settings, contacts, starts, samples, suppressed, heard) -> str:  # type: ignore[no-untyped-def]
    db = open_database(settings.db_path)
    try:
        rows = list(db.query("select * from campaign_attempts where campaign = ?", [NAME]))
    finally:
        db.close()
    by = {r: sum(1 for a in rows if a["result"] == r) for r in [x.value for x in AttemptResult]}
    first = min(
        (datetime.fromisoformat(a["originated_at"]) for a in rows if a["originated_at"]), default=None
    )
    last = max((datetime.fromisoformat(a["ended_at"]) for a in rows if a["ended_at"]), default=None)
    minutes = (last - first).total_seconds() / 60 if first and last else 0
    live = by["answered"] + by["abandoned"]
    people = {a["number"] for a in rows if a["amd_status"] == "HUMAN"}
    measured = [c for c in heard if c.number in people and c.answer_to_audio is not None]
    not_heard = len(people) - len({c.number for c in measured})
    a2a = [c.answer_to_audio for c in measured]
    g2a = [c.greeting_to_audio for c in measured if c.greeting_to_audio is not None]
    sup_delay = "n/a"
    if suppressed is not None:
        after = [t for n, t in starts if n == suppressed[0] and t >= suppressed[1]]
        sup_delay = f"{max(after) - suppressed[1]:.3f} s" if after else "0 s (never dialled after it)"

    def p(values: list[float], q: float) -> str:
        return f"{np.percentile(values, q):.3f} s" if values else "-"

    counts = json.dumps({k: v for k, v in by.items() if v})
    lines = [
        f"campaign bench: {args.contacts} contacts, CLEARCALL_MAX_CALLS={args.max_calls}, "
        f"ring {args.ring_seconds} s",
        f"attempts {len(rows)} ({counts}); dial starts seen by Asterisk {len(starts)}",
        f"calls per minute: {len(rows) / minutes:.1f} over {minutes:.1f} min" if minutes else "calls/min: -",
        f"slot utilisation: {np.mean(samples) / args.max_calls * 100:.1f} % (mean of {len(samples)} samples)"
        if samples
        else "slot utilisation: -",
        f"abandonment: {by['abandoned']}/{live} = {by['abandoned'] / live * 100:.2f} %"
        if live
        else "abandonment: -",
        f"answer -> first bot audio (AMD HUMAN, {len(measured)} measured, {not_heard} not heard): "
        f"p50 {p(a2a, 50)} p95 {p(a2a, 95)}",
        f"greeting end -> first bot audio: p50 {p(g2a, 50)} p95 {p(g2a, 95)} (n={len(g2a)})",
        f"suppression -> last possible dial: {sup_delay}",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
