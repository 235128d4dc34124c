"""Work done in the background by `manage.py db_worker` (django-tasks)."""

from django_tasks import task

from reports import packs, rendering
from reports.models import AgendaPack


@task()
def build_agenda_pack(pack_id: int) -> None:
    packs.build(AgendaPack.objects.select_related("meeting__committee").get(pk=pack_id))


@task()
def render_pdf(rendering_id: int) -> None:
    rendering.run(rendering_id)
