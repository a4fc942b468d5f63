"""The recogniser's input queue and worker, without a Vosk model (a scripted recogniser stands in)."""

from __future__ import annotations

import asyncio
import json
import logging
import threading

import numpy as np
import webrtcvad

from bot.speech.fillers import CHECK_WEIGHT
from bot.speech.vosk_stream import (
    _CLOSE,
    FLUSH_AFTER,
    FLUSH_FRAMES,
    VAD_MODE,
    SpeechGate,
    VoskStream,
    _Audio,
    _BoundedFrames,
    _Grammar,
    speech_detector,
)


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
    """Stands in for vosk.KaldiRecognizer: keeps what it is fed; can be held to act as a slow one."""

    def __init__(self, gate: threading.Event, fail: bool = False) -> None:
        self.gate = gate
        self.fail = fail
        self.accepted = 0
        self.fed: list[bytes] = []
        self.finals = 0
        self.busy = threading.Event()  # set once it is inside AcceptWaveform
        self.endpoint_at: int | None = None  # the AcceptWaveform call (1-based) that ends an utterance

    def AcceptWaveform(self, pcm: bytes) -> bool:
        self.busy.set()
        self.gate.wait(5)
        if self.fail:
            raise RuntimeError("recogniser exploded")
        self.accepted += 1
        self.fed.append(pcm)
        return self.accepted == self.endpoint_at

    def PartialResult(self) -> str:
        return json.dumps({"partial": ""})

    def Result(self) -> str:
        return json.dumps({"text": ""})

    def FinalResult(self) -> str:
        self.finals += 1
        return json.dumps({"text": f"segment {self.finals}"})


def loud(pcm: bytes, _rate: int) -> bool:
    """A stand-in VAD: a frame is speech when its first byte is not zero."""
    return pcm[:1] != b"\x00"


class ScriptedStream(VoskStream):
    def __init__(self, gate: threading.Event, fail: bool = False, **kwargs: object) -> None:
        self.recognizers: list[ScriptedRecognizer] = []
        self._gate, self._fail = gate, fail
        kwargs.setdefault("is_speech", lambda _pcm, _rate: True)
        super().__init__(object(), 16000, **kwargs)

    def _new_recognizer(self, phrases: list[str] | None) -> ScriptedRecognizer:
        self.recognizers.append(ScriptedRecognizer(self._gate, self._fail))
        return self.recognizers[-1]


FRAME = bytes(640)


async def stuck_on_first_frame(stream: ScriptedStream) -> None:
    stream.push_frame(FRAME)
    async with asyncio.timeout(2):  # the first frame has the worker build its recogniser
        while not stream.recognizers:
            await asyncio.sleep(0.005)
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
    assert results == [] and stream.failed  # the call ends on it (test_flow_runner: asr_lost)
    failure = next(r for r in caplog.records if "recogniser failed" in r.getMessage())
    assert "asr:call-2" in failure.getMessage() and failure.exc_info is not None
    stream.push_frame(FRAME)  # ignored: nobody is listening any more
    assert stream._in.dropped == 0 and stream._in._frames == 0
    await stream.aclose()
    assert stream.failed


async def test_a_stream_closed_by_its_call_has_not_failed():
    stream = ScriptedStream(threading.Event())
    await stream.aclose()
    assert [t async for t in stream] == [] and not stream.failed


async def test_a_frame_the_vad_rejects_counts_as_speech_and_is_logged_once(caplog):
    gate = threading.Event()
    gate.set()
    stream = ScriptedStream(gate, name="asr:call-3", is_speech=None)  # the real webrtcvad
    with caplog.at_level(logging.WARNING, logger="bot.speech.vosk_stream"):
        for _ in range(3):
            stream.push_frame(bytes(100))  # not a 10/20/30 ms frame: webrtcvad refuses it
        async with asyncio.timeout(2):
            while not stream.recognizers or stream.recognizers[0].accepted < 3:
                await asyncio.sleep(0.01)
    await stream.aclose()
    rejected = [r for r in caplog.records if "VAD rejected" in r.getMessage()]
    assert len(rejected) == 1 and rejected[0].exc_info is not None
    assert "asr:call-3" in rejected[0].getMessage()


