"""`clearcall calls|recording|keys|purge`: read calls back, listen to them, rotate keys, apply retention.

Numbers are shown masked unless `--full`. Decrypted audio goes to the sound device through a pipe, or to
the WAV file the operator names: never to a temporary file.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import wave
from datetime import UTC, datetime
from pathlib import Path

from bot.app.scheduled_purge import purge_expired
from bot.cli.compliance import _database, _errors_to_exit_code, actor
from bot.core.errors import ClearcallError
from bot.core.numbers import mask
from bot.store.compliance_tables import append_audit
from bot.store.database import transaction
from bot.store.recording_file import TruncatedRecording
from bot.store.recording_keys import Keyring
from bot.store.recordings import TRUNCATED, read_recording, recording_row

PLAYERS = (("aplay", "-q", "-"), ("paplay",), ("pw-play", "-"))


def _rows(db, sql: str, params: list) -> list[dict]:
    cursor = db.execute(sql, params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _day(value: str, name: str) -> str:
    try:
        return datetime.fromisoformat(value).isoformat()
    except ValueError:
        raise ClearcallError(
            f"{name} {value!r}: expected a date like 2026-11-30 or 2026-11-30T09:00"
        ) from None


# ---- calls ---------------------------------------------------------------------------------------
@_errors_to_exit_code
def cmd_calls_list(args: argparse.Namespace) -> int:
    """List calls, newest first: id, start, flow, direction, number, disposition, opted out, recording."""
    where, params = [], []
    if args.since:
        where.append("c.started_at >= ?")
        params.append(_day(args.since, "--since"))
    if args.until:
        where.append("c.started_at < ?")
        params.append(_day(args.until, "--until"))
    for column in ("flow", "disposition"):
        if getattr(args, column):
            where.append(f"c.{column} = ?")
            params.append(getattr(args, column))
    if args.opted_out is not None:
        where.append("coalesce(c.opted_out, 0) = ?")
        params.append(int(args.opted_out))
    with _database(args) as (db, _settings):
        if args.campaign:  # a campaign's calls are those its attempts placed
            if "campaign_attempts" not in db.table_names():
                raise ClearcallError("--campaign: this database has no campaigns yet")
            where.append("c.id in (select call_id from campaign_attempts where campaign = ?)")
            params.append(args.campaign)
        sql = (
            "select c.*, r.status as recording from calls c left join recordings r on r.call_id = c.id"
            + (" where " + " and ".join(where) if where else "")
            + " order by c.started_at desc limit ?"
        )
        calls = _rows(db, sql, [*params, args.limit])
    for c in calls:
        number = c["caller"] if c["direction"] == "inbound" else c["callee"]
        shown = number if args.full else mask(number or "")
        print(
            "\t".join(
                str(v or "-")
                for v in (
                    c["id"],
                    c["started_at"],
                    c["flow"],
                    c["direction"],
                    shown,
                    c["disposition"],
                    "opted-out" if c["opted_out"] else "",
                    c["recording"] or "no recording",
                )
            )
        )
    if not calls:
        print("no calls match", file=sys.stderr)
    return 0


@_errors_to_exit_code
def cmd_calls_show(args: argparse.Namespace) -> int:
    """One call: its record, its recording, and each turn (what the bot said, what it heard, the intent)."""
    with _database(args) as (db, _settings):
        found = _rows(db, "select * from calls where id = ?", [args.call_id])
        if not found:
            raise ClearcallError(f"no call {args.call_id!r} (see `clearcall calls list`)")
        call = found[0]
        turns = _rows(db, "select * from turns where call_id = ? order by seq", [args.call_id])
        rec = recording_row(db, args.call_id)
    for key in ("caller", "callee"):
        if not args.full and call.get(key):
            call[key] = mask(call[key])
    shown = "id flow direction caller callee started_at answered_at ended_at hangup_cause end_state"
    for key in (shown + " disposition opted_out optout_source fields").split():
        print(f"{key:>13}: {call.get(key) if call.get(key) not in (None, '') else '-'}")
    if rec is None:
        print("    recording: none")
    else:
        print(
            f"    recording: {rec['status']}, {rec['seconds'] or 0:.1f} s, stereo (caller left, bot right), "
            f"key {rec['key_id']}, {rec['path']}"
        )
        if rec["status"] == TRUNCATED:
            print("               the bot stopped mid-call: `recording play --partial` plays the intact part")
    for t in turns:
        took = _seconds_between(t["started_at"], t["ended_at"])
        print(f"\n  turn {t['seq']} [{t['state']}] {t['started_at']} ({took})")
        print(f"    bot said: {t['prompt']}")
        print(f"    heard:    {t['heard'] or '-'}" + (f" (partial: {t['partial']})" if t["partial"] else ""))
        print(f"    intent:   {t['intent']} (confidence {t['confidence'] or 0:.2f}) -> {t['transition']}")
    return 0


def _seconds_between(start: str | None, end: str | None) -> str:
    try:
        return f"{(datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds():.1f} s"  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "-"


# ---- recording play ------------------------------------------------------------------------------
@_errors_to_exit_code
def cmd_recording_play(args: argparse.Namespace) -> int:
    """Decrypt a call's recording to the sound device, or to --wav FILE (needs the master key)."""
    with _database(args) as (db, settings):
        try:
            header, pcm = read_recording(db, settings.local_dir, settings.recording_keys_path, args.call_id)
        except TruncatedRecording as exc:
            if not args.partial:
                intact = len(exc.readable)
                raise ClearcallError(
                    f"{exc} (use --partial for the {intact} bytes that are intact)"
                ) from None
            print(f"clearcall: {exc}; playing the intact part", file=sys.stderr)
            header = recording_header_of(db, args.call_id)
            pcm = exc.readable
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(header.channels)
        out.setsampwidth(2)
        out.setframerate(header.sample_rate)
        out.writeframes(pcm)
    seconds = len(pcm) / 2 / header.channels / header.sample_rate
    if args.wav:
        Path(args.wav).touch(mode=0o600)
        Path(args.wav).chmod(0o600)
        Path(args.wav).write_bytes(buffer.getvalue())
        print(
            f"wrote {args.wav}: {seconds:.1f} s, stereo (caller left, bot right); plain audio: keep private"
        )
        return 0
    player = next((p for p in PLAYERS if shutil.which(p[0])), None)
    if player is None:
        raise ClearcallError("no sound player found (aplay, paplay or pw-play): use --wav FILE")
    subprocess.run(list(player), input=buffer.getvalue(), check=True)
    return 0


