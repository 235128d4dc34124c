"""
"My updates": what the next report still needs of an officer's own departments, with
a link to each form and the deadline; and the count on the home page.

The demo officer `officer` (Olu Adeyemi) is in Business Connections; `priya.shah` in
People First. The next report is the draft for the meeting of 24 January 2006, cut
off on 10 January 2006, started from the November 2005 report (cut off on 8 November
2005): the period is 9 November 2005 to 10 January 2006.
"""

import re
from datetime import date, datetime

import pytest
from django.contrib.auth.models import Group

from harrow_its.calendar import LONDON
from harrow_its.models import Department, Role, User
from indicators.models import Indicator, Measurement
from projects.models import Action, ActionStatus, ActionUpdate, Project
from reports import services
from reports.models import Report
from reports.readiness import period_due
from tests.helpers import login

pytestmark = pytest.mark.django_db

# Business Connections' work with nothing recorded since 8 November 2005.
PROJECTS = ["EGOV-DTV", "EGOV-PRG", "ICT-SAN", "INF-CAB", "INF-WAN"]
# Its actions not complete: 1.3 and 2.1 are complete, so they need no note.
ACTIONS = ["1.1", "1.2", "1.4", "1.5", "2.2", "3.1", "4.1", "5.1"]
# On 5 January 2006: December's monthly results, Q3's quarterly ones, 2004/05's annual.
INDICATORS = [
    ("BTP-CPI-01", "Q3 2005/06"),
    ("BTP-KPI-01", "December 2005"),
    ("BTP-KPI-02", "December 2005"),
    ("SLA-01", "December 2005"),
    ("SLA-02", "December 2005"),
    ("SLA-03", "December 2005"),
    ("SLA-04", "December 2005"),
    ("SLA-05", "December 2005"),
    ("SLA-06", "December 2005"),
    ("SP-01", "Q3 2005/06"),
    ("SP-02", "Q3 2005/06"),
    ("SP-03", "Q3 2005/06"),
    ("SP-04", "2004/05"),
]


@pytest.fixture
def january(november):
    """The draft for the meeting of 24 January 2006: its deadline is 10 January 2006."""
    return services.next_report_start(
        previous=november, meeting_date=date(2006, 1, 24), cut_off=date(2006, 1, 10)
    )


@pytest.fixture
def on(time_machine):
    """Make it `day`, at nine in the morning in London."""

    def move(day: date):
        time_machine.move_to(datetime(day.year, day.month, day.day, 9, tzinfo=LONDON))

    return move


def page_of(client, username):
    login(client, username)
    response = client.get("/my-updates/")
    assert response.status_code == 200
    return response


def listed(response):
    """Each department's items as the page lists them: codes, references, (indicator,
    period), (service, interaction types still to e-enable)."""
    return {
        d.department.name: {
            "projects": [p.code for p in d.projects],
            "actions": [a.reference for a in d.actions],
            "indicators": [(due.indicator.code, due.period.label) for due in d.indicators],
            "services": [(s.name, [t.number for t in types]) for s, types in d.services],
        }
        for d in response.context["updates"].departments
    }


def links(response) -> dict[str, str]:
    """The page's task-list links: their text, and where they go."""
    html = response.content.decode()
    return {
        text: href.replace("&amp;", "&")
        for href, text in re.findall(
            r'<a class="govuk-link govuk-task-list__link" href="([^"]+)"[^>]*>([^<]+)</a>', html
        )
    }


def test_an_officer_sees_their_departments_work_by_kind(client, january, on):
    """On 5 January 2006 the officer of Business Connections is shown its five projects,
    eight unfinished actions and thirteen indicators (each with the period whose result
    to enter), no BVPI 157 service (all of its services are e-enabled), the report and
    its deadline."""
    on(date(2006, 1, 5))
    response = page_of(client, "officer")
    assert listed(response) == {
        "Business Connections": {
            "projects": PROJECTS,
            "actions": ACTIONS,
            "indicators": INDICATORS,
            "services": [],
        }
    }
    assert response.context["updates"].outstanding == 26
    assert response.context["updates"].report == january
    html = response.content.decode()
    assert (
        "The Harrow IT Services Update Report to the Overview and Scrutiny Committee on "
        "24 January 2006 shows the data as at 10 January 2006." in html
    )
    assert "Tuesday 10 January 2006, by the end of the day" in html
    assert '<dd class="govuk-summary-list__value" id="updates-needed">26</dd>' in html
    assert "Since the last report’s data, as at 8 November 2005" in html
    assert '<p class="govuk-body">26 to update.</p>' in html
    assert "The deadline has passed" not in html


