"""Projects, milestones and actions as at a day, tested at every boundary."""

from datetime import date, timedelta

import pytest

from harrow_its.models import Rag
from projects import selectors
from projects.models import Action, ActionStatus, Milestone, Project

pytestmark = pytest.mark.django_db

OCT_30, OCT_31, NOV_1 = date(2005, 10, 30), date(2005, 10, 31), date(2005, 11, 1)


def listed(as_at):
    return {p.code: p for p in selectors.project_list(as_at=as_at)}


class TestProjectInTheProgramme:
    """A project is listed from the day it is registered until the day it closes."""

    def test_the_day_before_registration_it_is_not_listed(self, project):
        assert "ICT-SAN" not in listed(date(2004, 10, 3))

    def test_on_the_day_of_registration_it_is_listed(self, project):
        assert "ICT-SAN" in listed(date(2004, 10, 4))

    def test_open_ended_it_stays_listed(self, project):
        assert "ICT-SAN" in listed(date(2030, 1, 1))

    def test_on_the_day_it_closes_it_is_listed_and_the_day_after_not(self, project):
        project.closed_on = OCT_31
        project.save()
        assert "ICT-SAN" in listed(OCT_31)
        assert "ICT-SAN" not in listed(NOV_1)


class TestStatusAsAt:
    def test_no_update_yet_means_no_status(self, project):
        row = listed(OCT_31)["ICT-SAN"]
        assert (row.rag, row.status_date, row.approved_budget) == (None, None, None)

    def test_an_update_counts_from_its_status_date(self, project, add_update):
        add_update(project, date(2005, 9, 30), Rag.GREEN, recorded_on=date(2005, 9, 30))
        add_update(project, OCT_31, Rag.AMBER, recorded_on=OCT_31, rag_reason="Slipped")
        assert listed(OCT_30)["ICT-SAN"].rag == Rag.GREEN  # the day before
        assert listed(OCT_31)["ICT-SAN"].rag == Rag.AMBER  # on the day
        assert listed(NOV_1)["ICT-SAN"].rag == Rag.AMBER  # after

    def test_an_update_recorded_later_is_not_known_before_it_was_recorded(
        self, project, add_update
    ):
        """Status for 31 October, typed in on 2 November: a report cut off on 1 November
        shows the status as it then stood."""
        add_update(project, date(2005, 9, 30), Rag.GREEN)
        add_update(project, OCT_31, Rag.RED, recorded_on=date(2005, 11, 2), rag_reason="Late")
        assert listed(NOV_1)["ICT-SAN"].rag == Rag.GREEN
        assert listed(date(2005, 11, 2))["ICT-SAN"].rag == Rag.RED

    def test_a_correction_supersedes_the_original_from_when_it_was_recorded(
        self, project, add_update
    ):
        original = add_update(project, OCT_31, Rag.GREEN, recorded_on=OCT_31)
        add_update(
            project,
            OCT_31,
            Rag.AMBER,
            recorded_on=date(2005, 11, 10),
            corrects=original,
            correction_reason="The supplier had already warned of delay.",
            rag_reason="Supplier delay",
        )
        assert listed(date(2005, 11, 9))["ICT-SAN"].rag == Rag.GREEN
        assert listed(date(2005, 11, 10))["ICT-SAN"].rag == Rag.AMBER
        status = selectors.project_status(project=project, as_at=date(2005, 11, 10))
        assert [u.rag for u in status.updates] == [Rag.AMBER, Rag.GREEN]  # both kept
        assert status.update.corrects == original

    def test_money_as_at(self, project, add_finance):
        add_finance(project, date(2005, 9, 30), "450000", "262000", "450000")
        add_finance(project, OCT_31, "450000", "284900", "455000")
        assert listed(OCT_30)["ICT-SAN"].spend_to_date == 262000
        assert listed(OCT_31)["ICT-SAN"].spend_to_date == 284900
        assert listed(OCT_31)["ICT-SAN"].forecast_outturn == 455000
        status = selectors.project_status(project=project, as_at=OCT_31)
        assert status.finance.variance_text == "£5,000 over budget"