def test_the_speech_gate_passes_speech_with_its_pre_roll_and_ends_the_segment_after_the_hangover():
    gate = SpeechGate(preroll_frames=3, hangover_frames=2)
    silence = [bytes([0, n]) for n in range(5)]
    assert [gate.push(f, voiced=False) for f in silence] == [([], False)] * 5
    first, _ = gate.push(b"S1", voiced=True)
    assert first == [silence[3], silence[4], b"S1"]  # the 2 frames before the onset come with it
    assert gate.push(b"S2", voiced=True) == ([b"S2"], False)
    assert gate.push(b"q1", voiced=False) == ([b"q1"], False)  # a pause inside speech is kept
    assert gate.push(b"S3", voiced=True) == ([b"S3"], False)
    assert gate.push(b"q2", voiced=False) == ([b"q2"], False)
    assert gate.push(b"q3", voiced=False) == ([b"q3"], True)  # the hangover is over: finalise
    assert gate.push(b"q4", voiced=False) == ([], False) and not gate.in_speech


async def test_silence_never_reaches_the_recogniser_and_each_segment_is_finalised():
    ready = threading.Event()
    ready.set()
    stream = ScriptedStream(ready, is_speech=loud)
    silence, speech = bytes(640), b"\x01" * 640
    try:
        for frame in [silence] * 100 + [speech] * 10 + [silence] * 100 + [speech] * 5 + [silence] * 50:
            stream.push_frame(frame)
        finals = []
        async with asyncio.timeout(2):
            async for transcript in stream:
                finals.append(transcript.text)
                if len(finals) == 2:
                    break
    finally:
        await stream.aclose()
    rec = stream.recognizers[0]
    assert finals == ["segment 1", "segment 2"]
    # Per segment: 15 frames of pre-roll (the first is the onset), the speech, 15 frames of hangover.
    assert len(rec.fed) == (14 + 10 + 15) + (14 + 5 + 15)
    assert rec.fed[:14] == [silence] * 14 and rec.fed[14] == speech
    # The third quiet frame after speech (never one in the pre-roll) is decoded with FLUSH_FRAMES frames of
    # digital silence after it: the recogniser's look-ahead is filled at once, its partial comes sooner.
    flushed = [i for i, pcm in enumerate(rec.fed) if len(pcm) > 640]
    assert flushed == [14 + 10 + FLUSH_AFTER - 1, 39 + 14 + 5 + FLUSH_AFTER - 1]
    assert all(rec.fed[i] == silence + bytes(640 * FLUSH_FRAMES) for i in flushed)
    # Every frame up to the second segment's end was heard (the rest may be dropped by the close).
    assert round(stream.audio_seconds / 0.02) >= 100 + 10 + 100 + 5 + 15


async def test_drained_waits_until_the_worker_took_every_frame_pushed_before():
    gate = threading.Event()  # held: the recogniser is stuck on its first frame
    stream = ScriptedStream(gate)
    try:
        for _ in range(20):
            stream.push_frame(FRAME)
        waiting = asyncio.create_task(stream.drained())
        await asyncio.sleep(0.2)
        assert not waiting.done()  # 19 frames still queued behind the stuck one
        gate.set()
        await asyncio.wait_for(waiting, 2)
        assert stream.recognizers[0].accepted == 20  # every frame before the call, none dropped
    finally:
        await stream.aclose()


# ---- the check pass: a garbage alternative for models without [unk] ----------------------------------
class WordsRecognizer:
    """Stands in for a recogniser of a given grammar: each final result is the next of `results`."""

    def __init__(self, grammar: list[str] | None, results: list[list[tuple[str, float]]]) -> None:
        self.grammar = grammar
        self.results = results
        self.fed: list[bytes] = []

    def AcceptWaveform(self, pcm: bytes) -> bool:
        self.fed.append(pcm)
        return False

    def PartialResult(self) -> str:
        return json.dumps({"partial": ""})

    def FinalResult(self) -> str:
        words = self.results.pop(0) if self.results else []
        return json.dumps(
            {"text": " ".join(w for w, _ in words), "result": [{"word": w, "conf": c} for w, c in words]},
            ensure_ascii=False,
        )


class CheckedStream(VoskStream):
    """Main results say "네"; the check grammar hears fillers, as for "수신 거부" over the phone."""

    def __init__(self, main: list, check: list, **kwargs: object) -> None:
        self.made: list[WordsRecognizer] = []
        self._script = {"main": main, "check": check}
        super().__init__(object(), 16000, is_speech=loud, **kwargs)

    def _new_recognizer(self, phrases: list[str] | None) -> WordsRecognizer:
        kind = "check" if phrases is not None and len(phrases) > 20 else "main"
        self.made.append(WordsRecognizer(phrases, self._script[kind] if phrases is not None else []))
        return self.made[-1]


