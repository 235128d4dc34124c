"""Reading reports and their published files (who may read which is harrow_its/access.py's)."""

from django.db.models import BinaryField, Case, Exists, OuterRef, QuerySet, When
from django.db.models.functions import Length
from django.shortcuts import get_object_or_404

from harrow_its.access import reports_readable_by
from reports.models import PublishedFile, Report


def reports_visible_to(user) -> QuerySet[Report]:
    """The reports `user` may open (the public: the published Part I reports only)."""
    return Report.objects.select_related("meeting__committee").filter(reports_readable_by(user))


def report_list(user) -> QuerySet[Report]:
    """The reports `user` may open, newest meeting first, each with its publication and
    whether a published correction has superseded it (`corrected`)."""
    corrections = Report.objects.filter(supersedes=OuterRef("pk"), state=Report.State.PUBLISHED)
    return (
        reports_visible_to(user)
        .select_related("publication")
        .annotate(corrected=Exists(corrections))
        .order_by("-meeting__date", "subject", "pk")
    )


def published_file(report: Report, kind: str, *, read_exempt: bool) -> PublishedFile | None:
    """The stored file of a published report for this reader: the restricted one
    (with the exempt parts) if they may read Part II and there is one, else the public one."""
    files = PublishedFile.objects.filter(publication=report.pk, kind=kind)
    if not read_exempt:
        files = files.filter(restricted=False)
    return files.order_by("-restricted").first()


def published_record(
    report: Report, *, read_exempt: bool
) -> tuple[list[PublishedFile], bytes | None]:
    """A published report's files for this reader, in one query: the restricted ones
    (with the exempt parts) if they may read Part II and there are some, else the
    public ones; each with its `size` and, but for the PDF, its contents (`text`).
    And the public data of a Part I report: the source of its open data."""
    files = list(
        PublishedFile.objects.filter(publication=report.pk)
        .defer("content")
        .annotate(
            size=Length("content"),
            text=Case(
                When(kind__in=[PublishedFile.Kind.HTML, PublishedFile.Kind.DATA], then="content"),
                output_field=BinaryField(),
            ),
        )
        .order_by("-kind")  # the PDF first, then the data, then the page
    )
    restricted = read_exempt and any(f.restricted for f in files)
    public_data = next(
        (bytes(f.text) for f in files if f.kind == PublishedFile.Kind.DATA and not f.restricted),
        None,
    )
    return [f for f in files if f.restricted == restricted], public_data


def editable_report(pk: int) -> Report:
    """A draft, for its author to change; a published report is not found here."""
    return get_object_or_404(
        Report.objects.select_related("meeting__committee"), pk=pk, state=Report.State.DRAFT
    )
