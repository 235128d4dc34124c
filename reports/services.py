"""
Writing reports: editing a draft, publishing it, correcting it, and starting the
next one of its series.

Every edit of a draft claims the report's version (harrow_its.concurrency), so of
two authors editing the same report at once the second is refused and shown the
first one's change. Only drafts can be claimed: a published report is refused here
with a clear message, and by the database's triggers whatever the code does.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from harrow_its.concurrency import StaleEdit, claim
from harrow_its.models import User
from reports import documents, rendering
from reports.assembly import assemble
from reports.models import (
    Appendix,
    Meeting,
    Paragraph,
    Publication,
    PublishedFile,
    Rendering,
    Report,
    Section,
)
from reports.pdf import RenderFailed, refuse_if_too_large

STALE_REPORT = (
    "Someone else changed this report while you were editing it, so your change has not "
    "been saved. Check the report as it is now, then make your change again if it is "
    "still needed."
)
ALREADY_PUBLISHED = (
    "This report has been published, so it cannot be changed. Start a correction instead."
)
ALREADY_CORRECTED = "This report already has a correction: change that one instead."
SERIES_TAKEN = "There is already a report of this series for the meeting on {:%-d %B %Y}"
NOT_PUBLISHED = "The report was not published, and is still a draft."
CHANGED_MEANWHILE = (
    "It was changed after it was sent to be published: check it, then publish it again."
)
PUBLISHED = "Published"

# The report fields an author edits on the details form.
DETAIL_FIELDS = (
    "subject",
    "responsible_officer",
    "contact_officer",
    "portfolio_holder",
    "key_decision",
    "exempt",
    "exempt_paragraph",
    "enclosures",
    "cut_off",
    "decision_required",
    "reason_for_report",
    "benefits",
    "cost_of_proposals",
    "risks",
    "implications_if_rejected",
)


def _claim_draft(report: Report, version: int) -> None:
    try:
        claim(Report, pk=report.pk, version=version, message=STALE_REPORT, state=Report.State.DRAFT)
    except StaleEdit:
        if Report.objects.filter(pk=report.pk, state=Report.State.PUBLISHED).exists():
            raise StaleEdit(ALREADY_PUBLISHED) from None
        raise
    report.version = version + 1


@transaction.atomic
def report_details_update(*, report: Report, version: int, **values) -> Report:
    _claim_draft(report, version)
    for name in DETAIL_FIELDS:
        if name in values:
            setattr(report, name, values[name])
    if not report.exempt:
        report.exempt_paragraph = ""
    report.full_clean(validate_unique=False)
    report.save(update_fields=[*DETAIL_FIELDS, "version"])
    return report


@transaction.atomic
def section_save(
    *, report: Report, version: int, number: int, title: str, section: Section | None = None
) -> Section:
    _claim_draft(report, version)
    section = section or Section(report=report)
    section.number, section.title = number, title
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def paragraph_save(
    *,
    report: Report,
    version: int,
    section: Section,
    number: str,
    heading: str,
    body: str,
    exempt: bool,
    exempt_paragraph: str,
    paragraph: Paragraph | None = None,
) -> Paragraph:
    """Add a paragraph at the end of `section`, or change one (moving it there)."""
    _claim_draft(report, version)
    if paragraph is None or paragraph.section_id != section.pk:
        last = section.paragraphs.aggregate(last=Max("order"))["last"] or 0
        paragraph = paragraph or Paragraph()
        paragraph.section, paragraph.order = section, last + 1
    paragraph.number, paragraph.heading, paragraph.body = number, heading, body
    paragraph.exempt, paragraph.exempt_paragraph = exempt, exempt_paragraph if exempt else ""
    paragraph.full_clean(validate_unique=False)
    paragraph.save()
    return paragraph


@transaction.atomic
def paragraph_delete(*, report: Report, version: int, paragraph: Paragraph) -> None:
    _claim_draft(report, version)
    paragraph.delete()


def _file(kind: str, restricted: bool, content: bytes) -> PublishedFile:
    return PublishedFile(
        kind=kind,
        restricted=restricted,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _published_files(report: Report) -> tuple[list[PublishedFile], dict[bool, str]]:
    """The web page and data to store, and the documents of the PDFs to make: for the
    public, the restricted audience (with the exempt parts), or both."""
    assembled = assemble(report)
    if report.exempt:
        audiences = [(True, assembled)]
    elif assembled.has_exempt_parts:
        audiences = [(False, assembled.without_exempt_parts()), (True, assembled)]
    else:
        audiences = [(False, assembled)]
    files, pdfs = [], {}
    for restricted, version in audiences:
        files += [
            _file(PublishedFile.Kind.HTML, restricted, documents.report_html(version).encode()),
            _file(PublishedFile.Kind.DATA, restricted, version.as_json()),
        ]
        pdfs[restricted] = documents.report_print_html(version, draft=False)
        refuse_if_too_large(pdfs[restricted])
    return files, pdfs


def _unchanged_draft(report: Report, version: int) -> None:
    """Raise StaleEdit unless `report` is still a draft at `version`."""
    current = Report.objects.filter(pk=report.pk).values_list("state", "version").first()
    if current and current[0] == Report.State.PUBLISHED:
        raise StaleEdit(ALREADY_PUBLISHED)
    if current != (Report.State.DRAFT, version):
        raise StaleEdit(STALE_REPORT)


def publish(*, report: Report, version: int, by: User, at=None, progress=None) -> Publication:
    """Publish the report as it is at `version`: make its PDFs, then in one
    transaction store them with its web page and data, and freeze it. So a report is
    frozen only with the PDFs made from the very documents stored: a PDF that cannot
    be made (RenderFailed says why) leaves it a draft, and so does a change to the
    draft meanwhile (StaleEdit).

    `progress(percent, stage)` hears how far it has got (the worker's page shows it,
    and it renews the worker's lease); `at` is when it was published (now, unless the
    demo says otherwise).
    """
    progress = progress or (lambda percent=None, stage=None: None)
    _unchanged_draft(report, version)
    progress(5, "Putting the report together as at its cut-off")
    files, pdfs = _published_files(report)
    for done, (restricted, html) in enumerate(pdfs.items()):
        progress(10 + 80 * done // len(pdfs), f"Making the PDF ({done + 1} of {len(pdfs)})")
        rendered = rendering.render(html, still_waiting=progress)
        files.append(_file(PublishedFile.Kind.PDF, restricted, rendered.pdf))
    progress(95, "Storing and freezing the report")
    with transaction.atomic():
        _claim_draft(report, version)
        publication = Publication.objects.create(
            report=report, published_at=at or timezone.now(), published_by=by
        )
        for file in files:
            file.publication = publication
        PublishedFile.objects.bulk_create(files)
        # Last: from here on the database refuses any change to the report or its files.
        Report.objects.filter(pk=report.pk).update(state=Report.State.PUBLISHED)
    report.state = Report.State.PUBLISHED
    return publication


def publishing_start(*, report: Report, version: int, by: User) -> Rendering:
    """Ask the worker to publish the report as it is at `version` (a stale version is
    refused now, with StaleEdit): the author watches it make the PDFs, then freeze it."""
    _unchanged_draft(report, version)
    return rendering.publishing(report, version=version, by=by)


def publishing_run(pk: int) -> Rendering | None:
    """The worker's part of publishing: `publish` under its lease on the publishing,
    saying how far it has got; None if the publishing is not waiting for a worker."""
    job = rendering.claim(pk, progress=0, stage="Starting")
    if job is None:
        return None

    def progress(percent=None, stage=None):
        rendering.still_at_it(job, percent, stage)

    try:
        publish(report=job.report, version=job.version, by=job.requested_by, progress=progress)
    except StaleEdit:
        if _published_by(job):  # a worker before this one published it, then stopped
            return rendering.finish(job, Rendering.State.DONE, PUBLISHED)
        return rendering.finish(job, Rendering.State.FAILED, f"{NOT_PUBLISHED} {CHANGED_MEANWHILE}")
    except RenderFailed as error:
        return rendering.finish(job, Rendering.State.FAILED, f"{NOT_PUBLISHED} {error}")
    except Exception:
        rendering.finish(job, Rendering.State.FAILED, f"{NOT_PUBLISHED} An error occurred.")
        raise  # for the worker's log
    return rendering.finish(job, Rendering.State.DONE, PUBLISHED)


def _published_by(job: Rendering) -> bool:
    """Whether the report was published at the publishing's version (the claim that
    freezes it moves the version on by one)."""
    return Report.objects.filter(
        pk=job.report_id, state=Report.State.PUBLISHED, version=job.version + 1
    ).exists()


def _copy(report: Report, **changes) -> Report:
    """A new draft with `report`'s cover, summary, sections, paragraphs and appendices."""
    copy = Report(
        meeting=report.meeting,
        series=report.series,
        **{name: getattr(report, name) for name in DETAIL_FIELDS},
    )
    for name, value in changes.items():
        setattr(copy, name, value)
    copy.full_clean(validate_unique=False)
    copy.save()
    for section in report.sections.prefetch_related("paragraphs"):
        paragraphs = list(section.paragraphs.all())
        section.pk, section.report = None, copy
        section.save()
        for paragraph in paragraphs:
            paragraph.pk, paragraph.section = None, section
        Paragraph.objects.bulk_create(paragraphs)
    Appendix.objects.bulk_create(
        Appendix(
            report=copy,
            number=a.number,
            title=a.title,
            kind=a.kind,
            exempt=a.exempt,
            exempt_paragraph=a.exempt_paragraph,
        )
        for a in report.appendices.all()
    )
    return copy


@transaction.atomic
def correction_start(*, report: Report, reason: str) -> Report:
    """A draft correcting a published report; publishing it supersedes the original."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not report.is_published:
        raise ValidationError("Only a published report can be corrected: change the draft.")
    if Report.objects.filter(supersedes=report).exists():
        raise ValidationError(ALREADY_CORRECTED)
    return _copy(report, supersedes=report, correction_reason=reason)


@transaction.atomic
def next_report_start(*, previous: Report, meeting_date, cut_off) -> Report:
    """The series' report for a later meeting, starting from `previous`'s text."""
    meeting, _ = Meeting.objects.get_or_create(
        committee=previous.meeting.committee, date=meeting_date
    )
    taken = Report.objects.filter(meeting=meeting, series=previous.series, supersedes=None)
    if taken.exists():
        raise ValidationError({"meeting_date": SERIES_TAKEN.format(meeting_date)})
    return _copy(previous, meeting=meeting, cut_off=cut_off, supersedes=None, correction_reason="")
