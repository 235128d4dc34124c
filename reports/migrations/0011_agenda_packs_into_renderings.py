"""Every agenda pack becomes a rendering of kind "pack", with its PDF, pages, progress
and lease as they were; a pack being built is a rendering being made. The tasks
still waiting to run are pointed at the new task module (reports/jobs.py), a pack's
at its rendering. Unapplied, each goes back as it was."""

from django.db import migrations

# The fields a pack and its rendering share, as they are.
SHARED = (
    "meeting_id",
    "restricted",
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
# A pack's state, and its rendering's.
STATES = {"queued": "queued", "building": "rendering", "done": "done", "failed": "failed"}
# The tasks of reports/tasks.py, and those of reports/jobs.py that do the same work.
TASKS = {
    "reports.tasks.render_pdf": "reports.jobs.render_preview",
    "reports.tasks.publish_report": "reports.jobs.publish_report",
    "reports.tasks.build_agenda_pack": "reports.jobs.build_agenda_pack",
}
PACK_TASKS = ("reports.tasks.build_agenda_pack", "reports.jobs.build_agenda_pack")


def _waiting_tasks(apps, path: str):
    return apps.get_model("django_tasks_database", "DBTaskResult").objects.filter(
        status="READY", task_path=path
    )


def _repoint(apps, paths: dict[str, str], packs: dict[int, int]) -> None:
    """Point the waiting tasks at `paths`' new task, a pack's task at its new id. One
    of a pack since deleted had nothing to do: it goes, rather than point at another."""
    for old, new in paths.items():
        for task in _waiting_tasks(apps, old):
            if old in PACK_TASKS:
                (pk,) = task.args_kwargs["args"]
                if pk not in packs:
                    task.delete()
                    continue
                task.args_kwargs = {**task.args_kwargs, "args": [packs[pk]]}
            task.task_path = new
            task.save(update_fields=["task_path", "args_kwargs"])


def packs_into_renderings(apps, schema_editor):
    AgendaPack = apps.get_model("reports", "AgendaPack")
    Rendering = apps.get_model("reports", "Rendering")
    moved = {}
    for pack in AgendaPack.objects.order_by("pk"):
        rendering = Rendering.objects.create(
            kind="pack",
            state=STATES[pack.state],
            **{name: getattr(pack, name) for name in SHARED},
        )
        moved[pack.pk] = rendering.pk
    AgendaPack.objects.all().delete()
    _repoint(apps, TASKS, moved)


def renderings_into_packs(apps, schema_editor):
    AgendaPack = apps.get_model("reports", "AgendaPack")
    Rendering = apps.get_model("reports", "Rendering")
    moved = {}
    states = {rendering: pack for pack, rendering in STATES.items()}
    packs = Rendering.objects.filter(kind="pack")
    for rendering in packs.order_by("pk"):
        pack = AgendaPack.objects.create(
            state=states[rendering.state],
            **{name: getattr(rendering, name) for name in SHARED},
        )
        moved[rendering.pk] = pack.pk
    packs.delete()
    _repoint(apps, {new: old for old, new in TASKS.items()}, moved)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0010_one_job_for_every_pdf"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(packs_into_renderings, renderings_into_packs)]
