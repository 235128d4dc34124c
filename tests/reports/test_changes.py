"""Changes since the last committee, on hand-built histories."""

from dataclasses import replace
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bvpi.scoring import Score
from harrow_its.models import Rag
from projects.models import Action, ActionStatus
from reports.changes import BvpiMove, changes

pytestmark = pytest.mark.django_db

SEPTEMBER, NOVEMBER = date(2005, 9, 2), date(2005, 11, 8)


def between(since=SEPTEMBER, as_at=NOVEMBER):
    return changes(since=since, as_at=as_at, previous_meeting=date(2005, 9, 13))


@pytest.fixture
def history(project, milestone, action, indicator, default_rule, service, paying):
    """A project with a milestone, an action, an indicator and a BVPI 157 cell, with no
    history yet: each test records what it needs."""


def test_nothing_changed(
    history, project, indicator, service, paying, add_update, add_finance, record, enter
):
    add_update(project, date(2005, 8, 1), Rag.GREEN)
    add_finance(project, date(2005, 8, 1), 450_000, 100_000, 450_000)
    record(indicator, date(2005, 7, 1), target=92, result=93)
    enter(service, paying, date(2005, 8, 1), enabled_from=date(2005, 8, 1))
    result = between()
    assert result.nothing_changed
    assert (result.projects, result.milestones, result.forecasts, result.actions) == (
        (),
        (),
        (),
        (),
    )
    assert (result.indicators, result.restatements) == ((), ())
    assert result.bvpi == (
        BvpiMove("Urban Living", Score(1, 1), Score(1, 1)),
        BvpiMove("Council", Score(1, 1), Score(1, 1)),
    )
    assert [move.points for move in result.bvpi] == [0, 0]


def test_what_changed_is_reported_with_its_reasons(
    history,
    project,
    milestone,
    action,
    indicator,
    service,
    paying,
    add_update,
    add_finance,
    add_revision,
    add_note,
    record,
    enter,
):
    add_update(project, date(2005, 8, 1), Rag.GREEN)
    add_update(project, date(2005, 10, 31), Rag.AMBER, rag_reason="Phase 2 waits for BTP sizing.")
    add_finance(project, date(2005, 8, 1), 450_000, 100_000, 450_000)
    add_finance(project, date(2005, 10, 31), 450_000, 300_000, 480_000)  # +6.7%
    add_revision(milestone, date(2005, 8, 1), forecast=date(2005, 10, 31))
    add_revision(milestone, date(2005, 10, 1), forecast=date(2005, 11, 30))
    add_note(action, date(2005, 8, 1), ActionStatus.IN_PROGRESS)
    add_note(action, date(2005, 10, 20), ActionStatus.COMPLETE)
    Action.objects.create(
        area=action.area,
        reference="1.2",
        title="Job and role profiles",
        owner="Group Manager, ICT",
        department=action.department,
        due_date=date(2005, 10, 31),
        added_on=date(2005, 8, 1),
    )
    Action.objects.create(
        area=action.area,
        reference="1.3",
        title="Interim Head of IT",
        owner="Director",
        department=action.department,
        due_date=date(2006, 3, 31),
        added_on=date(2005, 10, 1),
    )
    record(indicator, date(2005, 6, 1), target=92, result=93)
    first = record(indicator, date(2005, 7, 1), target=92, result=94)
    record(indicator, date(2005, 9, 1), target=92, result=80)  # red, worse
    record(
        indicator,
        date(2005, 7, 1),
        result=91,
        on=date(2005, 10, 5),
        restates=first,
        reason="Late returns from the Civic Centre helpdesk.",
    )
    enter(service, paying, date(2005, 8, 1))
    enter(service, paying, date(2005, 10, 3), enabled_from=date(2005, 10, 3))

    result = between()
    assert not result.nothing_changed
    assert [(p.code, p.was, p.now, p.reason) for p in result.projects] == [
        ("ICT-SAN", "Green", "Amber", "Phase 2 waits for BTP sizing.")
    ]
    assert [(f.code, f.was, f.now, f.change) for f in result.forecasts] == [
        ("ICT-SAN", "£450,000", "£480,000", "+6.7%")
    ]
    assert [(m.milestone, m.was, m.now, m.days) for m in result.milestones] == [
        ("Phase 1 complete", date(2005, 10, 31), date(2005, 11, 30), 30)
    ]
    assert [(a.reference, a.change) for a in result.actions] == [
        ("1.1", "Completed"),
        ("1.2", "Now overdue"),
        ("1.3", "New"),
    ]
    assert [
        (i.code, i.rag_was, i.rag_now, i.direction_was, i.direction_now) for i in result.indicators
    ] == [("SLA-02", "Green", "Red", "Better", "Worse")]
    assert [(r.period, r.was, r.now, r.reason) for r in result.restatements] == [
        ("July 2005", "94%", "91%", "Late returns from the Civic Centre helpdesk.")
    ]
    assert [(b.department, b.was.text, b.now.text, b.points) for b in result.bvpi] == [
        ("Urban Living", "0% (0 of 1)", "100% (1 of 1)", 100),
        ("Council", "0% (0 of 1)", "100% (1 of 1)", 100),
    ]


def test_a_forecast_moving_by_five_per_cent_or_less_is_not_reported(history, project, add_finance):
    add_finance(project, date(2005, 8, 1), 450_000, 100_000, 400_000)
    add_finance(project, date(2005, 10, 31), 450_000, 300_000, 420_000)  # exactly +5%
    assert between().forecasts == ()
    add_finance(project, date(2005, 11, 1), 450_000, 300_000, 380_000)  # -5%, from the first
    assert between().forecasts == ()


def test_changes_recorded_after_the_cut_off_are_not_shown(history, project, add_update):
    add_update(project, date(2005, 8, 1), Rag.GREEN)
    add_update(
        project, date(2005, 11, 1), Rag.RED, rag_reason="Late", recorded_on=date(2005, 11, 9)
    )
    assert between().projects == ()
    assert [p.now for p in between(as_at=date(2005, 11, 9)).projects] == ["Red"]


def test_the_first_report_of_a_series_has_nothing_to_compare(db):
    result = changes(since=None, as_at=NOVEMBER, previous_meeting=None)
    assert result == replace(result, since=None, projects=(), bvpi=())
    assert result.nothing_changed


def test_a_fixed_number_of_queries(history, action, add_note):
    def queries():
        with CaptureQueriesContext(connection) as context:
            between()
        return len(context.captured_queries)

    few = queries()
    for n in range(10):
        new = Action.objects.create(
            area=action.area,
            reference=f"1.{n + 2}",
            title="More",
            owner="Owner",
            department=action.department,
            due_date=date(2005, 10, 1),
            added_on=date(2005, 8, 1),
        )
        add_note(new, date(2005, 8, 2))
    assert queries() == few
