"""The campaign's contacts on the wire: one sipp UAS on 127.0.0.1:5070 plays every number it is called on.

The sandbox-only trunk `campaign-contacts` (asterisk-conf/sandbox/etc/pjsip_campaign_contacts.conf) sends
every campaign call here. A number's fourth digit from the end says how it behaves, its third how long a
person talks (10, 20, 30 or 40 s, then hangs up unless the bot did first):

    1 person: "여보세요", then quiet (line noise)     2 busy (486)     3 rings until cancelled
    4 answering machine: a greeting, a beep, quiet   5 person who says "전화 하지 마세요" after 3.5 s

Audio is made at run time (espeak-ng, 8 kHz µ-law, streamed by sipp's rtp_stream from each call's own
port). Ring time is fixed (`ring_ms`) or uniform between `ring_ms` and `ring_max_ms`.
Used by tests/e2e/test_campaign.py and bench/campaign; imports nothing from tests/.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.load.audio import espeak_8k, write_ulaw

PORT = 5070
MEDIA_BASE = 30000  # sipp gives each call its own RTP port from here up (Asterisk uses 16000-16999)
HUMAN, BUSY, NO_ANSWER, MACHINE, OPTOUT = "1", "2", "3", "4", "5"
TALK_S = (10, 20, 30, 40)
RATE = 8000
NOISE = 30.0  # line noise RMS: well under AMD's and WaitForSilence's silence threshold (256)


def number(prefix: str, kind: str, index: int, talk: int = 0) -> str:
    """A contact number: `prefix` then kind, talk choice (0-3) and a two-digit index (`prefix` sets the
    country and area, so the caller picks a zone whose calling window is open)."""
    return f"{prefix}{kind}{talk % 4}{index % 100:02d}"


def _noise(seconds: float, rng: np.random.Generator) -> np.ndarray:
    return rng.normal(0, NOISE, int(seconds * RATE))


def _beep(seconds: float = 0.5, hz: float = 1000.0) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return 8000 * np.sin(2 * np.pi * hz * t)


def write_streams(folder: Path, length_s: float = 90.0) -> dict[str, Path]:
    """One µ-law file per answering kind."""
    rng = np.random.default_rng(7)
    hello = espeak_8k("여보세요", "ko")
    optout = espeak_8k("전화 하지 마세요", "ko")
    greeting = espeak_8k(
        "Hello, you have reached the voicemail of Kim. I cannot take your call right now. "
        "Please leave a message after the tone.",
        "en-us",
    )
    parts = {
        HUMAN: [_noise(0.3, rng), hello],
        OPTOUT: [_noise(0.3, rng), hello, _noise(max(0.1, 3.5 - 0.3 - len(hello) / RATE), rng), optout],
        MACHINE: [_noise(0.3, rng), greeting, _noise(0.4, rng), _beep()],
    }
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for kind, pieces in parts.items():
        head = np.concatenate([p.astype(np.float64) for p in pieces])
        tail = _noise(max(1.0, length_s - len(head) / RATE), rng)
        samples = np.clip(np.concatenate([head, tail]), -32768, 32767).astype(np.int16)
        files[kind] = folder / f"contact-{kind}.ulaw"
        write_ulaw(files[kind], samples)
    return files


def _reply(status: str, sdp: bool = False) -> str:
    body = (
        "\n      v=0\n      o=- 1 1 IN IP4 [local_ip]\n      s=-\n      c=IN IP4 [local_ip]\n      t=0 0\n"
        "      m=audio [rtpstream_audio_port] RTP/AVP 0 101\n      a=rtpmap:0 PCMU/8000\n"
        "      a=rtpmap:101 telephone-event/8000\n      a=fmtp:101 0-16\n      a=ptime:20\n      a=sendrecv"
    )
    return f"""  <send>
    <![CDATA[
      SIP/2.0 {status}
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:contact@[local_ip]:[local_port]>
      X-Called: [$uri]
      {"Content-Type: application/sdp" if sdp else ""}
      Content-Length: [len]
{body if sdp else ""}
    ]]>
  </send>
"""


_OK_BYE = """  <send>
    <![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0
    ]]>
  </send>
