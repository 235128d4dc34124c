"""The publication rule for committee papers: five clear working days (LGA 1972 s.100B).

Pure date arithmetic: no database. Every expected deadline below was counted by hand
on a calendar of the year; the clear days are listed beside it.
"""

from datetime import date, timedelta

import pytest

from harrow_its.calendar import (
    CLEAR_WORKING_DAYS,
    bank_holidays,
    clear_working_days,
    is_late,
    is_working_day,
    papers_deadline,
)


def test_five_clear_working_days():
    """The Act asks for five clear working days."""
    assert CLEAR_WORKING_DAYS == 5


@pytest.mark.parametrize(
    ("published", "clear_days", "late"),
    [
        pytest.param(date(2005, 11, 13), 6, False, id="Sun 13 Nov, the day before the deadline"),
        pytest.param(date(2005, 11, 14), 5, False, id="Mon 14 Nov, the deadline"),
        pytest.param(date(2005, 11, 15), 4, True, id="Tue 15 Nov, the day after the deadline"),
    ],
)
def test_deadline_boundaries(published, clear_days, late):
    """A meeting on Tuesday 22 November 2005 has its deadline on Monday 14 November
    (its clear days are 15, 16, 17, 18 and 21 November): papers out that day or
    earlier are on time, papers out the day after are late."""
    meeting = date(2005, 11, 22)
    assert papers_deadline(meeting) == date(2005, 11, 14)
    assert clear_working_days(published, meeting) == clear_days
    assert is_late(published, meeting) is late


@pytest.mark.parametrize(
    ("meeting", "deadline"),
    [
        # Clear days: Mon 14 to Fri 18 Nov.
        pytest.param(date(2005, 11, 21), date(2005, 11, 13), id="Monday"),
        # Clear days: Tue 15 to Mon 21 Nov, and so on a day later each.
        pytest.param(date(2005, 11, 22), date(2005, 11, 14), id="Tuesday"),
        pytest.param(date(2005, 11, 23), date(2005, 11, 15), id="Wednesday"),
        pytest.param(date(2005, 11, 24), date(2005, 11, 16), id="Thursday"),
        pytest.param(date(2005, 11, 25), date(2005, 11, 17), id="Friday"),
        # Clear days: Mon 21 to Fri 25 Nov for both.
        pytest.param(date(2005, 11, 26), date(2005, 11, 20), id="Saturday"),
        pytest.param(date(2005, 11, 27), date(2005, 11, 20), id="Sunday"),
    ],
)
def test_deadline_in_an_ordinary_week(meeting, deadline):
    """With no bank holiday near, a weekday meeting's deadline is the same weekday a
    week earlier, less a day; a weekend meeting's is the Sunday before it."""
    assert papers_deadline(meeting) == deadline


@pytest.mark.parametrize(
    ("published", "late"),
    [
        pytest.param(date(2005, 11, 11), False, id="Fri 11 Nov"),
        pytest.param(date(2005, 11, 12), False, id="Sat 12 Nov"),
        pytest.param(date(2005, 11, 13), False, id="Sun 13 Nov, the deadline"),
        pytest.param(date(2005, 11, 14), True, id="Mon 14 Nov, a week before"),
    ],
)
def test_meeting_just_after_a_weekend(published, late):
    """A meeting on Monday 21 November 2005 has its deadline on Sunday 13 November:
    papers out that Sunday are open Monday 14 to Friday 18, but papers out a week
    before, on the Monday, have only four clear working days."""
    assert is_late(published, date(2005, 11, 21)) is late


@pytest.mark.parametrize(
    ("meeting", "deadline"),
    [
        # Clear days: Tue 20, Wed 21, Thu 22, Fri 23, Wed 28 Dec.
        pytest.param(date(2005, 12, 29), date(2005, 12, 19), id="Thu 29 Dec 2005"),
        # Clear days: Thu 22, Fri 23, Wed 28, Thu 29, Fri 30 Dec (Mon 2 Jan is a holiday).
        pytest.param(date(2006, 1, 3), date(2005, 12, 21), id="Tue 3 Jan 2006"),
        # Clear days: Fri 23, Wed 28, Thu 29, Fri 30 Dec, Tue 3 Jan.
        pytest.param(date(2006, 1, 4), date(2005, 12, 22), id="Wed 4 Jan 2006"),
        # Clear days: Wed 28, Thu 29, Fri 30 Dec, Tue 3, Wed 4 Jan.
        pytest.param(date(2006, 1, 5), date(2005, 12, 27), id="Thu 5 Jan 2006"),
    ],
)
def test_deadline_over_christmas_2005(meeting, deadline):
    """Christmas Day 2005 fell on a Sunday, so Boxing Day (Monday 26) and the
    substitute Christmas holiday (Tuesday 27) are not working days, nor is Monday
    2 January 2006 (New Year's Day fell on a Sunday); Wednesday 28 December is."""
    assert papers_deadline(meeting) == deadline


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(date(2005, 12, 23), True, id="Fri 23 Dec 2005"),
        pytest.param(date(2005, 12, 26), False, id="Mon 26 Dec 2005, Boxing Day"),
        pytest.param(date(2005, 12, 27), False, id="Tue 27 Dec 2005, for Christmas Day"),
        pytest.param(date(2005, 12, 28), True, id="Wed 28 Dec 2005"),
        pytest.param(date(2004, 12, 27), False, id="Mon 27 Dec 2004, for Christmas Day"),
        pytest.param(date(2004, 12, 28), False, id="Tue 28 Dec 2004, for Boxing Day"),
        pytest.param(date(2004, 12, 29), True, id="Wed 29 Dec 2004"),
    ],
)
def test_christmas_substitute_days(day, working):
    """When Christmas Day or Boxing Day falls at a weekend, the next weekdays that are
    not already holidays are bank holidays in its place: one in 2005 (Christmas on a
    Sunday), two in 2004 (Christmas on a Saturday, Boxing Day on a Sunday)."""
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("meeting", "deadline"),
    [
        # Clear days: Mon 10, Tue 11, Wed 12, Thu 13, Tue 18 Apr.
        pytest.param(date(2006, 4, 19), date(2006, 4, 9), id="Wed 19 Apr"),
        # Clear days: Tue 11, Wed 12, Thu 13, Tue 18, Wed 19 Apr.
        pytest.param(date(2006, 4, 20), date(2006, 4, 10), id="Thu 20 Apr"),
        # Clear days: Tue 18 to Mon 24 Apr: Easter Monday itself is the deadline.
        pytest.param(date(2006, 4, 25), date(2006, 4, 17), id="Tue 25 Apr"),
    ],
)
def test_deadline_over_easter_2006(meeting, deadline):
    """Good Friday (14 April 2006) and Easter Monday (17 April) are not working days,
    so a meeting just after Easter has its deadline two working days earlier."""
    assert papers_deadline(meeting) == deadline


