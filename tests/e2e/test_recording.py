"""A real call is recorded: stereo (caller left, bot right), from the end of the notice, encrypted on disk.

Checked against the known audio: the bot channel holds the bot's own prompt PCM sample for sample (it is
tapped before Asterisk), the caller channel holds the caller's words (after G.711 and Asterisk's
resampling: checked by energy and timing), and neither the opening nor a tone the caller sent during the
opening is in the file.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from bot.flow.loader import load_flow
from bot.store.recording_keys import Keyring, RecordingKeyError
from bot.store.recordings import read_recording, recording_row
from tests.e2e.conftest import asterisk_is_idle, prompt_seconds, rows, wait_for_record
from tests.e2e.sipcall import place_call
from tests.e2e.voices import speak_8k

RATE = 16000
FRAME = 320  # 20 ms at 16 kHz


def _rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(x.astype(np.float64) ** 2))) if len(x) else 0.0


def _loud_frames(x: np.ndarray, threshold: float = 300.0) -> np.ndarray:
    frames = x[: len(x) // FRAME * FRAME].reshape(-1, FRAME).astype(np.float64)
    return np.sqrt((frames**2).mean(axis=1)) > threshold


def _best_match(signal: np.ndarray, template: np.ndarray, lags: range) -> tuple[float, int]:
    """Highest normalised correlation of `template` with `signal` at the given lags (samples)."""
    t = template.astype(np.float64)
    best = (-1.0, 0)
    for lag in lags:
        window = signal[lag : lag + len(t)].astype(np.float64)
        if len(window) < len(t):
            break
        score = float(window @ t / (np.linalg.norm(window) * np.linalg.norm(t) + 1e-9))
        best = max(best, (score, lag))
    return best


def _anywhere(signal: np.ndarray, template: np.ndarray) -> float:
    """Highest normalised correlation of `template` anywhere in `signal` (FFT)."""
    s, t = signal.astype(np.float64), template.astype(np.float64)
    n = len(s) + len(t)
    corr = np.fft.irfft(np.fft.rfft(s, n) * np.conj(np.fft.rfft(t, n)), n)[: len(s) - len(t) + 1]
    energy = np.convolve(s**2, np.ones(len(t)), "valid")
    ref = float(t @ t)
    score = corr / (np.sqrt(np.maximum(energy, 0.01 * ref)) * np.sqrt(ref))  # near-silent windows score ~0
    return float(np.max(score))


async def test_a_real_call_is_recorded_encrypted_in_stereo_after_the_notice(bot, ari):
    flow = load_flow(bot.settings.flows_dir / "survey_ko.yaml")
    lead = await prompt_seconds(bot, "survey_ko", "ask_interest")
    opening = np.frombuffer(await bot.tts.render(flow.opening_text(), flow.voice, RATE, flow.rate), "<i2")
    question = np.frombuffer(
        await bot.tts.render(flow.states["ask_interest"].say, flow.voice, RATE, flow.rate), "<i2"
    )
    answer = speak_8k("네")
    t = np.arange(8000) / 8000
    tone = (8000 * np.sin(2 * np.pi * 1000 * t)).astype(np.int16)  # 1 s, sent during the opening

    async def caller(peer):
        await peer.wait_heard(1.0)
        await peer.speak(tone)
        await peer.wait_heard(lead + 0.3)
        await peer.speak(answer)
        await peer.silence(4)

    result = await place_call("200", caller_script=caller, timeout=60)
    assert result.returncode == 0, result.output[-2000:]
    [call] = await wait_for_record(bot)
    assert call["disposition"] == "interested"
    db_row = await bot.store.run(lambda db: recording_row(db, call["id"]))
    assert db_row is not None and db_row["status"] == "complete" and db_row["channels"] == 2
    keyring = Keyring.load(bot.settings.recording_keys_path)
    assert db_row["key_id"] == keyring.current

    header, plain = await bot.store.run(
        lambda db: read_recording(db, bot.settings.local_dir, bot.settings.recording_keys_path, call["id"])
    )
    assert (header.sample_rate, header.channels) == (RATE, 2)
    stereo = np.frombuffer(plain, "<i2").reshape(-1, 2)
    left, right = stereo[:, 0], stereo[:, 1]
    seconds = len(left) / RATE
    assert abs(seconds - db_row["seconds"]) < 0.05

    # Bot channel: starts with the question (the prompt after the notice), sample for sample.
    score, lag = _best_match(right, question[: 2 * RATE], range(0, RATE // 2, FRAME))
    assert score > 0.99 and lag <= 0.2 * RATE, (score, lag)
    # ... and the opening (the notice) is nowhere in it (the same search finds the question: it can fail).
    assert _anywhere(right, question[RATE : 2 * RATE]) > 0.99
    assert _anywhere(right, opening[-RATE:]) < 0.3
    assert _anywhere(right, opening[:RATE]) < 0.3

    # Caller channel: the caller's answer, after the question, and nothing before the notice ended.
    loud_left = _loud_frames(left)
    voiced = loud_left.sum() * 0.02
    answer_seconds = float((_loud_frames(np.repeat(answer, 2)).sum()) * 0.02)
    assert 0.5 * answer_seconds <= voiced <= answer_seconds + 0.4, (voiced, answer_seconds)
    first_voiced = np.argmax(loud_left) * 0.02
    question_end = (lag + len(question)) / RATE
    assert question_end <= first_voiced <= question_end + 1.5, (first_voiced, question_end)
    # The 1 kHz tone the caller sent during the opening was not recorded.
    spectrum = np.abs(np.fft.rfft(left.astype(np.float64)))
    freqs = np.fft.rfftfreq(len(left), 1 / RATE)
    band = (freqs > 990) & (freqs < 1010)
    assert spectrum[band].max() < 20 * np.median(spectrum[(freqs > 300) & (freqs < 3000)]) or voiced < 1.0
    # Separate channels: the bot is quiet while the caller speaks, the caller quiet while the bot speaks.
    loud_right = _loud_frames(right)
    both = (loud_left[: len(loud_right)] & loud_right[: len(loud_left)]).sum()
    assert both <= 3, both

    # On disk: ciphertext only.
    data = (bot.settings.local_dir / db_row["path"]).read_bytes()
    middle = plain[len(plain) // 2 : len(plain) // 2 + 64]
    assert middle not in data and question[RATE : RATE + 32].tobytes() not in data
    assert oct((bot.settings.local_dir / db_row["path"]).stat().st_mode & 0o777) == "0o600"

    # A wrong key (same id, other material) fails with a clear error.
    wrong = Keyring.ensure(bot.settings.local_dir / "other-keys.json")
    wrong.keys[db_row["key_id"]] = wrong.keys[wrong.current]
    wrong.current = db_row["key_id"]
    wrong.save()
    with pytest.raises(RecordingKeyError, match="does not open this recording's data key"):
        await bot.store.run(lambda db: read_recording(db, bot.settings.local_dir, wrong.path, call["id"]))
    await asterisk_is_idle(ari)


@pytest.mark.parametrize(
    ("spoken", "heard"),
    # A plain no; the decline phrase the notice offers.
    [("아니요", "아니요"), ("녹음하지 마세요", "녹음 하지 마세요")],
)
async def test_ask_mode_no_deletes_the_partial_recording_and_the_call_goes_on(settings, ari, spoken, heard):
    """Korean model, real call: "아니요", or the offered "녹음하지 마세요", to "may we record this call?"
    deletes the recording so far; the survey then runs and takes the caller's answer."""
    from bot.app.flow_catalog import build_catalog
    from bot.app.runtime import App
    from bot.calls.flow_runner import FlowRunner
    from bot.compliance.legal_texts import recording_question
    from bot.core.numbers import mask

    catalog = build_catalog(settings.flows_dir, settings.models_dir)
    plan = catalog.plans["survey_ko"]
    plan = dataclasses.replace(plan, flow=plan.flow.model_copy(update={"recording": "ask"}))
    assert plan.recognizer is not None, "the Korean model must be installed (make installs it)"
    app = App(settings, mask, script_for=lambda offer: FlowRunner(plan, app.webhooks))
    await app.start()
    try:
        flow = plan.flow
        opening = await app.tts.render(flow.opening_text(), flow.voice, RATE, flow.rate)
        asked = await app.tts.render(recording_question("ko"), flow.voice, RATE, flow.rate)
        survey = await app.tts.render(flow.states["ask_interest"].say, flow.voice, RATE, flow.rate)
        to_question, to_survey = (len(opening) + len(asked)) / 2 / RATE, len(survey) / 2 / RATE

        async def caller(peer):
            await peer.wait_heard(to_question + 0.3)
            await peer.speak(speak_8k(spoken))  # no recording, please
            await peer.silence(1.5)  # the end of speech must reach the recogniser
            await peer.wait_heard(to_question + 0.3 + 2.0 + to_survey)
            await peer.speak(speak_8k("네"))  # ... but yes, interested
            await peer.silence(4)

        result = await place_call("200", caller_script=caller, timeout=70)
        assert result.returncode == 0, result.output[-2000:]
        [call] = await wait_for_record(app)
        turns = await rows(app, "turns")
        steps = [(t["state"], t["heard"], t["intent"], t["transition"]) for t in turns]
        assert call["disposition"] == "interested", steps  # the call went on after the refusal
        assert await app.store.run(lambda db: recording_row(db, call["id"])) is None
        assert list((settings.local_dir / "recordings").iterdir()) == []
        assert steps[0] == ("recording_consent", heard, "no", "recording:deleted"), steps
        audit = await rows(app, "audit")
        assert [a["action"] for a in audit if a["subject"] == call["id"]] == ["recording.declined"]
        await asterisk_is_idle(ari)
    finally:
        await app.aclose()


