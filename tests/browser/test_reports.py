"""Committee reports in Chromium: reading, composing, publishing, and what the public sees."""

import re
from datetime import date, timedelta

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from reports import services
from reports.models import Report
from tests.helpers import clear, pdf_text


def download_pdf(page, site):
    """What the page's "Download PDF" link gives, with the page's cookies."""
    return page.request.get(
        site + page.get_by_role("link", name="Download PDF").get_attribute("href")
    )


def make_draft_pdf(page, axe=None) -> bytes:
    """From a draft's page, ask for its PDF, let the worker make it, and see the waiting
    page turn into the PDF by itself when it is ready; the PDF's bytes."""
    page.get_by_role("link", name="Download PDF").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make a PDF of the draft")
    axe and axe(page)
    page.get_by_role("button", name="Make the PDF").click()
    expect(page.locator("#progress")).to_contain_text(
        "PDF: Waiting for the background worker (0% done)."
    )
    axe and axe(page)
    url = page.url
    with page.expect_response(
        lambda response: response.url == url and response.status == 200, timeout=15_000
    ) as reloaded:
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert reloaded.value.headers["content-type"] == "application/pdf"
    return page.request.get(url).body()


def november():
    return Report.objects.get(
        meeting__date=date(2005, 11, 22), series="harrow-it-services-update", supersedes=None
    )


