"""`clearcall asterisk install|uninstall` on configuration folders shaped like real ones: the includes land
where Asterisk reads them right, a second install adds nothing, and uninstall restores every byte."""

from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path

import pytest

from bot.app import asterisk_conf_edit as edit
from bot.app.asterisk_install import Account, find_account, install, plan_install, uninstall
from bot.app.service_install import ServicePaths, env_text, unit_text
from bot.app.settings import find_home
from bot.cli.main import main
from bot.core.errors import ConfigError

PROJECT = Path(__file__).resolve().parents[2]

STOCK = {
    "asterisk.conf": "[directories](!)\nastetcdir => /etc/asterisk\n[options]\n;runuser = asterisk\n",
    "ari.conf": "[general]\nenabled = yes\n; who may connect\n\n;[someone]\n[operator]\ntype = user\n",
    "http.conf": "[general]\nservername=Asterisk\nbindaddr=127.0.0.1\n\n; static content\n[post_mappings]\n",
    "manager.conf": "[general]\nenabled = yes\nport = 5038\nbindaddr = 127.0.0.1\n",
    "pjsip.conf": (
        "[transport-lan]\ntype = transport\nprotocol = udp\nbind = 0.0.0.0\n\n"
        "; my phones\n[desk](!)\ntype = endpoint\n"
    ),
    # no newline after the last line
    "extensions.conf": "[general]\nstatic = yes\n\n[globals]\nTRUNK = x\n\n[default]\nexten => 1,1,Hangup()",
}


