"""The council the portal is for: its site settings, their defaults, and where they show."""

import re
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path

import harrow_its.urls
from harrow_its import colour
from harrow_its.access import PUBLIC, access
from harrow_its.models import LOGO_MISSING, LOGO_NOT_OURS, SiteSettings
from reports import publishing
from reports.assembly import assemble
from reports.models import PublishedFile

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

EXAMPLE = {
    "council_name": "Example Borough Council",
    "service_name": "Digital Services Reporting",
    "reporting_team": "Example Digital Services",
    "committee_name": "Resources Scrutiny Panel",
}


def save_settings(**values) -> SiteSettings:
    current = SiteSettings(**values)
    current.full_clean()
    current.save()
    return current


def settings_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "harrow_its_sitesettings" in q["sql"]]


# Harrow appears in the demo's data, never in a template. `{% load harrow %}` (the
# template tags' library) and `harrow_its` are the code's names, not words a reader sees.
def test_no_template_names_harrow():
    named = [
        f"{file.relative_to(TEMPLATES)}:{number}"
        for file in sorted(TEMPLATES.rglob("*"))
        if file.is_file()
        for number, line in enumerate(file.read_text().splitlines(), start=1)
        if re.search(r"\bHarrow\b", line)
    ]
    assert named == []


def test_without_settings_the_pages_name_no_council(client):
    page = client.get("/").content.decode()
    assert "<title>Home – IT Services Reporting – Your council</title>" in page
    assert '<a href="/" class="govuk-generic-header__homepage-link">Your council</a>' in page
    assert "© Your council" in page
    assert (
        "IT Services Reporting: the IT programme, performance indicators and BVPI 157 "
        "inventory behind the reports to the scrutiny committee." in page
    )
    assert '<meta name="theme-color" content="#0b0c0c">' in page
    assert "/site.css" not in page  # GOV.UK's own header colour needs no stylesheet
    assert "Harrow" not in page


def test_the_settings_name_the_council_service_team_and_committee(client, author):
    save_settings(**EXAMPLE)
    client.force_login(author)
    home = client.get("/").content.decode()
    assert "<title>Home – Digital Services Reporting – Example Borough Council</title>" in home
    assert '<h1 class="govuk-heading-xl">Digital Services Reporting</h1>' in home
    assert "Example Digital Services report regularly to the Resources Scrutiny Panel on" in home
    assert "The Example Digital Services improvement plan:" in home
    assert "Read the update reports to the Resources Scrutiny Panel," in home
    assert "behind the reports to the Resources Scrutiny Panel.</p>" in home
    assert "© Example Borough Council" in home
    reports = client.get("/reports/").content.decode()
    assert "The Example Digital Services update reports to the Resources Scrutiny Panel." in reports
    indicators = client.get("/indicators/").content.decode()
    assert "How Example Digital Services perform against the indicators" in indicators


def test_a_footer_text_replaces_the_default_sentence(client):
    save_settings(footer_text="Run by the council's digital team.")
    page = client.get("/").content.decode()
    assert (
        '<p class="govuk-body-s govuk-!-margin-bottom-0">Run by the council&#x27;s digital team.</p>'
        in page
    )
    assert "behind the reports to the" not in page


def test_a_saved_change_is_seen_at_once(client):
    assert ">Your council</a>" in client.get("/").content.decode()
    current = save_settings(council_name="Example Borough Council")
    assert ">Example Borough Council</a>" in client.get("/").content.decode()
    current.council_name = "Sample District Council"
    current.save()
    assert ">Sample District Council</a>" in client.get("/").content.decode()


def test_the_settings_are_read_once_then_kept_by_the_process(client):
    save_settings(council_name="Example Borough Council")
    with CaptureQueriesContext(connection) as first:
        client.get("/")
    with CaptureQueriesContext(connection) as second:
        page = client.get("/").content.decode()
    assert len(settings_queries(first)) == 1
    assert settings_queries(second) == []
    assert ">Example Borough Council</a>" in page


