"""
The background worker's jobs: every PDF is made by one (`Rendering`), so a web
server never spends seconds laying out pages.

- A draft's preview (`preview`): its document is fixed when it is asked for
  (reports/publishing.py makes it), and made once for each version of it: asking
  again for an unchanged draft gets the PDF already made.
- Publishing a report (`publishing_start`): the worker makes its PDFs, then freezes
  it with them (reports/publishing.py, `publish`).
- A meeting's agenda packs (`packs_request`): the agenda and its reports as one PDF
  (reports/packs.py says what goes in one).

When a report is published, or a pack is ready, the committee members are told by
e-mail (reports/notifications.py), each once.

Each job goes one way: queued, then rendering while a worker has it, then done or
failed; a failed one can be tried again (`retry`). A job is queued in the
transaction that saves it, so its task is there exactly when it is. The worker
(`manage.py db_worker`, the tasks at the end) does the work within the limits of
the PDF engine (reports/pdf.py), under a lease it renews as it goes
(reports/workers.py): if the worker dies, another takes it up. Meanwhile the page
says how far it has got; a job that failed says why.
"""

import hashlib
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from harrow_its.concurrency import StaleEdit
from reports import clearance, notifications, packs, pdf, publishing, workers
from reports.models import Meeting, Rendering, Report
from reports.pdf import RenderFailed

WAITING = "Waiting for the background worker"
FAILED = "The PDF could not be made: an error occurred."
NOT_A_PREVIEW = (
    "A published report's PDF is made when it is published, before it is frozen: it "
    "cannot be added afterwards."
)
NOT_PUBLISHED = "The report was not published, and is still a draft."
CHANGED_MEANWHILE = (
    "It was changed after it was sent to be published: check it, then publish it again."
)
PUBLISHED = "Published"

logger = logging.getLogger(__name__)


@transaction.atomic
def _new(*, restricted: bool, by, html: str = "", **fields) -> Rendering:
    job = Rendering.objects.create(
        restricted=restricted,
        html=html,
        html_sha256=_digest(html) if html else "",
        requested_by=by,
        requested_at=timezone.now(),
        stage=WAITING,
        **fields,
    )
    queue(job)
    return job


