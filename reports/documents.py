"""
A report as the documents people read: the report itself as HTML (the part of the
web page below the portal's own header and notices), the PDF, and the data.

All three come from one assembly. A draft's are made afresh for each request; a
published report's were made once, when it was published, and are served from the
store (reports/models.py, PublishedFile) from then on. PDFs take seconds to make, so
the background worker makes them (reports/rendering.py) from the document here.
"""

from django.template.loader import render_to_string

from reports.assembly import AssembledReport


def report_html(assembled: AssembledReport) -> str:
    return render_to_string("reports/includes/report_body.html", {"assembled": assembled})


def report_print_html(assembled: AssembledReport, *, draft: bool) -> str:
    """The document the PDF is rendered from (reports/rendering.py renders it)."""
    return render_to_string("reports/report_pdf.html", {"assembled": assembled, "draft": draft})


def for_reader(assembled: AssembledReport, *, read_exempt: bool) -> AssembledReport:
    """What a reader may see: the exempt parts go unless they may read Part II."""
    return assembled if read_exempt else assembled.without_exempt_parts()
