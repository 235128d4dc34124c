"""
PDFs, made in the background: a web server never spends seconds laying out pages.

Asking for a draft's PDF fixes the document to render (reports/documents.py) and
queues a `Rendering`; publishing queues one too, which makes the report's PDFs and
only then freezes it (reports/services.py). The worker (`manage.py db_worker`,
reports/tasks.py) does the work within the limits of reports/pdf.py, under a lease
it renews as it goes (reports/workers.py): if the worker dies, another takes it up.
Meanwhile the page says how far it has got; a rendering that failed says why, and
can be tried again.

A draft's preview is made once for each version of its document: asking again for
an unchanged draft gets the PDF already made.
"""

import hashlib

from django.db import transaction
from django.utils import timezone

from reports import workers
from reports.models import Rendering, Report
from reports.pdf import RenderFailed, render

WAITING = "Waiting for the background worker"
FAILED = "The PDF could not be made: an error occurred."
NOT_A_PREVIEW = (
    "A published report's PDF is made when it is published, before it is frozen: it "
    "cannot be added afterwards."
)


def _queue(rendering: Rendering) -> None:
    """Have the worker do `rendering`: queued in the caller's transaction, so the task
    is there exactly when the rendering is."""
    from reports.tasks import queue  # the task module imports this one

    queue(rendering)


@transaction.atomic
def _new(report: Report, html: str, *, restricted: bool, by, **fields) -> Rendering:
    rendering = Rendering.objects.create(
        report=report,
        restricted=restricted,
        html=html,
        html_sha256=_digest(html) if html else "",
        requested_by=by,
        requested_at=timezone.now(),
        stage=WAITING,
        **fields,
    )
    _queue(rendering)
    return rendering


def of_publication(report: Report, *, read_exempt: bool) -> Rendering | None:
    """The rendering of a published report's PDF for this reader, from before
    publishing made the PDFs first: the restricted one if they may read Part II and
    there is one, else the public one."""
    renderings = Rendering.objects.filter(publication=report.pk).defer("html", "pdf")
    if not read_exempt:
        renderings = renderings.filter(restricted=False)
    return renderings.order_by("-restricted").first()


def _digest(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


def _previews(report: Report, *, restricted: bool):
    return Rendering.objects.filter(
        report=report, kind=Rendering.Kind.PREVIEW, restricted=restricted
    )


def preview_of(report: Report, html: str, *, restricted: bool) -> Rendering | None:
    """The preview made (or being made, or that failed) of a draft whose document is
    `html`, if one was asked for."""
    return (
        _previews(report, restricted=restricted)
        .filter(html_sha256=_digest(html))
        .defer("html")
        .first()
    )


def preview(report: Report, html: str, *, restricted: bool, by) -> Rendering:
    """A preview of a draft whose document is `html`: the one asked for already, else a
    new one, queued. Older previews for the same audience that are finished are
    deleted: the draft has moved on from them."""
    same = preview_of(report, html, restricted=restricted)
    if same:
        return same
    finished = _previews(report, restricted=restricted).filter(
        state__in=[Rendering.State.DONE, Rendering.State.FAILED]
    )
    finished.delete()
    return _new(report, html, restricted=restricted, by=by)


def publishing(report: Report, *, version: int, by) -> Rendering:
    """Have the worker publish `report` as it is at `version`: make its PDFs, then
    freeze it (reports/services.py `publish`). Asking again while it is at it gets the
    publishing already under way. It carries what the report carries, Part II
    included, so only those who may read that see how it goes."""
    with transaction.atomic():
        under_way = publishing_of(report)
        if under_way and not under_way.finished:
            return under_way
        return _new(
            report, "", restricted=True, by=by, kind=Rendering.Kind.PUBLISHING, version=version
        )


def publishing_of(report: Report) -> Rendering | None:
    """The report's latest publishing, if it was asked for."""
    return Rendering.objects.filter(report=report, kind=Rendering.Kind.PUBLISHING).first()


@transaction.atomic
def retry(rendering: Rendering) -> bool:
    """Queue a failed rendering again; False if it had not failed (or already went)."""
    again = Rendering.objects.filter(pk=rendering.pk, state=Rendering.State.FAILED).update(
        state=Rendering.State.QUEUED, progress=0, stage=WAITING, finished_at=None
    )
    if again:
        _queue(rendering)
    return bool(again)


def claim(pk: int, **changes) -> Rendering | None:
    """Take the lease on a queued rendering: None if it is not queued (another worker
    has it, it is done, or it was deleted)."""
    claimed = workers.claim(
        Rendering,
        pk,
        waiting=Rendering.State.QUEUED,
        working=Rendering.State.RENDERING,
        now=timezone.now(),
        **changes,
    )
    return (
        Rendering.objects.select_related("report", "requested_by").get(pk=pk) if claimed else None
    )


def still_at_it(rendering: Rendering, percent: int | None = None, stage: str | None = None):
    """Renew this worker's lease on `rendering`, saying how far it has got."""
    changes = {"heartbeat_at": timezone.now()}
    if percent is not None:
        changes |= {"progress": percent, "stage": stage[:200]}
    Rendering.objects.filter(pk=rendering.pk, worker_id=workers.current_id()).update(**changes)


def run(pk: int) -> Rendering | None:
    """Render a queued preview and store its PDF; None if it is not queued. A render
    that fails says why."""
    rendering = claim(pk, progress=10, stage="Laying out the pages")
    if rendering is None:
        return None
    if rendering.kind != Rendering.Kind.PREVIEW:  # a published report's PDF is made first
        return finish(rendering, Rendering.State.FAILED, NOT_A_PREVIEW)
    try:
        rendered = render(rendering.html, still_waiting=lambda: still_at_it(rendering))
    except RenderFailed as error:
        return finish(rendering, Rendering.State.FAILED, str(error))
    except Exception:
        finish(rendering, Rendering.State.FAILED, FAILED)
        raise  # for the worker's log
    rendering.pdf, rendering.page_count = rendered.pdf, rendered.page_count
    return finish(rendering, Rendering.State.DONE, "Ready")


def finish(rendering: Rendering, state: str, stage: str) -> Rendering:
    """Say how `rendering` ended, if this worker still holds it (one that took too long
    may have been taken up by another meanwhile: that one finishes it)."""
    rendering.state, rendering.stage, rendering.finished_at = state, stage[:200], timezone.now()
    ended = {"state": state, "stage": rendering.stage, "finished_at": rendering.finished_at}
    if state == Rendering.State.DONE:  # a failure leaves how far it got
        rendering.progress = 100
        ended |= {"progress": 100, "pdf": rendering.pdf, "page_count": rendering.page_count}
    Rendering.objects.filter(
        pk=rendering.pk, state=Rendering.State.RENDERING, worker_id=workers.current_id()
    ).update(**ended)
    return rendering
