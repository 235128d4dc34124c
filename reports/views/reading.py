"""
Reading reports: the list, a report as a web page, its PDF, its data and open data.

A report a person may not read is "not found", so Part II never shows even that it
exists. Readers who may not read Part II get a version with the exempt parts taken
out, and any response carrying exempt content is never cached.

A draft is assembled from the live data on each request. A published report is
served from its stored files, exactly as they were when it was published. PDFs are
made by the background worker (reports/jobs.py): until one is ready, its
address shows how far it has got.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe

from harrow_its.access import (
    AUTHORS,
    DEMOCRATIC_SERVICES,
    PART_TWO_READERS,
    PUBLIC,
    STAFF,
    access,
)
from harrow_its.forms import as_at_form
from reports import jobs, opendata, publishing, selectors, workers
from reports.assembly import assemble
from reports.models import Meeting, PublishedFile, Rendering, Report
from reports.views import deadline_of, private


@access(PUBLIC)
def report_list(request):
    reports = list(selectors.report_list(request.user))
    response = render(
        request,
        "reports/report_list.html",
        {
            "reports": reports,
            "meetings": Meeting.objects.select_related("committee"),
            "may_manage": DEMOCRATIC_SERVICES.allows(request.user),
        },
    )
    # Members see Part II reports' subjects listed: Part II too.
    part_two = any(report.exempt for report in reports)
    return private(response, part_two, request=request, what="report list")


def _readable(request, pk) -> Report:
    report = (
        selectors.reports_visible_to(request.user)
        .select_related("publication__published_by", "supersedes__publication")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404("No such report.")
    return report


def _stored(request, report, kind) -> PublishedFile:
    file = selectors.published_file(report, kind, read_exempt=PART_TWO_READERS.allows(request.user))
    if file is None:  # published without this kind of file: never, but say so plainly
        raise Http404("This report was published without it.")
    return file


def _live(request, report, as_at=None):
    """A draft's assembly, as this reader may see it (as at another day, to preview it)."""
    read_exempt = PART_TWO_READERS.allows(request.user)
    assembled = publishing.for_reader(assemble(report, as_at), read_exempt=read_exempt)
    exempt_content = report.exempt or (read_exempt and assembled.has_exempt_parts)
    return assembled, exempt_content


@access(PUBLIC)
def report_detail(request, pk):
    report = _readable(request, pk)
    context = {"report": report, "may_author": AUTHORS.allows(request.user)}
    if report.is_published:
        read_exempt = PART_TWO_READERS.allows(request.user)
        files, public_data = selectors.published_record(report, read_exempt=read_exempt)
        kinds = {file.kind: file for file in files}
        if PublishedFile.Kind.HTML not in kinds:  # published without a page: never, but say so
            raise Http404("This report was published without it.")
        if PublishedFile.Kind.PDF not in kinds:  # still being made
            context["pdf_rendering"] = jobs.of_publication(report, read_exempt=read_exempt)
        restricted = kinds[PublishedFile.Kind.HTML].restricted
        context |= {
            "open_tables": opendata.tables(public_data)
            if public_data and not report.exempt
            else [],
            "publication": report.publication,
            "files": files,
            "article": mark_safe(bytes(kinds[PublishedFile.Kind.HTML].text).decode()),  # noqa: S308 (rendered by us)
            "correction": Report.objects.filter(supersedes=report)
            .select_related("publication")
            .first(),
        }
        response = render(request, "reports/published.html", context)
        return private(response, restricted, request=request, what=f"report={report.pk} page")
    preview = as_at_form(
        request,
        label="Preview it with the data as at another day",
        hint=f"For example, 1 9 2005. Leave it blank for its own date, {report.cut_off:%-d %B %Y}.",
    )
    as_at = preview.cleaned_data["as_at"] if preview.is_valid() else None
    assembled, exempt_content = _live(request, report, as_at)
    context |= {
        "article": publishing.report_html(assembled),
        "preview": preview,
        "as_at": as_at,
        "deadline": deadline_of(report),
    }
    response = render(request, "reports/report.html", context)
    return private(response, exempt_content, request=request, what=f"report={report.pk} draft")


def _public_data(report) -> bytes | None:
    """The stored public data of a published Part I report: open data's source."""
    if report.exempt or not report.is_published:
        return None
    file = selectors.published_file(report, PublishedFile.Kind.DATA, read_exempt=False)
    return bytes(file.content) if file else None


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


