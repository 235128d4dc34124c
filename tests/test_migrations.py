from datetime import UTC

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from bvpi.models import InteractionType
from harrow_its.models import Role
from harrow_its.triggers import TRUNCATE_REFUSED


@pytest.mark.django_db
def test_models_and_migrations_agree():
    """Every model change has its migration (`makemigrations --check`)."""
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_role_groups_are_created_by_migration():
    """The data migration creates one group per role, and nothing else."""
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(Role.values)


@pytest.mark.django_db(transaction=True)
def test_role_groups_migration_reverses():
    """Unapplying the data migration removes the role groups; reapplying restores them."""
    call_command("migrate", "harrow_its", "0001", verbosity=0)
    assert not Group.objects.filter(name__in=Role.values).exists()
    call_command("migrate", "harrow_its", verbosity=0)
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(Role.values)


@pytest.mark.django_db
def test_reference_data_is_restored_after_a_flush():
    """loaddemo puts back what the data migrations made, from the migrations themselves."""
    Group.objects.all().delete()
    InteractionType.objects.all().delete()
    call_command("loaddemo", stdout=None)
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(Role.values)
    assert InteractionType.objects.count() == 10


# The last migration before each app's TRUNCATE refusals, and a table each protects.
BEFORE_TRUNCATE_REFUSED = {
    "projects": ("0001_initial", "projects_projectupdate"),
    "indicators": ("0001_initial", "indicators_measurement"),
    "bvpi": ("0003_audit_history", "bvpi_inventoryentry"),
    "reports": ("0008_rendering_lease", "reports_publishedfile"),
}


