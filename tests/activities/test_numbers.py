"""Hand-written Ukrainian figures (pure)."""
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.activities.numbers import NumberError, parse_amount, parse_percent, percent_of
from tracker.core.money import format_amount, format_percent


@pytest.mark.parametrize("text, value", [
    ("180 000,00", "180000.00"), (" 89 379, 95", "89379.95"), ("89 174, 4", "89174.40"),
    ("0", "0.00"), ("1 640 000, 00 ", "1640000.00"), ("50\u00a0000,00", "50000.00"),
    ("12\u202f345,6", "12345.60"), ("190 000, 00 грн", "190000.00"), ("73563.61", "73563.61"),
    ("180,000.00", "180000.00"), ("1,640,000", "1640000.00"),  # typed the English way
])
def test_amounts(text, value):
    assert parse_amount(text) == Decimal(value)


@pytest.mark.parametrize("text, value", [
    ("49,6 %", "49.6"), ("61, 8%", "61.8"), ("20%", "20"), (" 95 %", "95"), ("0", "0"),
    ("78, 2%", "78.2"), ("50,6%", "50.6"),
])
def test_percents(text, value):
    assert parse_percent(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", " ", "-", "—"])
def test_empty_cells_are_no_figure_not_zero(text):
    assert parse_amount(text) is None and parse_percent(text) is None


@pytest.mark.parametrize("text", ["12O", "1.2.3", "сто", "1,234,5", "100 000,001", "5 %%"])
def test_unreadable_figures_are_errors_not_zero(text):
    with pytest.raises(NumberError):
        parse_amount(text) if "%" not in text else parse_percent(text)


def test_computed_percent():
    assert percent_of(Decimal("68000"), Decimal("100000")) == Decimal("68.00")
    assert percent_of(Decimal("1"), Decimal("0")) is None
    assert percent_of(None, Decimal("5")) is None


@given(st.decimals(min_value=0, max_value=10**11, places=2, allow_nan=False))
def test_formatted_amounts_parse_back(value):
    assert parse_amount(format_amount(value)) == value


def test_percent_format():
    assert format_percent(Decimal("49.60")) == "49,6"
    assert format_percent(Decimal("20.00")) == "20"
    assert format_percent(None) == ""


def test_absurdly_large_figures_are_refused_not_a_500():
    import pytest
    from decimal import Decimal

    from tracker.activities.numbers import NumberError, parse_amount, parse_percent
    for value in ("9" * 40, Decimal("1e300"), 10**30):
        with pytest.raises(NumberError):
            parse_amount(value)
    with pytest.raises(NumberError):
        parse_percent(Decimal("1e300"))
    assert parse_amount("999 999 999 999,99") == Decimal("999999999999.99")
