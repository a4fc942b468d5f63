"""The phone path: each utterance is one real call into the sandbox Asterisk, and the bot's record says
what it decided.

The callers are the load bench's (bench/load/callers.py): sipp authenticates as `clearcall-test`, offers
PCMU only and streams the caller's side of the call with `rtp_stream` from the moment the call is up: line
noise, the utterance once the bot's prompts are over (their rendered length plus a margin), then noise.
Asterisk carries it as G.711 µ-law and hands it to the bot (the real one, in this process, with its own
Vosk recogniser, answer rules and SQLite store) as slin16 over AudioSocket.

A call lasts until the bot has decided: its first turn in the state is stored, or it opted the caller out
(the bot then hangs up itself). The bench then ends the call through ARI, as a caller hanging up would,
instead of listening to the goodbye: what the bot did is already in its record. A call that never got that
far within `hold` seconds after the words ends as it stands and is counted as what the record says (no
turn: no_input). A call with no record at all, or whose sipp failed, is a failed trial, shown apart.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import sys
import tempfile
import time
from pathlib import Path

from bench.load.audio import caller_stream, write_ulaw
from bench.load.callers import MEDIA_PORT_BASE, NOISE, SIP_PORT_BASE, PlacedCall, run_caller, write_scenarios
from bench.load.prompts import render_prompts
from bench.speech_accuracy.corpus import OPENING, PROJECT, Utterance
from bench.speech_accuracy.report import FAILED, HEARD, Trial
from bench.speech_accuracy.voices import PHONE_RATE, Voice, caller_audio_8k

EXTENSIONS = {"survey_ko": "200"}  # dialplans/clearcall.conf
OPENING_LEAD_S = 1.5  # into the opening: the call is up, the bot has started speaking
MARGIN_S = 1.0  # after the question's rendered end (the bot starts speaking ~0.5 s after the answer)
TAIL_S = 2.0  # line noise after the words, beyond the hold


@dataclasses.dataclass
class PhoneCall:
    """One trial's call: its caller id, and the bot's call id once the call reached the bot."""

    utterance: Utterance
    voice: Voice
    caller: str
    call_id: str | None = None
    decided: bool = False
    sipp: PlacedCall | None = None


async def run_phone(
    flow: str, voices: list[Voice], corpus: list[Utterance], concurrency: int, hold: float
) -> list[Trial]:
    from bot.app.runtime import App
    from bot.app.settings import Settings, read_env_file
    from bot.core.logs import setup_logging
    from bot.core.numbers import mask

    setup_logging("WARNING")
    logging.getLogger("clearcall.calls").setLevel("WARNING")
    password = read_env_file(PROJECT / ".local" / "secrets.env")["CLEARCALL_TEST_PASSWORD"]
    jobs = [
        PhoneCall(u, v, f"+821066{i:06d}") for i, (u, v) in enumerate((u, v) for u in corpus for v in voices)
    ]
    with tempfile.TemporaryDirectory(prefix="clearcall-speech-") as tmp:
        work = Path(tmp)
        settings = dataclasses.replace(Settings.load(PROJECT), data_dir=work / "data")
        # Every prompt rendered into the bot's own cache first: the bench knows their lengths exactly.
        _flow, prompts = await render_prompts(settings.flows_dir / f"{flow}.yaml", settings.tts_cache_dir)
        app = App(settings, mask)
        await app.start()
        try:
            queue: asyncio.Queue[int] = asyncio.Queue()
            for i in range(len(jobs)):
                queue.put_nowait(i)
            started, done = time.perf_counter(), 0

            async def worker(slot: int) -> None:
                nonlocal done
                while not queue.empty():
                    i = queue.get_nowait()
                    job = jobs[i]
                    state = job.utterance.state
                    if state == OPENING:
                        lead = OPENING_LEAD_S
                    else:
                        lead = prompts["opening"].seconds + prompts[state].seconds + MARGIN_S
                    await _call(app, job, i, slot, lead, hold, password, EXTENSIONS[flow], work)
                    done += 1
                    if done % 20 == 0:
                        print(
                            f"  {done}/{len(jobs)} calls ({time.perf_counter() - started:.0f} s)",
                            file=sys.stderr,
                        )

            await asyncio.gather(*(worker(slot) for slot in range(concurrency)))
            await asyncio.sleep(1.0)  # the last records are written as their calls tear down
            calls = await app.store._run(lambda: list(app.store.db["calls"].rows))
            turns = await app.store._run(lambda: list(app.store.db["turns"].rows))
        finally:
            await app.aclose()
    return phone_trials(jobs, calls, turns)


async def _call(
    app, job: PhoneCall, seed: int, slot: int, lead: float, hold: float, password: str, exten: str, work: Path
) -> None:
    speech = caller_audio_8k(job.utterance, job.voice, seed)
    speech_s = len(speech) / PHONE_RATE
    folder = work / f"slot{slot}"
    stream = folder / "caller.ulaw"
    folder.mkdir(parents=True, exist_ok=True)
    write_ulaw(stream, caller_stream(speech, lead, hold + TAIL_S, NOISE, seed))
    timeout = lead + speech_s + hold + 30
    [scenario] = write_scenarios(folder, {"caller": stream}, timeout).values()
    job.sipp = PlacedCall(
        index=slot,
        role="speech",
        caller=job.caller,
        sip_port=SIP_PORT_BASE + slot,
        media_port=MEDIA_PORT_BASE + 4 * slot,
    )
    loop = asyncio.get_running_loop()
    watch = asyncio.create_task(_hang_up_once_decided(app, job, loop.time() + lead + speech_s + hold))
    try:
        await run_caller(
            job.sipp,
            scenario=scenario,
            exten=exten,
            password=password,
            timeout_s=timeout,
            workdir=folder,
            t0=loop.time(),
            live=set(),
        )
    finally:
        watch.cancel()
        await asyncio.gather(watch, return_exceptions=True)


async def _hang_up_once_decided(app, job: PhoneCall, deadline: float) -> None:
    """Poll the bot's store until it decided on this call's turn (or the deadline), then end the call."""
    loop = asyncio.get_running_loop()
    state = job.utterance.state
    digits = job.caller.lstrip("+")

    def look() -> tuple[str | None, bool]:
        db = app.store.db
        row = db.execute(
            "select id, opted_out from calls where caller like ?", [f"%{digits[-10:]}"]
        ).fetchone()
        if row is None:
            return None, False
        if row[1]:
            return row[0], True
        if state == OPENING:
            return row[0], False
        turn = db.execute("select 1 from turns where call_id = ? and state = ?", [row[0], state]).fetchone()
        return row[0], turn is not None

    while loop.time() < deadline:
        job.call_id, job.decided = await app.store._run(look)
        if job.decided:
            break
        await asyncio.sleep(0.25)
    if job.call_id is None:
        return  # never reached the bot: sipp's own timeout ends it
    await app.control.hangup(job.call_id)


def phone_trials(jobs: list[PhoneCall], calls: list[dict], turns: list[dict]) -> list[Trial]:
    """Each call's trial, from the bot's records: its first turn in the state, or its opt-out."""
    by_id = {c["id"]: c for c in calls}
    turns_of: dict[str, list[dict]] = {}
    for turn in sorted(turns, key=lambda t: (t["call_id"], t["seq"])):
        turns_of.setdefault(turn["call_id"], []).append(turn)
    out = []
    for job in jobs:
        u, voice = job.utterance, job.voice.name
        call = by_id.get(job.call_id or "")
        if call is None:
            sipp = job.sipp
            why = f"sipp exit {sipp.returncode}: {sipp.error}" if sipp is not None else "not placed"
            out.append(Trial(u, voice, FAILED, [], f"no call record ({why})"))
            continue
        mine = [t for t in turns_of.get(call["id"], []) if t["state"] == u.state]
        if u.state == OPENING or not mine:
            heard = "opt_out" if call.get("opted_out") else "no_input"
            detail = f"ended in {call.get('end_state')} {call.get('disposition') or ''}"
            out.append(Trial(u, voice, heard, [t["heard"] for t in mine], detail))
            continue
        first = mine[0]
        heard = {"ambiguous": "ask_again", "opt_out": "opt_out"}.get(first["intent"], first["intent"])
        if heard not in HEARD:
            heard = "no_match"
        detail = f"{first['transition']} {call.get('disposition') or ''}"
        out.append(Trial(u, voice, heard, [first["heard"]], detail))
    return out
