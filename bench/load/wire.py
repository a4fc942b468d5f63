"""Calls as the capture shows them: SIP dialogs, both RTP streams, the bot's prompts, the caller's speech.

Times are capture times (the kernel's timestamp as each packet crossed `lo`), in seconds.

Definitions (also in bench/load/__init__.py):
- loud packet: a PCMU packet whose decoded RMS is above LOUD_RMS (16-bit scale; silence is 0, the callers'
  line noise about 30, espeak speech 1000-8000).
- caller speech: from the caller's first loud packet to its last (one utterance per call by construction);
  its end is the capture time of the last loud packet the caller sent.
- prompt: one render of the bot's TTS found in the bot->caller stream by matching frame levels (dB, 20 ms,
  one per packet) against the render as it looks after 8 kHz µ-law: the head (first second) is aligned at
  the next loud packet, the tail (last second) is searched for where the render says it should end.
  A prompt whose tail never matches was cut (barge-in, the bot's hangup, the call ending).
- bot speech onset of a prompt: the capture time of its first loud packet.
- prompt wire duration: capture time of the packet carrying its last frame, minus that of the packet
  carrying its first frame, plus 20 ms; stretch = wire duration / rendered duration (frames x 20 ms).
- gap inside a prompt: two consecutive bot->caller packets of the prompt more than GAP_S apart (capture
  times). The bot sends a frame every 20 ms even in its pauses, so any longer silence on the wire is a
  stall, never espeak's own pause; espeak's pauses are inside the render and so inside the match.
- frames delta: packets the prompt took on the wire minus the frames of its render (negative: audio lost,
  positive: audio inserted; both 0 when playback is intact).
"""

from __future__ import annotations

import struct
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bench.load import sip
from bench.load.audio import ULAW_TABLE
from bench.load.pcap import read_udp
from bench.load.prompts import Prompt

LOUD_RMS = 300.0
LOUD_DB = float(20 * np.log10(LOUD_RMS + 1))
GAP_S = 0.060
HEAD = 25  # frames compared at a prompt's start (0.5 s: a prompt cut early still matches)
TAIL = 50  # and at its end
MIN_HEAD = 8  # frames of a prompt's start that must match (160 ms)
SILENT_DB = 20.0  # frames below this are silence (the bot's silence frames are exactly 0)
MATCH_DB = 6.0  # mean |dB| difference below which a window matches (same audio: 1-3.5; other audio: > 6.5)
CUT_WINDOW = 25  # frames (0.5 s): a cut prompt ends with the last window of this size that matches
TAIL_SEARCH = (-25, 150)  # frames around the expected end searched for the tail (lost .. inserted audio)
UTTERANCE_HANGOVER_S = 0.2


@dataclass
class Stream:
    """One direction of RTP (PCMU packets only), in capture order."""

    t: np.ndarray  # capture times
    seq: np.ndarray
    levels_db: np.ndarray

    @property
    def loud(self) -> np.ndarray:
        return self.levels_db > LOUD_DB

    def __len__(self) -> int:
        return len(self.t)


EMPTY = Stream(np.zeros(0), np.zeros(0, np.int64), np.zeros(0))


@dataclass
class Dialog:
    """One call's SIP, from the caller's point of view."""

    call_id: str
    from_user: str
    caller_sip: tuple[str, int]
    t_invite: float
    t_answer: float | None = None  # first 200 OK to an INVITE
    final: tuple[int, str] | None = None  # a final failure response (not the 401 challenge)
    caller_media: tuple[str, int] | None = None  # from the INVITE's SDP
    asterisk_media: tuple[str, int] | None = None  # from the 200 OK's SDP
    t_bye_from_asterisk: float | None = None
    t_bye_from_caller: float | None = None


@dataclass
class Capture:
    dialogs: dict[str, Dialog]  # by Call-ID
    streams: dict[tuple[tuple[str, int], tuple[str, int]], Stream]  # by (source, destination)

    def dialog_from_port(self, sip_port: int) -> Dialog | None:
        found = [d for d in self.dialogs.values() if d.caller_sip[1] == sip_port]
        return min(found, key=lambda d: d.t_invite) if found else None

    def stream(self, src: tuple[str, int] | None, dst: tuple[str, int] | None) -> Stream:
        if src is None or dst is None:
            return EMPTY
        return self.streams.get((src, dst), EMPTY)


def read_capture(path: Path, sip_port: int = 5060) -> Capture:
    dialogs: dict[str, Dialog] = {}
    raw: dict[tuple, list[tuple[float, bytes]]] = defaultdict(list)
    for d in read_udp(path):
        if sip_port in (d.src[1], d.dst[1]):
            message = sip.parse(d.payload)
            if message is not None and message.call_id:
                _note_sip(dialogs, d.t, d.src, d.dst, message, sip_port)
            continue
        p = d.payload
        # RTP version 2, payload type 0 (PCMU); RTCP (types 200-204) and telephone-events are skipped.
        if len(p) >= 12 and p[0] >> 6 == 2 and p[1] & 0x7F == 0:
            raw[(d.src, d.dst)].append((d.t, p))
    streams = {key: _stream(packets) for key, packets in raw.items()}
    return Capture(dialogs, streams)


