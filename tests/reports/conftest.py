from datetime import date, datetime

import pytest
from django.core.management import call_command

from harrow_its.models import Rag, User
from projects.models import Project, ProjectUpdate
from reports.models import Report


@pytest.fixture
def november(db):
    """The demo's November 2005 report, published (read it, never change it)."""
    call_command("loaddemo", stdout=None)
    return Report.objects.get(
        meeting__date=date(2005, 11, 22), series="harrow-it-services-update", supersedes=None
    )


@pytest.fixture
def record_update(db):
    """Record a red status update for a project, as the demo officer, at `recorded_at`."""

    def record(code: str, *, status_date: date, recorded_at: datetime, reason="Late", **fields):
        return ProjectUpdate.objects.create(
            project=Project.objects.get(code=code),
            period=fields.pop("period", "Q3 2005/06"),
            status_date=status_date,
            rag=Rag.RED,
            rag_reason=reason,
            progress=fields.pop("progress", "Recorded for the test."),
            recorded_by=User.objects.get(username="officer"),
            recorded_at=recorded_at,
            **fields,
        )

    return record
