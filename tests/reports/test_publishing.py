"""Publishing: the stored record, served byte for byte for good, and corrections."""

import hashlib
import subprocess
from datetime import date, datetime

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from harrow_its.calendar import LONDON
from harrow_its.models import User
from projects.models import Project
from reports import publishing, services
from reports.models import Paragraph, Publication, PublishedFile, Report
from tests.helpers import clear, login, make_the_pdfs, pdf_text
from tests.reports.facts import COVER_AND_APPENDIX_FACTS, REFERENCE_FACTS

pytestmark = pytest.mark.django_db


def served(client, report) -> dict[str, bytes]:
    return {
        url: client.get(f"/reports/{report.pk}/{url}").content for url in ("", "pdf/", "data.json")
    }


def stored(report, restricted=False) -> dict[str, bytes]:
    return {
        file.kind: bytes(file.content)
        for file in PublishedFile.objects.filter(publication=report.pk, restricted=restricted)
    }


def test_publishing_stores_the_record(november):
    publication = november.publication
    assert (november.state, november.version_number) == ("published", 1)
    assert publication.published_by.username == "author"
    assert publication.published_at == datetime(2005, 11, 14, 10, tzinfo=LONDON)
    files = PublishedFile.objects.filter(publication=publication)
    assert sorted((f.kind, f.restricted) for f in files) == [
        ("html", False),
        ("json", False),
        ("pdf", False),
    ]
    for file in files:
        assert file.sha256 == hashlib.sha256(bytes(file.content)).hexdigest()
    part_two = Report.objects.get(series="hits-restructure-staffing")
    assert sorted(f.restricted for f in part_two.publication.files.all()) == [True, True, True]


def test_the_published_report_has_every_fact_of_the_reference(client, november, tmp_path):
    files = stored(november)
    html = files["html"].decode()
    text = pdf_text(files["pdf"], tmp_path)
    for fact in REFERENCE_FACTS + COVER_AND_APPENDIX_FACTS:
        assert fact in html
        assert " ".join(fact.replace("<li>", "").replace("</li>", "").split()) in text
    assert "DRAFT" not in text
    (tmp_path / "r.pdf").write_bytes(files["pdf"])

    def run(*command):
        return subprocess.run(
            [*command, tmp_path / "r.pdf"], capture_output=True, text=True, check=True
        ).stdout

    info = run("pdfinfo")
    assert "Tagged:          yes" in info
    assert "Page size:       595.276 x 841.89 pts (A4)" in info
    fonts = run("pdffonts")
    assert [line.split()[-5] for line in fonts.splitlines()[2:]] == ["yes", "yes"]  # embedded
    outline = run("pdftohtml", "-xml", "-i", "-q", "-stdout")
    for bookmark in (
        "Section 1: Summary",
        "2 Key Programme Achievements",
        "Appendix 2 – Capital Project Progress Report",
        "Appendix 4 – BVPI 157 Scores",
    ):
        assert f">{bookmark}</item>" in outline
    assert ">Decision Required</item>" not in outline  # the summary's headings are not sections


def test_published_urls_serve_the_stored_bytes_whatever_happens(
    client, november, monkeypatch, record_update
):
    before = served(client, november)
    record = stored(november)
    assert before["pdf/"] == record["pdf"]
    assert before["data.json"] == record["json"]
    assert (
        f'<div class="app-published-record">{record["html"].decode()}</div>'.encode() in before[""]
    )
    # An officer corrects the data the report drew on, backdated before its cut-off ...
    record_update(
        "ICT-SAN",
        status_date=date(2005, 11, 1),
        recorded_at=datetime(2005, 11, 7, 9, tzinfo=LONDON),
        reason="Phase 2 delayed",
    )
    # ... and the templates and the renderer are gone.
    for name in ("report_html", "report_print_html"):
        monkeypatch.setattr(publishing, name, lambda *args, **kwargs: pytest.fail("rendered"))
    after = served(client, november)
    assert after["pdf/"] == before["pdf/"]
    assert after["data.json"] == before["data.json"]
    assert (
        f'<div class="app-published-record">{record["html"].decode()}</div>'.encode() in after[""]
    )