def _note_sip(dialogs, t, src, dst, m: sip.SipMessage, sip_port: int) -> None:
    from_caller = dst[1] == sip_port
    if m.method == "INVITE" and from_caller:
        dialog = dialogs.get(m.call_id)
        if dialog is None:
            dialog = dialogs[m.call_id] = Dialog(m.call_id, m.from_user, src, t)
        if (audio := m.sdp_audio()) is not None:
            dialog.caller_media = audio
        return
    dialog = dialogs.get(m.call_id)
    if dialog is None:
        return
    if m.status is not None and m.cseq_method == "INVITE" and not from_caller:
        if m.status == 200 and dialog.t_answer is None:
            dialog.t_answer = t
            dialog.asterisk_media = m.sdp_audio()
        elif m.status >= 300 and m.status not in (401, 407) and dialog.final is None:
            dialog.final = (m.status, m.reason)
    elif m.method == "BYE":
        if from_caller:
            dialog.t_bye_from_caller = dialog.t_bye_from_caller or t
        else:
            dialog.t_bye_from_asterisk = dialog.t_bye_from_asterisk or t


def _stream(packets: list[tuple[float, bytes]]) -> Stream:
    t = np.array([p[0] for p in packets])
    seq = np.array([struct.unpack_from("!H", p[1], 2)[0] for p in packets], dtype=np.int64)
    levels = np.zeros(len(packets))
    for size in {len(p[1]) for p in packets}:
        rows = [i for i, p in enumerate(packets) if len(p[1]) == size]
        header = [12 + 4 * (packets[i][1][0] & 0x0F) for i in rows]
        if len(set(header)) != 1:  # unusual: CSRCs vary; decode one at a time
            for i in rows:
                h = 12 + 4 * (packets[i][1][0] & 0x0F)
                s = ULAW_TABLE[np.frombuffer(packets[i][1][h:], np.uint8)].astype(np.float64)
                levels[i] = np.sqrt(np.mean(s**2)) if s.size else 0.0
            continue
        h = header[0]
        block = np.frombuffer(b"".join(packets[i][1][h:] for i in rows), np.uint8).reshape(len(rows), -1)
        samples = ULAW_TABLE[block].astype(np.float64)
        levels[rows] = np.sqrt(np.mean(samples**2, axis=1)) if samples.shape[1] else 0.0
    return Stream(t, seq, np.clip(20 * np.log10(levels + 1.0), 0.0, 90.0))


# ---------------------------------------------------------------------------------------------- prompts
@dataclass
class Heard:
    """A stretch of the bot's stream: a prompt matched to its render, or audio that matched none."""

    name: str  # the prompt's name, or "?" for unmatched audio
    head: int  # packet index of the render's first frame (unmatched: first loud packet)
    end: int  # packet index of the last frame heard
    complete: bool  # the whole render went out (tail matched)
    head_cost: float = 0.0
    tail_cost: float | None = None
    frames: int = 0  # render frames
    onset: float | None = None  # capture time of the first loud packet
    wire_s: float = 0.0
    rendered_s: float = 0.0
    gaps: list[float] = field(default_factory=list)  # inter-arrival times > GAP_S inside, seconds
    seq_breaks: int = 0
    frames_delta: int = 0

    @property
    def stretch(self) -> float | None:
        return self.wire_s / self.rendered_s if self.complete and self.rendered_s else None


def _cost(wire: np.ndarray, render: np.ndarray) -> float:
    n = min(len(wire), len(render))
    return float(np.mean(np.abs(wire[:n] - render[:n]))) if n else float("inf")


def find_prompts(stream: Stream, prompts: dict[str, Prompt]) -> list[Heard]:
    """Walk the bot's stream from its start, matching each burst of speech to a prompt."""
    levels, loud = stream.levels_db, stream.loud
    firsts = {name: int(np.argmax(p.levels_db > LOUD_DB)) for name, p in prompts.items()}
    heard: list[Heard] = []
    pos = 0
    while pos < len(levels):
        rest = np.flatnonzero(loud[pos:])
        if rest.size == 0:
            break
        onset = pos + int(rest[0])
        best: tuple[float, str, int] | None = None
        for name, prompt in prompts.items():
            n = min(prompt.frames, HEAD)
            for k in range(onset - firsts[name] - 3, onset - firsts[name] + 4):
                if k < pos or k >= len(levels):
                    continue
                window = _until_cut(levels[k : k + n])
                if len(window) < min(n, MIN_HEAD):
                    continue
                cost = _cost(window, prompt.levels_db[:n])
                if best is None or cost < best[0]:
                    best = (cost, name, k)
        if best is None or best[0] > MATCH_DB:
            end = _burst_end(stream, onset)
            heard.append(Heard("?", onset, end, False, best[0] if best else float("inf")))
            pos = end + 1
            continue
        cost, name, head = best
        item = _follow(stream, prompts[name], head)
        item.head_cost = cost
        heard.append(item)
        pos = item.end + 1
    for item in heard:
        _describe(stream, item)
    return heard


