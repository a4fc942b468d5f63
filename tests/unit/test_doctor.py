"""`clearcall doctor`, the checks that read this machine: binds, secrets, permissions, models; output.

Each check gets a setup that passes, then one broken thing at a time, and must name it with a fix.
The checks that ask Asterisk and the bot are in test_doctor_asterisk.py.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

from bot.app.doctor import CheckResult, DoctorConfig, Finding, Status, exit_status, render, summary
from bot.app.doctor.config import read_dialplans
from bot.app.doctor.local_checks import (
    Listener,
    check_binds,
    check_models,
    check_permissions,
    check_secrets,
    parse_proc_net_tcp,
    weakness,
)
from bot.app.secrets_setup import ensure_secrets
from bot.cli.main import main
from bot.core.errors import ConfigError

PROJECT = Path(__file__).resolve().parents[2]
ASTERISK_LISTENING = [Listener("127.0.0.1", 8088), Listener("127.0.0.1", 5038)]


def fake_model(folder: Path) -> Path:
    """The files verify_model looks for (Vosk could not load them; the doctor never asks it to)."""
    for name in ("am/final.mdl", "conf/model.conf", "graph/HCLG.fst"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"x")
    return folder


def make_home(root: Path) -> Path:
    """A project folder that passes every local check: secrets 0600, one ko flow with its model."""
    home = root / "home"
    (home / "flows").mkdir(parents=True)
    (home / "flows" / "survey.yaml").write_text("language: ko\nname: survey\n")
    shutil.copytree(PROJECT / "dialplans", home / "dialplans")
    ensure_secrets(home / ".local")
    fake_model(home / ".local" / "models" / "ko")
    return home


def load(home: Path, **env: str) -> DoctorConfig:
    """The doctor's configuration from `home` and exactly these CLEARCALL_* variables (not os.environ)."""
    return DoctorConfig.load(home, {f"CLEARCALL_{k}": v for k, v in env.items()})


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def set_secret(home: Path, name: str, value: str) -> None:
    path = home / ".local" / "secrets.env"
    lines = [line for line in path.read_text().splitlines() if not line.startswith(f"{name}=")]
    path.write_text("\n".join([*lines, f"{name}={value}"]) + "\n")


def problems(item: CheckResult, status: Status = Status.FAIL) -> list[Finding]:
    return [f for f in item.findings if f.status is status]


def only(item: CheckResult, status: Status = Status.FAIL) -> Finding:
    found = problems(item, status)
    assert item.status is status, render(item)
    assert len(found) == 1, render(item)
    return found[0]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return make_home(tmp_path)


# ---- configuration ----------------------------------------------------------------------------------


def test_dialplans_give_every_shipped_context_and_the_gate_address():
    facts = read_dialplans(PROJECT / "dialplans")
    assert set(facts.contexts) == {
        "clearcall-phone",
        "clearcall-transfer",
        "clearcall-bot-away",
        "clearcall-outbound",
        "clearcall-outbound-manual",
        "clearcall-outbound-gate",
        "clearcall-outbound-answered",
        "clearcall-campaign-connected",
    }
    assert facts.gate_address == ("127.0.0.1", 4573)


def test_dialplan_contexts_in_comments_are_not_contexts(tmp_path: Path):
    (tmp_path / "a.conf").write_text("; [not-a-context]\n[real]\nexten => s,1,AGI(agi://localhost/gate)\n")
    facts = read_dialplans(tmp_path)
    assert facts.contexts == ("real",)
    assert facts.gate_address == ("localhost", 4573)


def test_a_malformed_ami_address_is_a_config_error_naming_it(home: Path):
    with pytest.raises(ConfigError, match="CLEARCALL_AMI_ADDRESS"):
        load(home, AMI_ADDRESS="localhost")


# ---- binds ------------------------------------------------------------------------------------------


