"""An officer enabling an inventory cell and seeing the BVPI 157 score move, in Chromium."""

from django.utils import timezone
from playwright.sync_api import expect

from harrow_its.models import Department, Role


def test_officer_enables_online_payment_and_the_score_moves(page, site, sign_in, make_user, axe):
    make_user("ul.officer", Role.OFFICER, departments=[Department.objects.get(slug="urban-living")])
    sign_in(page, "ul.officer", "a-long-test-password")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="BVPI 157").click()
    panel = page.locator(".govuk-panel__title")
    before = panel.inner_text()
    axe(page)
    page.get_by_role("link", name="See what remains").click()
    expect(
        page.get_by_role("heading", name="8. Paying for goods and services: 2 services")
    ).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Leisure and Sports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Urban Living")
    axe(page)
    page.get_by_role(
        "link", name="Change Leisure and Sports: Paying for goods and services"
    ).click()
    axe(page)

    today = timezone.localdate()
    enabled_from = page.get_by_role("group", name="E-enabled from")
    enabled_from.get_by_label("Day").fill(str(today.day))
    enabled_from.get_by_label("Month").fill(str(today.month))
    enabled_from.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Save the cell").click()
    expect(
        page.get_by_role("link", name="Select the channel it is e-enabled through")
    ).to_be_visible()
    axe(page)
    page.get_by_label("Channel").select_option(label="Web")
    page.get_by_label("Evidence").fill("Book and pay on the leisure centre pages.")
    page.get_by_role("button", name="Save the cell").click()
    expect(
        page.get_by_text("Leisure and Sports: Paying for goods and services updated.")
    ).to_be_visible()

    page.get_by_role("link", name="BVPI 157").first.click()
    assert before == "Council-wide: 96%"
    expect(panel).to_have_text("Council-wide: 98%")
    expect(page.get_by_text("80 of 82 permissible interactions e-enabled")).to_be_visible()
