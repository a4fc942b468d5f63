"""bench.load's reading of a capture: pcap and SIP parsing, prompt matching, gaps, cuts, caller roles."""

from __future__ import annotations

import shlex
import struct
import subprocess
import sys

import numpy as np
import pytest

from bench.load.__main__ import repeat_label
from bench.load.analyse import CallRow, Expect, analyse_call
from bench.load.audio import ulaw_encode
from bench.load.callers import PlacedCall, roles_for, sipp_error
from bench.load.prompts import Prompt
from bench.load.report import live_calls
from bench.load.run import run_prefix
from bench.load.wire import GAP_S, Stream, caller_speech, find_prompts, read_capture

ASTERISK, CALLER = ("127.0.0.1", 16000), ("127.0.0.1", 20000)


def _frame(src: tuple[str, int], dst: tuple[str, int], payload: bytes) -> bytes:
    udp = struct.pack("!HHHH", src[1], dst[1], 8 + len(payload), 0) + payload
    ip = struct.pack(
        "!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1])
    )
    return b"\0" * 12 + b"\x08\x00" + ip + udp


def _pcap(path, packets: list[tuple[float, bytes]]) -> None:
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for t, frame in packets:
            f.write(struct.pack("<IIII", int(t), round((t % 1) * 1e6), len(frame), len(frame)))
            f.write(frame)


def _sip(first: str, call_id: str, cseq: str, body: str = "") -> bytes:
    caller = "From: <sip:+821055500001@127.0.0.1:30000>;tag=1"
    head = f"{first}\r\n{caller}\r\nCall-ID: {call_id}\r\nCSeq: {cseq}\r\n"
    return (head + f"Content-Length: {len(body)}\r\n\r\n" + body).encode()


def _rtp(seq: int, samples: np.ndarray) -> bytes:
    return struct.pack("!BBHII", 0x80, 0, seq, seq * 160, 1) + ulaw_encode(samples)


def test_a_capture_gives_the_dialog_and_both_streams(tmp_path):
    sdp = "v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio {} RTP/AVP 0\r\n"
    sip_caller, sip_asterisk = ("127.0.0.1", 30000), ("127.0.0.1", 5060)
    packets = [
        (
            100.0,
            _frame(
                sip_caller,
                sip_asterisk,
                _sip("INVITE sip:200@x SIP/2.0", "c1", "1 INVITE", sdp.format(20000)),
            ),
        ),
        (100.001, _frame(sip_asterisk, sip_caller, _sip("SIP/2.0 401 Unauthorized", "c1", "1 INVITE"))),
        (
            100.01,
            _frame(sip_asterisk, sip_caller, _sip("SIP/2.0 200 OK", "c1", "2 INVITE", sdp.format(16000))),
        ),
    ]
    loud = (np.sin(np.arange(160) / 3) * 3000).astype(np.int16)
    for i in range(10):
        samples = loud if 3 <= i < 6 else np.zeros(160, np.int16)
        packets.append((100.02 + i * 0.02, _frame(ASTERISK, CALLER, _rtp(i, samples))))
        packets.append((100.021 + i * 0.02, _frame(CALLER, ASTERISK, _rtp(i, np.zeros(160, np.int16)))))
    packets.append((101.0, _frame(sip_asterisk, sip_caller, _sip("BYE sip:x SIP/2.0", "c1", "102 BYE"))))
    _pcap(tmp_path / "c.pcap", packets)

    capture = read_capture(tmp_path / "c.pcap")
    dialog = capture.dialog_from_port(30000)
    assert dialog is not None and dialog.from_user == "+821055500001"
    assert (
        dialog.t_answer == pytest.approx(100.01) and dialog.final is None
    )  # the 401 challenge is not a failure
    assert dialog.caller_media == CALLER and dialog.asterisk_media == ASTERISK
    assert dialog.t_bye_from_asterisk == pytest.approx(101.0)
    bot = capture.stream(ASTERISK, CALLER)
    assert len(bot) == 10 and list(np.flatnonzero(bot.loud)) == [3, 4, 5]
    assert not capture.stream(CALLER, ASTERISK).loud.any()


