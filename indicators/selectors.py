"""
Reads of indicators as at a day: their results, targets, rules, RAG and trend.

Every function takes `as_at`; only views choose a default. A target or result
is history of its indicator's period (harrow_its/history.py): as at a day, the
latest one recorded by then for a period that has begun counts. A tolerance rule
counts when it had taken effect by the start of the result's period.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.db.models import Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Greatest

from harrow_its.calendar import PERIOD_TYPES
from harrow_its.history import Snapshot
from harrow_its.models import Rag
from indicators.models import Indicator, Measurement, Target, ToleranceRule
from indicators.rag import (
    Direction,
    Polarity,
    RagResult,
    Tolerance,
    Unit,
    VarianceKind,
    direction_of_travel,
    format_value,
    rag_for,
)

# When no rule at all is in force, results are judged with no tolerance.
NO_RULE = Tolerance(Decimal(0), VarianceKind.ABSOLUTE, "no tolerance rule (none was in force)")


@dataclass(frozen=True)
class PeriodResult:
    """One indicator's result for one period, as known on a day."""

    period_start: date
    period_label: str
    value: Decimal | None
    target: Decimal | None
    rag: RagResult
    direction: Direction | None
    measurement: Measurement | None
    restated: bool  # the figure shown replaced an earlier one
    unit: Unit

    @property
    def value_text(self) -> str:
        return format_value(self.value, self.unit) if self.value is not None else "Not entered"

    @property
    def restated_from(self) -> str:
        """The figure this period's result replaced, when it was restated."""
        return format_value(self.measurement.restates.value, self.unit) if self.restated else ""

    @property
    def target_text(self) -> str:
        return format_value(self.target, self.unit) if self.target is not None else "No target"


@dataclass(frozen=True)
class IndicatorTrend:
    indicator: Indicator
    as_at: date
    periods: list[PeriodResult]  # oldest first, each period with a result or a target

    @property
    def latest(self) -> PeriodResult | None:
        """The latest period with a result."""
        return next((p for p in reversed(self.periods) if p.value is not None), None)


def _tolerance(own: list[ToleranceRule], default: list[ToleranceRule], day: date) -> Tolerance:
    """The indicator's own rule in force on `day`, else the council default, else none."""
    for rules, whose in ((own, "this indicator's own rule"), (default, "the council's default")):
        candidates = [r for r in rules if r.effective_from <= day]
        if candidates:
            rule = max(candidates, key=lambda r: r.effective_from)
            return Tolerance(
                rule.amber_variance,
                VarianceKind(rule.kind),
                f"{whose} from {rule.effective_from:%-d %B %Y}",
            )
    return NO_RULE


def _period_result(
    indicator: Indicator,
    start: date,
    *,
    measurement: Measurement | None,
    target_value: Decimal | None,
    previous: Decimal | None,
    tolerance: Tolerance,
) -> PeriodResult:
    """One period's result, given what was known of it and the previous period's value."""
    unit, polarity = Unit(indicator.unit), Polarity(indicator.polarity)
    value = measurement.value if measurement else None
    rag = rag_for(
        value=value, target=target_value, polarity=polarity, unit=unit, tolerance=tolerance
    )
    return PeriodResult(
        period_start=start,
        period_label=indicator.period_of(start).label,
        value=value,
        target=target_value,
        # indicators/rag.py answers in plain values; pages and reports read a Rag.
        rag=replace(rag, rag=Rag(rag.rag)) if rag.rag else rag,
        direction=direction_of_travel(value=value, previous=previous, polarity=polarity),
        measurement=measurement,
        restated=bool(measurement and measurement.restates_id),
        unit=unit,
    )