def make_etc(tmp_path: Path, **overrides: str) -> Path:
    etc = tmp_path / "etc" / "asterisk"
    etc.mkdir(parents=True)
    for name, text in (STOCK | overrides).items():
        (etc / name).write_text(text)
    (etc.parent / "passwd").write_text(
        f"root:x:0:0::/root:/bin/sh\nasterisk:x:{os.getuid()}:{os.getgid()}::/:/bin/false\n"
    )
    return etc


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A project folder with the shipped Asterisk files and its own generated secrets."""
    folder = tmp_path / "home"
    folder.mkdir()
    shutil.copytree(PROJECT / "asterisk-conf", folder / "asterisk-conf")
    shutil.copytree(PROJECT / "dialplans", folder / "dialplans")
    return folder


def me() -> Account:
    return Account("asterisk", os.getuid(), os.getgid(), "test")


def installed(etc: Path, home: Path) -> None:
    install(plan_install(etc, home, me()))


def lines(etc: Path, name: str) -> list[str]:
    return (etc / name).read_text().splitlines()


def test_each_include_lands_where_asterisk_reads_it_right(tmp_path, home):
    etc = make_etc(tmp_path)
    installed(etc, home)
    ari = lines(etc, "ari.conf")  # its own section: after [general], before the next section's comments
    assert ari[:4] == [
        "[general]",
        "enabled = yes",
        '#include "clearcall/ari_clearcall.conf"',
        "; who may connect",
    ]
    http = lines(etc, "http.conf")  # [general] settings: inside [general], after its own settings
    assert http.index('#include "clearcall/http_clearcall.conf"') == 3 and http[5] == "; static content"
    pjsip = lines(etc, "pjsip.conf")  # after the transport, no second transport
    assert pjsip[4] == '#include "clearcall/pjsip_clearcall.conf"'
    assert not any("pjsip_transport_clearcall" in line for line in pjsip)
    ext = lines(etc, "extensions.conf")  # the end, after a last line that had no newline
    assert ext[-3:] == [
        "exten => 1,1,Hangup()",
        '#include "clearcall/dialplans/clearcall.conf"',
        '#include "clearcall/dialplans/clearcall_outbound_gate.conf"',
    ]
    assert lines(etc, "manager.conf")[-1] == '#include "clearcall/manager_clearcall.conf"'
    assert (etc / "clearcall" / "dialplans" / "clearcall.conf").read_bytes() == (
        home / "dialplans" / "clearcall.conf"
    ).read_bytes()


def test_secrets_are_only_asterisks_and_sandbox_secrets_stay_behind(tmp_path, home):
    etc = make_etc(tmp_path)
    installed(etc, home)
    folder = etc / "clearcall-secrets"
    assert sorted(p.name for p in folder.iterdir()) == [
        "ami_secret.conf",
        "ari_password.conf",
        "phone_password.conf",
    ]
    assert folder.stat().st_mode & 0o777 == 0o700
    for path in folder.iterdir():
        assert path.stat().st_mode & 0o777 == 0o600
        assert path.read_text() == (home / ".local" / "asterisk" / path.name).read_text()
    assert not (etc / "clearcall" / "pjsip_sandbox.conf").exists()


def test_no_transport_adds_the_loopback_one_and_says_so(tmp_path, home):
    etc = make_etc(tmp_path, **{"pjsip.conf": ";[transport-udp]\n;type = transport\n"})
    plan = plan_install(etc, home, me())
    assert any("defines no transport" in note for note in plan.notes)
    install(plan)
    assert lines(etc, "pjsip.conf")[-2:] == [
        '#include "clearcall/pjsip_transport_clearcall.conf"',
        '#include "clearcall/pjsip_clearcall.conf"',
    ]


def test_install_twice_adds_nothing_and_uninstall_restores_every_byte(tmp_path, home):
    etc = make_etc(tmp_path, **{"http.conf": "; no general section yet\n"})
    pristine = tmp_path / "pristine"
    shutil.copytree(etc, pristine)
    installed(etc, home)
    first = {name: (etc / name).read_text() for name in STOCK}
    installed(etc, home)
    assert {name: (etc / name).read_text() for name in STOCK} == first
    assert lines(etc, "http.conf")[-2:] == ["[general]", '#include "clearcall/http_clearcall.conf"']
    assert uninstall(etc) == []
    compared = filecmp.dircmp(pristine, etc)
    assert not (compared.left_only or compared.right_only or compared.diff_files), compared.report()
    for name in STOCK:
        assert (etc / name).read_bytes() == (pristine / name).read_bytes()


def test_uninstall_keeps_what_the_user_added_and_says_what_was_gone(tmp_path, home):
    etc = make_etc(tmp_path)
    installed(etc, home)
    (etc / "clearcall" / "mine.conf").write_text("; the user's own file\n")
    text = (etc / "ari.conf").read_text().replace('#include "clearcall/ari_clearcall.conf"\n', "")
    (etc / "ari.conf").write_text(text)
    missing = uninstall(etc)
    assert 'ari.conf: #include "clearcall/ari_clearcall.conf"' in missing
    assert any(item.startswith("clearcall/ (kept") for item in missing)
    assert (etc / "clearcall" / "mine.conf").exists()


def test_a_clearcall_folder_the_installer_did_not_make_is_refused(tmp_path, home):
    etc = make_etc(tmp_path)
    (etc / "clearcall").mkdir()
    with pytest.raises(ConfigError, match="was not made by this installer"):
        plan_install(etc, home, me())
    with pytest.raises(ConfigError, match="nothing was installed"):
        uninstall(etc)


def test_asterisks_user_comes_from_runuser_then_debians_user(tmp_path):
    etc = make_etc(tmp_path)
    found = find_account(etc)  # runuser is commented out: Debian's asterisk user
    assert (found.name, found.uid) == ("asterisk", os.getuid()) and "Debian" in found.how
    (etc / "asterisk.conf").write_text("[options]\nrunuser = root ; as shipped elsewhere\n")
    assert find_account(etc).name == "root"
    (etc / "asterisk.conf").write_text("[options]\nrunuser = nobody\n")
    with pytest.raises(ConfigError, match=r"'nobody' .*passwd: pass --user"):
        find_account(etc)


def test_dry_run_prints_the_diff_and_changes_nothing(tmp_path, home, capsys):
    etc = make_etc(tmp_path)
    before = {p: p.read_bytes() for p in etc.rglob("*")}
    code = main(["--home", str(home), "asterisk", "install", "--etc", str(etc), "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0
    assert '+#include "clearcall/ari_clearcall.conf"' in out and f"--- {etc / 'ari.conf'}" in out
    assert "Asterisk runs as asterisk (from the asterisk user in" in out
    secret = (home / ".local" / "asterisk" / "ari_password.conf").read_text().split("=")[1].strip()
    assert secret not in out
    assert {p: p.read_bytes() for p in etc.rglob("*")} == before


def test_the_service_runs_as_its_own_user_restarts_and_drains_on_sigterm(tmp_path, home):
    unit = unit_text(ServicePaths(), Path("/opt/clearcall/bin/clearcall"))
    for line in (
        "User=clearcall",
        "Restart=on-failure",
        "KillSignal=SIGTERM",
        "ExecStart=/opt/clearcall/bin/clearcall run",
    ):
        assert line in unit.splitlines()
    env = env_text(home)  # secrets.env did not exist yet: only home and data folder
    assert f"CLEARCALL_HOME={home}" in env and "CLEARCALL_DATA_DIR=/var/lib/clearcall" in env


def test_home_is_found_from_anywhere(tmp_path):
    assert find_home({"CLEARCALL_HOME": "/srv/cc"}, cwd=tmp_path) == Path("/srv/cc")
    assert find_home({}, cwd=tmp_path) == PROJECT  # not a project folder: the checkout
    (tmp_path / "flows").mkdir()
    assert find_home({}, cwd=tmp_path) == tmp_path


def test_end_of_section_skips_the_comments_heading_the_next_one():
    text = ["[a]", "x = 1", "", "; about b", "[b]", "y = 2"]
    first = edit.sections(text)[0]
    assert edit.end_of(text, first) == 2
    assert edit.values(text, edit.sections(text)[1]) == {"y": "2"}


def test_autoload_off_gets_clearcalls_module_list_inside_modules(tmp_path, home):
    etc = make_etc(tmp_path, **{"modules.conf": "[modules]\nautoload = no\nload => chan_pjsip.so\n"})
    plan = plan_install(etc, home, me())
    assert any("autoload is off" in note for note in plan.notes)
    assert any("set CLEARCALL_TRUNK" in note for note in plan.notes)
    install(plan)
    assert lines(etc, "modules.conf") == [
        "[modules]",
        "autoload = no",
        "load => chan_pjsip.so",
        '#include "clearcall/modules_clearcall.conf"',
    ]
    other = make_etc(tmp_path / "other", **{"modules.conf": "[modules]\nautoload=yes\n"})
    install(plan_install(other, home, me()))
    assert lines(other, "modules.conf") == ["[modules]", "autoload=yes"]  # autoload loads them anyway


def test_moving_an_exposed_http_server_to_loopback_is_said(tmp_path, home):
    etc = make_etc(tmp_path, **{"http.conf": "[general]\nenabled = yes\nbindaddr = 0.0.0.0\n"})
    notes = plan_install(etc, home, me()).notes
    assert any("binds 0.0.0.0:8088" in note and "127.0.0.1:8088" in note for note in notes), notes
    assert not any("http.conf" in note for note in plan_install(make_etc(tmp_path / "b"), home, me()).notes)


def test_a_trunk_already_named_is_not_asked_for(tmp_path, home):
    text = "[globals]\nCLEARCALL_TRUNK = my-carrier\n\n[default]\n"
    plan = plan_install(make_etc(tmp_path, **{"extensions.conf": text}), home, me())
    assert not any("CLEARCALL_TRUNK" in note for note in plan.notes), plan.notes
