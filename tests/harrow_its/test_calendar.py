from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError

from harrow_its.calendar import (
    FinancialYear,
    Month,
    Quarter,
    end_of_day,
    local_date,
    parse_period,
    period_containing,
    validate_quarter_label,
)


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2005, 3, 31), "2004/05"),  # last day of a year
        (date(2005, 4, 1), "2005/06"),  # first day of the next
        (date(2005, 12, 31), "2005/06"),
        (date(2006, 1, 1), "2005/06"),  # a calendar year turns, the financial year does not
        (date(2006, 3, 31), "2005/06"),
        (date(1999, 4, 1), "1999/00"),  # the century turns in the label
    ],
)
def test_financial_year_containing(day, label):
    assert FinancialYear.containing(day).label == label


def test_financial_year_bounds():
    """A financial year runs from 1 April to 31 March and holds both."""
    year = FinancialYear(2005)
    assert (year.start, year.end) == (date(2005, 4, 1), date(2006, 3, 31))
    assert date(2005, 4, 1) in year
    assert date(2006, 3, 31) in year
    assert date(2005, 3, 31) not in year
    assert date(2006, 4, 1) not in year


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2005, 4, 1), "Q1 2005/06"),
        (date(2005, 6, 30), "Q1 2005/06"),
        (date(2005, 7, 1), "Q2 2005/06"),
        (date(2005, 9, 30), "Q2 2005/06"),
        (date(2005, 10, 1), "Q3 2005/06"),
        (date(2005, 10, 30), "Q3 2005/06"),
        (date(2005, 12, 31), "Q3 2005/06"),
        (date(2006, 1, 1), "Q4 2005/06"),
        (date(2006, 3, 31), "Q4 2005/06"),
        (date(2006, 4, 1), "Q1 2006/07"),
    ],
)
def test_quarter_containing(day, label):
    assert Quarter.containing(day).label == label


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("Q1 2005/06", date(2005, 4, 1), date(2005, 6, 30)),
        ("Q2 2005/06", date(2005, 7, 1), date(2005, 9, 30)),
        ("Q3 2005/06", date(2005, 10, 1), date(2005, 12, 31)),
        ("Q4 2005/06", date(2006, 1, 1), date(2006, 3, 31)),
        ("Q4 2003/04", date(2004, 1, 1), date(2004, 3, 31)),  # a leap year's March
    ],
)
def test_quarter_bounds(label, start, end):
    quarter = Quarter.parse(label)
    assert (quarter.start, quarter.end) == (start, end)
    assert str(quarter) == label


def test_quarters_step_across_years():
    assert Quarter.parse("Q4 2005/06").next() == Quarter.parse("Q1 2006/07")
    assert Quarter.parse("Q1 2006/07").previous() == Quarter.parse("Q4 2005/06")
    assert Quarter.parse("Q2 2005/06").next().label == "Q3 2005/06"
    assert [q.label for q in FinancialYear(2005).quarters] == [
        "Q1 2005/06",
        "Q2 2005/06",
        "Q3 2005/06",
        "Q4 2005/06",
    ]


def test_quarters_order_by_time():
    assert Quarter.parse("Q4 2004/05") < Quarter.parse("Q1 2005/06") < Quarter.parse("Q2 2005/06")


@pytest.mark.parametrize(
    "label", ["Q5 2005/06", "Q0 2005/06", "Q2 2005/07", "2005/06", "Q2 05/06", ""]
)
def test_quarter_parse_refuses_nonsense(label):
    with pytest.raises(ValueError, match="is not"):
        Quarter.parse(label)


def test_quarter_number_is_checked():
    with pytest.raises(ValueError, match="numbered 1 to 4"):
        Quarter(FinancialYear(2005), 5)


@pytest.mark.parametrize(
    ("moment", "day", "year"),
    [
        # BST began on 26 March 2006, so 31 March 23:30 UTC is 1 April 00:30 in
        # London: the next financial year.
        (datetime(2006, 3, 31, 23, 30, tzinfo=UTC), date(2006, 4, 1), "2006/07"),
        (datetime(2006, 3, 31, 22, 59, tzinfo=UTC), date(2006, 3, 31), "2005/06"),
        # In 2005 BST began on 27 March: the same boundary, one year earlier.
        (datetime(2005, 3, 31, 23, 0, tzinfo=UTC), date(2005, 4, 1), "2005/06"),
        # In winter London is on UTC: 31 December 23:30 UTC is still 31 December.
        (datetime(2005, 12, 31, 23, 30, tzinfo=UTC), date(2005, 12, 31), "2005/06"),
        # 30 September 23:30 UTC, in summer time, is 1 October in London.
        (datetime(2005, 9, 30, 23, 30, tzinfo=UTC), date(2005, 10, 1), "2005/06"),
    ],
)
def test_local_date_uses_london_time(moment, day, year):
    assert local_date(moment) == day
    assert FinancialYear.containing(local_date(moment)).label == year


def test_quarter_boundary_in_summer_time():
    """30 September 23:30 UTC is 1 October in London: Q3, not Q2."""
    assert Quarter.containing(local_date(datetime(2005, 9, 30, 23, 30, tzinfo=UTC))).label == (
        "Q3 2005/06"
    )


def test_local_date_refuses_naive_datetimes():
    with pytest.raises(ValueError, match="aware datetime"):
        local_date(datetime(2006, 3, 31, 23, 30))  # noqa: DTZ001 (the point of the test)


def test_end_of_day_is_london_midnight():
    """In summer London midnight is 23:00 UTC the day before; in winter it is 00:00 UTC."""
    assert end_of_day(date(2005, 10, 30)) == datetime(2005, 10, 31, 0, 0, tzinfo=UTC)
    assert end_of_day(date(2005, 9, 30)) == datetime(2005, 9, 30, 23, 0, tzinfo=UTC)


def test_validate_quarter_label():
    validate_quarter_label("Q3 2005/06")
    with pytest.raises(ValidationError):
        validate_quarter_label("Q5 2005/06")


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("October 2005", date(2005, 10, 1), date(2005, 10, 31)),
        ("February 2004", date(2004, 2, 1), date(2004, 2, 29)),
        ("December 2005", date(2005, 12, 1), date(2005, 12, 31)),
    ],
)
def test_month_bounds(label, start, end):
    month = Month.parse(label)
    assert (month.start, month.end, month.label) == (start, end, label)


def test_months_step_across_years():
    assert Month(2005, 12).next() == Month(2006, 1)
    assert Month(2006, 1).previous() == Month(2005, 12)
    assert Month(2005, 10).previous() == Month(2005, 9)


@pytest.mark.parametrize("label", ["Octember 2005", "10 2005", "October", ""])
def test_month_parse_refuses_nonsense(label):
    with pytest.raises(ValueError, match="is not a month"):
        Month.parse(label)


@pytest.mark.parametrize(
    ("frequency", "label"),
    [("monthly", "October 2005"), ("quarterly", "Q3 2005/06"), ("annual", "2005/06")],
)
def test_period_containing_and_parse(frequency, label):
    period = period_containing(frequency, date(2005, 10, 30))
    assert period.label == label
    assert parse_period(frequency, label) == period
    assert FinancialYear(2005).next().previous() == FinancialYear(2005)
