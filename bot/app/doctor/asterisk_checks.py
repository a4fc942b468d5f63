"""Checks that ask Asterisk or the running bot: ARI, the version and modules, AMI, the dialplan, the gate."""

from __future__ import annotations

import asyncio
import contextlib
import re
from dataclasses import dataclass
from typing import Any

from panoramisk import Manager

from bot.app.doctor.config import DoctorConfig, is_wildcard
from bot.app.doctor.results import CheckResult, Finding, Status, result, single, skipped
from bot.app.secrets_setup import SECRETS as SECRET_FILES  # name -> (Asterisk include file, line)
from bot.asterisk.agi_gate import DENY, REASON_INVALID_NUMBER, REASON_VAR, SCRIPT_NAME, VERDICT_VAR
from bot.asterisk.ari import AriAuthError, AriClient, AriError, AriUnavailable

OK, WARN, FAIL = Status.OK, Status.WARN, Status.FAIL
TIMEOUT = 5.0


def _why(exc: BaseException) -> str:
    """A connection failure in a few words."""
    if isinstance(exc, TimeoutError):
        return "no answer in time"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    return getattr(exc, "strerror", None) or str(exc) or exc.__class__.__name__


# ---- ARI --------------------------------------------------------------------------------------------


def ari_401_text(user: str) -> str:
    """The known deploy failure: Asterisk could not read the include file holding the ARI password."""
    return f"Asterisk did not load the {user} ARI user: is its secrets file readable by the asterisk user?"


async def check_ari(cfg: DoctorConfig, ari: AriClient | None) -> tuple[CheckResult, dict[str, Any] | None]:
    """GET /ari/asterisk/info with the bot's credentials; returns the info for the version check."""
    s = cfg.settings
    if ari is None:
        return (
            single(
                "ari",
                FAIL,
                "CLEARCALL_ARI_PASSWORD is not set: the bot cannot log in to ARI",
                f"run `make secrets` (writes {cfg.secrets_path}) or set it to the password of the "
                f"[{s.ari_user}] user in ari.conf",
            ),
            None,
        )
    try:
        info = await ari.request("GET", "asterisk/info")
    except AriAuthError:
        findings = [
            Finding(
                FAIL,
                f"ARI refused user {s.ari_user} (401): {ari_401_text(s.ari_user)}",
                "make Asterisk's clearcall-secrets/ari_password.conf readable by the user Asterisk runs as "
                "(owner asterisk, mode 0600), then `module reload res_ari.so`; the password must be "
                "CLEARCALL_ARI_PASSWORD",
            )
        ]
        if (note := _password_disagrees(cfg)) is not None:
            findings.append(note)
        return CheckResult("ari", tuple(findings)), None
    except AriUnavailable as exc:
        return (
            single(
                "ari",
                FAIL,
                f"Asterisk is not answering at {s.ari_url} ({exc.message})",
                "start Asterisk (`make asterisk-up` for the sandbox); check CLEARCALL_ARI_URL and "
                "bindaddr/bindport in http.conf",
            ),
            None,
        )
    except AriError as exc:
        fix = (
            "set enabled = yes in the [general] sections of ari.conf and http.conf, and load res_ari.so"
            if exc.status == 404
            else f"see Asterisk's log for the {exc.status} on GET /ari/asterisk/info"
        )
        return single("ari", FAIL, f"ARI at {s.ari_url} answered {exc.status}: {exc.message}", fix), None
    if not isinstance(info, dict):
        return single("ari", FAIL, f"{s.ari_url} answered, but not like ARI", "check CLEARCALL_ARI_URL"), None
    return single("ari", OK, f"ARI user {s.ari_user} logged in at {s.ari_url}"), info


def _password_disagrees(cfg: DoctorConfig) -> Finding | None:
    """When the password in use is not the one written for Asterisk, that is the likelier cause."""
    filename, template = SECRET_FILES["CLEARCALL_ARI_PASSWORD"]
    include = cfg.asterisk_secrets_dir / filename
    if not include.exists():
        return None
    if include.read_text(errors="replace").strip() != template.format(cfg.settings.ari_password):
        return Finding(
            FAIL,
            f"CLEARCALL_ARI_PASSWORD ({cfg.origin('CLEARCALL_ARI_PASSWORD')}) is not the password "
            f"in {include}",
            "unset the stray CLEARCALL_ARI_PASSWORD, or run `make secrets` and `clearcall asterisk install` "
            "(copies the passwords to Asterisk)",
        )
    return None


