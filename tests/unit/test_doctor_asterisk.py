"""`clearcall doctor`, the checks that ask Asterisk and the bot, against in-process fakes on loopback.

ARI is tests/integration/fake_ari.py (aiohttp); AMI is a small fake speaking the manager protocol as
Asterisk 22 does (banner, Login, Getvar of DIALPLAN_EXISTS); the gate is Clearcall's own DialGate. Each
check is run once healthy, then with one thing broken.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
from pathlib import Path

import pytest

from bot.app.doctor import Status, exit_status, render, run_doctor
from bot.app.doctor.asterisk_checks import (
    REQUIRED_MODULES,
    ModuleNeed,
    check_ami,
    check_ari,
    check_dialplan,
    check_gate,
    check_modules,
    check_version,
    modules_result,
    probe_gate,
)
from bot.app.doctor.local_checks import Listener
from bot.asterisk.agi_gate import DialGate
from bot.asterisk.ari import AriClient
from tests.integration.fake_ari import FakeAri
from tests.unit.test_doctor import closed_port, load, make_home, only

INFO = {"system": {"version": "22.10.1+dfsg+~cs6.17.60671434-1", "entity_id": "02:fc"}, "build": {}}
MODULES = [{"name": n.name, "status": "Running", "use_count": 1} for n in REQUIRED_MODULES]
CONTEXTS = {
    "clearcall-phone",
    "clearcall-transfer",
    "clearcall-bot-away",
    "clearcall-outbound",
    "clearcall-outbound-manual",
    "clearcall-outbound-gate",
    "clearcall-outbound-answered",
    "clearcall-campaign-connected",
}


class FakeAmi:
    """Asterisk's manager interface, as much as the doctor uses; Asterisk closes after a failed login."""

    def __init__(self, secret: str, user: str = "clearcall") -> None:
        self.user, self.secret = user, secret
        self.contexts = set(CONTEXTS)
        self.trunk = "clearcall-phone"
        self.getvar_denied = False
        self.actions: list[dict[str, str]] = []
        self._server: asyncio.Server | None = None
        self._sessions: set[asyncio.Task] = set()
        self.port = 0

    async def start(self) -> str:
        self._server = await asyncio.start_server(self._session, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return f"127.0.0.1:{self.port}"

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        for task in list(self._sessions):
            task.cancel()
        await asyncio.gather(*self._sessions, return_exceptions=True)

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._sessions.add(task)
        try:
            writer.write(b"Asterisk Call Manager/11.0.0\r\n")
            authed = False
            while True:
                try:
                    block = await reader.readuntil(b"\r\n\r\n")
                except asyncio.IncompleteReadError:
                    return
                action = dict(
                    line.split(": ", 1) for line in block.decode().strip().split("\r\n") if ": " in line
                )
                self.actions.append(action)
                reply = {"ActionID": action.get("ActionID", "")}
                name = action.get("Action", "").lower()
                if name == "login":
                    authed = action.get("Username") == self.user and action.get("Secret") == self.secret
                    reply |= (
                        {"Response": "Success", "Message": "Authentication accepted"}
                        if authed
                        else {"Response": "Error", "Message": "Authentication failed"}
                    )
                elif not authed:
                    reply |= {"Response": "Error", "Message": "Permission denied"}
                elif name == "getvar" and self.getvar_denied:
                    reply |= {"Response": "Error", "Message": "Permission denied"}
                elif name == "getvar":
                    reply |= {
                        "Response": "Success",
                        "Variable": action["Variable"],
                        "Value": self._value(action),
                    }
                else:
                    reply |= {"Response": "Error", "Message": "Invalid/unknown command"}
                writer.write(("".join(f"{k}: {v}\r\n" for k, v in reply.items()) + "\r\n").encode())
                await writer.drain()
                if name == "login" and not authed:
                    return
        finally:
            writer.close()
            self._sessions.discard(task)

    def _value(self, action: dict[str, str]) -> str:
        variable = action["Variable"]
        if variable.startswith("DIALPLAN_EXISTS("):
            return "1" if variable[len("DIALPLAN_EXISTS(") : -1].split(",")[0] in self.contexts else "0"
        if variable == "GLOBAL(CLEARCALL_TRUNK)":
            return self.trunk
        return ""


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return make_home(tmp_path)


@pytest.fixture
async def fake_ari(home: Path):
    password = load(home).settings.ari_password
    fake = FakeAri(password=password)
    fake.on_request[("GET", "asterisk/info")] = (200, INFO)
    fake.on_request[("GET", "asterisk/modules")] = (200, MODULES)
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def fake_ami(home: Path):
    fake = FakeAmi(load(home).ami_secret)
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def gate():
    async def allow_nothing(number: str, policy: str) -> tuple[bool, str]:
        raise AssertionError("the doctor's probe must be refused before the policy is asked")

    dial_gate = DialGate(allow_nothing)
    server = await dial_gate.serve("127.0.0.1", 0)
    yield server.sockets[0].getsockname()[1]
    await dial_gate.aclose()


def ari_for(cfg) -> AriClient:
    s = cfg.settings
    return AriClient(s.ari_url, s.ari_user, s.ari_password, s.ari_app, request_timeout=3.0)


async def run_ari(cfg):
    ari = ari_for(cfg)
    try:
        return await check_ari(cfg, ari)
    finally:
        await ari.aclose()


# ---- ARI --------------------------------------------------------------------------------------------


async def test_ari_logs_in_and_returns_the_info(home: Path, fake_ari: FakeAri):
    item, info = await run_ari(load(home, ARI_URL=f"http://127.0.0.1:{fake_ari.port}"))
    assert item.status is Status.OK, render(item)
    assert info == INFO


async def test_ari_401_says_asterisk_did_not_load_the_user(home: Path, fake_ari: FakeAri):
    cfg = load(home, ARI_URL=f"http://127.0.0.1:{fake_ari.port}")
    fake_ari.expected_auth = "Basic bm9ib2R5Om5vdGhpbmc="  # Asterisk has no such user/password
    item, info = await run_ari(cfg)
    assert info is None and item.status is Status.FAIL
    assert (
        "Asterisk did not load the clearcall ARI user: is its secrets file readable by the asterisk user?"
        in item.headline.text
    )
    assert len(item.findings) == 1  # the bot's password is the one written for Asterisk


async def test_ari_401_with_a_stray_password_says_which_one(home: Path, fake_ari: FakeAri):
    item, _ = await run_ari(
        load(home, ARI_URL=f"http://127.0.0.1:{fake_ari.port}", ARI_PASSWORD="a-wrong-but-long-password")
    )
    assert item.status is Status.FAIL
    texts = [f.text for f in item.findings]
    assert "did not load the clearcall ARI user" in texts[0]
    assert "CLEARCALL_ARI_PASSWORD (the environment) is not the password in" in texts[1]


async def test_ari_not_answering_fails_with_how_to_start_it(home: Path):
    item, info = await run_ari(load(home, ARI_URL=f"http://127.0.0.1:{closed_port()}"))
    assert info is None
    assert "not answering" in item.headline.text and "make asterisk-up" in item.headline.fix


async def test_ari_404_says_ari_is_not_enabled(home: Path, fake_ari: FakeAri):
    fake_ari.on_request[("GET", "asterisk/info")] = (404, {"message": "Not found"})
    item, _ = await run_ari(load(home, ARI_URL=f"http://127.0.0.1:{fake_ari.port}"))
    assert "404" in item.headline.text and "ari.conf" in item.headline.fix


async def test_ari_without_a_password_fails_before_asking(home: Path):
    (home / ".local" / "secrets.env").write_text("")
    item, info = await check_ari(load(home), None)
    assert info is None and "CLEARCALL_ARI_PASSWORD is not set" in item.headline.text


# ---- version and modules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "status"),
    [
        ("22.10.1+dfsg+~cs6.17.60671434-1", Status.OK),
        ("23.0.0", Status.OK),
        ("certified/22.8-cert1", Status.OK),
        ("20.5.2", Status.WARN),
        ("16.30.0", Status.FAIL),
        ("GIT-master-abc", Status.WARN),
    ],
)
def test_version(version: str, status: Status):
    item = check_version({"system": {"version": version}})
    assert item.status is status, render(item)