"""

_SEND_BYE = """  <send>
    <![CDATA[
      BYE [$contact] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <[$touri]>;tag=[pid]SIPpTag01[call_number]
      To: [$from]
      Call-ID: [call_id]
      CSeq: 9 BYE
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>
  <recv response="200" timeout="5000" next="done"/>
"""


def scenario(streams: dict[str, Path], ring_ms: int, ring_max_ms: int | None = None) -> str:
    """The UAS scenario (sipp XML) for these stream files."""
    ring = (
        f'<pause distribution="uniform" min="{ring_ms}" max="{ring_max_ms}"/>'
        if ring_max_ms
        else f'<pause milliseconds="{ring_ms}"/>'
    )
    tests = "".join(
        f'      <strcmp assign_to="c{k}" variable="kind" value="{k}"/>\n'
        f'      <test assign_to="is{k}" variable="c{k}" compare="equal" value="0"/>\n'
        for k in (BUSY, NO_ANSWER, MACHINE, OPTOUT)
    ) + "".join(
        f'      <strcmp assign_to="d{i}" variable="talk" value="{i}"/>\n'
        f'      <test assign_to="talk{i}" variable="d{i}" compare="equal" value="0"/>\n'
        for i in range(len(TALK_S))
    )
    out = [
        '<?xml version="1.0" encoding="ISO-8859-1" ?>',
        '<scenario name="clearcall-campaign-contacts">',
        '  <recv request="INVITE" crlf="true">',
        "    <action>",
        '      <ereg regexp="INVITE sip:[+]?[0-9]*([0-9])([0-9])[0-9][0-9]@" search_in="msg" check_it="true"'
        ' assign_to="uri,kind,talk"/>',
        '      <ereg regexp=".*" search_in="hdr" header="From:" check_it="true" assign_to="from"/>',
        '      <ereg regexp="sip:[^>;]*" search_in="hdr" header="Contact:" check_it="true"'
        ' assign_to="contact"/>',
        '      <ereg regexp="sip:[^>;]*" search_in="hdr" header="To:" check_it="true" assign_to="touri"/>',
        tests.rstrip("\n"),
        "    </action>",
        "  </recv>",
        '  <nop next="busy" test="is2"/>',
        _reply("180 Ringing"),
        '  <nop next="noanswer" test="is3"/>',
        f"  {ring}",
        _reply("200 OK", sdp=True),
        '  <recv request="ACK" crlf="true"/>',
        '  <nop next="machine" test="is4"/>',
        '  <nop next="optout" test="is5"/>',
        f'  <nop><action><exec rtp_stream="{streams[HUMAN]},1,0"/></action></nop>',
    ]
    for i in range(len(TALK_S)):
        out.append(f'  <nop next="talk{i}" test="talk{i}"/>')
    for i, seconds in enumerate(TALK_S):
        out += [
            f'  <label id="talk{i}"/>',
            f'  <recv request="BYE" timeout="{seconds * 1000}" ontimeout="hangup" next="byeok"/>',
        ]
    out += [
        '  <label id="machine"/>',
        f'  <nop><action><exec rtp_stream="{streams[MACHINE]},1,0"/></action></nop>',
        '  <recv request="BYE" timeout="90000" ontimeout="hangup" next="byeok"/>',
        '  <label id="optout"/>',
        f'  <nop><action><exec rtp_stream="{streams[OPTOUT]},1,0"/></action></nop>',
        '  <recv request="BYE" timeout="60000" ontimeout="hangup" next="byeok"/>',
        '  <label id="hangup"/>',
        _SEND_BYE,
        '  <label id="busy"/>',
        _reply("486 Busy Here"),
        '  <recv request="ACK" next="done"/>',
        '  <label id="noanswer"/>',
        '  <recv request="CANCEL" timeout="300000"/>',
        _OK_BYE,
        _reply("487 Request Terminated"),
        '  <recv request="ACK" next="done"/>',
        '  <label id="byeok"/>',
        _OK_BYE,
        '  <label id="done"/>',
        "</scenario>",
    ]
    return "\n".join(out) + "\n"


@dataclass
class Contacts:
    process: asyncio.subprocess.Process
    folder: Path


@contextlib.asynccontextmanager
async def contacts_uas(
    folder: Path, *, ring_ms: int, ring_max_ms: int | None = None, max_calls: int = 400
) -> AsyncIterator[Contacts]:
    """Run the contacts' sipp UAS for the duration of the block (its log and errors land in `folder`)."""
    streams = await asyncio.to_thread(write_streams, folder)
    path = folder / "contacts.xml"
    await asyncio.to_thread(path.write_text, scenario(streams, ring_ms, ring_max_ms))
    args = [
        "sipp", "-sf", str(path), "-i", "127.0.0.1", "-p", str(PORT), "-mp", str(MEDIA_BASE),
        "-m", str(max_calls), "-l", str(max_calls), "-nostdin", "-bg", "-trace_err",
        "-error_file", str(folder / "contacts-errors.log"),
    ]  # fmt: skip
    del args[args.index("-bg")]  # keep it in the foreground: we own its process
    proc = await asyncio.create_subprocess_exec(
        *args, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL, cwd=folder
    )
    await asyncio.sleep(0.3)
    if proc.returncode is not None:
        raise RuntimeError(f"the contacts' sipp exited at once ({proc.returncode}); see {folder}")
    try:
        yield Contacts(proc, folder)
    finally:
        if proc.returncode is None:
            proc.terminate()
            try:
                await asyncio.wait_for(proc.wait(), 5)
            except TimeoutError:
                proc.kill()
                await proc.wait()
