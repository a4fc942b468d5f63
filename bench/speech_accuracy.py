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


# "tune": the voices the answer rules were chosen on; "heldout": voices whose failures were looked at only
# for the opt-out rules (bot.flow.answers.grammar_optout), never for the garbage and answer rules.
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
# "unseen": added after the rules were settled and measured once, never looked at before.
VOICE_SETS["unseen"] = [
    Voice("ko+m1", 175),
    Voice("ko+f3", 150, 70),
    Voice("ko+m4", 210),
    Voice("ko+f5", 185, 45),
    Voice("ko+m7", 160),
    Voice("ko+klatt3", 200),
]
VOICE_SETS["all"] = VOICE_SETS["tune"] + VOICE_SETS["heldout"] + VOICE_SETS["unseen"]
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
        """(what the bot did, the recogniser's results, why) for one turn of `state`."""
        from bot.flow.answers import checked_words

        listener = self.plan.listener(None if state == "opening" else state)
        stream = self.plan.recognizer(16000, "bench")  # type: ignore[misc]
        stream.complete = listener.complete
        stream.set_grammar(listener.grammar)
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
        texts: list[str] = []
        async for transcript in stream:
            # As the runner: opt-out on every result; the first final result in a listening state decides.
            if transcript.final:
                checked = checked_words(transcript)
                texts.append(
                    transcript.text + (f" (check: {' '.join(checked)})" if checked is not None else "")
                )
            if listener.optout(transcript):
                if not transcript.final:
                    texts.append(f"(partial) {transcript.text}")
                return "opt_out", texts, ""
            if transcript.final and listener.rules is not None:
                answer = listener.answer(transcript)
                heard = {"intent": answer.intent, "ambiguous": "ask_again"}.get(answer.kind, "no_match")
                return heard, texts, answer.reason
        return "no_input", texts, ""


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


# ---- phone path: real calls into the sandbox Asterisk -----------------------------------------------------
# What tests/e2e/sipcall.py and rtp_peer.py do, copied (the bench imports nothing from tests/): sipp places
# the call (PCMU only), an RTP peer of ours carries its audio both ways.
_CALL_SCENARIO = """<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="clearcall-speech-accuracy">
  <send retrans="500"><![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:[callerid]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:clearcall-test@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=- 53655765 2353687637 IN IP4 [local_ip]
      s=-
      c=IN IP4 [local_ip]
      t=0 0
      m=audio [rtpport] RTP/AVP 0 101
      a=rtpmap:0 PCMU/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-16
      a=ptime:20
      a=sendrecv
  ]]></send>
  <recv response="100" optional="true"/>
  <recv response="401" auth="true"/>
  <send><![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:[callerid]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Max-Forwards: 70
      Content-Length: 0
  ]]></send>
  <send retrans="500"><![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:[callerid]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 2 INVITE
      Contact: <sip:clearcall-test@[local_ip]:[local_port]>
      [authentication username=clearcall-test]
      Max-Forwards: 70
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=- 53655765 2353687637 IN IP4 [local_ip]
      s=-
      c=IN IP4 [local_ip]
      t=0 0
      m=audio [rtpport] RTP/AVP 0 101
      a=rtpmap:0 PCMU/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-16
      a=ptime:20
      a=sendrecv
  ]]></send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="183" optional="true"/>
  <recv response="200" rtd="true"/>
  <send><![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:[callerid]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 2 ACK
      Max-Forwards: 70
      Content-Length: 0
  ]]></send>
  <recv request="BYE" timeout="120000"/>
  <send><![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0
  ]]></send>
</scenario>
"""
LOUD = 500.0  # RMS of a 20 ms packet above which the bot is speaking


