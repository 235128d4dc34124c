"""A report assembled as at its cut-off: the reference's facts, and nothing later."""

import json
from datetime import date, datetime
from decimal import Decimal

import pytest

from harrow_its.calendar import LONDON
from harrow_its.models import Rag
from reports import publishing, services
from reports.assembly import Figures, assemble, render_narrative
from reports.changes import changes
from reports.models import Paragraph
from tests.reports.facts import REFERENCE_FACTS
from tests.reports.volume import add_copies

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(november):
    return november


@pytest.fixture
def draft(report):
    """A draft to change: a correction of the November report."""
    return services.correction_start(report=report, reason="A test.")


def text_of(assembled):
    return "\n".join(str(p.html) for s in assembled.sections for p in s.paragraphs)


def test_the_cover_and_summary_are_the_references(report):
    assembled = assemble(report)
    cover = assembled.cover
    assert (cover.meeting, cover.date, cover.subject) == (
        "Overview and Scrutiny Committee",
        date(2005, 11, 22),
        "Harrow IT Services Update Report",
    )
    assert (cover.responsible_officer, cover.contact_officer, cover.portfolio_holder) == (
        "Director of Business Transformation",
        "Group Manager, ICT",
        "Finance and Performance Management",
    )
    assert (cover.key_decision, cover.status, cover.enclosures) == (
        "No",
        "Part I",
        "Harrow IT Services Improvement Plan",
    )
    assert [(s.heading, s.text) for s in assembled.summary] == [
        ("Decision Required", "None – the report is for information only."),
        ("Reason for report", "Part of the regular reporting requirement."),
        ("Benefits", "N/a Report for Update only"),
        ("Cost of Proposals", "N/a Report for Update only"),
        ("Risks", "N/a Report for Update only"),
        ("Implications if recommendations rejected", "N/A"),
    ]


def test_every_fact_of_section_two_is_there(report):
    text = text_of(assemble(report))
    for fact in REFERENCE_FACTS:
        assert fact in text
    assert [(s.number, s.title) for s in assemble(report).sections] == [
        (1, "Capital Projects"),
        (2, "Key Programme Achievements"),
        (3, "IT Improvement Plan"),
        (4, "Performance Indicators"),
        (5, "BVPI 157 – E- Government"),
    ]


def test_paragraph_anchors_are_stable(report):
    anchors = [p.anchor for s in assemble(report).sections for p in s.paragraphs]
    assert anchors[2:8] == [f"paragraph-2.{n}" for n in range(1, 7)]
    assert len(set(anchors)) == len(anchors)


def test_the_appendices_come_from_the_data_as_at_the_cut_off(report):
    plan, projects, indicators, bvpi, _ = (a.content for a in assemble(report).appendices)
    assert [a.name for a in plan.areas] == [
        "HITS Structure",
        "Performance Indicators",
        "Help Desk",
        "Services Portfolio Review",
        "Customer Focus",
    ]
    assert {p.code: p.rag for p in projects.projects}["BTP-MVM"] == Rag.AMBER
    assert projects.total_budget == Decimal("2600000.00")
    assert len(indicators.indicators) == 13
    assert bvpi.council.text == "87% (71 of 82)"
    assert bvpi.chart.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "Target: 100% by 31 December 2005" in bvpi.chart
    assert dict(bvpi.departments)["Urban Living"].percent == 79


def test_data_recorded_after_the_cut_off_changes_nothing(report, record_update):
    before = assemble(report)
    record_update(
        "ICT-SAN",
        status_date=date(2005, 11, 8),
        recorded_at=datetime(2005, 11, 9, 9, tzinfo=LONDON),
    )
    assert assemble(report) == before
    report.cut_off = date(2005, 11, 9)
    after = assemble(report)
    assert {p.code: p.rag for p in after.appendices[1].content.projects}["ICT-SAN"] == Rag.RED


def test_narrative_is_cleaned_when_saved_and_when_shown(draft):
    paragraph = Paragraph.objects.filter(section__report=draft).first()
    paragraph.body = '<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:alert(1)">x</a> <a href="https://harrow.gov.uk">y</a></p>'
    paragraph.save()
    paragraph.refresh_from_db()
    assert (
        paragraph.body
        == '<p>Hi <a rel="noopener noreferrer">x</a> <a href="https://harrow.gov.uk" rel="noopener noreferrer">y</a></p>'
    )
    html = render_narrative(
        '<img src="file:///etc/hostname">{bvpi157.council} {unknown.token} {as_at@2005-02-30}',
        Figures(draft.cut_off),
    )
    assert html == "87% {unknown.token} {as_at@2005-02-30}"


