"""
The UK local-government financial calendar.

A financial year runs from 1 April to 31 March and is named by both calendar years
("2005/06"); its quarters run April-June (Q1), July-September (Q2), October-December
(Q3) and January-March (Q4), and a quarter is named with its year ("Q2 2005/06").

Dates are London dates. A moment in time (an aware datetime) belongs to the day it
is in Europe/London: 31 March 2006 23:30 UTC is 1 April 00:30 BST, in 2006/07.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")

FIRST_MONTH = 4  # April


def local_date(moment: datetime) -> date:
    """The London calendar date of an aware datetime."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("local_date() needs an aware datetime; a naive one is ambiguous.")
    return moment.astimezone(LONDON).date()


def end_of_day(day: date) -> datetime:
    """The first moment after `day` in London: what was recorded before it was known on `day`."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=LONDON)


def validate_quarter_label(label: str) -> None:
    """Refuse a label that names no quarter (for model fields holding "Q2 2005/06")."""
    from django.core.exceptions import ValidationError

    try:
        Quarter.parse(label)
    except ValueError:
        raise ValidationError(f"{label!r} is not a quarter such as Q2 2005/06.") from None


@dataclass(frozen=True, order=True)
class FinancialYear:
    """The financial year that starts on 1 April of `start_year`."""

    start_year: int

    @classmethod
    def containing(cls, day: date) -> "FinancialYear":
        return cls(day.year if day.month >= FIRST_MONTH else day.year - 1)

    @classmethod
    def parse(cls, label: str) -> "FinancialYear":
        """The year named by a label such as "2005/06"."""
        match = re.fullmatch(r"(\d{4})/(\d{2})", label.strip())
        if not match or (int(match[1]) + 1) % 100 != int(match[2]):
            raise ValueError(f"{label!r} is not a financial year such as 2005/06.")
        return cls(int(match[1]))

    @property
    def start(self) -> date:
        return date(self.start_year, FIRST_MONTH, 1)

    @property
    def end(self) -> date:
        return date(self.start_year + 1, FIRST_MONTH, 1) - timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def quarters(self) -> tuple["Quarter", ...]:
        return tuple(Quarter(self, number) for number in range(1, 5))

    def next(self) -> "FinancialYear":
        return FinancialYear(self.start_year + 1)

    def previous(self) -> "FinancialYear":
        return FinancialYear(self.start_year - 1)

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __str__(self):
        return self.label


@dataclass(frozen=True, order=True)
class Quarter:
    """Quarter `number` (1 to 4) of a financial year."""

    year: FinancialYear
    number: int

    def __post_init__(self):
        if self.number not in range(1, 5):
            raise ValueError(f"A quarter is numbered 1 to 4, not {self.number}.")

    @classmethod
    def containing(cls, day: date) -> "Quarter":
        year = FinancialYear.containing(day)
        months_in = (day.month - FIRST_MONTH) % 12
        return cls(year, months_in // 3 + 1)

    @classmethod
    def parse(cls, label: str) -> "Quarter":
        """The quarter named by a label such as "Q2 2005/06"."""
        match = re.fullmatch(r"Q([1-4]) (\S+)", label.strip())
        if not match:
            raise ValueError(f"{label!r} is not a quarter such as Q2 2005/06.")
        return cls(FinancialYear.parse(match[2]), int(match[1]))

    @property
    def start(self) -> date:
        month = (FIRST_MONTH - 1 + 3 * (self.number - 1)) % 12 + 1
        year = self.year.start_year + (month < FIRST_MONTH)
        return date(year, month, 1)

    @property
    def end(self) -> date:
        return self.next().start - timedelta(days=1)

    @property
    def label(self) -> str:
        return f"Q{self.number} {self.year.label}"

    def next(self) -> "Quarter":
        if self.number == 4:
            return Quarter(FinancialYear(self.year.start_year + 1), 1)
        return Quarter(self.year, self.number + 1)

    def previous(self) -> "Quarter":
        if self.number == 1:
            return Quarter(FinancialYear(self.year.start_year - 1), 4)
        return Quarter(self.year, self.number - 1)

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __str__(self):
        return self.label


MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, named like "October 2005"."""

    year: int
    month: int

    def __post_init__(self):
        if self.month not in range(1, 13):
            raise ValueError(f"A month is numbered 1 to 12, not {self.month}.")

    @classmethod
    def containing(cls, day: date) -> "Month":
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, label: str) -> "Month":
        match = re.fullmatch(r"([A-Za-z]+) (\d{4})", label.strip())
        if not match or match[1].capitalize() not in MONTH_NAMES:
            raise ValueError(f"{label!r} is not a month such as October 2005.")
        return cls(int(match[2]), MONTH_NAMES.index(match[1].capitalize()) + 1)

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def end(self) -> date:
        return self.next().start - timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{MONTH_NAMES[self.month - 1]} {self.year}"

    def next(self) -> "Month":
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> "Month":
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __str__(self):
        return self.label


