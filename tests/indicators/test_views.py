"""The indicators' pages through HTTP: list, indicator page, results grid, import and export."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tables2.data import TableListData

from harrow_its.calendar import LONDON
from harrow_its.models import Department
from harrow_its.tabular import XLSX_UNREADABLE, write_csv, write_xlsx
from indicators.filters import IndicatorFilter
from indicators.forms import CANNOT_REMOVE, REASON_NEEDED
from indicators.models import Indicator, Measurement, ToleranceRule
from tests.spreadsheets import HOSTILE_XLSX

pytestmark = pytest.mark.django_db

OCT = date(2005, 10, 1)
GRID = "/indicators/results/?frequency=monthly&period=October+2005&department=urban-living"


@pytest.fixture(autouse=True)
def today(time_machine):
    """It is 10:00 on 9 November 2005."""
    time_machine.move_to(datetime(2005, 11, 9, 10, tzinfo=LONDON), tick=False)


@pytest.fixture
def grid(indicator, make_indicator, default_rule, record):
    """Two monthly indicators of Urban Living; October's targets set, one result entered."""
    hours = make_indicator(
        code="SLA-05", title="Average time to resolve", unit="hours", polarity="lower"
    )
    record(indicator, OCT, target="92", result="91", on=date(2005, 11, 7))
    record(hours, OCT, target="8")
    return indicator, hours


def grid_data(indicator, hours, **changes):
    current = Measurement.objects.get(indicator=indicator)
    data = {
        f"value_{indicator.pk}": "91",
        f"commentary_{indicator.pk}": "",
        f"reason_{indicator.pk}": "",
        f"based_on_{indicator.pk}": str(current.pk),
        f"value_{hours.pk}": "7.5",
        f"commentary_{hours.pk}": "Fewer priority 2 calls.",
        f"reason_{hours.pk}": "",
        f"based_on_{hours.pk}": "0",
    }
    return data | changes


def test_list_shows_latest_result_rag_and_direction(client, officer, grid):
    client.force_login(officer)
    page = client.get("/indicators/").content.decode()
    assert (
        '<a class="govuk-link" href="/indicators/SLA-02/">Incidents resolved within agreed times</a>'
        in page
    )
    assert '<strong class="govuk-tag govuk-tag--orange">Amber</strong>' in page
    rows = list(
        csv.reader(io.StringIO(client.get("/indicators/?_export=csv").content.decode("utf-8-sig")))
    )
    assert rows[0] == [
        "Indicator",
        "Code",
        "Source",
        "Department",
        "Period",
        "Target",
        "Result",
        "RAG",
        "Direction",
    ]
    assert rows[1] == [
        "Incidents resolved within agreed times",
        "SLA-02",
        "Service Level Agreement",
        "Urban Living",
        "October 2005",
        "92%",
        "91%",
        "Amber",
        "",
    ]


def test_indicator_page_explains_the_rag_and_draws_the_trend(client, officer, grid):
    client.force_login(officer)
    page = client.get("/indicators/SLA-02/").content.decode()
    assert (
        "Amber: 91% misses the target of 92% (higher is better) by 1%; amber is within 5% of "
        "target, under the council&#x27;s default from 1 April 2004."
    ) in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert 'aria-labelledby="chart-sla-02-title chart-sla-02-desc"' in page


def test_grid_saves_new_results_and_skips_unchanged_ones(client, officer, grid):
    indicator, hours = grid
    client.force_login(officer)
    response = client.post(GRID, grid_data(indicator, hours), follow=True)
    assert "1 result saved for October 2005." in response.content.decode()
    saved = Measurement.objects.get(indicator=hours)
    assert (saved.value, saved.commentary, saved.recorded_by) == (
        Decimal("7.5"),
        "Fewer priority 2 calls.",
        officer,
    )
    assert Measurement.objects.filter(indicator=indicator).count() == 1


