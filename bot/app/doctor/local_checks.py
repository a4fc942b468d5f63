"""Checks that read this machine only: bind addresses, secrets, file permissions, speech models."""

from __future__ import annotations

import ipaddress
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from bot.app.doctor.config import DoctorConfig, is_loopback, is_wildcard
from bot.app.doctor.results import CheckResult, Finding, Status, result, single
from bot.app.secrets_setup import SECRETS as SECRET_FILES  # name -> (Asterisk include file, line)
from bot.speech.models import ModelError, find_model, verify_model

WARN, FAIL = Status.WARN, Status.FAIL

# ---- listening sockets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Listener:
    host: str
    port: int


Listeners = Callable[[], list[Listener] | None]


def _proc_address(hex_addr: str) -> str:
    raw = bytes.fromhex(hex_addr)
    if len(raw) == 4:
        return str(ipaddress.IPv4Address(raw[::-1]))
    # /proc/net/tcp6: four 32-bit words, each in host (little-endian) order.
    words = b"".join(raw[i : i + 4][::-1] for i in range(0, 16, 4))
    return str(ipaddress.IPv6Address(words))


def parse_proc_net_tcp(text: str) -> list[Listener]:
    """The LISTEN sockets of one /proc/net/tcp or tcp6 table."""
    found = []
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) > 3 and fields[3] == "0A":  # TCP_LISTEN
            addr, _, port = fields[1].partition(":")
            found.append(Listener(_proc_address(addr), int(port, 16)))
    return found


def system_listeners() -> list[Listener] | None:
    """TCP listeners on this host (Linux); None where /proc/net is not there to read."""
    tables = [Path("/proc/net/tcp"), Path("/proc/net/tcp6")]
    if not any(t.exists() for t in tables):
        return None
    found: list[Listener] = []
    for table in tables:
        try:
            found += parse_proc_net_tcp(table.read_text())
        except OSError:
            continue
    return found


# ---- bind addresses ---------------------------------------------------------------------------------


