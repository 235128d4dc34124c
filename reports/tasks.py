"""Work done in the background by `manage.py db_worker` (django-tasks)."""

from django_tasks import task

from reports import packs, rendering, services
from reports.models import AgendaPack, Rendering


@task()
def build_agenda_pack(pack_id: int) -> None:
    packs.run(pack_id)


@task()
def render_pdf(rendering_id: int) -> None:
    rendering.run(rendering_id)


@task()
def publish_report(rendering_id: int) -> None:
    services.publishing_run(rendering_id)


def queue(job: AgendaPack | Rendering) -> None:
    """Have a worker do `job`. The task is saved in the caller's transaction (the
    tasks' backend is this database), so it is there exactly when the job is."""
    if isinstance(job, AgendaPack):
        build_agenda_pack.enqueue(job.pk)
    elif job.kind == Rendering.Kind.PUBLISHING:
        publish_report.enqueue(job.pk)
    else:
        render_pdf.enqueue(job.pk)