def test_version_without_ari_is_skipped():
    assert check_version(None).status is Status.SKIP


def test_modules_all_running():
    item = modules_result(MODULES)
    assert item.status is Status.OK and "res_ari" in item.headline.text


@pytest.mark.parametrize("name", ["res_ari.so", "app_audiosocket.so", "chan_audiosocket.so", "res_agi.so"])
def test_a_missing_required_module_fails_naming_modules_conf(name: str):
    finding = only(modules_result([m for m in MODULES if m["name"] != name]))
    assert f"{name} is not loaded" in finding.text
    assert f"noload => {name}" in finding.fix and f"module load {name}" in finding.fix


@pytest.mark.parametrize("name", ["app_amd.so", "app_mixmonitor.so"])
def test_a_missing_module_no_feature_uses_yet_warns(name: str):
    finding = only(modules_result([m for m in MODULES if m["name"] != name]), Status.WARN)
    assert f"{name} is not loaded" in finding.text


def test_a_module_that_is_not_running_fails():
    listed = [dict(m, status="Not Running") if m["name"] == "res_ari.so" else m for m in MODULES]
    assert "res_ari.so is not running" in only(modules_result(listed)).text


async def test_modules_over_ari(home: Path, fake_ari: FakeAri):
    fake_ari.on_request[("GET", "asterisk/modules")] = (
        200,
        [m for m in MODULES if m["name"] != "res_agi.so"],
    )
    ari = ari_for(load(home, ARI_URL=f"http://127.0.0.1:{fake_ari.port}"))
    try:
        item = await check_modules(ari, True)
        assert "res_agi.so" in only(item).text
        fake_ari.on_request[("GET", "asterisk/modules")] = (200, MODULES)
        extra = (*REQUIRED_MODULES, ModuleNeed("res_doctor_test.so", "a test"))
        assert "res_doctor_test.so" in only(await check_modules(ari, True, extra)).text
    finally:
        await ari.aclose()
    assert (await check_modules(None, False)).status is Status.SKIP