def test_a_change_saved_by_another_process_is_seen_after_the_recheck(client, monkeypatch):
    """Another server's save does not reach this process's copy: it is read again
    after RECHECK_SECONDS."""
    save_settings(council_name="Example Borough Council")
    client.get("/")
    SiteSettings.objects.update(council_name="Sample District Council")  # no save(): elsewhere
    assert ">Example Borough Council</a>" in client.get("/").content.decode()
    monkeypatch.setattr(SiteSettings, "RECHECK_SECONDS", 0)
    assert ">Sample District Council</a>" in client.get("/").content.decode()


def test_there_is_only_ever_one_row():
    save_settings(council_name="Example Borough Council")
    save_settings(council_name="Sample District Council")
    assert list(SiteSettings.objects.values_list("pk", "council_name")) == [
        (1, "Sample District Council")
    ]
    with pytest.raises(IntegrityError):
        SiteSettings.objects.bulk_create([SiteSettings(pk=2)])


@pytest.mark.parametrize(
    ("header_colour", "ratio"),
    [("#0b0c0c", 19.59), ("#1e5945", 8.17), ("#1d70b8", 5.17), ("#767676", 4.54)],
)
def test_a_dark_enough_header_colour_is_accepted(header_colour, ratio):
    assert round(colour.contrast_ratio(header_colour, colour.WHITE), 2) == ratio
    SiteSettings(header_colour=header_colour).full_clean()


@pytest.mark.parametrize(
    ("header_colour", "error"),
    [
        ("#777777", colour.TOO_LIGHT.format(colour="#777777", ratio=4.48)),  # just under 4.5:1
        ("#ffdd00", colour.TOO_LIGHT.format(colour="#ffdd00", ratio=1.35)),
        ("#ffffff", colour.TOO_LIGHT.format(colour="#ffffff", ratio=1)),
        ("red", colour.NOT_A_COLOUR),
        ("#0b0c0", colour.NOT_A_COLOUR),
        ("0b0c0c0", colour.NOT_A_COLOUR),
    ],
)
def test_a_header_colour_white_text_cannot_be_read_on_is_refused(header_colour, error):
    with pytest.raises(ValidationError) as refused:
        SiteSettings(header_colour=header_colour).full_clean()
    assert refused.value.message_dict == {"header_colour": [error]}


def test_the_contrast_ratio_runs_from_1_to_21():
    assert colour.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert colour.contrast_ratio("#ffffff", "#000000") == pytest.approx(21)
    assert colour.contrast_ratio("#1e5945", "#1e5945") == 1


def test_the_admin_refuses_a_light_header_colour(client, make_user):
    client.force_login(make_user("root", superuser=True))
    response = client.post(
        "/admin/harrow_its/sitesettings/add/",
        {
            **EXAMPLE,
            "footer_text": "",
            "logo": "",
            "header_colour": "#777777",
        },
    )
    assert response.status_code == 200
    assert "White text on #777777 has a contrast ratio of 4.48:1" in response.content.decode()
    assert not SiteSettings.objects.exists()


def test_the_admin_keeps_one_row_and_shows_its_change_at_once(client, make_user):
    client.force_login(make_user("root", superuser=True))
    assert client.get("/admin/harrow_its/sitesettings/")["Location"] == (
        "/admin/harrow_its/sitesettings/add/"
    )
    response = client.post(
        "/admin/harrow_its/sitesettings/add/",
        {**EXAMPLE, "footer_text": "", "logo": "", "header_colour": "#1e5945"},
    )
    assert response.status_code == 302
    assert client.get("/admin/harrow_its/sitesettings/")["Location"] == (
        "/admin/harrow_its/sitesettings/1/change/"
    )
    assert client.get("/admin/harrow_its/sitesettings/add/").status_code == 403
    assert ">Example Borough Council</a>" in client.get("/").content.decode()


