"""Reading the draft committee report in Chromium."""

import re

from playwright.sync_api import expect


def test_author_reads_the_draft_report(page, site, sign_in, axe):
    sign_in(page, "author")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    axe(page)
    november = page.get_by_role("row").filter(has_text="22 November 2005")
    november.get_by_role("link", name="Harrow IT Services Update Report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Harrow IT Services Update Report")
    expect(page.get_by_text("DRAFT: not published.")).to_be_visible()
    expect(page.get_by_role("cell", name="Part I", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Download PDF")).to_have_attribute(
        "href", re.compile(r"^/reports/\d+/pdf/$")
    )
    contents = page.get_by_role("navigation", name="Contents")
    contents.get_by_role("link", name="2 Key Programme Achievements").click()
    expect(page.locator("#paragraph-2\\.6")).to_contain_text("Digital TV is now 'live'")
    axe(page)


def test_the_part_two_report_is_readable_by_its_author(page, site, sign_in, axe):
    sign_in(page, "author")
    page.goto(f"{site}/reports/")
    page.get_by_role("link", name="HITS Restructure: Staffing Implications (illustrative)").click()
    expect(page.get_by_role("cell", name=re.compile("^Part II"))).to_be_visible()
    axe(page)