async def test_a_bot_crash_loses_at_most_the_last_chunk(tmp_path, ari):
    """kill -9 of the bot mid-call: the file holds every sealed chunk, is reported truncated (not corrupt),
    and plays up to within one chunk (1 s) of the crash."""
    import signal

    from bot.store.database import open_database
    from bot.store.recording_file import TruncatedRecording
    from tests.e2e.test_crash_safety import kill_during_call, start_bot

    proc = await start_bot(tmp_path)
    call = place_call("200", hangup_after_ms=20000, timeout=40)
    killed_after = await kill_during_call(proc, call, "event=recording_started", after_s=3.5)
    db = open_database(tmp_path / "clearcall.db")
    try:
        [call_id] = [r[0] for r in db.execute("select call_id from recordings where status = 'recording'")]
        with pytest.raises(TruncatedRecording, match="without its final chunk") as info:
            read_recording(db, tmp_path, tmp_path / "recording-keys.json", call_id)
    finally:
        db.close()
    kept = len(info.value.readable) / 4 / RATE
    assert killed_after - 1.0 - 0.3 <= kept <= killed_after, (kept, killed_after)
    proc = await start_bot(tmp_path)  # a restarted bot removes what the killed one left in Asterisk
    proc.send_signal(signal.SIGTERM)
    await proc.wait()
    await asterisk_is_idle(ari)
