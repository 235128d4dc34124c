"""Performance indicators built by hand, with their targets, results and tolerance rules."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from harrow_its.calendar import LONDON
from indicators.models import Indicator, Measurement, Target, ToleranceRule


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


@pytest.fixture
def make_indicator(department):
    def make(code="SLA-02", **fields):
        defaults = {
            "title": "Incidents resolved within agreed times",
            "definition": "Incidents resolved in time, as a percentage.",
            "unit": "percentage",
            "polarity": "higher",
            "frequency": "monthly",
            "source": "sla",
            "owner": "Group Manager, ICT",
            "department": department,
        }
        return Indicator.objects.create(code=code, **(defaults | fields))

    return make


@pytest.fixture
def indicator(make_indicator):
    """A monthly percentage indicator of the officer's department; higher is better."""
    return make_indicator()


@pytest.fixture
def default_rule(db):
    """The council default: amber within 5% of target, from 1 April 2004."""
    return ToleranceRule.objects.create(
        indicator=None, effective_from=date(2004, 4, 1), amber_variance=Decimal(5), kind="percent"
    )


@pytest.fixture
def record(officer):
    """Record a target and/or a result for the month starting `start`."""

    def record(indicator, start, *, result=None, target=None, on=None, restates=None, reason=""):
        on = on or date(start.year + (start.month == 12), start.month % 12 + 1, 7)
        if target is not None:
            Target.objects.create(
                indicator=indicator,
                period_start=start,
                value=Decimal(target),
                recorded_by=officer,
                recorded_at=at(start, 9),
            )
        if result is not None:
            return Measurement.objects.create(
                indicator=indicator,
                period_start=start,
                value=Decimal(result),
                recorded_by=officer,
                recorded_at=at(on),
                restates=restates,
                restatement_reason=reason,
            )
        return None

    return record
