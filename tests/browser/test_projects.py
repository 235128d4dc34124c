"""Officers keeping capital projects and the improvement plan current, in Chromium."""

import re

from playwright.sync_api import expect


def test_officer_adds_an_update_to_the_san_and_sees_it(page, site, sign_in, axe):
    sign_in(page, "officer")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Capital projects").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Capital projects")
    axe(page)
    page.get_by_role("link", name="Storage Area Network").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Storage Area Network")
    axe(page)

    page.get_by_role("link", name="Add a status update").click()
    axe(page)
    # A mistake first: amber with no reason.
    page.get_by_label("Reporting period").select_option(index=1)
    page.get_by_label("Amber").check()
    page.get_by_label("Progress this period").fill("Phase 1 signed off; phase 2 planning.")
    page.get_by_role("button", name="Add the update").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(
        summary.get_by_role("link", name="Give the reason for an amber or red status")
    ).to_be_visible()
    expect(page.get_by_label("Progress this period")).to_have_value(
        "Phase 1 signed off; phase 2 planning."
    )
    axe(page)
    summary.get_by_role("link", name="Give the reason for an amber or red status").click()
    expect(page.get_by_label("Reason for the RAG status")).to_be_focused()
    page.get_by_label("Reason for the RAG status").fill("Phase 2 needs BTP storage sizing.")
    page.get_by_role("button", name="Add the update").click()

    expect(page.get_by_text("Status update added.")).to_be_visible()
    expect(page.get_by_text("Phase 2 needs BTP storage sizing.").first).to_be_visible()
    expect(page.get_by_role("definition").filter(has_text="Amber").first).to_be_visible()
    axe(page)


def test_officer_is_refused_another_departments_project(page, site, sign_in, axe):
    sign_in(page, "officer")
    page.goto(f"{site}/capital-projects/BTP-HOST/")
    expect(page.get_by_role("heading", level=1)).to_have_text("HOST roll-out for People First")
    expect(page.get_by_role("link", name="Add a status update")).to_have_count(0)
    page.goto(f"{site}/capital-projects/BTP-HOST/updates/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot open this page")
    expect(
        page.get_by_text(
            "Only officers of People First, report authors and administrators may change this."
        )
    ).to_be_visible()
    axe(page)


def test_money_milestones_and_the_plan_pages_are_accessible(page, site, sign_in, axe):
    sign_in(page, "officer")
    page.goto(f"{site}/capital-projects/ICT-SAN/")
    page.get_by_role("link", name="Record money figures").click()
    page.get_by_label("Spend to date").fill("-10")
    page.get_by_role("button", name="Record the figures").click()
    expect(page.get_by_role("link", name="The spend to date cannot be negative")).to_be_visible()
    axe(page)
    page.goto(f"{site}/capital-projects/ICT-SAN/")
    page.get_by_role("link", name=re.compile("^Update Phase 1 complete")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Update the milestone: Phase 1 complete"
    )
    axe(page)
    page.goto(f"{site}/improvement-plan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Improvement plan")
    axe(page)
    page.get_by_role("link", name="HITS Tours for customers").click()
    expect(page.get_by_text("proving a great success")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Add a progress note").click()
    axe(page)


def test_the_list_filters_and_downloads(page, site, sign_in):
    sign_in(page, "officer")
    page.goto(f"{site}/capital-projects/")
    page.get_by_label("RAG status").select_option(label="Amber")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("2 projects.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    assert re.fullmatch(
        r"capital-projects-as-at-\d{4}-\d{2}-\d{2}\.xlsx", download.value.suggested_filename
    )
