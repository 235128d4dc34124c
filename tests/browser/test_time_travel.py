"""Looking at the data as it stood on a past day, in Chromium."""

import re

from playwright.sync_api import expect


def show_as_at(page, day, month, year):
    fieldset = page.get_by_role("group", name="Show as at")
    fieldset.get_by_label("Day").fill(day)
    fieldset.get_by_label("Month").fill(month)
    fieldset.get_by_label("Year").fill(year)
    page.get_by_role("button", name="Show").click()


def test_an_officer_looks_at_a_project_as_it_stood(page, site, sign_in, axe):
    sign_in(page, "officer")
    page.goto(f"{site}/capital-projects/ICT-SAN/")
    show_as_at(page, "1", "9", "2005")
    expect(page).to_have_url(re.compile(r"\?as_at_day=1&as_at_month=9&as_at_year=2005$"))
    expect(
        page.get_by_text("You are looking at the data as it stood at the end of 1 September 2005.")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Status as at 1 September 2005")).to_be_visible()
    expect(page.get_by_role("link", name="Add a status update")).to_have_count(0)
    axe(page)
    show_as_at(page, "1", "1", "2099")
    expect(page.get_by_role("link", name="The date cannot be in the future")).to_be_visible()
    axe(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Capital projects").click()
    show_as_at(page, "1", "9", "2005")
    page.get_by_label("RAG status").select_option(label="Green")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile("as_at_year=2005"))
    expect(page.get_by_text("as at 1 September 2005")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Show it as it is today").click()
    expect(page.get_by_text("You are looking at the data")).to_have_count(0)
