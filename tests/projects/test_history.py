"""
harrow_its/history.py's one rule for "as at D, known by K", asked in SQL and in
memory, on project status updates (a history row that speaks for a day) and BVPI
entries (one that speaks from when it is recorded); and `Lifespan`'s two forms.
"""

from datetime import date, timedelta

import pytest
from django.apps import apps

from bvpi.models import InteractionType, InventoryEntry, Service
from harrow_its.history import HistoryRow, Lifespan
from harrow_its.models import Rag
from projects.models import Project, ProjectUpdate
from tests.projects.fixtures import at


def around(*days):
    """Each day, the day before and the day after."""
    return sorted({d + timedelta(n) for d in days for n in (-1, 0, 1)})


@pytest.fixture
def updates(project, other_project, add_update):
    """Status updates of two projects, some recorded after the day they speak for,
    one correcting a day already reported."""
    return [
        add_update(project, date(2005, 6, 30), Rag.GREEN),
        add_update(project, date(2005, 9, 30), Rag.AMBER, recorded_on=date(2005, 10, 5)),
        add_update(project, date(2005, 9, 30), Rag.RED, recorded_on=date(2005, 10, 20)),
        add_update(project, date(2005, 8, 31), Rag.GREEN, recorded_on=date(2005, 11, 2)),
        add_update(other_project, date(2005, 3, 31), Rag.RED, period="Q4 2004/05"),
    ]


DAYS = around(
    date(2005, 3, 31),
    date(2005, 6, 30),
    date(2005, 8, 31),
    date(2005, 9, 30),
    date(2005, 10, 5),
    date(2005, 10, 20),
    date(2005, 11, 2),
)


def test_as_at_counts_rows_speaking_for_the_day_or_earlier_recorded_by_its_end(updates):
    """As at a day: rows that speak for it or earlier and were recorded by the end of
    it, newest first (by the day spoken for, then as recorded)."""
    green, amber, red, late_august, other = updates
    rag = {u.pk: u.rag for u in updates}

    def counted(day, **known):
        return [
            rag[pk] for pk in ProjectUpdate.objects.as_at(day, **known).values_list("pk", flat=True)
        ]

    assert counted(date(2005, 3, 30)) == []
    assert counted(date(2005, 9, 30)) == [Rag.GREEN, Rag.RED]  # June's, and other's March
    assert list(ProjectUpdate.objects.as_at(date(2005, 10, 5))) == [amber, green, other]
    assert list(ProjectUpdate.objects.as_at(date(2005, 10, 20))) == [red, amber, green, other]
    # Known by a later day: the August correction, recorded in November, counts.
    assert list(ProjectUpdate.objects.as_at(date(2005, 10, 20), known_by=date(2005, 11, 2))) == [
        red,
        amber,
        late_august,
        green,
        other,
    ]
    # Known by an earlier day: what was recorded by then, even for a later day.
    assert list(ProjectUpdate.objects.as_at(date(2005, 12, 31), known_by=date(2005, 10, 4))) == [
        green,
        other,
    ]


def test_a_snapshot_answers_each_earlier_day_as_the_query_does(updates, project):
    """Read once, known by a later day, a snapshot gives every thing's latest row as at
    each earlier day exactly as the query as at that day does, and refuses a day after
    what it knows."""
    snapshot = ProjectUpdate.objects.snapshot(known_by=date(2005, 11, 30))
    for day in DAYS:
        query = {}
        for row in ProjectUpdate.objects.as_at(day):
            query.setdefault(row.project_id, row)
        assert snapshot.latest(as_at=day) == query, day
    with pytest.raises(ValueError, match="cannot tell"):
        snapshot.latest(as_at=date(2005, 12, 1))


