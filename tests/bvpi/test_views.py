"""The BVPI 157 pages through HTTP."""

import csv
import io
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from bvpi.forms import (
    BARRIER_NEEDED,
    CHANNEL_NEEDED,
    FUTURE,
    JUSTIFICATION_NEEDED,
    NO_ENABLING_WITH_A_BARRIER,
)
from bvpi.models import InteractionType, InventoryEntry, Service
from harrow_its.calendar import LONDON
from harrow_its.models import Department
from harrow_its.tabular import write_csv
from tests.spreadsheets import HOSTILE_XLSX

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime(2005, 11, 9, 10, tzinfo=LONDON), tick=False)


@pytest.fixture
def inventory(service, paying, enter):
    info = InteractionType.objects.get(number=1)
    enter(service, info, date(2005, 1, 5), enabled_from=date(2005, 1, 5))
    enter(service, paying, date(2005, 1, 5))
    return service


def cell_url(service, number):
    return f"/bvpi-157/urban-living/{service.pk}/{number}/"


def cell_data(based_on, **changes):
    return {
        "based_on": str(based_on),
        "applies": "yes",
        "permissible": "yes",
        "barrier": "",
        "justification": "",
        "enabled_from_day": "7",
        "enabled_from_month": "11",
        "enabled_from_year": "2005",
        "channel": "web",
        "evidence": "Pay online.",
    } | changes


def test_score_page(client, officer, inventory):
    client.force_login(officer)
    page = client.get("/bvpi-157/").content.decode()
    assert "Council-wide: 50%" in page
    assert "1 of 2 permissible interactions e-enabled" in page
    page = client.get("/bvpi-157/?as_at_day=4&as_at_month=1&as_at_year=2005").content.decode()
    assert "Council-wide: no score" in page


def test_an_as_at_in_the_future_is_refused_by_the_field(client, officer, inventory):
    client.force_login(officer)
    response = client.get("/bvpi-157/?as_at_day=1&as_at_month=1&as_at_year=2030")
    assert "The date cannot be in the future" in response.content.decode()
    assert response.status_code == 200


def test_matrix_and_what_remains(client, officer, inventory):
    client.force_login(officer)
    page = client.get("/bvpi-157/urban-living/").content.decode()
    assert "50% (1 of 2) as at 9 November 2005." in page
    assert "<strong>Not yet</strong>" in page
    page = client.get("/bvpi-157/what-remains/").content.decode()
    assert "8. Paying for goods and services: 1 service" in page


def test_enabling_a_cell_moves_the_score(client, officer, inventory, paying):
    client.force_login(officer)
    current = InventoryEntry.objects.get(interaction_type=paying)
    response = client.post(cell_url(inventory, 8), cell_data(current.pk))
    assert response.status_code == 302
    latest = InventoryEntry.objects.filter(interaction_type=paying).latest("recorded_at")
    assert (latest.enabled_from, latest.channel, latest.recorded_by) == (
        date(2005, 11, 7),
        "web",
        officer,
    )
    assert "Council-wide: 100%" in client.get("/bvpi-157/").content.decode()
    assert InventoryEntry.objects.filter(interaction_type=paying).count() == 2  # history kept


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {
                "permissible": "no",
                "enabled_from_day": "",
                "enabled_from_month": "",
                "enabled_from_year": "",
            },
            {"barrier": [BARRIER_NEEDED], "justification": [JUSTIFICATION_NEEDED]},
        ),
        (
            {"permissible": "no", "barrier": "legal", "justification": "By statute."},
            {"enabled_from": [NO_ENABLING_WITH_A_BARRIER]},
        ),
        ({"enabled_from_day": "10"}, {"enabled_from": [FUTURE]}),
        ({"channel": ""}, {"channel": [CHANNEL_NEEDED]}),
        ({"channel": "pigeon"}, {"channel": [CHANNEL_NEEDED]}),
        (
            {"applies": "maybe"},
            {"applies": ["Select yes or no: does this interaction apply to the service?"]},
        ),
        (
            {"enabled_from_month": "13"},
            {"enabled_from": ["The e-enabled from must be a real date"]},
        ),
        (
            {"evidence": "x" * 2001},
            {"evidence": ["The evidence must be 2,000 characters or fewer"]},
        ),
    ],
)
def test_bad_input_saves_nothing(client, officer, inventory, paying, changes, errors):
    client.force_login(officer)
    current = InventoryEntry.objects.get(interaction_type=paying)
    response = client.post(cell_url(inventory, 8), cell_data(current.pk, **changes))
    assert response.context["form"].errors == errors
    assert InventoryEntry.objects.filter(interaction_type=paying).count() == 1


