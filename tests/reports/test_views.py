"""Reading reports: who may, the web page, the PDF and what the PDF renderer may fetch."""

import subprocess
from pathlib import Path

import pytest

from harrow_its.models import User
from reports import services
from reports.models import Report
from reports.pdf import RefusedFetch, RenderFailed, _static_file, render

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(november):
    """The demo's published November report, its Part II companion, and a draft."""
    part_two = Report.objects.get(series="hits-restructure-staffing")
    draft = services.correction_start(report=november, reason="Paragraph 2.2's date.")
    return november, part_two, draft


def login(client, username):
    client.force_login(User.objects.get(username=username))


def pdf_text(content: bytes, tmp_path) -> str:
    """The PDF's text as pdftotext extracts it, with its line breaks as spaces."""
    (tmp_path / "report.pdf").write_bytes(content)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "report.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("who", "published", "part_two", "draft"),
    [
        (None, 200, 404, 404),  # the public: published Part I only
        ("member", 200, 200, 404),  # members: published reports, Part II included
        ("officer", 200, 404, 200),  # officers: drafts too, but never Part II
        ("author", 200, 200, 200),
        ("admin", 200, 200, 200),
    ],
)
def test_who_may_read_what(client, reports, who, published, part_two, draft):
    if who:
        login(client, who)
    for report, status in zip(reports, (published, part_two, draft), strict=True):
        for url in ("", "pdf/", "data.json"):
            assert client.get(f"/reports/{report.pk}/{url}").status_code == status


def test_the_list_shows_only_what_may_be_read(client, reports):
    page = client.get("/reports/").content.decode()
    assert page.count("Harrow IT Services Update Report") == 2  # September and November
    assert "HITS Restructure" not in page  # Part II: not even its title
    assert "draft" not in page
    login(client, "officer")
    page = client.get("/reports/").content.decode()
    assert page.count("Harrow IT Services Update Report") == 3
    assert "HITS Restructure" not in page


def test_the_draft_page(client, reports):
    draft = reports[2]
    login(client, "author")
    response = client.get(f"/reports/{draft.pk}/")
    page = response.content.decode()
    assert (
        '<strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>DRAFT'
        in page
    )
    assert '<strong class="govuk-tag govuk-tag--blue">Part I</strong>' in page
    assert f'<a class="govuk-link" href="/reports/{draft.pk}/pdf/">Download PDF</a>' in page
    assert (
        f'<a class="govuk-link" href="/reports/{draft.pk}/compose/">Change this draft</a>' in page
    )
    assert "A correction of" in page
    assert 'id="paragraph-2.4"' in page
    assert "As at 30th October the BVPI 157 score was 87% e-enablement." in page
    assert "Cache-Control" not in response  # Part I: nothing exempt in it
    login(client, "officer")
    page = client.get(f"/reports/{draft.pk}/").content.decode()
    assert "Change this draft" not in page  # officers read drafts; authors write them
    assert "Publish report" not in page


def test_part_two_is_never_cached(client, reports):
    login(client, "member")
    for url in ("", "pdf/", "data.json"):
        response = client.get(f"/reports/{reports[1].pk}/{url}")
        assert response["Cache-Control"] == "no-store, private"
    page = client.get(f"/reports/{reports[1].pk}/").content.decode()
    assert "exempt under paragraph 1 of Schedule 12A" in page


def test_the_draft_pdf_says_what_the_page_says(client, reports, tmp_path):
    login(client, "author")
    response = client.get(f"/reports/{reports[2].pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="2005-11-22-harrow-it-services-update-draft.pdf"'
    )
    text = pdf_text(response.content, tmp_path)
    assert "DRAFT: not published." in text
    assert "Harrow IT Services Update Report (DRAFT)" in text  # the running header
    assert "As at 30th October the BVPI 157 score was 87% e-enablement." in text


class TestTheRenderer:
    """The PDF renderer reads the portal's static files and nothing else, and stops a
    document that would take too long or too much."""

    def test_static_files_are_served(self):
        found = _static_file("https://portal.invalid/static/css/application.css")
        assert found.name == "application.css"

    @pytest.mark.parametrize(
        "url",
        [
            "file:///etc/hostname",
            "http://127.0.0.1:9/",
            "https://portal.invalid/static/../../../etc/hostname",
            "https://portal.invalid/admin/",
            "https://example.com/static/css/application.css",
            "data:text/plain,hello",
        ],
    )
    def test_everything_else_is_refused(self, url):
        with pytest.raises(RefusedFetch):
            _static_file(url)

    def test_a_report_that_tries_to_fetch_gets_nothing(self, tmp_path):
        hostname = Path("/etc/hostname").read_text().strip()
        html = (
            '<html lang="en-GB"><head><title>t</title><link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
            "<style>@import url(file:///etc/passwd); p { background: url(http://127.0.0.1:9/exfiltrate?secret=1) }</style></head>"
            '<body><img src="file:///etc/hostname" alt="x"><img src="http://127.0.0.1:9/redirect" alt="y">'
            '<img src="/static/images/favicon.svg" alt="ours"><p>Text</p></body></html>'
        )
        rendered = render(html)
        (tmp_path / "t.pdf").write_bytes(rendered.pdf)
        text = subprocess.run(
            ["pdftotext", str(tmp_path / "t.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Text" in text
        assert hostname not in text
        assert sorted(rendered.refused) == [
            "file:///etc/hostname",
            "file:///etc/passwd",
            "http://127.0.0.1:9/exfiltrate?secret=1",
            "http://127.0.0.1:9/redirect",
            "http://127.0.0.1:9/x.css",
        ]
        assert sorted(set(rendered.asked_for) - set(rendered.refused)) == [
            "https://portal.invalid/static/images/favicon.svg"
        ]

    def test_a_render_that_takes_too_long_is_stopped(self, settings):
        settings.PDF_RENDER_SECONDS = 2
        rows = "".join(f"<tr><td>{n}</td><td>{'word ' * 40}</td></tr>" for n in range(40_000))
        with pytest.raises(RenderFailed, match="took more than 2 seconds to render"):
            render(f"<html><body><table>{rows}</table></body></html>")

    def test_a_render_that_needs_too_much_memory_is_stopped(self, settings):
        settings.PDF_RENDER_MEMORY_MB = 200
        rows = "".join(f"<tr><td>{n}</td><td>{'word ' * 40}</td></tr>" for n in range(20_000))
        with pytest.raises(RenderFailed, match="could not be rendered"):
            render(f"<html><body><table>{rows}</table></body></html>")

    def test_a_document_too_large_is_refused_before_it_starts(self, settings):
        settings.PDF_MAX_HTML_BYTES = 1000
        with pytest.raises(RenderFailed, match="too large to render: 1,043 bytes"):
            render("<p>" + "x" * 1036 + "</p>")


def test_a_pdf_that_cannot_be_made_says_so(client, reports, settings):
    settings.PDF_MAX_HTML_BYTES = 1000
    login(client, "author")
    response = client.get(f"/reports/{reports[2].pk}/pdf/")
    assert response.status_code == 503
    assert "The document is too large to render" in response.content.decode()
    response = client.post(f"/reports/{reports[2].pk}/publish/", {"version": reports[2].version})
    assert "The document is too large to render" in response.content.decode()
    reports[2].refresh_from_db()
    assert reports[2].state == "draft"
