"""The dial gate: a FastAGI service the dialplan asks before it dials any number.

``dialplans/clearcall_outbound_gate.conf`` runs ``AGI(agi://127.0.0.1:4573/gate,<number>,<policy>)``
(policy ``robot`` for the bot's calls, ``manual`` for people dialling); this module answers with two
channel variables::

    CLEARCALL_GATE_REASON = "<short reason>"   (e.g. "suppressed", "no consent", "invalid number")
    CLEARCALL_GATE        = "ALLOW" | "DENY"

The dialplan dials only when ``CLEARCALL_GATE`` is exactly ``ALLOW``; every other outcome (DENY,
gate down, session cut short, variable unset) refuses the call.  The Python side fails closed
too: a callback that raises, times out or returns something odd gives DENY "gate error".
"""

from __future__ import annotations

import asyncio
import logging
import re
import traceback
from collections.abc import Awaitable, Callable

from bot.asterisk.fastagi import AGIRequest, FastAGIApplication, HeaderLimits, is_async_callable
from bot.core.numbers import mask

log = logging.getLogger(__name__)

# is_allowed(number, policy) -> (allowed, reason); the policy string comes from the dialplan.
# (number, policy) -> (allowed, reason); a campaign call adds campaign=NAME.
IsAllowed = Callable[..., Awaitable[tuple[bool, str]]]

SCRIPT_NAME = "gate"
DEFAULT_PORT = 4573
VERDICT_VAR = "CLEARCALL_GATE"
REASON_VAR = "CLEARCALL_GATE_REASON"
ALLOW = "ALLOW"
DENY = "DENY"
REASON_GATE_ERROR = "gate error"
REASON_INVALID_NUMBER = "invalid number"
REASON_BAD_POLICY = "bad policy"

# What the gate accepts as a dialable number: optional "+", ASCII digits only.  Anything else
# (letters, "&", ",", "/") could change what Dial() does with the string, so it is refused
# before the callback ever sees it.
_NUMBER_RE = re.compile(r"\+?[0-9]{3,20}")
_POLICY_RE = re.compile(r"[a-z]{1,16}")
# A campaign's calls name their campaign (agi_arg_3), whose own suppression list and consent then count.
_CAMPAIGN_RE = re.compile(r"[A-Za-z0-9_.-]{1,64}")
# The reason is echoed into the dialplan log; keep it to a short, inert character set.
_REASON_UNSAFE = re.compile(r"[^A-Za-z0-9 _.:/-]")
_REASON_MAX = 64


def _sanitize_reason(reason: str) -> str:
    cleaned = _REASON_UNSAFE.sub("_", reason.strip())[:_REASON_MAX]
    return cleaned or "unspecified"