def test_latest_each_walks_the_days_as_latest_answers_each(updates):
    """`latest_each` gives, day after day in one pass, what `latest` gives for each
    day, and says on which days a row began to count."""
    snapshot = ProjectUpdate.objects.snapshot(known_by=date(2005, 11, 30))
    walked = [(day, dict(latest), changed) for day, latest, changed in snapshot.latest_each(DAYS)]
    counted_before = set()
    for day, latest, changed in walked:
        assert latest == snapshot.latest(as_at=day), day
        counting = {u.pk for u in ProjectUpdate.objects.as_at(day)}
        assert changed == (counting != counted_before), day
        counted_before = counting
    assert [changed for _, _, changed in walked].count(True) == 5  # the day each row began to count


def test_a_row_that_speaks_from_when_it_is_recorded_counts_from_that_day(
    officer, department, add_update
):
    """A BVPI cell's entry speaks for no day of its own: it counts as at the day it was
    recorded and after, and a later entry for the cell replaces it."""
    service = Service.objects.create(
        department=department, name="Parking permits", added_on=date(2005, 1, 1)
    )
    kind = InteractionType.objects.get(number=1)

    def entry(recorded_on, enabled_from=None):
        return InventoryEntry.objects.create(
            service=service,
            interaction_type=kind,
            applies=True,
            permissible=True,
            enabled_from=enabled_from,
            channel="web" if enabled_from else "",
            recorded_by=officer,
            recorded_at=at(recorded_on, hour=23),  # late in the evening, London time
        )

    first = entry(date(2005, 3, 31))
    second = entry(date(2005, 7, 1), enabled_from=date(2005, 7, 1))
    snapshot = InventoryEntry.objects.snapshot(known_by=date(2005, 12, 31))
    cell = (service.pk, kind.pk)
    assert snapshot.latest(as_at=date(2005, 3, 30)) == {}
    assert snapshot.latest(as_at=date(2005, 3, 31)) == {cell: first}
    assert snapshot.latest(as_at=date(2005, 6, 30)) == {cell: first}
    assert snapshot.latest(as_at=date(2005, 7, 1)) == {cell: second}
    assert list(InventoryEntry.objects.as_at(date(2005, 6, 30))) == [first]


def test_a_lifespan_exists_from_its_first_day_to_its_last(project):
    """`filter_by_date` and `exists_on` agree on every day around a project's
    registration and closure; a thing with no end exists for ever after."""
    project.closed_on = date(2005, 10, 15)
    project.save()
    for day in around(project.registered_on, project.closed_on):
        in_sql = Project.objects.filter_by_date(day).filter(pk=project.pk).exists()
        assert in_sql == project.exists_on(day) == (date(2004, 10, 4) <= day <= date(2005, 10, 15))
    project.closed_on = None
    assert project.exists_on(date(2099, 1, 1))


def test_every_history_is_append_only_and_every_lifespan_has_its_dates():
    """Every history row model carries the database's append-only triggers, names the
    thing it is history of, and speaks for a date field or none; every lifespan names
    date fields."""
    histories = [m for m in apps.get_models() if issubclass(m, HistoryRow)]
    assert sorted(m.__name__ for m in histories) == [
        "ActionUpdate",
        "InventoryEntry",
        "Measurement",
        "MilestoneRevision",
        "ProjectFinance",
        "ProjectUpdate",
        "Target",
    ]
    for model in histories:
        assert {"append_only", "no_truncate"} <= {t.name for t in model._meta.triggers}, model
        for name in model.history_of:
            model._meta.get_field(name)
        if model.speaks_for:
            assert model._meta.get_field(model.speaks_for).get_internal_type() == "DateField"
    lifespans = [m for m in apps.get_models() if issubclass(m, Lifespan)]
    assert sorted(m.__name__ for m in lifespans) == ["Action", "Milestone", "Project", "Service"]
    for model in lifespans:
        begins, ends = model.lifespan
        assert model._meta.get_field(begins).get_internal_type() == "DateField"
        assert ends is None or model._meta.get_field(ends).null