def test_binds_ok_on_loopback(home: Path):
    item = check_binds(load(home), before_start=True, listeners=lambda: ASTERISK_LISTENING)
    assert item.status is Status.OK, render(item)
    assert "loopback" in item.headline.text


def test_a_gate_bound_beyond_loopback_fails(home: Path):
    item = check_binds(load(home, AGI_BIND="0.0.0.0:4573"), before_start=True, listeners=lambda: [])
    finding = only(item)
    assert "CLEARCALL_AGI_BIND" in finding.text and "no authentication" in finding.text
    assert "CLEARCALL_AGI_BIND=127.0.0.1:4573" in finding.fix


def test_a_gate_port_the_dialplan_does_not_ask_fails(home: Path):
    finding = only(
        check_binds(load(home, AGI_BIND="127.0.0.1:4599"), before_start=True, listeners=lambda: [])
    )
    assert "127.0.0.1:4573" in finding.text and "every gated call would be refused" in finding.text
    assert "CLEARCALL_AGI_BIND=127.0.0.1:4573" in finding.fix


def test_audio_configured_beyond_loopback_is_a_warning(home: Path):
    finding = only(
        check_binds(load(home, AUDIOSOCKET_BIND="0.0.0.0:9093"), before_start=True, listeners=lambda: []),
        Status.WARN,
    )
    assert "CLEARCALL_AUDIOSOCKET_BIND" in finding.text and "firewall port 9093" in finding.fix


def test_ari_over_plain_http_to_another_host_warns_and_https_does_not(home: Path):
    finding = only(
        check_binds(load(home, ARI_URL="http://192.0.2.7:8088"), before_start=True, listeners=lambda: []),
        Status.WARN,
    )
    assert "CLEARCALL_ARI_URL" in finding.text and "https" in finding.fix
    item = check_binds(
        load(home, ARI_URL="https://pbx.example:8089"), before_start=True, listeners=lambda: []
    )
    assert item.status is Status.OK, render(item)


def test_ami_to_another_host_warns(home: Path):
    finding = only(
        check_binds(load(home, AMI_ADDRESS="192.0.2.7:5038"), before_start=True, listeners=lambda: []),
        Status.WARN,
    )
    assert "CLEARCALL_AMI_ADDRESS" in finding.text


def test_asterisk_http_listening_on_every_interface_fails_naming_http_conf(home: Path):
    exposed = [Listener("0.0.0.0", 8088), Listener("127.0.0.1", 5038)]
    finding = only(check_binds(load(home), before_start=True, listeners=lambda: exposed))
    assert "0.0.0.0:8088" in finding.text
    assert "bindaddr = 127.0.0.1" in finding.fix and "http.conf" in finding.fix


def test_ami_listening_on_every_ipv6_interface_fails_naming_manager_conf(home: Path):
    exposed = [Listener("127.0.0.1", 8088), Listener("::", 5038)]
    finding = only(check_binds(load(home), before_start=True, listeners=lambda: exposed))
    assert "[::]:5038" in finding.text and "manager.conf" in finding.fix


def test_before_start_the_bots_ports_must_be_free(home: Path):
    taken = [*ASTERISK_LISTENING, Listener("127.0.0.1", 4573)]
    finding = only(check_binds(load(home), before_start=True, listeners=lambda: taken))
    assert "port 4573" in finding.text and "already in use" in finding.text
    assert "sport = :4573" in finding.fix


def test_the_same_port_on_another_address_is_no_conflict(home: Path):
    elsewhere = [*ASTERISK_LISTENING, Listener("192.0.2.9", 4573)]
    assert check_binds(load(home), before_start=True, listeners=lambda: elsewhere).status is Status.OK


def test_a_running_bot_listening_beyond_loopback_fails(home: Path):
    running = [*ASTERISK_LISTENING, Listener("0.0.0.0", 9093), Listener("127.0.0.1", 4573)]
    finding = only(check_binds(load(home), before_start=False, listeners=lambda: running))
    assert "0.0.0.0:9093" in finding.text and "CLEARCALL_AUDIOSOCKET_BIND=127.0.0.1:9093" in finding.fix
    running = [*ASTERISK_LISTENING, Listener("127.0.0.1", 9093), Listener("127.0.0.1", 4573)]
    assert check_binds(load(home), before_start=False, listeners=lambda: running).status is Status.OK


