"""
The demo, pinned byte for byte: every published report's stored web page, data and
PDF text (`pdftotext -layout`), for each audience, and a draft's page, data and PDF
text as assembled from the live data; the list pages and the exports, as an officer
sees them on a fixed day. Any change to what the portal says, or how, shows here as
a diff against tests/reports/golden/.

A change that is meant (a new field, a corrected layout) is written back with

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/reports/test_golden.py

and the diff of tests/reports/golden/ is read, and committed, with the change.
"""

import os
import re
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from harrow_its.calendar import LONDON
from harrow_its.models import User
from reports import opendata, pdf, publishing, services
from reports.assembly import assemble
from reports.models import PublishedFile, Report

GOLDEN = Path(__file__).parent / "golden"
SERIES = "harrow-it-services-update"

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "golden.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def documents_of_the_demo(tmp_path) -> dict[str, bytes]:
    """Every document of the demo's reports, by the name of its golden file."""
    call_command("loaddemo", stdout=None)
    found = {}
    for report in Report.objects.filter(state="published").order_by("meeting__date", "series"):
        name = f"{report.meeting.date:%Y-%m-%d}-{report.series}"
        for file in report.publication.files.order_by("kind", "restricted"):
            audience = "members" if file.restricted else "public"
            content = bytes(file.content)
            if file.kind == PublishedFile.Kind.PDF:
                found[f"{name}-{audience}.pdf.txt"] = text_of(content, tmp_path).encode()
            else:
                found[f"{name}-{audience}.{file.kind}"] = content
    # A draft, assembled from the live data: the next report of the series.
    november = Report.objects.get(meeting__date=date(2005, 11, 22), series=SERIES)
    draft = services.next_report_start(
        previous=november, meeting_date=date(2006, 1, 24), cut_off=date(2006, 1, 10)
    )
    assembled = assemble(draft)
    name = f"2006-01-24-{SERIES}-draft"
    found[f"{name}.html"] = publishing.report_html(assembled).encode()
    found[f"{name}.json"] = assembled.as_json()
    made = pdf.render(publishing.report_print_html(assembled, draft=True)).pdf
    found[f"{name}.pdf.txt"] = text_of(made, tmp_path).encode()
    assert User.objects.filter(username="author").exists()  # the demo, loaded
    return found


GRID = "frequency=monthly&period=October+2005&department=business-connections"
# The pages and exports, by golden file name: what an officer sees (an author, for
# the reports' own pages), on a fixed day.
PAGES = {
    "page-capital-projects.html": "/capital-projects/",
    "page-capital-projects.csv": "/capital-projects/?_export=csv",
    "page-improvement-plan.html": "/improvement-plan/",
    "page-improvement-plan.csv": "/improvement-plan/?_export=csv",
    "page-indicators.html": "/indicators/",
    "page-indicators.csv": "/indicators/?_export=csv",
    "page-indicator-results.html": f"/indicators/results/?{GRID}",
    "page-indicator-results.csv": f"/indicators/results/export.csv?{GRID}",
    "page-bvpi-157.html": "/bvpi-157/",
    "page-bvpi-157-what-remains.html": "/bvpi-157/what-remains/",
    "page-bvpi-157-business-connections.html": "/bvpi-157/business-connections/",
    "page-bvpi-157-inventory.csv": "/bvpi-157/inventory/export.csv",
    "page-reports.html": "/reports/",
}
# What differs from one response to the next: the CSP nonce and the CSRF token.
PER_REQUEST = re.compile(rb'(nonce="|name="csrfmiddlewaretoken" value=")[^"]+"')


def pages_of_the_demo(time_machine) -> dict[str, bytes]:
    time_machine.move_to(datetime(2005, 11, 21, 10, tzinfo=LONDON), tick=False)
    call_command("loaddemo", stdout=None)
    client = Client()
    client.force_login(User.objects.get(username="officer"))
    responses = {name: client.get(url) for name, url in PAGES.items()}
    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(PAGES, 200)
    found = {name: response.content for name, response in responses.items()}
    november = Report.objects.get(meeting__date=date(2005, 11, 22), series=SERIES)
    data = november.publication.files.get(kind=PublishedFile.Kind.DATA, restricted=False)
    for table in opendata.tables(bytes(data.content)):
        url = f"/reports/{november.pk}/data/{table.filename}"
        found[f"open-data-{table.filename}"] = client.get(url).content
    return {name: PER_REQUEST.sub(rb"\1-", content) for name, content in found.items()}


def as_pinned(found: dict[str, bytes], prefixes: tuple[str, ...]) -> None:
    """Assert `found` is what is pinned under the names beginning with `prefixes`, or
    pin it (UPDATE_GOLDEN=1)."""
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        for old in GOLDEN.iterdir():
            if old.name.startswith(prefixes):
                old.unlink()
        for name, content in found.items():
            (GOLDEN / name).write_bytes(content)
    pinned = {p.name: p.read_bytes() for p in GOLDEN.iterdir() if p.name.startswith(prefixes)}
    assert sorted(found) == sorted(pinned)
    differ = [name for name in found if found[name] != pinned[name]]
    assert differ == [], f"Not as pinned (UPDATE_GOLDEN=1 writes them anew): {differ}"


def test_the_demo_reports_are_as_pinned(tmp_path):
    as_pinned(documents_of_the_demo(tmp_path), ("20",))


# The pages link to records by primary key: the demo is loaded into tables whose
# sequences start afresh, so the keys are the same whatever ran before.
@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_the_list_pages_and_exports_are_as_pinned(time_machine):
    found = pages_of_the_demo(time_machine)
    as_pinned(found, ("page-", "open-data-"))
