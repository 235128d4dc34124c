"""Reading reports: who may, the web page, the PDF and what the PDF renderer may fetch."""

import subprocess
from pathlib import Path

import pytest

from harrow_its.models import User
from reports import services
from reports.models import Report
from reports.pdf import RefusedFetch, StaticOnlyFetcher, render_pdf

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


class TestTheFetcher:
    """The PDF renderer reads the portal's static files and nothing else."""

    def test_static_files_are_served(self):
        response = StaticOnlyFetcher().fetch("https://portal.invalid/static/css/application.css")
        assert response.headers["Content-Type"] == "text/css"

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
            StaticOnlyFetcher().fetch(url)

    def test_a_report_that_tries_to_fetch_gets_nothing(self, tmp_path, monkeypatch):
        fetched = []
        original = StaticOnlyFetcher.fetch
        monkeypatch.setattr(
            StaticOnlyFetcher,
            "fetch",
            lambda self, url, headers=None: (fetched.append(url), original(self, url, headers))[1],
        )
        hostname = Path("/etc/hostname").read_text().strip()
        html = (
            '<html lang="en-GB"><head><title>t</title><link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head>'
            '<body><img src="file:///etc/hostname" alt="x"><img src="http://127.0.0.1:9/redirect" alt="y"><p>Text</p></body></html>'
        )
        (tmp_path / "t.pdf").write_bytes(render_pdf(html))
        text = subprocess.run(
            ["pdftotext", str(tmp_path / "t.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Text" in text
        assert hostname not in text
        assert sorted(fetched) == [
            "file:///etc/hostname",
            "http://127.0.0.1:9/redirect",
            "http://127.0.0.1:9/x.css",
        ]