def test_a_barrier_is_recorded_with_its_justification(client, officer, inventory, paying):
    client.force_login(officer)
    current = InventoryEntry.objects.get(interaction_type=paying)
    data = cell_data(
        current.pk,
        permissible="no",
        barrier="operational",
        justification="Cash only at the pound.",
        enabled_from_day="",
        enabled_from_month="",
        enabled_from_year="",
    )
    assert client.post(cell_url(inventory, 8), data).status_code == 302
    latest = InventoryEntry.objects.filter(interaction_type=paying).latest("recorded_at")
    assert (latest.permissible, latest.barrier, latest.justification) == (
        False,
        "operational",
        "Cash only at the pound.",
    )


def test_two_officers_editing_a_cell_at_once(
    client, officer, make_user, department, inventory, paying
):
    client.force_login(officer)
    colleague = Client()
    colleague.force_login(
        make_user("ann", "officer", departments=[department], first_name="Ann", last_name="Other")
    )
    current = InventoryEntry.objects.get(interaction_type=paying)
    assert (
        colleague.post(
            cell_url(inventory, 8), cell_data(current.pk, channel="telephone")
        ).status_code
        == 302
    )
    response = client.post(cell_url(inventory, 8), cell_data(current.pk))
    page = response.content.decode()
    assert "Ann Other changed this cell while you were editing it." in page
    assert "e-enabled from 7 November 2005 (Telephone, with access to records)" in page
    assert InventoryEntry.objects.filter(interaction_type=paying).count() == 2


def test_other_departments_and_members_are_refused(
    client, officer, member, other_department, paying
):
    from bvpi.models import Service

    other = Service.objects.create(
        department=other_department, name="Libraries", added_on=date(2004, 1, 5)
    )
    client.force_login(officer)
    response = client.post(f"/bvpi-157/people-first/{other.pk}/8/", cell_data(0))
    assert response.status_code == 403
    assert InventoryEntry.objects.count() == 0
    client.force_login(member)
    assert client.get("/bvpi-157/").status_code == 403


