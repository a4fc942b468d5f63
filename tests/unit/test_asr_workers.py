"""Recognition in forked worker processes (bot.speech.asr_workers), with a scripted recogniser: the fake
is inherited by the fork, as the real model is. The Korean e2e tests run the same path with Vosk."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal

import pytest

from bot.core.transcript import Transcript
from bot.speech.asr_workers import AsrWorkers, RemoteStream

SPEECH, SILENCE = b"\x01" * 640, bytes(640)


class WordRecognizer:
    """Hears "네" once it has been fed a voiced frame; fails on a frame of 0x02 bytes."""

    def __init__(self, phrases: list[str] | None) -> None:
        self.heard = False

    def SetWords(self, _on: bool) -> None:
        pass

    def AcceptWaveform(self, pcm: bytes) -> bool:
        if pcm[:1] == b"\x02":
            raise RuntimeError("recogniser exploded")
        self.heard = self.heard or pcm[:1] == b"\x01"
        return False

    def PartialResult(self) -> str:
        return json.dumps({"partial": "네" if self.heard else ""})

    def FinalResult(self) -> str:
        text, self.heard = ("네" if self.heard else ""), False
        return json.dumps({"text": text, "result": [{"word": "네", "conf": 1.0}] if text else []})

    Result = FinalResult


def scripted(_model: object, _rate: int, phrases: list[str] | None) -> WordRecognizer:
    return WordRecognizer(phrases)


def loud(pcm: bytes, _rate: int) -> bool:
    return pcm[:1] != b"\x00"


@pytest.fixture
async def workers():
    pool = AsrWorkers({"ko": object()}, 2, recognizer=scripted)
    await pool.start()
    yield pool
    await pool.aclose()


def stream_of(pool: AsrWorkers) -> RemoteStream:
    stream = pool.stream("ko", 16000, name="asr:test", is_speech=loud)
    stream.set_grammar(["네", "아니요"])
    return stream


async def results(stream: RemoteStream, until_final: bool = True) -> list[Transcript]:
    got: list[Transcript] = []
    async with asyncio.timeout(5):
        async for transcript in stream:
            got.append(transcript)
            if until_final and transcript.final:
                break
    return got


async def test_a_whole_phrase_ends_the_turn_early_through_the_loops_complete(workers):
    stream = stream_of(workers)
    stream.complete = lambda text: text == "네"  # on the loop, where the call's state is
    for frame in [SPEECH] * 5 + [SILENCE] * 12:  # 12 quiet frames: past early_silence, inside the hangover
        stream.push_frame(frame)
        await asyncio.sleep(0.005)
    got = await results(stream)
    assert [(t.text, t.final) for t in got] == [("네", False), ("네", True)]
    assert got[-1].early  # forced by the complete partial, not by the segment's end
    await stream.aclose()
    assert stream.busy_seconds > 0


async def test_without_a_complete_phrase_the_segment_end_gives_the_final(workers):
    stream = stream_of(workers)  # complete() says no
    for frame in [SPEECH] * 5 + [SILENCE] * 20:
        stream.push_frame(frame)
    got = await results(stream)
    assert got[-1].final and not got[-1].early and got[-1].text == "네"
    await stream.aclose()


async def test_drained_waits_for_everything_pushed_before(workers):
    stream = stream_of(workers)
    for frame in [SPEECH] * 3:
        stream.push_frame(frame)
    await asyncio.wait_for(stream.drained(), 5)
    partial = stream._out.get_nowait()  # the worker answered the marker after the frames' results
    assert (partial.text, partial.final) == ("네", False)
    await stream.aclose()


async def test_a_failing_recogniser_ends_only_its_own_calls_results(workers, caplog):
    broken, fine = stream_of(workers), stream_of(workers)
    broken.push_frame(b"\x02" * 640)
    with caplog.at_level(logging.ERROR):
        assert await results(broken, until_final=False) == []  # the results end
    assert "recogniser exploded" in caplog.text
    for frame in [SPEECH] * 5 + [SILENCE] * 20:
        fine.push_frame(frame)
    assert (await results(fine))[-1].text == "네"
    await broken.aclose()
    await fine.aclose()


async def test_a_worker_that_dies_ends_its_calls_results_and_is_replaced(workers, caplog):
    first, second = stream_of(workers), stream_of(workers)  # one on each worker
    victim = first._link.pid
    assert second._link.pid != victim
    with caplog.at_level(logging.ERROR):
        os.kill(victim, signal.SIGKILL)
        assert await results(first, until_final=False) == []
        async with asyncio.timeout(5):
            while len(workers.pids) < 2:
                await asyncio.sleep(0.02)
    assert victim not in workers.pids
    assert "killed by signal 9" in caplog.text
    for frame in [SPEECH] * 5 + [SILENCE] * 20:  # the other worker's call goes on
        second.push_frame(frame)
    assert (await results(second))[-1].text == "네"
    third = stream_of(workers)  # and new calls get a worker
    for frame in [SPEECH] * 5 + [SILENCE] * 20:
        third.push_frame(frame)
    assert (await results(third))[-1].text == "네"
    for stream in (first, second, third):
        await stream.aclose()


async def test_closing_the_pool_ends_and_reaps_every_worker():
    pool = AsrWorkers({"ko": object()}, 2, recognizer=scripted)
    await pool.start()
    pids = pool.pids
    assert len(pids) == 2
    await pool.aclose()
    for pid in pids:
        with pytest.raises(ChildProcessError):  # reaped: no zombie left behind
            os.waitpid(pid, os.WNOHANG)  # noqa: ASYNC222 (WNOHANG: it never blocks)


async def test_a_worker_keeps_no_descriptor_of_the_bot_but_its_socket(workers):
    pid = workers.pids[0]
    fds = sorted(int(fd) for fd in os.listdir(f"/proc/{pid}/fd"))
    assert fds[:3] == [0, 1, 2] and len(fds) == 4  # stdio and its end of the socket pair
