"""Per-call results from the capture: every placed call comes out measured, or failed with its reason."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from bench.load.callers import PlacedCall
from bench.load.prompts import Prompt
from bench.load.wire import Capture, caller_speech, find_prompts, gaps_between


@dataclass(frozen=True)
class Expect:
    """What a call to the flow should sound like."""

    opening: str = "opening"
    question: str = "ask_interest"  # the flow's first listening state
    replies: tuple[tuple[str, str], ...] = (("answer", "ask_interest.yes.end"), ("optout", "optout_goodbye"))

    def reply_for(self, role: str) -> str:
        return dict(self.replies)[role]


@dataclass
class CallRow:
    n: int
    index: int
    role: str
    caller: str
    sip_port: int
    status: str = "failed"  # "measured", "busy" (refused by the bot's admission: SIP 486) or "failed"
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    call_id: str = ""
    sipp_rc: int | None = None
    started_s: float | None = None  # after the first call's start
    invite_to_answer_ms: float | None = None
    # When the call was up on the wire (after the first call's start): 200 OK .. the first BYE either way.
    answered_s: float | None = None
    hung_up_s: float | None = None
    answer_to_onset_ms: float | None = None
    speech_start_s: float | None = None  # after the answer
    speech_end_s: float | None = None
    reply: str = ""
    reply_ms: float | None = None
    optout_bye_ms: float | None = None
    bye_s: float | None = None  # the bot's BYE, after the answer
    prompts: str = ""
    stretch_max: float | None = None
    gaps: int = 0
    gap_max_ms: float | None = None
    ctl_gaps: int = 0
    frames_delta: int = 0
    seq_breaks: int = 0
    # The bot's own record of the call (its database), a cross-check, not a measurement.
    bot_end_state: str = ""
    bot_disposition: str = ""
    bot_opted_out: int | None = None


@dataclass
class PromptRow:
    n: int
    index: int
    call_id: str
    name: str
    complete: bool
    head_s: float  # after the answer
    onset_s: float | None
    wire_s: float
    rendered_s: float
    stretch: float | None
    gaps: int
    gap_max_ms: float | None
    ctl_gaps: int
    frames_delta: int
    seq_breaks: int
    head_cost_db: float
    tail_cost_db: float | None


def analyse(
    n: int,
    calls: list[PlacedCall],
    capture: Capture,
    prompts: dict[str, Prompt],
    expect: Expect,
    t0: float,
    records: dict[str, tuple[str, str, int]] | None = None,
) -> tuple[list[CallRow], list[PromptRow]]:
    """`records`: the bot's own (end_state, disposition, opted_out) by caller number, to compare with."""
    rows, prompt_rows = [], []
    for call in calls:
        row, prows = analyse_call(n, call, capture, prompts, expect, t0)
        if records is not None and call.caller in records:
            row.bot_end_state, row.bot_disposition, row.bot_opted_out = records[call.caller]
            if call.role == "optout" and row.optout_bye_ms is not None and not row.bot_opted_out:
                row.notes.append("the wire shows the opt-out honoured but the bot's record has no opt-out")
            if call.role == "optout" and row.optout_bye_ms is None and row.bot_opted_out:
                row.notes.append("the bot's record has the opt-out")
        rows.append(row)
        prompt_rows.extend(prows)
    return rows, prompt_rows


def bot_records(db: Path) -> dict[str, tuple[str, str, int]] | None:
    """(end_state, disposition, opted_out) by caller from the bot's database copy, if there is one."""
    if not db.exists():
        return None
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        query = "SELECT caller, end_state, disposition, opted_out FROM calls"
        return {c: (e or "", d or "", int(o or 0)) for c, e, d, o in con.execute(query)}
    except sqlite3.Error:
        return None
    finally:
        con.close()