def test_another_departments_work_never_appears(client, january, on):
    """An officer sees only their own departments' work: Business Connections' officer
    nothing of People First's or Urban Living's, and People First's officer only its
    project and its BVPI 157 service, with the interaction still to e-enable."""
    on(date(2006, 1, 5))
    response = page_of(client, "officer")
    html = response.content.decode()
    for theirs in ("People First", "Urban Living", "BTP-HOST", "BTP-MVM", "Adult Social Care"):
        assert theirs not in html
    client.logout()
    response = page_of(client, "priya.shah")
    assert listed(response) == {
        "People First": {
            "projects": ["BTP-HOST"],
            "actions": [],
            "indicators": [],
            "services": [("Adult Social Care", listed_types("Adult Social Care"))],
        }
    }
    html = response.content.decode()
    for theirs in ("Business Connections", "ICT-SAN", "SLA-01", "Urban Living", "BTP-MVM"):
        assert theirs not in html


def listed_types(service_name) -> list[int]:
    """The interaction types of a demo service still to e-enable as at 10 January 2006."""
    from bvpi import selectors

    inventory = selectors.inventory(as_at=date(2006, 1, 10))
    return sorted(
        cell.interaction_type.number
        for cell in inventory.cells.values()
        if cell.service.name == service_name and cell.status == "missing"
    )


def test_an_update_recorded_takes_the_item_off(client, january, on, record_update):
    """A status update speaking for a day in the period, a progress note dated in it, and
    a result recorded in it each take their item off the list, and the count down."""
    on(date(2006, 1, 5))
    officer = User.objects.get(username="officer")
    record_update(
        "ICT-SAN", status_date=date(2006, 1, 3), recorded_at=datetime(2006, 1, 3, 9, tzinfo=LONDON)
    )
    action = Action.objects.get(reference="1.1")
    ActionUpdate.objects.create(
        action=action,
        status_date=date(2006, 1, 4),
        status=ActionStatus.IN_PROGRESS,
        note="Moving on.",
        recorded_by=officer,
        recorded_at=datetime(2006, 1, 4, 9, tzinfo=LONDON),
    )
    Measurement.objects.create(
        indicator=Indicator.objects.get(code="SLA-01"),
        period_start=date(2005, 12, 1),
        value=91,
        recorded_by=officer,
        recorded_at=datetime(2006, 1, 4, 10, tzinfo=LONDON),
    )
    response = page_of(client, "officer")
    todo = listed(response)["Business Connections"]
    assert todo["projects"] == ["EGOV-DTV", "EGOV-PRG", "INF-CAB", "INF-WAN"]
    assert todo["actions"] == ACTIONS[1:]
    assert todo["indicators"] == [i for i in INDICATORS if i[0] != "SLA-01"]
    assert response.context["updates"].outstanding == 23


def test_the_links_go_straight_to_the_forms(client, january, on):
    """Each item links to its form: a project's new status update, an action's new
    progress note, the results grid of the indicator's department, frequency and
    period, and a BVPI 157 service's department's services page. Each opens for the
    officer."""
    on(date(2006, 1, 5))
    response = page_of(client, "officer")
    found = links(response)
    action = Action.objects.get(reference="1.1")
    assert found["ICT-SAN Storage Area Network"] == "/capital-projects/ICT-SAN/updates/new/"
    assert found[f"1.1 {action.title}"] == f"/improvement-plan/actions/{action.pk}/notes/new/"
    assert found["SLA-01 Calls resolved at first contact"] == (
        "/indicators/results/?frequency=monthly&period=December%202005"
        "&department=business-connections"
    )
    assert found["SP-01 Customer satisfaction with IT Services"] == (
        "/indicators/results/?frequency=quarterly&period=Q3%202005/06"
        "&department=business-connections"
    )
    assert len(found) == 26
    for href in found.values():
        assert client.get(href).status_code == 200, href
    grid = client.get(found["SLA-01 Calls resolved at first contact"]).content.decode()
    assert "Business Connections: December 2005" in grid
    client.logout()
    response = page_of(client, "priya.shah")
    found = links(response)
    hosting = Project.objects.get(code="BTP-HOST")
    assert found == {
        f"BTP-HOST {hosting.name}": "/capital-projects/BTP-HOST/updates/new/",
        "Adult Social Care": "/bvpi-157/people-first/",
    }
    for href in found.values():
        assert client.get(href).status_code == 200, href


def test_without_a_next_draft_nothing_is_outstanding(client, january, on):
    """With no draft for a meeting on or after today, the page says that no report is
    being prepared and lists nothing: before the January draft is started there is
    none (the November report is published), and the day after its meeting it is no
    longer the next. On the meeting day it still is."""
    january.delete()
    on(date(2006, 1, 5))
    response = page_of(client, "officer")
    assert response.context["updates"].report is None
    assert response.context["updates"].departments == ()
    html = response.content.decode()
    assert "No report is being prepared, so nothing needs updating for one." in html
    assert "to update" not in html
    assert "Deadline" not in html


