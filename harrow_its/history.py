"""
"As at" a day, written once: the history every app keeps, and how it is asked.

The portal never overwrites a fact it reports. A project's status, its money, a
milestone's forecast, an action's progress note, an indicator's result or target,
a BVPI 157 cell: each change is a new row of that thing's history (`HistoryRow`),
which the database refuses to change or delete (harrow_its/triggers.py). A row
carries two dates:

- the day it **speaks for** (`speaks_for`: a status date, the day new figures take
  effect, a period's start; a BVPI cell's entry speaks from when it is recorded);
- when it was **recorded** (`recorded_at`, with `recorded_by`).

The words, used the same way in every app (and in the README's glossary):

- **as at D**: how things stood on day D, as the newest row of each thing that
  speaks for D or earlier tells it;
- **known by K**: counting only rows recorded by the end of day K (London time).
  "As at D" alone means known by D: a report as at its cut-off is not changed by a
  correction recorded after it. A correction of an earlier day, recorded later,
  shows from the day it was recorded;
- **cut-off**: the as-at day of a report (reports/models.py);
- **period**: the quarter or month a status or result is for (harrow_its/calendar.py).

Two ways to ask, one rule:

- in SQL, `Model.objects.as_at(day)`: the rows that count, newest first, so that
  `.filter(project=OuterRef("pk"))[:1]` is a thing's latest row in a subquery,
  and `.latest_of_each()` every thing's latest row;
- in memory, `Model.objects.snapshot(known_by=K)`: every row known by K, read
  once, which answers "as at D" for any D up to K without another query
  (`Snapshot.latest`, `Snapshot.latest_each`), so a report quoting several days
  reads each history once.

Things that exist from a day (a project from its registration to its closure, an
action or a milestone from the day it joined the plan, a BVPI service from the day
it joined the inventory) are `Lifespan` models, asked `filter_by_date(day)` in SQL
and `exists_on(day)` in memory, from one statement of their dates.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from harrow_its.calendar import end_of_day, local_date
from harrow_its.triggers import APPEND_ONLY


def check_known_by(as_at: date, *, known_by: date) -> None:
    """Refuse to tell how things stood on `as_at` from rows known by an earlier day."""
    if as_at > known_by:
        raise ValueError(f"Read as known by {known_by}, so it cannot tell {as_at}.")


class HistoryQuerySet(models.QuerySet):
    def as_at(self, day: date, *, known_by: date | None = None) -> "HistoryQuerySet":
        """The rows that count as at `day`, known by the end of `known_by` (by default
        `day` itself), newest first: a thing's first row is its latest."""
        model = self.model
        rows = self.filter(recorded_at__lt=end_of_day(day if known_by is None else known_by))
        if model.speaks_for:
            rows = rows.filter(**{f"{model.speaks_for}__lte": day})
        return rows.order_by(*(f"-{name}" for name in model.history_order()))

    def latest_of_each(self) -> "HistoryQuerySet":
        """Of these rows, each thing's latest (after `as_at`): one row a thing, in
        one query (PostgreSQL's DISTINCT ON the thing, newest first)."""
        model = self.model
        things = [model._meta.get_field(name).attname for name in model.history_of]
        newest_first = [f"-{name}" for name in model.history_order()]
        return self.order_by(*things, *newest_first).distinct(*things)

    def snapshot(self, *, known_by: date) -> "Snapshot":
        """Every row known by `known_by`, read now, oldest first."""
        rows = self.as_at(known_by).order_by(*self.model.history_order())
        return Snapshot(known_by=known_by, rows=list(rows))


class HistoryRow(models.Model):
    """One change in the history of a thing (`history_of`), speaking for a day
    (`speaks_for`, a date field's name; None: from when it is recorded), recorded at
    a moment by someone. Append-only: the database refuses to change or delete it."""

    # The fields naming the thing this row is history of, such as ("project",).
    history_of: ClassVar[tuple[str, ...]]
    # The date field of the day the row speaks for, or None.
    speaks_for: ClassVar[str | None] = None

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = HistoryQuerySet.as_manager()

    class Meta:
        abstract = True
        triggers = APPEND_ONLY

    @classmethod
    def history_order(cls) -> tuple[str, ...]:
        """Oldest first: by the day spoken for, then as recorded."""
        return (*([cls.speaks_for] if cls.speaks_for else []), "recorded_at", "pk")

    @classmethod
    def history_key(cls):
        """A function giving the thing a row is history of: {project id} for one
        field, (indicator id, period start) for two."""
        names = [cls._meta.get_field(name).attname for name in cls.history_of]
        if len(names) == 1:
            [name] = names
            return lambda row: getattr(row, name)
        return lambda row: tuple(getattr(row, name) for name in names)


