"""The module list the README gives for `autoload = no` (asterisk-conf/modules_clearcall.conf) is enough:
the sandbox starts with autoload off and exactly those modules, every one of them runs, the doctor passes
and a call is answered with the opening. The sandbox is then started again as usual."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from pathlib import Path

from bot.app.runtime import App
from bot.core.numbers import mask
from tests.e2e.conftest import prompt_seconds, run
from tests.e2e.sipcall import PROJECT, place_call

LIST = PROJECT / "asterisk-conf" / "modules_clearcall.conf"
VARIANT = '[modules]\nautoload = no\n#include "clearcall/modules_clearcall.conf"\n'


async def test_autoload_off_with_exactly_the_listed_modules_answers_a_call(settings, tmp_path):
    listed = set(re.findall(r"^load\s*=>\s*(\S+\.so)", LIST.read_text(), re.MULTILINE))
    variant = tmp_path / "modules.conf"
    variant.write_text(VARIANT)
    down = run("make", "-C", PROJECT, "asterisk-down")
    assert down.returncode == 0, down.stdout + down.stderr
    try:
        up = run(
            "make", "-C", PROJECT, "asterisk-up", env=os.environ | {"SANDBOX_MODULES_CONF": str(variant)}
        )
        assert up.returncode == 0, up.stdout + up.stderr
        app = App(settings, mask)
        await app.start()
        try:
            modules = await app.ari.request("GET", "asterisk/modules")
            loaded = {m["name"] for m in modules if m["name"].endswith(".so")}
            assert loaded == listed, (sorted(loaded - listed), sorted(listed - loaded))
            assert all(m["status"] == "Running" for m in modules if m["name"] in listed)
            doctor = await asyncio.to_thread(
                run, Path(sys.executable).parent / "clearcall", "--home", PROJECT, "doctor"
            )
            assert doctor.returncode == 0, doctor.stdout + doctor.stderr
            expected = await prompt_seconds(app, "opening_only")
            result = await place_call("900", timeout=40)
            assert result.returncode == 0, result.output[-2000:]
            heard = result.peer.speech_seconds()
            assert 0.5 * expected <= heard <= expected + 1.5, (heard, expected)
        finally:
            await app.aclose()
    finally:
        run("make", "-C", PROJECT, "asterisk-down")
        restored = run("make", "-C", PROJECT, "asterisk-up")  # the usual sandbox, for the other tests
    assert restored.returncode == 0, restored.stdout + restored.stderr
