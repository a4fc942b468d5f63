"""What the doctor reads: the bot's settings, the raw secrets and the shipped dialplan files."""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.app.settings import Settings, read_env_file
from bot.asterisk.agi_gate import DEFAULT_PORT, SCRIPT_NAME
from bot.core.errors import ConfigError

DEFAULT_AMI_ADDRESS = "127.0.0.1:5038"
DEFAULT_AMI_USER = "clearcall"
# The contexts the shipped dialplans define, used when dialplans/ is not beside the settings.
SHIPPED_CONTEXTS = (
    "clearcall-phone",
    "clearcall-transfer",
    "clearcall-bot-away",
    "clearcall-outbound",
    "clearcall-outbound-manual",
    "clearcall-outbound-gate",
)
_CONTEXT_RE = re.compile(r"^\s*\[([^\]\s]+)\]", re.MULTILINE)
_AGI_URL_RE = re.compile(rf"AGI\(agi://([^/:,)\s]+)(?::(\d+))?/{SCRIPT_NAME}\b")


def host_port(name: str, value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigError(f"{name}={value!r}: expected HOST:PORT, e.g. {DEFAULT_AMI_ADDRESS}")
    return host.strip("[]"), int(port)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def is_wildcard(host: str) -> bool:
    return host in ("0.0.0.0", "::", "")


@dataclass(frozen=True)
class DialplanFacts:
    """What the dialplan files under dialplans/ ask of Asterisk and of the bot."""

    contexts: tuple[str, ...]
    gate_address: tuple[str, int] | None  # the agi://HOST:PORT/gate the outbound gate runs
    source: str  # where these came from, for messages


def read_dialplans(folder: Path) -> DialplanFacts:
    files = sorted(folder.glob("*.conf")) if folder.is_dir() else []
    if not files:
        return DialplanFacts(SHIPPED_CONTEXTS, ("127.0.0.1", DEFAULT_PORT), "the shipped dialplans")
    contexts: list[str] = []
    gate: tuple[str, int] | None = None
    for path in files:
        text = path.read_text(errors="replace")
        # Comments start with ";": a context named in a comment is not a context.
        code = "\n".join(line.split(";", 1)[0] for line in text.splitlines())
        contexts += [name for name in _CONTEXT_RE.findall(code) if name not in contexts]
        if gate is None and (match := _AGI_URL_RE.search(code)):
            gate = (match.group(1), int(match.group(2) or DEFAULT_PORT))
    return DialplanFacts(tuple(contexts), gate, str(folder))


@dataclass(frozen=True)
class DoctorConfig:
    """Settings plus what only the doctor needs: raw secrets, the AMI login, the dialplan files."""

    settings: Settings
    values: dict[str, str]  # secrets.env overlaid by CLEARCALL_* from the environment
    file_values: dict[str, str]  # secrets.env alone
    env_names: frozenset[str]  # CLEARCALL_* names set in the environment (they override the file)
    ami_address: tuple[str, int] = ("127.0.0.1", 5038)
    ami_user: str = DEFAULT_AMI_USER
    dialplans: DialplanFacts = field(
        default_factory=lambda: DialplanFacts(SHIPPED_CONTEXTS, ("127.0.0.1", DEFAULT_PORT), "")
    )

    @property
    def home(self) -> Path:
        return self.settings.home

    @property
    def secrets_path(self) -> Path:
        return self.home / ".local" / "secrets.env"

    @property
    def asterisk_secrets_dir(self) -> Path:
        """Where `clearcall secrets` writes the one-line files Asterisk #includes."""
        return self.home / ".local" / "asterisk"

    @property
    def ami_secret(self) -> str:
        return self.values.get("CLEARCALL_AMI_SECRET", "")

    def origin(self, name: str) -> str:
        """Where a CLEARCALL_* value comes from, for messages: the environment or secrets.env."""
        return "the environment" if name in self.env_names else str(self.secrets_path)

    @classmethod
    def load(cls, home: Path | None = None, env: dict[str, str] | None = None) -> DoctorConfig:
        """Raises ConfigError when a CLEARCALL_* value cannot be parsed (the message names it)."""
        env = dict(os.environ if env is None else env)
        settings = Settings.load(home, env)
        file_values = read_env_file(settings.home / ".local" / "secrets.env")
        values = file_values | env
        return cls(
            settings=settings,
            values=values,
            file_values=file_values,
            env_names=frozenset(k for k in env if k.startswith("CLEARCALL_")),
            ami_address=host_port(
                "CLEARCALL_AMI_ADDRESS", values.get("CLEARCALL_AMI_ADDRESS", DEFAULT_AMI_ADDRESS)
            ),
            ami_user=values.get("CLEARCALL_AMI_USER", DEFAULT_AMI_USER),
            dialplans=read_dialplans(settings.home / "dialplans"),
        )
