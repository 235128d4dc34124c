"""The results grid: one row per indicator, for one period; and the choice of period."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from harrow_its.calendar import PERIOD_TYPES
from harrow_its.forms import GovukForm
from indicators.models import Frequency
from indicators.rag import Unit, format_value
from indicators.services import STALE_RESULT, Entry

MAX_VALUE = Decimal("9999999999")
CANNOT_REMOVE = "A result already entered cannot be removed: enter the figure, restated if need be"
REASON_NEEDED = "Say why the figure already entered is restated"


def parse_value(text: str, unit: Unit) -> Decimal | None:
    """A typed result in the indicator's unit; ValidationError saying what to type."""
    text = text.strip()
    if not text:
        return None
    if unit == Unit.YES_NO:
        answer = text.lower()
        if answer in {"yes", "y", "1"}:
            return Decimal(1)
        if answer in {"no", "n", "0"}:
            return Decimal(0)
        raise ValidationError("Enter yes or no")
    cleaned = re.sub(r"[£,%\s]|hours?$", "", text)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        examples = {
            Unit.PERCENTAGE: "like 95 or 99.5",
            Unit.MONEY: "in pounds, like 1250 or 1,250.00",
            Unit.HOURS: "in hours, like 8 or 7.5",
        }
        raise ValidationError(f"Enter a number {examples.get(unit, 'like 120')}")
    if value < 0:
        raise ValidationError("The result cannot be negative")
    if unit == Unit.PERCENTAGE and value > 100:
        raise ValidationError("Enter a percentage between 0 and 100")
    if value > MAX_VALUE:
        raise ValidationError("The result is too large")
    if value != value.quantize(Decimal("0.0001")):
        raise ValidationError("Give the result to no more than 4 decimal places")
    return value


class PeriodForm(GovukForm):
    """Which period's results to enter, and for which department."""

    frequency = forms.ChoiceField(label="Frequency", choices=Frequency.choices)
    period = forms.ChoiceField(label="Period")
    department = forms.ChoiceField(label="Department")

    def __init__(self, *args, periods: dict[str, list], departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = periods
        self.fields["period"].choices = [
            (Frequency(frequency).label, [(p.label, p.label) for p in reversed(periods[frequency])])
            for frequency in periods
        ]
        self.fields["department"].choices = [(d.slug, d.name) for d in departments]

    def clean(self):
        cleaned = super().clean()
        frequency, label = cleaned.get("frequency"), cleaned.get("period")
        if frequency and label:
            try:
                cleaned["period"] = PERIOD_TYPES[frequency].parse(label)
            except ValueError:
                self.add_error("period", "Select a period of the frequency chosen")
        return cleaned


class ResultsGridForm(GovukForm):
    """A result, commentary and (for a figure already entered) a restatement reason a row."""

    def __init__(self, *args, indicators, period, current: dict, targets: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators, self.period, self.current, self.targets = (
            indicators,
            period,
            current,
            targets,
        )
        for indicator in indicators:
            pk, name = indicator.pk, f"{indicator.code} {indicator.title}, {period.label}"
            existing = current.get(pk)
            self.fields[f"value_{pk}"] = forms.CharField(
                label=f"Result for {name}",
                required=False,
                max_length=40,
                widget=forms.TextInput(
                    attrs={
                        "inputmode": "text" if indicator.unit == Unit.YES_NO else "decimal",
                        "class": "govuk-input govuk-input--width-5",
                    }
                ),
                error_messages={"max_length": "Enter a shorter figure"},
            )
            self.fields[f"commentary_{pk}"] = forms.CharField(
                label=f"Commentary on {name}",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"max_length": "The commentary must be 2,000 characters or fewer"},
            )
            self.fields[f"reason_{pk}"] = forms.CharField(
                label=f"Reason for restating {name}",
                required=False,
                max_length=500,
                error_messages={"max_length": "The reason must be 500 characters or fewer"},
            )
            self.fields[f"based_on_{pk}"] = forms.IntegerField(widget=forms.HiddenInput)
            self.initial.setdefault(f"based_on_{pk}", existing.pk if existing else 0)
            if existing:
                self.initial.setdefault(f"value_{pk}", typed_value(existing.value, indicator.unit))
                self.initial.setdefault(f"commentary_{pk}", existing.commentary)

    def clean(self):
        cleaned = super().clean()
        self.stale = {}  # indicator id: the result someone else entered meanwhile
        for indicator in self.indicators:
            pk = indicator.pk
            existing = self.current.get(pk)
            if cleaned.get(f"based_on_{pk}") != (existing.pk if existing else 0):
                self.stale[pk] = existing
                continue  # stale_message() says what to do; nothing else about this row counts
            if f"value_{pk}" not in cleaned:
                continue
            try:
                value = parse_value(cleaned[f"value_{pk}"], Unit(indicator.unit))
            except ValidationError as error:
                self.add_error(f"value_{pk}", error)
                continue
            cleaned[f"parsed_{pk}"] = value
            if existing and value is None:
                self.add_error(f"value_{pk}", CANNOT_REMOVE)
            elif existing and value != existing.value and not cleaned.get(f"reason_{pk}"):
                self.add_error(f"reason_{pk}", REASON_NEEDED)
        if self.stale:
            raise ValidationError("Results changed while you were editing", code="stale")
        return cleaned

    def entries(self) -> list[Entry]:
        return [
            Entry(
                indicator=indicator,
                value=self.cleaned_data[f"parsed_{indicator.pk}"],
                commentary=self.cleaned_data[f"commentary_{indicator.pk}"],
                reason=self.cleaned_data[f"reason_{indicator.pk}"],
                based_on=self.cleaned_data[f"based_on_{indicator.pk}"],
            )
            for indicator in self.indicators
        ]

    def rows(self):
        """What the template lays out: one row per indicator, with its fields."""
        for indicator in self.indicators:
            target = self.targets.get(indicator.pk)
            pk = indicator.pk
            yield {
                "indicator": indicator,
                "target": format_value(target.value, indicator.unit) if target else "No target",
                "current": self.current.get(pk),
                "value": self[f"value_{pk}"],
                "commentary": self[f"commentary_{pk}"],
                "reason": self[f"reason_{pk}"],
                "based_on": self[f"based_on_{pk}"],
            }

    def rows_for_export(self) -> list[list]:
        """The grid as a spreadsheet's rows, under the views' EXPORT_HEADERS."""
        rows = []
        for indicator in self.indicators:
            current, target = self.current.get(indicator.pk), self.targets.get(indicator.pk)
            rows.append(
                [
                    indicator.code,
                    indicator.title,
                    self.period.label,
                    indicator.get_unit_display(),
                    _figure(target.value, indicator.unit) if target else "",
                    _figure(current.value, indicator.unit) if current else "",
                    current.commentary if current else "",
                    "",
                ]
            )
        return rows


def typed_value(value: Decimal, unit: str) -> str:
    """A stored result as a person would type it back."""
    if unit == Unit.YES_NO:
        return "Yes" if value else "No"
    return format(value.normalize(), "f")


def _figure(value, unit):
    """A stored figure for a download: a number (a CSV file keeps -5 as -5, where it
    would put ' before text beginning "-"), or Yes or No."""
    return typed_value(value, unit) if unit == Unit.YES_NO else value.normalize()


def stale_message(row) -> str:
    if row is None:
        return (
            "This page was out of date. Nothing has been saved: check the figures and submit again"
        )
    return STALE_RESULT.format(
        who=row.recorded_by, value=typed_value(row.value, row.indicator.unit)
    )