# ---- version ----------------------------------------------------------------------------------------

TESTED_MAJOR = 22
MIN_MAJOR = 18  # ARI externalMedia with AudioSocket arrived in Asterisk 18
_VERSION_RE = re.compile(r"(?:certified[/-])?(\d+)\.(\d+)")


def check_version(info: dict[str, Any] | None) -> CheckResult:
    if info is None:
        return skipped("asterisk", "needs ARI (see above)")
    version = str((info.get("system") or {}).get("version") or "")
    match = _VERSION_RE.match(version)
    if match is None:
        return single(
            "asterisk",
            WARN,
            f"cannot tell the Asterisk version from {version!r}",
            f"Clearcall is tested on Asterisk {TESTED_MAJOR}",
        )
    major = int(match.group(1))
    shown = version.split("+", 1)[0]
    if major < MIN_MAJOR:
        return single(
            "asterisk",
            FAIL,
            f"Asterisk {shown} is too old: ARI externalMedia over AudioSocket needs {MIN_MAJOR} or later",
            f"upgrade Asterisk (Clearcall is tested on {TESTED_MAJOR})",
        )
    if major < TESTED_MAJOR:
        return single(
            "asterisk",
            WARN,
            f"Asterisk {shown}: Clearcall is tested on {TESTED_MAJOR} only",
            f"upgrade to Asterisk {TESTED_MAJOR}, or run `make test` against this version first",
        )
    return single("asterisk", OK, f"Asterisk {shown}")


# ---- modules ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModuleNeed:
    name: str  # as ARI lists it, with .so
    why: str
    status: Status = FAIL  # what its absence means


REQUIRED_MODULES: tuple[ModuleNeed, ...] = (
    ModuleNeed("res_ari.so", "ARI, how the bot controls calls"),
    ModuleNeed("res_stasis.so", "Stasis, the ARI application framework"),
    ModuleNeed("app_stasis.so", "Stasis(clearcall,<flow>) in the dialplan"),
    ModuleNeed("chan_audiosocket.so", "the externalMedia channel that carries call audio"),
    ModuleNeed("app_audiosocket.so", "AudioSocket() for dialplans that stream to the bot"),
    ModuleNeed("res_agi.so", "AGI(), how the dialplan asks the dial gate"),
    ModuleNeed("chan_pjsip.so", "SIP calls"),
    # Nothing in Clearcall calls these yet; missing, they are reported but do not fail the check.
    ModuleNeed("app_mixmonitor.so", "MixMonitor() call recording", WARN),
    ModuleNeed("app_amd.so", "AMD() answering-machine detection on outbound calls", WARN),
)


def modules_result(listed: Any, needs: tuple[ModuleNeed, ...] = REQUIRED_MODULES) -> CheckResult:
    """Pure part of the modules check: GET /ari/asterisk/modules' answer against what Clearcall needs."""
    if not isinstance(listed, list):
        return single("modules", FAIL, "ARI's module list is not a list", "check CLEARCALL_ARI_URL")
    running = {
        str(m.get("name")): str(m.get("status", "")) for m in listed if isinstance(m, dict) and m.get("name")
    }
    found = []
    for need in needs:
        state = running.get(need.name)
        if state == "Running":
            continue
        text = f"{need.name} is {'not loaded' if state is None else state.lower()}: {need.why}"
        fix = (
            f"load it: remove any `noload => {need.name}` from modules.conf (the sandbox's is "
            f"asterisk-conf/sandbox/etc/modules.conf) and `module load {need.name}`"
        )
        found.append(Finding(need.status, text, fix))
    loaded = [n.name.removesuffix(".so") for n in needs if running.get(n.name) == "Running"]
    return result("modules", found, f"loaded: {', '.join(loaded)}")


async def check_modules(
    ari: AriClient | None, reachable: bool, needs: tuple[ModuleNeed, ...] = REQUIRED_MODULES
) -> CheckResult:
    if ari is None or not reachable:
        return skipped("modules", "needs ARI (see above)")
    try:
        listed = await ari.request("GET", "asterisk/modules")
    except AriError as exc:
        return single(
            "modules",
            FAIL,
            f"ARI could not list modules ({exc.status}: {exc.message})",
            "the ARI user needs read access (read_only or full) in ari.conf",
        )
    return modules_result(listed, needs)


# ---- AMI --------------------------------------------------------------------------------------------


