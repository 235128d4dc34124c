"""
Reads of the BVPI 157 inventory as at a day: cells, scores, the matrix, what remains.

Every function takes the day; only views choose a default. A cell as at a day is
its latest entry recorded by the end of that day (an entry is history of its cell:
harrow_its/history.py); a service counts from the day it joined the inventory.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.db import connection
from django.db.models import F, Min, Window
from django.db.models.functions import Collate, Greatest, Lead, TruncDate

from bvpi.models import InteractionType, InventoryEntry, Service
from bvpi.scoring import CellState, Score, score
from harrow_its.calendar import LONDON, Quarter
from harrow_its.history import Snapshot
from harrow_its.models import Department

# BVPI 157's target: every permissible interaction e-enabled by the end of 2005.
TARGET_DATE = date(2005, 12, 31)
TARGET_PERCENT = 100
TARGET_TEXT = f"The target is {TARGET_PERCENT}% by {TARGET_DATE:%-d %B %Y}"

NO_ENTRY = CellState(applies=False, permissible=False, enabled_from=None)


def state_of(entry: InventoryEntry | None) -> CellState:
    """What a cell's entry says counts for the score (no entry: nothing)."""
    if entry is None:
        return NO_ENTRY
    return CellState(entry.applies, entry.permissible, entry.enabled_from)


@dataclass(frozen=True)
class Cell:
    service: Service
    interaction_type: InteractionType
    entry: InventoryEntry | None
    as_at: date
    state: CellState  # state_of(entry): read for every score, so worked out when made

    @cached_property
    def status(self) -> str:
        """enabled, missing, excluded or not_applicable."""
        state = self.state
        if not state.applies:
            return "not_applicable"
        if not state.permissible:
            return "excluded"
        return "enabled" if state.enabled_on(self.as_at) else "missing"


@dataclass(frozen=True)
class Inventory:
    as_at: date
    types: list[InteractionType]
    services: list[Service]
    cells: dict  # (service id, type number): Cell

    def cell(self, service, interaction_type) -> Cell:
        return self.cells[(service.pk, interaction_type.number)]

    def rows(self):
        """(service, [cells in type order]) for each service, department by department."""
        return [(s, [self.cell(s, t) for t in self.types]) for s in self.services]

    def score(self, department: Department | None = None) -> Score:
        return score(
            (
                c.state
                for c in self.cells.values()
                if department is None or c.service.department_id == department.pk
            ),
            self.as_at,
        )

    def department_scores(self) -> list[tuple[Department, Score]]:
        departments = {s.department_id: s.department for s in self.services}
        states = defaultdict(list)  # one pass over the cells, not one for each department
        for c in self.cells.values():
            states[c.service.department_id].append(c.state)
        return [
            (d, score(states[d.pk], self.as_at))
            for d in sorted(departments.values(), key=lambda d: d.name)
        ]

    def remaining(self) -> list[tuple[InteractionType, list[Cell]]]:
        """The cells still to e-enable, by interaction type: what remains to reach 100%."""
        by_type = defaultdict(list)
        for cell in self.cells.values():
            if cell.status == "missing":
                by_type[cell.interaction_type.number].append(cell)
        return [
            (
                t,
                sorted(
                    by_type[t.number], key=lambda c: (c.service.department.name, c.service.name)
                ),
            )
            for t in self.types
            if by_type[t.number]
        ]


@dataclass(frozen=True)
class QuarterScore:
    quarter: Quarter
    day: date  # the quarter's end, or `as_at` for the quarter still running
    score: Score


