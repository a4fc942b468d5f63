"""A call transferred to a person keeps being recorded, in the same encrypted stereo file, until it ends.

Real parts: the sandbox Asterisk, the test caller (sipp) sending a 600 Hz tone the whole call, and the
person as the sandbox softphone (sipp, `PJSIP/clearcall-phone`) answering the transfer and sending a
1500 Hz tone. The decrypted recording must hold the caller's tone on the left after the transfer, the
person's tone on the right (and not the other way round), and last until the caller hung up.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
import wave

import numpy as np

from bot.app.flow_catalog import build_catalog
from bot.app.runtime import App
from bot.calls.flow_runner import FlowRunner
from bot.core.numbers import mask
from bot.store.recordings import read_recording, recording_row
from tests.e2e.conftest import asterisk_is_idle, wait_for_record
from tests.e2e.sipcall import PROJECT, place_call, softphone
from tests.e2e.test_recording import _anywhere

RATE = 16000
CALLER_HZ, AGENT_HZ = 600, 1500
AGENT_TONE_SECONDS = 5.0
HOLD_MS = 20000  # the caller hangs up this long after the bot answers

# Extension 900 runs the flow named opening_only: here, one that transfers to the softphone.
TRANSFER_FLOW = """\
name: opening_only
language: en
voice: en-us
rate: 210
identity: {company: Clearcall, purpose: a transfer test, callback_number: "202 555 0100"}
start: hand_off
states:
  hand_off:
    next:
      set: {disposition: transferred_test}
      say: Putting you through.
      transfer: {endpoint: PJSIP/clearcall-phone}
"""


def tone(hz: float, seconds: float, amplitude: float = 6000.0) -> np.ndarray:
    t = np.arange(int(seconds * 8000)) / 8000
    return (amplitude * np.sin(2 * np.pi * hz * t)).astype(np.int16)


def band_power(x: np.ndarray, hz: float) -> np.ndarray:
    """Per 100 ms window: the share of the window's energy within +-40 Hz of `hz`."""
    win = RATE // 10
    frames = x[: len(x) // win * win].reshape(-1, win).astype(np.float64)
    spectrum = np.abs(np.fft.rfft(frames * np.hanning(win), axis=1)) ** 2
    freqs = np.fft.rfftfreq(win, 1 / RATE)
    near = (freqs > hz - 40) & (freqs < hz + 40)
    return spectrum[:, near].sum(axis=1) / (spectrum.sum(axis=1) + 1e-9)


async def test_a_transferred_call_keeps_being_recorded_in_the_same_file(settings, ari, tmp_path):
    flows = tmp_path / "flows"
    flows.mkdir()
    (flows / "opening_only.yaml").write_text(TRANSFER_FLOW)
    plan = build_catalog(flows, settings.models_dir).plans["opening_only"]
    app = App(settings, mask, script_for=lambda offer: FlowRunner(plan, app.webhooks))
    await app.start()
    agent_first_heard: list[float] = []
    try:

        async def caller(peer):
            await asyncio.wait_for(peer.first_packet.wait(), 10)
            await peer.speak(tone(CALLER_HZ, HOLD_MS / 1000 + 2))

        async def agent(peer):
            await asyncio.wait_for(peer.first_packet.wait(), 30)
            agent_first_heard.append(time.monotonic())
            await peer.speak(tone(AGENT_HZ, AGENT_TONE_SECONDS))
            await peer.silence(30)

        async with softphone(timeout=60, callee_script=agent) as answered:
            result = await place_call("900", caller_script=caller, hangup_after_ms=HOLD_MS, timeout=40)
            hung_up_at = time.monotonic()
            assert result.returncode == 0, result.output[-2000:]
            agent_result = await asyncio.wait_for(answered, 20)
        assert agent_result.returncode == 0, agent_result.output[-2000:]
        assert agent_first_heard, "the softphone never got the transferred call's audio"
        # The person heard the caller (the transfer really connected them).
        assert band_power(np.repeat(agent_result.peer.audio(), 2), CALLER_HZ).mean() > 0.5

        [call] = await wait_for_record(app)
        assert (call["end_state"], call["hangup_cause"]) == ("hand_off", "transferred"), call
        row = await _sealed_row(app, call["id"])
        assert row["status"] == "complete" and row["channels"] == 2, row
        _, plain = await app.store.run(
            lambda db: read_recording(db, settings.local_dir, settings.recording_keys_path, call["id"])
        )
        stereo = np.frombuffer(plain, "<i2").reshape(-1, 2)
        left, right = stereo[:, 0], stereo[:, 1]
        assert abs(len(left) / RATE - row["seconds"]) < 0.05

        agent_right = band_power(right, AGENT_HZ) > 0.5
        caller_left = band_power(left, CALLER_HZ) > 0.5
        # The person's tone is on the right, about as long as it was sent, and never on the left.
        agent_seconds = agent_right.sum() / 10
        assert AGENT_TONE_SECONDS - 0.6 <= agent_seconds <= AGENT_TONE_SECONDS + 0.3, agent_seconds
        assert (band_power(left, AGENT_HZ) > 0.5).sum() == 0
        first_agent = int(np.argmax(agent_right))
        after = slice(first_agent, len(caller_left))
        # After the transfer the caller's voice is still on the left, and not on the right.
        assert caller_left[after].mean() > 0.9, caller_left[after].mean()
        assert (band_power(right, CALLER_HZ)[after] > 0.5).mean() < 0.05
        # The recording runs until the caller hung up, not just until the transfer.
        recorded_after = (len(caller_left) - first_agent) / 10
        expected_after = hung_up_at - agent_first_heard[0]
        assert recorded_after >= expected_after - 1.0, (recorded_after, expected_after)
        # Before the transfer the right channel is the bot: its last line, sample for sample.
        said = np.frombuffer(await app.tts.render("Putting you through.", "en-us", RATE, 210), "<i2")
        assert _anywhere(right[: first_agent * RATE // 10], said[: RATE // 2]) > 0.99
        # `clearcall recording play --wav` plays the whole file: the bot part, then the person part.
        wav = tmp_path / "call.wav"
        env = {**os.environ, "CLEARCALL_DATA_DIR": str(settings.local_dir)}
        cli = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "--home", str(PROJECT), "recording", "play", call["id"],
            "--wav", str(wav), env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        out, _ = await cli.communicate()
        assert cli.returncode == 0, out.decode()
        with wave.open(str(wav)) as w:
            assert (w.getnchannels(), w.getframerate()) == (2, RATE)
            assert w.readframes(w.getnframes()) == plain
        await asterisk_is_idle(ari)
    finally:
        await app.aclose()
    # The file on disk is ciphertext only.
    data = (settings.local_dir / row["path"]).read_bytes()
    assert plain[len(plain) // 2 : len(plain) // 2 + 64] not in data


async def _sealed_row(app: App, call_id: str, timeout: float = 15.0) -> dict:
    """The recording row once sealed: after a transfer it is sealed when the caller's channel ends."""
    end = asyncio.get_running_loop().time() + timeout
    while True:
        row = await app.store.run(lambda db: recording_row(db, call_id))
        if row is not None and row["status"] != "recording":
            return row
        if asyncio.get_running_loop().time() > end:
            raise AssertionError(f"recording not sealed: {row}")
        await asyncio.sleep(0.1)
