"""`clearcall doctor`: checks the setup and says what to fix, one line per check.

Each check is a small function returning a `CheckResult` (ok / warn / FAIL / skip, a one-line finding, a
one-line fix naming the file or setting). Local checks read this machine; the rest ask Asterisk over ARI
and AMI with the bot's own credentials (read-only: GETs, a login, Getvar), and the running bot's dial
gate with a FastAGI request it must refuse. `before_start=True` skips what needs the running bot.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.app.doctor.asterisk_checks import (
    REQUIRED_MODULES,
    TIMEOUT,
    ModuleNeed,
    check_ami,
    check_ari,
    check_dialplan,
    check_gate,
    check_modules,
    check_version,
)
from bot.app.doctor.asterisk_priority import Policies, asterisk_policies, check_priority
from bot.app.doctor.config import DoctorConfig
from bot.app.doctor.local_checks import (
    Listeners,
    check_binds,
    check_models,
    check_permissions,
    check_secrets,
    system_listeners,
)
from bot.app.doctor.results import CheckResult, Finding, Status
from bot.asterisk.ari import AriClient

__all__ = [
    "REQUIRED_MODULES",
    "CheckResult",
    "DoctorConfig",
    "Finding",
    "ModuleNeed",
    "Status",
    "config_failure",
    "exit_status",
    "render",
    "run_doctor",
    "summary",
]


async def run_doctor(
    cfg: DoctorConfig,
    *,
    before_start: bool = False,
    listeners: Listeners = system_listeners,
    modules: tuple[ModuleNeed, ...] = REQUIRED_MODULES,
    policies: Policies = asterisk_policies,
    progress: Callable[[CheckResult], None] | None = None,
) -> list[CheckResult]:
    """Run every check in order; `progress` sees each result as soon as it is known."""
    results: list[CheckResult] = []

    def add(item: CheckResult) -> None:
        results.append(item)
        if progress is not None:
            progress(item)

    add(check_binds(cfg, before_start=before_start, listeners=listeners))
    add(check_secrets(cfg))
    add(check_permissions(cfg))
    add(check_models(cfg))
    s = cfg.settings
    ari = (
        AriClient(s.ari_url, s.ari_user, s.ari_password, s.ari_app, request_timeout=TIMEOUT)
        if s.ari_password
        else None
    )
    try:
        ari_result, info = await check_ari(cfg, ari)
        add(ari_result)
        add(check_version(info))
        add(await check_modules(ari, info is not None, modules))
    finally:
        if ari is not None:
            await ari.aclose()
    add(check_priority(policies))
    ami_result, session = await check_ami(cfg)
    add(ami_result)
    try:
        add(await check_dialplan(cfg, session))
    finally:
        if session is not None:
            session.close()
    add(await check_gate(cfg, before_start=before_start))
    return results


def config_failure(message: str) -> CheckResult:
    """The settings could not be read at all: the one result the doctor can give."""
    return CheckResult(
        "settings",
        (Finding(Status.FAIL, message, "fix that value in .local/secrets.env or the environment"),),
    )


_NAME_WIDTH = 12


def render(item: CheckResult) -> str:
    """`STATUS name finding`, then the other findings, then `fix:` lines for what is not ok."""
    pad = " " * (6 + _NAME_WIDTH)
    head = item.headline
    lines = [f"{item.status.value:<6}{item.name:<{_NAME_WIDTH}}{head.text}"]
    ordered = [head] + [f for f in item.findings if f is not head]
    for finding in ordered:
        if finding is not head:
            lines.append(f"{pad}{finding.status.value}: {finding.text}")
        if finding.status in (Status.WARN, Status.FAIL) and finding.fix:
            lines.append(f"{pad}  fix: {finding.fix}")
    return "\n".join(lines)


def summary(results: list[CheckResult]) -> str:
    counts = {status: sum(r.status is status for r in results) for status in Status}
    parts = [
        f"{counts[Status.FAIL]} failed",
        f"{counts[Status.WARN]} with warnings",
        f"{counts[Status.OK]} ok",
    ]
    if counts[Status.SKIP]:
        parts.append(f"{counts[Status.SKIP]} skipped")
    verdict = "fix the FAIL lines, then run it again" if counts[Status.FAIL] else "nothing blocks the bot"
    return f"doctor: {len(results)} checks: {', '.join(parts)}: {verdict}"


def exit_status(results: list[CheckResult]) -> int:
    """1 when any check failed, else 0 (warnings and skips do not fail)."""
    return 1 if any(r.status is Status.FAIL for r in results) else 0
