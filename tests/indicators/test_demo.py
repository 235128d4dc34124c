"""The demo's indicators: SLA, Service Plan and Strategic Partnership, 2004/05 to October 2005."""

from datetime import date
from decimal import Decimal

import pytest

from harrow_its.models import Rag
from indicators import selectors
from indicators.models import Indicator, Measurement

pytestmark = pytest.mark.django_db
CUT_OFF = date(2005, 11, 8)


@pytest.fixture
def trends(demo):
    return {
        t.indicator.code: t
        for t in selectors.indicator_trends(indicators=Indicator.objects.all(), as_at=CUT_OFF)
    }


def test_sources_include_the_partnerships_kpis_and_cpis_named_as_such(trends):
    sources = {code: t.indicator.get_source_display() for code, t in trends.items()}
    assert sources["BTP-KPI-01"] == "Strategic Partnership KPI"
    assert sources["BTP-CPI-01"] == "Strategic Partnership CPI"
    assert {"Service Level Agreement", "Service Plan"} <= set(sources.values())


def test_monthly_results_run_from_april_2004_to_october_2005(trends):
    periods = [p.period_label for p in trends["SLA-01"].periods]
    assert (periods[0], periods[-1], len(periods)) == ("April 2004", "October 2005", 19)
    quarters = [p.period_label for p in trends["SP-01"].periods]
    assert quarters == [
        "Q1 2004/05",
        "Q2 2004/05",
        "Q3 2004/05",
        "Q4 2004/05",
        "Q1 2005/06",
        "Q2 2005/06",
    ]


def test_every_rag_appears_and_none_is_typed(trends):
    rags = {p.rag.rag for t in trends.values() for p in t.periods}
    assert rags == {Rag.GREEN, Rag.AMBER, Rag.RED}


def test_septembers_restatement_is_in_the_demo(trends):
    september = next(p for p in trends["SLA-02"].periods if p.period_label == "September 2005")
    assert (september.value, september.restated, september.restated_from) == (
        Decimal("90.2"),
        True,
        "90.9%",
    )
    assert Measurement.objects.filter(restates__isnull=False).count() == 1
