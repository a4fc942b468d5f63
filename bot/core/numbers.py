"""Phone numbers: normalise to E.164, mask for logs, and look up the region and time zones.

Pure logic over the ``phonenumbers`` metadata: no I/O.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException, ValidationResult
from phonenumbers import timezone as pn_timezone

from bot.core.errors import ClearcallError

_UNKNOWN_ZONE = "Etc/Unknown"  # what phonenumbers answers when it has no idea
_NON_COUNTRY_REGIONS = frozenset({"001", "ZZ"})  # non-geographic (+800, +882 ...) and unknown
_MAX_ECHO = 40


class InvalidNumber(ClearcallError):
    """A phone number could not be turned into a valid E.164 number; the message says why."""


def _echo(raw: str) -> str:
    """The input, quoted, for an error message, with the middle digits hidden.

    Error messages end up in logs, and a rejected number can still be a real person's: keep enough to
    find the row (leading digits, last two, the punctuation), never the whole number.
    """
    text = raw.strip()
    digit_positions = [i for i, ch in enumerate(text) if ch.isdigit()]
    if len(digit_positions) >= 6:
        hidden = set(digit_positions[3:-2])
        text = "".join("*" if i in hidden else ch for i, ch in enumerate(text))
    if len(text) > _MAX_ECHO:
        # Keep both ends: the start says what it is, the end is what a person recognises.
        half = _MAX_ECHO // 2
        text = f"{text[:half]}…{text[-half:]}"
    return repr(text)


def normalize(number: str, default_region: str | None = None) -> str:
    """Return ``number`` in E.164 ("+12024561111").

    A number without a "+" country code is read in ``default_region`` (ISO code such as "US"); without
    one it is refused. Raises InvalidNumber naming the input and what is wrong with it.
    """
    if not isinstance(number, str) or not number.strip():
        raise InvalidNumber("phone number is empty: give a number such as +12024561111")
    region = None
    if default_region is not None:
        region = default_region.strip().upper()
        if region not in phonenumbers.SUPPORTED_REGIONS:
            raise InvalidNumber(
                f"default region {default_region!r} is not a known country: use a two-letter ISO code "
                "such as 'US', 'CA', 'GB', 'CN' or 'KR'"
            )
    shown = _echo(number)
    try:
        parsed = phonenumbers.parse(number, region)
    except NumberParseException as exc:
        raise InvalidNumber(_parse_error_message(number, shown, exc, region)) from None

    if parsed.extension:
        raise InvalidNumber(f"{shown} has an extension; Clearcall dials whole numbers only, remove it")
    reason = phonenumbers.is_possible_number_with_reason(parsed)
    if reason == ValidationResult.TOO_SHORT:
        raise InvalidNumber(f"{shown} is too short to be a phone number")
    if reason == ValidationResult.TOO_LONG:
        raise InvalidNumber(f"{shown} is too long to be a phone number")
    if reason == ValidationResult.INVALID_COUNTRY_CODE:
        raise InvalidNumber(f"{shown} has an unknown country code")
    if not phonenumbers.is_valid_number(parsed):
        cc = parsed.country_code
        country = phonenumbers.region_code_for_country_code(cc)
        where = f"+{cc}" if country in _NON_COUNTRY_REGIONS else f"+{cc} ({country})"
        raise InvalidNumber(f"{shown} is not a valid number for country code {where}")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _parse_error_message(raw: str, shown: str, exc: NumberParseException, region: str | None) -> str:
    kind = exc.error_type
    if kind == NumberParseException.INVALID_COUNTRY_CODE:
        if region is None and not raw.strip().startswith("+"):
            return (
                f"{shown} needs a country code: write it as +<country code><number>, "
                "or set default_region for numbers written the national way"
            )
        return f"{shown} has an unknown country code"
    if kind == NumberParseException.NOT_A_NUMBER:
        return f"{shown} is not a phone number"
    if kind in (NumberParseException.TOO_SHORT_NSN, NumberParseException.TOO_SHORT_AFTER_IDD):
        return f"{shown} is too short to be a phone number"
    if kind == NumberParseException.TOO_LONG:
        return f"{shown} is too long to be a phone number"
    return f"{shown} is not a phone number"


def _parse_e164(e164: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(e164, None)
    except NumberParseException:
        return None


def is_withheld(caller_id: str) -> bool:
    """A caller id with no digits ("", "anonymous", "restricted", "s") names no number to act on."""
    return not any(ch.isdigit() for ch in caller_id)


def mask(number: str) -> str:
    """A form of ``number`` that is safe to log: "+12025550100" -> "+1202*****00".

    Keeps the country code, up to three more leading digits (the area code, which says where the call
    went and so why a calling-hours decision was made) and the last two digits; at least five digits are
    always hidden. Never raises: anything unparseable keeps only its last two digits.
    """
    digits = re.sub(r"\D", "", number or "")
    parsed = _parse_e164(number) if number and number.strip().startswith("+") else None
    if parsed is None or not digits.startswith(str(parsed.country_code)):
        if len(digits) <= 4:
            return "*" * len(digits)
        return "*" * (len(digits) - 2) + digits[-2:]
    cc = str(parsed.country_code)
    national = digits[len(cc) :]
    if len(national) <= 4:
        return f"+{cc}" + "*" * len(national)
    lead = max(0, min(3, len(national) - 2 - 5))
    hidden = len(national) - lead - 2
    return f"+{cc}{national[:lead]}" + "*" * hidden + national[-2:]


def time_zones(e164: str) -> tuple[str, ...]:
    """IANA time zones the number may ring in; () when unknown or not a number.

    Several zones come back when an area code spans zones, and a whole country's zones when
    phonenumbers only knows the country (toll-free, many mobiles): callers must treat them all as
    possible.
    """
    parsed = _parse_e164(e164)
    if parsed is None:
        return ()
    zones = pn_timezone.time_zones_for_number(parsed)
    return tuple(z for z in zones if z and z != _UNKNOWN_ZONE)


def region(e164: str) -> str | None:
    """ISO 3166 country code of the number ("US", "CA"), or None for non-geographic or unknown."""
    parsed = _parse_e164(e164)
    if parsed is None:
        return None
    code = phonenumbers.region_code_for_number(parsed)
    return None if code is None or code in _NON_COUNTRY_REGIONS else code
