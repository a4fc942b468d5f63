"""Settings: defaults bind to loopback; each can be overridden by a CLEARCALL_* environment variable."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.compliance.hours import DEFAULT_WINDOWS, CallingWindows
from bot.core.errors import ConfigError


def read_env_file(path: Path) -> dict[str, str]:
    """Read KEY=VALUE lines; blank lines and # comments are ignored."""
    values: dict[str, str] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, _, value = line.partition("=")
                values[key.strip()] = value.strip()
    return values


# From bench/load on a quiet 2-core machine, recording on (README, "Capacity"): at most 50 calls up, and new
# calls at most 2 a second past a burst of 10. Calls that start together answer together: 100 calls offered
# at 4.5 a second, admitted at 2 a second (44-45 up), met every goal in every run, also while the host's
# neighbours took CPU, when 2.5 and 3 a second did not; 50 callers answering at once missed them without
# the rate limit (reply p95 818 ms, 220 gaps) and met them with it (two gaps of 61 ms in one run of two).
DEFAULT_MAX_CALLS = 50
DEFAULT_CALL_RATE = 2.0
DEFAULT_CALL_BURST = 10
# Written by `clearcall asterisk install --systemd`: the service's environment, and where the CLI finds
# the project folder when it runs from anywhere else.
SYSTEM_CONFIG = Path("/etc/clearcall/clearcall.env")
CHECKOUT = Path(__file__).resolve().parents[2]  # the source folder this package runs from


def find_home(env: dict[str, str] | None = None, cwd: Path | None = None) -> Path:
    """The project folder (flows/, dialplans/, .local/): CLEARCALL_HOME, else the one named in
    /etc/clearcall/clearcall.env, else the current folder when it holds flows/, else the checkout."""
    env = dict(os.environ if env is None else env)
    if env.get("CLEARCALL_HOME"):
        return Path(env["CLEARCALL_HOME"])
    if os.access(SYSTEM_CONFIG, os.R_OK) and (named := read_env_file(SYSTEM_CONFIG).get("CLEARCALL_HOME")):
        return Path(named)
    cwd = cwd or Path.cwd()
    return cwd if (cwd / "flows").is_dir() or not (CHECKOUT / "flows").is_dir() else CHECKOUT


