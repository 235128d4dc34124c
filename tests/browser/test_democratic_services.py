"""Democratic Services in Chromium: a meeting set up, its agenda, its packs built on
time and late, and its minutes."""

import re
from datetime import date, datetime

from django.core.management import call_command
from playwright.sync_api import expect

from harrow_its.calendar import LONDON
from harrow_its.models import User
from reports import publishing, services
from reports.models import Report

FEBRUARY = date(2006, 2, 7)  # a Tuesday: its papers deadline is Monday 30 January
URGENT = "The contract for the new data centre must be let before the end of February."


def london(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def publish_the_february_report(published: date) -> Report:
    """The Harrow IT Services update report to the February meeting, published."""
    november = Report.objects.get(
        meeting__date=date(2005, 11, 22), series="harrow-it-services-update", supersedes=None
    )
    report = services.next_report_start(
        previous=november, meeting_date=FEBRUARY, cut_off=date(2006, 1, 20)
    )
    author = User.objects.get(username="author")
    publishing.publish(report=report, version=report.version, by=author, at=london(published, 9))
    return report


def build_the_pack(page):
    """Ask for the packs, let the worker build them, and see the page show them."""
    page.get_by_role("button", name=re.compile("^Build the agenda pack")).click()
    expect(page.locator("#progress")).to_contain_text("The pack is being built.")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    # The page reloads itself once nothing is being built: then the progress is hidden
    # (a pack built before shows its link all along, so the link alone says nothing).
    expect(page.locator("#progress")).to_be_hidden(timeout=15_000)
    page.wait_for_load_state()
    expect(page.get_by_role("link", name=re.compile(r"^Download the agenda pack"))).to_be_visible()


def set_up_the_meeting(page, site, axe):
    """From the reports list to a new meeting's agenda page."""
    page.goto(f"{site}/reports/")
    axe(page)
    page.get_by_role("link", name="Committees and meetings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Committees and meetings")
    axe(page)
    page.get_by_role("link", name="Add a meeting of the Overview and Scrutiny Committee").click()
    axe(page)
    date_group = page.get_by_role("group", name="Date")
    date_group.get_by_label("Day").fill("7")
    date_group.get_by_label("Month").fill("2")
    date_group.get_by_label("Year").fill("2006")
    page.get_by_label("Time").fill("19:30")
    page.get_by_label("Venue").fill("Committee Room 5, Harrow Civic Centre")
    page.get_by_role("button", name="Add the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meeting on Tuesday 7 February 2006")
    expect(page.get_by_text("Meeting added: now set its agenda")).to_be_visible()
    axe(page)


def add_the_items(page, axe):
    """A plain item, then the report's: Part II without its paragraph is refused first."""
    page.get_by_role("link", name="Add an item").click()
    expect(page.get_by_label("Item number")).to_have_value("1")
    axe(page)
    page.get_by_label("Title").fill("Minutes of the previous meeting")
    page.get_by_label("Part I (open to the public)").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Item 1 added")).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Add an item").click()
    expect(page.get_by_label("Item number")).to_have_value("2")
    axe(page)
    page.get_by_label("Report").select_option(
        label="Harrow IT Services Update Report (Part I, published)"
    )
    page.get_by_label("Part II (exempt)").check()
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_role("link", name="Give the paragraph of Schedule 12A it is exempt under")
    ).to_be_visible()
    axe(page)
    page.get_by_label("Part I (open to the public)").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Item 2 added")).to_be_visible()
    public = page.get_by_role("table", name=re.compile("^The agenda as the public sees it"))
    expect(public.get_by_role("row")).to_have_count(3)
    expect(public.get_by_role("cell", name="Harrow IT Services Update Report")).to_be_visible()
    axe(page)


def build_on_time(page, axe):
    """On the meeting's page, before the deadline: no reason is asked for."""
    page.get_by_role("link", name="The meeting’s page, with its agenda pack").click()
    expect(page.get_by_role("definition").filter(has_text="7:30pm")).to_be_visible()
    expect(
        page.get_by_text(
            "Papers published by Monday 30 January 2006: five clear working days before the meeting."
        )
    ).to_be_visible()
    expect(page.get_by_label(re.compile("^Why these papers"))).to_have_count(0)
    axe(page)
    build_the_pack(page)
    expect(page.get_by_text("Late item")).to_have_count(0)
    axe(page)


def build_late(page, axe):
    """On the meeting's page, after the deadline: the reason is asked for, and shown."""
    expect(
        page.get_by_text(
            "These papers are late: the deadline for publishing them was Monday 30 January 2006"
        )
    ).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Build the agenda pack again").click()
    expect(
        page.get_by_role(
            "link",
            name="Enter why these papers must be taken at this meeting although they are late",
        )
    ).to_be_visible()
    axe(page)
    page.get_by_label("Why these papers must be taken at this meeting although they are late").fill(
        URGENT
    )
    build_the_pack(page)
    expect(page.get_by_role("heading", name="Papers published late")).to_be_visible()
    expect(page.locator(".govuk-inset-text")).to_have_text(URGENT)
    expect(page.get_by_label(re.compile("^Why these papers"))).to_have_value(URGENT)  # kept
    axe(page)


def record_and_publish_the_minutes(page, axe):
    """From the meeting's page, after the meeting."""
    page.get_by_role("link", name="Manage this meeting").click()
    axe(page)
    page.get_by_role("link", name="Record the minutes").click()
    page.get_by_label("1. Minutes of the previous meeting").fill(
        "The minutes of the meeting of 22 November 2005 were agreed as a correct record."
    )
    page.get_by_label("2. Harrow IT Services Update Report").fill("Noted")
    axe(page)
    page.get_by_role("button", name="Save the minutes").click()
    expect(page.get_by_text("Minutes saved")).to_be_visible()
    page.get_by_role("link", name="Publish the minutes").click()
    axe(page)
    page.get_by_role("button", name="Publish the minutes").click()
    expect(page.get_by_text("Minutes published")).to_be_visible()
    minutes = page.get_by_role("table", name="The committee’s decision on each item")
    expect(minutes.get_by_role("row").filter(has_text="Harrow IT Services")).to_contain_text(
        "Noted"
    )
    axe(page)


def test_democratic_services_run_a_meeting(page, site, sign_in, axe, time_machine):
    """Set up the meeting and its agenda, build its pack on time, then late with the
    reason, and after the meeting publish its minutes. Days pass between the steps:
    past the idle timeout, so Democratic Services sign in again each time."""
    time_machine.move_to(london(date(2006, 1, 27)), tick=True)  # before the deadline
    sign_in(page, "democratic")
    set_up_the_meeting(page, site, axe)
    publish_the_february_report(date(2006, 1, 27))
    add_the_items(page, axe)
    build_on_time(page, axe)
    meeting_page = page.url

    time_machine.move_to(london(date(2006, 2, 1)), tick=True)  # after the deadline
    sign_in(page, "democratic")
    page.goto(meeting_page)
    build_late(page, axe)

    time_machine.move_to(london(date(2006, 2, 8)), tick=True)  # after the meeting
    sign_in(page, "democratic")
    page.goto(meeting_page)
    record_and_publish_the_minutes(page, axe)
