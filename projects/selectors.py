"""
Reads of projects and the improvement plan, as at a day.

Every function takes the day explicitly (`as_at`); only views choose a default.
What counts as at a day is harrow_its/history.py's rule, the one every app uses: a
correction recorded after a report's cut-off does not change that report.
"""

import copy
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.fields import BooleanField

from harrow_its.history import Snapshot
from projects.models import (
    FINISHED,
    Action,
    ActionUpdate,
    Milestone,
    MilestoneRevision,
    Project,
    ProjectFinance,
    ProjectUpdate,
)


def project_updates_known(*, as_at: date) -> QuerySet[ProjectUpdate]:
    """Every project's status updates that count as at `as_at`, newest first."""
    return ProjectUpdate.objects.as_at(as_at)


def project_finances_known(*, as_at: date) -> QuerySet[ProjectFinance]:
    """Every project's money figures that count as at `as_at`, newest first."""
    return ProjectFinance.objects.as_at(as_at)


def project_list(*, as_at: date) -> QuerySet[Project]:
    """Projects in the programme on `as_at`, each with its status and money as then known.

    Annotations: rag, status_date, period, approved_budget, spend_to_date,
    forecast_outturn. One query however many projects.
    """
    update = project_updates_known(as_at=as_at).filter(project=OuterRef("pk"))
    finance = project_finances_known(as_at=as_at).filter(project=OuterRef("pk"))
    return (
        Project.objects.filter_by_date(as_at)
        .select_related("programme", "department")
        .annotate(
            rag=Subquery(update.values("rag")[:1]),
            status_date=Subquery(update.values("status_date")[:1]),
            period=Subquery(update.values("period")[:1]),
            approved_budget=Subquery(finance.values("approved_budget")[:1]),
            spend_to_date=Subquery(finance.values("spend_to_date")[:1]),
            forecast_outturn=Subquery(finance.values("forecast_outturn")[:1]),
        )
    )


@dataclass(frozen=True)
class MilestoneStatus:
    milestone: Milestone
    forecast_date: date | None
    actual_date: date | None
    revision: MilestoneRevision | None

    @property
    def met(self) -> bool:
        return self.actual_date is not None

    @property
    def slippage_days(self) -> int:
        """Days late against the baseline (negative: early), by actual or forecast date."""
        return ((self.actual_date or self.forecast_date) - self.milestone.baseline_date).days

    @property
    def slippage_text(self) -> str:
        days = self.slippage_days
        if days == 0:
            return "On time"
        return f"{abs(days)} day{'s' if abs(days) != 1 else ''} {'late' if days > 0 else 'early'}"


@dataclass(frozen=True)
class MilestoneHistory:
    """The milestones in the plan by `known_by`, with their revisions known by then:
    each milestone's dates as at that day or any earlier one, from two queries."""

    known_by: date
    milestones: list[Milestone]  # in the plan by `known_by`, baseline order
    revisions: Snapshot

    def statuses(self, *, as_at: date) -> list[MilestoneStatus]:
        """Each milestone in the plan on `as_at`, with its forecast and actual dates
        then known. Before any revision, the forecast is the baseline."""
        latest = self.revisions.latest(as_at=as_at)
        statuses = []
        for milestone in self.milestones:
            if not milestone.exists_on(as_at):
                continue
            revision = latest.get(milestone.pk)
            if revision is None:
                statuses.append(MilestoneStatus(milestone, milestone.baseline_date, None, None))
            else:
                statuses.append(
                    MilestoneStatus(
                        milestone, revision.forecast_date, revision.actual_date, revision
                    )
                )
        return statuses


def milestone_history(*, known_by: date, project: Project | None = None) -> MilestoneHistory:
    """Every milestone's history known by `known_by`, or one project's."""
    milestones = Milestone.objects.filter_by_date(known_by).select_related("project")
    revisions = MilestoneRevision.objects.all()
    if project is not None:
        milestones, revisions = (
            milestones.filter(project=project),
            revisions.filter(project=project),
        )
    return MilestoneHistory(
        known_by=known_by,
        milestones=list(milestones),
        revisions=revisions.snapshot(known_by=known_by),
    )


@dataclass(frozen=True)
class ProjectStatus:
    """One project as at a day: its latest update, money and milestones then known."""

    project: Project
    as_at: date
    update: ProjectUpdate | None
    finance: ProjectFinance | None
    milestones: list[MilestoneStatus]
    updates: list[ProjectUpdate]  # every update known then, newest first