@dataclass(frozen=True)
class IndicatorHistory:
    """Indicators with every target and result known by `known_by`, and the tolerance
    rules: their trends as at that day or any earlier one, worked out from one read
    of the database rather than one for each day."""

    known_by: date
    indicators: list[Indicator]
    results: Snapshot
    targets: Snapshot
    rules: list[ToleranceRule]
    # A period's result, worked out once for all the days asked that agree on it.
    _periods: dict = field(default_factory=dict, repr=False, compare=False)
    # The tolerance in force for a period's start: an indicator's own rules, or
    # (for every indicator without any) the council's default, worked out once.
    _tolerances: dict = field(default_factory=dict, repr=False, compare=False)

    def _tolerance(self, whose, own, default, day: date) -> Tolerance:
        """`_tolerance(own, default, day)`, once for each indicator with its own rules
        (`whose`, its id) or for all those without (None), and day."""
        key = (whose, day)
        if key not in self._tolerances:
            self._tolerances[key] = _tolerance(own, default, day)
        return self._tolerances[key]

    def trends(self, *, as_at: date) -> list[IndicatorTrend]:
        """Each indicator's periods up to `as_at` (no later than `known_by`), with
        results, targets, RAG and direction."""
        results = self.results.latest(as_at=as_at)
        targets = self.targets.latest(as_at=as_at)
        own_rules, default_rules = defaultdict(list), []
        for rule in self.rules:
            if rule.indicator_id is None:
                default_rules.append(rule)
            else:
                own_rules[rule.indicator_id].append(rule)

        periods_by_indicator = defaultdict(set)
        for indicator_id, period_start in [*results, *targets]:
            periods_by_indicator[indicator_id].add(period_start)

        trends = []
        for indicator in self.indicators:
            own = own_rules[indicator.pk]
            periods, previous = [], None
            for start in sorted(periods_by_indicator[indicator.pk]):
                measurement = results.get((indicator.pk, start))
                target = targets.get((indicator.pk, start))
                key = (
                    indicator.pk,
                    start,
                    getattr(measurement, "pk", None),
                    getattr(target, "pk", None),
                    previous,
                )
                if key not in self._periods:
                    self._periods[key] = _period_result(
                        indicator,
                        start,
                        measurement=measurement,
                        target_value=target.value if target else None,
                        previous=previous,
                        tolerance=self._tolerance(
                            indicator.pk if own else None, own, default_rules, start
                        ),
                    )
                periods.append(self._periods[key])
                previous = measurement.value if measurement else None
            trends.append(IndicatorTrend(indicator=indicator, as_at=as_at, periods=periods))
        return trends


def indicator_history(
    *, indicators: QuerySet[Indicator], known_by: date, with_recorders: bool = False
) -> IndicatorHistory:
    """The indicators' targets and results known by `known_by`, and the rules: four
    queries however many indicators, periods or days asked. Who recorded each result
    comes too `with_recorders` (a page naming them); lists need not."""
    indicators = list(indicators.select_related("department"))
    related = ("recorded_by", "restates") if with_recorders else ("restates",)
    ids = [i.pk for i in indicators]
    return IndicatorHistory(
        known_by=known_by,
        indicators=indicators,
        results=Measurement.objects.filter(indicator__in=ids)
        .select_related(*related)
        .snapshot(known_by=known_by),
        targets=Target.objects.filter(indicator__in=ids).snapshot(known_by=known_by),
        rules=list(ToleranceRule.objects.filter(Q(indicator__isnull=True) | Q(indicator__in=ids))),
    )


def indicator_trends(*, indicators: QuerySet[Indicator], as_at: date) -> list[IndicatorTrend]:
    """Each indicator's periods up to `as_at`, with results, targets, RAG and direction.

    A fixed number of queries however many indicators and periods.
    """
    return indicator_history(indicators=indicators, known_by=as_at).trends(as_at=as_at)


@dataclass(frozen=True)
class IndicatorLatest:
    """An indicator and its latest period with a result, as at a day: a list's row."""

    indicator: Indicator
    as_at: date
    latest: PeriodResult | None