def _until_cut(window: np.ndarray) -> np.ndarray:
    """The window without its trailing silence: a prompt cut short (by a hangup, a barge-in) still matches
    on what was played of it."""
    voiced = np.flatnonzero(window > SILENT_DB)
    return window[: int(voiced[-1]) + 1] if voiced.size else window[:0]


def _follow(stream: Stream, prompt: Prompt, head: int) -> Heard:
    """From an aligned head: where the prompt ends on the wire, or where it was cut."""
    levels, frames = stream.levels_db, prompt.frames
    n = min(frames, TAIL)
    expected = head + frames - n
    best: tuple[float, int] | None = None
    for s in range(max(head, expected + TAIL_SEARCH[0]), expected + TAIL_SEARCH[1] + 1):
        if s + n > len(levels):
            break
        cost = _cost(levels[s : s + n], prompt.levels_db[frames - n :])
        if best is None or cost < best[0]:
            best = (cost, s)
    if best is not None and best[0] <= MATCH_DB:
        end = best[1] + n - 1
        return Heard(prompt.name, head, end, True, tail_cost=best[0], frames=frames)
    # Cut: the wire stopped following the render after the last CUT_WINDOW frames that still match it.
    # (A sustained test: a frame or two off, as around a stall, is not a cut.)
    avail = min(frames, len(levels) - head)
    diff = np.abs(levels[head : head + avail] - prompt.levels_db[:avail])
    if avail >= CUT_WINDOW:
        means = np.convolve(diff, np.ones(CUT_WINDOW) / CUT_WINDOW, mode="valid")
        matching = np.flatnonzero(means <= MATCH_DB)
        stop = int(matching[-1]) + CUT_WINDOW if matching.size else min(avail, HEAD)
    else:
        stop = avail
    # The window test can run a frame or two past the cut; the cut is where the bot's audio stopped.
    stop = len(_until_cut(levels[head : head + stop]))
    end = max(head, head + stop - 1)
    return Heard(prompt.name, head, end, False, tail_cost=best[0] if best else None, frames=frames)


def _burst_end(stream: Stream, onset: int) -> int:
    """Last loud packet of the burst starting at `onset` (loud packets less than a hangover apart)."""
    idx = np.flatnonzero(stream.loud[onset:]) + onset
    t = stream.t[idx]
    breaks = np.flatnonzero(np.diff(t) > UTTERANCE_HANGOVER_S + 0.02)
    return int(idx[breaks[0]]) if breaks.size else int(idx[-1])


def _describe(stream: Stream, item: Heard) -> None:
    span = slice(item.head, item.end + 1)
    loud = np.flatnonzero(stream.loud[span])
    item.onset = float(stream.t[item.head + loud[0]]) if loud.size else None
    t = stream.t[span]
    if len(t):
        item.wire_s = float(t[-1] - t[0]) + 0.020
        dt = np.diff(t)
        item.gaps = [float(g) for g in dt[dt > GAP_S]]
        item.seq_breaks = int(np.count_nonzero(np.diff(stream.seq[span]) % 65536 != 1))
    if item.complete:
        item.rendered_s = item.frames * 0.020
        item.frames_delta = (item.end - item.head + 1) - item.frames


# ------------------------------------------------------------------------------------------ the caller
@dataclass
class Utterance:
    start: float  # capture time of the first loud packet
    end: float  # capture time of the last loud packet
    segments: int  # loud runs, merged across quiet shorter than the hangover


def caller_speech(stream: Stream) -> Utterance | None:
    idx = np.flatnonzero(stream.loud)
    if idx.size == 0:
        return None
    t = stream.t[idx]
    segments = 1 + int(np.count_nonzero(np.diff(t) > UTTERANCE_HANGOVER_S + 0.02))
    return Utterance(float(t[0]), float(t[-1]), segments)


def gaps_between(stream: Stream, start: float, end: float) -> list[float]:
    """Inter-arrival times > GAP_S among a stream's packets captured in [start, end]."""
    t = stream.t[(stream.t >= start) & (stream.t <= end)]
    dt = np.diff(t)
    return [float(g) for g in dt[dt > GAP_S]]
