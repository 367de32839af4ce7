"""Values are normalised before they become statements (issue 8 §1), so one phone or IBAN is one value."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thb.investigations import normalise as n


@pytest.mark.parametrize(
    "raw",
    ["0470 12 34 56", "+32 470 12 34 56", "0032470123456", "+32470123456", "0470/12.34.56"],
)
def test_one_belgian_mobile_number_written_five_ways_is_one_value(raw):
    assert n.phone(raw) == "+32470123456"


def test_a_foreign_number_keeps_its_country_and_garbage_is_refused():
    assert n.phone("+40 721 234 567") == "+40721234567"
    with pytest.raises(n.ValueNotRecognised, match="not a phone number"):
        n.phone("12")
    with pytest.raises(n.ValueNotRecognised):
        n.phone("call me")


def test_ibans_are_compacted_and_their_check_digits_verified():
    assert n.iban("be71 0961 2345 6769") == "BE71096123456769"
    with pytest.raises(n.ValueNotRecognised, match="not a valid IBAN"):
        n.iban("BE72 0961 2345 6769")


def test_enterprise_numbers_are_checked_and_written_the_kbo_way():
    assert n.enterprise_number("BE 0403170701") == "0403.170.701"
    with pytest.raises(n.ValueNotRecognised, match="enterprise number"):
        n.enterprise_number("0403.170.702")


@pytest.mark.parametrize("raw", ["2026-03-01", "01/03/2026", "01.03.2026", "01-03-2026", "20260301"])
def test_dates_are_day_first_as_in_belgium(raw):
    assert n.day(raw) == "2026-03-01"


def test_moments_keep_the_time_to_the_second():
    assert n.moment("01/03/2026 14:22") == "2026-03-01T14:22:00"
    assert n.moment("2026-03-01T14:22:05Z") == "2026-03-01T14:22:05"
    with pytest.raises(n.ValueNotRecognised):
        n.moment("2026-03-01 25:99")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.234,50", "1234.50"),
        ("1,234.50", "1234.50"),
        ("1234,5", "1234.5"),
        ("1.234", "1234"),
        ("950", "950"),
        ("€ 9 900,00", "9900"),
        ("-12,30", "-12.30"),
    ],
)
def test_amounts_in_belgian_and_english_notation(raw, expected):
    assert n.amount(raw) == expected


def test_countries_by_code_or_name_in_several_languages():
    assert {n.country("RO"), n.country("Romania"), n.country("Roumanie")} == {"ro"}
    with pytest.raises(n.ValueNotRecognised):
        n.country("Atlantis")


def test_plates_lose_their_separators_and_addresses_get_one_key():
    assert n.plate("1-abc-123") == "1ABC123"
    assert n.address_key("Rue de la Loi, 16  1000 Bruxelles") == n.address_key(
        "rue de la loi 16 1000 BRUXELLES"
    )


@given(st.text(max_size=40))
def test_no_normaliser_crashes_on_any_text(raw):
    """Any text gives a normal form (text) or the one clear refusal — never another exception."""
    for normaliser in n.NORMALISERS.values():
        try:
            value = normaliser(raw)
        except n.ValueNotRecognised as refusal:
            assert str(refusal)
        else:
            assert isinstance(value, str)
