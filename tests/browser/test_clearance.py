"""The clearance journey, as the people take it: the author sends the draft, Legal
returns it with a comment, the author changes it and sends it again, Finance and
Legal clear it, it is published, and the committee's member is told by e-mail."""

import re
from datetime import date

from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from reports import services
from reports.models import Report

SERIES = "harrow-it-services-update"


def as_person(page, sign_in, username):
    page.context.clear_cookies()
    sign_in(page, username)


def answer(page, site, axe, username, sign_in, *, clear, comment=""):
    """`username` opens the draft waiting for them from the home page and answers."""
    as_person(page, sign_in, username)
    page.goto(f"{site}/")
    page.get_by_role("link", name="Reports to clear").click()
    axe(page)
    page.get_by_role("link", name=re.compile(r"^Harrow IT Services Update Report, version")).click()
    axe(page)
    if clear:
        page.get_by_label("Yes, I clear it").check()
    else:
        page.get_by_label("No, return it to the author with a comment").check()
        page.get_by_role("textbox", name="Comment").fill(comment)
    page.get_by_role("button", name="Send your answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports to clear")
    axe(page)


def test_a_draft_is_cleared_then_published(page, site, sign_in, axe):  # noqa: PLR0915 (one journey)
    november = Report.objects.get(series=SERIES, meeting__date=date(2005, 11, 22))
    draft = services.next_report_start(
        previous=november, meeting_date=date(2006, 2, 7), cut_off=date(2006, 1, 20)
    )
    compose = f"{site}/reports/{draft.pk}/compose/"

    # The author sends it; publishing it now is refused.
    as_person(page, sign_in, "author")
    page.goto(compose)
    expect(page.get_by_role("cell", name="Not sent")).to_have_count(2)
    page.get_by_role("link", name="Send for clearance").click()
    axe(page)
    page.get_by_role("button", name="Send for clearance").click()
    expect(
        page.get_by_text("Sent for clearance to Finance (Fiona Marsh) and Legal (Leon Grant)")
    ).to_be_visible()
    expect(page.get_by_role("cell", name="Waiting")).to_have_count(2)
    axe(page)

    # A return needs a comment; Legal gives one. Finance clears the first version.
    as_person(page, sign_in, "legal")
    page.goto(f"{site}/reports/clearance/")
    page.get_by_role("link", name=re.compile(r"^Harrow IT Services Update Report")).click()
    expect(page.get_by_role("heading", name="The draft as sent")).to_be_visible()
    expect(page.locator(".report-as-sent")).to_contain_text("Harrow IT Services Update Report")
    page.get_by_label("No, return it to the author with a comment").check()
    page.get_by_role("button", name="Send your answer").click()
    expect(page.get_by_role("link", name="Say what needs to change")).to_be_visible()
    axe(page)
    answer(
        page, site, axe, "legal", sign_in, clear=False, comment="Paragraph 2.6: name the supplier."
    )
    answer(page, site, axe, "finance", sign_in, clear=True)

    # The author sees the comment, changes the paragraph, and sends it again.
    as_person(page, sign_in, "author")
    page.goto(compose)
    expect(page.get_by_role("row", name=re.compile("^Legal Leon Grant Returned"))).to_contain_text(
        "“Paragraph 2.6: name the supplier.”"
    )
    page.get_by_role("link", name="Publish report").click()
    page.get_by_role("button", name="Publish report").click()
    expect(page.get_by_text("Still to clear: Legal (Leon Grant).")).to_be_visible()
    axe(page)
    page.goto(compose)
    page.get_by_role("link", name="Change paragraph 2.6").click()
    page.get_by_label("Text").fill("Digital TV, supplied by Telewest, now carries council tax.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("cell", name="To send again")).to_be_visible()  # Finance
    expect(page.get_by_role("cell", name="Returned", exact=True)).to_be_visible()  # Legal
    axe(page)
    page.get_by_role("link", name="Send for clearance again").click()
    page.get_by_role("button", name="Send for clearance").click()
    expect(page.get_by_role("cell", name="Waiting")).to_have_count(2)

    # Finance sees what changed since the version they cleared; both clear it.
    as_person(page, sign_in, "finance")
    page.goto(f"{site}/reports/clearance/")
    page.get_by_role("link", name=re.compile(r"^Harrow IT Services Update Report")).click()
    changed = page.get_by_role("table", name=re.compile("changed since the version you last"))
    expect(changed).to_contain_text("Digital TV, supplied by Telewest, now carries council tax.")
    axe(page)
    answer(page, site, axe, "finance", sign_in, clear=True)
    answer(page, site, axe, "legal", sign_in, clear=True)

    # Every clearance holds: the author publishes it.
    as_person(page, sign_in, "author")
    page.goto(compose)
    expect(page.get_by_role("cell", name="Cleared", exact=True)).to_have_count(2)
    page.get_by_role("link", name="Publish report").click()
    expect(page.get_by_text("Every clearance holds for this version")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Publish report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publishing the report")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    expect(page.get_by_role("heading", level=1)).to_have_text("Report published", timeout=15_000)
    page.get_by_role("link", name="View the published report").click()
    expect(page.locator("#paragraph-2\\.6")).to_contain_text("supplied by Telewest")
    expect(page.get_by_text("Fiona Marsh")).to_have_count(0)  # clearance is not printed
    axe(page)
    # The committee's member is told, once, with the link.
    (told,) = mail.outbox
    assert (told.to, told.subject) == (
        ["member@harrow.example"],
        "Report published: Harrow IT Services Update Report",
    )
    assert f"/reports/{draft.pk}/" in told.body
