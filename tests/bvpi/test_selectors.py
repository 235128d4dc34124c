"""The inventory as at a day."""

import random
from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command

from bvpi import selectors
from bvpi.models import InteractionType, InventoryEntry, Service
from bvpi.scoring import Score
from harrow_its.calendar import LONDON, Quarter

pytestmark = pytest.mark.django_db


def test_the_ten_interaction_types_come_from_the_data_migration():
    assert [t.name for t in InteractionType.objects.all()] == [
        "Providing information",
        "Collecting revenue",
        "Providing benefits and grants",
        "Consultation",
        "Regulation (such as licences)",
        "Applications for services",
        "Booking venues, resources and courses",
        "Paying for goods and services",
        "Providing access to community, professional or business networks",
        "Procurement",
    ]


def test_the_data_migration_reverses(transactional_db):
    call_command("migrate", "bvpi", "0001", verbosity=0)
    assert InteractionType.objects.count() == 0
    call_command("migrate", "bvpi", verbosity=0)
    assert InteractionType.objects.count() == 10


def test_a_cell_as_at_each_boundary(service, paying, enter):
    enter(service, paying, date(2005, 1, 5))  # applies, not yet enabled
    enter(service, paying, date(2005, 11, 28), enabled_from=date(2005, 11, 28))

    def status(day):
        return selectors.inventory(as_at=day).cell(service, paying).status

    assert status(date(2005, 1, 4)) == "not_applicable"  # before any entry
    assert status(date(2005, 1, 5)) == "missing"  # on the day of the first
    assert status(date(2005, 11, 27)) == "missing"  # the day before it went online
    assert status(date(2005, 11, 28)) == "enabled"  # on the day
    assert status(date(2030, 1, 1)) == "enabled"  # open-ended


def test_an_entry_recorded_later_does_not_change_an_earlier_day(service, paying, enter):
    """Enabled from 1 October, but recorded on 2 November: a report cut off on
    1 November shows the cell as it then stood."""
    enter(service, paying, date(2005, 1, 5))
    enter(service, paying, date(2005, 11, 2), enabled_from=date(2005, 10, 1))
    assert selectors.inventory(as_at=date(2005, 11, 1)).score() == Score(0, 1)
    assert selectors.inventory(as_at=date(2005, 11, 2)).score() == Score(1, 1)


def test_a_barrier_excludes_and_is_listed_nowhere_as_remaining(service, paying, enter):
    enter(
        service,
        paying,
        date(2005, 1, 5),
        permissible=False,
        barrier="legal",
        justification="In person by law.",
    )
    inventory = selectors.inventory(as_at=date(2005, 6, 1))
    assert (inventory.cell(service, paying).status, inventory.score()) == ("excluded", Score(0, 0))
    assert inventory.remaining() == []


def test_a_service_counts_from_the_day_it_joined(service, paying, enter):
    enter(service, paying, date(2005, 1, 5))
    service.added_on = date(2005, 6, 1)
    service.save()
    assert selectors.inventory(as_at=date(2005, 5, 31)).services == []
    assert selectors.inventory(as_at=date(2005, 6, 1)).services == [service]


def test_quarterly_scores(service, paying, enter):
    info = InteractionType.objects.get(number=1)
    enter(service, paying, date(2005, 1, 5))
    enter(service, info, date(2005, 1, 5), enabled_from=date(2005, 1, 5))
    enter(service, paying, date(2005, 8, 1), enabled_from=date(2005, 8, 1))
    quarters = selectors.quarterly_scores(
        as_at=date(2005, 10, 30), first=Quarter.parse("Q4 2004/05")
    )
    assert [(q.quarter.label, q.day, q.score.percent) for q in quarters] == [
        ("Q4 2004/05", date(2005, 3, 31), 50),
        ("Q1 2005/06", date(2005, 6, 30), 50),
        ("Q2 2005/06", date(2005, 9, 30), 100),
        ("Q3 2005/06", date(2005, 10, 30), 100),
    ]


class TestTheDemo:
    """The demo's inventory gives the reference report's figures."""

    @pytest.fixture
    def demo_inventory(self, demo):
        return selectors.inventory(as_at=date(2005, 10, 30))

    def test_eighty_seven_per_cent_on_30_october_2005(self, demo_inventory):
        assert demo_inventory.score().text == "87% (71 of 82)"

    def test_urban_living_and_people_first_are_furthest_behind(self, demo_inventory):
        scores = {d.name: s.percent for d, s in demo_inventory.department_scores()}
        behind = sorted(scores, key=scores.get)[:2]
        assert sorted(behind) == ["People First", "Urban Living"]

    def test_the_main_gap_is_online_payment(self, demo_inventory):
        remaining = {t.name: len(cells) for t, cells in demo_inventory.remaining()}
        assert max(remaining, key=remaining.get) == "Paying for goods and services"

    def test_earlier_quarters_were_lower(self, demo):
        quarters = selectors.quarterly_scores(
            as_at=date(2005, 10, 30), first=Quarter.parse("Q1 2004/05")
        )
        percents = [q.score.percent for q in quarters]
        assert percents == sorted(percents)
        assert percents[0] < 60
        assert quarters[-2].quarter.label == "Q2 2005/06"
        assert quarters[-2].score.percent == 87


