"""What the bot makes of what callers say: intent heard against intent meant, per state of a flow.

    .venv/bin/python -m bench.speech_accuracy --offline          # no Asterisk: G.711 imitated in-process
    .venv/bin/python -m bench.speech_accuracy                    # phone path: real calls into the sandbox
    .venv/bin/python -m bench.speech_accuracy --offline --voices tune --json out.json

The corpus (tests/fixtures/speech/<flow>.yaml) is text: per state, utterances labelled with the intent the
caller means (yes / no / opt_out / none) and a group (in_grammar, refusal, listed, noise, ...). The caller's
audio is made at run time with espeak-ng, in several voice variants and speeds (no registry package ships
a Korean voice better than espeak-ng that works offline), plus synthetic silence, noise, coughs and hum.

Offline: each utterance goes 8 kHz -> G.711 mu-law -> 16 kHz (what Asterisk hands the bot as slin16) into
the bot's own recogniser stream (VoskStream) with the state's grammar built as the bot builds it, and the
runner's own decision (opt-out detector, answer rules). Phone path: each utterance is one real call to
the flow's extension, spoken when the state is listening; the bot's call record says what it decided.

Printed: a confusion matrix per state (rows: meant; columns: what the bot did), the groups, and three
headline rates: false accept of a positive intent, opt-out recall, in-grammar accuracy.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import dataclasses
import functools
import io
import json
import subprocess
import sys
import time
import wave
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import soxr
import yaml

PROJECT = Path(__file__).resolve().parents[1]
CORPUS_DIR = (
    PROJECT / "tests" / "fixtures" / "speech"
)  # data files only: the bench imports nothing from tests/
EXTENSIONS = {"survey_ko": "200"}  # dialplans/clearcall.conf

MEANT = ("yes", "no", "opt_out", "none")
# What the bot did with the caller's turn. "ask_again" is a re-ask because the answer was ambiguous.
HEARD = ("yes", "no", "opt_out", "ask_again", "no_match", "no_input")
POSITIVE = "yes"


# ---- corpus ---------------------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Utterance:
    state: str
    meant: str
    group: str
    text: str  # words, or <silence>, <noise:white>, <cough>, ...

    @property
    def is_noise(self) -> bool:
        return self.text.startswith("<")


def load_corpus(flow: str) -> list[Utterance]:
    data = yaml.safe_load((CORPUS_DIR / f"{flow}.yaml").read_text(encoding="utf-8"))
    out = []
    for state, by_meant in data["states"].items():
        for meant, groups in by_meant.items():
            if meant not in MEANT:
                raise ValueError(f"{flow}.yaml: state {state}: unknown meaning {meant!r}")
            for group, texts in groups.items():
                out += [Utterance(state, meant, group, str(text)) for text in texts]
    return out


# ---- voices and audio -----------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Voice:
    espeak: str  # espeak-ng voice with variant, e.g. "ko+f2"
    rate: int  # words per minute
    pitch: int = 50

    @property
    def name(self) -> str:
        return f"{self.espeak}@{self.rate}" + (f"/p{self.pitch}" if self.pitch != 50 else "")


# "tune": the voices the answer rules were measured on; "heldout": voices never used to choose them.
VOICE_SETS = {
    "tune": [Voice(v, r) for v in ("ko", "ko+f2", "ko+m3") for r in (140, 180, 220)],
    "heldout": [
        Voice("ko+f4", 160),
        Voice("ko+f4", 200),
        Voice("ko+m6", 160, 40),
        Voice("ko+m6", 200),
        Voice("ko+klatt", 170),
        Voice("ko+f1", 190, 65),
    ],
}
VOICE_SETS["all"] = VOICE_SETS["tune"] + VOICE_SETS["heldout"]
PHONE_RATE = 8000


def _to_int16(x: np.ndarray) -> np.ndarray:
    return np.clip(np.round(x), -32768, 32767).astype(np.int16)


@functools.lru_cache(maxsize=4096)
def _espeak_8k(text: str, voice: Voice) -> bytes:
    args = ["espeak-ng", "-v", voice.espeak, "-s", str(voice.rate), "-p", str(voice.pitch), "--stdout", text]
    wav = subprocess.run(args, capture_output=True, check=True).stdout
    with wave.open(io.BytesIO(wav)) as w:
        rate = w.getframerate()
        samples = np.frombuffer(w.readframes(w.getnframes()), "<i2")
    return _to_int16(soxr.resample(samples.astype(np.float32), rate, PHONE_RATE)).tobytes()


def _noise(kind: str, seed: int) -> np.ndarray:
    """Non-speech a caller's line carries, at 8 kHz: seeded, so every run makes the same audio."""
    rng = np.random.default_rng(seed)
    n = int(PHONE_RATE * rng.uniform(0.6, 1.2))
    t = np.arange(n) / PHONE_RATE
    if kind == "silence":
        return _to_int16(rng.normal(0, 3, int(PHONE_RATE * 1.5)))  # a quiet line, not digital zero
    if kind in ("noise:white", "noise:pink"):
        white = rng.normal(0, 1, n)
        if kind == "noise:pink":
            spectrum = np.fft.rfft(white)
            spectrum /= np.sqrt(np.maximum(np.arange(len(spectrum)), 1))
            white = np.fft.irfft(spectrum, n)
        return _to_int16(white / np.std(white) * 2500)
    if kind == "cough":
        # Two bursts of band-limited noise with a fast attack and a decay: an explosive, voiceless sound.
        out = np.zeros(int(PHONE_RATE * 0.8))
        for start in (0.0, rng.uniform(0.3, 0.45)):
            m = int(PHONE_RATE * 0.25)
            burst = np.fft.irfft(np.fft.rfft(rng.normal(0, 1, m)) * np.hanning(m // 2 + 1) ** 0.5, m)
            env = np.minimum(np.arange(m) / 40, 1) * np.exp(-np.arange(m) / (PHONE_RATE * 0.06))
            i = int(start * PHONE_RATE)
            out[i : i + m] += burst / np.std(burst) * env * 9000
        return _to_int16(out)
    if kind == "breath":
        env = np.sin(np.pi * t / t[-1]) ** 2
        return _to_int16(rng.normal(0, 1, n) * env * 900)
    if kind == "hum":
        return _to_int16((np.sin(2 * np.pi * 50 * t) + 0.5 * np.sin(2 * np.pi * 150 * t)) * 2000)
    if kind == "click":
        out = np.zeros(int(PHONE_RATE * 0.6))
        for i in rng.integers(0, len(out) - 40, 4):
            out[i : i + 40] += rng.normal(0, 12000, 40) * np.exp(-np.arange(40) / 8)
        return _to_int16(out)
    raise ValueError(f"unknown noise <{kind}>")


def caller_audio_8k(utterance: Utterance, voice: Voice, seed: int) -> np.ndarray:
    """What the caller sends, 8 kHz linear (before the phone's G.711)."""
    if utterance.is_noise:
        return _noise(utterance.text.strip("<>"), seed)
    return np.frombuffer(_espeak_8k(utterance.text, voice), np.int16)


# G.711 mu-law, as the phone path carries the caller's voice.
_BIAS, _CLIP = 0x84, 32635


def ulaw_encode(samples: np.ndarray) -> bytes:
    x = samples.astype(np.int32)
    sign = np.where(x < 0, 0x80, 0)
    magnitude = np.minimum(np.abs(x), _CLIP) + _BIAS
    exponent = np.clip(np.floor(np.log2(magnitude)).astype(np.int32) - 7, 0, 7)
    mantissa = (magnitude >> (exponent + 3)) & 0x0F
    return (~(sign | (exponent << 4) | mantissa) & 0xFF).astype(np.uint8).tobytes()


def ulaw_decode(data: bytes) -> np.ndarray:
    u = ~np.frombuffer(data, dtype=np.uint8)
    sign, exponent, mantissa = u & 0x80, (u >> 4) & 0x07, u & 0x0F
    magnitude = (((mantissa.astype(np.int32) << 3) + _BIAS) << exponent) - _BIAS
    return np.where(sign != 0, -magnitude, magnitude).astype(np.int16)


def phone_path_16k(samples_8k: np.ndarray) -> bytes:
    """The offline stand-in for the line: mu-law there and back, then up to the bot's 16 kHz."""
    line = ulaw_decode(ulaw_encode(samples_8k))
    return _to_int16(soxr.resample(line.astype(np.float32), PHONE_RATE, 16000)).tobytes()


# ---- what the bot did -------------------------------------------------------------------------------------
@dataclasses.dataclass
class Trial:
    utterance: Utterance
    voice: str
    heard: str
    texts: list[str] = dataclasses.field(
        default_factory=list
    )  # the recogniser's finals (and opt-out partial)
    detail: str = ""


class Report:
    def __init__(self, trials: list[Trial]) -> None:
        self.trials = trials

    def print(self, out=sys.stdout) -> None:
        states = list(dict.fromkeys(t.utterance.state for t in self.trials))
        for state in states:
            rows = [t for t in self.trials if t.utterance.state == state]
            print(f"\nstate {state}: {len(rows)} trials (rows: meant; columns: what the bot did)", file=out)
            print(f"  {'':<10}" + "".join(f"{h:>10}" for h in HEARD) + f"{'n':>6}", file=out)
            for meant in MEANT:
                mine = [t for t in rows if t.utterance.meant == meant]
                if not mine:
                    continue
                counts = collections.Counter(t.heard for t in mine)
                print(
                    f"  {meant:<10}" + "".join(f"{counts[h]:>10}" for h in HEARD) + f"{len(mine):>6}",
                    file=out,
                )
            print("  by group:", file=out)
            for (meant, group), mine in _grouped(rows).items():
                counts = collections.Counter(t.heard for t in mine)
                shown = ", ".join(f"{h} {counts[h]}" for h in HEARD if counts[h])
                print(f"    {meant + '/' + group:<20} n={len(mine):<4} {shown}", file=out)
        print("\nheadline", file=out)
        for line in self.headline():
            print(f"  {line}", file=out)

    def headline(self) -> list[str]:
        t = self.trials
        lines = []
        not_yes = [x for x in t if x.utterance.meant != POSITIVE]
        refusals = [x for x in t if x.utterance.meant in ("no", "opt_out")]
        lines.append(
            _rate("false accept of a positive intent (meant not yes, taken as yes)", not_yes, _is_yes)
        )
        lines.append(_rate("  of which refusals and opt-outs taken as yes (goal 0 %)", refusals, _is_yes))
        lines.append(_rate("  of which no speech, noise, unrelated taken as yes", _meant(t, "none"), _is_yes))
        for group in ("offered", "listed", "other"):
            opt = [x for x in t if x.utterance.meant == "opt_out" and x.utterance.group == group]
            goal = " (goal >= 95 %)" if group == "offered" else ""
            lines.append(
                _rate(f"opt-out recall, {group} phrasings{goal}", opt, lambda x: x.heard == "opt_out")
            )
        opt = _meant(t, "opt_out")
        lines.append(_rate("opt-out recall, all", opt, lambda x: x.heard == "opt_out"))
        in_grammar = [x for x in t if x.utterance.group == "in_grammar"]
        lines.append(
            _rate("in-grammar accuracy (goal >= 95 %)", in_grammar, lambda x: x.heard == x.utterance.meant)
        )
        wrong = [x for x in in_grammar if x.heard != x.utterance.meant]
        lines.append(
            _rate(
                "  in-grammar answers taken as the wrong intent",
                in_grammar,
                lambda x: x.heard in MEANT and x in wrong,
            )
        )
        lines.append(
            _rate(
                "false opt-out (meant not opt-out, call ended as opted out)",
                [x for x in t if x.utterance.meant != "opt_out"],
                lambda x: x.heard == "opt_out",
            )
        )
        return lines

    def failures(self, limit: int = 400) -> list[str]:
        out = []
        for x in self.trials:
            u = x.utterance
            bad = (x.heard == POSITIVE and u.meant != POSITIVE) or (
                u.meant in ("yes", "no", "opt_out") and x.heard != u.meant
            )
            if bad:
                out.append(
                    f"{u.state}: {u.meant}/{u.group} {u.text!r} [{x.voice}] -> {x.heard} {x.texts} {x.detail}"
                )
        return out[:limit]


def _meant(trials: list[Trial], meant: str) -> list[Trial]:
    return [x for x in trials if x.utterance.meant == meant]


def _is_yes(trial: Trial) -> bool:
    return trial.heard == POSITIVE


def _rate(label: str, trials: list[Trial], ok) -> str:
    if not trials:
        return f"{label:<72} n/a"
    hits = sum(1 for x in trials if ok(x))
    return f"{label:<72} {100 * hits / len(trials):5.1f} %  ({hits}/{len(trials)})"


def _grouped(trials: list[Trial]) -> dict[tuple[str, str], list[Trial]]:
    out: dict[tuple[str, str], list[Trial]] = {}
    for x in trials:
        out.setdefault((x.utterance.meant, x.utterance.group), []).append(x)
    return out


class BaselineHearing:
    """The runner's decisions as of the commit before the answer rules (kept to measure the baseline)."""

    def __init__(self, plan, state: str) -> None:
        from bot.flow.intents import match_intent

        self.match_intent = match_intent
        if state == "opening":
            phrases, self.intents = [], {}
        else:
            spec = plan.flow.states[state]
            phrases, self.intents = spec.grammar_phrases(), dict(spec.listen.intents)
        self.grammar = [*phrases, *plan.optout_grammar]
        self.detector = plan.detector
        self.result: str | None = None
        self.texts: list[str] = []
        self.detail = ""

    def complete(self, text: str) -> bool:
        if self.detector.detect(text, final=True) is not None:
            return True
        return bool(self.intents) and self.match_intent(text, self.intents) is not None

    def feed(self, t) -> bool:
        if t.final:
            self.texts.append(t.text)
        if self.detector.detect(t.text, final=t.final) is not None:
            if not t.final:
                self.texts.append(f"(partial) {t.text}")
            self.result = "opt_out"
            return True
        if t.final and self.intents:
            m = self.match_intent(t.text, self.intents)
            self.result = m.intent if m else "no_match"
            return True
        return False

    def outcome(self) -> str:
        return self.result or "no_input"


# ---- offline: the bot's recogniser and decisions, in-process ------------------------------------------
class OfflineBot:
    """The parts of the bot that hear a caller's turn: the flow's plan as the catalog builds it, a
    VoskStream per turn with the state's grammar, and the runner's decision on what it returns."""

    def __init__(self, flow: str) -> None:
        from bot.app.flow_catalog import build_catalog
        from bot.app.settings import Settings

        settings = Settings.load(PROJECT)
        catalog = build_catalog(settings.flows_dir, settings.models_dir)
        self.plan = catalog.plans[flow]
        self.flow = self.plan.flow

    async def hear(self, state: str, pcm_16k: bytes) -> tuple[str, list[str], str]:
        """(what the bot did, the recogniser's results, detail) for one turn of `state`."""
        hearing = BaselineHearing(self.plan, state)
        stream = self.plan.recognizer(16000, "bench")  # type: ignore[misc]
        stream.complete = hearing.complete
        stream.set_grammar(hearing.grammar)
        frames = [pcm_16k[i : i + 640] for i in range(0, len(pcm_16k) - 639, 640)]
        # Fed faster than real time, at most 5 s ahead of the recogniser (it drops audio beyond 10 s).
        fed = 0
        for frame in frames:
            while fed - stream.audio_seconds / 0.02 > 250:
                await asyncio.sleep(0.002)
            stream.push_frame(frame)
            fed += 1
        while stream.audio_seconds < fed * 0.02 - 1e-6:
            await asyncio.sleep(0.002)
        await asyncio.sleep(0.01)  # the last results cross from the worker thread to the loop
        await stream.aclose()
        async for transcript in stream:
            if hearing.feed(transcript):
                break
        return hearing.outcome(), hearing.texts, hearing.detail


async def run_offline(
    flow: str, voices: list[Voice], corpus: list[Utterance], concurrency: int
) -> list[Trial]:
    bot = OfflineBot(flow)
    jobs = [(u, v, seed) for seed, (u, v) in enumerate((u, v) for u in corpus for v in voices)]
    trials: list[Trial | None] = [None] * len(jobs)
    lead, tail = np.zeros(int(PHONE_RATE * 0.5), np.int16), np.zeros(int(PHONE_RATE * 1.5), np.int16)
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(len(jobs)):
        queue.put_nowait(i)
    done = 0
    started = time.perf_counter()

    async def worker() -> None:
        nonlocal done
        while not queue.empty():
            i = queue.get_nowait()
            u, v, seed = jobs[i]
            audio = await asyncio.to_thread(caller_audio_8k, u, v, seed)
            pcm = phone_path_16k(np.concatenate([lead, audio, tail]))
            heard, texts, detail = await bot.hear(u.state, pcm)
            trials[i] = Trial(u, v.name, heard, texts, detail)
            done += 1
            if done % 100 == 0:
                print(f"  {done}/{len(jobs)} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return [t for t in trials if t is not None]


# ---- entry point -------------------------------------------------------------------------------------
def pick_voices(spec: str) -> list[Voice]:
    out: list[Voice] = []
    for part in spec.split(","):
        if part in VOICE_SETS:
            out += VOICE_SETS[part]
        else:  # "ko+f3@170" or "ko+f3@170/p60"
            name, _, rest = part.partition("@")
            rate, _, pitch = rest.partition("/p")
            out.append(Voice(name, int(rate or 175), int(pitch or 50)))
    return list(dict.fromkeys(out))


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--flow", default="survey_ko")
    parser.add_argument("--offline", action="store_true", help="no Asterisk: G.711 imitated in-process")
    parser.add_argument("--voices", default="all", help="tune, heldout, all, or VOICE@RATE[/pPITCH],...")
    parser.add_argument("--states", default="", help="only these states (comma-separated)")
    parser.add_argument(
        "--concurrency", type=int, default=2, help="turns recognised (offline) or calls at once"
    )
    parser.add_argument("--json", type=Path, help="write every trial here")
    parser.add_argument("--failures", action="store_true", help="list every wrong decision")
    args = parser.parse_args(list(argv) if argv is not None else None)
    corpus = load_corpus(args.flow)
    if args.states:
        corpus = [u for u in corpus if u.state in args.states.split(",")]
    voices = pick_voices(args.voices)
    print(
        f"flow {args.flow}: {len(corpus)} utterances x {len(voices)} voices = {len(corpus) * len(voices)} "
        "trials"
    )
    print("voices: " + ", ".join(v.name for v in voices))
    started = time.perf_counter()
    if args.offline:
        trials = asyncio.run(run_offline(args.flow, voices, corpus, args.concurrency))
    else:
        from bench.speech_phone import run_phone

        trials = asyncio.run(run_phone(args.flow, voices, corpus, args.concurrency))
    report = Report(trials)
    report.print()
    print(f"\n{len(trials)} trials in {time.perf_counter() - started:.0f} s")
    if args.failures:
        print("\nwrong decisions:")
        for line in report.failures():
            print(f"  {line}")
    if args.json:
        args.json.write_text(
            json.dumps([_trial_json(t) for t in trials], ensure_ascii=False, indent=1), encoding="utf-8"
        )


def _trial_json(t: Trial) -> dict[str, Any]:
    return dataclasses.asdict(t.utterance) | {
        "voice": t.voice,
        "heard": t.heard,
        "texts": t.texts,
        "detail": t.detail,
    }


if __name__ == "__main__":
    main()
