"""What a softphone can dial: the bot's extensions whose flows can run here, and why the others are off."""

from __future__ import annotations

from dataclasses import dataclass

from bot.app.flow_catalog import disabled_reason
from bot.app.settings import Settings, read_env_file
from bot.flow.dialplan import stasis_entries
from bot.flow.loader import load_flows

PHONE_CONTEXT = "clearcall-phone"


@dataclass(frozen=True)
class Extension:
    number: str
    flow: str
    language: str
    off: str | None  # why it cannot take calls here, or None


def phone_extensions(settings: Settings) -> list[Extension]:
    flows = {flow.name: flow for flow in load_flows(list(settings.flows_dir.glob("*.yaml")))}
    found = []
    for path in sorted((settings.home / "dialplans").glob("*.conf")):
        for entry in stasis_entries(path.read_text(), path.name):
            if entry.context != PHONE_CONTEXT:
                continue
            flow = flows.get(entry.flow)
            if flow is None:
                why = f"no flow {entry.flow}.yaml in flows/"
                found.append(Extension(entry.extension, entry.flow, "?", why))
            else:
                why = disabled_reason(flow, settings.models_dir)
                found.append(Extension(entry.extension, flow.name, flow.language, why))
    return found


def render(settings: Settings) -> str:
    password = read_env_file(settings.home / ".local" / "secrets.env").get("CLEARCALL_PHONE_PASSWORD", "?")
    extensions = phone_extensions(settings)
    lines = [
        "",
        "Register a softphone (on this machine; SIP listens on loopback only):",
        "  server/domain: 127.0.0.1:5060 (UDP)",
        "  user:          clearcall-phone",
        f"  password:      {password}   (from .local/secrets.env)",
        "  dial:",
    ]
    lines += [f"    {e.number:<5} {e.flow} ({e.language})" for e in extensions if e.off is None]
    off = [e for e in extensions if e.off is not None]
    if off:
        lines.append("  off on this machine (calls to them hear that the line is not available):")
        lines += [f"    {e.number:<5} {e.flow}: {e.off}" for e in off]
    return "\n".join(lines) + "\n"
