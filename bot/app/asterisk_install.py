"""`clearcall asterisk install|uninstall`: Clearcall's production configuration beside an existing Asterisk.

Install copies asterisk-conf/*.conf and dialplans/*.conf into <etc>/clearcall/, writes the secrets Asterisk
needs into <etc>/clearcall-secrets/ readable only by the user Asterisk runs as, and adds `#include` lines
where they belong (asterisk_conf_edit). Everything it adds is listed in <etc>/clearcall/install-manifest.json,
and uninstall takes away exactly that: the include lines it added, the files and folders it created.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.app import asterisk_conf_edit as edit
from bot.app.asterisk_processes import asterisk_processes
from bot.app.secrets_setup import ensure_secrets
from bot.core.errors import ConfigError

INCLUDE_DIR = "clearcall"
SECRETS_DIR = "clearcall-secrets"
MANIFEST = "install-manifest.json"
# Sandbox-only secrets (the test caller) never go to a production Asterisk.
PRODUCTION_SECRETS = ("ari_password.conf", "ami_secret.conf", "phone_password.conf")
TRANSPORT_FILE = f"{INCLUDE_DIR}/pjsip_transport_clearcall.conf"
MODULES_FILE = f"{INCLUDE_DIR}/modules_clearcall.conf"

Rule = Callable[[list[str]], edit.Insertion]
# Asterisk file -> where Clearcall's include goes in it.
RULES: dict[str, Rule] = {
    "ari.conf": lambda lines: edit.after_general(lines, f"{INCLUDE_DIR}/ari_clearcall.conf"),
    "http.conf": lambda lines: edit.into_general(lines, f"{INCLUDE_DIR}/http_clearcall.conf"),
    "manager.conf": lambda lines: edit.at_end(lines, f"{INCLUDE_DIR}/manager_clearcall.conf"),
    "pjsip.conf": lambda lines: edit.after_transports(
        lines, f"{INCLUDE_DIR}/pjsip_clearcall.conf", TRANSPORT_FILE
    ),
}
DIALPLAN_FILES = ("clearcall.conf", "clearcall_outbound_gate.conf", "clearcall_campaign.conf")


@dataclass(frozen=True)
class Account:
    name: str
    uid: int
    gid: int
    how: str  # how it was found, for the report


@dataclass(frozen=True)
class NewFile:
    relative: str  # under etc
    data: bytes
    mode: int
    secret: bool = False


@dataclass
class Plan:
    etc: Path
    account: Account
    files: list[NewFile] = field(default_factory=list)
    dirs: list[tuple[str, int, bool]] = field(default_factory=list)  # (relative, mode, owned by Asterisk)
    edits: dict[str, tuple[str, str, tuple[str, ...]]] = field(
        default_factory=dict
    )  # file -> old, new, block
    notes: list[str] = field(default_factory=list)


# ---- who Asterisk runs as ------------------------------------------------------------------------------


def _passwd(etc: Path) -> dict[str, tuple[int, int]]:
    """The user database beside the Asterisk folder (/etc/passwd for /etc/asterisk; a chroot's own)."""
    users: dict[str, tuple[int, int]] = {}
    path = etc.parent / "passwd"
    if path.exists():
        for line in path.read_text().splitlines():
            parts = line.split(":")
            if len(parts) >= 4 and parts[2].isdigit() and parts[3].isdigit():
                users[parts[0]] = (int(parts[2]), int(parts[3]))
    return users


def _running_asterisk_uid(etc: Path) -> int | None:
    """The uid of an Asterisk process that runs from this root (never another root's Asterisk)."""
    root = os.path.realpath(etc.resolve().parent.parent)
    for proc in asterisk_processes():
        try:
            if os.path.realpath(os.readlink(proc / "root")) == root:
                return proc.stat().st_uid
        except OSError:  # it ended meanwhile
            continue
    return None


def find_account(etc: Path, user: str | None = None) -> Account:
    users = _passwd(etc)

    def account(name: str, how: str) -> Account:
        if name not in users:
            raise ConfigError(f"user {name!r} ({how}) is not in {etc.parent / 'passwd'}: pass --user")
        return Account(name, *users[name], how)

    if user:
        return account(user, "--user")
    uid = _running_asterisk_uid(etc)
    if uid is not None:
        name = next((n for n, (u, _) in users.items() if u == uid), None)
        if name is None:
            raise ConfigError(
                f"the running Asterisk's uid {uid} is not in {etc.parent / 'passwd'}: pass --user"
            )
        return account(name, "the running Asterisk process")
    conf = etc / "asterisk.conf"
    if conf.exists():
        lines = conf.read_text(errors="replace").splitlines()
        for section in edit.sections(lines):
            if section.name == "options" and (runuser := edit.values(lines, section).get("runuser")):
                return account(runuser, f"runuser in {conf}")
    if "asterisk" in users:  # Debian's service runs `asterisk -U asterisk` with runuser left commented
        return account("asterisk", f"the asterisk user in {etc.parent / 'passwd'} (Debian's packaging)")
    return account("root", "no asterisk user, no runuser in asterisk.conf")


# ---- the plan ------------------------------------------------------------------------------------------


def _manifest_path(etc: Path) -> Path:
    return etc / INCLUDE_DIR / MANIFEST


def plan_install(etc: Path, home: Path, account: Account) -> Plan:
    if not (etc / "asterisk.conf").exists():
        raise ConfigError(f"{etc}: no asterisk.conf here; pass --etc with Asterisk's configuration folder")
    if (etc / INCLUDE_DIR).exists() and not _manifest_path(etc).exists():
        raise ConfigError(
            f"{etc / INCLUDE_DIR} exists but was not made by this installer: move it away first"
        )
    plan = Plan(etc, account)
    plan.dirs = [(INCLUDE_DIR, 0o755, False), (f"{INCLUDE_DIR}/dialplans", 0o755, False)]
    plan.dirs += [(f"{INCLUDE_DIR}/templates", 0o755, False), (SECRETS_DIR, 0o700, True)]
    for src in sorted((home / "asterisk-conf").glob("*.conf")):
        plan.files.append(NewFile(f"{INCLUDE_DIR}/{src.name}", src.read_bytes(), 0o644))
    for src in sorted((home / "asterisk-conf" / "templates").glob("*.conf")):
        plan.files.append(NewFile(f"{INCLUDE_DIR}/templates/{src.name}", src.read_bytes(), 0o644))
    for src in sorted((home / "dialplans").glob("*.conf")):
        plan.files.append(NewFile(f"{INCLUDE_DIR}/dialplans/{src.name}", src.read_bytes(), 0o644))
    ensure_secrets(home / ".local")
    for name in PRODUCTION_SECRETS:
        data = (home / ".local" / "asterisk" / name).read_bytes()
        plan.files.append(NewFile(f"{SECRETS_DIR}/{name}", data, 0o600, secret=True))
    for conf, rule in RULES.items():
        _plan_edit(plan, conf, rule)
    _plan_dialplan(plan)
    _plan_modules(plan)
    _check_settings(plan)
    return plan


def _plan_edit(plan: Plan, conf: str, rule: Rule) -> None:
    path = plan.etc / conf
    old = path.read_text() if path.exists() else ""
    lines = old.splitlines()
    insertion = rule(lines)
    wanted = tuple(line for line in insertion.lines if line.startswith("#include"))
    if all(edit.has_include(lines, line.split('"')[1]) for line in wanted):
        return
    plan.edits[conf] = (old, edit.apply(old, insertion), insertion.lines)
    if insertion.note:
        plan.notes.append(f"{conf}: {insertion.note}")


def _plan_dialplan(plan: Plan) -> None:
    """Both dialplan includes go together at the end of extensions.conf, outside every context."""
    conf = "extensions.conf"
    path = plan.etc / conf
    text = path.read_text() if path.exists() else ""
    lines = text.splitlines()
    missing = tuple(
        edit.include_line(f"{INCLUDE_DIR}/dialplans/{name}")
        for name in DIALPLAN_FILES
        if not edit.has_include(lines, f"{INCLUDE_DIR}/dialplans/{name}")
    )
    if missing:
        insertion = edit.Insertion(len(lines), missing)
        plan.edits[conf] = (text, edit.apply(text, insertion), missing)
    globals_ = next((s for s in edit.sections(lines) if s.name == "globals"), None)
    if globals_ is None or not edit.values(lines, globals_).get("clearcall_trunk"):
        plan.notes.append(
            "extensions.conf: set CLEARCALL_TRUNK = <your carrier's PJSIP endpoint> in [globals] so the "
            "outbound gate can dial (the installer does not choose a trunk)"
        )


def _plan_modules(plan: Plan) -> None:
    """With autoload off, Asterisk loads only what modules.conf lists: add Clearcall's list to [modules]."""
    path = plan.etc / "modules.conf"
    lines = path.read_text(errors="replace").splitlines() if path.exists() else []
    section = next((s for s in edit.sections(lines) if s.name == "modules"), None)
    if section is None or edit.values(lines, section).get("autoload", "yes").lower() not in (
        "no",
        "false",
        "0",
    ):
        return
    _plan_edit(plan, "modules.conf", lambda text: edit.into_section(text, "modules", MODULES_FILE))
    if "modules.conf" in plan.edits:
        plan.notes.append(f"modules.conf: autoload is off: added {MODULES_FILE}, the modules Clearcall needs")


def _check_settings(plan: Plan) -> None:
    """Say what the includes cannot fix: ARI or AMI switched off in [general]."""
    for conf, what in (("ari.conf", "ARI"), ("manager.conf", "AMI (the doctor logs in through it)")):
        path = plan.etc / conf
        lines = path.read_text(errors="replace").splitlines() if path.exists() else []
        general = next((s for s in edit.sections(lines) if s.name == "general"), None)
        enabled = (
            edit.values(lines, general).get("enabled", "yes" if conf == "ari.conf" else "no")
            if general
            else ""
        )
        if enabled.lower() not in ("yes", "true", "1", "on"):
            plan.notes.append(f"{conf}: {what} is not enabled in [general]: set enabled = yes (on loopback)")
    path = plan.etc / "http.conf"
    lines = path.read_text(errors="replace").splitlines() if path.exists() else []
    general = next((s for s in edit.sections(lines) if s.name == "general"), None)
    own = edit.values(lines, general) if general else {}
    if own.get("bindaddr", "127.0.0.1") != "127.0.0.1" or own.get("bindport", "8088") != "8088":
        plan.notes.append(
            f"http.conf: [general] binds {own.get('bindaddr', '')}:{own.get('bindport', '8088')}; "
            "Clearcall's include comes after it and moves Asterisk's HTTP server to 127.0.0.1:8088 (loopback)"
        )


def render_plan(plan: Plan) -> str:
    """What install would do: new files (never a secret's content), then a unified diff of each edit."""
    out = [f"Asterisk runs as {plan.account.name} (from {plan.account.how})"]
    for rel, mode, owned in plan.dirs:
        owner = plan.account.name if owned else "root"
        out.append(f"create {plan.etc / rel}/ ({mode:o}, {owner})")
    for new in plan.files:
        owner = plan.account.name if new.secret else "root"
        out.append(f"write  {plan.etc / new.relative} ({new.mode:o}, {owner})")
    for conf, (old, new, _) in plan.edits.items():
        name = str(plan.etc / conf)
        out += difflib.unified_diff(old.splitlines(), new.splitlines(), name, name, lineterm="")
    out += [f"note: {note}" for note in plan.notes]
    return "\n".join(out)


# ---- doing it, and undoing it --------------------------------------------------------------------------


def _chown(path: Path, account: Account) -> None:
    if (path.stat().st_uid, path.stat().st_gid) != (account.uid, account.gid):
        try:
            os.chown(path, account.uid, account.gid)
        except PermissionError as exc:
            raise ConfigError(f"cannot give {path} to {account.name}: run the installer as root") from exc


def _write(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(path, mode)


def _load_manifest(etc: Path) -> dict:
    path = _manifest_path(etc)
    if not path.exists():
        return {"dirs": [], "files": [], "edits": {}}
    try:
        return json.loads(path.read_text())
    except ValueError as exc:
        raise ConfigError(f"{path}: not the installer's manifest ({exc})") from exc


def install(plan: Plan) -> dict:
    """Apply the plan; returns the manifest (what this and any earlier install added)."""
    etc = plan.etc
    manifest = _load_manifest(etc)
    for rel, mode, owned in plan.dirs:
        path = etc / rel
        if not path.exists():
            path.mkdir(mode=mode)
            manifest["dirs"].append(rel)
        os.chmod(path, mode)
        if owned:
            _chown(path, plan.account)
    for new in plan.files:
        _write(etc / new.relative, new.data, new.mode)
        if new.secret:
            _chown(etc / new.relative, plan.account)
        if new.relative not in manifest["files"]:
            manifest["files"].append(new.relative)
    for conf, (_, text, block) in plan.edits.items():
        path = etc / conf
        if path.exists():
            path.write_text(text)  # in place: the file keeps its owner and mode
        else:
            _write(path, text.encode(), 0o644)
            manifest["files"].append(conf)
            continue
        manifest["edits"].setdefault(conf, []).append(list(block))
    _write(_manifest_path(etc), json.dumps(manifest, indent=1).encode() + b"\n", 0o644)
    return manifest


def record_system_files(etc: Path, written: list[str]) -> None:
    """Add files written outside Asterisk's folder (the systemd unit, ...) to the manifest."""
    manifest = _load_manifest(etc)
    manifest["system_files"] = sorted(set(manifest.get("system_files", [])) | set(written))
    _write(_manifest_path(etc), json.dumps(manifest, indent=1).encode() + b"\n", 0o644)


def system_files(etc: Path) -> list[str]:
    return list(_load_manifest(etc).get("system_files", []))


def uninstall(etc: Path) -> list[str]:
    """Remove exactly what the manifest lists; returns what could not be found (already gone)."""
    manifest = _load_manifest(etc)
    if not _manifest_path(etc).exists():
        raise ConfigError(f"{_manifest_path(etc)} not found: nothing was installed into {etc} by clearcall")
    missing: list[str] = []
    for conf, blocks in manifest["edits"].items():
        path = etc / conf
        text = path.read_text() if path.exists() else ""
        for block in reversed(blocks):
            text, found = edit.remove_block(text, tuple(block))
            if not found:
                missing.append(f"{conf}: {' / '.join(block)}")
        if path.exists():
            path.write_text(text)
    for rel in manifest["files"]:
        path = etc / rel
        if path.exists():
            path.unlink()
        else:
            missing.append(rel)
    _manifest_path(etc).unlink()
    for rel in sorted(manifest["dirs"], key=len, reverse=True):
        path = etc / rel
        try:
            path.rmdir()
        except FileNotFoundError:
            missing.append(rel)
        except OSError:
            missing.append(f"{rel}/ (kept: it holds files the installer did not write)")
    return missing
