"""Clearance: a draft is sent to the committee's clearers, who clear it or return it
with a comment; it is published only once every clearance holds for its version."""

from datetime import date, datetime

import pytest

from harrow_its.calendar import LONDON
from harrow_its.models import User
from reports import clearance, jobs, services
from reports.clearance import (
    ALREADY_ANSWERED,
    NOT_CLEARED,
    RETURN_NEEDS_COMMENT,
    SUPERSEDED,
    NotCleared,
)
from reports.models import Clearance, ClearanceRequest, ClearanceRule, Meeting, Report
from tests.helpers import clear, login

pytestmark = pytest.mark.django_db

STILL_TO_CLEAR_BOTH = NOT_CLEARED.format(who="Finance (Fiona Marsh) and Legal (Leon Grant)")


@pytest.fixture
def draft(november):
    """The February 2006 report, started from the published November one."""
    return services.next_report_start(
        previous=november, meeting_date=date(2006, 2, 7), cut_off=date(2006, 1, 20)
    )


@pytest.fixture
def people(demo):
    return {u.username: u for u in User.objects.filter(username__in=["author", "finance", "legal"])}


def rule(title) -> ClearanceRule:
    return ClearanceRule.objects.get(committee__slug="overview-and-scrutiny", title=title)


def send(draft, people) -> ClearanceRequest:
    draft.refresh_from_db()
    return clearance.clearance_send(report=draft, version=draft.version, by=people["author"])


def answer(sent, title, decision="cleared", comment=""):
    found = rule(title)
    return clearance.clearance_answer(
        request=sent, rule=found, by=found.clearer, decision=decision, comment=comment
    )


def change_paragraph(draft, body):
    draft.refresh_from_db()
    paragraph = draft.sections.get(number=2).paragraphs.first()
    services.paragraph_save(
        report=draft,
        version=draft.version,
        section=paragraph.section,
        paragraph=paragraph,
        number=paragraph.number,
        heading=paragraph.heading,
        body=body,
        exempt=False,
        exempt_paragraph="",
    )
    return paragraph


def states(draft) -> dict[str, str]:
    return {s.rule.title: s.state for s in clearance.clearance_status(draft).rules}


def test_a_draft_not_sent_is_not_published(draft, people):
    """Publishing is refused, naming everyone still to clear, before it is ever sent."""
    with pytest.raises(NotCleared) as refused:
        jobs.publishing_start(report=draft, version=draft.version, by=people["author"])
    assert str(refused.value) == STILL_TO_CLEAR_BOTH
    assert states(draft) == {"Finance": "not_sent", "Legal": "not_sent"}
    assert not draft.renderings.exists()


def test_sending_keeps_the_draft_as_it_was(draft, people):
    """What is sent is the version, its as-at day, and the draft's page and words then."""
    sent = send(draft, people)
    assert (sent.version, sent.as_at, sent.sent_by.username) == (0, date(2006, 1, 20), "author")
    assert "Harrow IT Services Update Report" in sent.html
    assert sent.text["Data as at"] == "20 January 2006"
    assert sent.restricted_html == ""  # nothing in it is exempt
    assert states(draft) == {"Finance": "waiting", "Legal": "waiting"}
    assert [(t.request, t.rule.title) for t in clearance.waiting_for(people["finance"])] == [
        (sent, "Finance")
    ]


def test_the_whole_round_returned_changed_and_cleared(draft, people):
    """Legal returns it with a comment; the author changes it and sends it again; both
    clear the new version, and only then may it be published."""
    first = send(draft, people)
    answer(first, "Finance")
    answer(first, "Legal", "returned", "Paragraph 2.1 should say who signed the contract.")
    assert states(draft) == {"Finance": "cleared", "Legal": "returned"}
    paragraph = change_paragraph(draft, "The contract was signed by the Director on 1 December.")
    status = clearance.clearance_status(draft)
    assert [(s.rule.title, s.state) for s in status.rules] == [
        ("Finance", "send_again"),  # Finance is asked again after any change
        ("Legal", "returned"),
    ]
    assert [c.part for c in status.rules[0].changed] == [f"Paragraph {paragraph.number}"]
    with pytest.raises(NotCleared):
        jobs.publishing_start(report=draft, version=draft.version, by=people["author"])
    second = send(draft, people)
    assert states(draft) == {"Finance": "waiting", "Legal": "waiting"}
    assert clearance.changes_since_last_answer(second, rule("Legal"))[0].after == (
        "The contract was signed by the Director on 1 December."
    )
    answer(second, "Finance")
    with pytest.raises(NotCleared) as refused:
        jobs.publishing_start(report=draft, version=second.version, by=people["author"])
    assert str(refused.value) == NOT_CLEARED.format(who="Legal (Leon Grant)")
    answer(second, "Legal")
    assert clearance.clearance_status(draft).cleared
    job = jobs.publishing_start(report=draft, version=second.version, by=people["author"])
    assert job.kind == "publish"