def truncate(table: str) -> str:
    """'truncated', or why the database refused."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {table}")
    except DatabaseError as error:
        return str(error).splitlines()[0]
    return "truncated"


@pytest.mark.django_db(transaction=True)
def test_the_truncate_refusals_are_added_by_migration_and_reverse():
    """Before the migrations that refuse TRUNCATE, a protected table could be
    truncated; unapplying them allows it again, and reapplying refuses it."""
    call_command("migrate", verbosity=0)  # whatever an earlier test unapplied
    tables = [table for _, table in BEFORE_TRUNCATE_REFUSED.values()]
    refused = [f"{TRUNCATE_REFUSED} ({table})." for table in tables]
    assert [truncate(table) for table in tables] == refused
    for app, (previous, _) in BEFORE_TRUNCATE_REFUSED.items():
        call_command("migrate", app, previous, verbosity=0)
    assert [truncate(table) for table in tables] == ["truncated"] * len(tables)
    call_command("migrate", verbosity=0)
    assert [truncate(table) for table in tables] == refused


@pytest.mark.django_db(transaction=True)
def test_renderings_from_before_kinds_are_told_apart_by_migration():
    """0008 makes the renderings of published PDFs (those with a publication) of that
    kind, and leaves previews as they are."""
    from datetime import date, datetime

    from django.db.migrations.executor import MigrationExecutor

    call_command("migrate", "reports", "0007_background_rendering", verbosity=0)
    old = (
        MigrationExecutor(connection)
        .loader.project_state(("reports", "0007_background_rendering"))
        .apps
    )
    user = old.get_model("harrow_its", "User").objects.create(username="writer")
    committee = old.get_model("reports", "Committee").objects.create(name="Cabinet", slug="c")
    meeting = old.get_model("reports", "Meeting").objects.create(
        committee=committee, date=date(2006, 2, 7)
    )
    report = old.get_model("reports", "Report").objects.create(
        meeting=meeting, series="s", subject="S", cut_off=date(2006, 1, 1)
    )
    at = datetime(2006, 1, 30, tzinfo=UTC)
    publication = old.get_model("reports", "Publication").objects.create(
        report=report, published_at=at, published_by=user
    )
    Rendering = old.get_model("reports", "Rendering")
    fields = {"report": report, "requested_by": user, "requested_at": at, "html": "<p>x</p>"}
    published = Rendering.objects.create(publication=publication, restricted=False, **fields)
    preview = Rendering.objects.create(restricted=False, **fields)

    call_command("migrate", verbosity=0)

    from reports.models import Rendering as Now

    kinds = dict(Now.objects.values_list("pk", "kind"))
    assert kinds == {published.pk: "pdf", preview.pk: "preview"}


PACK_FIELDS = (
    "meeting_id",
    "restricted",
    "state",
    "progress",
    "stage",
    "requested_by_id",
    "requested_at",
    "finished_at",
    "pdf",
    "sha256",
    "pages",
    "page_count",
    "attempts",
    "worker_id",
    "heartbeat_at",
)


def packs_as_they_are(model, **only) -> list[tuple]:
    return [
        tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
        for row in model.objects.filter(**only).order_by("restricted").values_list(*PACK_FIELDS)
    ]


@pytest.mark.django_db(transaction=True)
def test_agenda_packs_become_renderings_by_migration_and_back():
    """0011 makes each agenda pack a rendering of kind "pack", with its PDF, pages,
    progress and lease as they were (a pack being built is being made), and points
    its task still waiting at the new task, for the rendering; a task already run is
    left as it was. Unapplied, the packs and their tasks are as they were."""
    from datetime import date, datetime

    from django.db.migrations.executor import MigrationExecutor
    from django_tasks_db.models import DBTaskResult

    call_command("migrate", "reports", "0010_one_job_for_every_pdf", verbosity=0)
    old = (
        MigrationExecutor(connection)
        .loader.project_state(("reports", "0010_one_job_for_every_pdf"))
        .apps
    )
    user = old.get_model("harrow_its", "User").objects.create(username="writer")
    committee = old.get_model("reports", "Committee").objects.create(name="Cabinet", slug="c")
    meeting = old.get_model("reports", "Meeting").objects.create(
        committee=committee, date=date(2006, 2, 7)
    )
    at = datetime(2006, 1, 30, 9, tzinfo=UTC)
    AgendaPack = old.get_model("reports", "AgendaPack")
    mine = {"meeting": meeting, "requested_by": user, "requested_at": at}
    AgendaPack.objects.create(
        restricted=False,
        state="done",
        progress=100,
        stage="Ready",
        finished_at=at,
        pdf=b"%PDF-1.7 the pack",
        sha256="a" * 64,
        pages={"5": 2},
        page_count=3,
        attempts=1,
        worker_id="host:1",
        heartbeat_at=at,
        **mine,
    )
    building = AgendaPack.objects.create(
        restricted=True, state="building", progress=40, stage="Laying out", attempts=2, **mine
    )
    before = packs_as_they_are(AgendaPack)
    task = {"backend_name": "default", "run_after": at, "exception_class_path": "", "traceback": ""}
    waiting = DBTaskResult.objects.create(
        task_path="reports.tasks.build_agenda_pack",
        args_kwargs={"args": [building.pk], "kwargs": {}},
        **task,
    )
    run = DBTaskResult.objects.create(
        task_path="reports.tasks.render_pdf",
        args_kwargs={"args": [building.pk], "kwargs": {}},
        status="SUCCESSFUL",
        **task,
    )

    call_command("migrate", "reports", "0012_agenda_pack_is_a_rendering", verbosity=0)

    from reports.models import Rendering

    moved = [(*row[:2], {"building": "rendering"}.get(row[2], row[2]), *row[3:]) for row in before]
    assert packs_as_they_are(Rendering, kind="pack") == moved
    made = Rendering.objects.get(restricted=True)
    waiting.refresh_from_db()
    run.refresh_from_db()
    assert (waiting.task_path, waiting.args_kwargs["args"]) == (
        "reports.jobs.build_agenda_pack",
        [made.pk],
    )
    assert (run.task_path, run.args_kwargs["args"]) == ("reports.tasks.render_pdf", [building.pk])

    call_command("migrate", "reports", "0010_one_job_for_every_pdf", verbosity=0)
    assert packs_as_they_are(AgendaPack) == before
    waiting.refresh_from_db()
    (pk,) = waiting.args_kwargs["args"]
    assert waiting.task_path == "reports.tasks.build_agenda_pack"
    assert AgendaPack.objects.get(pk=pk).state == "building"
    call_command("migrate", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_part_two_agenda_items_take_their_reports_paragraph_by_migration():
    """0013 gives each Part II agenda item on an exempt report that report's Schedule
    12A paragraph; a Part II item without a report is left for Democratic Services."""
    from datetime import date

    from django.db.migrations.executor import MigrationExecutor

    call_command("migrate", "reports", "0012_agenda_pack_is_a_rendering", verbosity=0)
    old = (
        MigrationExecutor(connection)
        .loader.project_state(("reports", "0012_agenda_pack_is_a_rendering"))
        .apps
    )
    committee = old.get_model("reports", "Committee").objects.create(name="Cabinet", slug="c")
    meeting = old.get_model("reports", "Meeting").objects.create(
        committee=committee, date=date(2006, 2, 7)
    )
    text = dict.fromkeys(
        (
            "subject",
            "responsible_officer",
            "contact_officer",
            "portfolio_holder",
            "decision_required",
            "reason_for_report",
            "benefits",
            "cost_of_proposals",
            "risks",
            "implications_if_rejected",
        ),
        "x",
    )
    old.get_model("reports", "Report").objects.create(
        meeting=meeting,
        series="staffing",
        cut_off=date(2006, 1, 20),
        exempt=True,
        exempt_paragraph="1",
        **text,
    )
    AgendaItem = old.get_model("reports", "AgendaItem")
    AgendaItem.objects.create(
        meeting=meeting, number=1, title="Staffing", series="staffing", exempt=True
    )
    AgendaItem.objects.create(meeting=meeting, number=2, title="Contract", series="", exempt=True)
    AgendaItem.objects.create(meeting=meeting, number=3, title="Minutes", series="", exempt=False)

    call_command("migrate", "reports", "0013_democratic_services_and_clearance", verbosity=0)

    from reports.models import AgendaItem as Item

    assert list(Item.objects.order_by("number").values_list("number", "exempt_paragraph")) == [
        (1, "1"),
        (2, ""),
        (3, ""),
    ]
    call_command("migrate", verbosity=0)