# Reporting frequencies and the periods they count in.
PERIOD_TYPES = {"monthly": Month, "quarterly": Quarter, "annual": FinancialYear}


def period_containing(frequency: str, day: date):
    """The month, quarter or financial year (by `frequency`) that holds `day`."""
    return PERIOD_TYPES[frequency].containing(day)


def parse_period(frequency: str, label: str):
    """The period of `frequency` named by `label`; ValueError if it names none."""
    return PERIOD_TYPES[frequency].parse(label)


# Committee papers: the publication rule.
#
# Part VA of the Local Government Act 1972 (s.100B) opens a principal council's
# committee meetings to the public, and with them their papers: the agenda and the
# reports that are not exempt (Part I) must be open to inspection at least five clear
# working days before the meeting. "Clear" days leave out both ends, the day the
# papers are published and the day of the meeting; "working" days leave out
# Saturdays, Sundays and the bank holidays of England and Wales (Harrow's, not
# Scotland's). Papers published later than that are late: the chair may still take
# them, but only as urgent business, with the reason recorded in the minutes.

CLEAR_WORKING_DAYS = 5

# England and Wales share their bank holidays; the `holidays` package files them under
# England, with substitute days when a holiday falls at a weekend.
BANK_HOLIDAY_COUNTRY = "GB"
BANK_HOLIDAY_SUBDIVISION = "ENG"


@lru_cache
def bank_holidays(year: int) -> frozenset[date]:
    """The bank holidays of England and Wales in `year`, substitute days included.

    Held per year as a plain set: the package's own calendar builds each year when it
    is first asked, and counting days back from a meeting asks about the same few
    years again and again."""
    return frozenset(
        holidays.country_holidays(BANK_HOLIDAY_COUNTRY, subdiv=BANK_HOLIDAY_SUBDIVISION, years=year)
    )


def is_working_day(day: date) -> bool:
    """A weekday that is not a bank holiday in England and Wales."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def clear_working_days(published: date, meeting: date) -> int:
    """The working days strictly between publication and the meeting.

    Neither end counts: papers put out on a Monday for the next Monday's meeting have
    four clear working days (Tuesday to Friday), not six. Papers published on the day
    before the meeting, on its day or after it have none."""
    days_between = (meeting - published).days - 1
    return sum(
        is_working_day(published + timedelta(days=offset)) for offset in range(1, days_between + 1)
    )


def previous_working_day(day: date) -> date:
    """The last working day before `day`."""
    day -= timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def papers_deadline(meeting: date) -> date:
    """The last day on which a meeting's papers can be published and still have
    CLEAR_WORKING_DAYS clear working days before it.

    Counting back from the meeting, the fifth working day before it is the first of
    the clear days, so the papers must be out by the day before that one, whatever
    day of the week it is: for a Monday meeting it is the Sunday eight days before
    (papers out that day are open Monday to Friday), and a bank holiday just before
    the clear days is itself the deadline."""
    first_clear_day = meeting
    for _ in range(CLEAR_WORKING_DAYS):
        first_clear_day = previous_working_day(first_clear_day)
    return first_clear_day - timedelta(days=1)


def is_late(published: date, meeting: date) -> bool:
    """Papers are late when published after the meeting's deadline: they give the
    public fewer than CLEAR_WORKING_DAYS clear working days to read them."""
    return published > papers_deadline(meeting)