class RtpPeer(asyncio.DatagramProtocol):
    """The caller's media: receives the bot's PCMU (its address from the first packet), sends ours."""

    def __init__(self) -> None:
        self.transport: asyncio.DatagramTransport | None = None
        self.remote: tuple[str, int] | None = None
        self.first_loud: float | None = None
        self.first_packet = asyncio.Event()
        self._seq, self._ts, self._ssrc = 1, 0, int(time.time() * 1000) & 0xFFFFFFFF

    @classmethod
    async def open(cls) -> tuple[RtpPeer, int]:
        transport, peer = await asyncio.get_running_loop().create_datagram_endpoint(
            cls, local_addr=("127.0.0.1", 0)
        )
        return peer, transport.get_extra_info("sockname")[1]

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        if len(data) < 12 or data[0] >> 6 != 2:
            return
        if self.remote is None:
            self.remote = addr
            self.first_packet.set()
        if data[1] & 0x7F == 0 and self.first_loud is None:
            samples = ulaw_decode(data[12 + 4 * (data[0] & 0x0F) :]).astype(np.float64)
            if samples.size and np.sqrt(np.mean(samples**2)) > LOUD:
                self.first_loud = time.monotonic()

    async def wait_heard(self, seconds: float, timeout: float = 60.0) -> None:
        """Until `seconds` after the bot's first loud packet."""
        end = time.monotonic() + timeout
        while self.first_loud is None or time.monotonic() - self.first_loud < seconds:
            if time.monotonic() > end:
                raise TimeoutError("the bot did not speak")
            await asyncio.sleep(0.02)

    async def speak(self, samples_8k: np.ndarray) -> None:
        """Send audio paced in real time, 20 ms PCMU packets."""
        import struct

        await asyncio.wait_for(self.first_packet.wait(), 10)
        assert self.transport is not None and self.remote is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time()
        for i in range(0, len(samples_8k), 160):
            chunk = np.pad(samples_8k[i : i + 160], (0, max(0, 160 - len(samples_8k[i : i + 160]))))
            header = struct.pack("!BBHII", 0x80, (0x80 if i == 0 else 0), self._seq, self._ts, self._ssrc)
            self.transport.sendto(header + ulaw_encode(chunk), self.remote)
            self._seq, self._ts = (self._seq + 1) & 0xFFFF, (self._ts + 160) & 0xFFFFFFFF
            deadline += 0.02
            await asyncio.sleep(max(0.0, deadline - loop.time()))

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


async def _place_call(exten: str, caller: str, script, scenario: Path, timeout: float = 90.0) -> int:
    from bot.app.settings import read_env_file

    password = read_env_file(PROJECT / ".local" / "secrets.env")["CLEARCALL_TEST_PASSWORD"]
    peer, rtp_port = await RtpPeer.open()
    args = [
        "sipp", "127.0.0.1:5060", "-sf", str(scenario), "-s", exten,
        "-i", "127.0.0.1", "-m", "1", "-l", "1", "-nostdin", "-timeout", f"{int(timeout)}s",
        "-au", "clearcall-test", "-ap", password,
        "-key", "rtpport", str(rtp_port), "-key", "callerid", caller, "-mp", str(rtp_port + 2),
    ]  # fmt: skip
    proc = await asyncio.create_subprocess_exec(
        *args, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL, cwd="/tmp"
    )
    task = asyncio.create_task(script(peer))
    try:
        await asyncio.wait_for(proc.wait(), timeout + 10)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        peer.close()
    return proc.returncode or 0