@dataclass(frozen=True)
class InventoryHistory:
    """Every entry known by `known_by`: the inventory as it stood on that day or on
    any earlier one, and the score quarter by quarter, worked out from one read of
    the database rather than one for each day."""

    known_by: date
    types: list[InteractionType]
    services: list[Service]  # every service (of the department), department by department
    entries: Snapshot
    # Each entry's state, worked out once for all the days and quarters asked.
    _states: dict = field(default_factory=dict, repr=False, compare=False)

    def _state(self, entry: InventoryEntry | None) -> CellState:
        key = entry.id if entry is not None else None
        if key not in self._states:
            self._states[key] = state_of(entry)
        return self._states[key]

    def inventory(self, *, as_at: date) -> Inventory:
        """The inventory as it stood on `as_at` (no later than `known_by`)."""
        latest = self.entries.latest(as_at=as_at)
        services = [s for s in self.services if s.exists_on(as_at)]
        types = [(t, t.id, t.number) for t in self.types]
        cells = {}
        for service in services:
            service_id = service.id
            for t, type_id, number in types:
                entry = latest.get((service_id, type_id))
                cells[(service_id, number)] = Cell(service, t, entry, as_at, self._state(entry))
        return Inventory(as_at=as_at, types=self.types, services=services, cells=cells)

    def score(self, *, as_at: date) -> Score:
        """The council's score on `as_at`, as `inventory(as_at=as_at).score()` gives
        it, from the entries alone: a cell with no entry counts for nothing."""
        latest = self.entries.latest(as_at=as_at)
        services = {s.id for s in self.services if s.exists_on(as_at)}
        return score(
            (self._state(e) for (service_id, _), e in latest.items() if service_id in services),
            as_at,
        )

    def quarterly_scores(self, *, as_at: date, first: Quarter) -> list[QuarterScore]:
        """The score at the end of each quarter from `first` to the one holding `as_at`."""
        services = {s.pk: s for s in self.services}
        # After this day, with no entry recorded since, the score can no longer change.
        settled = max(
            [
                *(s.added_on for s in self.services),
                *(e.enabled_from for e in self.entries.rows if e.enabled_from),
            ],
            default=date.min,
        )
        days, quarters, quarter = [], [], first
        while quarter.start <= as_at:
            days.append(min(quarter.end, as_at))
            quarters.append(quarter)
            quarter = quarter.next()
        results = []
        for quarter, (day, latest, changed) in zip(
            quarters, self.entries.latest_each(days), strict=True
        ):
            if results and not changed and results[-1].day >= settled:
                quarter_score = results[-1].score
            else:
                quarter_score = score(
                    (
                        self._state(e)
                        for (service_id, _), e in latest.items()
                        if services[service_id].exists_on(day)
                    ),
                    day,
                )
            results.append(QuarterScore(quarter, day, quarter_score))
        return results


def inventory_history(*, known_by: date, department: Department | None = None) -> InventoryHistory:
    """The inventory's entries known by `known_by`, for one department or the whole
    council: three queries, however many services, entries or days asked."""
    services = Service.objects.select_related("department")
    entries = InventoryEntry.objects.all()
    if department is not None:
        services = services.filter(department=department)
        entries = entries.filter(service__department=department)
    return InventoryHistory(
        known_by=known_by,
        types=list(InteractionType.objects.all()),
        services=list(services),
        entries=entries.snapshot(known_by=known_by),
    )


def inventory(*, as_at: date, department: Department | None = None) -> Inventory:
    """The inventory as it stood on `as_at`, for one department or the whole council."""
    return inventory_history(known_by=as_at, department=department).inventory(as_at=as_at)


def quarterly_scores(
    *, as_at: date, first: Quarter, department: Department | None = None
) -> list[QuarterScore]:
    """The score at the end of each quarter from `first` to the one holding `as_at`."""
    history = inventory_history(known_by=as_at, department=department)
    return history.quarterly_scores(as_at=as_at, first=first)


def current_entry(*, service: Service, interaction_type: InteractionType) -> InventoryEntry | None:
    """The cell's latest entry, whenever it speaks for."""
    return (
        InventoryEntry.objects.filter(service=service, interaction_type=interaction_type)
        .order_by("recorded_at", "pk")
        .last()
    )


# The pages read the council's inventory as at a day in SQL, so that they take the
# same time however many services there are: the score by department and in all,
# and what remains, from each cell's latest entry then known (the rule of
# `InventoryHistory`, which the reports use, and which the tests hold these to).


def total_score(department_scores: list[tuple[Department, Score]]) -> Score:
    """The council's score: the sum of its departments' (every cell is a department's)."""
    return sum((s for _, s in department_scores), Score(0, 0))