# ---- AMI and the dialplan ---------------------------------------------------------------------------


async def test_ami_login_and_dialplan_ok(home: Path, fake_ami: FakeAmi):
    cfg = load(home, AMI_ADDRESS=f"127.0.0.1:{fake_ami.port}")
    item, session = await check_ami(cfg)
    assert item.status is Status.OK, render(item)
    assert session is not None
    try:
        dialplan = await check_dialplan(cfg, session)
    finally:
        session.close()
    assert dialplan.status is Status.OK, render(dialplan)
    assert {a["Variable"] for a in fake_ami.actions if a.get("Action") == "Getvar"} >= {
        f"DIALPLAN_EXISTS({c})" for c in CONTEXTS
    }


async def test_ami_wrong_secret_fails(home: Path, fake_ami: FakeAmi):
    cfg = load(home, AMI_ADDRESS=f"127.0.0.1:{fake_ami.port}", AMI_SECRET="a-wrong-but-long-secret-value")
    item, session = await check_ami(cfg)
    assert session is None and item.status is Status.FAIL
    assert "AMI refused user clearcall (Authentication failed)" in item.headline.text
    assert (
        "ami_secret.conf" in item.headline.fix
        and "CLEARCALL_AMI_SECRET (the environment)" in item.headline.fix
    )
    assert (await check_dialplan(cfg, None)).status is Status.SKIP


async def test_ami_not_answering_fails(home: Path):
    item, session = await check_ami(load(home, AMI_ADDRESS=f"127.0.0.1:{closed_port()}"))
    assert session is None
    assert "connection refused" in item.headline.text and "manager.conf" in item.headline.fix


async def test_ami_without_a_secret_fails(home: Path):
    (home / ".local" / "secrets.env").write_text("")
    item, session = await check_ami(load(home))
    assert session is None and "CLEARCALL_AMI_SECRET is not set" in item.headline.text


async def _dialplan(home: Path, fake_ami: FakeAmi):
    cfg = load(home, AMI_ADDRESS=f"127.0.0.1:{fake_ami.port}")
    _, session = await check_ami(cfg)
    assert session is not None
    try:
        return await check_dialplan(cfg, session)
    finally:
        session.close()


async def test_a_context_not_loaded_fails(home: Path, fake_ami: FakeAmi):
    fake_ami.contexts.discard("clearcall-outbound-gate")
    finding = only(await _dialplan(home, fake_ami))
    assert "not loaded in Asterisk: clearcall-outbound-gate" in finding.text
    assert "extensions.conf" in finding.fix and "dialplan reload" in finding.fix


async def test_no_trunk_warns(home: Path, fake_ami: FakeAmi):
    fake_ami.trunk = ""
    assert "CLEARCALL_TRUNK" in only(await _dialplan(home, fake_ami), Status.WARN).text


async def test_ami_user_without_permission_for_getvar_fails(home: Path, fake_ami: FakeAmi):
    fake_ami.getvar_denied = True
    finding = only(await _dialplan(home, fake_ami))
    assert "Permission denied" in finding.text and "manager_clearcall.conf" in finding.fix


# ---- the dial gate ----------------------------------------------------------------------------------


async def test_gate_probe_is_refused_as_a_malformed_number(gate: int):
    assert await probe_gate("127.0.0.1", gate) == {
        "CLEARCALL_GATE_REASON": "invalid number",
        "CLEARCALL_GATE": "DENY",
    }