def recording_header_of(db, call_id: str):
    from bot.store.recording_file import Header

    row = recording_row(db, call_id)
    assert row is not None
    return Header(bytes.fromhex(row["file_id"]), row["sample_rate"], row["channels"])


# ---- keys rotate ---------------------------------------------------------------------------------
@_errors_to_exit_code
def cmd_keys_rotate(args: argparse.Namespace) -> int:
    """New master key; every recording's data key is rewrapped with it; the old keys are retired."""
    with _database(args) as (db, settings):
        ring = Keyring.load(settings.recording_keys_path)
        old = [k for k, entry in ring.keys.items() if entry.get("key") is not None]
        new = ring.add_key()
        ring.save()  # first: a bot starting a recording now reads the new key (see RecordingService)
        with transaction(db):
            rows = db.execute("select call_id, key_id, wrapped_key, file_id from recordings").fetchall()
            for call_id, key_id, wrapped, file_id in rows:
                data_key = ring.unwrap(key_id, wrapped, bytes.fromhex(file_id))
                _new_id, rewrapped = ring.wrap(data_key, bytes.fromhex(file_id))
                db.execute(
                    "update recordings set key_id = ?, wrapped_key = ? where call_id = ?",
                    [new, rewrapped, call_id],
                )
            details = {"new": new, "retired": old, "rewrapped": len(rows)}
            append_audit(db, actor=actor(), action="keys.rotate", subject=new, details=details)
        for key_id in old:  # only once every row names the new key
            ring.retire(key_id)
        ring.save()
    print(f"recording key {new} is current; {len(rows)} recording(s) rewrapped; retired {', '.join(old)}")
    return 0


# ---- purge ---------------------------------------------------------------------------------------
@_errors_to_exit_code
def cmd_purge(args: argparse.Namespace) -> int:
    """Delete what has expired (recordings, transcripts, call records): each flow's retention, or its
    campaign's where shorter."""
    with _database(args) as (db, settings):
        now = datetime.fromisoformat(_day(args.now, "--now")) if args.now else datetime.now(UTC)
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        report = purge_expired(db, settings, now=now, actor=actor())
    print(json.dumps({"deleted": report.deleted, "files_deleted": report.files_deleted,
                      "files_pending": report.files_pending}))  # fmt: skip
    return 1 if report.files_pending else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add calls, recording, keys and purge to the `clearcall` sub-commands."""
    groups = {
        "calls": "the call records and their transcripts",
        "recording": "call recordings",
        "keys": "the recordings' master keys",
    }
    subs = {
        name: subparsers.add_parser(name, help=text).add_subparsers(dest=f"{name}_command", required=True)
        for name, text in groups.items()
    }
    handlers = {
        ("calls", "list"): cmd_calls_list,
        ("calls", "show"): cmd_calls_show,
        ("recording", "play"): cmd_recording_play,
        ("keys", "rotate"): cmd_keys_rotate,
    }
    parsers = {}
    for (group_name, name), fn in handlers.items():
        summary = (fn.__doc__ or "").splitlines()[0]
        parsers[name] = subs[group_name].add_parser(name, help=summary, description=fn.__doc__)
        parsers[name].set_defaults(func=fn)
    full = {"action": "store_true", "help": "show whole numbers instead of masked ones"}
    p = parsers["list"]
    p.add_argument("--since", help="calls started on or after this date/time (UTC)")
    p.add_argument("--until", help="calls started before this date/time (UTC)")
    p.add_argument("--flow")
    p.add_argument("--campaign")
    p.add_argument("--disposition")
    p.add_argument("--opted-out", dest="opted_out", action="store_true", default=None)
    p.add_argument("--not-opted-out", dest="opted_out", action="store_false")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--full", **full)
    parsers["show"].add_argument("call_id")
    parsers["show"].add_argument("--full", **full)
    p = parsers["play"]
    p.add_argument("call_id")
    p.add_argument("--wav", help="write a plain WAV file here instead of playing it")
    p.add_argument("--partial", action="store_true", help="a truncated recording: use the intact part")
    p = subparsers.add_parser("purge", help=(cmd_purge.__doc__ or "").splitlines()[0])
    p.add_argument("--now", help="purge as of this date/time instead of now (UTC; for checks)")
    p.set_defaults(func=cmd_purge)