@pytest.mark.parametrize(
    ("status", "reason", "counted"), [(486, "Busy Here", "busy"), (503, "Service Unavailable", "failed")]
)
def test_a_busy_from_the_bots_admission_is_counted_apart_from_failures(tmp_path, status, reason, counted):
    sip_caller, sip_asterisk = ("127.0.0.1", 30002), ("127.0.0.1", 5060)
    invite = _sip("INVITE sip:200@x SIP/2.0", "c2", "1 INVITE", "v=0\r\nm=audio 20002 RTP/AVP 0\r\n")
    refusal = _sip(f"SIP/2.0 {status} {reason}", "c2", "1 INVITE")
    _pcap(
        tmp_path / "c.pcap",
        [(50.0, _frame(sip_caller, sip_asterisk, invite)), (50.2, _frame(sip_asterisk, sip_caller, refusal))],
    )
    call = PlacedCall(0, "answer", "+821055500002", 30002, 20002, started=50.0, returncode=1)
    row, prompts = analyse_call(1, call, read_capture(tmp_path / "c.pcap"), {}, Expect(), 50.0)
    assert (row.status, row.reason, prompts) == (counted, f"refused: SIP {status} {reason}", [])


def _prompt(name: str, frames: int, seed: int) -> Prompt:
    rng = np.random.default_rng(seed)
    levels = rng.uniform(55, 80, frames)
    levels[frames // 3 : frames // 3 + 5] = 0.0  # a pause inside the prompt (not a gap)
    return Prompt(name, name, frames, levels)


def _stream(levels: np.ndarray, t: np.ndarray) -> Stream:
    return Stream(t, np.arange(len(levels)) % 65536, levels)


def test_prompts_are_found_timed_and_cut():
    a, b = _prompt("opening", 200, 1), _prompt("question", 120, 2)
    prompts = {"opening": a, "question": b}
    silence = np.zeros(30)
    # opening, 30 silent frames, the first 60 frames of the question (cut), then silence
    levels = np.concatenate([silence, a.levels_db, silence, b.levels_db[:60], np.zeros(80)])
    t = np.arange(len(levels)) * 0.02
    t[30 + 100 :] += 0.1  # one stall of 120 ms between two packets inside the opening
    heard = find_prompts(_stream(levels, t), prompts)

    assert [(h.name, h.complete) for h in heard] == [("opening", True), ("question", False)]
    opening, question = heard
    assert opening.head == 30 and opening.end == 229 and opening.frames_delta == 0
    assert len(opening.gaps) == 1 and opening.gaps[0] > GAP_S
    assert abs(opening.wire_s - (200 * 0.02 + 0.1)) < 1e-9
    assert abs(opening.stretch - (4.1 / 4.0)) < 1e-9  # type: ignore[operator]
    assert question.head == 260 and question.stretch is None
    assert question.end == 260 + 60 - 1  # its last frame played


def test_audio_that_is_no_prompt_is_reported_not_forced():
    prompts = {"opening": _prompt("opening", 100, 1)}
    other = np.random.default_rng(9).uniform(55, 80, 40)
    levels = np.concatenate([np.zeros(10), other, np.zeros(40)])
    heard = find_prompts(_stream(levels, np.arange(len(levels)) * 0.02), prompts)
    assert [h.name for h in heard] == ["?"]


def test_caller_speech_spans_first_to_last_loud_packet():
    levels = np.concatenate([np.full(50, 30.0), np.full(10, 70.0), np.full(5, 30.0), np.full(10, 70.0)])
    speech = caller_speech(_stream(levels, np.arange(len(levels)) * 0.02))
    assert speech is not None
    assert speech.start == 50 * 0.02 and speech.end == 74 * 0.02 and speech.segments == 1


def test_opt_out_callers_are_spread_evenly():
    assert roles_for(10, 0.2) == ["answer"] * 4 + ["optout"] + ["answer"] * 4 + ["optout"]
    assert roles_for(3, 0.0) == ["answer"] * 3
    assert roles_for(1, 0.2) == ["answer"]


def test_sipps_reason_is_its_last_event(tmp_path):
    log = tmp_path / "e.log"
    log.write_text(
        "The following events occurred:\n"
        "2026-11-30\t09:06:08.7\t1796029568.7: Unable to bind remote control socket: in use"
        "2026-11-30\t09:08:08.7\t1796029688.7: caller-answer timed out after '120.000' seconds"
    )
    assert sipp_error(log, "") == "caller-answer timed out after '120.000' seconds"
    assert sipp_error(tmp_path / "missing.log", "line one\nlast line\n") == "last line"


def test_concurrency_is_read_from_the_calls_spans():
    def row(index: int, answered: float | None, hung_up: float | None, speech_end: float | None) -> CallRow:
        r = CallRow(50, index, "answer", f"c{index}", 30000 + index)
        r.answered_s, r.hung_up_s, r.speech_end_s = answered, hung_up, speech_end
        return r

    rows = [
        row(0, 0.0, 10.0, 5.0),  # up 0-10, speaks until 5
        row(1, 2.0, 12.0, 9.0),  # up 2-12, speaks until 11
        row(2, 4.0, None, 2.0),  # no BYE: up until the end given (20), speaks until 6
        row(3, None, None, None),  # never answered: not counted
        row(4, 11.0, 15.0, 1.0),  # up 11-15 (call 0 has hung up), speaks until 12
    ]
    peak, at_turn = live_calls(rows, 20.0)
    assert peak == 3
    assert at_turn == [3, 3, 3, 2]


def test_a_repeated_n_keeps_its_own_files():
    assert [repeat_label("", k) for k in (1, 2, 3)] == ["", "r2", "r3"]
    assert [repeat_label("uv", k) for k in (1, 2)] == ["uv", "uv-r2"]
    assert run_prefix(30, repeat_label("", 2)) != run_prefix(30, repeat_label("", 1))


# Prints the process's nice value and its autogroup's.
_PLACE = (
    "import os; group = open('/proc/self/autogroup').read().split()[-1]; "
    "print(os.getpriority(os.PRIO_PROCESS, 0), group, flush=True)"
)


def test_the_callers_step_back_and_the_bot_keeps_full_priority():
    """The bench (and the sipp callers it starts) drop to the lowest weight; a bot it starts is back at 0; the
    session's autogroup (a shell's that started the bench) is put back when the bench exits."""
    code = (
        "import subprocess, sys\n"
        "from bench.load.priority import full_priority, step_back\n"
        "print(step_back(7), flush=True)\n"
        f"{_PLACE}\n"
        "place = [sys.executable, '-c', sys.argv[1]]\n"
        "subprocess.run(place, start_new_session=True, preexec_fn=full_priority)\n"
        "subprocess.run(place)\n"
    )
    bench = [sys.executable, "-c", code, _PLACE]
    after = [sys.executable, "-c", _PLACE]
    # One session: where it starts, the bench, then the next command of the shell that ran it.
    session = f"{shlex.join(after)}; {shlex.join(bench)}; {shlex.join(after)}"
    run = subprocess.run(["setsid", "sh", "-c", session], capture_output=True, text=True, check=True)
    before, *lines = run.stdout.splitlines()
    shell_nice = before.split()[0]  # the shell keeps its own nice value; the autogroup is the session's
    assert lines == [
        "callers at nice 7, in an autogroup of nice 7",
        "7 7",  # the bench itself
        "0 0",  # the bot: a session of its own (a new autogroup), nice 0
        "7 7",  # a caller: where the bench is
        f"{shell_nice} 0",  # the session after the bench exited: its autogroup put back
    ]
    assert before == f"{shell_nice} 0"