def test_a_draft_is_next_until_its_meeting_is_over(client, january, on):
    """The next report is the draft whose meeting is the first on or after today: the
    January draft on its meeting day (its deadline passed, with a warning), not the day
    after; then the March draft."""
    march = services.next_report_start(
        previous=january, meeting_date=date(2006, 3, 21), cut_off=date(2006, 3, 1)
    )
    on(date(2006, 1, 24))
    response = page_of(client, "officer")
    assert response.context["updates"].report == january
    assert "The deadline has passed: what you record now is not in this report." in (
        response.content.decode()
    )
    on(date(2006, 1, 25))
    response = page_of(client, "officer")
    assert response.context["updates"].report == march
    assert "The deadline has passed" not in response.content.decode()
    on(date(2006, 3, 22))
    assert page_of(client, "officer").context["updates"].report is None


def test_an_author_sees_every_department(client, january, on):
    """A report author belongs to no department but may update every department's work:
    the page lists each department, those with nothing to update saying so."""
    on(date(2006, 1, 5))
    response = page_of(client, "author")
    names = list(Department.objects.order_by("name").values_list("name", flat=True))
    assert [d.department.name for d in response.context["updates"].departments] == names
    todo = listed(response)
    assert todo["Business Connections"]["projects"] == PROJECTS
    assert todo["People First"]["projects"] == ["BTP-HOST"]
    assert todo["Urban Living"]["projects"] == ["BTP-MVM"]
    assert response.context["updates"].outstanding == 30
    for name in set(names) - {"Business Connections", "People First", "Urban Living"}:
        assert todo[name] == {"projects": [], "actions": [], "indicators": [], "services": []}


def test_an_officer_in_no_department_is_told_so(client, january, on):
    """An officer who belongs to no department has nothing to update, and is told why."""
    on(date(2006, 1, 5))
    loner = User.objects.create_user("loner", password="a-long-test-password")
    loner.groups.add(Group.objects.get(name=Role.OFFICER))
    response = page_of(client, "loner")
    assert response.context["updates"].departments == ()
    assert "You are not in any department, so you have nothing to update." in (
        response.content.decode()
    )


def test_a_part_two_draft_is_not_an_officers_next_report(client, january, on):
    """An officer does not read Part II drafts, so the next report for them is the next
    they may read; an author's is the Part II draft, whose meeting comes first."""
    staffing = Report.objects.get(series="hits-restructure-staffing")
    exempt = services.next_report_start(
        previous=staffing, meeting_date=date(2006, 1, 17), cut_off=date(2006, 1, 9)
    )
    assert exempt.exempt
    on(date(2006, 1, 5))
    response = page_of(client, "officer")
    assert response.context["updates"].report == january
    assert exempt.subject not in response.content.decode()
    client.logout()
    assert page_of(client, "author").context["updates"].report == exempt


def test_only_staff_open_the_page(client, january):
    """Members and clearers are refused; the public is asked to sign in."""
    response = client.get("/my-updates/")
    assert (response.status_code, response["Location"]) == (302, "/sign-in/?next=/my-updates/")
    for username in ("member", "finance", "democratic"):
        login(client, username)
        assert client.get("/my-updates/").status_code == 403
        client.logout()


def test_the_home_page_counts_the_updates_needed(client, january, on):
    """Signed in, an officer sees how many updates the next report needs of them, linking
    to "My updates", with the meeting and the deadline; with no next draft, that none is
    being prepared. A member sees neither."""
    on(date(2006, 1, 5))
    login(client, "officer")
    html = client.get("/").content.decode()
    assert (
        '<a class="govuk-link" href="/my-updates/">26 updates needed</a> for the report of '
        "24 January 2006, deadline 10 January 2006." in html
    )
    client.logout()
    login(client, "priya.shah")
    assert '<a class="govuk-link" href="/my-updates/">2 updates needed</a>' in (
        client.get("/").content.decode()
    )
    on(date(2006, 1, 25))
    client.logout()
    login(client, "officer")
    assert (
        '<a class="govuk-link" href="/my-updates/">My updates</a>: no report is being prepared.'
        in client.get("/").content.decode()
    )
    client.logout()
    login(client, "member")
    assert "/my-updates/" not in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("frequency", "today", "expected"),
    [
        ("monthly", date(2006, 1, 5), "December 2005"),  # before the cut-off: today's
        ("monthly", date(2006, 1, 1), "December 2005"),  # the first of a month
        ("monthly", date(2005, 12, 31), "November 2005"),  # December has not ended
        ("monthly", date(2006, 2, 3), "December 2005"),  # after the cut-off: the cut-off's
        ("quarterly", date(2006, 1, 5), "Q3 2005/06"),
        ("quarterly", date(2005, 12, 20), "Q2 2005/06"),
        ("annual", date(2006, 1, 5), "2004/05"),
    ],
)
def test_the_period_due_ended_before_today_or_the_cut_off(frequency, today, expected):
    """An indicator's result to enter is for the last period that ended before today or
    the cut-off (10 January 2006), whichever is earlier."""
    assert period_due(frequency, today=today, cut_off=date(2006, 1, 10)).label == expected