def department_scores(*, as_at: date) -> list[tuple[Department, Score]]:
    """Each department with a service in the inventory on `as_at`, by name, with its
    score then (`Inventory.department_scores`): two queries."""
    return council_scores(as_at=as_at, first=Quarter.containing(as_at)).departments


@dataclass(frozen=True)
class Remaining:
    """What remains as at a day: the council's score, how many cells each interaction
    type still has to e-enable, and some of those cells (a page's), in order."""

    score: Score  # the council's
    counts: dict  # type id: its cells still to e-enable (types with none left out)
    cells: list[Cell]  # those asked, by type, then department and service

    def by_type(self) -> list[tuple[InteractionType, int, list[Cell]]]:
        """(type, its cells still to e-enable, those of them in `cells`), for each type
        in `cells` (`Inventory.remaining`, with the counts of all)."""
        by_type = defaultdict(list)
        for cell in self.cells:
            by_type[cell.interaction_type].append(cell)
        return [(t, self.counts[t.pk], cells) for t, cells in by_type.items()]


# Each cell's latest entry as at the day (the inner query, `latest` below, so that
# the rule of "as at" stays in one place), read once: each type's counts, and the
# ids of the cells still to e-enable numbered in the page's order, only those asked
# leaving the database. Names sort by code point, as Python sorts them.
REMAINING = """
WITH counted AS (
    SELECT id, service_id, interaction_type_id, (enabled_from <= %s) IS TRUE AS enabled
    FROM ({latest}) AS entry (id, service_id, interaction_type_id, applies, permissible, enabled_from)
    WHERE applies AND permissible
),
missing AS (
    SELECT
        counted.id,
        ROW_NUMBER() OVER (
            ORDER BY type.number, department.name COLLATE "C", service.name COLLATE "C", service.id
        ) AS position
    FROM counted
    JOIN bvpi_service AS service ON service.id = counted.service_id
    JOIN harrow_its_department AS department ON department.id = service.department_id
    JOIN bvpi_interactiontype AS type ON type.id = counted.interaction_type_id
    WHERE NOT counted.enabled
)
SELECT
    counted.interaction_type_id,
    COUNT(*) FILTER (WHERE counted.enabled),
    COUNT(*),
    ARRAY_AGG(missing.id ORDER BY missing.position)
        FILTER (WHERE missing.position > %s AND missing.position <= COALESCE(%s, missing.position))
FROM counted
LEFT JOIN missing ON missing.id = counted.id
GROUP BY counted.interaction_type_id
ORDER BY MIN(missing.position)
"""


def remaining(*, as_at: date, start: int = 0, stop: int | None = None) -> Remaining:
    """What remains as at `as_at`: the council's score, each type's count of cells
    still to e-enable, and the `start`:`stop` of those cells by type, department
    and service (`Inventory.remaining`): two queries."""
    latest = (
        InventoryEntry.objects.as_at(as_at)
        .filter(service__added_on__lte=as_at)
        .latest_of_each()
        .values_list(
            "pk", "service_id", "interaction_type_id", "applies", "permissible", "enabled_from"
        )
    )
    sql, params = latest.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            REMAINING.format(latest=sql),
            [as_at, *params, start, stop],
        )
        sums = cursor.fetchall()
    counts, enabled, permissible, asked = {}, 0, 0, []
    for type_id, type_enabled, type_permissible, ids in sums:
        enabled += type_enabled
        permissible += type_permissible
        if type_enabled < type_permissible:
            counts[type_id] = type_permissible - type_enabled
        asked += ids or []
    entries = InventoryEntry.objects.filter(pk__in=asked).select_related(
        "service__department", "interaction_type"
    )
    order = {pk: position for position, pk in enumerate(asked)}
    return Remaining(
        score=Score(enabled, permissible),
        counts=counts,
        cells=[
            Cell(e.service, e.interaction_type, e, as_at, state_of(e))
            for e in sorted(entries, key=lambda e: order[e.pk])
        ],
    )


def council_quarterly_scores(*, as_at: date, first: Quarter) -> list[QuarterScore]:
    """The council's score at the end of each quarter from `first` to the one holding
    `as_at` (`InventoryHistory.quarterly_scores`): two queries."""
    return council_scores(as_at=as_at, first=first).quarters


