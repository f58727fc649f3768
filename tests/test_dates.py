"""PartialDate and Period: parsing, precision and ordering."""

from __future__ import annotations

import datetime

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from palermo import PartialDate, Period, Precision
from palermo.testing import partial_dates, periods


@pytest.mark.parametrize(
    ("text", "precision"),
    [("2017", Precision.YEAR), ("2017-06", Precision.MONTH), ("2017-06-30", Precision.DAY)],
)
def test_parse_keeps_precision(text: str, precision: Precision) -> None:
    d = PartialDate.parse(text)
    assert d.precision is precision
    assert str(d) == text


@pytest.mark.parametrize(
    "text", ["", "17", "2017-13", "2017-02-30", "2017/06/30", "June 2017", "2017-6-31", "0000"]
)
def test_parse_rejects_junk(text: str) -> None:
    with pytest.raises(ValueError, match=r"(not a date|out of range|does not exist)"):
        PartialDate.parse(text)


def test_day_needs_month() -> None:
    with pytest.raises(ValueError, match="a day needs a month"):
        PartialDate(2017, None, 3)


@given(partial_dates())
def test_str_parse_round_trip(d: PartialDate) -> None:
    assert PartialDate.parse(str(d)) == d


@given(partial_dates(), partial_dates(), partial_dates())
def test_order_is_total_and_transitive(a: PartialDate, b: PartialDate, c: PartialDate) -> None:
    assert (a < b) + (b < a) + (a == b) == 1
    if a <= b and b <= c:
        assert a <= c
    assert sorted([a, b, c]) == sorted([c, b, a])


@given(partial_dates(), partial_dates())
def test_before_after_are_strict_and_exclusive(a: PartialDate, b: PartialDate) -> None:
    assert not (a.is_before(b) and a.is_after(b))
    assert a.is_before(b) == b.is_after(a)
    # Exactly one of: before, after, overlapping.
    assert a.is_before(b) + a.is_after(b) + a.overlaps(b) == 1
    if a.is_before(b):
        assert a < b


@given(partial_dates())
def test_interval_bounds(d: PartialDate) -> None:
    assert d.first <= d.last
    assert d.overlaps(d.first)
    assert d.overlaps(d.last)
    assert d.known_by(d.last)
    if d.precision is not Precision.DAY:
        assert not d.known_by(d.first) or d.first == d.last


def test_year_is_not_before_a_day_in_the_same_year() -> None:
    year = PartialDate(2017)
    assert not year.is_before("2017-06-01")
    assert not year.is_after("2017-06-01")
    assert year.is_before("2018-01-01")
    assert not year.known_by("2017-12-30")
    assert year.known_by("2017-12-31")


@given(st.dates(min_value=datetime.date(1, 1, 1)))
def test_coerce_date_and_pendulum(day: datetime.date) -> None:
    d = PartialDate.coerce(day)
    assert d.to_date() == day
    p = pendulum.Date(day.year, day.month, day.day)
    assert PartialDate.coerce(p) == d
    assert d.to_pendulum() == p


def test_coerce_datetime_drops_time() -> None:
    assert PartialDate.coerce(datetime.datetime(2020, 7, 30, 13, 5)) == PartialDate(2020, 7, 30)


@pytest.mark.parametrize("value", [None, 3.5, True, [2020], b"2020"])
def test_coerce_rejects_other_types(value: object) -> None:
    with pytest.raises(ValueError, match="expected a date"):
        PartialDate.coerce(value)  # type: ignore[arg-type]


def test_to_date_refuses_imprecise() -> None:
    with pytest.raises(ValueError, match="known only to the year"):
        PartialDate(2017).to_date()


@given(periods())
def test_period_round_trip(p: Period) -> None:
    assert Period.parse(str(p)) == p
    assert not p.end.is_before(p.start)


def test_period_rejects_reversed_and_junk() -> None:
    with pytest.raises(ValueError, match="ends"):
        Period.parse("2018/2016")
    with pytest.raises(ValueError, match="not a period"):
        Period.parse("2016-2018")


def test_dates_are_immutable() -> None:
    d = PartialDate(2020)
    with pytest.raises(AttributeError):
        d.year = 2021  # type: ignore[misc]