def _start_of_counting(row: HistoryRow) -> date:
    """The first day as at which `row` counts: the later of the day it speaks for and
    the day it was recorded."""
    model = type(row)
    recorded_on = local_date(row.recorded_at)
    spoken = getattr(row, model.speaks_for) if model.speaks_for else recorded_on
    return max(spoken, recorded_on)


@dataclass(frozen=True)
class Snapshot:
    """The rows of one history known by the end of `known_by`, oldest first (as
    `HistoryQuerySet.snapshot` reads them): how each thing stood as at `known_by` or
    any earlier day, worked out in memory."""

    known_by: date
    rows: list

    @cached_property
    def _dated(self) -> list[tuple]:
        """(thing, recorded at, day spoken for or None, row) for each row: worked out
        once for all the days asked."""
        if not self.rows:
            return []
        model = type(self.rows[0])
        key = model.history_key()
        speaks_for = model.speaks_for
        return [
            (key(row), row.recorded_at, getattr(row, speaks_for) if speaks_for else None, row)
            for row in self.rows
        ]

    def latest(self, *, as_at: date) -> dict:
        """{thing: its latest row as at `as_at`, known by then}."""
        check_known_by(as_at, known_by=self.known_by)
        known_before, latest = end_of_day(as_at), {}
        for thing, recorded_at, spoken, row in self._dated:
            if recorded_at < known_before and (spoken is None or spoken <= as_at):
                latest[thing] = row  # oldest first: the last that counts wins
        return latest

    def latest_each(self, days: Iterable[date]) -> Iterator[tuple[date, dict, bool]]:
        """For each of `days` in order, oldest first: (day, {thing: its latest row as
        at that day}, whether any row began to count since the day before). One pass
        over the rows, however many days; the dict is the same object each time,
        updated, so copy it to keep a day's."""
        if not self.rows:
            for day in days:
                check_known_by(day, known_by=self.known_by)
                yield day, {}, False
            return
        model = type(self.rows[0])
        key, latest = model.history_key(), {}
        order = [(_start_of_counting(row), position) for position, row in enumerate(self.rows)]
        # Rows in the order they begin to count; a thing's later row still wins,
        # because the rows are compared by their place in the history.
        pending = sorted(order)
        place, taken = {}, 0
        for day in days:
            check_known_by(day, known_by=self.known_by)
            added = False
            while taken < len(pending) and pending[taken][0] <= day:
                position = pending[taken][1]
                row = self.rows[position]
                thing = key(row)
                if place.get(thing, -1) < position:
                    latest[thing], place[thing] = row, position
                added = True
                taken += 1
            yield day, latest, added


class LifespanQuerySet(models.QuerySet):
    def filter_by_date(self, day: date) -> "LifespanQuerySet":
        """The things that exist on `day`: begun by then, and not ended before it."""
        begins, ends = self.model.lifespan
        rows = self.filter(**{f"{begins}__lte": day})
        if ends:
            rows = rows.filter(Q(**{f"{ends}__isnull": True}) | Q(**{f"{ends}__gte": day}))
        return rows


class Lifespan(models.Model):
    """A thing that exists from one day (`lifespan[0]`, a date field's name) until
    another (`lifespan[1]`: a nullable date field's name, or None for never)."""

    lifespan: ClassVar[tuple[str, str | None]]

    objects = LifespanQuerySet.as_manager()

    class Meta:
        abstract = True

    def exists_on(self, day: date) -> bool:
        """`filter_by_date(day)`, for one thing already read."""
        begins, ends = self.lifespan
        ended = getattr(self, ends) if ends else None
        return getattr(self, begins) <= day and (ended is None or ended >= day)
