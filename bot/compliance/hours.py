"""Calling hours: a call may start only inside the called party's local calling window.

The windows are data (``DEFAULT_WINDOW_TABLE``), editable and overridable from the config through
``CallingWindows.from_mapping``. The decision fails closed: no region, no time zone, a zone this machine
does not know, or no window for the region all mean "don't call", with the reason said.
Pure logic: no I/O (time zone and holiday data come from installed packages).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core import numbers
from bot.core.errors import ConfigError

DEFAULT_ROW = "default"
EU_ROW = "EU"
# Countries that use the "EU" row when they have no row of their own.
EU_MEMBERS = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
_DAY_FIELDS = ("weekdays", "saturday", "sunday")
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_SEARCH_DAYS = 16  # how far ahead next_allowed_utc looks: past the longest holiday run (CN Golden Week)
_HolidayLookup = Callable[[date], "str | None"]
_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")

# The defaults. Edit here, or override per region from the config (see CallingWindows.from_mapping).
# Each row: Monday-Friday, Saturday, Sunday as "HH:MM-HH:MM" local time (end exclusive), or None for no
# calls that day. A public holiday of the called party's country counts as a Sunday.
DEFAULT_WINDOW_TABLE: dict[str, dict[str, str | None]] = {
    # 47 CFR 64.1200(c)(1): no calls before 8 am or after 9 pm at the called party's location, every
    # day. Some states are stricter (e.g. Florida, Oklahoma, Washington: 8 pm); a number does not reliably
    # give the state, so tighten this row if you call there.
    "US": {"weekdays": "08:00-21:00", "saturday": "08:00-21:00", "sunday": "08:00-21:00"},
    # CRTC Unsolicited Telecommunications Rules (telemarketing): 9:00-21:30 weekdays, 10:00-18:00
    # Saturday and Sunday.
    "CA": {"weekdays": "09:00-21:30", "saturday": "10:00-18:00", "sunday": "10:00-18:00"},
    # No single statutory window: conservative business hours, no Sundays.
    "CN": {"weekdays": "09:00-20:00", "saturday": "10:00-18:00", "sunday": None},
    "GB": {"weekdays": "09:00-20:00", "saturday": "10:00-18:00", "sunday": None},
    # Sundays and public holidays are protected rest days (Sonn- und Feiertagsruhe).
    "DE": {"weekdays": "09:00-20:00", "saturday": "10:00-18:00", "sunday": None},
    EU_ROW: {"weekdays": "09:00-20:00", "saturday": "10:00-18:00", "sunday": None},
    # Every other country (including KR, whose law bars advertising calls 21:00-08:00).
    DEFAULT_ROW: {"weekdays": "09:00-20:00", "saturday": "10:00-18:00", "sunday": None},
}


@dataclass(frozen=True)
class TimeRange:
    """A local time range on one day, in minutes after midnight; ``end`` is exclusive (up to 24:00)."""

    start: int
    end: int

    def contains(self, local: datetime) -> bool:
        seconds = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
        return self.start * 60 <= seconds < self.end * 60

    def __str__(self) -> str:
        return f"{self.start // 60:02d}:{self.start % 60:02d}-{self.end // 60:02d}:{self.end % 60:02d}"


@dataclass(frozen=True)
class RegionWindow:
    """Calling hours for one region: Monday-Friday, Saturday, Sunday; None means no calls that day."""

    weekdays: TimeRange | None
    saturday: TimeRange | None
    sunday: TimeRange | None

    def for_day(self, weekday: int, holiday: bool = False) -> TimeRange | None:
        if holiday or weekday == 6:
            return self.sunday
        return self.saturday if weekday == 5 else self.weekdays


class CallingWindows:
    """The calling-window table: ISO country code (or "EU", "default") -> RegionWindow.

    A number uses its country's row, else "EU" for EU members, else "default"; a table without a
    matching row refuses the call.
    """

    def __init__(self, rows: Mapping[str, RegionWindow]) -> None:
        self._rows = MappingProxyType(dict(rows))

    @property
    def rows(self) -> Mapping[str, RegionWindow]:
        return self._rows

    def lookup(self, region: str | None) -> tuple[str, RegionWindow] | None:
        """The row key and window that apply to ``region``, or None when nothing applies."""
        keys = [] if region is None else [region.upper()]
        if region is not None and region.upper() in EU_MEMBERS:
            keys.append(EU_ROW)
        keys.append(DEFAULT_ROW)
        for key in keys:
            if key in self._rows:
                return key, self._rows[key]
        return None

    @classmethod
    def from_mapping(
        cls,
        mapping: Mapping[str, Any],
        *,
        base: CallingWindows | None = None,
        setting: str = "calling_windows",
    ) -> CallingWindows:
        """Build a table from ``{region: {weekdays: "09:00-21:00", saturday: ..., sunday: ... or None}}``.

        With ``base`` the mapping overrides and extends it, and a row for a region already in ``base``
        may give only the days it changes. Raises ConfigError naming ``setting``, the region and field.
        """
        if not isinstance(mapping, Mapping):
            raise ConfigError(
                f"{setting} must be a mapping of region to {{weekdays, saturday, sunday}}, "
                f"not {type(mapping).__name__}"
            )
        rows = dict(base.rows) if base is not None else {}
        seen: dict[str, str] = {}
        for raw_key, raw_row in mapping.items():
            key = _region_key(raw_key, setting)
            if key in seen:
                raise ConfigError(f"{setting}: regions {seen[key]!r} and {raw_key!r} are the same; keep one")
            seen[key] = str(raw_key)
            rows[key] = _parse_row(raw_row, f"{setting}.{key}", rows.get(key) if base is not None else None)
        return cls(rows)

    def to_mapping(self) -> dict[str, dict[str, str | None]]:
        """The table in the from_mapping format (for showing the effective config)."""
        return {
            key: {f: (None if (r := getattr(row, f)) is None else str(r)) for f in _DAY_FIELDS}
            for key, row in self._rows.items()
        }


def _region_key(raw: object, setting: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise ConfigError(f"{setting}: region {raw!r} must be a two-letter country code, 'EU' or 'default'")
    key = raw.strip()
    if key.casefold() == DEFAULT_ROW:
        return DEFAULT_ROW
    if not re.fullmatch(r"[A-Za-z]{2}", key):
        raise ConfigError(
            f"{setting}: region {raw!r} must be a two-letter ISO country code (e.g. 'US'), 'EU' or 'default'"
        )
    return key.upper()


def _parse_row(raw: object, where: str, inherited: RegionWindow | None) -> RegionWindow:
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where} must be a mapping with weekdays, saturday and sunday")
    unknown = [k for k in raw if k not in _DAY_FIELDS]
    if unknown:
        raise ConfigError(f"{where}: unknown field {unknown[0]!r}; the fields are {', '.join(_DAY_FIELDS)}")
    values: dict[str, TimeRange | None] = {}
    for field in _DAY_FIELDS:
        if field in raw:
            values[field] = _parse_range(raw[field], f"{where}.{field}")
        elif inherited is not None:
            values[field] = getattr(inherited, field)
        else:
            raise ConfigError(f"{where}: missing {field!r} (give 'HH:MM-HH:MM', or null for no calls)")
    return RegionWindow(**values)


def _parse_range(raw: object, where: str) -> TimeRange | None:
    if raw is None:
        return None
    hint = "write 'HH:MM-HH:MM' in local time, e.g. '09:00-20:00', or null for no calls that day"
    if not isinstance(raw, str):
        raise ConfigError(f"{where}: {raw!r} is not a time range; {hint}")
    m = _RANGE.match(raw)
    if m is None:
        raise ConfigError(f"{where}: {raw!r} is not a time range; {hint}")
    sh, sm, eh, em = (int(g) for g in m.groups())
    if sm > 59 or em > 59 or sh > 23 or eh > 24 or (eh == 24 and em != 0):
        raise ConfigError(f"{where}: {raw!r} has an impossible time; {hint}")
    start, end = sh * 60 + sm, eh * 60 + em
    if start >= end:
        raise ConfigError(f"{where}: {raw!r} ends before it starts; windows cannot cross midnight")
    return TimeRange(start, end)


DEFAULT_WINDOWS = CallingWindows.from_mapping(DEFAULT_WINDOW_TABLE)


@dataclass(frozen=True)
class WindowDecision:
    """Whether a call may start now; ``next_allowed_utc`` is set only when refused and a time is known."""

    allowed: bool
    reason: str
    zones: tuple[str, ...]
    next_allowed_utc: datetime | None


def check_calling_window(
    e164: str,
    now_utc: datetime,
    windows: CallingWindows = DEFAULT_WINDOWS,
    *,
    observe_holidays: bool = True,
) -> WindowDecision:
    """May a call to ``e164`` start at ``now_utc``? Every time zone the number may ring in must allow it."""
    return check_zones(
        numbers.region(e164),
        numbers.time_zones(e164),
        now_utc,
        windows,
        observe_holidays=observe_holidays,
        label=numbers.mask(e164),
    )


def check_zones(
    region: str | None,
    zones: Iterable[str],
    now_utc: datetime,
    windows: CallingWindows = DEFAULT_WINDOWS,
    *,
    observe_holidays: bool = True,
    label: str = "the number",
) -> WindowDecision:
    """The same decision for a caller that already knows the region and zones (``label`` names the number)."""
    if now_utc.tzinfo is None or now_utc.utcoffset() is None:
        raise ValueError("now_utc must be timezone-aware (e.g. datetime.now(UTC))")
    now = now_utc.astimezone(UTC)
    zones = tuple(zones)
    if region is None:
        return WindowDecision(False, f"{label}: no country known for it, refusing (fail closed)", zones, None)
    found = windows.lookup(region)
    if found is None:
        return WindowDecision(
            False, f"{label}: no calling window for {region} and no default row", zones, None
        )
    row_key, row = found
    if not zones:
        return WindowDecision(
            False, f"{label}: no time zone known for it, refusing (fail closed)", zones, None
        )
    tzs: list[ZoneInfo] = []
    for zone in zones:
        try:
            tzs.append(ZoneInfo(zone))
        except (ZoneInfoNotFoundError, ValueError):
            return WindowDecision(
                False, f"{label}: unknown time zone {zone!r}, refusing (fail closed)", zones, None
            )

    holidays_of: _HolidayLookup = (
        functools.partial(_holiday_name, region) if observe_holidays else _no_holiday
    )
    verdicts = [_zone_verdict(now, zone, tz, row, holidays_of) for zone, tz in zip(zones, tzs, strict=True)]
    rules = f"{row_key} rules" if row_key == region else f"{row_key} rules for {region}"
    if all(ok for ok, _ in verdicts):
        reason = f"{label}: inside the calling window ({rules}): " + "; ".join(text for _, text in verdicts)
        return WindowDecision(True, reason, zones, None)
    outside = "; ".join(text for ok, text in verdicts if not ok)
    reason = f"{label}: outside the calling window ({rules}): {outside}"
    return WindowDecision(False, reason, zones, _next_allowed(now, tzs, row, holidays_of))


def _zone_verdict(
    now: datetime, zone: str, tz: ZoneInfo, row: RegionWindow, holidays_of: _HolidayLookup
) -> tuple[bool, str]:
    local = now.astimezone(tz)
    holiday = holidays_of(local.date())
    window = row.for_day(local.weekday(), holiday is not None)
    day = _DAY_NAMES[local.weekday()] + (f", holiday {holiday}: Sunday hours" if holiday else "")
    if window is None:
        return False, f"{zone} {local:%H:%M} ({day}): no calls that day"
    return window.contains(local), f"{zone} {local:%H:%M} ({day}): window {window}"


def _allowed_everywhere(
    when: datetime, tzs: list[ZoneInfo], row: RegionWindow, holidays_of: _HolidayLookup
) -> bool:
    for tz in tzs:
        local = when.astimezone(tz)
        window = row.for_day(local.weekday(), holidays_of(local.date()) is not None)
        if window is None or not window.contains(local):
            return False
    return True


def _next_allowed(
    now: datetime, tzs: list[ZoneInfo], row: RegionWindow, holidays_of: _HolidayLookup
) -> datetime | None:
    # Where all zones' windows overlap, the overlap begins when the last of them opens, so the window
    # openings are the only candidates; each is then checked as a whole (that also settles DST days).
    candidates: set[datetime] = set()
    for tz in tzs:
        today = now.astimezone(tz).date()
        for offset in range(_SEARCH_DAYS):
            day = today + timedelta(days=offset)
            window = row.for_day(day.weekday(), holidays_of(day) is not None)
            if window is None:
                continue
            opening = datetime.combine(day, time(window.start // 60, window.start % 60), tzinfo=tz)
            at = opening.astimezone(UTC)
            if at > now:
                candidates.add(at)
    for at in sorted(candidates):
        if _allowed_everywhere(at, tzs, row, holidays_of):
            return at
    return None


def _no_holiday(_day: date) -> str | None:
    return None


def _holiday_name(region: str, day: date) -> str | None:
    return _holidays(region, day.year).get(day)


@functools.lru_cache(maxsize=256)
def _holidays(region: str, year: int) -> Mapping[date, str]:
    """National public holidays of ``region`` in ``year``; empty if the holidays package lacks it."""
    try:
        import holidays  # imported here: only calls that observe holidays pay for loading it
    except ImportError:
        return {}
    try:
        table = holidays.country_holidays(region, years=year)
    except NotImplementedError:
        return {}
    return MappingProxyType(dict(table))
