"""An officer entering a period's results, in Chromium."""

from playwright.sync_api import expect

from harrow_its.tabular import write_csv

GRID = "/indicators/results/?frequency=monthly&period=October+2005&department=business-connections"


def test_officer_enters_results_with_a_mistake_then_sees_them(page, site, sign_in, axe):
    sign_in(page, "officer")
    page.goto(f"{site}/indicators/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Performance indicators")
    axe(page)
    page.get_by_role("link", name="Enter results for a period").click()
    page.get_by_label("Period").select_option("October 2005")
    page.get_by_role("button", name="Show the indicators").click()
    expect(page.get_by_role("heading", name="Business Connections: October 2005")).to_be_visible()
    axe(page)

    result = page.get_by_label(
        "Result for SLA-06 Help Desk calls answered within 20 seconds, October 2005"
    )
    result.fill("eighty")
    page.get_by_role("button", name="Save the results").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.get_by_role("link", name="Enter a number like 95 or 99.5")).to_be_visible()
    axe(page)
    page.get_by_label(
        "Result for SLA-06 Help Desk calls answered within 20 seconds, October 2005"
    ).fill("84.1")
    page.get_by_label(
        "Reason for restating SLA-06 Help Desk calls answered within 20 seconds, October 2005"
    ).fill("Calls transferred from the switchboard were counted twice.")
    page.get_by_role("button", name="Save the results").click()
    expect(page.get_by_text("1 result saved for October 2005.")).to_be_visible()

    page.goto(f"{site}/indicators/SLA-06/")
    expect(page.get_by_role("definition").filter(has_text="84.1% (restated)")).to_be_visible()
    expect(
        page.get_by_role(
            "img", name="SLA-06 Help Desk calls answered within 20 seconds: results against target"
        )
    ).to_be_visible()
    axe(page)


def test_an_import_with_one_bad_row_saves_nothing(page, site, sign_in, axe, tmp_path):
    sign_in(page, "officer")
    page.goto(f"{site}{GRID}")
    headers = ["Code", "Indicator", "Period", "Result", "Commentary", "Restatement reason"]
    upload = tmp_path / "results.csv"
    upload.write_bytes(
        write_csv(
            headers,
            [
                ["SLA-01", "", "October 2005", "71.6", "", ""],
                ["SLA-03", "", "October 2005", "99.9%", "", "Outage re-timed."],
                ["SLA-04", "", "October 2005", "a lot", "", ""],
            ],
        )
    )
    page.get_by_label("Upload a CSV or XLSX file").set_input_files(str(upload))
    page.get_by_role("button", name="Import the file").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading")).to_have_text("The file was not imported")
    expect(
        summary.get_by_role("link", name="Row 4: SLA-04: Enter a number like 95 or 99.5")
    ).to_be_visible()
    expect(
        page.get_by_label("Result for SLA-03 Availability of core business systems, October 2005")
    ).to_have_value("99.7")
    axe(page)