def test_a_clearance_that_holds_after_a_change(draft, people):
    """A rule that does not ask again keeps its clearance of an earlier version."""
    ClearanceRule.objects.filter(title="Legal").update(again_after_change=False)
    sent = send(draft, people)
    answer(sent, "Finance")
    answer(sent, "Legal")
    change_paragraph(draft, "Changed after clearance.")
    assert states(draft) == {"Finance": "send_again", "Legal": "cleared"}
    again = send(draft, people)
    assert [t.rule.title for t in clearance.waiting_for(people["legal"])] == []
    answer(again, "Finance")
    assert clearance.clearance_status(draft).cleared


def test_a_return_needs_a_comment(draft, people):
    sent = send(draft, people)
    with pytest.raises(Exception) as refused:  # noqa: PT011 (the message is checked)
        answer(sent, "Legal", "returned", "   ")
    assert refused.value.message_dict == {"comment": [RETURN_NEEDS_COMMENT]}
    assert not Clearance.objects.exists()


def test_an_answer_is_given_once_and_to_the_latest_version(draft, people):
    sent = send(draft, people)
    answer(sent, "Finance")
    with pytest.raises(Exception, match=ALREADY_ANSWERED):
        answer(sent, "Finance")
    change_paragraph(draft, "Changed.")
    send(draft, people)
    with pytest.raises(Exception, match=SUPERSEDED):
        answer(sent, "Legal")


def test_only_the_clearer_answers(draft, people):
    sent = send(draft, people)
    with pytest.raises(Exception, match="Only Leon Grant clears this report for Legal"):
        clearance.clearance_answer(
            request=sent, rule=rule("Legal"), by=people["finance"], decision="cleared", comment=""
        )


def test_clearances_are_not_printed_in_the_report(draft, people, client):
    """The published report says nothing of its clearance."""
    clear(draft)
    login(client, "author")
    page = client.get(f"/reports/{draft.pk}/").content.decode()
    assert "Fiona Marsh" not in page
    assert "clear" not in page.lower()


# The pages.


def test_the_clearer_reads_the_draft_as_sent_and_answers(client, draft, people):
    """The list links the draft; the page shows it as sent, not as changed since."""
    sent = send(draft, people)
    login(client, "legal")
    listed = client.get("/reports/clearance/").content.decode()
    url = f"/reports/clearance/{sent.pk}/{rule('Legal').pk}/"
    assert f'href="{url}"' in listed
    change_paragraph(draft, "Written after it was sent.")
    # Changed since it was sent: no longer waiting for them until it is sent again.
    assert f'href="{url}"' not in client.get("/reports/clearance/").content.decode()
    page = client.get(url).content.decode()
    assert "Written after it was sent." not in page
    assert "Harrow IT Services Update Report" in page
    refused = client.post(url, {"decision": "returned", "comment": ""})
    assert refused.status_code == 200
    assert RETURN_NEEDS_COMMENT in refused.content.decode()
    response = client.post(url, {"decision": "returned", "comment": "Add the contract date."})
    assert response.status_code == 302
    assert response["Location"] == "/reports/clearance/"
    assert Clearance.objects.get().comment == "Add the contract date."


def test_only_the_named_clearer_finds_the_page(client, draft, people):
    sent = send(draft, people)
    url = f"/reports/clearance/{sent.pk}/{rule('Legal').pk}/"
    for who, status in [("finance", 404), ("admin", 404), ("author", 403), ("legal", 200)]:
        login(client, who)
        assert client.get(url).status_code == status, who


