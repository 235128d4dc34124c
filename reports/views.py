"""
Committee reports: the list, a report as a web page, and the same as a PDF.

A report a person may not read is "not found", so Part II never shows even that
it exists. Exempt parts of a Part I report become a placeholder for people who
may not read Part II, and any response carrying exempt content is never cached.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import patch_cache_control

from harrow_its.access import PUBLIC, access
from reports import selectors
from reports.assembly import assemble
from reports.pdf import render_pdf


@access(PUBLIC)
def report_list(request):
    return render(
        request, "reports/report_list.html", {"reports": selectors.report_list(request.user)}
    )


def _report_context(request, pk):
    report = selectors.reports_visible_to(request.user).filter(pk=pk).first()
    if report is None:
        raise Http404("No such report.")
    return report, {
        "report": report,
        "assembled": assemble(report),
        "read_exempt": selectors.can_read_exempt(request.user),
    }


def _private_if_exempt(response, report, context):
    has_exempt = (
        report.exempt
        or any(a.exempt for a in context["assembled"].appendices)
        or any(p.exempt for s in context["assembled"].sections for p in s.paragraphs)
    )
    if has_exempt:
        patch_cache_control(response, no_store=True, private=True)
    return response


@access(PUBLIC)
def report_detail(request, pk):
    report, context = _report_context(request, pk)
    response = render(request, "reports/report.html", context)
    return _private_if_exempt(response, report, context)


@access(PUBLIC)
def report_pdf(request, pk):
    report, context = _report_context(request, pk)
    html = render_to_string("reports/report_pdf.html", context, request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    name = f"{report.meeting.date:%Y-%m-%d}-{report.series}"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return _private_if_exempt(response, report, context)