class TestMilestonesAsAt:
    def test_before_any_revision_the_forecast_is_the_baseline(self, milestone):
        [status] = selectors.project_status(project=milestone.project, as_at=OCT_30).milestones
        assert (status.forecast_date, status.actual_date, status.slippage_days) == (
            date(2005, 10, 31),
            None,
            0,
        )
        assert status.slippage_text == "On time"

    def test_a_milestone_added_later_is_not_there_before(self, milestone):
        milestone.added_on = OCT_31
        milestone.save()
        assert selectors.project_status(project=milestone.project, as_at=OCT_30).milestones == []
        assert (
            len(selectors.project_status(project=milestone.project, as_at=OCT_31).milestones) == 1
        )

    def test_slippage_follows_the_revisions(self, milestone, add_revision):
        add_revision(milestone, date(2005, 10, 1), forecast=date(2005, 11, 30))
        add_revision(milestone, date(2005, 12, 2), actual=date(2005, 12, 1))

        def status(day):
            return selectors.project_status(project=milestone.project, as_at=day).milestones[0]

        assert status(date(2005, 9, 30)).slippage_days == 0  # the day before the revision
        assert status(date(2005, 10, 1)).slippage_text == "30 days late"  # on the day
        assert not status(date(2005, 12, 1)).met
        met = status(date(2005, 12, 2))
        assert (met.met, met.actual_date, met.slippage_text) == (
            True,
            date(2005, 12, 1),
            "31 days late",
        )

    def test_early_forecast(self, milestone, add_revision):
        add_revision(milestone, date(2005, 10, 1), forecast=date(2005, 10, 30))
        [status] = selectors.project_status(project=milestone.project, as_at=OCT_31).milestones
        assert status.slippage_text == "1 day early"


class TestActionsAsAt:
    def test_status_and_overdue(self, action, add_note):
        add_note(action, date(2005, 11, 4), ActionStatus.IN_PROGRESS)
        [before] = selectors.action_list(as_at=date(2005, 11, 3))
        assert (before.status, before.overdue) == (None, False)
        [row] = selectors.action_list(as_at=date(2005, 12, 31))  # due today: not yet overdue
        assert (row.status, row.overdue) == (ActionStatus.IN_PROGRESS, False)
        [row] = selectors.action_list(as_at=date(2006, 1, 1))  # the day after: overdue
        assert row.overdue is True

    def test_an_action_without_notes_is_overdue_too(self, action):
        [row] = selectors.action_list(as_at=date(2006, 1, 1))
        assert (row.status, row.overdue) == (None, True)

    def test_finished_actions_are_never_overdue(self, action, add_note):
        add_note(action, date(2005, 12, 1), ActionStatus.COMPLETE)
        [row] = selectors.action_list(as_at=date(2006, 6, 1))
        assert (row.status, row.overdue) == (ActionStatus.COMPLETE, False)

    def test_an_action_added_later_is_not_listed_before(self, action):
        assert list(selectors.action_list(as_at=date(2004, 9, 30))) == []
        assert len(selectors.action_list(as_at=date(2004, 10, 1))) == 1


def test_project_list_takes_a_fixed_number_of_queries(
    django_assert_num_queries, programme, department, add_update
):
    for n in range(30):
        project = Project.objects.create(
            code=f"P-{n}",
            name=f"Project {n}",
            programme=programme,
            department=department,
            manager="M",
            description="D",
            registered_on=date(2004, 1, 1),
        )
        add_update(project, date(2005, 9, 30))
    with django_assert_num_queries(1):
        rows = [(p.code, p.rag, p.department.name) for p in selectors.project_list(as_at=OCT_31)]
    assert len(rows) == 30


def around(*days: date) -> list[date]:
    """Each day, the day before and the day after: every boundary of the events on them."""
    return sorted({day + timedelta(days=d) for day in days for d in (-1, 0, 1)})


PROJECT_FIELDS = (
    "code",
    "programme",
    "department",
    "rag",
    "status_date",
    "period",
    "approved_budget",
    "spend_to_date",
    "forecast_outturn",
)