def test_the_public_reads_the_published_report_and_not_the_exempt_one(page, site, axe, tmp_path):
    page.goto(f"{site}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    axe(page)
    expect(page.get_by_role("link", name="Harrow IT Services Update Report")).to_have_count(2)
    expect(page.get_by_text("HITS Restructure")).to_have_count(0)
    page.get_by_role("row").filter(has_text="22 November 2005").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Harrow IT Services Update Report")
    expect(page.get_by_text("Published on 14 November 2005 by Alison Carter.")).to_be_visible()
    expect(page.get_by_text("DRAFT")).to_have_count(0)
    page.get_by_role("navigation", name="Contents").get_by_role(
        "link", name="2 Key Programme Achievements"
    ).click()
    expect(page.locator("#paragraph-2\\.6")).to_contain_text("Digital TV is now 'live'")
    axe(page)
    pdf = download_pdf(page, site)
    assert pdf.headers["content-type"] == "application/pdf"
    assert "Quarter 2 BVPI Current Score - 87%" in pdf_text(pdf.body(), tmp_path)

    part_two = Report.objects.get(series="hits-restructure-staffing")
    for url in ("", "pdf/", "data.json"):
        response = page.goto(f"{site}/reports/{part_two.pk}/{url}")
        assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    axe(page)


def test_a_member_reads_part_two(page, site, sign_in, axe):
    sign_in(page, "member")
    page.goto(f"{site}/reports/")
    page.get_by_role("link", name="HITS Restructure: Staffing Implications (illustrative)").click()
    expect(page.get_by_role("cell", name=re.compile("^Part II"))).to_be_visible()
    expect(page.get_by_text("named in the confidential annex")).to_be_visible()
    axe(page)


def test_an_author_composes_previews_and_publishes(page, site, sign_in, axe, tmp_path):  # noqa: PLR0915 (one journey)
    sign_in(page, "author")
    page.goto(f"{site}/reports/{november().pk}/")
    axe(page)
    page.get_by_role("link", name="Correct this report").click()
    page.get_by_role("button", name="Start the correction").click()
    expect(page.get_by_role("link", name="Enter why a correction is needed")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("link", name="Start the next report").click()
    axe(page)
    for group, (day, month, year) in (
        ("Meeting date", (24, 1, 2006)),
        ("Data as at", (10, 1, 2006)),
    ):
        fieldset = page.get_by_role("group", name=group)
        fieldset.get_by_label("Day").fill(str(day))
        fieldset.get_by_label("Month").fill(str(month))
        fieldset.get_by_label("Year").fill(str(year))
    page.get_by_role("button", name="Start the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Compose: Harrow IT Services Update Report"
    )
    axe(page)

    page.get_by_role("link", name="Change paragraph 2.6").click()
    axe(page)
    page.get_by_label("Text").fill(
        "Digital TV now carries council tax and parking services.\n\n"
        "As at the cut-off the BVPI 157 score was {bvpi157.council}."
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Paragraph saved")).to_be_visible()

    page.get_by_role("link", name="Preview").click()
    paragraph = page.locator("#paragraph-2\\.6")
    expect(paragraph).to_contain_text("Digital TV now carries council tax and parking services.")
    expect(paragraph).to_contain_text("As at the cut-off the BVPI 157 score was 96%.")
    expect(page.get_by_text("DRAFT: not published.")).to_be_visible()
    axe(page)
    draft_page = page.url
    text = pdf_text(make_draft_pdf(page, axe), tmp_path)
    assert "DRAFT: not published." in text
    assert "Digital TV now carries council tax and parking services." in text

    # Finance and Legal clear it (their journey is tests/browser/test_clearance.py).
    clear(Report.objects.get(meeting__date=date(2006, 1, 24), state="draft"))
    page.goto(draft_page)
    page.get_by_role("link", name="Publish report").click()
    axe(page)
    page.get_by_role("button", name="Publish report").click()
    # Its PDF is made first, by the worker: the page says how far it has got, then
    # turns by itself into the news that it is published.
    expect(page.get_by_role("heading", level=1)).to_have_text("Publishing the report")
    expect(page.locator("#progress")).to_contain_text(
        "Publishing: Waiting for the background worker (0% done)."
    )
    axe(page)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    expect(page.get_by_role("heading", level=1)).to_have_text("Report published", timeout=15_000)
    axe(page)
    page.get_by_role("link", name="View the published report").click()
    expect(
        page.get_by_text(re.compile(r"^Published on \d+ \w+ \d{4} by Alison Carter"))
    ).to_be_visible()
    expect(page.locator("#paragraph-2\\.6")).to_contain_text("council tax and parking services")
    expect(page.get_by_text("PDF: being made")).to_have_count(0)  # it was made first
    published_pdf = download_pdf(page, site)
    text = pdf_text(published_pdf.body(), tmp_path)
    assert "DRAFT" not in text
    assert "Digital TV now carries council tax and parking services." in text


def test_a_later_change_leaves_the_published_pdf_alone(page, site, sign_in, tmp_path):
    published = november()
    pdf_url = f"{site}/reports/{published.pk}/pdf/"
    before = page.request.get(pdf_url).body()
    today = timezone.localdate()
    draft = services.next_report_start(
        previous=published, meeting_date=today + timedelta(days=30), cut_off=today
    )

    sign_in(page, "officer")
    page.goto(f"{site}/capital-projects/ICT-SAN/")
    page.get_by_role("link", name="Add a status update").click()
    page.get_by_label("Reporting period").select_option(index=1)
    page.get_by_label("Red").check()
    page.get_by_label("Reason for the RAG status").fill(
        "The storage supplier has gone into administration."
    )
    page.get_by_label("Progress this period").fill("Looking for a new supplier.")
    page.get_by_role("button", name="Add the update").click()
    expect(page.get_by_text("Status update added.")).to_be_visible()

    after = page.request.get(pdf_url).body()
    assert after == before
    assert "gone into administration" not in pdf_text(after, tmp_path)
    page.goto(f"{site}/reports/{draft.pk}/")
    for appendix in (
        "Appendix 2 – Capital Project Progress Report",
        "Appendix 5 – Changes since the last committee",
    ):
        region = page.get_by_role("region", name=appendix)
        expect(
            region.get_by_text("The storage supplier has gone into administration.")
        ).to_be_visible()
    draft_pdf = make_draft_pdf(page)
    assert "The storage supplier has gone into administration." in pdf_text(draft_pdf, tmp_path)


def test_the_other_composing_pages_are_accessible(page, site, sign_in, axe):
    draft = services.correction_start(report=november(), reason="Paragraph 2.2's date.")
    sign_in(page, "author")
    page.goto(f"{site}/reports/{draft.pk}/compose/")
    expect(page.get_by_text("A correction of")).to_have_count(0)  # said on the draft's page
    page.get_by_role("link", name="Change the report details and summary").click()
    page.get_by_label("Subject").fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.get_by_role("link", name="Enter the subject")).to_be_visible()
    axe(page)
    page.goto(f"{site}/reports/{draft.pk}/compose/")
    page.get_by_role("link", name="Add a section").click()
    expect(page.get_by_label("Number")).to_have_value("6")
    axe(page)
    page.goto(f"{site}/reports/{draft.pk}/compose/")
    page.get_by_role("link", name="Remove paragraph 2.6").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove paragraph 2.6?")
    axe(page)
    page.get_by_role("button", name="Remove paragraph").click()
    expect(page.get_by_text("Paragraph removed")).to_be_visible()
    expect(page.get_by_role("link", name="Remove paragraph 2.6")).to_have_count(0)
    page.goto(f"{site}/reports/{draft.pk}/")
    expect(page.get_by_text("A correction of")).to_be_visible()
    axe(page)
    page.goto(f"{site}/reports/{november().pk}/")
    expect(page.get_by_role("link", name="Continue the correction")).to_be_visible()
    page.get_by_text("Check the record").click()
    expect(page.get_by_role("definition").first).to_have_text(re.compile("^[0-9a-f]{64}$"))
    axe(page)


def test_an_author_sees_what_is_still_to_be_updated(page, site, sign_in, axe):
    draft = services.next_report_start(
        previous=november(), meeting_date=date(2006, 1, 24), cut_off=date(2006, 1, 10)
    )
    sign_in(page, "author")
    page.goto(f"{site}/reports/{draft.pk}/compose/")
    page.get_by_role("link", name="What is still to be updated").click()
    # 18 projects and indicators, and 8 improvement-plan actions.
    expect(page.get_by_role("heading", name="Business Connections: 26 to update")).to_be_visible()
    expect(page.get_by_role("link", name="HITS Tours for customers")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Send reminders now").click()
    expect(page.get_by_text("1 reminder sent")).to_be_visible()
    expect(page.get_by_role("cell", name="Olu Adeyemi")).to_be_visible()
    axe(page)


def test_an_author_builds_the_agenda_pack_in_the_background(page, site, sign_in, axe, tmp_path):
    sign_in(page, "author")
    page.goto(f"{site}/reports/")
    page.get_by_role("link", name="Overview and Scrutiny Committee, 22 November 2005").click()
    expect(page.get_by_text("The agenda pack has not been built yet.")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Build the agenda pack").click()
    progress = page.locator("#progress")
    expect(progress).to_contain_text("The pack is being built.")
    expect(progress).to_contain_text("Waiting for the background worker")  # the page asked
    axe(page)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    # The page finds out by itself that the packs are ready, and shows them.
    expect(page.get_by_role("link", name=re.compile(r"^Download the agenda pack"))).to_be_visible(
        timeout=15_000
    )
    row = page.get_by_role("row").filter(has_text="Harrow IT Services Update Report")
    expect(row.get_by_role("cell", name="page 2")).to_be_visible()
    axe(page)
    pack = page.request.get(
        site
        + page.get_by_role("link", name=re.compile(r"^Download the agenda pack")).get_attribute(
            "href"
        )
    )
    assert "5. Harrow IT Services Update Report" in pdf_text(pack.body(), tmp_path)


def test_a_report_whose_pdf_cannot_be_made_is_not_published(page, site, sign_in, axe, settings):
    """The author sees why, with Try again, and the report stays a draft."""
    draft = services.correction_start(report=november(), reason="Paragraph 2.2's date.")
    sign_in(page, "author")
    clear(draft)
    page.goto(f"{site}/reports/{draft.pk}/publish/")
    page.get_by_role("button", name="Publish report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publishing the report")
    settings.PDF_MAX_HTML_BYTES = 1000  # too small for any report
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "The report was not published", timeout=15_000
    )
    expect(page.get_by_text("The document is too large to render")).to_be_visible()
    expect(page.get_by_role("button", name="Try again")).to_be_visible()
    axe(page)
    draft.refresh_from_db()
    assert draft.state == "draft"
