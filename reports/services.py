"""
Writing reports: editing a draft, correcting a published report, and starting the
next one of its series (publishing one is reports/publishing.py's).

Every edit of a draft claims the report's version (harrow_its.concurrency), so of
two authors editing the same report at once the second is refused and shown the
first one's change. Only drafts can be claimed: a published report is refused here
with a clear message, and by the database's triggers whatever the code does.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from harrow_its.concurrency import StaleEdit, claim
from reports.models import Appendix, Meeting, Paragraph, Report, Section

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


def claim_draft(report: Report, version: int) -> None:
    """Claim the draft at `version` for a change (StaleEdit if someone got there first,
    or it has been published meanwhile)."""
    try:
        claim(Report, pk=report.pk, version=version, message=STALE_REPORT, state=Report.State.DRAFT)
    except StaleEdit:
        if Report.objects.filter(pk=report.pk, state=Report.State.PUBLISHED).exists():
            raise StaleEdit(ALREADY_PUBLISHED) from None
        raise
    report.version = version + 1


@transaction.atomic
def report_details_update(*, report: Report, version: int, **values) -> Report:
    claim_draft(report, version)
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
    claim_draft(report, version)
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
    claim_draft(report, version)
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
    claim_draft(report, version)
    paragraph.delete()


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
