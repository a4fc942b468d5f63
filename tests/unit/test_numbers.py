"""Phone number normalisation, masking, region and time-zone look-ups."""

from __future__ import annotations

import pytest

from bot.core.errors import ClearcallError
from bot.core.numbers import InvalidNumber, mask, normalize, region, time_zones


@pytest.mark.parametrize(
    ("raw", "default_region", "e164"),
    [
        ("+12024561111", None, "+12024561111"),
        ("+1 (202) 456-1111", None, "+12024561111"),
        ("tel:+1-202-456-1111", None, "+12024561111"),
        ("202-456-1111", "US", "+12024561111"),
        ("(202) 456 1111", "us", "+12024561111"),
        ("+1 416 222 1234", "GB", "+14162221234"),  # a "+" wins over the default region
        ("020 7946 0000", "GB", "+442079460000"),
        ("0044 20 7946 0000", "GB", "+442079460000"),
        ("011 44 20 7946 0000", "US", "+442079460000"),
        ("138 0013 8000", "CN", "+8613800138000"),
        ("010-1234-5678", "KR", "+821012345678"),
        ("+49 30 12345678", None, "+493012345678"),
    ],
)
def test_normalize(raw: str, default_region: str | None, e164: str) -> None:
    assert normalize(raw, default_region) == e164


@pytest.mark.parametrize(
    ("raw", "default_region", "message_part"),
    [
        ("", "US", "empty"),
        ("   ", None, "empty"),
        ("hello", None, "'hello' is not a phone number"),
        ("202-456-1111", None, "needs a country code"),
        ("202-456-1111", None, "default_region"),
        ("+999 123 4567", None, "unknown country code"),
        ("+1 202", None, "too short"),
        ("12", "US", "too short"),
        ("+1 202 456 1111 1111 11", None, "too long"),
        ("+1 555 555 5555", None, "not a valid number for country code +1 (US)"),
        ("+44 1632 960123", None, "not a valid number for country code +44 (GB)"),
        ("(202) 456-1111 ext 5", "US", "extension"),
        ("+12024561111", "XX", "default region 'XX' is not a known country"),
        ("+12024561111", "USA", "two-letter ISO code"),
    ],
)
def test_normalize_refuses_with_clear_message(
    raw: str, default_region: str | None, message_part: str
) -> None:
    with pytest.raises(InvalidNumber) as info:
        normalize(raw, default_region)
    assert message_part in str(info.value)
    assert isinstance(info.value, ClearcallError)


@pytest.mark.parametrize(
    ("raw", "default_region"),
    [
        ("202-456-1111", None),
        ("+1 555 555 5555", None),
        ("+1 202 456 1111 1111 11", None),
        ("4" * 60, "US"),
    ],
)
def test_error_messages_never_show_the_whole_number(raw: str, default_region: str | None) -> None:
    with pytest.raises(InvalidNumber) as info:
        normalize(raw, default_region)
    message = str(info.value)
    digits = "".join(ch for ch in raw if ch.isdigit())
    assert digits not in "".join(ch for ch in message if ch.isdigit())
    assert "*" in message
    assert len(message) < 200


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("+12025550100", "+1202*****00"),
        ("+442079460000", "+44207*****00"),
        ("+8613800138000", "+86138******00"),
        ("+821012345678", "+82101*****78"),
        ("+491234567", "+49*****67"),  # short national number: no leading digits shown
        ("+1202", "+1***"),
        ("123456789", "*******89"),
        ("12", "**"),
        ("garbage", ""),
        ("", ""),
    ],
)
def test_mask(number: str, masked: str) -> None:
    assert mask(number) == masked


@pytest.mark.parametrize(
    "number", ["+12025550100", "+442079460000", "+8613800138000", "+821012345678", "+33142685300"]
)
def test_mask_hides_at_least_five_digits(number: str) -> None:
    assert mask(number).count("*") >= 5
    assert mask(number) != number


@pytest.mark.parametrize(
    ("e164", "zones"),
    [
        ("+12024561111", ("America/New_York",)),
        ("+13123330000", ("America/Chicago",)),
        ("+14162221234", ("America/Toronto",)),
        ("+17013331234", ("America/Denver", "America/North_Dakota/Center")),  # area code spans zones
        ("+442079460000", ("Europe/London",)),
        ("+8613800138000", ("Asia/Shanghai",)),
        ("+821012345678", ("Asia/Seoul",)),
        ("+80012345678", ()),  # non-geographic: phonenumbers says Etc/Unknown
        ("not a number", ()),
        ("", ()),
    ],
)
def test_time_zones(e164: str, zones: tuple[str, ...]) -> None:
    assert time_zones(e164) == zones


def test_time_zones_country_fallback_lists_many() -> None:
    zones = time_zones("+18005551212")  # toll-free: the whole NANP
    assert "America/New_York" in zones and "Pacific/Honolulu" in zones


@pytest.mark.parametrize(
    ("e164", "expected"),
    [
        ("+12024561111", "US"),
        ("+14162221234", "CA"),
        ("+442079460000", "GB"),
        ("+493012345678", "DE"),
        ("+8613800138000", "CN"),
        ("+821012345678", "KR"),
        ("+80012345678", None),
        ("nonsense", None),
    ],
)
def test_region(e164: str, expected: str | None) -> None:
    assert region(e164) == expected