def test_a_changed_figure_is_a_restatement_with_its_reason(client, officer, grid):
    indicator, hours = grid
    client.force_login(officer)
    response = client.post(GRID, grid_data(indicator, hours, **{f"value_{indicator.pk}": "90.5"}))
    assert response.context["form"].errors == {f"reason_{indicator.pk}": [REASON_NEEDED]}
    assert Measurement.objects.count() == 1  # nothing saved, the hours result neither
    page = response.content.decode()
    assert 'value="90.5"' in page  # nothing lost
    assert "Fewer priority 2 calls.</textarea>" in page
    client.post(
        GRID,
        grid_data(
            indicator,
            hours,
            **{f"value_{indicator.pk}": "90.5", f"reason_{indicator.pk}": "Recount."},
        ),
    )
    restated = Measurement.objects.get(indicator=indicator, restates__isnull=False)
    assert (restated.value, restated.restates.value, restated.restatement_reason) == (
        Decimal("90.5"),
        Decimal(91),
        "Recount.",
    )


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("value", "ninety", "Enter a number like 95 or 99.5"),
        ("value", "101", "Enter a percentage between 0 and 100"),
        ("value", "-3", "The result cannot be negative"),
        ("value", "1e400", "Enter a percentage between 0 and 100"),
        ("value", "NaN", "Enter a number like 95 or 99.5"),
        ("value", "91.00001", "Give the result to no more than 4 decimal places"),
        ("value", "", CANNOT_REMOVE),
        ("commentary", "x" * 2001, "The commentary must be 2,000 characters or fewer"),
    ],
)
def test_bad_input_in_the_grid(client, officer, grid, field, typed, message):
    indicator, hours = grid
    client.force_login(officer)
    response = client.post(GRID, grid_data(indicator, hours, **{f"{field}_{indicator.pk}": typed}))
    assert response.context["form"].errors == {f"{field}_{indicator.pk}": [message]}
    assert Measurement.objects.count() == 1


def test_hours_accept_the_unit_typed(client, officer, grid):
    indicator, hours = grid
    client.force_login(officer)
    client.post(GRID, grid_data(indicator, hours, **{f"value_{hours.pk}": "7.5 hours"}))
    assert Measurement.objects.get(indicator=hours).value == Decimal("7.5")


def test_two_officers_entering_at_once_never_overwrite(
    client, officer, make_user, department, grid
):
    indicator, hours = grid
    client.force_login(officer)
    colleague = Client()
    colleague.force_login(
        make_user("ann", "officer", departments=[department], first_name="Ann", last_name="Other")
    )
    data = grid_data(indicator, hours)
    assert colleague.post(GRID, data | {f"value_{hours.pk}": "7.9"}).status_code == 302
    response = client.post(GRID, data)
    assert response.status_code == 200
    assert response.context["form"].errors[f"value_{hours.pk}"] == [
        "Ann Other entered a result for this indicator while you were editing: 7.9. Nothing has "
        "been saved. Check their figure, then submit yours again if it is still right."
    ]
    assert list(Measurement.objects.filter(indicator=hours).values_list("value", flat=True)) == [
        Decimal("7.9")
    ]
    # Submitting again, having seen it, restates their figure (with a reason).
    again = dict(response.context["form"].data.items()) | {f"reason_{hours.pk}": "Ours is checked."}
    assert client.post(GRID, again).status_code == 302
    assert Measurement.objects.filter(indicator=hours).count() == 2


def test_other_departments_and_members_are_refused(client, officer, member, grid):
    client.force_login(officer)
    other = GRID.replace("urban-living", "people-first")
    assert client.get(other).context["form"] is None  # not a department they may choose
    client.force_login(member)
    assert client.get(GRID).status_code == 403


def upload(name, content):
    return SimpleUploadedFile(name, content)


