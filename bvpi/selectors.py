"""
Reads of the BVPI 157 inventory as at a day: cells, scores, the matrix, what remains.

Every function takes the day; only views choose a default. A cell as at a day is
its latest entry recorded by the end of that day; a service counts from the day
it joined the inventory.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from bvpi.models import InteractionType, InventoryEntry, Service
from bvpi.scoring import CellState, Score, score
from harrow_its.calendar import Quarter, end_of_day
from harrow_its.models import Department

# BVPI 157's target: every permissible interaction e-enabled by the end of 2005.
TARGET_DATE = date(2005, 12, 31)
TARGET_PERCENT = 100
TARGET_TEXT = f"The target is {TARGET_PERCENT}% by {TARGET_DATE:%-d %B %Y}"


@dataclass(frozen=True)
class Cell:
    service: Service
    interaction_type: InteractionType
    entry: InventoryEntry | None
    as_at: date

    @property
    def state(self) -> CellState:
        if self.entry is None:
            return CellState(applies=False, permissible=False, enabled_from=None)
        return CellState(self.entry.applies, self.entry.permissible, self.entry.enabled_from)

    @property
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
        return [(d, self.score(d)) for d in sorted(departments.values(), key=lambda d: d.name)]

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


def _latest_entries(entries, known_before) -> dict:
    latest = {}
    for entry in entries:  # ordered by recorded_at
        if entry.recorded_at < known_before:
            latest[(entry.service_id, entry.interaction_type_id)] = entry
    return latest


def inventory(*, as_at: date, department: Department | None = None) -> Inventory:
    """The inventory as it stood on `as_at`, for one department or the whole council."""
    types = list(InteractionType.objects.all())
    services = Service.objects.filter(added_on__lte=as_at).select_related("department")
    if department is not None:
        services = services.filter(department=department)
    services = list(services)
    entries = InventoryEntry.objects.filter(
        service__in=services, recorded_at__lt=end_of_day(as_at)
    ).order_by("recorded_at", "pk")
    latest = _latest_entries(entries, end_of_day(as_at))
    cells = {}
    for service in services:
        for t in types:
            cells[(service.pk, t.number)] = Cell(service, t, latest.get((service.pk, t.pk)), as_at)
    return Inventory(as_at=as_at, types=types, services=services, cells=cells)


@dataclass(frozen=True)
class QuarterScore:
    quarter: Quarter
    day: date  # the quarter's end, or `as_at` for the quarter still running
    score: Score


def quarterly_scores(
    *, as_at: date, first: Quarter, department: Department | None = None
) -> list[QuarterScore]:
    """The score at the end of each quarter from `first` to the one holding `as_at`."""
    services = Service.objects.all()
    if department is not None:
        services = services.filter(department=department)
    services = {s.pk: s for s in services}
    entries = list(
        InventoryEntry.objects.filter(
            service__in=services, recorded_at__lt=end_of_day(as_at)
        ).order_by("recorded_at", "pk")
    )
    results, quarter = [], first
    while quarter.start <= as_at:
        day = min(quarter.end, as_at)
        latest = _latest_entries(entries, end_of_day(day))
        states = [
            CellState(e.applies, e.permissible, e.enabled_from)
            for (service_id, _), e in latest.items()
            if services[service_id].added_on <= day
        ]
        results.append(QuarterScore(quarter, day, score(states, day)))
        quarter = quarter.next()
    return results


def current_entry(*, service: Service, interaction_type: InteractionType) -> InventoryEntry | None:
    """The cell's latest entry, whenever it speaks for."""
    return (
        InventoryEntry.objects.filter(service=service, interaction_type=interaction_type)
        .order_by("recorded_at", "pk")
        .last()
    )