BUSY_HERE = 486  # the bot's admission refusing a call: counted apart from failures


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def analyse_call(
    n: int,
    call: PlacedCall,
    capture: Capture,
    prompts: dict[str, Prompt],
    expect: Expect,
    t0: float,
) -> tuple[CallRow, list[PromptRow]]:
    row = CallRow(n, call.index, call.role, call.caller, call.sip_port, sipp_rc=call.returncode)
    if call.started is not None:
        row.started_s = round(call.started - t0, 3)
    problems: list[str] = []  # failure reasons, first one reported
    dialog = capture.dialog_from_port(call.sip_port)
    if dialog is None:
        row.reason = "no INVITE on the wire" + (f" (sipp: {call.error})" if call.error else "")
        return row, []
    row.call_id = dialog.call_id
    if dialog.t_answer is None:
        if dialog.final is not None:
            row.reason = f"refused: SIP {dialog.final[0]} {dialog.final[1]}".strip()
            if dialog.final[0] == BUSY_HERE:
                row.status = "busy"
        else:
            row.reason = "INVITE not answered" + (f" (sipp: {call.error})" if call.error else "")
        return row, []
    answer = dialog.t_answer
    row.invite_to_answer_ms = _ms(answer - dialog.t_invite)
    row.answered_s = round(answer - t0, 3)
    byes = [t for t in (dialog.t_bye_from_asterisk, dialog.t_bye_from_caller) if t is not None]
    row.hung_up_s = round(min(byes) - t0, 3) if byes else None
    if dialog.t_bye_from_asterisk is not None:
        row.bye_s = round(dialog.t_bye_from_asterisk - answer, 3)
    bot = capture.stream(dialog.asterisk_media, dialog.caller_media)
    caller = capture.stream(dialog.caller_media, dialog.asterisk_media)
    heard = find_prompts(bot, prompts) if len(bot) else []
    speech = caller_speech(caller) if len(caller) else None

    prompt_rows = []
    for item in heard:
        ctl = gaps_between(caller, bot.t[item.head], bot.t[item.end]) if item.name != "?" else []
        prompt_rows.append(
            PromptRow(
                n, call.index, dialog.call_id, item.name, item.complete,
                head_s=round(float(bot.t[item.head]) - answer, 3),
                onset_s=round(item.onset - answer, 3) if item.onset is not None else None,
                wire_s=round(item.wire_s, 3), rendered_s=round(item.rendered_s, 3),
                stretch=round(item.stretch, 4) if item.stretch is not None else None,
                gaps=len(item.gaps), gap_max_ms=_ms(max(item.gaps)) if item.gaps else None,
                ctl_gaps=len(ctl), frames_delta=item.frames_delta, seq_breaks=item.seq_breaks,
                head_cost_db=round(item.head_cost, 2),
                tail_cost_db=round(item.tail_cost, 2) if item.tail_cost is not None else None,
            )
        )  # fmt: skip
    row.prompts = " ".join(f"{h.name}{'' if h.complete else '(cut)'}" for h in heard)

    if not len(bot):
        problems.append("no RTP from Asterisk to the caller")
    elif not heard:
        problems.append("no bot speech on the wire")
    opening = heard[0] if heard and heard[0].name == expect.opening else None
    if heard and opening is None:
        problems.append(f"first bot audio is not the opening (matched: {heard[0].name})")
    if opening is not None and opening.onset is not None:
        row.answer_to_onset_ms = _ms(opening.onset - answer)
    question = heard[1] if len(heard) > 1 and heard[1].name == expect.question else None
    if speech is None:
        problems.append("the caller's speech is not on the wire")
    else:
        row.speech_start_s = round(speech.start - answer, 3)
        row.speech_end_s = round(speech.end - answer, 3)
        if speech.segments > 1:
            row.notes.append(f"caller speech in {speech.segments} segments")
    # The caller speaks at a fixed time; a bot running late puts the words into the opening, which only an
    # opt-out may interrupt. That is the bot's lateness showing, reported with how late it was.
    during_opening = (
        speech is not None
        and opening is not None
        and (question is None or speech.start < bot.t[question.head])
        and speech.start < bot.t[opening.end] + 0.5
    )
    late = ""
    if during_opening and opening is not None and opening.onset is not None:
        nominal_end = opening.onset + prompts[opening.name].seconds
        late = f"the opening was {float(bot.t[opening.end]) - nominal_end:.1f} s behind its rendered end"
    if opening is not None:
        if call.role == "answer" and during_opening:
            problems.append(f"the caller's answer fell in the opening ({late})")
        elif not opening.complete and not (call.role == "optout" and during_opening):
            problems.append("opening cut off")
        elif question is None and not (call.role == "optout" and during_opening):
            after = heard[1].name if len(heard) > 1 else "nothing"
            problems.append(f"question not heard after the opening (then: {after})")
    if (
        question is not None
        and speech is not None
        and bot.t[question.head] <= speech.start < bot.t[question.end]
    ):
        row.notes.append(
            f"caller spoke {float(bot.t[question.end]) - speech.start:.2f} s before the question ended"
        )
    expected = expect.reply_for(call.role)
    after_speech = [h for h in heard if speech is not None and h.onset is not None and h.onset > speech.start]
    if call.role == "answer" and speech is not None and not during_opening:
        reply = after_speech[0] if after_speech else None
        if reply is None:
            problems.append("no reply after the caller's speech")
        else:
            row.reply = reply.name
            if reply.name != expected:
                problems.append(f"wrong reply: {reply.name} (expected {expected})")
            elif reply.onset is not None:
                if reply.onset < speech.end:
                    row.notes.append("the reply started before the caller's speech ended")
                row.reply_ms = _ms(reply.onset - speech.end)
    honoured = False
    if call.role == "optout" and speech is not None:
        if during_opening:
            row.notes.append(f"opt-out said during the opening ({late})")
        goodbye = next((h for h in after_speech if h.name == expected), None)
        limit = goodbye.onset if goodbye is not None and goodbye.onset is not None else float("inf")
        before = [h.name for h in after_speech if h.onset is not None and h.onset < limit]
        if goodbye is not None:
            honoured = True
            row.reply = goodbye.name
            if before:
                row.notes.append(f"bot said {', '.join(before)} before the opt-out goodbye")
        elif before:
            honoured = False
            problems.append(f"opt-out not honoured: the bot went on with {', '.join(before)}")
        else:
            # No goodbye and nothing new: honoured only if what the bot was saying was cut after the words
            # (the opt-out stops the prompt). A call with no bot audio ends for other reasons.
            playing = [h for h in heard if h.onset is not None and h.onset <= speech.start]
            honoured = bool(playing) and not playing[-1].complete and bot.t[playing[-1].end] >= speech.start
            row.notes.append("no goodbye before the BYE")
            if not honoured:
                problems.append("opt-out not honoured: no goodbye, and nothing the bot said was cut")
    if dialog.t_bye_from_asterisk is None:
        if dialog.t_bye_from_caller is not None:
            problems.append("the caller hung up (sipp sent BYE)")
        else:
            problems.append("no BYE from the bot" + (f" (sipp: {call.error})" if call.error else ""))
    elif call.role == "optout" and speech is not None and honoured:
        row.optout_bye_ms = _ms(dialog.t_bye_from_asterisk - speech.end)
    if call.returncode != 0 and not problems:
        problems.append(f"sipp exit {call.returncode}: {call.error}")
    unknown = [h for h in heard if h.name == "?"]
    if unknown:
        row.notes.append(f"{len(unknown)} burst(s) of bot audio matched no prompt")

    # Playback fidelity counts every prompt heard, whatever became of the call: a prompt's wire timing
    # does not depend on the script succeeding. Stretch needs the whole prompt; gaps count up to a cut.
    named = [h for h in heard if h.name != "?"]
    stretches = [h.stretch for h in named if h.stretch is not None]
    row.stretch_max = round(max(stretches), 4) if stretches else None
    all_gaps = [g for h in named for g in h.gaps]
    row.gaps = len(all_gaps)
    row.gap_max_ms = _ms(max(all_gaps)) if all_gaps else None
    row.ctl_gaps = sum(p.ctl_gaps for p in prompt_rows)
    row.frames_delta = sum(h.frames_delta for h in named if h.complete)
    row.seq_breaks = sum(h.seq_breaks for h in named)
    if problems:
        row.reason = problems[0]
        row.notes.extend(problems[1:])
    else:
        row.status = "measured"
    return row, prompt_rows