def indicator_latest(
    *, indicators: QuerySet[Indicator], as_at: date, page: slice = slice(None)
) -> list[IndicatorLatest]:
    """Each indicator's latest period with a result as at `as_at`, as its trend's
    `latest` tells it (with RAG, and direction against the period before it that has
    a result or a target), from only that period and the one before: the database
    picks them, so three queries whatever the indicators' histories, at any day.
    Only the indicators in `page` of `indicators` (in their order) are read."""
    results = Measurement.objects.as_at(as_at).filter(indicator=OuterRef("pk"))
    targets = Target.objects.as_at(as_at).filter(indicator=OuterRef("pk"))
    rows = (
        indicators.select_related("department")
        .annotate(latest_id=Subquery(results.values("pk")[:1]))
        .annotate(latest_start=Subquery(results.values("period_start")[:1]))
        .annotate(
            latest_target=Subquery(
                targets.filter(period_start=OuterRef("latest_start")).values("value")[:1]
            ),
            previous_start=Greatest(
                *(
                    Subquery(
                        history.filter(period_start__lt=OuterRef("latest_start")).values(
                            "period_start"
                        )[:1]
                    )
                    for history in (results, targets)
                )
            ),
        )
        .annotate(
            previous_value=Subquery(
                results.filter(period_start=OuterRef("previous_start")).values("value")[:1]
            )
        )
    )
    rows = list(rows[page])
    measurements = Measurement.objects.select_related("restates").in_bulk(
        [row.latest_id for row in rows if row.latest_id]
    )
    own_rules, default_rules = defaultdict(list), []
    for rule in ToleranceRule.objects.filter(
        Q(indicator__isnull=True) | Q(indicator__in=[row.pk for row in rows])
    ):
        (own_rules[rule.indicator_id] if rule.indicator_id else default_rules).append(rule)
    return [
        IndicatorLatest(
            indicator=row,
            as_at=as_at,
            latest=_period_result(
                row,
                row.latest_start,
                measurement=measurements[row.latest_id],
                target_value=row.latest_target,
                previous=row.previous_value,
                tolerance=_tolerance(own_rules[row.pk], default_rules, row.latest_start),
            )
            if row.latest_id
            else None,
        )
        for row in rows
    ]


def indicator_trend(*, indicator: Indicator, as_at: date) -> IndicatorTrend:
    """One indicator's trend, with who recorded each result."""
    history = indicator_history(
        indicators=Indicator.objects.filter(pk=indicator.pk), known_by=as_at, with_recorders=True
    )
    [trend] = history.trends(as_at=as_at)
    return trend


def measurement_history(*, indicator: Indicator, period_start: date, as_at: date):
    """Every figure entered for one period, restatements included, oldest first."""
    return list(
        _known_for_period(Measurement, period_start=period_start, known_by=as_at)
        .filter(indicator=indicator)
        .select_related("recorded_by")
        .reverse()
    )


def _known_for_period(model, *, period_start: date, known_by: date):
    """The rows for the period starting `period_start` known by `known_by` (a period
    not yet begun then included), newest first; none when no period is chosen."""
    if period_start is None:
        return model.objects.none()
    return model.objects.filter(period_start=period_start).as_at(period_start, known_by=known_by)


def _latest_for_period(model, *, indicators, period_start: date, as_at: date) -> dict:
    latest = {}
    for row in _known_for_period(model, period_start=period_start, known_by=as_at).filter(
        indicator__in=indicators
    ):
        latest.setdefault(row.indicator_id, row)
    return latest


def latest_results(*, indicators: QuerySet[Indicator], period_start: date, as_at: date) -> dict:
    """{indicator id: the latest Measurement for `period_start` known on `as_at`}."""
    return _latest_for_period(
        Measurement, indicators=indicators, period_start=period_start, as_at=as_at
    )


def latest_targets(*, indicators: QuerySet[Indicator], period_start: date, as_at: date) -> dict:
    """{indicator id: the latest Target for `period_start` known on `as_at`}."""
    return _latest_for_period(Target, indicators=indicators, period_start=period_start, as_at=as_at)


def periods_with_targets(*, until: date) -> dict:
    """For each frequency, its periods from the earliest that has a target to the one
    holding `until`, oldest first: the periods whose results may be entered."""
    earliest = Target.objects.aggregate(first=Min("period_start"))["first"] or until
    periods = {}
    for frequency, period_type in PERIOD_TYPES.items():
        period, first, found = period_type.containing(until), period_type.containing(earliest), []
        while period >= first:
            found.append(period)
            period = period.previous()
        periods[frequency] = list(reversed(found))
    return periods
