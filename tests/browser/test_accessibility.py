"""axe-core finds no WCAG 2.2 A or AA violation on any page, for any role."""

import pytest
from playwright.sync_api import expect

# Who signs in (None: nobody), the page, and its heading.
PAGES = [
    (None, "/", "IT Services Reporting"),
    (None, "/sign-in/", "Sign in"),
    (None, "/reports/", "Reports"),
    (None, "/no-such-page/", "Page not found"),
    ("officer", "/", "IT Services Reporting"),
    ("officer", "/capital-projects/", "Capital projects"),
    ("officer", "/improvement-plan/", "Improvement plan"),
    ("officer", "/indicators/", "Performance indicators"),
    ("officer", "/bvpi-157/", "BVPI 157"),
    ("author", "/reports/", "Reports"),
    ("member", "/capital-projects/", "You cannot open this page"),
    ("author", "/indicators/SLA-01/", "Calls resolved at first contact"),
    ("officer", "/bvpi-157/business-connections/", "Business Connections"),
    ("officer", "/bvpi-157/what-remains/", "What remains"),
    ("officer", "/bvpi-157/inventory/", "The inventory as a spreadsheet"),
]


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize(("who", "path", "heading"), PAGES)
def test_page_has_no_axe_violations(page, site, sign_in, axe, who, path, heading, width):
    page.set_viewport_size({"width": width, "height": 900})
    if who:
        sign_in(page, who)
    page.goto(f"{site}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert axe(page) > 0  # axe ran its rules


def test_lockout_page_has_no_axe_violations(page, site, axe):
    page.goto(f"{site}/sign-in/")
    for _ in range(5):
        page.get_by_label("Username").fill("officer")
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts to sign in")
    axe(page)
