"""The recogniser's input queue and worker, without a Vosk model (a scripted recogniser stands in)."""

from __future__ import annotations

import asyncio
import json
import logging
import threading

from bot.speech.vosk_stream import _CLOSE, VoskStream, _Audio, _BoundedFrames, _Grammar


def audio(n: int) -> _Audio:
    return _Audio(bytes([n]) * 4, float(n))


def drain(frames: _BoundedFrames, count: int) -> list[object]:
    return [frames.get() for _ in range(count)]


def test_bounded_frames_drop_the_oldest_audio_and_keep_order():
    frames = _BoundedFrames(3)
    dropped = [frames.put_audio(audio(n)) for n in range(5)]
    assert dropped == [False, False, False, True, True]
    assert frames.dropped == 2
    assert drain(frames, 3) == [audio(2), audio(3), audio(4)]


def test_bounded_frames_never_drop_control_items():
    frames = _BoundedFrames(2)
    grammar = _Grammar(["yes", "no"])
    frames.put_audio(audio(1))
    frames.put_control(grammar)
    frames.put_audio(audio(2))
    frames.put_audio(audio(3))  # drops 1
    frames.put_audio(audio(4))  # drops 2, stepping over the grammar, which keeps its place
    for n in range(5, 50):
        frames.put_control(_Grammar(None))  # control items do not count towards the bound
        frames.put_audio(audio(n))
    assert frames.dropped == 47
    items = drain(frames, 48)
    assert items[0] is grammar
    assert [i for i in items if isinstance(i, _Audio)] == [audio(48), audio(49)]
    assert sum(isinstance(i, _Grammar) for i in items) == 46


def test_close_goes_ahead_of_queued_audio_but_after_grammars():
    frames = _BoundedFrames(10)
    grammar = _Grammar(["stop"])
    frames.put_audio(audio(1))
    frames.put_control(grammar)
    frames.put_audio(audio(2))
    frames.close()
    assert drain(frames, 2) == [grammar, _CLOSE]
    frames.put_audio(audio(3))  # the bound counts from empty again
    assert frames.get() == audio(3)


def test_get_waits_for_a_put_from_another_thread():
    frames = _BoundedFrames(2)
    got: list[object] = []
    worker = threading.Thread(target=lambda: got.append(frames.get()))
    worker.start()
    worker.join(0.05)
    assert worker.is_alive()  # nothing queued: it waits
    frames.put_audio(audio(7))
    worker.join(1)
    assert got == [audio(7)]


class ScriptedRecognizer:
    """Stands in for vosk.KaldiRecognizer: hears nothing, and can be held to simulate a slow one."""

    def __init__(self, gate: threading.Event, fail: bool = False) -> None:
        self.gate = gate
        self.fail = fail
        self.accepted = 0
        self.busy = threading.Event()  # set once it is inside AcceptWaveform

    def AcceptWaveform(self, pcm: bytes) -> bool:
        self.busy.set()
        self.gate.wait(5)
        if self.fail:
            raise RuntimeError("recogniser exploded")
        self.accepted += 1
        return False

    def PartialResult(self) -> str:
        return json.dumps({"partial": ""})

    def Result(self) -> str:
        return json.dumps({"text": ""})

    FinalResult = Result


class ScriptedStream(VoskStream):
    def __init__(self, gate: threading.Event, fail: bool = False, **kwargs: object) -> None:
        self.recognizers: list[ScriptedRecognizer] = []
        self._gate, self._fail = gate, fail
        super().__init__(object(), 16000, **kwargs)

    def _new_recognizer(self, phrases: list[str] | None) -> ScriptedRecognizer:
        self.recognizers.append(ScriptedRecognizer(self._gate, self._fail))
        return self.recognizers[-1]


FRAME = bytes(640)


async def stuck_on_first_frame(stream: ScriptedStream) -> None:
    stream.push_frame(FRAME)
    assert await asyncio.to_thread(lambda: stream.recognizers[0].busy.wait(2))


async def test_a_stream_that_falls_behind_drops_old_audio_logs_once_and_closes_promptly(caplog):
    gate = threading.Event()  # held: the recogniser is stuck on its first frame
    stream = ScriptedStream(gate, name="asr:call-1", max_queued_frames=50)
    try:
        await stuck_on_first_frame(stream)
        with caplog.at_level(logging.WARNING, logger="bot.speech.vosk_stream"):
            for _ in range(199):
                stream.push_frame(FRAME)
            stream.set_grammar(["yes"])  # queued behind the backlog, never dropped
            for _ in range(10):
                stream.push_frame(FRAME)
        assert stream._in.dropped == 199 + 10 - 50
        warnings = [r for r in caplog.records if "dropping the oldest audio" in r.getMessage()]
        assert len(warnings) == 1 and "asr:call-1" in warnings[0].getMessage()
        gate.set()
        async with asyncio.timeout(2):
            while len(stream.recognizers) < 2:  # the grammar was applied
                await asyncio.sleep(0.01)
    finally:
        gate.set()
        await asyncio.wait_for(stream.aclose(), 2)
    assert not stream._thread.is_alive()


async def test_close_does_not_wait_for_queued_audio():
    gate = threading.Event()  # held: the recogniser is stuck on its first frame
    stream = ScriptedStream(gate)
    await stuck_on_first_frame(stream)
    for _ in range(499):
        stream.push_frame(FRAME)
    closing = asyncio.create_task(stream.aclose())
    await asyncio.sleep(0.05)
    gate.set()
    await asyncio.wait_for(closing, 2)
    assert not stream._thread.is_alive()
    assert stream.recognizers[0].accepted == 1  # the 499 queued frames were never recognised


async def test_a_failing_recogniser_is_logged_and_ends_the_results(caplog):
    gate = threading.Event()
    gate.set()
    stream = ScriptedStream(gate, fail=True, name="asr:call-2")
    with caplog.at_level(logging.ERROR, logger="bot.speech.vosk_stream"):
        stream.push_frame(FRAME)
        results = [t async for t in stream]  # ends instead of waiting forever
    assert results == []
    failure = next(r for r in caplog.records if "recogniser failed" in r.getMessage())
    assert "asr:call-2" in failure.getMessage() and failure.exc_info is not None
    stream.push_frame(FRAME)  # ignored: nobody is listening any more
    assert stream._in.dropped == 0 and stream._in._frames == 0
    await stream.aclose()


async def test_a_frame_the_vad_rejects_counts_as_speech_and_is_logged_once(caplog):
    gate = threading.Event()
    gate.set()
    stream = ScriptedStream(gate, name="asr:call-3")
    with caplog.at_level(logging.WARNING, logger="bot.speech.vosk_stream"):
        for _ in range(3):
            stream.push_frame(bytes(100))  # not a 10/20/30 ms frame: webrtcvad refuses it
        async with asyncio.timeout(2):
            while stream.recognizers[0].accepted < 3:
                await asyncio.sleep(0.01)
    await stream.aclose()
    rejected = [r for r in caplog.records if "VAD rejected" in r.getMessage()]
    assert len(rejected) == 1 and rejected[0].exc_info is not None
    assert "asr:call-3" in rejected[0].getMessage()