def test_a_header_colour_of_its_own_is_a_stylesheet_of_ours(client):
    save_settings(header_colour="#1E5945")
    page = client.get("/").content.decode()
    assert '<link rel="stylesheet" href="/site.css?header=1e5945">' in page
    assert '<meta name="theme-color" content="#1E5945">' in page
    css = client.get("/site.css?header=1e5945")
    assert css.status_code == 200
    assert css["Content-Type"] == "text/css"
    assert css.content == b"@media screen { .govuk-generic-header { background: #1e5945; } }\n"
    assert css["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize("query", ["", "?header=777777", "?header=red", "?header=1e5945;}"])
def test_the_stylesheet_serves_no_colour_text_cannot_be_read_on(client, query):
    assert client.get(f"/site.css{query}").status_code == 404


def test_a_logo_is_one_of_the_portals_own_static_files(client):
    save_settings(
        council_name="Example Borough Council", logo="images/logo-example-borough-council.svg"
    )
    page = client.get("/").content.decode()
    assert (
        '<a href="/" class="govuk-generic-header__homepage-link"><img class="app-header-logo" '
        'src="/static/images/logo-example-borough-council.svg" alt="" height="30"> '
        "Example Borough Council</a>"
    ) in page


@pytest.mark.parametrize(
    ("logo", "error"),
    [
        ("https://example.org/logo.svg", LOGO_NOT_OURS),
        ("/etc/passwd", LOGO_NOT_OURS),
        ("images/../../harrow_its/settings.py", LOGO_NOT_OURS),
        ("images/logo.gif", LOGO_NOT_OURS),
        ("images/no-such-logo.svg", LOGO_MISSING.format(path="images/no-such-logo.svg")),
    ],
)
def test_a_logo_that_is_not_a_static_file_of_ours_is_refused(logo, error):
    with pytest.raises(ValidationError) as refused:
        SiteSettings(logo=logo).full_clean()
    assert refused.value.message_dict == {"logo": [error]}


def test_the_pdf_names_the_council_as_its_author(demo, november):
    save_settings(
        council_name="Example Borough Council", logo="images/logo-example-borough-council.svg"
    )
    html = publishing.report_print_html(assemble(november), draft=True)
    assert '<meta name="author" content="Example Borough Council">' in html
    assert (
        '<img src="/static/images/logo-example-borough-council.svg" alt="Example Borough Council">'
        in html
    )


def pdf_author(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return re.search(r"^Author:\s+(.*)$", info.stdout, re.M)[1]


def test_a_published_report_keeps_the_council_it_was_published_under(
    client, demo, november, tmp_path
):
    """Its PDF (author included), page text and data were stored when it was published."""
    stored = {f.pk: bytes(f.content) for f in PublishedFile.objects.filter(publication=november.pk)}
    pdf = b"".join(client.get(f"/reports/{november.pk}/pdf/"))
    assert pdf_author(pdf, tmp_path) == "Harrow Council"
    save_settings(**EXAMPLE)
    assert b"".join(client.get(f"/reports/{november.pk}/pdf/")) == pdf
    page = client.get(f"/reports/{november.pk}/").content.decode()
    assert ">Example Borough Council</a>" in page  # the portal's header, around it
    assert stored == {
        f.pk: bytes(f.content) for f in PublishedFile.objects.filter(publication=november.pk)
    }


def broken_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", access(PUBLIC)(broken_view)), *harrow_its.urls.urlpatterns]
handler500 = harrow_its.urls.handler500


@override_settings(ROOT_URLCONF=__name__)
def test_the_server_error_page_names_the_council_without_the_database():
    save_settings(council_name="Example Borough Council")
    Client().get("/")  # this process reads the settings
    client = Client(raise_request_exception=False)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert "– IT Services Reporting – Example Borough Council</title>" in page
    assert settings_queries(queries) == []
