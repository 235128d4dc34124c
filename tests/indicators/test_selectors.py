"""Indicators as at a day: results, restatements, targets and dated tolerance rules."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from harrow_its.calendar import LONDON
from harrow_its.models import Rag, User
from indicators import selectors
from indicators.models import Indicator, Measurement, Target, ToleranceRule
from indicators.rag import Direction

pytestmark = pytest.mark.django_db

SEP, OCT = date(2005, 9, 1), date(2005, 10, 1)


def trend(indicator, as_at):
    return selectors.indicator_trend(indicator=indicator, as_at=as_at)


def test_a_result_counts_from_the_day_it_was_entered(indicator, default_rule, record):
    record(indicator, SEP, result="91", target="92", on=date(2005, 10, 7))
    assert trend(indicator, date(2005, 10, 6)).latest is None  # the day before
    latest = trend(indicator, date(2005, 10, 7)).latest  # on the day
    assert (latest.period_label, latest.value, latest.rag.rag) == ("September 2005", 91, Rag.AMBER)
    assert latest.rag.rag.label == "Amber"  # a Rag, as pages and reports read it
    assert trend(indicator, date(2030, 1, 1)).latest.value == 91  # open-ended


def test_a_restatement_keeps_the_earlier_figure(indicator, default_rule, record):
    original = record(indicator, SEP, result="90.9", target="92", on=date(2005, 10, 7))
    record(
        indicator,
        SEP,
        result="90.2",
        on=date(2005, 10, 12),
        restates=original,
        reason="Late-closed calls recounted.",
    )
    before = trend(indicator, date(2005, 10, 11)).latest
    after = trend(indicator, date(2005, 10, 12)).latest
    assert (before.value, before.restated) == (Decimal("90.9"), False)
    assert (after.value, after.restated, after.restated_from) == (Decimal("90.2"), True, "90.9%")
    history = selectors.measurement_history(
        indicator=indicator, period_start=SEP, as_at=date(2005, 10, 12)
    )
    assert [m.value for m in history] == [Decimal("90.9"), Decimal("90.2")]


def test_direction_against_the_previous_period(indicator, default_rule, record):
    record(indicator, SEP, result="90", target="92")
    record(indicator, OCT, result="93", target="92")
    periods = trend(indicator, date(2005, 11, 30)).periods
    assert [(p.period_label, p.direction) for p in periods] == [
        ("September 2005", None),
        ("October 2005", Direction.BETTER),
    ]


def test_the_rule_in_force_for_the_period_judges_it(indicator, default_rule, record):
    """The default tightens to 3% from April 2005; an override for this indicator
    from October 2005 allows 1 point. Old periods keep their old rule."""
    ToleranceRule.objects.create(
        indicator=None, effective_from=date(2005, 4, 1), amber_variance=Decimal(3), kind="percent"
    )
    ToleranceRule.objects.create(
        indicator=indicator, effective_from=OCT, amber_variance=Decimal(1), kind="absolute"
    )
    for start in (date(2005, 3, 1), SEP, OCT):
        record(indicator, start, result="88", target="92")  # 4 short: 4.3% of target
    periods = trend(indicator, date(2005, 12, 1)).periods
    assert [p.rag.rag for p in periods] == [Rag.AMBER, Rag.RED, Rag.RED]
    assert "under the council's default from 1 April 2004" in periods[0].rag.reason
    assert "under the council's default from 1 April 2005" in periods[1].rag.reason
    assert "under this indicator's own rule from 1 October 2005" in periods[2].rag.reason


def test_without_any_rule_there_is_no_tolerance(indicator, record):
    record(indicator, SEP, result="91.9", target="92")
    latest = trend(indicator, date(2005, 12, 1)).latest
    assert latest.rag.rag == Rag.RED
    assert "no tolerance rule (none was in force)" in latest.rag.reason


def test_a_period_with_a_target_but_no_result(indicator, default_rule, record):
    record(indicator, OCT, target="92")
    [period] = trend(indicator, date(2005, 12, 1)).periods
    assert (period.value_text, period.target_text, period.rag.rag) == ("Not entered", "92%", None)


def test_trends_take_a_fixed_number_of_queries(
    make_indicator, default_rule, record, django_assert_num_queries
):
    for n in range(12):
        indicator = make_indicator(code=f"I-{n}")
        for month in range(1, 7):
            record(indicator, date(2005, month, 1), result="90", target="92")
    with django_assert_num_queries(4):
        trends = selectors.indicator_trends(
            indicators=Indicator.objects.all(), as_at=date(2005, 12, 1)
        )
    assert sum(len(t.periods) for t in trends) == 72


def test_trends_read_once_for_a_later_day_are_each_earlier_days(
    make_indicator, default_rule, record
):
    """One read serves every day up to it: results entered late, restatements, a rule
    taking effect and a new target give each day what a read for that day gives."""
    higher, lower = make_indicator(), make_indicator(code="SLA-09", polarity="lower")
    ToleranceRule.objects.create(
        indicator=lower, effective_from=OCT, amber_variance=Decimal(1), kind="absolute"
    )
    for indicator in (higher, lower):
        record(indicator, date(2005, 8, 1), result="90", target="92")
        first = record(indicator, SEP, result="93", target="92", on=date(2005, 10, 12))
        record(indicator, SEP, result="91", on=date(2005, 11, 3), restates=first, reason="Late")
        record(indicator, OCT, result="92", target="93", on=date(2005, 11, 7))
    history = selectors.indicator_history(
        indicators=Indicator.objects.all(), known_by=date(2005, 12, 31)
    )

    def seen(trends):
        return [
            (
                t.indicator.code,
                [
                    (p.period_label, p.value, p.target, p.rag, p.direction, p.restated)
                    for p in t.periods
                ],
            )
            for t in trends
        ]

    days = [date(2005, 9, 6), date(2005, 9, 7), date(2005, 10, 11), date(2005, 10, 12)]
    days += [date(2005, 11, 2), date(2005, 11, 3), date(2005, 11, 7), date(2005, 12, 31)]
    for day in days:
        fresh = selectors.indicator_trends(indicators=Indicator.objects.all(), as_at=day)
        assert seen(history.trends(as_at=day)) == seen(fresh)
    with pytest.raises(ValueError, match="cannot tell"):
        history.trends(as_at=date(2006, 1, 1))


def test_the_lists_latest_results_are_each_trends_latest_on_every_day(demo):
    """The list reads only each indicator's latest period and the one before it; on
    every day, for every indicator of the demo, after restatements, a correction
    recorded late, a target-only period, a result for a period not yet begun, a new
    own rule and a new council default taking effect later, it shows what the
    indicator's whole trend says of its latest period: the period, result, target,
    RAG and its reason, direction, and the figure restated."""
    officer = User.objects.get(username="officer")

    def at(day):
        return datetime(day.year, day.month, day.day, 10, tzinfo=LONDON)

    sla, sp = Indicator.objects.get(code="SLA-01"), Indicator.objects.get(code="SP-01")
    latest = Measurement.objects.filter(indicator=sla).order_by("-period_start", "-recorded_at")
    october = latest.first()
    restated = Measurement.objects.create(
        indicator=sla,
        period_start=october.period_start,
        value=october.value - 3,
        restates=october,
        restatement_reason="Recounted.",
        recorded_by=officer,
        recorded_at=at(date(2005, 11, 20)),
    )
    september = latest.filter(period_start__lt=october.period_start).first()
    Measurement.objects.create(  # a correction of an earlier period, recorded later
        indicator=sla,
        period_start=september.period_start,
        value=september.value + 7,
        restates=september,
        restatement_reason="Late returns.",
        recorded_by=officer,
        recorded_at=at(date(2005, 12, 2)),
    )
    Target.objects.create(  # a period with a target and no result yet
        indicator=sla,
        period_start=date(2005, 11, 1),
        value=restated.value + 1,
        recorded_by=officer,
        recorded_at=at(date(2005, 11, 1)),
    )
    Measurement.objects.create(  # entered before its period begins
        indicator=sla,
        period_start=date(2005, 12, 1),
        value=restated.value,
        recorded_by=officer,
        recorded_at=at(date(2005, 11, 25)),
    )
    ToleranceRule.objects.create(
        indicator=sp, effective_from=date(2005, 7, 1), amber_variance=Decimal(9), kind="absolute"
    )
    ToleranceRule.objects.create(
        indicator=None, effective_from=date(2005, 9, 1), amber_variance=Decimal(1), kind="percent"
    )
    history = selectors.indicator_history(
        indicators=Indicator.objects.all(), known_by=date(2006, 1, 31)
    )

    def shown(latest):
        if latest is None:
            return None
        return (
            latest.period_start,
            latest.period_label,
            latest.value_text,
            latest.target_text,
            latest.rag,
            latest.direction,
            latest.restated,
            latest.restated_from,
            latest.measurement.pk,
        )

    day, days = date(2004, 3, 25), 0
    while day <= date(2006, 1, 31):
        expected = [(t.indicator.code, shown(t.latest)) for t in history.trends(as_at=day)]
        rows = selectors.indicator_latest(indicators=Indicator.objects.all(), as_at=day)
        assert [(r.indicator.code, shown(r.latest)) for r in rows] == expected, day
        day, days = day + timedelta(days=1 if day.month in (11, 12) else 6), days + 1
    assert days > 150


def test_the_lists_latest_results_take_three_queries(
    make_indicator, default_rule, record, django_assert_num_queries
):
    """However many indicators, periods and restatements, and for a page of them."""
    for n in range(12):
        indicator = make_indicator(code=f"I-{n}")
        for month in range(1, 7):
            first = record(indicator, date(2005, month, 1), result="90", target="92")
            record(indicator, date(2005, month, 1), result="91", restates=first, reason="Late")
    with django_assert_num_queries(3):
        rows = selectors.indicator_latest(
            indicators=Indicator.objects.all(), as_at=date(2005, 12, 1)
        )
    assert {(r.latest.period_label, r.latest.value, r.latest.restated) for r in rows} == {
        ("June 2005", 91, True)
    }
    with django_assert_num_queries(3):
        page = selectors.indicator_latest(
            indicators=Indicator.objects.order_by("-code"),
            as_at=date(2005, 12, 1),
            page=slice(2, 5),
        )
    assert [r.indicator.code for r in page] == ["I-7", "I-6", "I-5"]
