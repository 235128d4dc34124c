"""`loaddemo --council example`: a second, fictional council, instead of Harrow."""

import re
import subprocess
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from bvpi.models import InventoryEntry, Service
from harrow_its.management.commands.loaddemo import (
    EXAMPLE_IS_LOADED,
    EXAMPLE_NOT_SCALED,
    HARROW_IS_LOADED,
)
from harrow_its.models import Department, SiteSettings, User
from indicators.models import Indicator, Measurement, Target, ToleranceRule
from projects.models import (
    Action,
    ImprovementPlan,
    Milestone,
    MilestoneRevision,
    Project,
    ProjectFinance,
    ProjectUpdate,
)
from reports import pdf, publishing
from reports.assembly import assemble
from reports.models import Appendix, Committee, Meeting, PublishedFile, Report
from tests.harrow_its.test_loaddemo import snapshot

pytestmark = pytest.mark.django_db

COUNTS = {
    Department: 3,
    User: 4,
    Project: 3,
    ProjectUpdate: 6,
    ProjectFinance: 6,
    Milestone: 3,
    MilestoneRevision: 3,
    ImprovementPlan: 0,
    Action: 0,
    Indicator: 3,
    Target: 18,
    Measurement: 18,
    ToleranceRule: 1,
    Service: 0,
    InventoryEntry: 0,
    Committee: 1,
    Meeting: 1,
    Report: 1,
    Appendix: 2,
    SiteSettings: 1,
}


def load_example() -> str:
    out = StringIO()
    call_command("loaddemo", "--council", "example", stdout=out)
    return out.getvalue()


def counts() -> dict:
    return {model: model.objects.count() for model in COUNTS}


def test_the_example_council_loads_exactly_its_own_rows():
    assert load_example() == "Example council demo data loaded.\n"
    assert counts() == COUNTS
    settings = SiteSettings.objects.get()
    assert (settings.council_name, settings.service_name, settings.committee_name) == (
        "Example Borough Council",
        "Digital Services Reporting",
        "Resources Scrutiny Panel",
    )
    assert settings.header_colour == "#1e5945"
    assert settings.logo == "images/logo-example-borough-council.svg"
    assert sorted(User.objects.values_list("username", flat=True)) == [
        "admin",
        "author",
        "member",
        "officer",
    ]


def test_a_second_run_changes_nothing():
    load_example()
    first = snapshot(), counts(), list(SiteSettings.objects.values())
    load_example()
    assert (snapshot(), counts(), list(SiteSettings.objects.values())) == first


def test_its_report_is_published_with_only_two_appendices():
    load_example()
    report = Report.objects.get()
    assert report.state == Report.State.PUBLISHED
    assert str(report.meeting.committee) == "Resources Scrutiny Panel"
    assert list(report.appendices.values_list("number", "kind")) == [
        (1, Appendix.Kind.CAPITAL_PROJECTS),
        (2, Appendix.Kind.PERFORMANCE_INDICATORS),
    ]
    html = bytes(report.publication.files.get(kind=PublishedFile.Kind.HTML).content).decode()
    assert "Example Borough Council has three digital capital projects" in html
    assert "EX-CRM" in html
    assert "Calls answered within 20 seconds" in html
    assert "Harrow" not in html
    assert "BVPI 157" not in html
    assert "Improvement Plan" not in html


def text_of(made: bytes, tmp_path, *options) -> str:
    path = tmp_path / "example.pdf"
    path.write_bytes(made)
    command = ["pdfinfo", str(path)] if "info" in options else ["pdftotext", str(path), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def test_its_pdf_names_the_example_council_and_never_harrow(tmp_path):
    load_example()
    report = Report.objects.get()
    made = pdf.render(publishing.report_print_html(assemble(report), draft=False)).pdf
    text = text_of(made, tmp_path)
    assert "Example Borough Council" in text
    assert "Resources Scrutiny Panel" in text
    assert "Harrow" not in text
    assert "Author:          Example Borough Council" in text_of(made, tmp_path, "info")
    stored = bytes(report.publication.files.get(kind=PublishedFile.Kind.PDF).content)
    assert "Harrow" not in text_of(stored, tmp_path) + text_of(stored, tmp_path, "info")


def test_the_example_is_refused_where_harrows_demo_is(demo):
    with pytest.raises(CommandError, match=re.escape(HARROW_IS_LOADED)):
        load_example()
    assert not Report.objects.filter(series="digital-services-update").exists()


def test_harrows_demo_is_refused_where_the_example_is():
    load_example()
    before = counts()
    with pytest.raises(CommandError, match=re.escape(EXAMPLE_IS_LOADED)):
        call_command("loaddemo", stdout=StringIO())
    assert counts() == before


def test_the_example_is_not_scaled():
    with pytest.raises(CommandError, match=re.escape(EXAMPLE_NOT_SCALED)):
        call_command("loaddemo", "--council", "example", "--scale", "2", stdout=StringIO())
    assert Report.objects.count() == 0