def test_the_next_draft_shows_the_later_data(client, november, record_update):
    draft = services.next_report_start(
        previous=november, meeting_date=date(2006, 1, 24), cut_off=date(2006, 1, 10)
    )
    record_update(
        "ICT-SAN",
        status_date=date(2006, 1, 5),
        recorded_at=datetime(2006, 1, 5, 9, tzinfo=LONDON),
        reason="Phase 2 delayed by the supplier",
    )
    login(client, "author")
    assert "Phase 2 delayed by the supplier" in client.get(f"/reports/{draft.pk}/").content.decode()
    assert b"Phase 2 delayed by the supplier" not in served(client, november)[""]


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE reports_report SET subject = 'Changed' WHERE id = %(report)s",
        "DELETE FROM reports_report WHERE id = %(report)s",
        "UPDATE reports_section SET title = 'Changed' WHERE report_id = %(report)s",
        "DELETE FROM reports_section WHERE report_id = %(report)s",
        "INSERT INTO reports_section (report_id, number, title) VALUES (%(report)s, 9, 'New')",
        "UPDATE reports_paragraph SET body = '<p>Changed</p>' WHERE section_id IN "
        "(SELECT id FROM reports_section WHERE report_id = %(report)s)",
        "DELETE FROM reports_paragraph WHERE section_id IN "
        "(SELECT id FROM reports_section WHERE report_id = %(report)s)",
        'INSERT INTO reports_paragraph (section_id, "order", number, heading, body, exempt, '
        "exempt_paragraph) SELECT id, 99, '', '', '<p>New</p>', false, '' FROM reports_section "
        "WHERE report_id = %(report)s",
        "UPDATE reports_appendix SET title = 'Changed' WHERE report_id = %(report)s",
        "DELETE FROM reports_appendix WHERE report_id = %(report)s",
        "UPDATE reports_publication SET published_at = now() WHERE report_id = %(report)s",
        "DELETE FROM reports_publication WHERE report_id = %(report)s",
        "UPDATE reports_publishedfile SET content = 'x', sha256 = encode(sha256('x'), 'hex') "
        "WHERE publication_id = %(report)s",
        "DELETE FROM reports_publishedfile WHERE publication_id = %(report)s",
    ],
)
def test_the_database_refuses_to_change_a_published_report(november, sql):
    refused = "A published report never changes|Cannot update or delete rows"
    with (
        pytest.raises(DatabaseError, match=refused),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, {"report": november.pk})


def test_a_stored_file_always_matches_its_digest(november):
    """Checked as publishing stores it, while the report is a draft (nothing is added to
    a published one: tests/security/test_database_refuses.py)."""
    draft = services.correction_start(report=november, reason="To store a file.")
    publication = Publication.objects.create(
        report=draft,
        published_at=november.publication.published_at,
        published_by=november.publication.published_by,
    )
    with pytest.raises(IntegrityError, match="sha256_is_the_contents"), transaction.atomic():
        PublishedFile.objects.create(
            publication=publication,
            kind=PublishedFile.Kind.HTML,
            restricted=True,
            content=b"<p>Forged</p>",
            sha256=hashlib.sha256(b"<p>Genuine</p>").hexdigest(),
        )


def test_a_correction_supersedes_and_the_original_stays_readable(client, november):
    original = served(client, november)
    login(client, "author")
    response = client.post(
        f"/reports/{november.pk}/correct/", {"reason": "2.2 gave the wrong day."}
    )
    correction = Report.objects.get(supersedes=november)
    assert response.url == f"/reports/{correction.pk}/compose/"
    paragraph = Paragraph.objects.get(section__report=correction, number="2.2")
    client.post(
        f"/reports/{correction.pk}/compose/paragraphs/{paragraph.pk}/",
        {
            "version": correction.version,
            "section": paragraph.section_id,
            "number": "2.2",
            "heading": "",
            "body": "The first phase went 'live' on November 1st.",
            "exempt": "no",
            "exempt_paragraph": "",
        },
    )
    correction.refresh_from_db()
    clear(correction)
    client.post(f"/reports/{correction.pk}/publish/", {"version": correction.version})
    make_the_pdfs()
    client.logout()
    old, new = (client.get(f"/reports/{r.pk}/").content.decode() for r in (november, correction))
    assert "This report has been corrected." in old
    assert f'href="/reports/{correction.pk}/">Read the correction, published on' in old
    assert "Version 2. It corrects" in new
    assert "2.2 gave the wrong day." in new
    assert "<p>The first phase went 'live' on November 1st.</p>" in new
    assert served(client, november)["pdf/"] == original["pdf/"]
    login(client, "author")
    response = client.post(f"/reports/{november.pk}/correct/", {"reason": "Again."})
    assert "This report already has a correction" in response.content.decode()