def _digest(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


# Asking for a job


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
    return _new(report=report, html=html, restricted=restricted, by=by)


def of_publication(report: Report, *, read_exempt: bool) -> Rendering | None:
    """The rendering of a published report's PDF for this reader, from before
    publishing made the PDFs first: the restricted one if they may read Part II and
    there is one, else the public one."""
    renderings = Rendering.objects.filter(publication=report.pk).defer("html", "pdf")
    if not read_exempt:
        renderings = renderings.filter(restricted=False)
    return renderings.order_by("-restricted").first()


def publishing_start(*, report: Report, version: int, by) -> Rendering:
    """Have the worker publish `report` as it is at `version` (a stale version is
    refused now, with StaleEdit; and so is one not cleared by everyone the committee
    names, with NotCleared: reports/clearance.py): the author watches it make the PDFs, then freeze
    it. Asking again while it is at it gets the publishing already under way. It
    carries what the report carries, Part II included, so only those who may read
    that see how it goes."""
    publishing.refuse_unless_draft_at(report, version)
    clearance.refuse_unless_cleared(report)
    with transaction.atomic():
        under_way = publishing_of(report)
        if under_way and not under_way.finished:
            return under_way
        return _new(
            report=report, restricted=True, by=by, kind=Rendering.Kind.PUBLISHING, version=version
        )


def publishing_of(report: Report) -> Rendering | None:
    """The report's latest publishing, if it was asked for."""
    return Rendering.objects.filter(report=report, kind=Rendering.Kind.PUBLISHING).first()


@transaction.atomic
def packs_request(*, meeting: Meeting, by) -> list[Rendering]:
    """Have the worker build the meeting's packs: Part I, and Part II if any item is
    exempt."""
    restricted_too = meeting.agenda.filter(exempt=True).exists()
    return [
        _new(meeting=meeting, kind=Rendering.Kind.PACK, restricted=restricted, by=by)
        for restricted in ((False, True) if restricted_too else (False,))
    ]


def latest_pack(meeting: Meeting, *, restricted: bool) -> Rendering | None:
    """The meeting's latest pack that is ready (without its PDF's bytes)."""
    return (
        meeting.packs.filter(restricted=restricted, state=Rendering.State.DONE)
        .defer("pdf", "html")
        .first()
    )


@transaction.atomic
def retry(job: Rendering) -> bool:
    """Queue a failed job again; False if it had not failed (or already went)."""
    again = Rendering.objects.filter(pk=job.pk, state=Rendering.State.FAILED).update(
        state=Rendering.State.QUEUED, progress=0, stage=WAITING, finished_at=None
    )
    if again:
        queue(job)
    return bool(again)


# The worker's part


def claim(pk: int, **changes) -> Rendering | None:
    """Take the lease on a queued job: None if it is not queued (another worker has
    it, it is done, or it was deleted)."""
    if not workers.claim(pk, now=timezone.now(), **changes):
        return None
    return Rendering.objects.select_related("report", "meeting__committee", "requested_by").get(
        pk=pk
    )


def still_at_it(job: Rendering, percent: int | None = None, stage: str | None = None):
    """Renew this worker's lease on `job`, saying how far it has got."""
    changes = {"heartbeat_at": timezone.now()}
    if percent is not None:
        changes |= {"progress": percent, "stage": stage[:200]}
    Rendering.objects.filter(pk=job.pk, worker_id=workers.current_id()).update(**changes)


def finish(job: Rendering, state: str, stage: str) -> Rendering:
    """Say how `job` ended, if this worker still holds it (one that took too long may
    have been taken up by another meanwhile: that one finishes it). A job done keeps
    what it made; a failed one keeps how far it got."""
    job.state, job.stage, job.finished_at = state, stage[:200], timezone.now()
    ended = {"state": state, "stage": job.stage, "finished_at": job.finished_at}
    if state == Rendering.State.DONE:
        job.progress = 100
        ended |= {"progress": 100, "pdf": job.pdf, "page_count": job.page_count}
        if job.kind == Rendering.Kind.PACK:
            ended |= {"sha256": job.sha256, "pages": job.pages}
    Rendering.objects.filter(
        pk=job.pk, state=Rendering.State.RENDERING, worker_id=workers.current_id()
    ).update(**ended)
    return job


def preview_run(pk: int) -> Rendering | None:
    """Render a queued preview and store its PDF; None if it is not queued. A render
    that fails says why."""
    job = claim(pk, progress=10, stage="Laying out the pages")
    if job is None:
        return None
    if job.kind != Rendering.Kind.PREVIEW:  # a published report's PDF is made first
        return finish(job, Rendering.State.FAILED, NOT_A_PREVIEW)
    try:
        rendered = pdf.render(job.html, still_waiting=lambda: still_at_it(job))
    except RenderFailed as error:
        return finish(job, Rendering.State.FAILED, str(error))
    except Exception:
        finish(job, Rendering.State.FAILED, FAILED)
        raise  # for the worker's log
    job.pdf, job.page_count = rendered.pdf, rendered.page_count
    return finish(job, Rendering.State.DONE, "Ready")


def publishing_run(pk: int) -> Rendering | None:
    """Publish the report (reports/publishing.py, `publish`) under this worker's lease,
    saying how far it has got; None if the publishing is not waiting for a worker."""
    job = claim(pk, progress=0, stage="Starting")
    if job is None:
        return None

    def progress(percent=None, stage=None):
        still_at_it(job, percent, stage)

    try:
        publishing.publish(
            report=job.report, version=job.version, by=job.requested_by, progress=progress
        )
    except StaleEdit:
        if _published_by(job):  # a worker before this one published it, then stopped
            _tell_members(notifications.report_published_notify, job, report=job.report)
            return finish(job, Rendering.State.DONE, PUBLISHED)
        return finish(job, Rendering.State.FAILED, f"{NOT_PUBLISHED} {CHANGED_MEANWHILE}")
    except RenderFailed as error:
        return finish(job, Rendering.State.FAILED, f"{NOT_PUBLISHED} {error}")
    except Exception:
        finish(job, Rendering.State.FAILED, f"{NOT_PUBLISHED} An error occurred.")
        raise  # for the worker's log
    # Before it says done, under its lease: a worker that stops while telling the
    # members leaves it to the next, which tells those not told yet.
    _tell_members(notifications.report_published_notify, job, report=job.report)
    return finish(job, Rendering.State.DONE, PUBLISHED)


def _tell_members(notify, job: Rendering, **published) -> None:
    """E-mail the committee members what was published (reports/notifications.py),
    renewing the lease on `job` as it goes. It is published whatever happens to the
    e-mail: a failure is logged, not the job's."""
    try:
        notify(**published, still_waiting=lambda: still_at_it(job))
    except Exception:
        logger.exception("notices-failed job=%s", job.pk)


def _published_by(job: Rendering) -> bool:
    """Whether the report was published at the publishing's version (the claim that
    freezes it moves the version on by one)."""
    return Report.objects.filter(
        pk=job.report_id, state=Report.State.PUBLISHED, version=job.version + 1
    ).exists()


def pack_run(pk: int) -> Rendering | None:
    """Build a queued pack, saying how far it has got as it goes; None if it is not
    queued. A build that fails says why."""
    job = claim(pk, progress=0, stage="Starting")
    if job is None:
        return None

    def progress(percent: int, stage: str):
        still_at_it(job, percent, stage)

    try:
        progress(5, "Reading the agenda")
        entries = packs.agenda(job.meeting)
        html = packs.pack_html(job.meeting, entries, restricted=job.restricted, progress=progress)
        progress(40, "Laying out the pages")
        anchors = [f"item-{e.item.number}" for e in entries]
        rendered = pdf.render(html, anchors, still_waiting=lambda: still_at_it(job))
        progress(95, "Storing the pack")
    except Exception as error:
        finish(job, Rendering.State.FAILED, f"Failed: {error}")
        raise  # for the worker's log
    job.pdf, job.sha256 = rendered.pdf, hashlib.sha256(rendered.pdf).hexdigest()
    job.pages = {anchor.removeprefix("item-"): page for anchor, page in rendered.pages.items()}
    job.page_count = rendered.page_count
    finish(job, Rendering.State.DONE, "Ready")
    _tell_members(notifications.pack_published_notify, job, pack=job)
    return job


# The tasks, which `manage.py db_worker` runs


@task()
def render_preview(rendering_id: int) -> None:
    preview_run(rendering_id)


@task()
def publish_report(rendering_id: int) -> None:
    publishing_run(rendering_id)


@task()
def build_agenda_pack(rendering_id: int) -> None:
    pack_run(rendering_id)


TASKS = {
    Rendering.Kind.PREVIEW: render_preview,
    Rendering.Kind.PUBLISHED_PDF: render_preview,  # which fails it: see preview_run
    Rendering.Kind.PUBLISHING: publish_report,
    Rendering.Kind.PACK: build_agenda_pack,
}


def queue(job: Rendering) -> None:
    """Have a worker do `job`. The task is saved in the caller's transaction (the
    tasks' backend is this database), so it is there exactly when the job is."""
    TASKS[job.kind].enqueue(job.pk)