class AmiLoginFailed(Exception):
    pass


class _OneShotManager(Manager):
    """panoramisk's Manager without reconnecting: the doctor logs in once and says what happened."""

    def connection_lost(self, exc: Exception | None) -> None:
        self._connected = False
        if self.pinger:
            self.pinger.cancel()
            self.pinger = None


class AmiSession:
    """One AMI login through panoramisk (as the bot's AMI user), for Getvar questions; close() when done."""

    def __init__(self, host: str, port: int, user: str, secret: str, timeout: float = TIMEOUT) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.manager = _OneShotManager(
            host=host, port=port, username=user, secret=secret, events="off", ping_delay=3600
        )

    async def login(self) -> str:
        """Connect and log in; returns the AMI protocol version.

        Raises OSError or TimeoutError (no answer), AmiLoginFailed (refused).
        """
        loop = asyncio.get_running_loop()
        self.manager.loop = loop
        async with asyncio.timeout(self.timeout):
            transport, protocol = await loop.create_connection(
                self.manager.config["protocol_factory"], self.host, self.port
            )
            connected = loop.create_future()
            connected.set_result((transport, protocol))
            self.manager.connection_made(connected)  # sends Login
            answer = await self.manager.authenticated_future
        if not answer.success:
            raise AmiLoginFailed(str(answer.get("Message") or "login refused"))
        return str(getattr(protocol, "version", None) or "?")

    async def getvar(self, name: str) -> tuple[bool, str]:
        """(True, value) or (False, the error message) for a variable or function read without a channel."""
        async with asyncio.timeout(self.timeout):
            answer = await self.manager.send_action({"Action": "Getvar", "Variable": name})
        if isinstance(answer, list):
            answer = answer[0]
        if answer.success:
            return True, str(answer.get("Value") or "")
        return False, str(answer.get("Message") or "error")

    def close(self) -> None:
        self.manager.close()


async def check_ami(cfg: DoctorConfig) -> tuple[CheckResult, AmiSession | None]:
    """Log in to AMI with the bot's user and secret; the session serves the dialplan check."""
    host, port = cfg.ami_address
    user = cfg.ami_user
    if not cfg.ami_secret:
        return (
            single(
                "ami",
                FAIL,
                "CLEARCALL_AMI_SECRET is not set: cannot log in to AMI",
                f"run `make secrets` (writes {cfg.secrets_path}); the secret goes to Asterisk as "
                "clearcall-secrets/ami_secret.conf",
            ),
            None,
        )
    session = AmiSession(host, port, user, cfg.ami_secret, TIMEOUT)
    where = f"{host}:{port}"
    try:
        version = await session.login()
    except AmiLoginFailed as exc:
        session.close()
        return (
            single(
                "ami",
                FAIL,
                f"AMI refused user {user} ({exc}): Asterisk did not load the [{user}] manager user, or its "
                "secret differs",
                "make Asterisk's clearcall-secrets/ami_secret.conf readable by the asterisk user and equal "
                f"to CLEARCALL_AMI_SECRET ({cfg.origin('CLEARCALL_AMI_SECRET')}); then `manager reload`",
            ),
            None,
        )
    except (OSError, TimeoutError) as exc:
        session.close()
        return (
            single(
                "ami",
                FAIL,
                f"AMI is not answering at {where} ({_why(exc)})",
                "set enabled = yes, bindaddr = 127.0.0.1 and port in manager.conf [general] and include "
                "asterisk-conf/manager_clearcall.conf; or point CLEARCALL_AMI_ADDRESS at it",
            ),
            None,
        )
    return single("ami", OK, f"AMI user {user} logged in at {where} (protocol {version})"), session


# ---- dialplan ---------------------------------------------------------------------------------------