class TestImportExport:
    def export(self, client, file_format):
        return client.get(GRID.replace("/results/?", f"/results/export.{file_format}?")).content

    @pytest.mark.parametrize("file_format", ["csv", "xlsx"])
    def test_a_round_trip_gives_the_same_file_back(self, client, officer, grid, file_format):
        client.force_login(officer)
        first = self.export(client, file_format)
        response = client.post(
            GRID.replace("/results/?", "/results/import/?"),
            {"file": upload(f"results.{file_format}", first)},
            follow=True,
        )
        assert "0 results imported for October 2005." in response.content.decode()
        assert self.export(client, file_format) == first

    def test_export_holds_the_grid(self, client, officer, grid):
        client.force_login(officer)
        rows = list(csv.reader(io.StringIO(self.export(client, "csv").decode())))
        assert rows == [
            [
                "Code",
                "Indicator",
                "Period",
                "Unit",
                "Target",
                "Result",
                "Commentary",
                "Restatement reason",
            ],
            [
                "SLA-02",
                "Incidents resolved within agreed times",
                "October 2005",
                "Percentage",
                "92",
                "91",
                "",
                "",
            ],
            [
                "SLA-05",
                "Average time to resolve",
                "October 2005",
                "Duration (hours)",
                "8",
                "",
                "",
                "",
            ],
        ]
        sheet = openpyxl.load_workbook(io.BytesIO(self.export(client, "xlsx"))).active
        assert [cell.value for cell in sheet[2]][:6] == [
            "SLA-02",
            "Incidents resolved within agreed times",
            "October 2005",
            "Percentage",
            "92",
            "91",
        ]

    def test_a_formula_in_a_commentary_is_neutralised_and_round_trips(self, client, officer, grid):
        _, hours = grid
        Measurement.objects.create(
            indicator=hours,
            period_start=OCT,
            value=Decimal("7.5"),
            commentary='=HYPERLINK("http://evil.example")',
            recorded_by=officer,
            recorded_at=datetime(2005, 11, 8, 10, tzinfo=LONDON),
        )
        client.force_login(officer)
        first = self.export(client, "csv")
        assert list(csv.reader(io.StringIO(first.decode())))[2][5:7] == [
            "7.5",
            '\'=HYPERLINK("http://evil.example")',
        ]
        response = client.post(
            GRID.replace("/results/?", "/results/import/?"),
            {"file": upload("results.csv", first)},
            follow=True,
        )
        assert "0 results imported for October 2005." in response.content.decode()
        assert self.export(client, "csv") == first

    def test_a_file_of_results_is_imported(self, client, officer, grid):
        client.force_login(officer)
        rows = [
            ["SLA-05", "Average time to resolve", "October 2005", "", "", "7.25", "Good month.", ""]
        ]
        body = write_xlsx(
            [
                "Code",
                "Indicator",
                "Period",
                "Unit",
                "Target",
                "Result",
                "Commentary",
                "Restatement reason",
            ],
            rows,
            title="October 2005",
        )
        response = client.post(
            GRID.replace("/results/?", "/results/import/?"),
            {"file": upload("results.xlsx", body)},
            follow=True,
        )
        assert "1 result imported for October 2005." in response.content.decode()
        assert Measurement.objects.get(indicator__code="SLA-05").value == Decimal("7.25")

    def test_one_bad_row_saves_nothing_and_is_reported_by_number(self, client, officer, grid):
        client.force_login(officer)
        headers = ["Code", "Indicator", "Period", "Result", "Commentary", "Restatement reason"]
        body = write_csv(
            headers,
            [
                ["SLA-05", "", "October 2005", "7.25", "", ""],
                ["SLA-02", "", "October 2005", "lots", "", ""],
                ["NOPE-1", "", "October 2005", "5", "", ""],
                ["SLA-05", "", "September 2005", "5", "", ""],
            ],
        )
        response = client.post(
            GRID.replace("/results/?", "/results/import/?"), {"file": upload("r.csv", body)}
        )
        page = response.content.decode()
        assert "The file was not imported" in page
        assert response.context["import_errors"] == [
            (3, "SLA-02: Enter a number like 95 or 99.5"),
            (4, "NOPE-1 is not one of this grid's indicators"),
            (5, "The period must be October 2005, not September 2005"),
        ]
        assert Measurement.objects.count() == 1
        body = write_csv(
            headers,
            [
                ["SLA-05", "", "October 2005", "7.25", "", ""],
                ["SLA-02", "", "October 2005", "lots", "", ""],
            ],
        )
        response = client.post(
            GRID.replace("/results/?", "/results/import/?"), {"file": upload("r.csv", body)}
        )
        assert response.context["import_errors"] == [(3, "SLA-02: Enter a number like 95 or 99.5")]
        assert Measurement.objects.count() == 1

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("r.pdf", b"%PDF-1.7", "The file must be a CSV or XLSX file"),
            ("r.xlsx", b"not a zip", XLSX_UNREADABLE),
            ("r.csv", b"\xff\xfe\x00bad", "The CSV file must be saved as UTF-8"),
            ("r.csv", b"", "The file is empty"),
            ("r.csv", b"x" * (2 * 1024 * 1024 + 1), "The file must be smaller than 2 MB"),
        ],
    )
    def test_unreadable_files_are_refused_with_a_message(
        self, client, officer, grid, name, content, message
    ):
        client.force_login(officer)
        response = client.post(
            GRID.replace("/results/?", "/results/import/?"), {"file": upload(name, content)}
        )
        assert response.context["import_form"].errors == {"file": [message]}
        assert Measurement.objects.count() == 1

    @pytest.mark.parametrize(
        ("make", "message"),
        [(make, message) for _, make, message in HOSTILE_XLSX],
        ids=[name for name, _, _ in HOSTILE_XLSX],
    )
    def test_a_hostile_file_is_refused_at_the_field_and_saves_nothing(
        self, client, officer, grid, make, message
    ):
        client.force_login(officer)
        before = list(Measurement.objects.values_list("pk", "indicator__code", "value"))
        response = client.post(
            GRID.replace("/results/?", "/results/import/?"), {"file": upload("r.xlsx", make())}
        )
        assert response.status_code == 200
        assert response.context["import_form"].errors == {"file": [message]}
        page = response.content.decode()
        assert f'<a href="#id_file">{message}</a>' in page  # the error summary
        assert list(Measurement.objects.values_list("pk", "indicator__code", "value")) == before