def project_status(*, project: Project, as_at: date) -> ProjectStatus:
    updates = list(
        project_updates_known(as_at=as_at)
        .filter(project=project)
        .select_related("recorded_by", "corrects")
    )
    finance = (
        project_finances_known(as_at=as_at)
        .filter(project=project)
        .select_related("recorded_by")
        .first()
    )
    return ProjectStatus(
        project=project,
        as_at=as_at,
        update=updates[0] if updates else None,
        finance=finance,
        milestones=milestone_history(known_by=as_at, project=project).statuses(as_at=as_at),
        updates=updates,
    )


def action_list(*, as_at: date) -> QuerySet[Action]:
    """Actions in the plan on `as_at`, each with its status as then known.

    Annotations: status, status_date, note, overdue (due before `as_at`, not finished).
    """
    update = ActionUpdate.objects.as_at(as_at).filter(action=OuterRef("pk"))
    return (
        Action.objects.filter_by_date(as_at)
        .select_related("area", "department")
        .annotate(
            status=Subquery(update.values("status")[:1]),
            status_date=Subquery(update.values("status_date")[:1]),
            note=Subquery(update.values("note")[:1]),
        )
        .annotate(
            overdue=Case(
                When(
                    Q(due_date__lt=as_at) & (Q(status__isnull=True) | ~Q(status__in=FINISHED)),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


@dataclass(frozen=True)
class ProjectHistory:
    """The projects, with the status updates and money figures known by `known_by`:
    the programme as `project_list()` gives it, as at that day or any earlier one,
    worked out from three plain queries instead of one heavy query a day."""

    known_by: date
    projects: list[Project]  # registered by `known_by`, in project_list()'s order
    updates: Snapshot
    finances: Snapshot

    def latest_updates(self, *, as_at: date) -> dict[int, ProjectUpdate]:
        """{project id: its latest status update as at `as_at`}."""
        return self.updates.latest(as_at=as_at)

    def project_list(self, *, as_at: date) -> list[Project]:
        """What `project_list(as_at=as_at)` lists, with the same annotations."""
        updates = self.latest_updates(as_at=as_at)
        finances = self.finances.latest(as_at=as_at)
        rows = []
        for project in self.projects:
            if not project.exists_on(as_at):
                continue
            row = copy.copy(project)  # each day's list has its own annotations
            update, finance = updates.get(project.pk), finances.get(project.pk)
            row.rag = update.rag if update else None
            row.status_date = update.status_date if update else None
            row.period = update.period if update else None
            row.approved_budget = finance.approved_budget if finance else None
            row.spend_to_date = finance.spend_to_date if finance else None
            row.forecast_outturn = finance.forecast_outturn if finance else None
            rows.append(row)
        return rows


def project_history(*, known_by: date) -> ProjectHistory:
    return ProjectHistory(
        known_by=known_by,
        projects=list(
            Project.objects.filter(registered_on__lte=known_by).select_related(
                "programme", "department"
            )
        ),
        updates=ProjectUpdate.objects.snapshot(known_by=known_by),
        finances=ProjectFinance.objects.snapshot(known_by=known_by),
    )


@dataclass(frozen=True)
class ActionHistory:
    """The improvement actions, with the progress notes known by `known_by`: the plan
    as `action_list()` gives it, as at that day or any earlier one, worked out from
    two plain queries instead of one heavy query a day."""

    known_by: date
    actions: list[Action]  # added by `known_by`, in action_list()'s order
    updates: Snapshot

    def action_list(self, *, as_at: date) -> list[Action]:
        """What `action_list(as_at=as_at)` lists, with the same annotations."""
        updates = self.updates.latest(as_at=as_at)
        rows = []
        for action in self.actions:
            if not action.exists_on(as_at):
                continue
            row = copy.copy(action)  # each day's list has its own annotations
            update = updates.get(action.pk)
            row.status = update.status if update else None
            row.status_date = update.status_date if update else None
            row.note = update.note if update else None
            # As action_list()'s `overdue`: due before `as_at`, and not finished.
            row.overdue = (
                action.due_date is not None
                and action.due_date < as_at
                and row.status not in FINISHED
            )
            rows.append(row)
        return rows


def action_history(*, known_by: date) -> ActionHistory:
    return ActionHistory(
        known_by=known_by,
        actions=list(Action.objects.filter_by_date(known_by).select_related("area", "department")),
        updates=ActionUpdate.objects.snapshot(known_by=known_by),
    )


def action_updates_known(*, action: Action, as_at: date) -> list[ActionUpdate]:
    """An action's progress notes that count as at `as_at`, newest first."""
    return list(action.updates.as_at(as_at).select_related("recorded_by"))