def test_a_history_lists_the_projects_as_project_list_does_at_every_boundary(
    project, other_project, add_update, add_finance
):
    """Read once for a later day, the history lists the projects on each earlier day as
    the query does: registration, closing, and updates and money recorded late."""
    other_project.closed_on = date(2005, 10, 15)
    other_project.save()
    add_update(project, date(2005, 6, 30), Rag.GREEN)
    add_update(project, date(2005, 9, 30), Rag.AMBER, recorded_on=date(2005, 10, 5))
    add_update(project, date(2005, 9, 30), Rag.RED, recorded_on=date(2005, 10, 20))
    add_update(other_project, date(2005, 3, 31), Rag.RED, period="Q4 2004/05")
    add_finance(project, date(2005, 4, 1), 450_000, 0, 450_000)
    add_finance(project, date(2005, 9, 1), 450_000, 120_000, 480_000, recorded_on=date(2005, 10, 3))
    add_finance(other_project, date(2005, 1, 10), 90_000, 10_000, 90_000)
    history = selectors.project_history(known_by=date(2005, 11, 30))

    def rows(projects):
        return [tuple(getattr(p, name) for name in PROJECT_FIELDS) for p in projects]

    days = around(
        date(2004, 10, 4),  # registered
        date(2005, 1, 10),
        date(2005, 3, 31),
        date(2005, 4, 1),
        date(2005, 6, 30),
        date(2005, 9, 1),
        date(2005, 9, 30),
        date(2005, 10, 3),
        date(2005, 10, 5),
        date(2005, 10, 15),  # closed
        date(2005, 10, 20),
        date(2005, 11, 29),
    )
    for day in days:
        assert rows(history.project_list(as_at=day)) == rows(selectors.project_list(as_at=day))
    with pytest.raises(ValueError, match="cannot tell"):
        history.project_list(as_at=date(2005, 12, 1))


def test_a_history_lists_the_actions_as_action_list_does_at_every_boundary(action, add_note):
    """Read once for a later day, the history lists the actions on each earlier day as the
    query does: added later, notes recorded late, completed, and overdue."""
    later = Action.objects.create(
        area=action.area,
        reference="1.2",
        title="Later",
        owner="Owner",
        department=action.department,
        due_date=date(2005, 9, 30),
        added_on=date(2005, 6, 1),
    )
    add_note(action, date(2005, 1, 10))
    add_note(action, date(2005, 7, 1), ActionStatus.ON_HOLD, recorded_on=date(2005, 7, 9))
    add_note(later, date(2005, 10, 3), ActionStatus.COMPLETE, recorded_on=date(2005, 10, 12))
    history = selectors.action_history(known_by=date(2006, 1, 31))
    fields = ("pk", "reference", "status", "status_date", "note", "overdue")

    def rows(actions):
        return [tuple(getattr(a, name) for name in fields) for a in actions]

    days = around(
        date(2004, 10, 1),
        date(2005, 1, 10),
        date(2005, 6, 1),
        date(2005, 7, 1),
        date(2005, 7, 9),
        date(2005, 9, 30),  # the later action's due date
        date(2005, 10, 1),
        date(2005, 10, 3),
        date(2005, 10, 12),
        date(2005, 12, 31),  # the first action's due date
        date(2006, 1, 1),
    )
    for day in days:
        assert rows(history.action_list(as_at=day)) == rows(selectors.action_list(as_at=day))


def test_milestones_read_for_a_later_day_give_an_earlier_days_dates(milestone, add_revision):
    """A milestone history read for the latest day gives each earlier day's dates as one
    read for that day does: milestones added later, revisions recorded late, met."""
    Milestone.objects.create(
        project=milestone.project,
        name="Added later",
        baseline_date=date(2006, 3, 31),
        added_on=date(2005, 10, 1),
    )
    add_revision(milestone, date(2005, 6, 1), forecast=date(2005, 11, 30))
    add_revision(
        milestone, date(2005, 9, 1), forecast=date(2005, 12, 31), recorded_on=date(2005, 9, 20)
    )
    add_revision(milestone, date(2005, 12, 20), actual=date(2005, 12, 20))
    read_once = selectors.milestone_history(known_by=date(2006, 1, 31))

    def dates(statuses):
        return [(s.milestone.name, s.forecast_date, s.actual_date) for s in statuses]

    days = around(
        date(2004, 10, 4),
        date(2005, 6, 1),
        date(2005, 9, 1),
        date(2005, 9, 20),
        date(2005, 10, 1),
        date(2005, 12, 20),
    )
    for day in days:
        read_then = selectors.milestone_history(known_by=day)
        assert dates(read_once.statuses(as_at=day)) == dates(read_then.statuses(as_at=day))