async def run_phone(flow: str, voices: list[Voice], corpus: list[Utterance], concurrency: int) -> list[Trial]:
    """Each utterance in one real call to the flow's extension; the bot's call record says what it did."""
    import logging
    import tempfile

    from bot.app.runtime import App
    from bot.app.settings import Settings
    from bot.core.logs import setup_logging
    from bot.core.numbers import mask

    setup_logging("WARNING")
    logging.getLogger("clearcall.calls").setLevel("WARNING")
    jobs = [(u, v, seed) for seed, (u, v) in enumerate((u, v) for u in corpus for v in voices)]
    callers = {f"+821066{i:06d}": i for i in range(len(jobs))}
    with tempfile.TemporaryDirectory(prefix="clearcall-speech-") as tmp:
        scenario = Path(tmp) / "call.xml"
        scenario.write_text(_CALL_SCENARIO, encoding="iso-8859-1")
        settings = dataclasses.replace(Settings.load(PROJECT), data_dir=Path(tmp))
        app = App(settings, mask)
        await app.start()
        try:
            plan_flow = app_flow(app, flow)
            opening = await _seconds(app, plan_flow, plan_flow.opening_text())
            question = {
                name: await _seconds(app, plan_flow, spec.say or "")
                for name, spec in plan_flow.states.items()
            }
            queue: asyncio.Queue[tuple[str, int]] = asyncio.Queue()
            for caller, i in callers.items():
                queue.put_nowait((caller, i))
            started, done = time.perf_counter(), 0

            async def worker() -> None:
                nonlocal done
                while not queue.empty():
                    caller, i = queue.get_nowait()
                    u, v, seed = jobs[i]
                    audio = caller_audio_8k(u, v, seed)
                    # During the opening: a second into it. In a state: just after its question.
                    lead = 1.0 if u.state == "opening" else opening + question.get(u.state, 0.0) + 0.3

                    async def script(peer: RtpPeer, audio=audio, lead=lead) -> None:
                        await peer.wait_heard(lead)
                        await peer.speak(audio)
                        await peer.speak(np.zeros(PHONE_RATE * 2, np.int16))

                    await _place_call(EXTENSIONS[flow], caller, script, scenario)
                    done += 1
                    if done % 20 == 0:
                        print(
                            f"  {done}/{len(jobs)} calls ({time.perf_counter() - started:.0f} s)",
                            file=sys.stderr,
                        )

            await asyncio.gather(*(worker() for _ in range(concurrency)))
            await asyncio.sleep(1.0)  # the last records are written as their calls tear down
            calls = await app.store._run(lambda: list(app.store.db["calls"].rows))
            turns = await app.store._run(lambda: list(app.store.db["turns"].rows))
        finally:
            await app.aclose()
    return _phone_trials(jobs, callers, calls, turns)


def app_flow(app, flow: str):
    from bot.flow.loader import load_flow

    return load_flow(app.settings.flows_dir / f"{flow}.yaml")


async def _seconds(app, flow, text: str) -> float:
    if not text:
        return 0.0
    pcm = await app.tts.render(flow.render(text, {}), flow.voice, 16000, flow.rate)
    return len(pcm) / 32000


def _phone_trials(jobs, callers: dict[str, int], calls: list[dict], turns: list[dict]) -> list[Trial]:
    by_index: dict[int, dict] = {}
    for call in calls:
        digits = "".join(ch for ch in str(call.get("caller", "")) if ch.isdigit())
        for number, i in callers.items():
            if digits.endswith(number[1:]) or digits.endswith(number[3:]):
                by_index[i] = call
    turns_of: dict[str, list[dict]] = {}
    for turn in sorted(turns, key=lambda t: (t["call_id"], t["seq"])):
        turns_of.setdefault(turn["call_id"], []).append(turn)
    out = []
    for i, (u, v, _seed) in enumerate(jobs):
        call = by_index.get(i)
        if call is None:
            out.append(Trial(u, v.name, "no_input", [], "no call record"))
            continue
        mine = [t for t in turns_of.get(call["id"], []) if t["state"] == u.state]
        if u.state == "opening" or not mine:
            heard = "opt_out" if call.get("opted_out") and call.get("end_state") == u.state else "no_input"
            out.append(Trial(u, v.name, heard, [t["heard"] for t in mine], call.get("disposition") or ""))
            continue
        first = mine[0]
        heard = {"ambiguous": "ask_again", "opt_out": "opt_out"}.get(first["intent"], first["intent"])
        if heard not in HEARD:
            heard = "no_match"
        out.append(
            Trial(
                u, v.name, heard, [first["heard"]], f"{first['transition']} {call.get('disposition') or ''}"
            )
        )
    return out


# ---- entry point ------------------------------------------------------------------------------------------
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
        f"flow {args.flow}: {len(corpus)} utterances x {len(voices)} voices = "
        f"{len(corpus) * len(voices)} trials"
    )
    print("voices: " + ", ".join(v.name for v in voices))
    started = time.perf_counter()
    if args.offline:
        trials = asyncio.run(run_offline(args.flow, voices, corpus, args.concurrency))
    else:
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
