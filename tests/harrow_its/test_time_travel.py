"""Every page of the data, and a report's preview, as at a past day named in the URL."""

import re

import pytest

from harrow_its.models import User
from projects.models import Action
from reports import services
from reports.models import Report

pytestmark = pytest.mark.django_db

SEPTEMBER = "as_at_day=1&as_at_month=9&as_at_year=2005"


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def officer_client(client, demo):
    client.force_login(User.objects.get(username="officer"))
    return client


def test_a_project_as_it_stood(officer_client):
    page = text(officer_client.get(f"/capital-projects/ICT-SAN/?{SEPTEMBER}"))
    assert "You are looking at the data as it stood at the end of 1 September 2005." in page
    assert (
        "Status as at 1 September 2005 RAG status Green Reporting period Q1 2005/06, "
        "status on 30 June 2005" in page
    )
    assert "Spend to date £205,000" in page
    assert "Add a status update" not in page  # the past is looked at, not changed
    today = text(officer_client.get("/capital-projects/ICT-SAN/"))
    assert "You are looking at the data" not in today
    assert "Add a status update" in today


def test_an_indicator_and_an_action_as_they_stood(officer_client):
    page = text(officer_client.get(f"/indicators/SLA-01/?{SEPTEMBER}"))
    assert "Latest result as at 1 September 2005 Period July 2005 Result 67.1% Target 70%" in page
    action = Action.objects.get(reference="1.1")
    page = text(officer_client.get(f"/improvement-plan/actions/{action.pk}/?{SEPTEMBER}"))
    assert "Status as at 1 September 2005 On hold" in page
    assert "Add a progress note" not in page


@pytest.mark.parametrize(
    "url", ["/capital-projects/", "/improvement-plan/", "/indicators/", "/bvpi-157/"]
)
def test_the_lists_as_they_stood_keep_their_filters(officer_client, url):
    response = officer_client.get(f"{url}?{SEPTEMBER}&search=x")
    page = response.content.decode()
    assert "You are looking at the data as it stood at the end of 1 September 2005." in text(
        response
    )
    if url != "/bvpi-157/":
        assert '<input type="hidden" name="as_at_day" value="1">' in page  # in the filters
        assert '<input type="hidden" name="search" value="x">' in page  # in the as-at form


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("as_at_day=1&as_at_month=1&as_at_year=2099", "The date cannot be in the future"),
        ("as_at_day=31&as_at_month=2&as_at_year=2005", "The date must be a real date"),
        ("as_at_day=1&as_at_month=9", "The date must include a year"),
    ],
)
def test_a_bad_day_is_refused_next_to_the_field_and_today_is_shown(officer_client, query, message):
    response = officer_client.get(f"/capital-projects/ICT-SAN/?{query}")
    assert response.status_code == 200
    assert response.context["as_at_form"].errors["as_at"] == [message]
    assert "You are looking at the data" not in text(response)


def test_a_draft_previewed_as_at_another_day(client, demo):
    november = Report.objects.get(series="harrow-it-services-update", meeting__date__month=11)
    draft = services.correction_start(report=november, reason="A test.")
    client.force_login(User.objects.get(username="author"))
    page = text(client.get(f"/reports/{draft.pk}/?{SEPTEMBER}"))
    assert "This preview shows the data as at 1 September 2005." in page
    assert "Appendix 4 – BVPI 157 Scores As at 1 September 2005." in page
    page = text(client.get(f"/reports/{draft.pk}/"))
    assert "This preview shows" not in page
    assert "Appendix 4 – BVPI 157 Scores As at 8 November 2005." in page