def _filename(report, extension) -> str:
    draft = "" if report.is_published else "-draft"
    return f"{report.meeting.date:%Y-%m-%d}-{report.series}{draft}.{extension}"


def _draft_document(request, report) -> tuple[str, bool]:
    """The document a draft's PDF is made from, for this reader, and whether it
    carries exempt content."""
    assembled, exempt_content = _live(request, report)
    return publishing.report_print_html(assembled, draft=True), exempt_content


@access(PUBLIC)
def report_pdf(request, pk):
    """The PDF: the stored one, or the draft's preview once the worker has made it;
    until then a page saying how far it has got, and if it failed, why. For a draft
    with no preview of it as it stands, a page offering to make one."""
    report = _readable(request, pk)
    if report.is_published:
        read_exempt = PART_TWO_READERS.allows(request.user)
        file = selectors.published_file(report, PublishedFile.Kind.PDF, read_exempt=read_exempt)
        if file is None:
            made = jobs.of_publication(report, read_exempt=read_exempt)
            if made is None:  # published without a PDF: never, but say so plainly
                raise Http404("This report was published without it.")
            return _in_progress(request, report, made)
        content, exempt_content = bytes(file.content), file.restricted
    else:
        document, exempt_content = _draft_document(request, report)
        made = jobs.preview_of(report, document, restricted=exempt_content)
        if made is None or made.state != Rendering.State.DONE:
            return _in_progress(request, report, made)
        content = bytes(made.pdf)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(report, "pdf")}"'
    return private(response, exempt_content, request=request, what=f"report={report.pk} pdf")


def _in_progress(request, report, made: Rendering | None):
    """The page shown while a PDF is made (202), after it failed (503), or before a
    draft's was asked for (200)."""
    status = {None: 200, Rendering.State.FAILED: 503}.get(made and made.state, 202)
    context = {
        "report": report,
        "rendering": made,
        "may_retry": STAFF.allows(request.user),
        "no_worker": made is not None
        and not made.finished
        and workers.none_running(now=timezone.now()),
    }
    response = render(request, "reports/rendering.html", context, status=status)
    add_never_cache_headers(response)
    return response


@access(STAFF, writes=True, reads=False)
def report_pdf_make(request, pk):
    """Have the worker make a PDF of a draft as it stands (or find the one made)."""
    report = _readable(request, pk)
    if report.is_published:
        raise Http404("A published report's PDF is made when it is published.")
    document, exempt_content = _draft_document(request, report)
    jobs.preview(report, document, restricted=exempt_content, by=request.user)
    return redirect("reports:pdf", pk)


def _rendering(request, pk, rendering_pk) -> Rendering:
    """A rendering of a report this reader may read, for the audience they belong to."""
    report = _readable(request, pk)
    made = report.renderings.filter(pk=rendering_pk).defer("html", "pdf").first()
    if made is None or (made.restricted and not PART_TWO_READERS.allows(request.user)):
        raise Http404("No such PDF.")
    return made


@access(PUBLIC)
def rendering_progress(request, pk, rendering_pk):
    """How far a PDF being made has got, for its page to show."""
    made = _rendering(request, pk, rendering_pk)
    building = (
        [] if made.finished else [{"label": "PDF", "progress": made.progress, "stage": made.stage}]
    )
    response = JsonResponse({"building": building})
    add_never_cache_headers(response)
    return response


@access(STAFF, writes=True, reads=False)
def rendering_retry(request, pk, rendering_pk):
    """Make a PDF that failed again, from the same document."""
    made = _rendering(request, pk, rendering_pk)
    if made.kind == Rendering.Kind.PUBLISHING:
        if not AUTHORS.allows(request.user):
            raise Http404("No such PDF.")
        if jobs.retry(made):
            messages.success(request, "The report is being published again")
        return redirect("reports:publishing", pk)
    if jobs.retry(made):
        messages.success(request, "The PDF is being made again")
    return redirect("reports:pdf", pk)


@access(PUBLIC)
def report_data(request, pk):
    report = _readable(request, pk)
    if report.is_published:
        file = _stored(request, report, PublishedFile.Kind.DATA)
        content, exempt_content = bytes(file.content), file.restricted
    else:
        assembled, exempt_content = _live(request, report)
        content = assembled.as_json()
    response = HttpResponse(content, content_type="application/json")
    response["Content-Disposition"] = f'inline; filename="{_filename(report, "json")}"'
    return private(response, exempt_content, request=request, what=f"report={report.pk} json")