async def check_dialplan(cfg: DoctorConfig, ami: AmiSession | None) -> CheckResult:
    """Every context of dialplans/*.conf is loaded in Asterisk (AMI Getvar of DIALPLAN_EXISTS)."""
    if ami is None:
        return skipped("dialplan", "needs AMI (see above)")
    facts = cfg.dialplans
    found: list[Finding] = []
    missing = []
    try:
        for context in facts.contexts:
            ok, value = await ami.getvar(f"DIALPLAN_EXISTS({context})")
            if not ok:
                return single(
                    "dialplan",
                    FAIL,
                    f"AMI would not evaluate DIALPLAN_EXISTS ({value})",
                    "give the AMI user `write = originate,call` (asterisk-conf/manager_clearcall.conf)",
                )
            if value.strip() != "1":
                missing.append(context)
        trunk_ok, trunk = await ami.getvar("GLOBAL(CLEARCALL_TRUNK)")
    except (TimeoutError, OSError) as exc:
        return single(
            "dialplan", FAIL, f"AMI stopped answering ({exc.__class__.__name__})", "see Asterisk's log"
        )
    if missing:
        found.append(
            Finding(
                FAIL,
                f"context(s) not loaded in Asterisk: {', '.join(missing)} (from {facts.source})",
                "#include dialplans/clearcall.conf and dialplans/clearcall_outbound_gate.conf from "
                "extensions.conf (README, Deploying) and `dialplan reload`",
            )
        )
    if trunk_ok and not trunk.strip() and "clearcall-outbound-gate" in facts.contexts:
        found.append(
            Finding(
                WARN,
                "CLEARCALL_TRUNK is not set in [globals]: the outbound gate refuses every allowed call",
                "set CLEARCALL_TRUNK = <your carrier's PJSIP endpoint> in [globals] of extensions.conf",
            )
        )
    return result("dialplan", found, f"{len(facts.contexts)} contexts loaded: {', '.join(facts.contexts)}")


# ---- the dial gate ----------------------------------------------------------------------------------

PROBE_NUMBER = "doctor-probe"  # not a number: the gate must DENY it without asking the store
_SET_VARIABLE_RE = re.compile(r'SET VARIABLE (\S+) "((?:[^"\\]|\\.)*)"')


async def probe_gate(host: str, port: int, timeout: float = TIMEOUT) -> dict[str, str]:
    """A FastAGI session as Asterisk would open one, asking about a malformed number.

    Returns the variables the gate set (answering each SET VARIABLE with success). Raises OSError or
    TimeoutError when nothing answers in time.
    """
    async with asyncio.timeout(timeout):
        reader, writer = await asyncio.open_connection(host, port)
        try:
            env = {
                "agi_network": "yes",
                "agi_network_script": SCRIPT_NAME,
                "agi_request": f"agi://{host}:{port}/{SCRIPT_NAME}",
                "agi_channel": "Local/doctor@clearcall-doctor",
                "agi_uniqueid": "clearcall-doctor",
                "agi_extension": "s",
                "agi_arg_1": PROBE_NUMBER,
                "agi_arg_2": "robot",
            }
            writer.write(("".join(f"{k}: {v}\n" for k, v in env.items()) + "\n").encode())
            await writer.drain()
            variables: dict[str, str] = {}
            while line := await reader.readline():
                text = line.decode(errors="replace").strip()
                match = _SET_VARIABLE_RE.fullmatch(text)
                if match is None:
                    writer.write(b"510 Invalid or unknown command\n")
                    await writer.drain()
                    continue
                variables[match.group(1)] = re.sub(r"\\(.)", r"\1", match.group(2))
                writer.write(b"200 result=1\n")
                await writer.drain()
            return variables
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()


async def check_gate(cfg: DoctorConfig, *, before_start: bool) -> CheckResult:
    """The running bot's FastAGI gate answers where the dialplan asks, and DENYs a malformed number."""
    if before_start:
        return skipped("gate", "the bot is not running yet")
    host, port = cfg.settings.agi_bind
    target = ("::1" if ":" in host else "127.0.0.1") if is_wildcard(host) else host
    where = f"{target}:{port}"
    try:
        variables = await probe_gate(target, port, TIMEOUT)
    except (OSError, TimeoutError) as exc:
        return single(
            "gate",
            FAIL,
            f"the dial gate does not answer at {where} (CLEARCALL_AGI_BIND: {_why(exc)}): Asterisk "
            "refuses every gated outbound call",
            "start the bot (`clearcall run`, or `make run`); before it starts, run the doctor with "
            "--before-start",
        )
    verdict, reason = variables.get(VERDICT_VAR), variables.get(REASON_VAR)
    if verdict != DENY or reason != REASON_INVALID_NUMBER:
        return single(
            "gate",
            FAIL,
            f"{where} answered FastAGI but not as the Clearcall gate ({VERDICT_VAR}={verdict!r}, "
            f"{REASON_VAR}={reason!r} for a malformed number)",
            f"make sure `clearcall run` owns {where} (CLEARCALL_AGI_BIND), not another program",
        )
    return single("gate", OK, f"the dial gate at {where} answers FastAGI and refuses a malformed number")
