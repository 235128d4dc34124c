"""Reading reports: who may, the web page, the PDF and what the PDF renderer may fetch."""

import subprocess
from pathlib import Path

import pytest

from reports import services
from reports.models import Publication, Rendering, Report
from reports.pdf import RefusedFetch, RenderFailed, _static_file, render
from tests.helpers import clear, login, make_the_pdfs, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(november):
    """The demo's published November report, its Part II companion, and a draft."""
    part_two = Report.objects.get(series="hits-restructure-staffing")
    draft = services.correction_start(report=november, reason="Paragraph 2.2's date.")
    return november, part_two, draft


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


def test_a_draft_pdf_is_made_in_the_background(client, reports, tmp_path):
    draft = reports[2]
    login(client, "author")
    url = f"/reports/{draft.pk}/pdf/"
    page = client.get(url).content.decode()
    assert '<h1 class="govuk-heading-xl">Make a PDF of the draft</h1>' in page
    assert f'<form method="post" action="/reports/{draft.pk}/pdf/make/" novalidate>' in page
    assert not Rendering.objects.filter(report=draft).exists()  # reading writes nothing

    assert client.post(f"/reports/{draft.pk}/pdf/make/").url == url
    response = client.get(url)
    assert response.status_code == 202
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    page = response.content.decode()
    assert '<h1 class="govuk-heading-xl">The PDF is being made</h1>' in page
    assert "PDF: Waiting for the background worker (0% done)." in page
    made = Rendering.objects.get(report=draft)
    assert (made.state, made.restricted, made.publication) == ("queued", False, None)
    progress = f"/reports/{draft.pk}/pdf/{made.pk}/progress/"
    assert f'data-progress-url="{progress}"' in page
    assert client.get(progress).json() == {
        "building": [{"label": "PDF", "progress": 0, "stage": "Waiting for the background worker"}]
    }
    assert client.post(f"/reports/{draft.pk}/pdf/make/").url == url
    assert Rendering.objects.filter(report=draft).count() == 1  # asking again queues no more

    make_the_pdfs()
    assert client.get(progress).json() == {"building": []}  # the page reloads: the PDF
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="2005-11-22-harrow-it-services-update-draft.pdf"'
    )
    text = pdf_text(response.content, tmp_path)
    assert "DRAFT: not published." in text
    assert "Harrow IT Services Update Report (DRAFT)" in text  # the running header
    assert "As at 30th October the BVPI 157 score was 87% e-enablement." in text
    login(client, "officer")  # the same document for an officer: the same PDF
    assert client.get(url).content == response.content

    # The draft changes: its next PDF is a new one, and the old one goes.
    services.report_details_update(
        report=draft, version=draft.version, subject="Harrow IT Services Update Report (revised)"
    )
    assert client.get(url).status_code == 200  # a page offering to make it
    client.post(f"/reports/{draft.pk}/pdf/make/")
    assert list(Rendering.objects.filter(report=draft).values_list("state", flat=True)) == [
        "queued"
    ]


def test_a_pdf_being_made_is_shown_only_to_those_who_may_read_it(client, reports):
    login(client, "author")
    client.post(f"/reports/{reports[2].pk}/pdf/make/")
    made = Rendering.objects.get(report=reports[2])
    progress = f"/reports/{reports[2].pk}/pdf/{made.pk}/progress/"
    client.logout()
    assert client.get(progress).status_code == 404  # the public: a draft is not there
    login(client, "member")
    assert client.get(progress).status_code == 404  # members do not read drafts
    assert client.get(f"/reports/{reports[1].pk}/pdf/{made.pk}/progress/").status_code == 404


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


def test_a_pdf_that_cannot_be_made_says_so_and_can_be_tried_again(client, reports, settings):
    settings.PDF_MAX_HTML_BYTES = 1000
    draft = reports[2]
    login(client, "author")
    url = f"/reports/{draft.pk}/pdf/"
    client.post(f"/reports/{draft.pk}/pdf/make/")
    make_the_pdfs()
    response = client.get(url)
    assert response.status_code == 503
    page = response.content.decode()
    assert "The document is too large to render" in page
    made = Rendering.objects.get(report=draft)
    retry = f"/reports/{draft.pk}/pdf/{made.pk}/retry/"
    assert f'<form method="post" action="{retry}" novalidate>' in page
    assert client.get(url).status_code == 503  # the same document: the same failure

    settings.PDF_MAX_HTML_BYTES = 20_000_000  # the cause is put right; then try again
    assert client.post(retry).url == url
    assert client.get(url).status_code == 202
    make_the_pdfs()
    made.refresh_from_db()
    assert (made.state, made.attempts) == ("done", 2)
    assert client.get(url)["Content-Type"] == "application/pdf"

    settings.PDF_MAX_HTML_BYTES = 1000  # publishing refuses what cannot be rendered
    clear(draft)
    response = client.post(f"/reports/{draft.pk}/publish/", {"version": draft.version})
    assert response.url == f"/reports/{draft.pk}/publishing/"
    make_the_pdfs()
    page = client.get(response.url).content.decode()
    assert '<h1 class="govuk-heading-xl">The report was not published</h1>' in page
    assert (
        "The report was not published, and is still a draft. The document is too large to render: "
    ) in page
    draft.refresh_from_db()
    assert draft.state == "draft"
    assert not Publication.objects.filter(report=draft).exists()


def test_only_staff_may_try_again(client, reports, settings):
    settings.PDF_MAX_HTML_BYTES = 1000
    login(client, "author")
    client.post(f"/reports/{reports[2].pk}/pdf/make/")
    make_the_pdfs()
    made = Rendering.objects.get(report=reports[2])
    login(client, "member")
    assert client.post(f"/reports/{reports[2].pk}/pdf/{made.pk}/retry/").status_code == 403
    assert client.post(f"/reports/{reports[2].pk}/pdf/make/").status_code == 403
    made.refresh_from_db()
    assert made.state == "failed"