@dataclass(frozen=True)
class CouncilScores:
    """The summary page's figures as at a day."""

    departments: list[tuple[Department, Score]]  # by name, as `department_scores`
    quarters: list[QuarterScore]  # from the first quarter asked, as `council_quarterly_scores`


# An entry counts from the day it is recorded (or its service joined, or, in the
# numerator, it is e-enabled) until the day its cell's next entry is recorded. The
# score on a day is then the sum of the changes on or before it: +1 on the day an
# entry begins to count, -1 on the day it stops. The database adds the changes up by
# day (for the quarters) and by department (for the departments as at the day), so
# only a few hundred sums leave it, however many entries there are. The inner query
# is the entries' spans (`spans` below, so the rule of "as at" stays in one place).
SCORE_CHANGES = """
WITH span AS (
    SELECT
        department_id,
        until,
        CASE WHEN until IS NULL OR begins < until THEN begins END AS counted_from,
        CASE
            WHEN enabled_from IS NOT NULL
                AND (until IS NULL OR GREATEST(begins, enabled_from) < until)
            THEN GREATEST(begins, enabled_from)
        END AS enabled_on
    FROM ({spans}) AS entry (department_id, applies, permissible, begins, enabled_from, until)
    WHERE applies AND permissible
)
SELECT change.day, span.department_id, SUM(change.enabled), SUM(change.permissible)
FROM span
CROSS JOIN LATERAL (
    VALUES
        (span.counted_from, 0, 1),
        (CASE WHEN span.counted_from IS NOT NULL THEN span.until END, 0, -1),
        (span.enabled_on, 1, 0),
        (CASE WHEN span.enabled_on IS NOT NULL THEN span.until END, -1, 0)
) AS change (day, enabled, permissible)
WHERE change.day <= %s
GROUP BY GROUPING SETS ((change.day), (span.department_id))
"""


def council_scores(*, as_at: date, first: Quarter) -> CouncilScores:
    """Each department's score as at `as_at` and the council's at the end of each
    quarter from `first` to the one holding `as_at`, from one read of the entries'
    spans, summed in the database (`SCORE_CHANGES`), and one of the departments: two
    queries."""
    recorded_on = TruncDate("recorded_at", tzinfo=LONDON)
    spans = (
        InventoryEntry.objects.as_at(as_at)
        .order_by()
        .annotate(
            begins=Greatest(recorded_on, "service__added_on"),
            until=Window(
                Lead(recorded_on),
                partition_by=[F("service_id"), F("interaction_type_id")],
                order_by=[F("recorded_at").asc(), F("pk").asc()],
            ),
        )
        .values_list(
            "service__department_id", "applies", "permissible", "begins", "enabled_from", "until"
        )
    )
    sql, params = spans.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(SCORE_CHANGES.format(spans=sql), [*params, as_at])
        sums = cursor.fetchall()
    by_department, changes = {}, []
    for day, department_id, enabled, permissible in sums:
        if day is None:
            by_department[department_id] = Score(enabled, permissible)
        else:
            changes.append((day, enabled, permissible))
    departments = (
        Department.objects.filter(services__added_on__lte=as_at)
        .distinct()
        .order_by(Collate("name", "C"))  # as Python sorts names, by code point
    )
    changes.sort()
    quarters, quarter, taken, enabled, permissible = [], first, 0, 0, 0
    while quarter.start <= as_at:
        day = min(quarter.end, as_at)
        while taken < len(changes) and changes[taken][0] <= day:
            enabled += changes[taken][1]
            permissible += changes[taken][2]
            taken += 1
        quarters.append(QuarterScore(quarter, day, Score(enabled, permissible)))
        quarter = quarter.next()
    return CouncilScores(
        departments=[(d, by_department.get(d.pk, Score(0, 0))) for d in departments],
        quarters=quarters,
    )


def first_service_day(*, as_at: date) -> date:
    """The day the first service in the inventory on `as_at` joined it (`as_at` if none)."""
    first = Service.objects.filter_by_date(as_at).aggregate(first=Min("added_on"))["first"]
    return first or as_at