async def test_a_free_form_recogniser_is_built_only_when_audio_comes_without_a_grammar():
    stream = CheckedStream(main=[], check=[])
    await asyncio.sleep(0.05)
    await stream.aclose()
    assert stream.made == []  # nothing built ahead of the call's grammar
    stream = CheckedStream(main=[], check=[])
    stream.push_frame(b"\x01" * 640)
    async with asyncio.timeout(2):
        while not stream.made:
            await asyncio.sleep(0.01)
    await stream.aclose()
    assert [r.grammar for r in stream.made] == [None]


async def finals_of(stream: VoskStream, segments: int) -> list:
    silence, speech = bytes(640), b"\x01" * 640
    for _ in range(segments):
        for frame in [speech] * 10 + [silence] * 30:
            stream.push_frame(frame)
    out = []
    try:
        async with asyncio.timeout(2):
            async for transcript in stream:
                out.append(transcript)
                if len(out) == segments:
                    break
    finally:
        await stream.aclose()
    return out


async def test_a_check_recogniser_runs_beside_the_grammar_and_marks_fillers():
    stream = CheckedStream(
        main=[[("네", 1.0)], [("네", 0.8)]],
        check=[[("등", 0.9), ("도", 0.7)], [("네", 0.9)]],
        fillers=("등", "도", "네", "가"),
    )
    stream.set_grammar(["네", "아니요"])
    first, second = await finals_of(stream, 2)
    main, check = stream.made  # no free-form recogniser first: a grammar came before audio
    assert main.grammar == ["네", "아니요"]
    # The grammar's phrases weighted against the fillers, minus grammar words and their sound-alikes.
    assert (
        check.grammar is not None
        and check.grammar.count("네") == CHECK_WEIGHT
        and check.grammar.count("아니요") == CHECK_WEIGHT
    )
    assert check.grammar[-3:] == ["등", "도", "가"]  # "네" is the grammar's
    assert check.fed == main.fed  # the same audio
    assert (first.text, first.words, first.checked) == ("네", (("네", 1.0),), ("[unk]", "[unk]"))
    assert (second.words, second.checked) == ((("네", 0.8),), ("네",))
    assert first.confidence == 1.0 and second.confidence == 0.8


async def test_without_fillers_there_is_no_check_and_results_carry_their_words():
    stream = CheckedStream(main=[[("yes", 0.9), ("[unk]", 0.4)]], check=[])
    stream.set_grammar(["yes", "no"])
    [result] = await finals_of(stream, 1)
    assert len(stream.made) == 1  # the grammar's only: no check, no free-form one built before it
    assert result.text == "yes [unk]" and result.words == (("yes", 0.9), ("[unk]", 0.4))
    assert result.checked is None and result.confidence == 0.65


def test_speech_ends_when_the_voice_stops_not_when_webrtcvad_lets_go():
    """webrtcvad keeps calling frames speech ~120 ms into digital silence (its smoothing); the detector
    the stream uses stops at the first quiet frame, so the turn's end is not heard late."""
    t = np.arange(8000) / 16000
    vowel = sum(np.sin(2 * np.pi * 150 * k * t) / k for k in range(1, 20))  # 0.5 s, a voice-like buzz
    pcm = np.concatenate([vowel / np.abs(vowel).max() * 6000, np.zeros(4000)]).astype("<i2").tobytes()
    frames = [pcm[i : i + 640] for i in range(0, len(pcm), 640)]
    vad, detector = webrtcvad.Vad(VAD_MODE), speech_detector()
    assert [detector(f, 16000) for f in frames] == [True] * 25 + [False] * 13
    assert [vad.is_speech(f, 16000) for f in frames][25:].count(True) >= 3  # what the floor takes off


async def test_quiet_after_a_final_result_is_held_back_unless_the_caller_speaks_again():
    """Decoded on its own, the silence after the recogniser's final result became a word (the Korean
    grammar has no [unk]): it is held, and fed only as the lead-in of speech that follows."""
    ready = threading.Event()
    ready.set()
    stream = ScriptedStream(ready, is_speech=loud)
    silence, speech = bytes(640), b"\x01" * 640
    stream.set_grammar(["yes"])
    async with asyncio.timeout(2):
        while not stream.recognizers:
            await asyncio.sleep(0.005)
    rec = stream.recognizers[0]
    rec.endpoint_at = 14 + 5 + 2  # the second quiet frame after the speech: Vosk's endpoint
    try:
        for frame in [silence] * 19 + [speech] * 5 + [silence] * 6 + [speech] + [silence] * 15:
            stream.push_frame(frame)
        async with asyncio.timeout(2):
            async for transcript in stream:
                assert transcript.text == "segment 1"
                break
    finally:
        await stream.aclose()
    assert rec.fed[rec.endpoint_at] == silence * 4 + speech  # the four held frames lead the speech in
    assert len(rec.fed) == rec.endpoint_at + 1 + 15
