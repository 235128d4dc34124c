"""
A report as the documents people read, and publishing them.

The documents are the report as HTML (the part of the web page below the portal's
own header and notices), the print document its PDF is made from, and the data;
all three come from one assembly. A draft's are made afresh for each request (its
PDF by the background worker: reports/jobs.py). Publishing makes a report's once,
PDFs first, then stores them with the report and freezes it (`publish`, which the
worker runs); they are served from the store (reports/models.py, PublishedFile)
from then on.
"""

import hashlib

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from harrow_its.concurrency import StaleEdit
from harrow_its.models import SiteSettings, User
from reports import pdf, search, services
from reports.assembly import AssembledReport, assemble
from reports.models import Publication, PublishedFile, Report
from reports.services import ALREADY_PUBLISHED, STALE_REPORT


def report_html(assembled: AssembledReport) -> str:
    return render_to_string("reports/includes/report_body.html", {"assembled": assembled})


def report_print_html(assembled: AssembledReport, *, draft: bool) -> str:
    """The document the PDF is rendered from (reports/pdf.py renders it), naming the
    council (its author, its logo) as the site settings stand now. A published
    report's PDF is rendered once, when it is published, and stored: settings saved
    later never change it, nor its stored web page or data."""
    return render_to_string(
        "reports/report_pdf.html",
        {
            "assembled": assembled,
            "draft": draft,
            "site_settings": SiteSettings.objects.get_current(),
        },
    )


def for_reader(assembled: AssembledReport, *, read_exempt: bool) -> AssembledReport:
    """What a reader may see: the exempt parts go unless they may read Part II."""
    return assembled if read_exempt else assembled.without_exempt_parts()


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
            _file(PublishedFile.Kind.HTML, restricted, report_html(version).encode()),
            _file(PublishedFile.Kind.DATA, restricted, version.as_json()),
        ]
        pdfs[restricted] = report_print_html(version, draft=False)
        pdf.refuse_if_too_large(pdfs[restricted])
    return files, pdfs


def refuse_unless_draft_at(report: Report, version: int) -> None:
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
    refuse_unless_draft_at(report, version)
    progress(5, "Putting the report together as at its cut-off")
    files, pdfs = _published_files(report)
    for done, (restricted, html) in enumerate(pdfs.items()):
        progress(10 + 80 * done // len(pdfs), f"Making the PDF ({done + 1} of {len(pdfs)})")
        rendered = pdf.render(html, still_waiting=progress)
        files.append(_file(PublishedFile.Kind.PDF, restricted, rendered.pdf))
    progress(95, "Storing and freezing the report")
    with transaction.atomic():
        services.claim_draft(report, version)
        publication = Publication.objects.create(
            report=report, published_at=at or timezone.now(), published_by=by
        )
        for file in files:
            file.publication = publication
        PublishedFile.objects.bulk_create(files)
        search.index_publication(report.pk, files)  # from the data stored, with it
        # Last: from here on the database refuses any change to the report or its files.
        Report.objects.filter(pk=report.pk).update(state=Report.State.PUBLISHED)
    report.state = Report.State.PUBLISHED
    return publication