def test_the_inventory_read_once_for_a_later_day_is_each_earlier_days(
    service, paying, enter, other_department
):
    """One read serves every day up to it: entries recorded later and a service that
    joined later leave each day's cells, scores (the council's from the entries alone
    too) and what remains as a read for it."""
    info = InteractionType.objects.get(number=1)
    later = Service.objects.create(
        department=other_department, name="Benefits", added_on=date(2005, 7, 1)
    )
    enter(service, paying, date(2005, 1, 5))
    enter(service, info, date(2005, 1, 5), enabled_from=date(2005, 1, 5))
    enter(later, paying, date(2005, 7, 1))
    enter(service, paying, date(2005, 8, 1), enabled_from=date(2005, 8, 1))
    enter(later, info, date(2005, 9, 5), permissible=False, barrier="legal", justification="Law")
    history = selectors.inventory_history(known_by=date(2005, 12, 31))

    def seen(inventory):
        return (
            {
                key: (cell.status, cell.entry and cell.entry.pk)
                for key, cell in inventory.cells.items()
            },
            inventory.services,
            inventory.score(),
            [(d.name, s) for d, s in inventory.department_scores()],
            [(t.number, [c.service.pk for c in cells]) for t, cells in inventory.remaining()],
        )

    days = [date(2005, 1, 4), date(2005, 1, 5), date(2005, 6, 30), date(2005, 7, 1)]
    days += [date(2005, 7, 31), date(2005, 8, 1), date(2005, 9, 5), date(2005, 12, 31)]
    for day in days:
        assert seen(history.inventory(as_at=day)) == seen(selectors.inventory(as_at=day))
        assert history.score(as_at=day) == selectors.inventory(as_at=day).score()
    quarters = history.quarterly_scores(as_at=date(2005, 10, 30), first=Quarter.parse("Q4 2004/05"))
    assert [q.score for q in quarters] == [
        selectors.inventory(as_at=q.day).score() for q in quarters
    ]


def _pages_read(day, first):
    """What the pages read in SQL as at `day`, as `_memory_read` gives it."""
    departments = selectors.department_scores(as_at=day)
    remaining = selectors.remaining(as_at=day)
    return (
        remaining.score,
        selectors.total_score(departments),
        [(d.name, s) for d, s in departments],
        [(t.number, n, [c.entry.pk for c in cells]) for t, n, cells in remaining.by_type()],
        [c.entry.pk for c in selectors.remaining(as_at=day, start=2, stop=5).cells],
        [(q.day, q.score) for q in selectors.council_quarterly_scores(as_at=day, first=first)],
    )


def _memory_read(day, first):
    """The same figures from the inventory's history read into memory (the reports')."""
    history = selectors.inventory_history(known_by=day)
    inventory = history.inventory(as_at=day)
    return (
        inventory.score(),
        inventory.score(),
        [(d.name, s) for d, s in inventory.department_scores()],
        [(t.number, len(cells), [c.entry.pk for c in cells]) for t, cells in inventory.remaining()],
        [c.entry.pk for _, cells in inventory.remaining() for c in cells][2:5],
        [(q.day, q.score) for q in history.quarterly_scores(as_at=day, first=first)],
    )


def test_the_pages_sql_reads_give_the_historys_figures_on_every_day(
    department, other_department, officer
):
    """Random histories (a seeded generator): cells entered, corrected the same day
    and later, e-enabled from past and future days, barred, no longer applying, in
    services that join the inventory on different days. As at every day, and at the
    end of every quarter, the SQL reads give exactly the in-memory history's figures."""
    generator = random.Random(157)  # noqa: S311 (test data, not secrets)
    types = list(InteractionType.objects.all())
    start = date(2004, 1, 1)
    services = [
        Service.objects.create(
            department=generator.choice([department, other_department]),
            name=f"Service {n}",
            added_on=start + timedelta(days=generator.randrange(0, 300)),
        )
        for n in range(6)
    ]
    for _ in range(120):
        on = start + timedelta(days=generator.randrange(0, 400))
        kind = generator.random()
        values = {"applies": kind > 0.1, "permissible": kind > 0.25}
        if not values["permissible"]:
            values |= {"barrier": "legal", "justification": "The law."}
        if kind > 0.5:
            enabled = on + timedelta(days=generator.randrange(-60, 120))
            values |= {"enabled_from": enabled, "channel": "web"}
        InventoryEntry.objects.create(
            service=generator.choice(services),
            interaction_type=generator.choice(types[:3]),
            recorded_by=officer,
            recorded_at=datetime(
                on.year, on.month, on.day, generator.randrange(0, 24), tzinfo=LONDON
            ),
            **values,
        )
    first = Quarter.containing(start)
    for offset in range(0, 560, 3):
        day = start + timedelta(days=offset)
        assert _pages_read(day, first) == _memory_read(day, first), day


def test_the_pages_sql_reads_give_the_demos_figures(demo):
    """The demo, as at each quarter's end and its reference day: the same figures."""
    first = Quarter.parse("Q1 2004/05")
    for day in [q.day for q in selectors.quarterly_scores(as_at=date(2005, 12, 31), first=first)]:
        assert _pages_read(day, first) == _memory_read(day, first), day
