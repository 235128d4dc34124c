"""Open data: a published Part I report's appendices as CSV, from its stored public data."""

import csv
import io
from datetime import date, datetime

import pytest

from harrow_its.calendar import LONDON
from harrow_its.models import User
from reports import publishing, services
from reports.models import Paragraph, Report
from tests.helpers import login

pytestmark = pytest.mark.django_db

TABLES = [
    "appendix-1-actions",
    "appendix-2-projects",
    "appendix-2-milestones",
    "appendix-3-indicators",
    "appendix-4-departments",
    "appendix-4-quarters",
    "appendix-4-still-to-e-enable",
]


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_published_report_offers_its_tables(client, november):
    page = client.get(f"/reports/{november.pk}/").content.decode()
    for name in TABLES:
        assert f'href="/reports/{november.pk}/data/{name}.csv"' in page
    response = client.get(f"/reports/{november.pk}/data/appendix-2-projects.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="2005-11-22-harrow-it-services-update-appendix-2-projects.csv"'
    )
    projects = {row["project_code"]: row for row in rows(response)}
    assert len(projects) == 7
    assert {
        k: projects["BTP-MVM"][k] for k in ("rag", "budget_pounds", "forecast_outturn_pounds")
    } == {
        "rag": "amber",
        "budget_pounds": "385000",
        "forecast_outturn_pounds": "391000",
    }
    indicators = rows(client.get(f"/reports/{november.pk}/data/appendix-3-indicators.csv"))
    assert {k: indicators[1][k] for k in ("indicator_code", "unit", "target", "result", "rag")} == {
        "indicator_code": "BTP-KPI-01",
        "unit": "percentage",
        "target": "75",
        "result": "71.6",
        "rag": "red",
    }
    departments = rows(client.get(f"/reports/{november.pk}/data/appendix-4-departments.csv"))
    assert departments[-1] == {
        "department": "Council",
        "enabled": "71",
        "permissible": "82",
        "percent": "87",
    }
    remaining = rows(client.get(f"/reports/{november.pk}/data/appendix-4-still-to-e-enable.csv"))
    assert len(remaining) == 11
    assert sum(row["interaction_type_number"] == "8" for row in remaining) == 10


def test_the_tables_never_change(client, november, record_update):
    before = {
        name: client.get(f"/reports/{november.pk}/data/{name}.csv").content for name in TABLES
    }
    record_update(
        "ICT-SAN",
        status_date=date(2005, 11, 1),
        recorded_at=datetime(2005, 11, 7, 9, tzinfo=LONDON),
    )
    after = {name: client.get(f"/reports/{november.pk}/data/{name}.csv").content for name in TABLES}
    assert after == before


def test_no_open_data_from_part_two_drafts_or_exempt_appendices(client, november):
    part_two = Report.objects.get(series="hits-restructure-staffing")
    login(client, "member")
    assert "Open data" not in client.get(f"/reports/{part_two.pk}/").content.decode()
    assert client.get(f"/reports/{part_two.pk}/data/appendix-1-actions.csv").status_code == 404
    draft = services.next_report_start(
        previous=november, meeting_date=date(2006, 1, 24), cut_off=date(2006, 1, 10)
    )
    login(client, "author")
    assert client.get(f"/reports/{draft.pk}/data/appendix-1-actions.csv").status_code == 404
    draft.appendices.filter(number=2).update(exempt=True, exempt_paragraph="3")
    paragraph = Paragraph.objects.filter(section__report=draft).first()
    services.paragraph_save(
        report=draft,
        version=draft.version,
        paragraph=paragraph,
        section=paragraph.section,
        number="",
        heading="",
        body="<p>EXEMPT-MARKER</p>",
        exempt=True,
        exempt_paragraph="3",
    )
    publishing.publish(report=draft, version=draft.version, by=User.objects.get(username="author"))
    client.logout()
    page = client.get(f"/reports/{draft.pk}/").content.decode()
    assert "appendix-1-actions.csv" in page
    assert "appendix-2-projects.csv" not in page
    assert client.get(f"/reports/{draft.pk}/data/appendix-2-projects.csv").status_code == 404
    for name in ("appendix-1-actions", "appendix-3-indicators", "appendix-4-departments"):
        response = client.get(f"/reports/{draft.pk}/data/{name}.csv")
        assert response.status_code == 200
        assert b"EXEMPT-MARKER" not in response.content
    assert client.get(f"/reports/{november.pk}/data/appendix-9-x.csv").status_code == 404
