"""Reading reports: who may, the web page, the PDF and what the PDF renderer may fetch."""

import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from reports.models import Report
from reports.pdf import RefusedFetch, StaticOnlyFetcher, render_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(db):
    call_command("loaddemo", stdout=None)
    november = Report.objects.get(
        meeting__date=date(2005, 11, 22), series="harrow-it-services-update"
    )
    part_two = Report.objects.get(series="hits-restructure-staffing")
    return november, part_two


def login(client, username):
    from harrow_its.models import User

    client.force_login(User.objects.get(username=username))


@pytest.mark.parametrize(
    ("who", "november", "part_two"),
    [
        (None, 404, 404),  # the public: published Part I only, and these are drafts
        ("member", 404, 404),  # members: published reports only
        ("officer", 200, 404),  # officers: drafts, but never Part II
        ("author", 200, 200),
        ("admin", 200, 200),
    ],
)
def test_who_may_read_which_draft(client, reports, who, november, part_two):
    if who:
        login(client, who)
    assert client.get(f"/reports/{reports[0].pk}/").status_code == november
    assert client.get(f"/reports/{reports[1].pk}/").status_code == part_two
    assert client.get(f"/reports/{reports[1].pk}/pdf/").status_code == part_two


def test_the_list_shows_only_what_may_be_read(client, reports):
    assert "No reports have been published yet." in client.get("/reports/").content.decode()
    login(client, "officer")
    page = client.get("/reports/").content.decode()
    assert "Harrow IT Services Update Report" in page
    assert "HITS Restructure" not in page  # Part II: not even its title


def test_the_draft_page(client, reports):
    login(client, "author")
    response = client.get(f"/reports/{reports[0].pk}/")
    page = response.content.decode()
    assert (
        '<strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>DRAFT'
        in page
    )
    assert '<strong class="govuk-tag govuk-tag--blue">Part I</strong>' in page
    assert f'<a class="govuk-link" href="/reports/{reports[0].pk}/pdf/">Download PDF</a>' in page
    assert 'id="paragraph-2.4"' in page
    assert "As at 30th October the BVPI 157 score was 87% e-enablement." in page
    assert "Cache-Control" not in response  # Part I: nothing exempt in it


def test_part_two_is_never_cached(client, reports):
    login(client, "author")
    response = client.get(f"/reports/{reports[1].pk}/")
    assert "no-store" in response["Cache-Control"]
    assert "exempt under paragraph 1 of Schedule 12A" in response.content.decode()


def test_the_pdf_says_what_the_page_says(client, reports, tmp_path):
    login(client, "author")
    response = client.get(f"/reports/{reports[0].pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    (tmp_path / "report.pdf").write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "report.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "report.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "Tagged:          yes" in info
    assert (
        "Title:           Harrow IT Services Update Report, Overview and Scrutiny Committee, 22 November 2005"
        in info
    )
    for fact in (
        "Director of Business Transformation",
        "Finance and Performance Management",
        "Quarter 2 BVPI Current Score - 87%",
        "Appendix 4 – BVPI 157 Scores",
        "Page 1 of",
        "87% (71 of 82)",
        "Target: 100% by 31 December 2005",
    ):
        assert fact in text


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
