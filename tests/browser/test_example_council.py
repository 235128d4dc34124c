"""A second council's demo in the browser: nothing on its report's page names Harrow."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from reports.models import Report


@pytest.fixture
def example_site(live_server, transactional_db):
    """The live server's address, with Example Borough Council's demo loaded instead of
    Harrow's (`loaddemo --council example`)."""
    call_command("loaddemo", "--council", "example", stdout=None)
    return live_server.url


def test_the_example_councils_report_page_is_its_own(page, example_site, axe, tmp_path):
    report = Report.objects.get(series="digital-services-update")
    page.goto(f"{example_site}/reports/{report.pk}/")
    expect(page).to_have_title(
        "Digital Services Progress Report, 18 October 2005 – Digital Services Reporting – "
        "Example Borough Council"
    )
    header = page.locator(".govuk-generic-header")
    expect(header.get_by_role("link", name="Example Borough Council")).to_be_visible()
    expect(header).to_have_css("background-color", "rgb(30, 89, 69)")  # #1e5945
    expect(header.locator("img")).to_have_attribute(
        "src", "/static/images/logo-example-borough-council.svg"
    )
    assert page.evaluate("document.querySelector('.govuk-generic-header img').naturalWidth") > 0
    expect(page.locator("footer")).to_contain_text("© Example Borough Council")
    expect(page.locator("footer")).to_contain_text("Resources Scrutiny Panel")
    expect(page.get_by_role("link", name="Download PDF")).to_be_visible()
    assert "Harrow" not in page.content()
    page.screenshot(path=tmp_path / "example-report.png", full_page=False)
    axe(page)