def test_a_clearer_who_is_not_a_part_two_reader_does_not_see_exempt_parts(client, draft, people):
    draft.refresh_from_db()
    section = draft.sections.get(number=2)
    services.paragraph_save(
        report=draft,
        version=draft.version,
        section=section,
        number="2.9",
        heading="",
        body="The post of Head of Infrastructure is to be deleted.",
        exempt=True,
        exempt_paragraph="1",
    )
    sent = send(draft, people)
    assert "Head of Infrastructure" in sent.restricted_html
    assert "Head of Infrastructure" not in sent.html
    login(client, "legal")
    response = client.get(f"/reports/clearance/{sent.pk}/{rule('Legal').pk}/")
    assert "Head of Infrastructure" not in response.content.decode()
    assert "exempt (Part II) parts are shown to report authors and committee members only" in (
        response.content.decode()
    )


def test_the_compose_page_shows_where_clearance_stands(client, draft, people, time_machine):
    time_machine.move_to(datetime(2006, 1, 25, 9, tzinfo=LONDON))
    sent = send(draft, people)
    answer(sent, "Legal", "returned", "Say who signed it.")
    login(client, "author")
    page = client.get(f"/reports/{draft.pk}/compose/").content.decode()
    assert "Papers deadline: <strong>Monday 30 January 2006</strong>" in page
    assert "Returned version 0 on" in page
    assert "“Say who signed it.”" in page
    assert "Send for clearance again" in page


def test_publishing_an_uncleared_draft_says_who_is_to_clear(client, draft, time_machine):
    time_machine.move_to(datetime(2006, 1, 25, 9, tzinfo=LONDON))
    login(client, "author")
    page = client.get(f"/reports/{draft.pk}/publish/").content.decode()
    assert "Still to clear this version: Finance (Fiona Marsh, not sent)" in page
    response = client.post(f"/reports/{draft.pk}/publish/", {"version": draft.version})
    assert response.status_code == 200
    assert STILL_TO_CLEAR_BOTH in response.content.decode()
    assert not Report.objects.get(pk=draft.pk).renderings.exists()


def test_publishing_after_the_deadline_asks_why(client, draft, time_machine):
    """After the papers deadline, the author gives the reason it must still be taken;
    it is recorded on the meeting."""
    clear(draft)
    draft.refresh_from_db()
    time_machine.move_to(datetime(2006, 1, 31, 9, tzinfo=LONDON))  # the day after
    login(client, "author")
    page = client.get(f"/reports/{draft.pk}/publish/").content.decode()
    assert "The papers deadline for this meeting was Monday 30 January 2006" in page
    refused = client.post(f"/reports/{draft.pk}/publish/", {"version": draft.version})
    assert "Enter why the report must still be taken at the meeting although it is late" in (
        refused.content.decode()
    )
    reason = "The contract award cannot wait for the April meeting."
    done = client.post(
        f"/reports/{draft.pk}/publish/", {"version": draft.version, "late_reason": reason}
    )
    assert done.status_code == 302
    assert Meeting.objects.get(pk=draft.meeting_id).late_reason == reason


def test_publishing_on_the_deadline_does_not_ask(client, draft, time_machine):
    clear(draft)
    draft.refresh_from_db()
    time_machine.move_to(datetime(2006, 1, 30, 17, tzinfo=LONDON))
    login(client, "author")
    response = client.post(f"/reports/{draft.pk}/publish/", {"version": draft.version})
    assert response.status_code == 302
    assert Meeting.objects.get(pk=draft.meeting_id).late_reason == ""


def test_publishing_after_the_meeting_does_not_ask_why(client, draft, time_machine):
    """Once the meeting has been held there is no urgency to argue: it is not asked."""
    clear(draft)
    draft.refresh_from_db()
    time_machine.move_to(datetime(2006, 2, 8, 9, tzinfo=LONDON))
    login(client, "author")
    page = client.get(f"/reports/{draft.pk}/publish/").content.decode()
    assert "The meeting was held on Tuesday 7 February 2006" in page
    assert "late_reason" not in page
    response = client.post(f"/reports/{draft.pk}/publish/", {"version": draft.version})
    assert response.status_code == 302


def test_a_clearer_must_hold_the_role(people):
    """The admin refuses to name someone without the clearer role."""
    named = ClearanceRule(
        committee=rule("Legal").committee, title="Audit", clearer=people["author"]
    )
    with pytest.raises(Exception) as refused:  # noqa: PT011 (the message is checked)
        named.full_clean()
    assert refused.value.message_dict == {
        "clearer": ["Alison Carter does not hold the clearer role"]
    }
