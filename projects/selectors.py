"""
Reads of projects and the improvement plan, as at a day.

Every function takes the day explicitly (`as_at`); only views choose a default.
A row counts as at a day when it speaks for that day or earlier and had been
recorded by the end of it (see projects/models.py): a correction recorded after a
report's cut-off does not change that report.
"""

from dataclasses import dataclass
from datetime import date

import pghistory.models
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Case, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.fields import BooleanField

from harrow_its.calendar import end_of_day
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
    """Each milestone's forecast and actual dates as known on `as_at`.

    `milestones` must come with their revisions prefetched newest first, as
    `milestones_known()` does; before any revision, the forecast is the baseline.
    """
    statuses = []
    for milestone in milestones:
        revision = next(iter(milestone.known_revisions), None)
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


def action_updates_known(*, action: Action, as_at: date) -> list[ActionUpdate]:
    """An action's progress notes known on `as_at`, newest first."""
    return list(
        _known(action.updates.all(), as_at=as_at, date_field="status_date").select_related(
            "recorded_by"
        )
    )


@dataclass(frozen=True)
class AuditEntry:
    when: object  # an aware datetime
    who: str
    what: str
    changes: list[tuple[str, object, object]]  # (field, before, after)


def _audit_entries(events) -> list[AuditEntry]:
    entries = []
    for event in events:
        model = apps.get_model(event.pgh_obj_model)
        thing = model._meta.verbose_name
        if event.pgh_label == "insert":
            what = f"{thing.capitalize()} added"
        elif event.pgh_label == "delete":
            what = f"{thing.capitalize()} removed"
        else:
            what = f"{thing.capitalize()} changed"
        changes = [
            (_field_label(model, name), before, after)
            for name, (before, after) in sorted((event.pgh_diff or {}).items())
        ]
        if event.user:
            who = str(event.user)
        elif (event.pgh_context or {}).get("source") == "loaddemo":
            who = "The demo data loader"
        else:
            who = "The system (no one signed in)"
        entries.append(AuditEntry(event.pgh_created_at, who, what, changes))
    return entries


def _field_label(model, name):
    try:
        return model._meta.get_field(name.removesuffix("_id")).verbose_name
    except FieldDoesNotExist:
        return name


def project_audit_history(*, project: Project, limit: int = 100) -> list[AuditEntry]:
    """Recorded changes to the project and its rows, newest first, with who made them.

    The database's triggers record them (django-pghistory), so changes made in
    bulk or in raw SQL are here too.
    """
    events = (
        pghistory.models.MiddlewareEvents.objects.references(project)
        .select_related("user")
        .order_by("-pgh_created_at")[:limit]
    )
    return _audit_entries(events)


def action_audit_history(*, action: Action, limit: int = 100) -> list[AuditEntry]:
    events = (
        pghistory.models.MiddlewareEvents.objects.references(action)
        .select_related("user")
        .order_by("-pgh_created_at")[:limit]
    )
    return _audit_entries(events)
