"""
Reads of projects and the improvement plan, as at a day.

Every function takes the day explicitly (`as_at`); only views choose a default.
A row counts as at a day when it speaks for that day or earlier and had been
recorded by the end of it (see projects/models.py): a correction recorded after a
report's cut-off does not change that report.
"""

import copy
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.fields import BooleanField

from harrow_its.calendar import check_known_by, end_of_day
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


def _known(queryset: QuerySet, *, as_at: date, date_field: str) -> QuerySet:
    """Rows of `queryset` that speak for `as_at` or earlier and were recorded by then."""
    return queryset.filter(
        **{f"{date_field}__lte": as_at}, recorded_at__lt=end_of_day(as_at)
    ).order_by(f"-{date_field}", "-recorded_at")


def project_updates_known(*, as_at: date) -> QuerySet[ProjectUpdate]:
    return _known(ProjectUpdate.objects.all(), as_at=as_at, date_field="status_date")


def project_finances_known(*, as_at: date) -> QuerySet[ProjectFinance]:
    return _known(ProjectFinance.objects.all(), as_at=as_at, date_field="effective_on")


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


def milestone_statuses(milestones, *, as_at: date) -> list[MilestoneStatus]:
    """Each milestone in the plan on `as_at`, with its forecast and actual dates then known.

    `milestones` must come with their revisions prefetched newest first, as
    `milestones_known()` does, known on `as_at` or on a later day: so one read for
    the later day serves both. Before any revision, the forecast is the baseline.
    """
    known_before = end_of_day(as_at)
    statuses = []
    for milestone in milestones:
        if milestone.added_on > as_at:
            continue
        revision = next(
            (
                r
                for r in milestone.known_revisions
                if r.effective_on <= as_at and r.recorded_at < known_before
            ),
            None,
        )
        if revision is None:
            statuses.append(MilestoneStatus(milestone, milestone.baseline_date, None, None))
        else:
            statuses.append(
                MilestoneStatus(milestone, revision.forecast_date, revision.actual_date, revision)
            )
    return statuses


def milestones_known(*, as_at: date) -> QuerySet[Milestone]:
    """Milestones in the plan on `as_at`, their revisions known then prefetched newest first."""
    revisions = _known(MilestoneRevision.objects.all(), as_at=as_at, date_field="effective_on")
    return Milestone.objects.filter(added_on__lte=as_at).prefetch_related(
        Prefetch("revisions", queryset=revisions, to_attr="known_revisions")
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
    milestones = milestones_known(as_at=as_at).filter(project=project)
    return ProjectStatus(
        project=project,
        as_at=as_at,
        update=updates[0] if updates else None,
        finance=finance,
        milestones=milestone_statuses(milestones, as_at=as_at),
        updates=updates,
    )


def action_list(*, as_at: date) -> QuerySet[Action]:
    """Actions in the plan on `as_at`, each with its status as then known.

    Annotations: status, status_date, note, overdue (due before `as_at`, not finished).
    """
    update = _known(ActionUpdate.objects.all(), as_at=as_at, date_field="status_date").filter(
        action=OuterRef("pk")
    )
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


def _latest_known(rows, *, as_at: date, date_field: str, of: str) -> dict:
    """{`of`: the first of `rows` that speaks for `as_at` or earlier and was recorded by
    then}: `_known()` in Python, for rows it read, newest first, for a later day."""
    known_before, latest = end_of_day(as_at), {}
    for row in rows:
        if getattr(row, date_field) <= as_at and row.recorded_at < known_before:
            latest.setdefault(getattr(row, of), row)
    return latest


@dataclass(frozen=True)
class ProjectHistory:
    """The projects with the status updates and money figures recorded by the end of
    `known_on`: the programme as `project_list()` gives it, as at that day or any
    earlier one, worked out from three plain queries instead of one heavy query a day.
    """

    known_on: date
    projects: list[Project]  # registered by `known_on`, in project_list()'s order
    updates: list[ProjectUpdate]  # newest first
    finances: list[ProjectFinance]  # newest first

    def latest_updates(self, *, as_at: date) -> dict[int, ProjectUpdate]:
        """{project id: its latest status update known on `as_at`}."""
        check_known_by(as_at, known_on=self.known_on)
        return _latest_known(self.updates, as_at=as_at, date_field="status_date", of="project_id")

    def project_list(self, *, as_at: date) -> list[Project]:
        """What `project_list(as_at=as_at)` lists, with the same annotations."""
        updates = self.latest_updates(as_at=as_at)
        finances = _latest_known(
            self.finances, as_at=as_at, date_field="effective_on", of="project_id"
        )
        rows = []
        for project in self.projects:
            # Project.objects.filter_by_date(as_at), in Python.
            if project.registered_on > as_at or (
                project.closed_on is not None and project.closed_on < as_at
            ):
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


def project_history(*, known_on: date) -> ProjectHistory:
    return ProjectHistory(
        known_on=known_on,
        projects=list(
            Project.objects.filter(registered_on__lte=known_on).select_related(
                "programme", "department"
            )
        ),
        updates=list(project_updates_known(as_at=known_on)),
        finances=list(project_finances_known(as_at=known_on)),
    )


@dataclass(frozen=True)
class ActionHistory:
    """The improvement actions with the progress notes recorded by the end of
    `known_on`: the plan as `action_list()` gives it, as at that day or any earlier
    one, worked out from two plain queries instead of one heavy query a day."""

    known_on: date
    actions: list[Action]  # added by `known_on`, in action_list()'s order
    updates: list[ActionUpdate]  # newest first

    def action_list(self, *, as_at: date) -> list[Action]:
        """What `action_list(as_at=as_at)` lists, with the same annotations."""
        check_known_by(as_at, known_on=self.known_on)
        updates = _latest_known(self.updates, as_at=as_at, date_field="status_date", of="action_id")
        rows = []
        for action in self.actions:
            if action.added_on > as_at:  # Action.objects.filter_by_date(as_at)
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


def action_history(*, known_on: date) -> ActionHistory:
    return ActionHistory(
        known_on=known_on,
        actions=list(Action.objects.filter_by_date(known_on).select_related("area", "department")),
        updates=list(_known(ActionUpdate.objects.all(), as_at=known_on, date_field="status_date")),
    )


def action_updates_known(*, action: Action, as_at: date) -> list[ActionUpdate]:
    """An action's progress notes known on `as_at`, newest first."""
    return list(
        _known(action.updates.all(), as_at=as_at, date_field="status_date").select_related(
            "recorded_by"
        )
    )
