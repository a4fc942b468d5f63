"""The table: one row per N, from every call placed; and the raw rows as CSV."""

from __future__ import annotations

import csv
import dataclasses
import itertools
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bench.load.analyse import CallRow, PromptRow
from bench.load.run import RunResult


def pct(values: list[float], q: float) -> float | None:
    return float(np.percentile(values, q)) if values else None


@dataclass
class Summary:
    n: int
    placed: int
    measured: int
    failed: int
    busy: int  # refused by the bot's admission (SIP 486): a clean busy, not a failure
    reasons: Counter
    notes: Counter
    onset: list[float]
    reply: list[float]
    optout: list[float]
    stretches: list[float]
    gaps: int
    gap_max_ms: float | None
    ctl_gaps: int
    prompts_heard: int
    prompts_complete: int
    frames_delta: list[int]
    bot_cpu_avg: float | None
    bot_cpu_peak: float | None
    bot_rss_peak: float | None
    bot_rss_idle: float
    asterisk_cpu_avg: float | None
    asterisk_cpu_peak: float | None
    callers_cpu_avg: float | None
    host_busy_avg: float | None
    host_steal_avg: float | None
    others_cpu_avg: float | None  # % of one core used by processes outside the run (other work on the host)
    capture: dict
    run_errors: list[str]
    bot_log: dict[str, int] = field(default_factory=dict)
    bot_clock: dict[str, list[float]] = field(default_factory=dict)
    label: str = ""  # the checkout, when runs compare checkouts
    bot_cpu_seconds: float | None = None  # CPU time the bot used over the run's window, all its processes
    live_peak: int = 0  # calls up on the wire at once, at most
    live_at_turn: list[int] = field(default_factory=list)  # calls up when each caller finished speaking

    @property
    def name(self) -> str:
        return f"{self.n} {self.label}" if self.label else str(self.n)


def _norm(reason: str) -> str:
    """Group reasons that differ only in numbers (ports, seconds)."""
    return re.sub(r"\d+(\.\d+)?", "#", reason)


_BOT_EVENT = re.compile(r"event=(first_audio|reply|optout_hangup) ms=([\d.]+)")
_BOT_ASR = re.compile(r"event=asr audio_s=([\d.]+) busy_s=([\d.]+)")


