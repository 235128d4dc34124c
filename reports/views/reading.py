"""
Reading reports: the list, a report as a web page, its PDF, its data and open data.

A report a person may not read is "not found", so Part II never shows even that it
exists. Readers who may not read Part II get a version with the exempt parts taken
out, and any response carrying exempt content is never cached.

A draft is assembled from the live data on each request. A published report is
served from its stored files, exactly as they were when it was published.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from harrow_its.access import AUTHORS, PUBLIC, access
from harrow_its.forms import as_at_form
from reports import documents, opendata, selectors
from reports.assembly import assemble
from reports.models import Meeting, PublishedFile, Report
from reports.pdf import RenderFailed
from reports.views import private

CONTENT_TYPES = {
    PublishedFile.Kind.PDF: "application/pdf",
    PublishedFile.Kind.DATA: "application/json",
}


@access(PUBLIC)
def report_list(request):
    reports = list(selectors.report_list(request.user))
    response = render(
        request,
        "reports/report_list.html",
        {"reports": reports, "meetings": Meeting.objects.select_related("committee")},
    )
    # Members see Part II reports' subjects listed: Part II too.
    part_two = any(report.exempt for report in reports)
    return private(response, part_two, request=request, what="report list")


def _readable(request, pk) -> Report:
    report = selectors.reports_visible_to(request.user).filter(pk=pk).first()
    if report is None:
        raise Http404("No such report.")
    return report


def _stored(request, report, kind) -> PublishedFile:
    file = selectors.published_file(
        report, kind, read_exempt=selectors.can_read_exempt(request.user)
    )
    if file is None:  # published without this kind of file: never, but say so plainly
        raise Http404("This report was published without it.")
    return file


def _live(request, report, as_at=None):
    """A draft's assembly, as this reader may see it (as at another day, to preview it)."""
    read_exempt = selectors.can_read_exempt(request.user)
    assembled = documents.for_reader(assemble(report, as_at), read_exempt=read_exempt)
    exempt_content = report.exempt or (read_exempt and assembled.has_exempt_parts)
    return assembled, exempt_content


@access(PUBLIC)
def report_detail(request, pk):
    report = _readable(request, pk)
    context = {"report": report, "may_author": AUTHORS.allows(request.user)}
    if report.is_published:
        file = _stored(request, report, PublishedFile.Kind.HTML)
        context |= {
            "open_tables": _open_tables(report),
            "publication": report.publication,
            "files": selectors.published_files(report, restricted=file.restricted),
            "article": mark_safe(bytes(file.content).decode()),  # noqa: S308 (rendered by us)
            "correction": Report.objects.filter(supersedes=report).first(),
        }
        response = render(request, "reports/published.html", context)
        return private(response, file.restricted, request=request, what=f"report={report.pk} page")
    preview = as_at_form(
        request,
        label="Preview it with the data as at another day",
        hint=f"For example, 1 9 2005. Leave it blank for its own date, {report.cut_off:%-d %B %Y}.",
    )
    as_at = preview.cleaned_data["as_at"] if preview.is_valid() else None
    assembled, exempt_content = _live(request, report, as_at)
    context |= {"article": documents.report_html(assembled), "preview": preview, "as_at": as_at}
    response = render(request, "reports/report.html", context)
    return private(response, exempt_content, request=request, what=f"report={report.pk} draft")


def _public_data(report) -> bytes | None:
    """The stored public data of a published Part I report: open data's source."""
    if report.exempt or not report.is_published:
        return None
    file = selectors.published_file(report, PublishedFile.Kind.DATA, read_exempt=False)
    return bytes(file.content) if file else None


def _open_tables(report):
    data = _public_data(report)
    return opendata.tables(data) if data else []


@access(PUBLIC)
def report_open_data(request, pk, name):
    """One appendix table of a published Part I report, as CSV: open data."""
    report = _readable(request, pk)
    data = _public_data(report)
    filename = f"{name}.csv"
    content = opendata.table_csv(data, filename) if data else None
    if content is None:
        raise Http404("No such table.")
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    name = f"{report.meeting.date:%Y-%m-%d}-{report.series}-{filename}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _download(request, pk, kind, extension):
    report = _readable(request, pk)
    if report.is_published:
        file = _stored(request, report, kind)
        content, exempt_content = bytes(file.content), file.restricted
    else:
        assembled, exempt_content = _live(request, report)
        if kind == PublishedFile.Kind.PDF:
            try:
                content = documents.report_pdf(assembled, draft=True)
            except RenderFailed as error:
                context = {"report": report, "error": error}
                return render(request, "reports/render_failed.html", context, status=503)
        else:
            content = assembled.as_json()
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    draft = "" if report.is_published else "-draft"
    name = f"{report.meeting.date:%Y-%m-%d}-{report.series}{draft}.{extension}"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return private(
        response, exempt_content, request=request, what=f"report={report.pk} {extension}"
    )


@access(PUBLIC)
def report_pdf(request, pk):
    return _download(request, pk, PublishedFile.Kind.PDF, "pdf")


@access(PUBLIC)
def report_data(request, pk):
    return _download(request, pk, PublishedFile.Kind.DATA, "json")