def _positive_int(name: str, value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise ConfigError(f"{name}={value!r}: expected a whole number of at least 1")
    return int(value)


def _non_negative(name: str, value: str, expected: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 <= number < float("inf"):
        raise ConfigError(f"{name}={value!r}: expected {expected}")
    return number


def _hours(name: str, value: str) -> float:
    return _non_negative(name, value, "hours, e.g. 24 (daily), 0.5, or 0 for off")


def _rate(name: str, value: str) -> float:
    return _non_negative(name, value, "calls a second, e.g. 3 or 0.5, or 0 for no limit")


def _host_port(name: str, value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigError(f"{name}={value!r}: expected HOST:PORT, e.g. 127.0.0.1:9093")
    return host, int(port)


@dataclass(frozen=True)
class Settings:
    """Everything the bot needs to find Asterisk, its data and its models."""

    home: Path
    ari_url: str = "http://127.0.0.1:8088"
    ari_user: str = "clearcall"
    ari_password: str = field(default="", repr=False)
    ari_app: str = "clearcall"
    audiosocket_bind: tuple[str, int] = ("127.0.0.1", 9093)
    # The address Asterisk dials for media; differs from the bind address when the bot runs on another host.
    audiosocket_advertise: str = "127.0.0.1:9093"
    agi_bind: tuple[str, int] = ("127.0.0.1", 4573)
    # The bot's free call slots for the campaign dialer (GET /status, JSON; bot/app/status_server.py).
    status_bind: tuple[str, int] = ("127.0.0.1", 4574)
    # Campaign calls: how long a callee rings before it counts as no answer (TSR/Ofcom: at least 15 s).
    ring_seconds: int = 20
    default_region: str = "US"
    # Concurrent calls this host takes; past it a new call hears busy (SIP 486). The default is what
    # bench/load measured on a 2-core machine (above, and README, "Capacity").
    max_calls: int = DEFAULT_MAX_CALLS
    # New calls a second past a burst (CLEARCALL_CALL_RATE, 0 = no limit; CLEARCALL_CALL_BURST); past it an
    # inbound call hears busy, and the dialer dials no faster.
    call_rate: float = DEFAULT_CALL_RATE
    call_burst: int = DEFAULT_CALL_BURST
    log_json: bool = False
    # CLEARCALL_RECORDINGS=off: record nothing (the PBX records); `recording:` still words the opening.
    recordings: bool = True
    # CLEARCALL_PURGE_EVERY: the running bot applies retention (`clearcall purge`) this often; 0 = never.
    purge_every_hours: float = 24.0
    # CLEARCALL_OPTOUT_MODEL=off: opt-outs by the rules only, without the learned second opinion.
    optout_model: bool = True
    # CLEARCALL_CALLING_WINDOWS: a YAML file of calling hours per region that override or extend the
    # built-in table (bot/compliance/hours.py), e.g. a state's or a client's stricter hours.
    calling_windows: CallingWindows = DEFAULT_WINDOWS
    # Where the database and caches live; tests point it at a temporary folder.
    data_dir: Path | None = None

    def require_ari_password(self) -> str:
        if not self.ari_password:
            raise ConfigError(
                "CLEARCALL_ARI_PASSWORD is not set: run `make secrets` (writes .local/secrets.env) "
                "or export it with the password of the [clearcall] user in ari.conf"
            )
        return self.ari_password

    @property
    def local_dir(self) -> Path:
        return self.data_dir or self.home / ".local"

    @property
    def db_path(self) -> Path:
        return self.local_dir / "clearcall.db"

    @property
    def tts_cache_dir(self) -> Path:
        return self.local_dir / "tts-cache"

    @property
    def recording_keys_path(self) -> Path:
        """Master keys of the recordings (bot/store/recording_keys.py); never inside the database."""
        return self.local_dir / "recording-keys.json"

    @property
    def flows_dir(self) -> Path:
        return self.home / "flows"

    @property
    def models_dir(self) -> Path:
        return self.local_dir / "models"

    @classmethod
    def load(cls, home: Path | None = None, env: dict[str, str] | None = None) -> Settings:
        """Read .local/secrets.env, then let the environment override any value."""
        env = dict(os.environ if env is None else env)
        home = (home or Path(env.get("CLEARCALL_HOME", "."))).resolve()
        secrets_file = home / ".local" / "secrets.env"
        # The service's user cannot read the operator's 0600 secrets.env: its environment carries them.
        readable = os.access(secrets_file, os.R_OK)
        values = (read_env_file(secrets_file) if readable else {}) | env

        def get(name: str, default: str) -> str:
            return values.get(f"CLEARCALL_{name}", default)

        password = get("ARI_PASSWORD", "")
        advertise = get("AUDIOSOCKET_ADVERTISE", get("AUDIOSOCKET_BIND", "127.0.0.1:9093"))
        _host_port("CLEARCALL_AUDIOSOCKET_ADVERTISE", advertise)
        return cls(
            home=home,
            ari_url=get("ARI_URL", cls.ari_url).rstrip("/"),
            ari_user=get("ARI_USER", cls.ari_user),
            ari_password=password,
            ari_app=get("ARI_APP", cls.ari_app),
            audiosocket_bind=_host_port(
                "CLEARCALL_AUDIOSOCKET_BIND", get("AUDIOSOCKET_BIND", "127.0.0.1:9093")
            ),
            audiosocket_advertise=advertise,
            agi_bind=_host_port("CLEARCALL_AGI_BIND", get("AGI_BIND", "127.0.0.1:4573")),
            status_bind=_host_port("CLEARCALL_STATUS_BIND", get("STATUS_BIND", "127.0.0.1:4574")),
            ring_seconds=_positive_int("CLEARCALL_RING_SECONDS", get("RING_SECONDS", "20")),
            default_region=get("DEFAULT_REGION", cls.default_region),
            max_calls=_positive_int("CLEARCALL_MAX_CALLS", get("MAX_CALLS", str(DEFAULT_MAX_CALLS))),
            call_rate=_rate("CLEARCALL_CALL_RATE", get("CALL_RATE", str(DEFAULT_CALL_RATE))),
            call_burst=_positive_int("CLEARCALL_CALL_BURST", get("CALL_BURST", str(DEFAULT_CALL_BURST))),
            log_json=get("LOG_JSON", "0") == "1",
            recordings=get("RECORDINGS", "on") != "off",
            purge_every_hours=_hours("CLEARCALL_PURGE_EVERY", get("PURGE_EVERY", "24")),
            optout_model=get("OPTOUT_MODEL", "on") != "off",
            calling_windows=_calling_windows(get("CALLING_WINDOWS", "")),
            data_dir=Path(values["CLEARCALL_DATA_DIR"]) if values.get("CLEARCALL_DATA_DIR") else None,
        )


def _calling_windows(path: str) -> CallingWindows:
    """The built-in calling hours, with the rows of the YAML file at `path` over them ("" = none)."""
    if not path:
        return DEFAULT_WINDOWS
    where = f"CLEARCALL_CALLING_WINDOWS={path}"
    try:
        mapping = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{where}: cannot read it ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{where}: not valid YAML ({exc})") from exc
    return CallingWindows.from_mapping(mapping or {}, base=DEFAULT_WINDOWS, setting=path)