class TestSpreadsheets:
    def export(self, client, file_format):
        return client.get(f"/bvpi-157/inventory/export.{file_format}").content

    @pytest.mark.parametrize("file_format", ["csv", "xlsx"])
    def test_a_round_trip_gives_the_same_file_back(self, client, officer, inventory, file_format):
        client.force_login(officer)
        first = self.export(client, file_format)
        before = InventoryEntry.objects.count()
        response = client.post(
            "/bvpi-157/inventory/import/",
            {"file": SimpleUploadedFile(f"i.{file_format}", first)},
            follow=True,
        )
        assert "0 cells changed by the import." in response.content.decode()
        assert InventoryEntry.objects.count() == before
        assert self.export(client, file_format) == first

    def test_the_export_has_a_row_per_service_and_type(self, client, officer, inventory):
        client.force_login(officer)
        rows = list(csv.reader(io.StringIO(self.export(client, "csv").decode())))
        assert len(rows) == 11
        assert rows[1] == [
            "Urban Living",
            "Parking",
            "1",
            "Providing information",
            "Yes",
            "Yes",
            "",
            "",
            "2005-01-05",
            "Web",
            "",
        ]
        assert rows[8][:6] == [
            "Urban Living",
            "Parking",
            "8",
            "Paying for goods and services",
            "Yes",
            "Yes",
        ]
        assert rows[10][4:6] == ["No", ""]

    def test_one_bad_row_saves_nothing(self, client, officer, inventory):
        client.force_login(officer)
        rows = list(csv.reader(io.StringIO(self.export(client, "csv").decode())))
        rows[8][8:10] = ["2005-11-07", "Web"]  # enable online payment: fine
        rows[2][4:6] = ["Yes", "No"]  # a barrier with no justification: wrong
        rows.append(["People First", "Libraries", "8", "", "Yes", "Yes", "", "", "", "", ""])
        body = write_csv(rows[0], rows[1:])
        response = client.post(
            "/bvpi-157/inventory/import/", {"file": SimpleUploadedFile("i.csv", body)}
        )
        assert response.context["import_errors"] == [
            (3, "If not, what is the barrier?: Select whether the barrier is legal or operational"),
            (3, "Justification for the barrier: Give the justification for the barrier"),
            (12, "Libraries of People First is not a service you may change"),
        ]
        assert InventoryEntry.objects.count() == 2
        good = write_csv(rows[0], [rows[8]])
        client.post("/bvpi-157/inventory/import/", {"file": SimpleUploadedFile("i.csv", good)})
        assert InventoryEntry.objects.count() == 3

    @pytest.mark.parametrize(
        ("make", "message"),
        [(make, message) for _, make, message in HOSTILE_XLSX],
        ids=[name for name, _, _ in HOSTILE_XLSX],
    )
    def test_a_hostile_file_is_refused_at_the_field_and_saves_nothing(
        self, client, officer, inventory, make, message
    ):
        client.force_login(officer)
        before = list(InventoryEntry.objects.order_by("pk").values())
        response = client.post(
            "/bvpi-157/inventory/import/", {"file": SimpleUploadedFile("i.xlsx", make())}
        )
        assert response.status_code == 200
        assert response.context["import_form"].errors == {"file": [message]}
        assert f'<a href="#id_file">{message}</a>' in response.content.decode()
        assert list(InventoryEntry.objects.order_by("pk").values()) == before


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/bvpi-157/", 10),
        ("/bvpi-157/urban-living/", 12),
        ("/bvpi-157/what-remains/", 9),
        ("/bvpi-157/inventory/export.csv", 11),
    ],
)
def test_the_inventory_pages_take_the_same_queries_however_many_services(
    client, officer, department, enter, django_assert_num_queries, url, queries
):
    """Services of Urban Living and of other departments, each with entries for every
    type recorded over time, all but online payment e-enabled: the same queries for
    two services as for thirty."""
    client.force_login(officer)
    types = list(InteractionType.objects.all())

    def add(n):
        for _ in range(n):
            number = Service.objects.count()
            owner = (
                department
                if number % 2
                else Department.objects.create(name=f"D{number}", slug=f"d{number}")
            )
            service = Service.objects.create(
                department=owner, name=f"S{number}", added_on=date(2004, 4, 1)
            )
            for t in types:
                enter(service, t, date(2004, 6, 1))
                if t.number != 8:  # online payment remains: 30 services, two pages of it
                    enter(service, t, date(2005, 6, 1), enabled_from=date(2005, 6, 1))

    add(2)
    client.get(url)  # warm the caches that load once a process
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    add(28)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_the_summary_lists_departments_25_a_page_with_the_councils_score_of_all(
    client, officer, enter, paying
):
    """Thirty departments with a service each, the first e-enabled: 25 on the first
    page, 5 on the second, GOV.UK pagination between them, and the council's score
    (the footer and the panel) of all thirty on both."""
    client.force_login(officer)
    for n in range(30):
        owner = Department.objects.create(name=f"Department {n:02}", slug=f"d{n:02}")
        service = Service.objects.create(department=owner, name="S", added_on=date(2004, 4, 1))
        enter(service, paying, date(2004, 6, 1), enabled_from=date(2004, 6, 1) if n == 0 else None)
    first = client.get("/bvpi-157/").content.decode()
    second = client.get("/bvpi-157/?page=2").content.decode()
    assert first.count('href="/bvpi-157/d') == 25
    assert "Department 24" in first
    assert "Department 25" not in first
    assert second.count('href="/bvpi-157/d') == 5
    assert "Department 25" in second
    assert "Department 24" not in second
    assert '<nav class="govuk-pagination" aria-label="Pages of by department' in first
    assert 'href="?page=2" rel="next"' in first
    assert 'href="?page=1" rel="prev"' in second
    for page in (first, second):
        assert "Council-wide: 3%" in page
        assert "1 of 30 permissible interactions e-enabled" in page
        assert '<th scope="row" class="govuk-table__header">Council</th>' in page


def test_what_remains_lists_25_a_page_with_each_types_count_and_the_councils_score_of_all(
    client, officer, enter, paying
):
    """Thirty services still to take payment online, and one e-enabled: 25 on the
    first page, 5 on the second, GOV.UK pagination between them, and the type's count
    and the council's figures of all thirty on both; past the last page, the last."""
    client.force_login(officer)
    for n in range(31):
        owner = Department.objects.create(name=f"Department {n:02}", slug=f"d{n:02}")
        service = Service.objects.create(department=owner, name="S", added_on=date(2004, 4, 1))
        enter(service, paying, date(2004, 6, 1), enabled_from=date(2004, 6, 1) if n == 0 else None)
    first = client.get("/bvpi-157/what-remains/").content.decode()
    second = client.get("/bvpi-157/what-remains/?page=2").content.decode()
    assert first.count('href="/bvpi-157/d') == 25
    assert "Department 25" in first
    assert "Department 26" not in first
    assert second.count('href="/bvpi-157/d') == 5
    assert "Department 26" in second
    assert "Department 25" not in second
    assert '<nav class="govuk-pagination" aria-label="Pages of what remains">' in first
    assert 'href="?page=2" rel="next"' in first
    assert 'href="?page=1" rel="prev"' in second
    for page in (first, second):
        assert "8. Paying for goods and services: 30 services" in page
        assert "30 permissible interactions not yet e-enabled" in page
        assert "(the score is 3% (1 of 31))" in page
    past = client.get("/bvpi-157/what-remains/?page=9").content.decode()
    assert past.count('href="/bvpi-157/d') == 5
    assert "Department 26" in past
