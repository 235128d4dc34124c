"""
"My updates" in Chromium: from the home page's count to an action's progress-note
form and back, with axe on every page.

The clock is not moved (a live server's cookies do not survive it): the next report
is a draft for a meeting in 2027, after the real today, started from the November
2005 report, so its period runs from 9 November 2005 to its cut-off.
"""

import os
import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from harrow_its.demo import DEMO_PASSWORD
from harrow_its.models import User
from projects.models import Action
from reports import services
from reports.models import Report


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where the screenshots go, to look at by eye: MY_UPDATES_SHOTS if set."""
    folder = Path(os.environ.get("MY_UPDATES_SHOTS", tmp_path))
    folder.mkdir(exist_ok=True)
    return folder


def test_an_officer_follows_their_updates_to_a_form_and_back(page, site, sign_in, axe, shots):
    """The officer of Business Connections sees on the home page how many updates the
    next report needs of them; "My updates" lists them by kind, each linking to its
    form; a progress note added takes its action off, and the count down by one."""
    november = Report.objects.get(
        meeting__date=date(2005, 11, 22), series="harrow-it-services-update", supersedes=None
    )
    services.next_report_start(
        previous=november, meeting_date=date(2027, 2, 9), cut_off=date(2027, 1, 20)
    )
    sign_in(page, "officer")
    page.goto(f"{site}/")
    count = page.locator("#my-updates")
    expect(count).to_have_text(
        re.compile(
            r"^\d+ updates needed for the report of 9 February 2027, deadline 20 January 2027\.$"
        )
    )
    needed = int(count.inner_text().split()[0])
    axe(page)
    page.screenshot(path=shots / "home.png", full_page=True)

    count.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My updates")
    expect(page.locator("#updates-needed")).to_have_text(str(needed))
    expect(page.get_by_text("Wednesday 20 January 2027, by the end of the day")).to_be_visible()
    expect(page.get_by_role("heading", level=2)).to_have_text(["Business Connections"])
    expect(page.get_by_role("heading", level=3)).to_have_text(
        ["Capital projects", "Improvement plan actions", "Performance indicators"]
    )
    expect(page.get_by_role("link", name=re.compile("^SLA-01 "))).to_have_attribute(
        "href",
        "/indicators/results/?frequency=monthly&period=November%202026"
        "&department=business-connections",
    )
    axe(page)
    page.screenshot(path=shots / "my-updates.png", full_page=True)

    tours = Action.objects.get(title="HITS Tours for customers")
    page.get_by_role("link", name="5.1 HITS Tours for customers").click()
    assert page.url == f"{site}/improvement-plan/actions/{tours.pk}/notes/new/"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Add a progress note")
    axe(page)
    page.get_by_label("In progress").check()
    page.get_by_label("Progress note").fill("Two more tours booked for February.")
    page.get_by_role("button", name="Add the note").click()
    expect(page.get_by_text("Progress note added.")).to_be_visible()
    axe(page)

    page.goto(f"{site}/my-updates/")
    expect(page.locator("#updates-needed")).to_have_text(str(needed - 1))
    expect(page.get_by_role("link", name="5.1 HITS Tours for customers")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^1.1 "))).to_have_count(1)
    axe(page)
    page.get_by_role("link", name=re.compile("^SLA-01 ")).click()
    expect(
        page.get_by_role("heading", level=2, name="Business Connections: November 2026")
    ).to_be_visible()
    axe(page)


def test_a_bvpi_service_and_the_empty_state(page, site, sign_in, axe, shots):
    """People First's officer is sent to the department's BVPI 157 services page for a
    service with interactions still to e-enable; with no draft for a meeting to come,
    the page says that no report is being prepared."""
    priya = User.objects.get(username="priya.shah")  # a demo officer who cannot sign in
    priya.set_password(DEMO_PASSWORD)
    priya.save()
    sign_in(page, "priya.shah")
    page.goto(f"{site}/my-updates/")
    expect(page.get_by_text("No report is being prepared")).to_be_visible()
    expect(page.get_by_role("heading", level=2)).to_have_count(0)
    axe(page)
    page.screenshot(path=shots / "my-updates-none.png", full_page=True)
    page.goto(f"{site}/")
    expect(page.locator("#my-updates")).to_have_text("My updates: no report is being prepared.")
    axe(page)

    november = Report.objects.get(
        meeting__date=date(2005, 11, 22), series="harrow-it-services-update", supersedes=None
    )
    services.next_report_start(
        previous=november, meeting_date=date(2027, 2, 9), cut_off=date(2027, 1, 20)
    )
    page.goto(f"{site}/my-updates/")
    expect(page.get_by_role("heading", level=2)).to_have_text(["People First"])
    expect(page.get_by_role("heading", level=3)).to_have_text(
        ["Capital projects", "BVPI 157 services"]
    )
    service = page.get_by_role("link", name="Adult Social Care")
    expect(service).to_have_attribute("href", "/bvpi-157/people-first/")
    axe(page)
    page.screenshot(path=shots / "my-updates-people-first.png", full_page=True)
    service.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People First")
    axe(page)