def bot_log_facts(path: Path) -> tuple[dict[str, int], dict[str, list[float]]]:
    """Warnings/errors the bot logged (by message, numbers folded) and its own clock's figures."""
    counts: Counter = Counter()
    clock: dict[str, list[float]] = {
        "first_audio": [],
        "reply": [],
        "optout_hangup": [],
        "asr_busy_per_audio": [],
    }
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return {}, clock
    ready = False  # start-up notes (flows without a model...) are not load findings
    for line in text.splitlines():
        if not ready:
            ready = "clearcall: ready" in line
            continue
        if match := _BOT_EVENT.search(line):
            clock[match.group(1)].append(float(match.group(2)))
        elif match := _BOT_ASR.search(line):
            audio, busy = float(match.group(1)), float(match.group(2))
            if audio > 0:
                clock["asr_busy_per_audio"].append(busy / audio)
        parts = line.split(None, 3)
        if len(parts) == 4 and parts[2] in ("WARNING", "ERROR", "CRITICAL"):
            message = re.sub(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", "<uuid>", parts[3])
            message = re.sub(r"call=\S+|\d+(\.\d+)?", "#", message)
            counts[f"{parts[2]} {message[:150]}"] += 1
        elif line.startswith("Traceback"):
            counts["Traceback"] += 1
    return dict(counts), clock


def live_calls(rows: list[CallRow], end_s: float) -> tuple[int, list[int]]:
    """Concurrency read from the wire: the most calls up at once (200 OK to BYE; a call with no BYE counts
    until `end_s`), and how many were up at the end of each caller's words, the load each turn met."""
    spans = [(r.answered_s, r.hung_up_s or end_s) for r in rows if r.answered_s is not None]

    def up(t: float) -> int:
        return sum(1 for start, end in spans if start <= t < end)

    turns = [r.answered_s + r.speech_end_s for r in rows if r.answered_s is not None and r.speech_end_s]
    return max((up(start) for start, _ in spans), default=0), [up(t) for t in turns]


def summarise(result: RunResult, rows: list[CallRow], prompt_rows: list[PromptRow]) -> Summary:
    measured = [r for r in rows if r.status == "measured"]
    # Latencies: every call that reached the point measured, including calls that failed later (a wrong
    # reply does not make the answer->onset before it any less real). Counts are in `details`.
    failed = [r for r in rows if r.status == "failed"]
    # Playback fidelity: every prompt heard in every answered call (see analyse.analyse_call).
    named = [p for p in prompt_rows if p.name != "?"]
    complete = [p for p in named if p.complete]
    lo, hi = result.window
    window = [s for s in result.samples if lo <= s.t <= hi + 0.5]

    def avg(key: str, group: str) -> float | None:
        values = [getattr(s, key)[group] for s in window if group in getattr(s, key)]
        return float(np.mean(values)) if values else None

    def peak(key: str, group: str) -> float | None:
        values = [getattr(s, key)[group] for s in window if group in getattr(s, key)]
        return float(max(values)) if values else None

    cores = os.cpu_count() or 1
    gap_values = [p.gap_max_ms for p in named if p.gap_max_ms is not None]
    log_counts, clock = bot_log_facts(result.bot_log)
    live_peak, live_at_turn = live_calls(rows, hi - result.t0)
    return Summary(
        n=result.n,
        placed=len(rows),
        measured=len(measured),
        failed=len(failed),
        busy=sum(1 for r in rows if r.status == "busy"),
        reasons=Counter(_norm(r.reason) for r in failed),
        notes=Counter(_norm(note) for r in rows for note in r.notes),
        onset=[r.answer_to_onset_ms for r in rows if r.answer_to_onset_ms is not None],
        reply=[r.reply_ms for r in rows if r.reply_ms is not None],
        optout=[r.optout_bye_ms for r in rows if r.optout_bye_ms is not None],
        stretches=[p.stretch for p in complete if p.stretch is not None],
        gaps=sum(p.gaps for p in named),
        gap_max_ms=max(gap_values) if gap_values else None,
        ctl_gaps=sum(p.ctl_gaps for p in named),
        prompts_heard=len(named),
        prompts_complete=len(complete),
        frames_delta=[p.frames_delta for p in complete],
        bot_cpu_avg=avg("cpu", "bot"),
        bot_cpu_peak=peak("cpu", "bot"),
        bot_rss_peak=peak("rss", "bot"),
        bot_rss_idle=result.bot_idle_rss_mb,
        asterisk_cpu_avg=avg("cpu", "asterisk"),
        asterisk_cpu_peak=peak("cpu", "asterisk"),
        callers_cpu_avg=avg("cpu", "callers"),
        host_busy_avg=float(np.mean([s.host_busy for s in window])) if window else None,
        host_steal_avg=float(np.mean([s.host_steal for s in window])) if window else None,
        others_cpu_avg=float(np.mean([s.host_busy * cores - sum(s.cpu.values()) for s in window]))
        if window
        else None,
        capture=result.capture_stats,
        run_errors=result.errors,
        bot_log=log_counts,
        bot_clock=clock,
        label=result.label,
        bot_cpu_seconds=sum(b.cpu.get("bot", 0.0) / 100 * (b.t - a.t) for a, b in itertools.pairwise(window))
        if window
        else None,
        live_peak=live_peak,
        live_at_turn=live_at_turn,
    )


def _f(value: float | None, fmt: str = "{:.0f}") -> str:
    return "-" if value is None else fmt.format(value)


def _pair(values: list[float], fmt: str = "{:.0f}") -> str:
    return f"{_f(pct(values, 50), fmt)}/{_f(pct(values, 95), fmt)}"


COLUMNS = (
    ("N", 10),
    ("placed", 6),
    ("measured", 8),
    ("failed", 6),
    ("busy", 4),
    ("live calls peak/at turn p50", 27),
    ("answer->onset ms p50/p95", 24),
    ("reply ms p50/p95", 16),
    ("opt-out->BYE ms p50/p95", 23),
    ("stretch p50/max", 15),
    ("gaps>60ms bot/ctl", 17),
    ("bot CPU % avg/peak", 18),
    ("bot RSS MB peak", 15),
    ("Asterisk CPU % avg", 18),
    ("other CPU % avg", 15),
)


def table(summaries: list[Summary]) -> str:
    lines = ["| " + " | ".join(name for name, _ in COLUMNS) + " |"]
    lines.append("|" + "|".join("-" * (w + 2) for _, w in COLUMNS) + "|")
    for s in summaries:
        stretch = "-" if not s.stretches else f"{pct(s.stretches, 50):.3f}/{max(s.stretches):.3f}"
        cells = [
            s.name,
            str(s.placed),
            str(s.measured),
            str(s.failed),
            str(s.busy),
            f"{s.live_peak}/{_f(pct(s.live_at_turn, 50))}",
            _pair(s.onset),
            _pair(s.reply),
            _pair(s.optout),
            stretch,
            f"{s.gaps}/{s.ctl_gaps}",
            f"{_f(s.bot_cpu_avg)}/{_f(s.bot_cpu_peak)}",
            _f(s.bot_rss_peak),
            _f(s.asterisk_cpu_avg),
            _f(s.others_cpu_avg),
        ]
        lines.append("| " + " | ".join(c.rjust(w) for c, (_, w) in zip(cells, COLUMNS, strict=True)) + " |")
    return "\n".join(lines)


def details(summaries: list[Summary]) -> str:
    """What the table cannot hold: failure reasons, notes, samples counts, capture and bot-log facts."""
    out = []
    for s in summaries:
        per_call = s.bot_cpu_seconds / s.placed if s.bot_cpu_seconds is not None and s.placed else None
        out.append(f"N={s.name}:")
        out.append(
            f"  samples: answer->onset n={len(s.onset)}, reply n={len(s.reply)}, opt-out n={len(s.optout)}, "
            f"prompts heard n={s.prompts_heard}, complete n={s.prompts_complete} (frames delta != 0: "
            f"{sum(1 for d in s.frames_delta if d)}), worst gap {_f(s.gap_max_ms)} ms"
        )
        for reason, count in s.reasons.most_common():
            out.append(f"  failed x{count}: {reason}")
        for note, count in s.notes.most_common():
            out.append(f"  note x{count}: {note}")
        out.append(
            f"  CPU: Asterisk peak {_f(s.asterisk_cpu_peak)} %, "
            f"callers (sipp) avg {_f(s.callers_cpu_avg)} %, "
            f"host busy avg {_f(s.host_busy_avg)} % of all cores, steal {_f(s.host_steal_avg, '{:.1f}')} %, "
            f"other processes avg {_f(s.others_cpu_avg)} % of a core; "
            f"bot CPU per call placed {_f(per_call, '{:.2f}')} s"
        )
        out.append(f"  memory (RSS): bot idle {s.bot_rss_idle:.0f} MB, peak {_f(s.bot_rss_peak)} MB")
        cap = s.capture
        out.append(
            f"  capture: {cap.get('captured', '?')} packets, "
            f"{cap.get('dropped_by_kernel', '?')} dropped by the kernel"
        )
        clock = s.bot_clock
        out.append(
            "  bot's own clock (second opinion): first_audio p50/p95 "
            f"{_pair(clock.get('first_audio', []))} ms, reply {_pair(clock.get('reply', []))} ms, "
            f"optout_hangup {_pair(clock.get('optout_hangup', []))} ms; recogniser busy per second of audio "
            f"p50/p95 {_pair(clock.get('asr_busy_per_audio', []), '{:.3f}')}"
        )
        for message, count in sorted(s.bot_log.items(), key=lambda kv: -kv[1]):
            out.append(f"  bot log x{count}: {message}")
        for error in s.run_errors:
            out.append(f"  run: {error}")
    return "\n".join(out)


def write_csv(path: Path, rows: list) -> None:
    if not rows:
        path.write_text("")
        return
    names = [f.name for f in dataclasses.fields(rows[0])]
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=names)
        writer.writeheader()
        for row in rows:
            values = dataclasses.asdict(row)
            values = {k: "; ".join(v) if isinstance(v, list) else v for k, v in values.items()}
            writer.writerow(values)
