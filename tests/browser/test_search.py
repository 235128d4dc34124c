"""Search in Chromium: from the reports list to ranked, highlighted results, as the
public and as an officer; axe on every page."""

import os
import re
from pathlib import Path

from playwright.sync_api import expect


def test_search_from_the_reports_list(page, site, sign_in, axe, tmp_path):
    """The public search the reports from the reports list and get the three results
    for "Storage Area Network", the matching words marked; a search with nothing in
    it says what to do; an officer also finds the capital project."""
    # Screenshots, to look at by eye: in SEARCH_SHOTS if set.
    shots = Path(os.environ.get("SEARCH_SHOTS", tmp_path))
    shots.mkdir(exist_ok=True)
    page.goto(f"{site}/reports/")
    page.get_by_label("Search the reports").fill("Storage Area Network")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_title(re.compile(r"^Storage Area Network – Search – "))
    expect(
        page.get_by_role("heading", level=2, name="3 results for “Storage Area Network”")
    ).to_be_visible()
    results = page.locator(".app-search-results__item")
    expect(results).to_have_count(3)
    expect(results.nth(2).get_by_role("link")).to_have_text("2 Key Programme Achievements")
    expect(results.nth(2).locator("mark")).to_have_text(["Storage", "Area", "Network"])
    axe(page)
    page.screenshot(path=shots / "results-public.png", full_page=True)

    results.nth(2).get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/reports/\d+/#paragraph-2\.4$"))
    expect(page.locator("#paragraph-2\\.4")).to_contain_text("Storage Area Network")

    page.goto(f"{site}/search/")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter what to search for")
    axe(page)
    page.screenshot(path=shots / "empty.png", full_page=True)

    sign_in(page, "officer")
    page.goto(f"{site}/search/")
    page.get_by_label("Search", exact=True).fill("Storage Area Network")
    page.get_by_role("button", name="Search").click()
    expect(
        page.get_by_role("heading", level=2, name="4 results for “Storage Area Network”")
    ).to_be_visible()
    expect(page.get_by_role("link", name="ICT-SAN: Storage Area Network")).to_be_visible()
    axe(page)
    page.screenshot(path=shots / "results-officer.png", full_page=True)
