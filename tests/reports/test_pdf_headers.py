"""
The PDFs' running headers carry what people typed (a report's subject, a committee's
name) as text, never as markup or CSS: hostile names show literally in the header
of every page, inject no heading, and hide nothing, the draft notice included.
"""

import subprocess
from datetime import date, datetime

import pytest

from harrow_its.calendar import LONDON
from reports import demo, packs, publishing, services
from reports.assembly import assemble
from reports.models import AgendaItem, Committee, Meeting, Paragraph, Report, Section
from reports.pdf import render
from tests.helpers import pdf_text

pytestmark = pytest.mark.django_db

INJECTION = "</style><h1>INJECTED</h1><style>"
CSS = '"; } body { display:none } x{"'
BACKSLASHES = 'C:\\new\\" \\A \\'
# (typed, as the PDF shows it: white space, a newline included, is one space in HTML)
NEWLINE = ("Line one\nline two", "Line one line two")


@pytest.fixture
def short_report(author):
    """A short published report to the 22 November 2005 meeting, on its agenda as the
    demo's is (item 5), with the demo's cover: a few pages, where the demo's report has
    sixteen (and each PDF here is laid out afresh)."""
    committee = Committee.objects.create(
        name="Overview and Scrutiny Committee", slug="overview-and-scrutiny"
    )
    meeting = Meeting.objects.create(committee=committee, date=date(2005, 11, 22))
    for number, title, series, exempt in demo.AGENDA + demo.NOVEMBER_PART_II:
        AgendaItem.objects.create(
            meeting=meeting, number=number, title=title, series=series, exempt=exempt
        )
    report = Report.objects.create(
        meeting=meeting, series=demo.SERIES, cut_off=date(2005, 11, 8), **demo.COVER
    )
    for number in (1, 2, 3):
        section = Section.objects.create(report=report, number=number, title=f"Part {number}")
        Paragraph.objects.create(
            section=section, order=1, number=f"{number}.1", body="<p>Progress.</p>" * 20
        )
    publishing.publish(
        report=report,
        version=report.version,
        by=author,
        at=datetime(2005, 11, 14, 10, tzinfo=LONDON),
    )
    return report


def running_headers(content: bytes, tmp_path) -> list[str]:
    """Each page's running header: the text pdftotext finds in its top margin (22 mm,
    62 points; the first 50), line breaks as spaces."""
    (tmp_path / "pages.pdf").write_bytes(content)
    text = subprocess.run(
        [
            "pdftotext",
            "-x",
            "0",
            "-y",
            "0",
            "-W",
            "900",
            "-H",
            "50",
            str(tmp_path / "pages.pdf"),
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [" ".join(page.split()) for page in text.split("\f")][:-1]  # the last one: after the end


def headings(content: bytes, tmp_path) -> list[str]:
    """The text of each heading in the PDF's tags (its structure tree)."""
    (tmp_path / "tags.pdf").write_bytes(content)
    tree = subprocess.run(
        ["pdfinfo", "-struct-text", str(tmp_path / "tags.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    found = []
    for number, line in enumerate(tree):
        if line.strip().split(" ")[0] in {"H1", "H2", "H3", "H4"}:
            depth, texts = len(line) - len(line.lstrip()), []
            for inner in tree[number + 1 :]:
                if len(inner) - len(inner.lstrip()) <= depth:
                    break
                if inner.strip().startswith('"'):
                    texts.append(inner.strip()[1:-1])
            found.append(" ".join(" ".join(texts).split()))
    return found


def assert_only_literal(text: str):
    """INJECTED appears only inside the literal text typed, never on its own."""
    assert text.count("INJECTED") == text.count(INJECTION)


@pytest.mark.parametrize(
    ("subject", "subject_shown", "committee", "committee_shown"),
    [(INJECTION, INJECTION, CSS, CSS), (BACKSLASHES, BACKSLASHES, *NEWLINE)],
    ids=["closing the style element, css", "backslashes, a newline"],
)
def test_a_hostile_subject_and_committee_show_as_typed_in_the_drafts_pdf(
    short_report, tmp_path, subject, subject_shown, committee, committee_shown
):
    draft = services.correction_start(report=short_report, reason="Hostile names.")
    draft.subject = subject
    draft.save(update_fields=["subject"])
    draft.meeting.committee.name = committee
    draft.meeting.committee.save(update_fields=["name"])

    rendered = render(publishing.report_print_html(assemble(draft), draft=True), [])

    headers = running_headers(rendered.pdf, tmp_path)
    assert len(headers) == rendered.page_count > 3
    assert set(headers) == {f"{committee_shown}, 22 November 2005 {subject_shown} (DRAFT)"}
    text = pdf_text(rendered.pdf, tmp_path)
    assert text.startswith(
        f"{committee_shown}, 22 November 2005 {subject_shown} (DRAFT) "
        f"DRAFT: not published. {subject_shown} "
    )
    assert "Section 1: Summary" in text  # nothing hidden
    assert_only_literal(text)
    found = headings(rendered.pdf, tmp_path)
    assert "INJECTED" not in found
    assert found[0] == subject_shown  # the report's title, as typed


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        (INJECTION, INJECTION),
        (CSS, CSS),
        (f"{BACKSLASHES} {NEWLINE[0]}", f"{BACKSLASHES} {NEWLINE[1]}"),
    ],
    ids=["closing the style element", "css", "backslashes and a newline"],
)
def test_a_hostile_committee_name_shows_as_typed_in_the_agenda_pack(
    short_report, tmp_path, typed, shown
):
    meeting = short_report.meeting
    meeting.committee.name = typed
    meeting.committee.save(update_fields=["name"])

    html = packs.pack_html(meeting, packs.agenda(meeting), restricted=False)
    rendered = render(html, [])

    headers = running_headers(rendered.pdf, tmp_path)
    assert len(headers) == rendered.page_count > 1
    assert headers[0] == f"{shown}, 22 November 2005 Agenda"
    assert set(headers[1:]) == {
        f"{shown}, 22 November 2005 Item 5: Harrow IT Services Update Report"
    }
    text = pdf_text(rendered.pdf, tmp_path)
    assert "5. Harrow IT Services Update Report" in text  # nothing hidden
    assert_only_literal(text)
    found = headings(rendered.pdf, tmp_path)
    assert "INJECTED" not in found
    assert found[0] == shown  # the agenda's title, as typed