def test_without_a_socket_table_the_binds_check_warns(home: Path):
    finding = only(check_binds(load(home), before_start=True, listeners=lambda: None), Status.WARN)
    assert "/proc/net/tcp" in finding.text


def test_proc_net_tables_are_read_for_listening_sockets_only():
    tcp = (
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
        "   0: 0100007F:1F98 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1\n"
        "   1: 00000000:13A2 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2\n"
        "   2: 0100007F:B0C2 0100007F:1F98 01 00000000:00000000 00:00000000 00000000     0        0 3\n"
    )
    assert parse_proc_net_tcp(tcp) == [Listener("127.0.0.1", 8088), Listener("0.0.0.0", 5026)]
    tcp6 = (
        "  sl  local_address                         remote_address                        st\n"
        "   0: 00000000000000000000000000000000:11DD 00000000000000000000000000000000:0000 0A\n"
        "   1: 00000000000000000000000001000000:1F98 00000000000000000000000000000000:0000 0A\n"
        "   2: 0000000000000000FFFF00000100007F:13A2 00000000000000000000000000000000:0000 0A\n"
    )
    assert parse_proc_net_tcp(tcp6) == [
        Listener("::", 4573),
        Listener("::1", 8088),
        Listener("::ffff:7f00:1", 5026),
    ]


def test_ipv4_mapped_loopback_counts_as_loopback(home: Path):
    listening = [Listener("::ffff:7f00:1", 8088), Listener("::1", 5038)]
    assert check_binds(load(home), before_start=True, listeners=lambda: listening).status is Status.OK


# ---- secrets ----------------------------------------------------------------------------------------


def test_generated_secrets_pass(home: Path):
    item = check_secrets(load(home))
    assert item.status is Status.OK, render(item)


def test_missing_secrets_file_fails_with_make_secrets(home: Path):
    (home / ".local" / "secrets.env").unlink()
    item = check_secrets(load(home))
    assert item.status is Status.FAIL
    assert "secrets.env is missing" in item.headline.text and "make secrets" in item.headline.fix


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_secrets_readable_by_others_fail_with_chmod(home: Path, mode: int):
    path = home / ".local" / "secrets.env"
    path.chmod(mode)
    finding = only(check_secrets(load(home)))
    assert f"{mode:04o}" in finding.text and finding.fix == f"chmod 600 {path}"


def test_a_missing_secret_fails(home: Path):
    path = home / ".local" / "secrets.env"
    path.write_text("".join(f"{x}\n" for x in path.read_text().splitlines() if "AMI_SECRET" not in x))
    finding = only(check_secrets(load(home)))
    assert "CLEARCALL_AMI_SECRET is not set" in finding.text and "make secrets" in finding.fix


@pytest.mark.parametrize("value", ["password", "clearcall", "changeme", "abc123", "aaaaaaaaaaaaaaaaaaaa"])
def test_default_or_weak_secrets_fail_without_showing_them(home: Path, value: str):
    set_secret(home, "CLEARCALL_PHONE_PASSWORD", value)
    ensure_secrets(home / ".local")  # the Asterisk copy agrees: only the weakness is wrong
    item = check_secrets(load(home))
    finding = only(item)
    assert "CLEARCALL_PHONE_PASSWORD" in finding.text and "not a generated secret" in finding.text
    assert value not in render(item)


def test_a_weak_secret_from_the_environment_says_so(home: Path):
    finding = only(check_secrets(load(home, ARI_PASSWORD="secret")))
    assert "CLEARCALL_ARI_PASSWORD (the environment)" in finding.text


