"""The bot as the systemd unit runs it: `clearcall run` from /, configured only by the environment file the
installer writes (its home has flows/ and dialplans/ but no .local/secrets.env, as for the service's user,
who cannot read the operator's 0600 file). It answers a call, and SIGTERM (the unit's KillSignal) drains:
the call in progress hears the whole opening before the bot exits cleanly.

It runs as root: it does not switch users, since a venv's interpreter may live where an unprivileged user
cannot reach it (the installer warns about that)."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

from bot.app.service_install import env_text
from bot.app.settings import read_env_file
from bot.flow.loader import load_flow
from bot.speech.tts import Tts
from tests.e2e.sipcall import PROJECT, place_call


async def read_until(stream: asyncio.StreamReader, marker: str, seen: list[str], timeout: float) -> None:
    async with asyncio.timeout(timeout):
        while True:
            line = (await stream.readline()).decode(errors="replace")
            if not line:
                raise AssertionError("the bot exited:\n" + "".join(seen[-30:]))
            seen.append(line)
            if marker in line:
                return


async def test_the_service_runs_from_its_env_file_anywhere_and_drains_on_sigterm(tmp_path):
    home = tmp_path / "home"  # what the service's user sees of the project: no readable .local/
    home.mkdir()
    for name in ("flows", "dialplans"):
        (home / name).symlink_to(PROJECT / name)
    data = tmp_path / "data"  # the unit's StateDirectory
    env_file = tmp_path / "clearcall.env"
    env_file.write_text(env_text(PROJECT).replace(f"CLEARCALL_HOME={PROJECT}", f"CLEARCALL_HOME={home}"))
    env = read_env_file(env_file)
    assert "CLEARCALL_ARI_PASSWORD" in env and env["CLEARCALL_HOME"] == str(home)
    env |= {"CLEARCALL_DATA_DIR": str(data), "PATH": "/usr/bin:/bin", "HOME": str(data)}
    flow = load_flow(PROJECT / "flows" / "opening_only.yaml")
    tts = Tts(tmp_path / "tts")
    expected = len(await tts.render(flow.opening_text(), flow.voice, 16000, flow.rate)) / 32000
    tts.close()
    bot = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).parent / "clearcall"), "run",
        env=env, cwd="/", stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    seen: list[str] = []
    try:
        await read_until(bot.stderr, "clearcall: ready", seen, timeout=90)
        call = asyncio.create_task(place_call("900", timeout=40))
        await asyncio.sleep(3.0)  # mid-opening
        bot.send_signal(signal.SIGTERM)
        await read_until(bot.stderr, "draining 1 call(s)", seen, timeout=10)
        result = await call
        assert result.returncode == 0, result.output[-2000:]  # the bot ended the call, after its opening
        heard = result.peer.speech_seconds()
        assert 0.5 * expected <= heard <= expected + 1.5, (heard, expected)
        _, rest = await asyncio.wait_for(bot.communicate(), 30)
        seen.append(rest.decode(errors="replace"))
        assert bot.returncode == 0, "".join(seen[-30:])
    finally:
        if bot.returncode is None:
            bot.kill()
            await bot.wait()