def test_live_figures_never_look_past_the_cut_off(report):
    figures = Figures(date(2005, 11, 8))
    assert figures("bvpi157.council", date(2005, 12, 31)) == figures("bvpi157.council") == "87%"
    assert figures("bvpi157.council", date(2004, 6, 30)) == "48%"
    assert Figures(date(2005, 12, 31))("bvpi157.council") == "96%"


# The report's sections and paragraphs (2), appendices (1), the previous report and its
# exempt appendices (2), the BVPI 157 inventory (3), the indicators (4), the projects (3),
# their milestones (2), the improvement plan (2) and its actions (2): one read each, for
# both days compared.
ASSEMBLY_QUERIES = 21


def test_assembly_and_its_html_take_the_same_queries_however_much_data(
    report, django_assert_num_queries
):
    """Each thing is read once, for the cut-off and the previous report's cut-off alike."""
    publishing.report_html(assemble(report))  # warm the caches that load once a process
    with django_assert_num_queries(ASSEMBLY_QUERIES):
        few = publishing.report_html(assemble(report))
    add_copies(2)
    with django_assert_num_queries(ASSEMBLY_QUERIES):
        more = publishing.report_html(assemble(report))
    assert more.count("(copy 2)") > few.count("(copy 2)") == 0


def test_a_preview_as_at_a_day_before_the_previous_cut_off(report):
    """The changes still compare the previous report's cut-off with the day previewed."""
    previous = report.previous()
    as_at = date(2005, 8, 31)
    [content] = [a.content for a in assemble(report, as_at).appendices if a.kind == "changes"]
    assert content.since == previous.cut_off
    assert content == changes(
        since=previous.cut_off, as_at=as_at, previous_meeting=previous.meeting.date
    )


def test_the_public_version_leaves_the_exempt_parts_out(draft):
    paragraph = Paragraph.objects.get(section__report=draft, number="2.3")
    paragraph.exempt, paragraph.exempt_paragraph = True, "3"
    paragraph.save()
    draft.appendices.filter(number=2).update(exempt=True, exempt_paragraph="3")
    full = assemble(draft)
    public = full.without_exempt_parts()
    assert (full.has_exempt_parts, full.redacted, public.redacted) == (True, False, True)
    exempt = [p for s in public.sections for p in s.paragraphs if p.exempt]
    assert [(p.number, p.html, p.exempt_paragraph) for p in exempt] == [("2.3", "", "3")]
    assert [a.content is None for a in public.appendices] == [False, True, False, False, False]
    changes = public.appendices[4].content
    assert changes.withheld == (
        ("projects", "Appendix 2"),
        ("milestones", "Appendix 2"),
        ("forecasts", "Appendix 2"),
    )
    assert (changes.projects, changes.milestones) == ((), ())
    assert changes.actions == full.appendices[4].content.actions  # Appendix 1 is public
    data = public.as_json().decode()
    assert "All remote sites will have an upgraded connection" not in data
    assert "BTP-MVM" not in data  # the capital projects appendix is exempt
    assert "All remote sites will have an upgraded connection" in full.as_json().decode()


def test_the_data_is_plain_json_and_always_the_same_bytes(report):
    data = assemble(report).as_json()
    assert data == assemble(report).as_json()
    plain = json.loads(data)
    assert plain["cover"]["date"] == "2005-11-22"
    bvpi = plain["appendices"][3]["content"]
    assert bvpi["council"] == {"enabled": 71, "permissible": 82, "percent": 87}
    assert "chart" not in bvpi  # a picture of the data, not data


def test_the_november_report_shows_what_changed_since_september(report):
    changes = assemble(report).appendices[4].content
    assert (changes.since, changes.previous_meeting) == (date(2005, 9, 2), date(2005, 9, 13))
    assert [(p.code, p.was, p.now) for p in changes.projects] == [
        ("BTP-MVM", "Green", "Amber"),
        ("INF-CAB", "Green", "Amber"),
    ]
    assert changes.projects[0].reason.startswith("Planning, Building Control and Community Safety")
    assert [(m.code, m.days) for m in changes.milestones][:2] == [("BTP-MVM", 62), ("INF-CAB", 31)]
    assert [(a.reference, a.change) for a in changes.actions] == [("3.1", "Now overdue")]
    assert changes.bvpi[-1].now.text == "87% (71 of 82)"
