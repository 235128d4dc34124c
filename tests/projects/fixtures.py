"""Projects and the improvement plan, built by hand, with their history."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from harrow_its.calendar import LONDON
from harrow_its.models import Rag
from projects.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    ImprovementPlan,
    Milestone,
    MilestoneRevision,
    PlanArea,
    Programme,
    Project,
    ProjectFinance,
    ProjectUpdate,
)


def at(day: date, hour: int = 12) -> datetime:
    """A London moment on `day`."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


@pytest.fixture
def programme(db):
    return Programme.objects.create(name="Infrastructure", slug="infrastructure")


@pytest.fixture
def project(programme, department):
    """The SAN project of Urban Living (the `officer` fixture's department), from 4 Oct 2004."""
    return Project.objects.create(
        code="ICT-SAN",
        name="Storage Area Network",
        programme=programme,
        department=department,
        manager="Olu Adeyemi",
        description="Two phases.",
        registered_on=date(2004, 10, 4),
    )


@pytest.fixture
def other_project(programme, other_department):
    """A project of another department than the officer's."""
    return Project.objects.create(
        code="BTP-HOST",
        name="HOST roll-out",
        programme=programme,
        department=other_department,
        manager="Priya Shah",
        description="Phased roll-out.",
        registered_on=date(2005, 1, 10),
    )


@pytest.fixture
def add_update(officer):
    """Record a status update directly (bypassing the version check)."""

    def add(project, status_date, rag=Rag.GREEN, *, recorded_on=None, **fields):
        fields.setdefault("progress", f"Progress on {status_date}")
        fields.setdefault("period", "Q3 2005/06")
        return ProjectUpdate.objects.create(
            project=project,
            status_date=status_date,
            rag=rag,
            recorded_by=officer,
            recorded_at=at(recorded_on or status_date),
            **fields,
        )

    return add


@pytest.fixture
def add_finance(officer):
    def add(project, effective_on, budget, spend, forecast, *, recorded_on=None):
        return ProjectFinance.objects.create(
            project=project,
            effective_on=effective_on,
            approved_budget=Decimal(budget),
            spend_to_date=Decimal(spend),
            forecast_outturn=Decimal(forecast),
            recorded_by=officer,
            recorded_at=at(recorded_on or effective_on),
        )

    return add


@pytest.fixture
def milestone(project):
    return Milestone.objects.create(
        project=project,
        name="Phase 1 complete",
        baseline_date=date(2005, 10, 31),
        added_on=date(2004, 10, 4),
    )


@pytest.fixture
def add_revision(officer):
    def add(milestone, effective_on, forecast=None, actual=None, *, recorded_on=None):
        return MilestoneRevision.objects.create(
            milestone=milestone,
            project=milestone.project,
            effective_on=effective_on,
            forecast_date=forecast,
            actual_date=actual,
            recorded_by=officer,
            recorded_at=at(recorded_on or effective_on),
        )

    return add


@pytest.fixture
def plan(db):
    plan = ImprovementPlan.objects.create(
        name="Harrow IT Services Improvement Plan",
        started_on=date(2004, 10, 1),
        duration_months_min=18,
        duration_months_max=24,
        first_phase_months_min=3,
        first_phase_months_max=9,
    )
    PlanArea.objects.create(plan=plan, number=1, name="HITS Structure")
    return plan


@pytest.fixture
def action(plan, department):
    return Action.objects.create(
        area=plan.areas.get(number=1),
        reference="1.1",
        title="Restructure Harrow IT Services",
        owner="Group Manager, ICT",
        department=department,
        due_date=date(2005, 12, 31),
        added_on=date(2004, 10, 1),
    )


@pytest.fixture
def add_note(officer):
    def add(action, status_date, status=ActionStatus.IN_PROGRESS, *, recorded_on=None):
        return ActionUpdate.objects.create(
            action=action,
            status_date=status_date,
            status=status,
            note=f"Note of {status_date}",
            recorded_by=officer,
            recorded_at=at(recorded_on or status_date),
        )

    return add
