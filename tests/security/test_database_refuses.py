"""
The database refuses every change to history and to a published record, by any
path: nothing is added under a published report, no protected table is truncated,
and the role the portal runs as can neither lift a protection (`pgtrigger.ignore`)
nor disable one. The runtime role is a real role, connected to as the portal would.
"""

import hashlib
from datetime import date, datetime

import psycopg
import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from harrow_its import db_roles
from harrow_its.calendar import LONDON
from harrow_its.models import Department, Rag
from harrow_its.triggers import TRUNCATE_REFUSED
from projects.models import Programme, Project, ProjectUpdate
from reports.models import (
    BORN_A_DRAFT,
    PUBLISHED_REFUSED,
    Appendix,
    Committee,
    Meeting,
    Paragraph,
    Publication,
    PublishedFile,
    Report,
    Section,
)

pytestmark = pytest.mark.django_db

ROW_REFUSED = "Cannot update or delete rows"
REFUSED = f"{PUBLISHED_REFUSED}|{ROW_REFUSED}|{TRUNCATE_REFUSED}|permission denied|must be owner"

# Every table whose rows are history or a published record.
PROTECTED_TABLES = [
    "projects_projectupdate",
    "projects_projectfinance",
    "projects_milestonerevision",
    "projects_actionupdate",
    "indicators_target",
    "indicators_measurement",
    "bvpi_inventoryentry",
    "reports_report",
    "reports_section",
    "reports_paragraph",
    "reports_appendix",
    "reports_publication",
    "reports_publishedfile",
]

FORGED = b"%PDF-1.7 forged, thirty bytes."


def report_draft(subject="Update", day=22) -> Report:
    committee, _ = Committee.objects.get_or_create(name="Scrutiny", slug="scrutiny")
    meeting = Meeting.objects.create(committee=committee, date=date(2005, 11, day))
    report = Report.objects.create(
        meeting=meeting,
        series=f"update-{day}",
        subject=subject,
        responsible_officer="Director",
        contact_officer="Officer",
        portfolio_holder="Councillor",
        decision_required="Note.",
        reason_for_report="To inform.",
        benefits="None.",
        cost_of_proposals="None.",
        risks="None.",
        implications_if_rejected="None.",
        cut_off=date(2005, 11, 7),
    )
    section = Section.objects.create(report=report, number=1, title="Projects")
    Paragraph.objects.create(section=section, order=1, number="1.1", body="<p>All well.</p>")
    Appendix.objects.create(
        report=report, number=1, title="Projects", kind=Appendix.Kind.CAPITAL_PROJECTS
    )
    return report


def stored_file(publication, kind, content) -> PublishedFile:
    return PublishedFile.objects.create(
        publication=publication,
        kind=kind,
        restricted=False,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
    )


@pytest.fixture
def published(author):
    """A small report, published in the order publishing uses: its publication and
    every file while it is a draft, then marked published last."""
    report = report_draft()
    publication = Publication.objects.create(
        report=report, published_at=datetime(2005, 11, 14, 10, tzinfo=LONDON), published_by=author
    )
    stored_file(publication, PublishedFile.Kind.HTML, b"<p>Published</p>")
    stored_file(publication, PublishedFile.Kind.DATA, b"{}")
    Report.objects.filter(pk=report.pk).update(state=Report.State.PUBLISHED)
    return report


def status_update(officer) -> ProjectUpdate:
    """A project's one status update (history: append-only)."""
    programme = Programme.objects.create(name="Infrastructure", slug="infrastructure")
    project = Project.objects.create(
        code="ICT-SAN",
        name="Storage Area Network",
        programme=programme,
        department=Department.objects.get(),
        manager="Manager",
        description="Two phases.",
        registered_on=date(2004, 10, 4),
    )
    return ProjectUpdate.objects.create(
        project=project,
        period="Q3 2005/06",
        status_date=date(2005, 10, 31),
        rag=Rag.GREEN,
        progress="On track.",
        recorded_by=officer,
        recorded_at=datetime(2005, 10, 31, 12, tzinfo=LONDON),
    )


@pytest.fixture
def history(officer):
    return status_update(officer)


