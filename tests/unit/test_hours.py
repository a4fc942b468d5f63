"""Calling hours: fixed clocks, DST edges, multi-zone numbers, Canada's weekends, holidays, bad config."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.compliance.hours import (
    DEFAULT_WINDOW_TABLE,
    DEFAULT_WINDOWS,
    CallingWindows,
    RegionWindow,
    TimeRange,
    check_calling_window,
    check_zones,
)
from bot.core.errors import ConfigError

DC = "+12024561111"  # America/New_York
CHICAGO = "+13123330000"  # America/Chicago
NORTH_DAKOTA = "+17013331234"  # America/Denver and America/North_Dakota/Center
TORONTO = "+14162221234"  # America/Toronto, CA
BERLIN = "+493012345678"
PARIS = "+33142685300"  # EU row
LONDON = "+442079460000"
SHANGHAI = "+8613800138000"
SEOUL = "+821012345678"  # default row
TOLL_FREE = "+18005551212"  # whole NANP: dozens of zones
NON_GEOGRAPHIC = "+80012345678"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


CASES = [
    # number, now (UTC), allowed, next allowed (UTC) or None
    # US 08:00-21:00 every day.
    (DC, "2025-06-02T12:00", True, None),  # Mon 08:00 EDT: opening minute is in
    (DC, "2025-06-02T11:59", False, "2025-06-02T12:00"),
    (DC, "2025-06-03T00:59", True, None),  # Mon 20:59 EDT
    (DC, "2025-06-03T01:00", False, "2025-06-03T12:00"),  # 21:00: end is exclusive
    (DC, "2025-06-08T14:00", True, None),  # Sunday is fine in the US
    # DST starts in New York on Sun 2025-03-09 at 02:00 (UTC-5 -> UTC-4).
    (DC, "2025-03-08T12:30", False, "2025-03-08T13:00"),  # Sat 07:30 EST
    (DC, "2025-03-09T12:30", True, None),  # Sun 08:30 EDT: same UTC clock, now inside
    (DC, "2025-03-09T06:00", False, "2025-03-09T12:00"),  # 01:00 EST -> opens 08:00 EDT
    # DST ends on Sun 2025-11-02 (UTC-4 -> UTC-5).
    (DC, "2025-11-02T01:30", False, "2025-11-02T13:00"),  # Sat 21:30 EDT -> Sun 08:00 EST
    (DC, "2025-11-03T01:30", True, None),  # same UTC clock a day later: Sun 20:30 EST
    # Several zones: every one must be inside.
    (NORTH_DAKOTA, "2025-06-02T13:30", False, "2025-06-02T14:00"),  # Central 08:30 but Mountain 07:30
    (NORTH_DAKOTA, "2025-06-02T14:00", True, None),
    (NORTH_DAKOTA, "2025-06-03T02:30", False, "2025-06-03T14:00"),  # Mountain 20:30, Central 21:30
    (TOLL_FREE, "2025-06-02T18:00", False, "2025-06-02T22:00"),  # Guam 04:00 Tue
    # Canada: 09:00-21:30 weekdays, 10:00-18:00 Saturday and Sunday.
    (TORONTO, "2025-06-06T13:30", True, None),  # Fri 09:30
    (TORONTO, "2025-06-07T13:30", False, "2025-06-07T14:00"),  # Sat 09:30
    (TORONTO, "2025-06-07T22:30", False, "2025-06-08T14:00"),  # Sat 18:30 -> Sun 10:00
    (TORONTO, "2025-06-09T01:15", False, "2025-06-09T13:00"),  # Sun 21:15 -> Mon 09:00
    (TORONTO, "2025-06-10T01:15", True, None),  # Mon 21:15
    (TORONTO, "2025-06-10T01:30", False, "2025-06-10T13:00"),  # Mon 21:30
    # Germany: nothing on Sunday; Friday evening -> Saturday 10:00.
    (BERLIN, "2025-06-06T17:59", True, None),  # Fri 19:59 CEST
    (BERLIN, "2025-06-06T18:00", False, "2025-06-07T08:00"),
    (BERLIN, "2025-06-07T16:00", False, "2025-06-09T07:00"),  # Sat 18:00 -> Mon 09:00
    (BERLIN, "2025-06-08T10:00", False, "2025-06-09T07:00"),  # Sunday
    # EU row, GB, CN, default.
    (PARIS, "2025-06-01T10:00", False, "2025-06-02T07:00"),  # Sunday
    (PARIS, "2025-06-02T10:00", True, None),
    (LONDON, "2025-01-06T08:59", False, "2025-01-06T09:00"),  # GMT in winter
    (LONDON, "2025-07-07T08:00", True, None),  # 09:00 BST
    (SHANGHAI, "2025-06-03T01:00", True, None),  # Tue 09:00
    (SHANGHAI, "2025-06-03T12:00", False, "2025-06-04T01:00"),  # Tue 20:00
    (SEOUL, "2025-06-07T01:00", True, None),  # Sat 10:00 KST
    (SEOUL, "2025-06-08T01:00", False, "2025-06-09T00:00"),  # Sunday
]


@pytest.mark.parametrize(("number", "now", "allowed", "next_at"), CASES)
def test_calling_window(number: str, now: str, allowed: bool, next_at: str | None) -> None:
    decision = check_calling_window(number, utc(now), observe_holidays=False)
    assert decision.allowed is allowed, decision.reason
    assert decision.next_allowed_utc == (utc(next_at) if next_at else None)
    assert decision.zones


def test_dst_end_opening_is_an_hour_later_in_utc() -> None:
    # Sun 2 Nov 05:30Z is 01:30 EDT, just before the 06:00Z fall-back; 08:00 that day is EST.
    decision = check_calling_window(DC, utc("2025-11-02T05:30"))
    assert not decision.allowed
    assert decision.next_allowed_utc == utc("2025-11-02T13:00")
    assert check_calling_window(DC, utc("2025-11-01T12:00")).allowed  # Sat 08:00 EDT


def test_canada_sunday_evening_is_closed() -> None:
    decision = check_calling_window(TORONTO, utc("2025-06-09T01:15"))  # Sun 21:15 EDT
    assert not decision.allowed
    assert "Sun" in decision.reason and "10:00-18:00" in decision.reason
    assert decision.next_allowed_utc == utc("2025-06-09T13:00")  # Mon 09:00


def test_multi_zone_reason_names_the_zone_outside() -> None:
    decision = check_calling_window(NORTH_DAKOTA, utc("2025-06-02T13:30"))
    assert decision.zones == ("America/Denver", "America/North_Dakota/Center")
    assert "America/Denver 07:30" in decision.reason
    assert "North_Dakota" not in decision.reason  # it was inside


def test_reason_never_shows_the_whole_number() -> None:
    decision = check_calling_window(DC, utc("2025-06-02T11:00"))
    assert DC not in decision.reason and "+1202" in decision.reason


HOLIDAYS = [
    # number, now, allowed when observing holidays, allowed when not
    (BERLIN, "2025-10-03T08:00", False, True),  # Fri, German Unity Day
    (TORONTO, "2025-07-01T13:30", False, True),  # Tue 09:30, Canada Day: weekend hours open at 10:00
    (TORONTO, "2025-07-01T14:30", True, True),  # 10:30 is inside weekend hours too
    (SHANGHAI, "2025-10-01T02:00", False, True),  # National Day
    (DC, "2025-07-04T13:00", True, True),  # US Sunday hours are the weekday hours
    (BERLIN, "2025-10-06T08:00", True, True),  # ordinary Monday
]


@pytest.mark.parametrize(("number", "now", "observing", "ignoring"), HOLIDAYS)
def test_public_holidays_count_as_sunday(number: str, now: str, observing: bool, ignoring: bool) -> None:
    assert check_calling_window(number, utc(now)).allowed is observing
    assert check_calling_window(number, utc(now), observe_holidays=False).allowed is ignoring


def test_holiday_reason_and_next_time() -> None:
    decision = check_calling_window(BERLIN, utc("2025-10-03T08:00"))
    assert "holiday" in decision.reason
    assert decision.next_allowed_utc == utc("2025-10-04T08:00")  # Sat 10:00 CEST


FAIL_CLOSED = [
    # region, zones, text in reason
    (None, ("Europe/Berlin",), "no country"),
    ("DE", (), "no time zone"),
    ("DE", ("Mars/Olympus_Mons",), "unknown time zone"),
    ("DE", ("Europe/Berlin", "Not/AZone"), "unknown time zone"),
    ("DE", ("../../etc/passwd",), "unknown time zone"),
]


@pytest.mark.parametrize(("region", "zones", "reason"), FAIL_CLOSED)
def test_fail_closed(region: str | None, zones: tuple[str, ...], reason: str) -> None:
    decision = check_zones(region, zones, utc("2025-06-02T10:00"))
    assert not decision.allowed
    assert reason in decision.reason
    assert decision.next_allowed_utc is None


def test_non_geographic_number_is_refused() -> None:
    decision = check_calling_window(NON_GEOGRAPHIC, utc("2025-06-02T14:00"))
    assert not decision.allowed and decision.zones == ()


def test_table_without_matching_row_refuses() -> None:
    windows = CallingWindows.from_mapping(
        {"US": {"weekdays": "08:00-21:00", "saturday": "08:00-21:00", "sunday": None}}
    )
    decision = check_calling_window(BERLIN, utc("2025-06-02T10:00"), windows)
    assert not decision.allowed and "no calling window for DE" in decision.reason


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        check_calling_window(DC, datetime(2025, 6, 2, 14, 0))


def test_now_in_other_offset_is_converted() -> None:
    eastern = timezone(timedelta(hours=-4))
    assert check_calling_window(DC, datetime(2025, 6, 2, 8, 0, tzinfo=eastern)).allowed


def test_from_mapping_overrides_and_extends_base() -> None:
    windows = CallingWindows.from_mapping(
        {
            "us": {"sunday": None},  # partial row: inherits the other days from the base
            "KR": {"weekdays": "08:00-21:00", "saturday": "08:00-21:00", "sunday": "10:00 – 18:00"},
            "default": {"weekdays": "10:00-16:00", "saturday": None, "sunday": None},
        },
        base=DEFAULT_WINDOWS,
    )
    us = windows.rows["US"]
    assert us.sunday is None and us.weekdays == TimeRange(8 * 60, 21 * 60)
    assert str(windows.rows["KR"].sunday) == "10:00-18:00"
    assert not check_calling_window(DC, utc("2025-06-08T14:00"), windows).allowed  # Sunday now closed
    assert windows.rows["CA"] == DEFAULT_WINDOWS.rows["CA"]
    assert DEFAULT_WINDOWS.rows["US"].sunday is not None  # base untouched


def test_default_table_round_trips() -> None:
    assert DEFAULT_WINDOWS.to_mapping() == DEFAULT_WINDOW_TABLE
    assert DEFAULT_WINDOWS.lookup("FR")[0] == "EU"
    assert DEFAULT_WINDOWS.lookup("KR")[0] == "default"
    assert DEFAULT_WINDOWS.lookup("de")[0] == "DE"


def test_window_until_midnight() -> None:
    windows = CallingWindows.from_mapping(
        {"default": {"weekdays": "00:00-24:00", "saturday": "00:00-24:00", "sunday": "00:00-24:00"}}
    )
    assert check_calling_window(SEOUL, utc("2025-06-08T14:59:59"), windows).allowed  # 23:59:59 KST
    assert windows.rows["default"] == RegionWindow(*(TimeRange(0, 1440),) * 3)


GOOD_ROW = {"weekdays": "09:00-20:00", "saturday": None, "sunday": None}
BAD_MAPPINGS = [
    # mapping, text that must be in the error
    (["US"], "calling_windows must be a mapping"),
    ({"USA": GOOD_ROW}, "region 'USA'"),
    ({"": GOOD_ROW}, "region ''"),
    ({1: GOOD_ROW}, "region 1"),
    ({"US": GOOD_ROW, "us": GOOD_ROW}, "are the same"),
    ({"US": "09:00-20:00"}, "calling_windows.US must be a mapping"),
    ({"US": {"weekdays": "09:00-20:00", "saturday": None}}, "calling_windows.US: missing 'sunday'"),
    ({"US": {**GOOD_ROW, "saturdays": None}}, "calling_windows.US: unknown field 'saturdays'"),
    ({"GB": {**GOOD_ROW, "weekdays": "9am-5pm"}}, "calling_windows.GB.weekdays: '9am-5pm'"),
    ({"GB": {**GOOD_ROW, "weekdays": "09:00"}}, "calling_windows.GB.weekdays"),
    (
        {"GB": {**GOOD_ROW, "saturday": "25:00-26:00"}},
        "calling_windows.GB.saturday: '25:00-26:00' has an impossible",
    ),
    ({"GB": {**GOOD_ROW, "saturday": "09:60-10:00"}}, "impossible time"),
    ({"GB": {**GOOD_ROW, "saturday": "24:00-24:30"}}, "impossible time"),
    ({"GB": {**GOOD_ROW, "sunday": "21:00-09:00"}}, "calling_windows.GB.sunday: '21:00-09:00' ends before"),
    ({"GB": {**GOOD_ROW, "sunday": "10:00-10:00"}}, "ends before it starts"),
    ({"GB": {**GOOD_ROW, "sunday": False}}, "calling_windows.GB.sunday: False is not a time range"),
    ({"GB": {**GOOD_ROW, "sunday": 540}}, "or null for no calls"),
]


@pytest.mark.parametrize(("mapping", "message"), BAD_MAPPINGS)
def test_bad_config_mapping(mapping: object, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        CallingWindows.from_mapping(mapping)  # type: ignore[arg-type]
    assert message in str(info.value)


def test_bad_config_names_the_setting() -> None:
    with pytest.raises(ConfigError, match=r"^compliance\.hours\.DE\.sunday"):
        CallingWindows.from_mapping({"DE": {**GOOD_ROW, "sunday": "x"}}, setting="compliance.hours")


def test_the_calling_windows_setting_overrides_the_table_from_a_file(tmp_path) -> None:
    """CLEARCALL_CALLING_WINDOWS: an operator's stricter hours (here a US client without Sundays) apply to
    every path that dials; the rest of the built-in table stays."""
    from bot.app.settings import Settings

    path = tmp_path / "hours.yaml"
    path.write_text("US: {sunday: null}\nKR: {weekdays: '10:00-18:00', saturday: null, sunday: null}\n")
    windows = Settings.load(tmp_path, env={"CLEARCALL_CALLING_WINDOWS": str(path)}).calling_windows
    sunday_noon_ny = datetime(2026, 11, 29, 17, 0, tzinfo=UTC)
    assert check_calling_window("+12025550142", sunday_noon_ny).allowed
    assert not check_calling_window("+12025550142", sunday_noon_ny, windows).allowed
    monday_9_seoul = datetime(2026, 11, 30, 0, 0, tzinfo=UTC)
    assert check_calling_window("+821055500000", monday_9_seoul).allowed
    assert not check_calling_window("+821055500000", monday_9_seoul, windows).allowed
    assert check_calling_window("+442079460000", datetime(2026, 11, 30, 12, 0, tzinfo=UTC), windows).allowed


@pytest.mark.parametrize(
    "text, named",
    [
        ("US: {sundays: null}\n", "US: unknown field 'sundays'"),
        ("US: {sunday: '9 to 5'}\n", "US.sunday: '9 to 5' is not a time range"),
        ("US: [\n", "not valid YAML"),
    ],
)
def test_a_bad_calling_windows_file_is_refused_naming_the_file_and_field(tmp_path, text, named) -> None:
    from bot.app.settings import Settings

    path = tmp_path / "hours.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        Settings.load(tmp_path, env={"CLEARCALL_CALLING_WINDOWS": str(path)})
    assert str(path) in str(caught.value) and named in str(caught.value)
    with pytest.raises(ConfigError, match="cannot read it"):
        Settings.load(tmp_path, env={"CLEARCALL_CALLING_WINDOWS": str(tmp_path / "missing.yaml")})