async def test_gate_ok_when_the_bot_answers(home: Path, gate: int):
    item = await check_gate(load(home, AGI_BIND=f"127.0.0.1:{gate}"), before_start=False)
    assert item.status is Status.OK, render(item)


async def test_gate_on_a_wildcard_bind_is_asked_on_loopback(home: Path, gate: int):
    item = await check_gate(load(home, AGI_BIND=f"0.0.0.0:{gate}"), before_start=False)
    assert item.status is Status.OK, render(item)


async def test_gate_skipped_before_start(home: Path):
    item = await check_gate(load(home, AGI_BIND=f"127.0.0.1:{closed_port()}"), before_start=True)
    assert item.status is Status.SKIP and item.headline.text == "skipped: the bot is not running yet"


async def test_gate_not_answering_fails(home: Path):
    port = closed_port()
    finding = only(await check_gate(load(home, AGI_BIND=f"127.0.0.1:{port}"), before_start=False))
    assert f"127.0.0.1:{port}" in finding.text and "connection refused" in finding.text
    assert "clearcall run" in finding.fix


async def test_something_else_on_the_gate_port_fails(home: Path):
    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\n\n")
        writer.close()

    server = await asyncio.start_server(hang_up, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        finding = only(await check_gate(load(home, AGI_BIND=f"127.0.0.1:{port}"), before_start=False))
    finally:
        server.close()
        await server.wait_closed()
    assert "not as the Clearcall gate" in finding.text


async def test_a_silent_gate_port_times_out(home: Path, monkeypatch: pytest.MonkeyPatch):
    from bot.app.doctor import asterisk_checks

    monkeypatch.setattr(asterisk_checks, "TIMEOUT", 0.3)
    tasks: list[asyncio.Task] = []

    async def say_nothing(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        tasks.append(asyncio.current_task())  # type: ignore[arg-type]
        with contextlib.suppress(Exception):
            await reader.read()
        writer.close()

    server = await asyncio.start_server(say_nothing, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        with pytest.raises(TimeoutError):
            await probe_gate("127.0.0.1", port, timeout=0.3)
        finding = only(await check_gate(load(home, AGI_BIND=f"127.0.0.1:{port}"), before_start=False))
        assert "no answer in time" in finding.text
    finally:
        server.close()
        await server.wait_closed()
        await asyncio.gather(*tasks, return_exceptions=True)


# ---- everything together ----------------------------------------------------------------------------


async def test_run_doctor_all_ok_then_exit_0(home: Path, fake_ari: FakeAri, fake_ami: FakeAmi, gate: int):
    cfg = load(
        home,
        ARI_URL=f"http://127.0.0.1:{fake_ari.port}",
        AMI_ADDRESS=f"127.0.0.1:{fake_ami.port}",
        AGI_BIND=f"127.0.0.1:{gate}",
    )
    # The dialplan asks the gate on its own port here.
    cfg = dataclasses.replace(
        cfg, dialplans=dataclasses.replace(cfg.dialplans, gate_address=("127.0.0.1", gate))
    )
    listening = [
        Listener("127.0.0.1", fake_ari.port),
        Listener("127.0.0.1", fake_ami.port),
        Listener("127.0.0.1", gate),
    ]
    seen = []
    results = await run_doctor(
        cfg, listeners=lambda: listening, policies=lambda: [os.SCHED_OTHER, os.SCHED_RR], progress=seen.append
    )
    assert [r.name for r in results] == [
        "binds", "secrets", "permissions", "models", "ari", "asterisk", "modules", "priority", "ami",
        "dialplan", "gate",
    ]  # fmt: skip
    assert seen == results
    assert all(r.status is Status.OK for r in results), "\n".join(render(r) for r in results)
    assert exit_status(results) == 0


async def test_run_doctor_with_a_broken_ari_password_exits_1(
    home: Path, fake_ari: FakeAri, fake_ami: FakeAmi
):
    cfg = load(
        home,
        ARI_URL=f"http://127.0.0.1:{fake_ari.port}",
        AMI_ADDRESS=f"127.0.0.1:{fake_ami.port}",
        ARI_PASSWORD="a-wrong-but-long-password",
    )
    results = {r.name: r for r in await run_doctor(cfg, before_start=True, listeners=lambda: [])}
    assert results["ari"].status is Status.FAIL
    assert results["asterisk"].status is results["modules"].status is Status.SKIP
    assert results["ami"].status is results["dialplan"].status is Status.OK
    assert results["gate"].status is Status.SKIP
    assert exit_status(list(results.values())) == 1
