"""
Performance indicators: definitions, targets, tolerance rules and results.

A period is stored as its first day (`period_start`): the first of the month, of
the quarter, or 1 April, by the indicator's frequency (harrow_its/calendar.py
names them).

Targets and results are history, like project status (see projects/models.py):
rows only ever added, each recorded at a moment; as at a day, the latest row
recorded by the end of it counts. A result entered again for the same period is
a restatement: a new row naming the one it restates, with the reason, so the
earlier figure is kept. Tolerance rules are dated by the day they take effect:
a council default (no indicator) and per-indicator overrides.

RAG and direction of travel are never stored: indicators/rag.py works them out.
"""

import pghistory
from django.db import models
from django.db.models import Q
from django.urls import reverse

from harrow_its.calendar import PERIOD_TYPES
from harrow_its.history import HistoryRow
from harrow_its.models import Department
from indicators.rag import Polarity, Unit, VarianceKind


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"


class Source(models.TextChoices):
    SLA = "sla", "Service Level Agreement"
    SERVICE_PLAN = "service_plan", "Service Plan"
    BTP_KPI = "btp_kpi", "Strategic Partnership KPI"
    BTP_CPI = "btp_cpi", "Strategic Partnership CPI"
    BVPI = "bvpi", "Best Value Performance Indicator"


UNIT_CHOICES = [
    (Unit.PERCENTAGE, "Percentage"),
    (Unit.NUMBER, "Number"),
    (Unit.MONEY, "Money (£)"),
    (Unit.HOURS, "Duration (hours)"),
    (Unit.YES_NO, "Yes or no"),
]
POLARITY_CHOICES = [(Polarity.HIGHER, "Higher is better"), (Polarity.LOWER, "Lower is better")]
VARIANCE_CHOICES = [
    (VarianceKind.PERCENT_OF_TARGET, "Per cent of the target"),
    (VarianceKind.ABSOLUTE, "Amount in the indicator's unit"),
]


def value_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=4, **kwargs)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Indicator(models.Model):
    code = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=200)
    definition = models.TextField()
    unit = models.CharField(max_length=10, choices=UNIT_CHOICES)
    polarity = models.CharField(max_length=6, choices=POLARITY_CHOICES)
    frequency = models.CharField(max_length=9, choices=Frequency.choices)
    source = models.CharField(max_length=12, choices=Source.choices)
    owner = models.CharField(max_length=120)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="indicators")
    is_key = models.BooleanField("key indicator", default=False)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.code}: {self.title}"

    def get_absolute_url(self):
        return reverse("indicators:detail", args=[self.code])

    @property
    def period_type(self):
        return PERIOD_TYPES[self.frequency]

    def period_of(self, period_start):
        return self.period_type.containing(period_start)


class Target(HistoryRow):
    """An indicator's target for a period, as set; a new target for the period replaces it."""

    history_of = ("indicator", "period_start")
    speaks_for = "period_start"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period_start = models.DateField()
    value = value_field("target")

    class Meta(HistoryRow.Meta):
        ordering = ["indicator", "period_start", "recorded_at"]
        indexes = [models.Index(fields=["indicator", "period_start", "recorded_at"])]

    def __str__(self):
        return f"{self.indicator.code} target from {self.period_start}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ToleranceRule(models.Model):
    """Amber is within `amber_variance` of target. No indicator: the council default."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, null=True, blank=True, related_name="tolerances"
    )
    effective_from = models.DateField()
    amber_variance = models.DecimalField(max_digits=10, decimal_places=4)
    kind = models.CharField(max_length=8, choices=VARIANCE_CHOICES)

    class Meta:
        ordering = ["indicator", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "effective_from"],
                name="tolerance_one_rule_a_day",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(amber_variance__gte=0), name="tolerance_not_negative"
            ),
        ]

    def __str__(self):
        whose = self.indicator.code if self.indicator else "Council default"
        return f"{whose} from {self.effective_from}"


class Measurement(HistoryRow):
    """An indicator's result for a period, as entered; restatements keep the earlier."""

    history_of = ("indicator", "period_start")
    speaks_for = "period_start"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="results")
    period_start = models.DateField()
    value = value_field("result")
    commentary = models.TextField(blank=True)
    restates = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="restatements"
    )
    restatement_reason = models.TextField(blank=True)

    class Meta(HistoryRow.Meta):
        ordering = ["indicator", "period_start", "recorded_at"]
        indexes = [models.Index(fields=["indicator", "period_start", "recorded_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(restates__isnull=True) | ~Q(restatement_reason=""),
                name="measurement_restatement_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period_start}: {self.value}"
