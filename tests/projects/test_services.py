"""Writes: version claims under real concurrency, append-only history, the audit trail."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, ProgrammingError, connection, transaction

from harrow_its.audit_history import recorded_changes
from harrow_its.concurrency import StaleEdit
from harrow_its.models import Rag
from projects import services
from projects.models import Project, ProjectUpdate

UPDATE = {
    "period": "Q3 2005/06",
    "status_date": date(2005, 11, 4),
    "rag": Rag.GREEN,
    "progress": "Phase 1 nearly complete.",
}


@pytest.mark.django_db
def test_an_update_moves_the_version_on(project, officer):
    services.project_update_create(project=project, version=1, recorded_by=officer, **UPDATE)
    project.refresh_from_db()
    assert project.version == 2
    assert project.updates.get().recorded_by == officer


@pytest.mark.django_db
def test_a_stale_version_is_refused_and_nothing_is_saved(project, officer):
    services.project_update_create(project=project, version=1, recorded_by=officer, **UPDATE)
    with pytest.raises(StaleEdit, match="Someone else changed this project"):
        services.project_finance_record(
            project=project,
            version=1,
            recorded_by=officer,
            effective_on=date(2005, 11, 4),
            approved_budget=Decimal(1),
            spend_to_date=Decimal(1),
            forecast_outturn=Decimal(1),
        )
    assert project.finances.count() == 0
    project.refresh_from_db()
    assert project.version == 2


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_one_wins_the_other_is_told(project, officer, author):
    """Two connections save against version 1 at once: PostgreSQL makes the second wait
    for the first's row lock, then its claim finds version 2 and it is refused."""
    first_claimed, release_first = threading.Event(), threading.Event()
    outcome = {}

    def first():
        try:
            with transaction.atomic():
                services.project_update_create(
                    project=project, version=1, recorded_by=officer, **UPDATE
                )
                first_claimed.set()
                release_first.wait(10)  # hold the row lock while the second tries
            outcome["first"] = "saved"
        finally:
            connection.close()

    def second():
        first_claimed.wait(10)
        try:
            services.project_update_create(
                project=project,
                version=1,
                recorded_by=author,
                **UPDATE | {"rag": Rag.RED, "rag_reason": "x"},
            )
            outcome["second"] = "saved"
        except StaleEdit:
            outcome["second"] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_claimed.wait(10)
    # The second is now blocked on the first's lock (or about to be); let the first commit.
    threading.Timer(0.5, release_first.set).start()
    for thread in threads:
        thread.join(20)
    assert outcome == {"first": "saved", "second": "refused"}
    assert list(ProjectUpdate.objects.values_list("rag", "recorded_by__username")) == [
        (Rag.GREEN, "officer")
    ]
    assert Project.objects.get().version == 2


@pytest.mark.django_db
def test_the_database_refuses_to_change_history(project, add_update):
    """Status rows are append-only: UPDATE and DELETE are refused by a trigger,
    even in raw SQL that bypasses Django."""
    update = add_update(project, date(2005, 10, 31))
    refused = "Cannot update or delete rows from projects_projectupdate"
    with pytest.raises(ProgrammingError, match=refused), transaction.atomic():
        ProjectUpdate.objects.filter(pk=update.pk).update(rag=Rag.RED)
    with (
        pytest.raises(ProgrammingError, match=refused),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM projects_projectupdate")
    assert ProjectUpdate.objects.get().rag == Rag.GREEN


@pytest.mark.django_db
def test_a_correction_needs_a_reason_in_the_database_too(project, add_update):
    original = add_update(project, date(2005, 10, 31))
    with pytest.raises(IntegrityError), transaction.atomic():
        add_update(project, date(2005, 10, 31), corrects=original, correction_reason="")


@pytest.mark.django_db
def test_money_cannot_be_negative_in_the_database(project, add_finance):
    with pytest.raises(IntegrityError), transaction.atomic():
        add_finance(project, date(2005, 10, 31), "-1", "0", "0")


@pytest.mark.django_db
def test_audit_history_records_bulk_changes_with_before_and_after(project):
    """A bulk UPDATE, which no model save() sees, is in the history all the same."""
    Project.objects.filter(pk=project.pk).update(manager="Interim Head of IT")
    entries = recorded_changes(project)
    assert [entry.what for entry in entries] == ["Project changed", "Project added"]
    assert entries[0].changes == [("project manager", "Olu Adeyemi", "Interim Head of IT")]
    assert entries[0].who == "The system (no one signed in)"


@pytest.mark.django_db
def test_version_claims_leave_no_audit_noise(project, officer):
    services.project_update_create(project=project, version=1, recorded_by=officer, **UPDATE)
    whats = [entry.what for entry in recorded_changes(project)]
    assert whats == ["Project update added", "Project added"]  # no "Project changed"
