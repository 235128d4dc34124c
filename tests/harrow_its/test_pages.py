"""The home page, the area pages and the error pages."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import path

import harrow_its.urls
from harrow_its.access import PUBLIC, access

pytestmark = pytest.mark.django_db

NAVIGATION = [
    ("Reports", "/reports/"),
    ("Capital projects", "/capital-projects/"),
    ("Improvement plan", "/improvement-plan/"),
    ("Performance indicators", "/indicators/"),
    ("BVPI 157", "/bvpi-157/"),
]


def test_home_page_says_what_the_portal_is_and_leads_to_each_area(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    # Without site settings (harrow_its.models.SiteSettings), the defaults: no council named.
    assert "<title>Home – IT Services Reporting – Your council</title>" in page
    assert '<h1 class="govuk-heading-xl">IT Services Reporting</h1>' in page
    assert "IT Services report regularly to the scrutiny committee" in page
    for text, href in NAVIGATION:
        assert f'<a class="govuk-link" href="{href}">{text}</a>' in page


def test_every_page_has_landmarks_skip_link_and_navigation(client):
    page = client.get("/").content.decode()
    assert '<a href="#main-content" class="govuk-skip-link"' in page
    assert '<header class="govuk-template__header">' in page
    assert '<main class="govuk-main-wrapper" id="main-content">' in page
    assert '<footer class="govuk-template__footer">' in page
    assert '<nav aria-label="Main"' in page
    assert ">Your council</a>" in page
    assert ">IT Services Reporting</a>" in page
    links = re.findall(
        r'<a class="govuk-service-navigation__link" href="([^"]+)">\s*([^<]+?)\s*</a>', page
    )
    assert links == [
        ("/", "IT Services Reporting"),
        *[(h, t) for t, h in NAVIGATION],
        ("/sign-in/", "Sign in"),
    ]


def test_no_crown_and_no_gds_transport(client):
    """A council service: no crown logo, no GOV.UK font."""
    page = client.get("/").content.decode()
    assert "govuk-logo" not in page
    assert "crown" not in page.lower()


def test_current_section_is_marked_in_the_navigation(client, officer):
    client.force_login(officer)
    page = client.get("/indicators/").content.decode()
    assert (
        '<a class="govuk-service-navigation__link" href="/indicators/" aria-current="page">\n'
        '                  <strong class="govuk-service-navigation__active-fallback">'
        "Performance indicators</strong>"
    ) in page


def test_anonymous_visitors_see_sign_in_not_sign_out(client):
    page = client.get("/").content.decode()
    assert ">Sign in</a>" in page
    assert "Sign out" not in page


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/capital-projects/", "Capital projects"),
        ("/improvement-plan/", "Improvement plan"),
        ("/indicators/", "Performance indicators"),
        ("/bvpi-157/", "BVPI 157"),
        ("/reports/", "Reports"),
    ],
)
def test_area_pages(client, author, url, heading):
    client.force_login(author)
    page = client.get(url).content.decode()
    assert f'<h1 class="govuk-heading-xl">{heading}</h1>' in page
    assert f"<title>{heading} – IT Services Reporting – Your council</title>" in page


def test_not_found_page_is_styled(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Page not found</h1>' in page
    assert '<nav aria-label="Main"' in page


def broken_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", access(PUBLIC)(broken_view)), *harrow_its.urls.urlpatterns]


@override_settings(ROOT_URLCONF=__name__)
def test_server_error_page_is_styled_and_tells_nothing():
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert "a bug" not in page
    assert "RuntimeError" not in page


def test_csrf_failure_page_is_styled(officer):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/sign-in/", {"username": "officer", "password": "x"})
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()
