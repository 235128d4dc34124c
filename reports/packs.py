"""
Agenda packs: a meeting's agenda and the reports on it, as one PDF with one run of
page numbers, a contents page (the agenda, with the page each item starts on) and a
bookmark for each item. Part II items make a pack of their own.

Each report goes in as it was published: its stored HTML (the public version in the
Part I pack), so a pack says exactly what the published reports say. This module
says what goes in a pack; the background worker builds it (reports/jobs.py).

The papers are late when they come out after the meeting's deadline (five clear
working days before it: harrow_its/calendar.py): a report published after it is a
late item, and so is the whole agenda when its pack is built after it. Late papers
are taken only as urgent business, for the reason the meeting records
(`Meeting.late_reason`), which the pack's builder is asked for until the meeting is
held (`lateness`).
"""

import re
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from harrow_its import calendar
from harrow_its.models import SiteSettings
from reports import selectors
from reports.models import AgendaItem, Meeting, PublishedFile, Report


@dataclass(frozen=True)
class Entry:
    item: AgendaItem
    report: Report | None  # its latest published version, if it has one
    late: bool = False  # that report was published after the meeting's papers deadline


def latest_published(meeting: Meeting, series: str) -> Report | None:
    """The newest published version of a series' report to the meeting."""
    return (
        Report.objects.filter(meeting=meeting, series=series, state=Report.State.PUBLISHED)
        .select_related("publication")
        .order_by("-publication__published_at", "-pk")
        .first()
    )


def published_late(report: Report | None, meeting: Meeting) -> bool:
    """Whether `report` was published (on its London day) after the meeting's deadline."""
    if report is None:
        return False
    published = calendar.local_date(report.publication.published_at)
    return calendar.is_late(published, meeting.date)


def agenda(meeting: Meeting) -> list[Entry]:
    entries = []
    for item in meeting.agenda.all():
        report = latest_published(meeting, item.series) if item.series else None
        entries.append(Entry(item, report, late=published_late(report, meeting)))
    return entries


@dataclass(frozen=True)
class Lateness:
    """A meeting's papers as a pack built on a day takes them: whether the deadline
    has `passed`, the meeting been `held`, and which reports came out late."""

    deadline: date
    passed: bool
    held: bool
    late_entries: tuple[Entry, ...]

    @property
    def asks_why(self) -> bool:
        """The papers are late for a meeting still to come (the pack is built after the
        deadline, or a report on it came out after it): the builder must say why they
        must still be taken. Once the meeting is held there is no urgency left to
        argue: a pack built then is the record of what it had."""
        return not self.held and (self.passed or bool(self.late_entries))


def lateness(meeting: Meeting, entries: list[Entry], *, today: date) -> Lateness:
    papers = meeting.deadline_on(today)
    return Lateness(
        deadline=papers.day,
        passed=papers.passed,
        held=papers.held,
        late_entries=tuple(entry for entry in entries if entry.late),
    )


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
        {
            "meeting": meeting,
            "entries": entries,
            "items": items,
            "restricted": restricted,
            "site_settings": SiteSettings.objects.get_current(),
        },
    )
