"""
PDFs, made in the background: a web server never spends seconds laying out pages.

Asking for a PDF fixes the document to render (reports/documents.py) and queues a
`Rendering`; the worker (`manage.py db_worker`, reports/tasks.py) renders it, within
the limits of reports/pdf.py, and stores the result: a published report's PDF as
one of its published files, a draft's preview on the rendering itself. Meanwhile
the page says how far it has got; a rendering that failed says why, and can be
tried again from the same document.

A draft's preview is made once for each version of its document: asking again for
an unchanged draft gets the PDF already made.
"""

import hashlib
from functools import partial

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from reports.models import Publication, PublishedFile, Rendering, Report
from reports.pdf import RenderFailed, render

WAITING = "Waiting for the background worker"


def _queue(rendering: Rendering) -> None:
    """Have the worker render `rendering` once the transaction that asked commits."""
    from reports.tasks import render_pdf  # the task module imports this one

    transaction.on_commit(partial(render_pdf.enqueue, rendering.pk))


def _new(report: Report, html: str, *, restricted: bool, by, publication=None) -> Rendering:
    rendering = Rendering.objects.create(
        report=report,
        publication=publication,
        restricted=restricted,
        html=html,
        html_sha256=_digest(html),
        requested_by=by,
        requested_at=timezone.now(),
        stage=WAITING,
    )
    _queue(rendering)
    return rendering


def publication_pdfs(publication: Publication, documents: dict[bool, str], *, by) -> None:
    """Queue a just-published report's PDFs: one for each audience (restricted or
    not) in `documents`, each rendered from its document."""
    for restricted, html in documents.items():
        _new(publication.report, html, restricted=restricted, by=by, publication=publication)


def of_publication(report: Report, *, read_exempt: bool) -> Rendering | None:
    """The rendering of a published report's PDF for this reader: the restricted one
    if they may read Part II and there is one, else the public one."""
    renderings = Rendering.objects.filter(publication=report.pk).defer("html", "pdf")
    if not read_exempt:
        renderings = renderings.filter(restricted=False)
    return renderings.order_by("-restricted").first()


def _digest(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


def preview_of(report: Report, html: str, *, restricted: bool) -> Rendering | None:
    """The preview made (or being made, or that failed) of a draft whose document is
    `html`, if one was asked for."""
    return (
        Rendering.objects.filter(
            report=report, publication=None, restricted=restricted, html_sha256=_digest(html)
        )
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
    previews = Rendering.objects.filter(report=report, publication=None, restricted=restricted)
    previews.filter(state__in=[Rendering.State.DONE, Rendering.State.FAILED]).delete()
    return _new(report, html, restricted=restricted, by=by)


def retry(rendering: Rendering) -> bool:
    """Queue a failed rendering again; False if it had not failed (or already went)."""
    again = Rendering.objects.filter(pk=rendering.pk, state=Rendering.State.FAILED).update(
        state=Rendering.State.QUEUED, progress=0, stage=WAITING, finished_at=None
    )
    if again:
        _queue(rendering)
    return bool(again)


def run(pk: int) -> Rendering | None:
    """Render a queued rendering and store the PDF; None if it is not queued (another
    worker has it, it is done, or it was deleted). A render that fails says why."""
    claimed = Rendering.objects.filter(pk=pk, state=Rendering.State.QUEUED).update(
        state=Rendering.State.RENDERING,
        progress=10,
        stage="Laying out the pages",
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return None
    rendering = Rendering.objects.get(pk=pk)
    try:
        rendered = render(rendering.html)
    except RenderFailed as error:
        return _finish(rendering, Rendering.State.FAILED, str(error))
    except Exception:
        _finish(rendering, Rendering.State.FAILED, "The PDF could not be made: an error occurred.")
        raise  # for the worker's log
    with transaction.atomic():
        if rendering.publication_id:
            PublishedFile.objects.create(
                publication_id=rendering.publication_id,
                kind=PublishedFile.Kind.PDF,
                restricted=rendering.restricted,
                content=rendered.pdf,
                sha256=hashlib.sha256(rendered.pdf).hexdigest(),
            )
        else:
            rendering.pdf = rendered.pdf
        rendering.page_count = rendered.page_count
        return _finish(rendering, Rendering.State.DONE, "Ready")


def _finish(rendering: Rendering, state: str, stage: str) -> Rendering:
    rendering.state, rendering.stage, rendering.finished_at = state, stage[:200], timezone.now()
    rendering.progress = 100 if state == Rendering.State.DONE else rendering.progress
    rendering.save(update_fields=["state", "stage", "finished_at", "progress", "pdf", "page_count"])
    return rendering
