"""
Writes that span more than one row: each claims the project's (or action's)
version first (harrow_its.concurrency), so that of two people editing at once
the second is refused.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from harrow_its.concurrency import claim
from harrow_its.models import Rag, User
from projects.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Milestone,
    MilestoneRevision,
    Project,
    ProjectFinance,
    ProjectUpdate,
)

STALE_PROJECT = (
    "Someone else changed this project while you were editing it, so your change has "
    "not been saved. Their change is shown below: check it, then submit yours again "
    "if it is still right."
)
STALE_ACTION = (
    "Someone else changed this action while you were editing it, so your change has "
    "not been saved. Their change is shown below: check it, then submit yours again "
    "if it is still right."
)


def _add(row):
    """Validate a new row against its model and constraints, then insert it."""
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def project_update_create(
    *,
    project: Project,
    version: int,
    recorded_by: User,
    period: str,
    status_date: date,
    rag: Rag,
    progress: str,
    rag_reason: str = "",
    phase: str = "",
    percent_complete: int | None = None,
    achievements: str = "",
    next_steps: str = "",
    commentary: str = "",
    corrects: ProjectUpdate | None = None,
    correction_reason: str = "",
) -> ProjectUpdate:
    claim(Project, pk=project.pk, version=version, message=STALE_PROJECT)
    return _add(
        ProjectUpdate(
            project=project,
            period=period,
            status_date=status_date,
            rag=rag,
            rag_reason=rag_reason,
            phase=phase,
            percent_complete=percent_complete,
            progress=progress,
            achievements=achievements,
            next_steps=next_steps,
            commentary=commentary,
            corrects=corrects,
            correction_reason=correction_reason,
            recorded_by=recorded_by,
        )
    )


@transaction.atomic
def project_finance_record(
    *,
    project: Project,
    version: int,
    recorded_by: User,
    effective_on: date,
    approved_budget: Decimal,
    spend_to_date: Decimal,
    forecast_outturn: Decimal,
    note: str = "",
) -> ProjectFinance:
    claim(Project, pk=project.pk, version=version, message=STALE_PROJECT)
    return _add(
        ProjectFinance(
            project=project,
            effective_on=effective_on,
            approved_budget=approved_budget,
            spend_to_date=spend_to_date,
            forecast_outturn=forecast_outturn,
            note=note,
            recorded_by=recorded_by,
        )
    )


@transaction.atomic
def milestone_create(
    *, project: Project, version: int, name: str, baseline_date: date, added_on: date
) -> Milestone:
    claim(Project, pk=project.pk, version=version, message=STALE_PROJECT)
    return _add(
        Milestone(project=project, name=name, baseline_date=baseline_date, added_on=added_on)
    )


@transaction.atomic
def milestone_revise(
    *,
    milestone: Milestone,
    version: int,
    recorded_by: User,
    effective_on: date,
    forecast_date: date | None,
    actual_date: date | None,
    note: str = "",
) -> MilestoneRevision:
    claim(Project, pk=milestone.project_id, version=version, message=STALE_PROJECT)
    return _add(
        MilestoneRevision(
            milestone=milestone,
            project_id=milestone.project_id,
            effective_on=effective_on,
            forecast_date=forecast_date,
            actual_date=actual_date,
            note=note,
            recorded_by=recorded_by,
        )
    )


@transaction.atomic
def action_update_create(
    *,
    action: Action,
    version: int,
    recorded_by: User,
    status_date: date,
    status: ActionStatus,
    note: str,
) -> ActionUpdate:
    claim(Action, pk=action.pk, version=version, message=STALE_ACTION)
    return _add(
        ActionUpdate(
            action=action,
            status_date=status_date,
            status=status,
            note=note,
            recorded_by=recorded_by,
        )
    )
