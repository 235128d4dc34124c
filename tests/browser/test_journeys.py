"""Journeys through the portal in Chromium, each page checked with axe."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from harrow_its.forms import INVALID_SIGN_IN
from tests.helpers import code_of


def set_up_the_app(page, username, axe):
    """A staff account's first sign-in: set the authenticator app up, as the page asks."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    axe(page)
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    page.get_by_label("Code", exact=True).fill(code_of(device))  # what the app shows now
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your authenticator app is set up")
    expect(page.locator(".app-recovery-codes li")).to_have_count(10)
    axe(page)
    page.get_by_role("link", name="Continue").click()


MAIN_NAVIGATION = [
    "Reports",
    "Capital projects",
    "Improvement plan",
    "Performance indicators",
    "BVPI 157",
]


@pytest.mark.parametrize(
    ("username", "name", "roles"),
    [
        ("officer", "Olu Adeyemi", "Officer"),
        ("author", "Alison Carter", "Report author"),
        ("member", "Councillor Mark Ellis", "Committee member"),
        ("finance", "Fiona Marsh", "Clearer"),
        ("democratic", "Dana Okafor", "Democratic Services"),
        (
            "admin",
            "Sam Patel",
            "Officer, Report author, Committee member, Clearer, Democratic Services",
        ),
    ],
)
def test_each_demo_role_signs_in_and_out(page, site, axe, username, name, roles):
    page.goto(site)
    axe(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in").click()
    expect(page).to_have_title("Sign in – IT Services Reporting – Harrow Council")
    axe(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("harrow-demo-2005")
    page.get_by_role("button", name="Sign in").click()
    if username != "member":  # staff give a second factor: the first time, set it up
        set_up_the_app(page, username, axe)

    expect(page.get_by_role("heading", level=1)).to_have_text("IT Services Reporting")
    expect(page.get_by_text(f"You are signed in as {name} ({roles}).")).to_be_visible()
    navigation = page.get_by_role("navigation", name="Main")
    for link in MAIN_NAVIGATION:
        expect(navigation.get_by_role("link", name=link, exact=True)).to_be_visible()
    axe(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    expect(page.get_by_role("link", name="Sign in", exact=True).first).to_be_visible()
    axe(page)


def test_a_wrong_password_is_explained_and_focused(page, site, axe):
    page.goto(f"{site}/sign-in/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()  # GOV.UK Frontend's JavaScript moved focus there
    expect(summary.get_by_role("link", name=INVALID_SIGN_IN)).to_be_visible()
    expect(page.get_by_label("Username")).to_have_value("officer")
    expect(page).to_have_title("Error: Sign in – IT Services Reporting – Harrow Council")
    axe(page)


def test_a_staff_page_asks_for_sign_in_then_returns(page, site, axe):
    page.goto(f"{site}/capital-projects/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_text("Sign in to see that page.")).to_be_visible()
    axe(page)
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("harrow-demo-2005")
    page.get_by_role("button", name="Sign in").click()
    set_up_the_app(page, "officer", axe)
    expect(page).to_have_url(f"{site}/capital-projects/")
    current = page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Capital projects"
    )
    expect(current).to_have_attribute("aria-current", "page")
    axe(page)


def test_on_a_phone_the_menu_opens_and_nothing_scrolls_sideways(page, site, axe):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site)
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Reports")).to_be_hidden()
    navigation.get_by_role("button", name="Menu").click()
    for link in MAIN_NAVIGATION:
        expect(navigation.get_by_role("link", name=link, exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    axe(page)
    page.goto(f"{site}/sign-in/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    axe(page)


def test_skip_link_is_first_and_reaches_main_content(page, site):
    page.goto(site)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