@pytest.mark.parametrize(
    ("meeting", "deadline"),
    [
        # Clear days: Thu 27, Fri 28 Apr, Tue 2, Wed 3, Thu 4 May.
        pytest.param(date(2006, 5, 5), date(2006, 4, 26), id="Fri 5 May"),
        # Clear days: Fri 28 Apr, Tue 2, Wed 3, Thu 4, Fri 5 May.
        pytest.param(date(2006, 5, 8), date(2006, 4, 27), id="Mon 8 May"),
        # Clear days: Tue 2 to Mon 8 May: the bank holiday itself is the deadline.
        pytest.param(date(2006, 5, 9), date(2006, 5, 1), id="Tue 9 May"),
    ],
)
def test_deadline_over_the_early_may_bank_holiday_2006(meeting, deadline):
    """Monday 1 May 2006, the early May bank holiday, is not a working day."""
    assert not is_working_day(date(2006, 5, 1))
    assert papers_deadline(meeting) == deadline


def test_demo_next_meeting():
    """The demo's next meeting, on Tuesday 7 February 2006, has its deadline on Monday
    30 January (its clear days are 31 January and 1, 2, 3 and 6 February)."""
    meeting = date(2006, 2, 7)
    assert papers_deadline(meeting) == date(2006, 1, 30)
    assert not is_late(date(2006, 1, 30), meeting)
    assert is_late(date(2006, 1, 31), meeting)


@pytest.mark.parametrize(
    "published",
    [
        pytest.param(date(2005, 11, 21), id="the day before"),
        pytest.param(date(2005, 11, 22), id="the meeting day"),
        pytest.param(date(2005, 11, 23), id="the day after"),
        pytest.param(date(2005, 12, 22), id="a month after"),
    ],
)
def test_no_clear_days_from_the_eve_of_the_meeting(published):
    """Papers published on the day before the meeting, on its day or after it have no
    clear days, and are late."""
    meeting = date(2005, 11, 22)
    assert clear_working_days(published, meeting) == 0
    assert is_late(published, meeting)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(date(2006, 1, 2), False, id="Mon 2 Jan, for New Year's Day in both"),
        pytest.param(date(2006, 1, 3), True, id="Tue 3 Jan, a Scottish holiday only"),
        pytest.param(date(2006, 8, 7), True, id="Mon 7 Aug, Scotland's summer holiday"),
        pytest.param(date(2006, 8, 28), False, id="Mon 28 Aug, the late summer holiday"),
        pytest.param(date(2006, 11, 30), True, id="Thu 30 Nov, St Andrew's Day"),
    ],
)
def test_bank_holidays_are_england_and_wales(day, working):
    """The holidays are those of England and Wales, not Scotland's: Scotland's 2 and
    3 January, first Monday in August and St Andrew's Day are working days here (2
    January 2006 only because New Year's Day fell on a Sunday), and the last Monday
    in August is not."""
    assert is_working_day(day) is working


def test_bank_holidays_of_2005():
    """England and Wales had eight bank holidays on weekdays in 2005, two of them
    substitutes: for New Year's Day (a Saturday) and Christmas Day (a Sunday)."""
    assert {day for day in bank_holidays(2005) if day.weekday() < 5} == {
        date(2005, 1, 3),  # for New Year's Day
        date(2005, 3, 25),  # Good Friday
        date(2005, 3, 28),  # Easter Monday
        date(2005, 5, 2),  # Early May
        date(2005, 5, 30),  # Spring
        date(2005, 8, 29),  # Late summer
        date(2005, 12, 26),  # Boxing Day
        date(2005, 12, 27),  # for Christmas Day
    }


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(date(2005, 11, 19), id="Saturday"),
        pytest.param(date(2005, 11, 20), id="Sunday"),
    ],
)
def test_weekends_are_not_working_days(day):
    """Saturdays and Sundays are not working days."""
    assert not is_working_day(day)


def test_deadline_is_the_latest_day_with_five_clear_days():
    """For every meeting day from 2004 to 2007, papers out on the deadline have five
    clear working days and papers out the day after have fewer."""
    meeting = date(2004, 1, 1)
    while meeting < date(2008, 1, 1):
        deadline = papers_deadline(meeting)
        assert clear_working_days(deadline, meeting) == CLEAR_WORKING_DAYS, meeting
        assert clear_working_days(deadline + timedelta(days=1), meeting) < CLEAR_WORKING_DAYS
        meeting += timedelta(days=1)
