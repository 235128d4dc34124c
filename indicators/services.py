"""
Recording a period's results for a set of indicators, from the grid or a file.

All or nothing: the entries are checked against the results the person saw
(`based_on`, the id of the latest result of each indicator for the period, or 0)
with the indicators' rows locked, so two people entering the same results at once
cannot overwrite each other; and nothing is saved if anything is refused.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from harrow_its.models import User
from indicators.models import Indicator, Measurement

STALE_RESULT = (
    "{who} entered a result for this indicator while you were editing: {value}. "
    "Nothing has been saved. Check their figure, then submit yours again if it is still right."
)
COMMENTARY_CHANGED = "Commentary changed; the figure is unchanged."


@dataclass(frozen=True)
class Entry:
    indicator: Indicator
    value: Decimal | None
    commentary: str
    reason: str  # why a figure already entered is restated
    based_on: int  # the latest result the person saw, or 0


class StaleResults(Exception):
    """Someone else entered results meanwhile: {indicator id: their Measurement}."""

    def __init__(self, changed: dict[int, Measurement]):
        super().__init__("Results changed while they were being edited")
        self.changed = changed


def results_record(
    *, entries: list[Entry], period_start: date, recorded_by: User
) -> list[Measurement]:
    """Record the entries that change something; return the new rows."""
    with transaction.atomic():
        ids = [entry.indicator.pk for entry in entries]
        list(Indicator.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        current = {}
        for row in Measurement.objects.filter(
            indicator__in=ids, period_start=period_start
        ).order_by("recorded_at", "pk"):
            current[row.indicator_id] = row
        changed = {
            entry.indicator.pk: current[entry.indicator.pk]
            for entry in entries
            if (current[entry.indicator.pk].pk if entry.indicator.pk in current else 0)
            != entry.based_on
        }
        if changed:
            raise StaleResults(changed)
        saved = []
        for entry in entries:
            existing = current.get(entry.indicator.pk)
            if entry.value is None:
                continue  # the form refuses blanking a figure already entered
            if (
                existing
                and existing.value == entry.value
                and existing.commentary == entry.commentary
            ):
                continue
            row = Measurement(
                indicator=entry.indicator,
                period_start=period_start,
                value=entry.value,
                commentary=entry.commentary,
                restates=existing,
                restatement_reason=((entry.reason or COMMENTARY_CHANGED) if existing else ""),
                recorded_by=recorded_by,
            )
            row.full_clean()
            row.save()
            saved.append(row)
        return saved
