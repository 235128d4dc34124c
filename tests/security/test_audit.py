"""
The audit: every change to a record the reports are made of is in the history, with
who, when and what, however it is made (the ORM, a bulk update, raw SQL); or the
record is append-only and says itself who recorded it and when. Failed sign-ins and
refused pages are in the security log, in UTC.
"""

import logging
import time

import pghistory
import pghistory.models
import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from harrow_its.audit import UTCFormatter
from harrow_its.calendar import Quarter
from harrow_its.models import User
from projects.models import Project

pytestmark = pytest.mark.django_db

# Made by the portal from the records, not records themselves: a build of a pack, a
# PDF being made (a published one is stored as a PublishedFile, which never changes),
# a reminder or notice sent (the security log and the e-mail say so), a worker last
# seen, and the search index (made from a publication's stored data, which never changes).
NOT_RECORDS = {
    "reports.Rendering",
    "reports.Reminder",
    "reports.Notice",
    "reports.Worker",
    "reports.SearchEntry",
}
APPS = ("harrow_its", "projects", "indicators", "bvpi", "reports")


def records():
    for model in apps.get_models():
        label = model._meta.label
        if (
            model._meta.app_label in APPS
            and not label.endswith("Event")
            and label not in NOT_RECORDS
        ):
            yield model


def tracked(model) -> bool:
    return any(
        getattr(event, "pgh_tracked_model", None) is model
        for event in apps.get_models()
        if issubclass(event, pghistory.models.Event)
    )


def append_only(model) -> bool:
    names = {f.name for f in model._meta.get_fields()}
    triggers = getattr(model._meta, "triggers", [])
    protected = any(t.name in {"append_only", "never_changes"} for t in triggers)
    says_who = {"recorded_by", "recorded_at"} <= names or {"published_by", "published_at"} <= names
    return protected and (says_who or model._meta.label == "reports.PublishedFile")


def test_every_record_is_tracked_or_append_only():
    models = list(records())
    assert len(models) >= 25
    neither = [m._meta.label for m in models if not (tracked(m) or append_only(m))]
    assert neither == []
    print(
        f"\n{sum(tracked(m) for m in models)} models tracked by triggers, "
        f"{sum(append_only(m) and not tracked(m) for m in models)} append-only, of {len(models)}."
    )


def history_of(project):
    return list(
        pghistory.models.Events.objects.tracks(project)
        .order_by("pgh_created_at")
        .values("pgh_label", "pgh_context", "pgh_data")
    )


def test_bulk_updates_and_raw_sql_are_in_the_history(demo):
    officer = User.objects.get(username="officer")
    project = Project.objects.get(code="ICT-SAN")
    before = len(history_of(project))
    with pghistory.context(user=officer.pk, reason="bulk"):
        Project.objects.filter(pk=project.pk).update(manager="Bulk Manager")
    with pghistory.context(user=officer.pk, reason="raw"), connection.cursor() as cursor:
        cursor.execute("UPDATE projects_project SET manager = 'Raw Manager' WHERE code = 'ICT-SAN'")
    with connection.cursor() as cursor:  # outside the block: still recorded
        cursor.execute("UPDATE projects_project SET manager = 'Anonymous' WHERE code = 'ICT-SAN'")
    events = history_of(project)[before:]
    assert [(e["pgh_label"], e["pgh_data"]["manager"]) for e in events] == [
        ("update", "Bulk Manager"),
        ("update", "Raw Manager"),
        ("update", "Anonymous"),
    ]
    # pghistory's context lasts to the end of the transaction, as a request's does.
    assert [e["pgh_context"]["reason"] for e in events[:2]] == ["bulk", "raw"]


def test_a_change_through_a_page_says_who_made_it(client, demo):
    officer = User.objects.get(username="officer")
    project = Project.objects.get(code="ICT-SAN")
    today = timezone.localdate()
    client.force_login(officer)
    url = "/capital-projects/ICT-SAN/updates/new/"
    response = client.post(
        url,
        {
            "version": project.version,
            "period": Quarter.containing(today).label,
            "status_date_day": today.day,
            "status_date_month": today.month,
            "status_date_year": today.year,
            "rag": "green",
            "progress": "Audited progress.",
        },
    )
    assert response.status_code == 302
    event = pghistory.models.Events.objects.filter(
        pgh_model="projects.ProjectUpdateEvent", pgh_data__progress="Audited progress."
    ).get()
    assert event.pgh_label == "insert"
    assert event.pgh_context["user"] == officer.pk
    assert event.pgh_context["url"] == url


def test_failed_sign_ins_and_refusals_are_logged(client, demo, caplog):
    caplog.set_level(logging.INFO, logger="harrow_its.audit")
    client.post("/sign-in/", {"username": "officer", "password": "not-the-password"})
    client.force_login(User.objects.get(username="member"))
    client.get("/capital-projects/")
    client.force_login(User.objects.get(username="officer"))
    client.get("/capital-projects/BTP-HOST/updates/new/")
    messages = [r.getMessage() for r in caplog.records if r.name == "harrow_its.audit"]
    assert messages == [
        "sign-in-failed username=officer ip=127.0.0.1",
        "access-refused user=member ip=127.0.0.1 path=/capital-projects/ "
        "reason=policy officers and authors",
        "access-refused user=officer ip=127.0.0.1 path=/capital-projects/BTP-HOST/updates/new/ "
        "reason=Only officers of People First, report authors and administrators may change this.",
    ]


def test_the_log_is_in_utc():
    record = logging.LogRecord("harrow_its.audit", logging.INFO, "", 0, "event", None, None)
    record.created, record.msecs = 1_132_700_400.25, 250  # 22 Nov 2005, 23:00 UTC
    line = UTCFormatter("{asctime} {message}", style="{").format(record)
    assert line == "2005-11-22T23:00:00.250Z event"
    assert time.gmtime(record.created).tm_hour == 23


def test_a_username_cannot_forge_a_log_line_or_break_sign_in(client, db, caplog):
    caplog.set_level(logging.INFO, logger="harrow_its.audit")
    forged = "officer\n2005-11-22T23:00:00.000Z INFO harrow_its.audit: part-ii-read user=admin"
    for username in (forged, "x" * 10_000):
        response = client.post("/sign-in/", {"username": username, "password": "wrong"})
        assert response.status_code == 200  # refused, with its message: never a server error
    lines = [r.getMessage() for r in caplog.records if r.name == "harrow_its.audit"]
    assert lines[0] == (
        "sign-in-failed username=officer\\x0a2005-11-22T23:00:00.000Z INFO harrow_its.audit: "
        "part-ii-read user=admin ip=127.0.0.1"
    )
    assert lines[1] == f"sign-in-failed username={'x' * 150} ip=127.0.0.1"
    assert all("\n" not in line for line in lines)