def test_weakness_accepts_generated_secrets():
    import secrets

    assert weakness(secrets.token_urlsafe(18)) is None
    assert weakness("clearcall", "clearcall") == "a well-known default"
    assert "characters" in (weakness("Xy7#kP2q") or "")


def test_one_secret_reused_for_two_fails(home: Path):
    values = dict(line.split("=", 1) for line in (home / ".local/secrets.env").read_text().splitlines()[1:])
    set_secret(home, "CLEARCALL_TEST_PASSWORD", values["CLEARCALL_PHONE_PASSWORD"])
    ensure_secrets(home / ".local")
    finding = only(check_secrets(load(home)))
    assert "the same as" in finding.text


def test_asterisk_copy_that_disagrees_fails(home: Path):
    (home / ".local/asterisk/ari_password.conf").write_text("password = something-else-entirely\n")
    finding = only(check_secrets(load(home)))
    assert "ari_password.conf does not hold the CLEARCALL_ARI_PASSWORD" in finding.text
    assert "make secrets" in finding.fix


def test_asterisk_copy_missing_fails(home: Path):
    (home / ".local/asterisk/ami_secret.conf").unlink()
    finding = only(check_secrets(load(home)))
    assert "ami_secret.conf is missing" in finding.text


# ---- permissions ------------------------------------------------------------------------------------


def test_private_files_pass(home: Path):
    db = home / ".local" / "clearcall.db"
    db.write_bytes(b"")
    db.chmod(0o600)
    item = check_permissions(load(home))
    assert item.status is Status.OK, render(item)


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_store_readable_by_others_fails(home: Path, suffix: str):
    path = home / ".local" / f"clearcall.db{suffix}"
    path.write_bytes(b"")
    path.chmod(0o644)
    finding = only(check_permissions(load(home)))
    assert "the store" in finding.text and finding.fix == f"chmod 600 {path}"


def test_store_in_another_data_dir_is_checked_there(home: Path, tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / "clearcall.db").write_bytes(b"")
    (data / "clearcall.db").chmod(0o666)
    finding = only(check_permissions(load(home, DATA_DIR=str(data))))
    assert str(data / "clearcall.db") in finding.text


def test_store_not_writable_by_this_user_fails(home: Path, monkeypatch: pytest.MonkeyPatch):
    db = home / ".local" / "clearcall.db"
    db.write_bytes(b"")
    db.chmod(0o600)
    # root may write anything: pretend the file belongs to someone else.
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != db)
    finding = only(check_permissions(load(home)))
    assert "cannot be read and written" in finding.text and "chown" in finding.fix


def test_data_folder_writable_by_others_fails_and_listable_warns(home: Path):
    (home / ".local").chmod(0o777)
    assert only(check_permissions(load(home))).fix == f"chmod 700 {home / '.local'}"
    (home / ".local").chmod(0o755)
    assert "other users can list it" in only(check_permissions(load(home)), Status.WARN).text


def test_asterisk_password_files_readable_by_others_fail(home: Path):
    key = home / ".local" / "asterisk" / "ari_password.conf"
    key.chmod(0o644)
    finding = only(check_permissions(load(home)))
    assert str(key) in finding.text and finding.fix == f"chmod 600 {key}"


def test_recordings_readable_by_others_fail(home: Path):
    folder = home / ".local" / "recordings" / "2026-11"
    folder.mkdir(parents=True, mode=0o700)
    (home / ".local" / "recordings").chmod(0o700)
    (folder / "call-1.wav").write_bytes(b"RIFF")
    (folder / "call-1.wav").chmod(0o600)
    (folder / "call-2.wav").write_bytes(b"RIFF")
    (folder / "call-2.wav").chmod(0o644)
    finding = only(check_permissions(load(home)))
    assert "1 recording(s)" in finding.text and "call-2.wav" in finding.text
    assert "chmod -R go-rwx" in finding.fix


def test_recordings_folder_listable_by_others_warns(home: Path):
    (home / ".local" / "recordings").mkdir(mode=0o755)
    (home / ".local" / "recordings").chmod(0o755)
    assert "call recordings" in only(check_permissions(load(home)), Status.WARN).text


