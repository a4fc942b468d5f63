"""Campaign calls as the contacts heard them: tcpdump on lo around the contacts' sipp UAS, then per number
the answer (the UAS's 200 OK), the end of the callee's greeting and the first bot audio on the wire.

- answer: capture time of the 200 OK the contacts' UAS (port 5070) sends for the number's INVITE; the
  INVITE's SDP names Asterisk's RTP port of that call.
- greeting end: the callee's last loud packet (decoded µ-law RMS > 300) within 2.5 s of the answer
  (+20 ms), i.e. the end of "여보세요". TSR's 2 s run from the completed greeting.
- first bot audio: the first loud packet Asterisk sends to that port after the answer (the bot's opening,
  the safe-harbour or the voicemail message).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from bench.campaign.uas import MEDIA_BASE, PORT
from bench.load.audio import rms, ulaw_decode
from bench.load.pcap import read_udp

LOUD = 300.0
GREETING_WINDOW_S = 2.5
_INVITED = re.compile(r"INVITE sip:(\+?\d+)@")
_CALL_ID = re.compile(r"(?im)^Call-ID:\s*(\S+)")
_CSEQ_INVITE = re.compile(r"(?im)^CSeq:\s*\d+ INVITE")
_MEDIA = re.compile(r"m=audio (\d+) ")


@dataclass
class HeardCall:
    number: str
    answer: float
    port: int
    greeting_end: float | None = None
    first_bot_audio: float | None = None

    @property
    def answer_to_audio(self) -> float | None:
        return None if self.first_bot_audio is None else self.first_bot_audio - self.answer

    @property
    def greeting_to_audio(self) -> float | None:
        if self.first_bot_audio is None or self.greeting_end is None:
            return None
        return self.first_bot_audio - self.greeting_end


@contextlib.asynccontextmanager
async def capture(pcap: Path) -> AsyncIterator[Path]:
    """tcpdump on lo for the contacts' SIP and media while the block runs (needs root)."""
    filt = f"udp and (port {PORT} or portrange {MEDIA_BASE}-{MEDIA_BASE + 9999})"
    proc = await asyncio.create_subprocess_exec(
        "tcpdump", "-i", "lo", "--immediate-mode", "-B", "65536", "-n", "-w", str(pcap), filt,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert proc.stderr is not None
    seen = b""
    try:
        async with asyncio.timeout(10):
            while b"listening on" not in seen:
                chunk = await proc.stderr.read(256)
                if not chunk:
                    raise RuntimeError(f"tcpdump exited: {seen.decode(errors='replace')}")
                seen += chunk
        yield pcap
    finally:
        if proc.returncode is None:
            proc.send_signal(2)
            try:
                await asyncio.wait_for(proc.wait(), 10)
            except TimeoutError:
                proc.kill()
                await proc.wait()


def heard_calls(pcap: Path) -> list[HeardCall]:
    """Every answered contact call in the capture, in answer order. The contacts' sipp streams every call
    from one port, so a call's audio is told apart by Asterisk's RTP port, from the SDP of its INVITE."""
    datagrams = list(read_udp(pcap))
    invites: dict[str, tuple[str, int]] = {}  # Call-ID -> (number, Asterisk's RTP port)
    calls: list[HeardCall] = []
    for d in datagrams:
        text = d.payload[:3000].decode(errors="replace")
        call_id = _CALL_ID.search(text)
        if call_id is None:
            continue
        if d.dst[1] == PORT and text.startswith("INVITE "):
            called, media = _INVITED.match(text), _MEDIA.search(text)
            if called and media:
                invites[call_id.group(1)] = (called.group(1), int(media.group(1)))
        elif d.src[1] == PORT and text.startswith("SIP/2.0 200") and _CSEQ_INVITE.search(text):
            if (invite := invites.pop(call_id.group(1), None)) is not None:
                calls.append(HeardCall(invite[0], d.t, invite[1]))
    by_port: dict[int, list] = {}
    for d in datagrams:
        if d.src[1] != PORT and d.dst[1] != PORT:
            by_port.setdefault(d.src[1] if d.src[1] < MEDIA_BASE else d.dst[1], []).append(d)
    for call in calls:
        _fill(call, by_port.get(call.port, []))
    return calls


def _loud(payload: bytes) -> bool:
    if len(payload) <= 12 or payload[1] & 0x7F != 0:  # PCMU only
        return False
    return rms(ulaw_decode(payload[12:])) > LOUD


def _fill(call: HeardCall, datagrams: list) -> None:
    """`call.port` is Asterisk's side: it sends the bot's audio from it and receives the callee's on it."""
    greeting_until = call.answer + GREETING_WINDOW_S
    for d in datagrams:
        if d.t < call.answer:
            continue
        if d.dst[1] == call.port and d.t <= greeting_until and _loud(d.payload):
            call.greeting_end = d.t + 0.02
        elif d.src[1] == call.port and call.first_bot_audio is None and _loud(d.payload):
            call.first_bot_audio = d.t
            return
