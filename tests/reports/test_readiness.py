"""Readiness for the next meeting: what is still to be updated, and reminders."""

from datetime import date, datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from harrow_its.calendar import LONDON
from projects.models import Project
from reports import services
from reports.models import Reminder
from reports.readiness import readiness, send_reminders
from tests.helpers import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def january(november):
    """The draft for the January 2006 meeting: its deadline is 10 January 2006."""
    return services.next_report_start(
        previous=november, meeting_date=date(2006, 1, 24), cut_off=date(2006, 1, 10)
    )


def outstanding(state):
    return {
        d.department.name: (
            [p.code for p in d.projects],
            [i.code for i in d.indicators],
            [s.name for s in d.services],
        )
        for d in state.departments
    }


def test_what_is_still_to_be_updated(january, record_update):
    state = readiness(january)
    assert (state.since, state.until) == (date(2005, 11, 8), date(2006, 1, 10))
    todo = outstanding(state)
    assert todo["People First"] == (["BTP-HOST"], [], ["Adult Social Care"])
    assert todo["Urban Living"] == (["BTP-MVM"], [], ["Leisure and Sports"])
    projects, indicators, bvpi_services = todo["Business Connections"]
    assert projects == ["EGOV-DTV", "EGOV-PRG", "ICT-SAN", "INF-CAB", "INF-WAN"]
    assert len(indicators) == 13
    assert bvpi_services == []  # every one of its services is e-enabled
    # Its improvement-plan actions not complete, none with a note since 4 November 2005.
    actions = {d.department.name: [a.reference for a in d.actions] for d in state.departments}
    assert actions == {
        "Business Connections": ["1.1", "1.2", "1.4", "1.5", "2.2", "3.1", "4.1", "5.1"],
        "People First": [],
        "Urban Living": [],
    }
    assert state.outstanding == 30  # 22 projects, indicators and services, and 8 actions
    record_update(
        "ICT-SAN",
        status_date=date(2005, 12, 30),
        recorded_at=datetime(2006, 1, 3, 9, tzinfo=LONDON),
    )
    assert "ICT-SAN" not in outstanding(readiness(january))["Business Connections"][0]
    # An update speaking for a day before the period does not count, whenever recorded.
    record_update(
        "INF-CAB", status_date=date(2005, 11, 1), recorded_at=datetime(2006, 1, 3, 9, tzinfo=LONDON)
    )
    assert "INF-CAB" in outstanding(readiness(january))["Business Connections"][0]


def test_one_reminder_per_officer_and_deadline(january, settings):
    settings.SITE_URL = "https://reports.harrow.example"
    sent = send_reminders(january)
    assert [(r.user.username, r.deadline) for r in sent] == [("officer", date(2006, 1, 10))]
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["officer@harrow.example"]
    assert email.subject == "Updates needed by 10 January 2006 for Harrow IT Services Update Report"
    assert "- Capital project ICT-SAN Storage Area Network: add a status update" in email.body
    assert (
        "- Indicator SLA-01 Calls resolved at first contact: enter its latest result" in email.body
    )
    assert "nothing has been recorded for them since 8 November 2005" in email.body
    assert (
        "- Improvement plan action 2.2 Adopt the Strategic Partnership's KPIs and CPIs: "
        "add a progress note\n" in email.body
    )
    assert email.body.endswith(
        "\nEach of them, with a link to its form:\n"
        "https://reports.harrow.example/my-updates/\n\nIT Services Reporting\n"
    )
    assert send_reminders(january) == []  # again: nothing new
    assert len(mail.outbox) == 1
    january.cut_off = date(2006, 1, 12)  # a new deadline is worth a new reminder
    january.save()
    assert len(send_reminders(january)) == 1
    assert Reminder.objects.count() == 2


def test_the_daily_command_reminds_only_near_a_deadline(january, capsys):
    with time_machine.travel(datetime(2005, 12, 20, 8, tzinfo=LONDON)):
        call_command("send_reminders")
    assert capsys.readouterr().out == ""  # 21 days before: too early
    with time_machine.travel(datetime(2006, 1, 5, 8, tzinfo=LONDON)):
        call_command("send_reminders")
        call_command("send_reminders")
        call_command("send_reminders", "--days", "3")
    assert capsys.readouterr().out.splitlines() == [
        f"{january}: 1 reminder sent, deadline 10 January 2006.",
        f"{january}: 0 reminders sent, deadline 10 January 2006.",
    ]
    assert len(mail.outbox) == 1


def test_the_page_is_for_authors(client, january):
    login(client, "officer")
    assert client.get(f"/reports/{january.pk}/readiness/").status_code == 403
    assert client.post(f"/reports/{january.pk}/readiness/").status_code == 403
    assert mail.outbox == []
    login(client, "author")
    page = client.get(f"/reports/{january.pk}/readiness/").content.decode()
    assert "Business Connections: 26 to update" in page  # 18, and 8 actions
    assert "No reminders have been sent for this deadline." in page
    response = client.post(f"/reports/{january.pk}/readiness/", follow=True)
    assert "1 reminder sent" in response.content.decode()
    assert "Olu Adeyemi" in response.content.decode()
    response = client.post(f"/reports/{january.pk}/readiness/", follow=True)
    assert "Nobody needed a reminder" in response.content.decode()
    assert len(mail.outbox) == 1


def test_the_reminder_is_plain_text_as_typed(january):
    """The reminder's body is plain text: what people typed reaches it as they typed it,
    never escaped for HTML."""
    Project.objects.filter(code="INF-CAB").update(name='Civic Centre "re-cabling" & <patching>')
    send_reminders(january)
    assert (
        '- Capital project INF-CAB Civic Centre "re-cabling" & <patching>: add a status update\n'
        in mail.outbox[0].body
    )
    assert "&amp;" not in mail.outbox[0].body
    assert "&quot;" not in mail.outbox[0].body


def test_a_part_two_reports_reminder_does_not_name_it(january):
    """Officers may not read Part II: a reminder for a Part II draft names neither its
    subject in the subject line nor in the body."""
    january.subject, january.exempt, january.exempt_paragraph = "Staffing of HITS", True, "1"
    january.save()
    send_reminders(january)
    (email,) = mail.outbox
    assert email.subject == "Updates needed by 10 January 2006 for Part II (exempt) report"
    assert "Staffing of HITS" not in email.body
    assert email.body.startswith(
        "Dear Olu Adeyemi,\n\nThe Part II (exempt) report to the Overview and Scrutiny Committee"
    )