# ---- models -----------------------------------------------------------------------------------------


def test_models_ok_when_every_flow_language_has_a_complete_model(home: Path):
    item = check_models(load(home))
    assert item.status is Status.OK, render(item)
    assert "ko (local)" in item.headline.text


def test_a_missing_model_warns_that_flows_run_keypad_only(home: Path, monkeypatch: pytest.MonkeyPatch):
    (home / "flows" / "reminder.yaml").write_text("language: xx\n")
    finding = only(check_models(load(home)), Status.WARN)
    assert "no xx model" in finding.text and "reminder" in finding.text and "keypad" in finding.text
    assert "clearcall models install xx" in finding.fix


def test_a_broken_model_fails(home: Path):
    (home / ".local" / "models" / "ko" / "am" / "final.mdl").unlink()
    finding = only(check_models(load(home)))
    assert "am/final.mdl" in finding.text and "will not start" in finding.text
    assert "clearcall models install ko" in finding.fix


def test_no_flows_warns(home: Path):
    shutil.rmtree(home / "flows")
    assert "no flows" in only(check_models(load(home)), Status.WARN).text


# ---- output -----------------------------------------------------------------------------------------


def test_render_puts_the_status_word_first_and_a_fix_under_each_problem():
    item = CheckResult(
        "secrets",
        (
            Finding(Status.WARN, "minor thing", "do a"),
            Finding(Status.FAIL, "major thing", "do b"),
        ),
    )
    lines = render(item).splitlines()
    assert lines[0].startswith("FAIL  secrets") and lines[0].endswith("major thing")
    assert lines[1].strip() == "fix: do b"
    assert lines[2].strip() == "warn: minor thing" and lines[3].strip() == "fix: do a"


def test_exit_status_is_1_only_when_something_failed():
    ok = CheckResult("a", (Finding(Status.OK, "fine"),))
    warn = CheckResult("b", (Finding(Status.WARN, "meh", "x"),))
    skip = CheckResult("c", (Finding(Status.SKIP, "later"),))
    fail = CheckResult("d", (Finding(Status.FAIL, "bad", "y"),))
    assert exit_status([ok, warn, skip]) == 0
    assert exit_status([ok, fail]) == 1
    assert summary([ok, warn, skip, fail]).startswith(
        "doctor: 4 checks: 1 failed, 1 with warnings, 1 ok, 1 skipped"
    )


# ---- the command ------------------------------------------------------------------------------------


def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("CLEARCALL_"):
            monkeypatch.delenv(name)


def test_command_with_nothing_answering_exits_1_and_prints_one_line_per_check(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    _clean_env(monkeypatch)
    monkeypatch.setenv("CLEARCALL_ARI_URL", f"http://127.0.0.1:{closed_port()}")
    monkeypatch.setenv("CLEARCALL_AMI_ADDRESS", f"127.0.0.1:{closed_port()}")
    assert main(["--home", str(home), "doctor", "--before-start"]) == 1
    out = capsys.readouterr().out
    heads = {line.split()[1]: line.split()[0] for line in out.splitlines() if line[:1] not in (" ", "c", "d")}
    assert heads["secrets"] == "ok" and heads["models"] == "ok"
    assert heads["ari"] == "FAIL" and heads["ami"] == "FAIL"
    assert heads["asterisk"] == heads["modules"] == heads["dialplan"] == heads["gate"] == "skip"
    assert "skipped: the bot is not running yet" in out
    assert out.splitlines()[-1].startswith("doctor: 11 checks:")


def test_command_with_an_unreadable_setting_exits_1_naming_it(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    _clean_env(monkeypatch)
    monkeypatch.setenv("CLEARCALL_AGI_BIND", "everywhere")
    assert main(["--home", str(home), "doctor"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("FAIL  settings") and "CLEARCALL_AGI_BIND" in out
