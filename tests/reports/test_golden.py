"""
The demo's reports, pinned byte for byte: every published report's stored web page,
data and PDF text (`pdftotext -layout`), for each audience, and a draft's page, data
and PDF text as assembled from the live data. Any change to what a report says, or
how, shows here as a diff against tests/reports/golden/.

A change that is meant (a new field, a corrected layout) is written back with

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/reports/test_golden.py

and the diff of tests/reports/golden/ is read, and committed, with the change.
"""

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from harrow_its.models import User
from reports import documents, rendering, services
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
    found[f"{name}.html"] = documents.report_html(assembled).encode()
    found[f"{name}.json"] = assembled.as_json()
    pdf = rendering.render(documents.report_print_html(assembled, draft=True)).pdf
    found[f"{name}.pdf.txt"] = text_of(pdf, tmp_path).encode()
    assert User.objects.filter(username="author").exists()  # the demo, loaded
    return found


def test_the_demo_reports_are_as_pinned(tmp_path):
    found = documents_of_the_demo(tmp_path)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        for old in GOLDEN.iterdir():
            old.unlink()
        for name, content in found.items():
            (GOLDEN / name).write_bytes(content)
    pinned = {path.name: path.read_bytes() for path in GOLDEN.iterdir()}
    assert sorted(found) == sorted(pinned)
    differ = [name for name in found if found[name] != pinned[name]]
    assert differ == [], f"Not as pinned (UPDATE_GOLDEN=1 writes them anew): {differ}"
