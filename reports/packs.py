"""
Agenda packs: a meeting's agenda and the reports on it, as one PDF with one run of
page numbers, a contents page (the agenda, with the page each item starts on) and a
bookmark for each item. Part II items make a pack of their own.

Each report goes in as it was published: its stored HTML (the public version in the
Part I pack), so a pack says exactly what the published reports say.
"""

import hashlib
import re
from dataclasses import dataclass

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from reports import rendering, selectors, workers
from reports.models import AgendaItem, AgendaPack, Meeting, PublishedFile, Report


@dataclass(frozen=True)
class Entry:
    item: AgendaItem
    report: Report | None  # its latest published version, if it has one


def latest_published(meeting: Meeting, series: str) -> Report | None:
    """The newest published version of a series' report to the meeting."""
    return (
        Report.objects.filter(meeting=meeting, series=series, state=Report.State.PUBLISHED)
        .select_related("publication")
        .order_by("-publication__published_at", "-pk")
        .first()
    )


def agenda(meeting: Meeting) -> list[Entry]:
    return [
        Entry(item, latest_published(meeting, item.series) if item.series else None)
        for item in meeting.agenda.all()
    ]


IDS = re.compile(r'\b(id|aria-labelledby|aria-describedby)="([^"]*)"')
FRAGMENT_LINK = re.compile(r'\bhref="#([^"]*)"')


def prefix_ids(html: str, prefix: str) -> str:
    """`html` with every id, and every reference to one, given `prefix`: the reports in
    a pack each have a "section-1-summary" of their own."""
    html = IDS.sub(
        lambda m: f'{m[1]}="{" ".join(f"{prefix}{name}" for name in m[2].split())}"', html
    )
    return FRAGMENT_LINK.sub(lambda m: f'href="#{prefix}{m[1]}"', html)


def _report_html(report: Report, *, restricted: bool) -> str:
    file = selectors.published_file(report, PublishedFile.Kind.HTML, read_exempt=restricted)
    return bytes(file.content).decode()


def pack_html(meeting: Meeting, entries: list[Entry], *, restricted: bool, progress=None) -> str:
    """The pack as one HTML document: the agenda, then each of its items' reports."""
    items = []
    with_reports = [e for e in entries if e.report and e.item.exempt == restricted]
    for done, entry in enumerate(with_reports, start=1):
        body = _report_html(entry.report, restricted=restricted)
        items.append((entry, mark_safe(prefix_ids(body, f"item-{entry.item.number}-"))))  # noqa: S308 (stored, rendered by us)
        if progress:
            progress(10 + 30 * done // len(with_reports), f"Added item {entry.item.number}")
    return render_to_string(
        "reports/pack_pdf.html",
        {"meeting": meeting, "entries": entries, "items": items, "restricted": restricted},
    )


WAITING = "Waiting for the background worker"


@transaction.atomic
def request(meeting: Meeting, *, by) -> list[AgendaPack]:
    """Have the worker build the meeting's packs: Part I, and Part II if any item is
    exempt. Each is queued in the same transaction as it is saved."""
    from reports.tasks import queue  # the task module imports this one

    restricted_too = meeting.agenda.filter(exempt=True).exists()
    made = []
    for restricted in (False, True) if restricted_too else (False,):
        pack = AgendaPack.objects.create(
            meeting=meeting,
            restricted=restricted,
            requested_by=by,
            requested_at=timezone.now(),
            stage=WAITING,
        )
        queue(pack)
        made.append(pack)
    return made


def run(pk: int) -> AgendaPack | None:
    """Build a queued pack, under this worker's lease on it; None if it is not queued
    (another worker has it, or it is done)."""
    claimed = workers.claim(
        AgendaPack,
        pk,
        waiting=AgendaPack.State.QUEUED,
        working=AgendaPack.State.BUILDING,
        now=timezone.now(),
        progress=0,
        stage="Starting",
    )
    if not claimed:
        return None
    return build(AgendaPack.objects.select_related("meeting__committee").get(pk=pk))


def build(pack: AgendaPack) -> AgendaPack:
    """Build `pack`, saying how far it has got as it goes; on failure, say why."""

    def progress(percent: int, stage: str):
        AgendaPack.objects.filter(pk=pack.pk).update(
            progress=percent, stage=stage, heartbeat_at=timezone.now()
        )

    try:
        progress(5, "Reading the agenda")
        entries = agenda(pack.meeting)
        html = pack_html(pack.meeting, entries, restricted=pack.restricted, progress=progress)
        progress(40, "Laying out the pages")
        anchors = [f"item-{e.item.number}" for e in entries]
        rendered = rendering.render(
            html,
            anchors,
            still_waiting=lambda: workers.renew(AgendaPack, pack.pk, now=timezone.now()),
        )
        pdf, pages, page_count = rendered.pdf, rendered.pages, rendered.page_count
        progress(95, "Storing the pack")
        pack.pdf, pack.sha256 = pdf, hashlib.sha256(pdf).hexdigest()
        pack.pages = {anchor.removeprefix("item-"): page for anchor, page in pages.items()}
        pack.page_count, pack.progress, pack.stage = page_count, 100, "Ready"
        pack.state, pack.finished_at = AgendaPack.State.DONE, timezone.now()
    except Exception as error:
        pack.state, pack.finished_at = AgendaPack.State.FAILED, timezone.now()
        pack.stage = f"Failed: {error}"[:200]
        pack.save(update_fields=["state", "finished_at", "stage"])
        raise
    pack.save()
    return pack


def latest_pack(meeting: Meeting, *, restricted: bool) -> AgendaPack | None:
    """The meeting's latest pack that is ready (without its PDF's bytes)."""
    return (
        meeting.packs.filter(restricted=restricted, state=AgendaPack.State.DONE)
        .defer("pdf")
        .first()
    )
