"""`clearcall doctor` against the sandbox Asterisk: no failure on the real setup (with the bot running, and
before it starts as `make run` calls it), then one broken thing per check, each named by its own check.

Nothing shared is broken: each test works on a copy of the project's settings in a temporary folder
(secrets, their Asterisk copies, flows, dialplans), and what it breaks is that copy, a CLEARCALL_* value
or an extra expectation (a module, a context) that the sandbox cannot meet. Asterisk itself is only read:
ARI GETs, an AMI login and Getvar. The Asterisk version cannot be broken without another Asterisk; its
failure cases are in tests/unit/test_doctor_asterisk.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app.doctor import REQUIRED_MODULES, DoctorConfig, ModuleNeed, Status, render, run_doctor
from tests.e2e.sipcall import PROJECT

ALWAYS_OK = ("binds", "secrets", "permissions", "ari", "asterisk", "priority", "ami", "dialplan")
# Checks that may warn on a healthy sandbox: models for en/zh need internet to install; app_amd and
# app_mixmonitor are wanted by no feature yet and the sandbox's modules.conf does not load app_amd.
MAY_WARN = ("models", "modules")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A copy of the project's settings that a test may break."""
    home = tmp_path / "home"
    local = home / ".local"
    local.mkdir(parents=True, mode=0o700)
    shutil.copy2(PROJECT / ".local" / "secrets.env", local / "secrets.env")
    shutil.copytree(PROJECT / ".local" / "asterisk", local / "asterisk")
    shutil.copytree(PROJECT / "flows", home / "flows")
    shutil.copytree(PROJECT / "dialplans", home / "dialplans")
    return home


def config(home: Path, **overrides: str) -> DoctorConfig:
    env = {k: v for k, v in os.environ.items() if k.startswith("CLEARCALL_")}
    env.pop("CLEARCALL_DATA_DIR", None)
    env |= {f"CLEARCALL_{k}": v for k, v in overrides.items()}
    return DoctorConfig.load(home, env)


def report(results) -> str:
    return "\n".join(render(r) for r in results)


def statuses(results) -> dict[str, Status]:
    return {r.name: r.status for r in results}


def failed(results) -> set[str]:
    return {r.name for r in results if r.status is Status.FAIL}


def assert_healthy(results, *, gate: Status) -> None:
    got = statuses(results)
    for name in ALWAYS_OK:
        assert got[name] is Status.OK, report(results)
    for name in MAY_WARN:
        assert got[name] in (Status.OK, Status.WARN), report(results)
    assert got["gate"] is gate, report(results)


async def test_doctor_finds_nothing_to_fix_with_the_bot_running(home: Path, bot):
    results = await run_doctor(config(home))
    assert_healthy(results, gate=Status.OK)


async def test_doctor_before_start_finds_nothing_to_fix(home: Path, ari):
    results = await run_doctor(config(home), before_start=True)
    assert_healthy(results, gate=Status.SKIP)
    gate = next(r for r in results if r.name == "gate")
    assert gate.headline.text == "skipped: the bot is not running yet"


def test_doctor_command_as_make_run_calls_it_exits_0():
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLEARCALL_")}
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli.main", "--home", str(PROJECT), "doctor", "--before-start"],
        cwd=PROJECT,
        env=env | {"PYTHONPATH": str(PROJECT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "doctor: 11 checks: 0 failed" in done.stdout


# ---- one broken thing per check -----------------------------------------------------------------------


async def test_secrets_readable_by_others(home: Path, ari):
    (home / ".local" / "secrets.env").chmod(0o644)
    results = await run_doctor(config(home), before_start=True)
    assert failed(results) == {"secrets"}, report(results)
    assert "chmod 600" in report(results)


async def test_weak_secret(home: Path, ari):
    # Only the bot's view changes: Asterisk keeps its own copy, so the login itself also fails.
    results = await run_doctor(config(home, AMI_SECRET="password"), before_start=True)
    assert {"secrets", "ami"} <= failed(results), report(results)
    assert "CLEARCALL_AMI_SECRET (the environment) is not a generated secret" in report(results)


async def test_wrong_ari_password(home: Path, ari):
    results = await run_doctor(config(home, ARI_PASSWORD="not-the-password-asterisk-has"), before_start=True)
    assert "ari" in failed(results), report(results)
    got = statuses(results)
    assert got["asterisk"] is got["modules"] is Status.SKIP
    assert (
        "Asterisk did not load the clearcall ARI user: is its secrets file readable by the asterisk user?"
        in report(results)
    )


async def test_wrong_ami_secret(home: Path, ari):
    results = await run_doctor(config(home, AMI_SECRET="not-the-secret-asterisk-has-0123"), before_start=True)
    assert failed(results) == {"ami"}, report(results)
    assert statuses(results)["dialplan"] is Status.SKIP
    assert "AMI refused user clearcall" in report(results)


async def test_gate_bound_beyond_loopback(home: Path, ari):
    results = await run_doctor(config(home, AGI_BIND="0.0.0.0:4573"), before_start=True)
    assert failed(results) == {"binds"}, report(results)
    assert "no authentication" in report(results)


async def test_gate_at_a_closed_port(home: Path, ari):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    results = await run_doctor(config(home, AGI_BIND=f"127.0.0.1:{port}"))
    # Nothing answers there, and it is not where the dialplan asks either.
    assert failed(results) == {"gate", "binds"}, report(results)
    assert f"does not answer at 127.0.0.1:{port}" in report(results)


async def test_store_readable_by_others(home: Path, ari):
    store = home / ".local" / "clearcall.db"
    store.write_bytes(b"")
    store.chmod(0o644)
    results = await run_doctor(config(home), before_start=True)
    assert failed(results) == {"permissions"}, report(results)


async def test_broken_model(home: Path, ari):
    (home / ".local" / "models" / "ko").mkdir(parents=True)  # a folder without the model's files
    results = await run_doctor(config(home), before_start=True)
    assert failed(results) == {"models"}, report(results)
    assert "incomplete" in report(results)


async def test_module_asterisk_does_not_have(home: Path, ari):
    needs = (*REQUIRED_MODULES, ModuleNeed("res_clearcall_doctor_absent.so", "a module no Asterisk has"))
    results = await run_doctor(config(home), before_start=True, modules=needs)
    assert failed(results) == {"modules"}, report(results)
    assert "res_clearcall_doctor_absent.so is not loaded" in report(results)


async def test_context_asterisk_did_not_load(home: Path, ari):
    (home / "dialplans" / "zz_doctor.conf").write_text("[clearcall-doctor-not-loaded]\nexten => s,1,NoOp()\n")
    results = await run_doctor(config(home), before_start=True)
    assert failed(results) == {"dialplan"}, report(results)
    assert "not loaded in Asterisk: clearcall-doctor-not-loaded" in report(results)


async def test_asterisk_not_answering(home: Path, ari):
    results = await run_doctor(
        config(home, ARI_URL="http://127.0.0.1:9", AMI_ADDRESS="127.0.0.1:9"), before_start=True
    )
    assert {"ari", "ami"} <= failed(results), report(results)