def test_a_part_one_report_with_an_exempt_paragraph(client, november, tmp_path):
    draft = services.next_report_start(
        previous=november, meeting_date=date(2006, 1, 24), cut_off=date(2006, 1, 10)
    )
    paragraph = Paragraph.objects.get(section__report=draft, number="2.3")
    services.paragraph_save(
        report=draft,
        version=draft.version,
        paragraph=paragraph,
        section=paragraph.section,
        number="2.3",
        heading="",
        body="<p>The supplier's tender price was £412,000 (EXEMPT-MARKER).</p>",
        exempt=True,
        exempt_paragraph="3",
    )
    publishing.publish(report=draft, version=draft.version, by=User.objects.get(username="author"))
    # The web page, the data and the PDFs are stored together, for each audience.
    assert sorted((f.kind, f.restricted) for f in draft.publication.files.all()) == [
        ("html", False),
        ("html", True),
        ("json", False),
        ("json", True),
        ("pdf", False),
        ("pdf", True),
    ]
    assert "PDF: being made" not in client.get(f"/reports/{draft.pk}/").content.decode()
    for name, content in served(client, draft).items():
        assert b"EXEMPT-MARKER" not in content, name
    public = client.get(f"/reports/{draft.pk}/")
    assert "Cache-Control" not in public
    assert (
        "2.3 This paragraph is exempt from publication under paragraph 3 of Schedule 12A"
        in public.content.decode()
    )
    assert "This paragraph is exempt" in pdf_text(served(client, draft)["pdf/"], tmp_path)
    login(client, "member")
    for name, content in served(client, draft).items():
        response = client.get(f"/reports/{draft.pk}/{name}")
        assert response["Cache-Control"] == "no-store, private"
        assert b"EXEMPT-MARKER" in content or name == "pdf/", name
    assert "EXEMPT-MARKER" in pdf_text(served(client, draft)["pdf/"], tmp_path)


def test_a_published_report_cannot_be_composed_or_published_again(client, november):
    login(client, "author")
    for url in ("compose/", "compose/details/", "publish/", "compose/sections/new/"):
        assert client.get(f"/reports/{november.pk}/{url}").status_code == 404
    assert client.post(f"/reports/{november.pk}/publish/", {"version": 0}).status_code == 404


def test_publishing_a_stale_version_is_refused(client, november):
    draft = services.correction_start(report=november, reason="A test.")
    seen = draft.version
    services.section_save(report=draft, version=seen, number=6, title="Added meanwhile")
    login(client, "author")
    response = client.post(f"/reports/{draft.pk}/publish/", {"version": seen})
    assert "Someone else changed this report" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_the_draft_page_takes_the_same_queries_however_much_data(client, november, record_update):
    draft = services.correction_start(report=november, reason="A test.")
    login(client, "author")

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"/reports/{draft.pk}/").status_code == 200
        return len(context.captured_queries)

    queries()  # warm the caches that load once a process
    few = queries()
    model = Project.objects.first()
    for n in range(20):
        Project.objects.create(
            code=f"X-{n}",
            name="X",
            programme=model.programme,
            department=model.department,
            manager="M",
            description="D",
            registered_on=date(2005, 1, 1),
        )
        record_update(
            f"X-{n}",
            status_date=date(2005, 9, 30),
            recorded_at=datetime(2005, 10, 1, 9, tzinfo=LONDON),
        )
    assert queries() == few
    print(f"\nThe draft report page: {few} queries")


def test_the_admin_shows_a_published_report_and_changes_nothing(client, november):
    login(client, "admin")
    url = f"/admin/reports/report/{november.pk}/change/"
    page = client.get(url).content.decode()
    assert "View report" in page
    assert client.post(url, {"subject": "Changed"}).status_code == 403
    assert client.post(f"/admin/reports/report/{november.pk}/delete/").status_code == 403
    paragraph = Paragraph.objects.filter(section__report=november).first()
    assert (
        "View paragraph"
        in client.get(f"/admin/reports/paragraph/{paragraph.pk}/change/").content.decode()
    )
    november.refresh_from_db()
    assert november.subject == "Harrow IT Services Update Report"


def test_published_part_one_files_are_served_like_static_files(
    client, november, django_assert_num_queries
):
    """Before sessions and the rest, from each server's memory after the first time."""
    stored_pdf = PublishedFile.objects.get(publication=november.pk, kind="pdf")
    url = f"/reports/{november.pk}/pdf/"
    with django_assert_num_queries(1):  # the file, its report and its meeting, at once
        response = client.get(url)
    assert response.content == bytes(stored_pdf.content)
    assert response["Content-Length"] == str(len(response.content))
    assert response["ETag"] == f'"{stored_pdf.sha256}"'
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response["Content-Disposition"] == (
        'inline; filename="2005-11-22-harrow-it-services-update.pdf"'
    )
    assert "Set-Cookie" not in response
    with django_assert_num_queries(0):
        assert client.get(url).content == response.content
        assert client.get(url, headers={"If-None-Match": response["ETag"]}).status_code == 304
    login(client, "member")  # a member gets the same file: the report has no restricted one
    with django_assert_num_queries(0):
        assert client.get(url).content == response.content
    data = client.get(f"/reports/{november.pk}/data.json")
    assert data.content == bytes(
        PublishedFile.objects.get(publication=november.pk, kind="json").content
    )