def refused(sql, params=None, match=REFUSED):
    """Run `sql` on the test's connection and expect the database to refuse it."""
    with (
        pytest.raises(DatabaseError, match=match),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


ADDED_UNDER_A_PUBLISHED_REPORT = [
    # The forged file the author was served: a 30-byte PDF, its digest right.
    "INSERT INTO reports_publishedfile (publication_id, kind, restricted, content, sha256) "
    "VALUES (%(report)s, 'pdf', true, %(forged)s, encode(sha256(%(forged)s), 'hex'))",
    "INSERT INTO reports_section (report_id, number, title) VALUES (%(report)s, 9, 'New')",
    'INSERT INTO reports_paragraph (section_id, "order", number, heading, body, exempt, '
    "exempt_paragraph) SELECT id, 99, '', '', '<p>New</p>', false, '' FROM reports_section "
    "WHERE report_id = %(report)s",
    "INSERT INTO reports_appendix (report_id, number, title, kind, exempt, exempt_paragraph) "
    "VALUES (%(report)s, 9, 'New', 'bvpi_157', false, '')",
    # Refused before its key is found taken: publishing inserts it while a draft.
    "INSERT INTO reports_publication (report_id, published_at, published_by_id) "
    "VALUES (%(report)s, now(), %(author)s)",
]


@pytest.mark.parametrize("sql", ADDED_UNDER_A_PUBLISHED_REPORT)
def test_nothing_is_added_under_a_published_report(published, author, sql):
    params = {"report": published.pk, "forged": FORGED, "author": author.pk}
    refused(sql, params, match=PUBLISHED_REFUSED)
    assert PublishedFile.objects.filter(publication=published.pk).count() == 2
    assert (Section.objects.count(), Paragraph.objects.count(), Appendix.objects.count()) == (
        1,
        1,
        1,
    )


def test_a_report_is_never_inserted_as_published(published):
    refused(
        "INSERT INTO reports_report (meeting_id, series, subject, responsible_officer, "
        "contact_officer, portfolio_holder, key_decision, enclosures, decision_required, "
        "reason_for_report, benefits, cost_of_proposals, risks, implications_if_rejected, "
        "cut_off, state, version, correction_reason, exempt, exempt_paragraph) "
        "SELECT meeting_id, 'forged', subject, responsible_officer, contact_officer, "
        "portfolio_holder, key_decision, enclosures, decision_required, reason_for_report, "
        "benefits, cost_of_proposals, risks, implications_if_rejected, cut_off, 'published', "
        "0, '', false, '' FROM reports_report WHERE id = %(report)s",
        {"report": published.pk},
        match=BORN_A_DRAFT,
    )


def test_a_draft_takes_its_parts_and_its_publication(author):
    """The refusals are for published reports only: a draft grows, and is published in
    one transaction, its publication and files first and its state last."""
    draft = report_draft()
    Section.objects.create(report=draft, number=2, title="More")
    Appendix.objects.create(report=draft, number=2, title="BVPI", kind=Appendix.Kind.BVPI_157)
    with transaction.atomic():
        publication = Publication.objects.create(
            report=draft, published_at=datetime.now(LONDON), published_by=author
        )
        stored_file(publication, PublishedFile.Kind.PDF, b"%PDF-1.7 genuine")
        Report.objects.filter(pk=draft.pk).update(state=Report.State.PUBLISHED)
    assert PublishedFile.objects.filter(publication=publication).count() == 1


@pytest.mark.parametrize("table", PROTECTED_TABLES)
def test_no_protected_table_is_truncated(published, history, table):
    with connection.cursor() as cursor:  # Django's foreign keys are checked at commit
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    refused(f"TRUNCATE {table} CASCADE", match=TRUNCATE_REFUSED)
    assert (PublishedFile.objects.count(), ProjectUpdate.objects.count()) == (2, 1)


@pytest.fixture
def runtime_role(django_db_setup, django_db_blocker):
    """The runtime role in this test database's server, made as the README says:
    a login role of its own, granted by `manage.py db_roles`. Roles belong to the
    whole server, so it is named after the database and dropped afterwards."""
    role = f"{connection.settings_dict['NAME']}_app"
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(f'DROP ROLE IF EXISTS "{role}"')  # left by a run that was killed
        cursor.execute(f'CREATE ROLE "{role}" LOGIN')
    call_command("db_roles", role=role, stdout=None)
    params = connection.get_connection_params()
    where = {key: params[key] for key in ("dbname", "host", "port") if params.get(key)}
    # A client-side cursor, so that one execute may carry two statements and parameters.
    with psycopg.connect(**where, user=role, cursor_factory=psycopg.ClientCursor) as runtime:
        yield runtime
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{role}"')
        cursor.execute(f'DROP ROLE "{role}"')


def runtime_refused(runtime, sql, params=None):
    """Run `sql` as the runtime role, in a transaction of its own, and expect refusal."""
    with pytest.raises(psycopg.Error) as refusal, runtime.transaction():
        runtime.execute(sql, params)
    return str(refusal.value)


@pytest.mark.django_db(transaction=True)
def test_the_runtime_role_cannot_change_history_or_a_published_report(
    author, officer, runtime_role
):
    """Connected as the portal's runtime role: every INSERT under the published
    report, UPDATE, DELETE and TRUNCATE of a protected table is refused, with
    `pgtrigger.ignore` set for every trigger, with the reports table shadowed by an
    empty temporary one, and so are disabling the triggers and replication mode;
    while the portal's ordinary work (publishing a draft, recording history) is done."""
    report = report_draft()
    history_row = status_update(officer)
    runtime = runtime_role
    ids = {"report": report.pk, "author": author.pk, "forged": FORGED, "update": history_row.pk}

    # Publishing, as the portal does it: publication and files, then the state.
    with runtime.transaction():
        runtime.execute(
            "INSERT INTO reports_publication (report_id, published_at, published_by_id) "
            "VALUES (%(report)s, now(), %(author)s)",
            ids,
        )
        runtime.execute(
            "INSERT INTO reports_publishedfile (publication_id, kind, restricted, content, "
            "sha256) VALUES (%(report)s, 'html', false, 'x', encode(sha256('x'), 'hex'))",
            ids,
        )
        runtime.execute("UPDATE reports_report SET state = 'published' WHERE id = %(report)s", ids)

    every_trigger = (
        "SELECT set_config('pgtrigger.ignore', "
        "(SELECT '{' || string_agg(tgname, ',') || '}' FROM pg_trigger "
        "WHERE tgname LIKE 'pgtrigger_%%'), true)"
    )
    shadow = "CREATE TEMPORARY TABLE reports_report (id bigint, state text) ON COMMIT DROP"
    changes = [
        *ADDED_UNDER_A_PUBLISHED_REPORT,
        "UPDATE reports_report SET subject = 'Changed' WHERE id = %(report)s",
        "DELETE FROM reports_report WHERE id = %(report)s",
        "UPDATE reports_section SET title = 'Changed' WHERE report_id = %(report)s",
        "DELETE FROM reports_appendix WHERE report_id = %(report)s",
        "UPDATE reports_publication SET published_at = now() WHERE report_id = %(report)s",
        "UPDATE reports_publishedfile SET content = %(forged)s, "
        "sha256 = encode(sha256(%(forged)s), 'hex') WHERE publication_id = %(report)s",
        "DELETE FROM reports_publishedfile WHERE publication_id = %(report)s",
        "UPDATE projects_projectupdate SET rag = 'red' WHERE id = %(update)s",
        "DELETE FROM projects_projectupdate WHERE id = %(update)s",
        # The audit history: who changed what, when.
        "UPDATE reports_reportevent SET pgh_label = 'forged'",
        "DELETE FROM reports_reportevent",
        "DELETE FROM harrow_its_userevent",
        *(f"TRUNCATE {table} CASCADE" for table in PROTECTED_TABLES),
    ]
    attempts = [
        *changes,
        *(f"{every_trigger}; {sql}" for sql in changes),
        # The published report looked up in an empty table of the session's own.
        *(f"{shadow}; {sql}" for sql in ADDED_UNDER_A_PUBLISHED_REPORT),
        "ALTER TABLE reports_publishedfile DISABLE TRIGGER ALL",
        "ALTER TABLE projects_projectupdate DISABLE TRIGGER USER",
        "DROP TRIGGER pgtrigger_never_changes_d66b0 ON reports_publishedfile",
        "SET session_replication_role = replica",
    ]
    for sql in attempts:
        message = runtime_refused(runtime, sql, ids)
        assert any(reason in message for reason in REFUSED.split("|")), (sql, message)

    # History is still recorded, by adding to it.
    with runtime.transaction():
        runtime.execute(
            "INSERT INTO projects_projectupdate (project_id, period, status_date, rag, "
            "rag_reason, phase, progress, achievements, next_steps, commentary, "
            "correction_reason, recorded_by_id, recorded_at) SELECT project_id, period, "
            "status_date, 'amber', 'Late', '', 'Slipping.', '', '', '', '', recorded_by_id, "
            "now() FROM projects_projectupdate WHERE id = %(update)s",
            ids,
        )
    assert ProjectUpdate.objects.count() == 2
    assert ProjectUpdate.objects.get(pk=history_row.pk).rag == Rag.GREEN
    assert list(PublishedFile.objects.values_list("kind", "content")) == [("html", b"x")]
    assert Report.objects.get(pk=report.pk).subject == "Update"
    assert (Section.objects.count(), Paragraph.objects.count(), Appendix.objects.count()) == (
        1,
        1,
        1,
    )


def test_the_runtime_role_may_not_be_the_owner():
    """`db_roles` refuses a role the protections would step aside for."""
    user = connection.settings_dict["USER"]
    with pytest.raises(ValueError, match="would own the tables"):
        db_roles.runtime_role_grant(role=user)
    with pytest.raises(ValueError, match="There is no database role"):
        db_roles.runtime_role_grant(role="no_such_role_anywhere")