def _fmt(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _host_of_url(url: str) -> tuple[str, int, str]:
    parts = urlsplit(url)
    scheme = parts.scheme or "http"
    return parts.hostname or "", parts.port or (443 if scheme == "https" else 80), scheme


def _exposed(listeners: list[Listener], port: int) -> list[Listener]:
    return [item for item in listeners if item.port == port and not is_loopback(item.host)]


def check_binds(
    cfg: DoctorConfig, *, before_start: bool, listeners: Listeners = system_listeners
) -> CheckResult:
    """Everything Clearcall uses listens on loopback unless a CLEARCALL_* setting says otherwise."""
    s = cfg.settings
    found: list[Finding] = []
    agi_host, agi_port = s.agi_bind
    media_host, media_port = s.audiosocket_bind
    ari_host, ari_port, ari_scheme = _host_of_url(s.ari_url)
    ami_host, ami_port = cfg.ami_address

    if not is_loopback(agi_host):
        found.append(
            Finding(
                FAIL,
                f"the dial gate binds {_fmt(agi_host, agi_port)} (CLEARCALL_AGI_BIND), not loopback: FastAGI "
                "has no authentication, anyone reaching the port can ask it for verdicts",
                f"set CLEARCALL_AGI_BIND=127.0.0.1:{agi_port} in {cfg.origin('CLEARCALL_AGI_BIND')} "
                "(Asterisk and the gate share a host)",
            )
        )
    gate = cfg.dialplans.gate_address
    if gate is not None and (
        gate[1] != agi_port or not (is_wildcard(agi_host) or _same_host(gate[0], agi_host))
    ):
        found.append(
            Finding(
                FAIL,
                f"the dialplan asks the gate at {_fmt(*gate)} ({cfg.dialplans.source}) but the bot binds "
                f"{_fmt(agi_host, agi_port)} (CLEARCALL_AGI_BIND): every gated call would be refused",
                f"set CLEARCALL_AGI_BIND={_fmt(*gate)}, or change the agi:// address in "
                "dialplans/clearcall_outbound_gate.conf and reload the dialplan",
            )
        )
    if not is_loopback(media_host):
        found.append(
            Finding(
                WARN,
                f"call audio (CLEARCALL_AUDIOSOCKET_BIND) listens on {_fmt(media_host, media_port)}, "
                "not loopback",
                f"keep CLEARCALL_AUDIOSOCKET_BIND=127.0.0.1:{media_port} unless Asterisk runs on another "
                f"host; then firewall port {media_port} to Asterisk's address",
            )
        )
    if not is_loopback(ari_host) and ari_scheme != "https":
        found.append(
            Finding(
                WARN,
                f"ARI is reached at {s.ari_url} (CLEARCALL_ARI_URL): not loopback, and the password crosses "
                "the network in clear",
                "run Asterisk on this host (http://127.0.0.1:8088), or put TLS in front of its HTTP server "
                "and use an https:// CLEARCALL_ARI_URL",
            )
        )
    if not is_loopback(ami_host):
        found.append(
            Finding(
                WARN,
                f"AMI is reached at {_fmt(ami_host, ami_port)} (CLEARCALL_AMI_ADDRESS), not loopback: "
                "AMI has no encryption",
                "run Asterisk on this host and keep manager.conf bindaddr = 127.0.0.1",
            )
        )

    table = listeners()
    if table is None:
        found.append(
            Finding(
                WARN,
                "cannot list this host's listening sockets (/proc/net/tcp); bind addresses checked from "
                "the settings only",
                "run the doctor on Linux, on the host where Asterisk and the bot run",
            )
        )
    else:
        if is_loopback(ari_host):
            found += [
                Finding(
                    FAIL,
                    f"Asterisk's HTTP server (ARI) listens on {_fmt(item.host, item.port)}: reachable from "
                    "other hosts",
                    "set bindaddr = 127.0.0.1 in the [general] section of http.conf "
                    "(asterisk-conf/http_clearcall.conf) and restart Asterisk",
                )
                for item in _exposed(table, ari_port)
            ]
        if is_loopback(ami_host):
            found += [
                Finding(
                    FAIL,
                    f"Asterisk's manager interface (AMI) listens on {_fmt(item.host, item.port)}: reachable "
                    "from other hosts",
                    "set bindaddr = 127.0.0.1 in the [general] section of manager.conf and reload it",
                )
                for item in _exposed(table, ami_port)
            ]
        for what, setting, host, port in (
            ("the dial gate", "CLEARCALL_AGI_BIND", agi_host, agi_port),
            ("call audio", "CLEARCALL_AUDIOSOCKET_BIND", media_host, media_port),
        ):
            taken = [
                item
                for item in table
                if item.port == port
                and (is_wildcard(item.host) or is_wildcard(host) or _same_host(item.host, host))
            ]
            if before_start and taken:
                found.append(
                    Finding(
                        FAIL,
                        f"port {port} for {what} ({setting}) is already in use "
                        f"({_fmt(taken[0].host, port)}): the bot could not start; another `clearcall run`?",
                        f"stop the program holding it (`ss -ltnp 'sport = :{port}'` names it) or set "
                        f"{setting} to a free port",
                    )
                )
            elif is_loopback(host):
                found += [
                    Finding(
                        FAIL,
                        f"{what} listens on {_fmt(item.host, item.port)} although {setting} is "
                        f"{_fmt(host, port)}: the running bot was started with other settings",
                        f"restart the bot with {setting}={_fmt(host, port)}",
                    )
                    for item in _exposed(taken, port)
                ]
    summary = (
        f"ARI {_fmt(ari_host, ari_port)}, AMI {_fmt(ami_host, ami_port)}, gate {_fmt(agi_host, agi_port)}, "
        f"audio {_fmt(media_host, media_port)}: loopback"
    )
    return result("binds", found, summary)


def _same_host(a: str, b: str) -> bool:
    if a == b:
        return True
    # "localhost" and 127.0.0.1 (and ::1) all mean this host's loopback.
    return is_loopback(a) and is_loopback(b)


# ---- secrets ----------------------------------------------------------------------------------------

MIN_SECRET_LENGTH = 16
# Passwords seen in tutorials, sample configs and Asterisk's own examples; never acceptable here.
WEAK_SECRETS = frozenset(
    {
        "admin", "asterisk", "changeme", "change-me", "clearcall", "default", "letmein", "password",
        "secret", "test", "1234", "12345", "123456", "12345678", "qwerty", "mysecret", "amp111", "ari",
        "manager", "passw0rd",
    }
)  # fmt: skip


def weakness(value: str, user: str = "") -> str | None:
    """Why a secret does not look generated (None when it does). Never includes the value."""
    if value.lower() in WEAK_SECRETS or (user and value.lower() == user.lower()):
        return "a well-known default"
    if len(value) < MIN_SECRET_LENGTH:
        return f"only {len(value)} characters (generated ones have 24)"
    if len(set(value)) < 6:
        return "too few distinct characters"
    return None


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _private_file(path: Path, what: str) -> Finding | None:
    mode = mode_of(path)
    if mode & 0o077:
        return Finding(
            FAIL,
            f"{path} ({what}) is mode {mode:04o}: other users can read it",
            f"chmod 600 {path}",
        )
    return None


def check_secrets(cfg: DoctorConfig) -> CheckResult:
    """secrets.env is there and private; every secret is set, looks generated, and Asterisk's copy agrees."""
    found: list[Finding] = []
    path = cfg.secrets_path
    regenerate = (
        f"`make secrets` (or `clearcall --home {cfg.home} secrets`) adds what is missing, keeping the rest"
    )
    if not path.exists():
        found.append(Finding(FAIL, f"{path} is missing: no generated secrets", regenerate))
    elif problem := _private_file(path, "the secrets"):
        found.append(problem)
    users = {"CLEARCALL_ARI_PASSWORD": cfg.settings.ari_user, "CLEARCALL_AMI_SECRET": cfg.ami_user}
    seen: dict[str, str] = {}
    for name in SECRET_FILES:
        value = cfg.values.get(name, "")
        if not value:
            if path.exists():
                found.append(Finding(FAIL, f"{name} is not set in {path}", regenerate))
            continue
        if why := weakness(value, users.get(name, "")):
            found.append(
                Finding(
                    FAIL,
                    f"{name} ({cfg.origin(name)}) is not a generated secret: {why}",
                    f"delete its line from {path} (and unset it in the environment), run `make secrets`, "
                    "then the installer again (`asterisk install`: it copies .local/asterisk/*.conf to "
                    "Asterisk) and reload Asterisk (the sandbox: `make asterisk-up`)",
                )
            )
        elif value in seen:
            found.append(
                Finding(
                    FAIL,
                    f"{name} is the same as {seen[value]}: one leak would open both",
                    f"delete the line of {name} from {path} and run `make secrets`",
                )
            )
        seen.setdefault(value, name)
    found += _asterisk_copies(cfg)
    return result("secrets", found, f"{len(SECRET_FILES)} generated secrets in {path} (0600)")


def _asterisk_copies(cfg: DoctorConfig) -> list[Finding]:
    """The one-line files Asterisk #includes must say what secrets.env says, or logins fail."""
    found = []
    folder = cfg.asterisk_secrets_dir
    for name, (filename, template) in SECRET_FILES.items():
        value = cfg.file_values.get(name)
        if not value:
            continue
        include = folder / filename
        if not include.exists():
            found.append(
                Finding(
                    FAIL,
                    f"{include} is missing: Asterisk's configuration #includes it for {name}",
                    "run `make secrets` (it writes the include files), then `clearcall asterisk install` "
                    "(copies them to Asterisk's clearcall-secrets/)",
                )
            )
        elif include.read_text(errors="replace").strip() != template.format(value):
            found.append(
                Finding(
                    FAIL,
                    f"{include} does not hold the {name} of {cfg.secrets_path}: Asterisk and the bot "
                    "disagree",
                    "run `make secrets` (rewrites the include files from secrets.env), then `clearcall "
                    "asterisk install` (copies them to Asterisk) and reload Asterisk (the sandbox: "
                    "`make asterisk-up`)",
                )
            )
    return found


# ---- permissions ------------------------------------------------------------------------------------

RECORDINGS_DIR = "recordings"
_STORE_SUFFIXES = ("", "-wal", "-shm", "-journal")
_MAX_RECORDINGS_LISTED = 20_000


def _private_dir(path: Path, what: str) -> Finding | None:
    mode = mode_of(path)
    if mode & 0o022:
        return Finding(
            FAIL, f"{path} ({what}) is mode {mode:04o}: other users can change it", f"chmod 700 {path}"
        )
    if mode & 0o077:
        return Finding(
            WARN, f"{path} ({what}) is mode {mode:04o}: other users can list it", f"chmod 700 {path}"
        )
    return None


def _walk_files(top: Path, limit: int) -> Iterable[Path]:
    count = 0
    for folder, _dirs, files in os.walk(top):
        for name in files:
            count += 1
            if count > limit:
                return
            yield Path(folder) / name


def check_permissions(cfg: DoctorConfig) -> CheckResult:
    """The store, the keys Asterisk reads and any recordings are readable and writable by this user only."""
    s = cfg.settings
    found: list[Finding] = []
    data_dir = s.local_dir
    if data_dir.exists() and (problem := _private_dir(data_dir, "the data folder")):
        found.append(problem)
    for suffix in _STORE_SUFFIXES:
        path = s.db_path.with_name(s.db_path.name + suffix)
        if not path.exists():
            continue
        if problem := _private_file(path, "the store: phone numbers, transcripts, consent"):
            found.append(problem)
        if not os.access(path, os.R_OK | os.W_OK):
            found.append(
                Finding(
                    FAIL,
                    f"{path} (the store) cannot be read and written by this user (uid {os.getuid()})",
                    f"chown {os.getuid()} {path}, or run the bot as its owner",
                )
            )
    keys = cfg.asterisk_secrets_dir
    if keys.exists():
        if problem := _private_dir(keys, "the passwords Asterisk includes"):
            found.append(problem)
        for key in sorted(keys.glob("*.conf")):
            if problem := _private_file(key, "a password Asterisk includes"):
                found.append(problem)
    master = s.recording_keys_path
    if master.exists() and (problem := _private_file(master, "the recordings' master keys")):
        found.append(problem)
    recordings = data_dir / RECORDINGS_DIR
    if recordings.exists():
        if problem := _private_dir(recordings, "call recordings"):
            found.append(problem)
        exposed = [p for p in _walk_files(recordings, _MAX_RECORDINGS_LISTED) if mode_of(p) & 0o077]
        if exposed:
            found.append(
                Finding(
                    FAIL,
                    f"{len(exposed)} recording(s) under {recordings} can be read by other users "
                    f"(e.g. {exposed[0].name}, mode {mode_of(exposed[0]):04o})",
                    f"chmod -R go-rwx {recordings}",
                )
            )
    what = "store, Asterisk's passwords" + (", recordings" if recordings.exists() else "")
    return result("permissions", found, f"{what}: this user only ({data_dir})")


# ---- speech models ----------------------------------------------------------------------------------


def flow_languages(flows_dir: Path) -> dict[str, list[str]]:
    """language -> the flows that speak it, read from flows/*.yaml (broken files are skipped here)."""
    languages: dict[str, list[str]] = {}
    for path in sorted(flows_dir.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text())
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and isinstance(data.get("language"), str):
            languages.setdefault(data["language"], []).append(path.stem)
    return languages


def check_models(cfg: DoctorConfig) -> CheckResult:
    """Each flow's language has a Vosk model, and every model that is there is complete."""
    s = cfg.settings
    languages = flow_languages(s.flows_dir)
    if not languages:
        return single(
            "models",
            WARN,
            f"no flows under {s.flows_dir}: nothing says which speech models are needed",
            "put flow files (*.yaml) in flows/ beside .local, or pass --home",
        )
    found: list[Finding] = []
    ready = []
    for lang, flows in sorted(languages.items()):
        try:
            info = find_model(lang, s.models_dir)
        except ModelError as exc:
            found.append(
                Finding(
                    WARN,
                    f"no {lang} model: flows {', '.join(flows)} run with the keypad opt-out only",
                    str(exc).partition(": ")[2] or f"`clearcall models install {lang}`",
                )
            )
            continue
        try:
            verify_model(info)
        except ModelError as exc:
            found.append(
                Finding(
                    FAIL,
                    f"{str(exc).removesuffix(': reinstall it')}: the bot will not start",
                    f"`clearcall models install {lang}` again, or remove {info.path}",
                )
            )
            continue
        ready.append(f"{lang} ({info.source})")
    return result("models", found, f"models complete: {', '.join(ready)}")