@pytest.mark.parametrize(
    ("url", "queries", "rows"),
    [
        ("/indicators/", 12, 25),
        ("/indicators/?sort=-department&page=2", 12, 5),
        ("/indicators/?sort=rag", 11, 25),
        ("/indicators/?_export=csv", 10, 30),
        ("/indicators/?_export=csv&sort=-direction", 10, 30),
    ],
)
def test_the_list_takes_the_same_queries_however_many_indicators(
    client,
    officer,
    make_indicator,
    default_rule,
    record,
    django_assert_num_queries,
    url,
    queries,
    rows,
):
    """Each indicator of its own department, with its own rule, targets and results over
    months: the same queries for two indicators as for thirty (two pages)."""
    client.force_login(officer)

    def add(n):
        for _ in range(n):
            number = Indicator.objects.count()
            indicator = make_indicator(
                code=f"I-{number}",
                department=Department.objects.create(name=f"D{number}", slug=f"d{number}"),
            )
            ToleranceRule.objects.create(
                indicator=indicator,
                effective_from=date(2005, 4, 1),
                amber_variance=Decimal(2),
                kind="absolute",
            )
            for month in range(4, 11):
                record(indicator, date(2005, month, 1), target="92", result="91")

    add(2)
    client.get(url)  # warm the caches that load once a process
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    add(28)
    with django_assert_num_queries(queries):
        page = client.get(url).content.decode()
    assert page.count("October 2005") >= rows  # a page of them, the last page, or all


@pytest.mark.parametrize("column", ["code", "title", "source", "department"])
def test_the_database_sorts_the_list_as_its_rows_sort(
    client, officer, make_indicator, default_rule, record, column
):
    """Sorted by an indicator's own column, the database sorts and pages the
    indicators; the order is the one the rows sorted in Python have, both ways:
    by code point (capitals first, accents after), ties in code order."""
    client.force_login(officer)
    names = ["Zeta", "alpha", "Alpha", "Émile", "Beta", "beta", "Beta"]
    for n, name in enumerate(names):
        department, _ = Department.objects.get_or_create(name=name, defaults={"slug": f"d{n}"})
        indicator = make_indicator(
            code=f"I-{(n * 5) % 7}",
            title=names[-1 - n],
            source=["sla", "bvpi", "btp_kpi", "service_plan"][n % 4],
            department=department,
        )
        record(indicator, OCT, target="92", result=str(90 + n))
    for sort in (column, f"-{column}"):
        table = client.get(f"/indicators/?sort={sort}").context["table"]
        shown = [row.record.indicator.code for row in table.paginated_rows]
        table.data.order_by(())
        rows = TableListData(list(table.data))
        rows.set_table(table)
        rows.order_by(table.order_by)
        assert shown == [row.indicator.code for row in rows.data], sort


@pytest.mark.parametrize("chosen", [None, "mine", "0"])
def test_the_department_filter_is_djangos_select_to_the_byte(department, other_department, chosen):
    """The department filter writes its options in Python (QuickSelect), in Django's markup:
    the GOV.UK class, the choice kept, and the error variant for a choice not on it."""
    data = {"mine": {"department": str(department.pk)}, "0": {"department": "0"}}.get(chosen, {})
    form = IndicatorFilter(data, queryset=Indicator.objects.all()).form
    ours = str(form["department"])
    field = form.fields["department"]
    field.widget = forms.Select()
    field.widget.choices = field.choices
    assert ours == str(form["department"])
    assert ('class="govuk-select govuk-select--error"' in ours) == (chosen == "0")
    assert (f'<option value="{department.pk}" selected>' in ours) == (chosen == "mine")