class DialGate:
    """Answers the dialplan's ``gate`` FastAGI requests with ALLOW or DENY.

    ``is_allowed(number, policy)`` is an async callback returning ``(allowed, reason)``.  It gets the
    number exactly as the dialplan will dial it (``agi_arg_1``, else ``agi_extension``) and the policy
    (``agi_arg_2``), and only after both passed a syntax check (``+`` and 3-20 ASCII digits; 1-16
    lowercase letters).  Only a literal ``True``
    allows; an exception, a ``decision_timeout`` overrun or a malformed return value denies with
    reason "gate error".  Pass ``app`` to serve the gate from an existing ``FastAGIApplication``
    (``limits`` is then ignored).
    """

    def __init__(
        self,
        is_allowed: IsAllowed,
        *,
        decision_timeout: float = 2.0,
        app: FastAGIApplication | None = None,
        limits: HeaderLimits | None = None,
    ) -> None:
        if not is_async_callable(is_allowed):
            raise TypeError("is_allowed must be an 'async def' callback returning (bool, reason)")
        self._is_allowed = is_allowed
        # Asterisk waits in AGI() for us; a stuck lookup must not hold the channel for long.
        self.decision_timeout = decision_timeout
        self.app = app or FastAGIApplication(limits=limits, command_timeout=5.0)
        self.app.add_route(SCRIPT_NAME, self.handle)

    async def decide(self, number: str, policy: str, campaign: str = "") -> tuple[str, str]:
        """Return ``(ALLOW|DENY, reason)`` for ``number`` under ``policy``; never raises.

        With a ``campaign`` (a campaign's call), the callback gets it as a keyword argument."""
        if not _NUMBER_RE.fullmatch(number):
            return DENY, REASON_INVALID_NUMBER
        if not _POLICY_RE.fullmatch(policy):
            return DENY, REASON_BAD_POLICY
        if campaign and not _CAMPAIGN_RE.fullmatch(campaign):
            return DENY, REASON_BAD_POLICY
        masked = mask(number)
        try:
            async with asyncio.timeout(self.decision_timeout):
                if campaign:
                    answer = await self._is_allowed(number, policy, campaign=campaign)
                else:
                    answer = await self._is_allowed(number, policy)
        except TimeoutError:
            log.error("gate: is_allowed(%s) took longer than %g s; DENY", masked, self.decision_timeout)
            return DENY, REASON_GATE_ERROR
        except Exception as exc:
            # The traceback is wanted, but an exception message may quote the number: redact it.
            text = "".join(traceback.format_exception(exc))
            # Longest form first, or "+44..." would become "+" followed by the mask.
            for form in sorted({number, number.lstrip("+")}, key=len, reverse=True):
                text = text.replace(form, masked)
            log.error("gate: is_allowed(%s) raised; DENY\n%s", masked, text.rstrip())
            return DENY, REASON_GATE_ERROR
        match answer:
            case (bool() as allowed, str() as reason):
                return (ALLOW if allowed else DENY), _sanitize_reason(reason)
        log.error("gate: is_allowed(%s) returned %s, not (bool, str); DENY", masked, type(answer).__name__)
        return DENY, REASON_GATE_ERROR

    async def handle(self, request: AGIRequest) -> None:
        """FastAGI handler for the ``gate`` script."""
        headers = request.headers
        number = (headers.get("agi_arg_1") or headers.get("agi_extension") or "").strip()
        policy = (headers.get("agi_arg_2") or "").strip()
        campaign = (headers.get("agi_arg_3") or "").strip()
        verdict, reason = await self.decide(number, policy, campaign)
        log.info(
            "gate: %s %s policy=%s (%s) uniqueid=%s",
            verdict,
            mask(number),
            policy or "-",
            reason,
            headers.get("agi_uniqueid", "?"),
        )
        # The verdict goes last: it is the commit point, so a session cut short leaves
        # CLEARCALL_GATE unset and the dialplan refuses the call.
        for name, value in ((REASON_VAR, reason), (VERDICT_VAR, verdict)):
            result = await request.set_variable(name, value)
            if result.get("status_code") != 200 or result.get("result", ("",))[0] != "1":
                log.error("gate: SET VARIABLE %s failed: %s", name, result.get("error", result))
                return

    async def serve(self, host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> asyncio.Server:
        """Listen for the dialplan's FastAGI connections (loopback unless told otherwise)."""
        self._server = await self.app.serve(host, port)
        return self._server

    async def aclose(self) -> None:
        """Stop listening, then cancel sessions still in flight (safe to call twice)."""
        server, self._server = getattr(self, "_server", None), None
        if server is not None:
            server.close()
            await server.wait_closed()
        await self.app.aclose()


async def start_gate(
    is_allowed: IsAllowed, host: str = "127.0.0.1", port: int = DEFAULT_PORT
) -> asyncio.Server:
    """Create a ``DialGate`` and serve it; close the returned server to stop it.

    Use ``DialGate(...).serve()`` instead when the caller also needs ``aclose()``.
    """
    return await DialGate(is_allowed).serve(host, port)
