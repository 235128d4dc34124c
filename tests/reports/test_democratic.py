"""
Democratic Services run committees' meetings: their agendas (what the public and
members see of them), the papers deadline and late papers, agenda packs, and the
minutes after the meeting.
"""

from datetime import date, datetime, time

import pytest
from django.core.exceptions import ValidationError

from harrow_its.calendar import LONDON
from harrow_its.concurrency import StaleEdit
from harrow_its.models import User
from reports import democratic, packs, publishing, services
from reports.models import AGENDA_ITEM_PART, AgendaItem, Committee, Meeting, Rendering, Report
from tests.helpers import login

pytestmark = pytest.mark.django_db

FEBRUARY = date(2006, 2, 7)  # a Tuesday: its papers deadline is Monday 30 January
DEADLINE = date(2006, 1, 30)
VENUE = "Committee Room 5, Harrow Civic Centre"
NO_PARAGRAPH = "Give the paragraph of Schedule 12A it is exempt under"
LATE_LABEL = "Why these papers must be taken at this meeting although they are late"
LATE_REQUIRED = "Enter why these papers must be taken at this meeting although they are late"
URGENT = "The contract for the new data centre must be let before the end of February."


def error_next_to(field: str, message: str) -> str:
    """A field's error message, as GOV.UK Frontend lays it out beside the field."""
    return (
        f'<p id="id_{field}_error" class="govuk-error-message">'
        f'<span class="govuk-visually-hidden">Error:</span> {message}</p>'
    )


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


@pytest.fixture
def today(time_machine):
    """Move today to a London day (at 10:00)."""

    def move(day: date):
        time_machine.move_to(at(day), tick=False)

    return move


@pytest.fixture
def committee(demo):
    return Committee.objects.get(slug="overview-and-scrutiny")


@pytest.fixture
def meeting(committee):
    """The committee's meeting of Tuesday 7 February 2006, with an agenda of two items:
    a plain item and the Harrow IT Services update report (a draft)."""
    meeting = Meeting.objects.create(
        committee=committee, date=FEBRUARY, time=time(19, 30), venue=VENUE
    )
    AgendaItem.objects.create(meeting=meeting, number=1, title="Minutes of the previous meeting")
    return meeting


@pytest.fixture
def draft(november, meeting):
    """The February report, started from November's, on the agenda as item 2."""
    report = services.next_report_start(
        previous=november, meeting_date=FEBRUARY, cut_off=date(2006, 1, 20)
    )
    AgendaItem.objects.create(meeting=meeting, number=2, title=report.subject, series=report.series)
    return report


@pytest.fixture
def publish(draft):
    """Publish the February report at a London day (at 10:00)."""

    def publish(day: date) -> Report:
        author = User.objects.get(username="author")
        publishing.publish(report=draft, version=draft.version, by=author, at=at(day))
        return Report.objects.select_related("publication").get(pk=draft.pk)

    return publish


@pytest.fixture
def november_meeting(november):
    """The November 2005 meeting: items 1 to 7 in Part I (5 the report), 8 in Part II."""
    return november.meeting


def item_data(**changes):
    return {
        "version": "",
        "number": "3",
        "title": "Call-in of a Cabinet decision",
        "series": "",
        "exempt": "no",
        "exempt_paragraph": "",
        **changes,
    }


# Committees and meetings


def test_a_committee_takes_a_slug_made_from_its_name(demo):
    """A committee's name is tidied, and its slug made from it."""
    committee = democratic.committee_create(name="  Licensing   Panel ")
    assert (committee.name, committee.slug) == ("Licensing Panel", "licensing-panel")


def test_a_committee_name_is_used_once(committee):
    """A second committee of the same name, in any case, is refused on the name."""
    with pytest.raises(ValidationError) as refused:
        democratic.committee_create(name="overview and scrutiny committee")
    assert refused.value.message_dict == {
        "name": [democratic.COMMITTEE_TAKEN.format(name="Overview and Scrutiny Committee")]
    }


def test_the_committees_page_lists_meetings_newest_first(client, meeting):
    """Each committee's meetings, newest first, link to their agendas, with time, venue and
    items."""
    login(client, "democratic")
    response = client.get("/reports/committees/")
    assert response.status_code == 200
    page = response.content.decode()
    links = [
        f'<a class="govuk-link" href="/reports/meetings/{m.pk}/agenda/">{m.date:%A %-d %B %Y}</a>'
        for m in Meeting.objects.order_by("-date")
    ]
    assert len(links) == 3
    assert [page.index(link) for link in links] == sorted(page.index(link) for link in links)
    assert "Tuesday 7 February 2006" in links[0]
    assert f'<td class="govuk-table__cell">7:30pm, {VENUE}</td>' in page
    assert '<td class="govuk-table__cell">8 items</td>' in page  # November's
    assert (
        '<a class="govuk-link" href="/reports/committees/overview-and-scrutiny/meetings/new/">'
        'Add a meeting<span class="govuk-visually-hidden"> of the Overview and Scrutiny '
        "Committee</span></a>"
    ) in page


def test_adding_a_committee_and_a_meeting(client, committee):
    """A committee, then a meeting of it; a bad time and a second meeting that day are
    refused next to their fields."""
    login(client, "democratic")
    response = client.post("/reports/committees/new/", {"name": ""})
    assert response.status_code == 200
    assert error_next_to("name", "Enter the committee&#x27;s name") in response.content.decode()
    response = client.post("/reports/committees/new/", {"name": "Licensing Panel"})
    assert response.url == "/reports/committees/"
    assert Committee.objects.filter(slug="licensing-panel").exists()

    url = "/reports/committees/licensing-panel/meetings/new/"
    data = {"date_day": "7", "date_month": "2", "date_year": "2006", "venue": VENUE}
    response = client.post(url, {**data, "time": "7.30pm"})
    assert error_next_to("time", "Enter the time on the 24-hour clock, like 19:30") in (
        response.content.decode()
    )
    response = client.post(url, {**data, "time": "19.30"})
    meeting = Meeting.objects.get(committee__slug="licensing-panel")
    assert response.url == f"/reports/meetings/{meeting.pk}/agenda/"
    assert (meeting.date, meeting.time, meeting.venue) == (FEBRUARY, time(19, 30), VENUE)
    response = client.post(url, {**data, "time": ""})
    assert (
        error_next_to("date", "The Licensing Panel already has a meeting on 7 February 2006")
        in response.content.decode()
    )


def test_changing_a_meeting(client, meeting):
    """A meeting's date, time and venue change; a form seen before that change is refused."""
    login(client, "democratic")
    url = f"/reports/meetings/{meeting.pk}/change/"
    page = client.get(url).content.decode()
    version = democratic.meeting_version(meeting)
    assert f'name="version" value="{version}"' in page
    assert 'value="19:30"' in page
    data = {
        "version": version,
        "date_day": "8",
        "date_month": "2",
        "date_year": "2006",
        "time": "18:00",
        "venue": "Council Chamber",
    }
    assert client.post(url, data).url == f"/reports/meetings/{meeting.pk}/agenda/"
    meeting.refresh_from_db()
    assert (meeting.date, meeting.time, meeting.venue) == (
        date(2006, 2, 8),
        time(18),
        "Council Chamber",
    )
    # The form seen before that change is refused, with what was typed kept.
    response = client.post(url, {**data, "venue": "Committee Room 1"})
    assert response.status_code == 200
    assert democratic.STALE_MEETING in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.venue == "Council Chamber"


def test_a_meeting_with_published_reports_keeps_its_date(november_meeting):
    """Reports published for a day fix the meeting's date; its time and venue still change."""
    meeting = november_meeting
    version = democratic.meeting_version(meeting)
    with pytest.raises(ValidationError) as refused:
        democratic.meeting_update(
            meeting=meeting, version=version, date=date(2005, 11, 29), time=None, venue=""
        )
    assert refused.value.message_dict == {
        "date": [
            "Reports to this meeting have been published for 22 November 2005, so its date "
            "cannot change"
        ]
    }
    democratic.meeting_update(
        meeting=meeting, version=version, date=meeting.date, time=time(19, 30), venue=VENUE
    )
    meeting.refresh_from_db()
    assert (meeting.time, meeting.venue) == (time(19, 30), VENUE)


def test_a_meeting_is_not_moved_before_its_reports_data(draft, meeting):
    """A meeting cannot move before the day its reports show their data as at."""
    with pytest.raises(ValidationError) as refused:
        democratic.meeting_update(
            meeting=meeting,
            version=democratic.meeting_version(meeting),
            date=date(2006, 1, 19),
            time=None,
            venue="",
        )
    assert refused.value.message_dict == {
        "date": [
            "The meeting cannot be before 20 January 2006: Harrow IT Services Update Report "
            "shows its data as at that day"
        ]
    }


# The agenda


def test_the_agenda_page_shows_it_as_the_public_and_members_see_it(client, november_meeting):
    """The public's agenda hides Part II items' titles; the members' shows them. It is
    never cached."""
    login(client, "democratic")
    response = client.get(f"/reports/meetings/{november_meeting.pk}/agenda/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"  # it names a Part II item
    page = response.content.decode()
    public = page[page.index("The agenda as the public sees it") : page.index("as members see")]
    members = page[
        page.index("The agenda as members see it") : page.index("<h2", page.index("as members see"))
    ]
    assert "Exempt item (Part II): for members of the committee only" in public
    assert "HITS Restructure" not in public
    assert "Harrow IT Services Update Report" in public
    assert (
        "HITS Restructure: Staffing Implications (illustrative) "
        '<strong class="govuk-tag govuk-tag--red">Part II</strong>'
    ) in members
    assert "Papers deadline</dt>" in page
    assert "Monday 14 November 2005 (passed): five clear working days before the meeting" in page


def test_an_item_is_added_changed_and_removed(client, draft, meeting):
    """Items are added (numbered next), changed and, once confirmed, removed."""
    login(client, "democratic")
    add = f"/reports/meetings/{meeting.pk}/agenda/new/"
    assert 'value="3"' in client.get(add).content.decode()  # the next number
    response = client.post(add, item_data())
    assert response.url == f"/reports/meetings/{meeting.pk}/agenda/"
    item = meeting.agenda.get(number=3)
    assert (item.title, item.series, item.exempt) == ("Call-in of a Cabinet decision", "", False)

    # An item on a report takes the report's subject unless given a title.
    response = client.post(add, item_data(number="4", title="", series="harrow-it-services-update"))
    assert meeting.agenda.get(number=4).title == "Harrow IT Services Update Report"

    edit = f"/reports/meetings/{meeting.pk}/agenda/{item.pk}/"
    version = democratic.agenda_item_version(item)
    data = item_data(version=version, number="5", exempt="yes", exempt_paragraph="3")
    assert client.post(edit, data).url == f"/reports/meetings/{meeting.pk}/agenda/"
    item.refresh_from_db()
    assert (item.number, item.exempt, item.exempt_paragraph) == (5, True, "3")

    remove = f"/reports/meetings/{meeting.pk}/agenda/{item.pk}/remove/"
    page = client.get(remove).content.decode()
    assert '<h1 class="govuk-heading-xl">Remove item 5?</h1>' in page
    assert client.post(remove).status_code == 200  # an empty POST asks again
    assert meeting.agenda.filter(pk=item.pk).exists()
    response = client.post(remove, {"version": democratic.agenda_item_version(item)})
    assert response.url == f"/reports/meetings/{meeting.pk}/agenda/"
    assert not meeting.agenda.filter(pk=item.pk).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"number": "1"}, "number", democratic.NUMBER_TAKEN.format(number=1)),
        ({"number": ""}, "number", "Enter the item&#x27;s number"),
        ({"title": ""}, "title", "Enter the item&#x27;s title, or select its report"),
        ({"exempt": "yes"}, "exempt_paragraph", NO_PARAGRAPH),
        (
            {"series": "harrow-it-services-update", "exempt": "yes", "exempt_paragraph": "3"},
            "exempt",
            AGENDA_ITEM_PART.format(title="Harrow IT Services Update Report", part="Part I"),
        ),
        ({"series": "no-such-series"}, "series", "Select a report to this meeting from the list"),
    ],
)
def test_an_item_that_breaks_a_rule_is_refused(client, draft, meeting, changes, field, message):
    """Each broken rule is refused with its message next to the field, and nothing is saved."""
    login(client, "democratic")
    response = client.post(f"/reports/meetings/{meeting.pk}/agenda/new/", item_data(**changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert error_next_to(field, message.replace("'", "&#x27;")) in page
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in page
    assert list(meeting.agenda.values_list("number", flat=True)) == [1, 2]


def test_an_item_changed_meanwhile_is_not_overwritten(client, meeting):
    """A change made from a stale form is refused, and so is removing the item."""
    item = meeting.agenda.get(number=1)
    seen = democratic.agenda_item_version(item)
    democratic.agenda_item_update(
        item=item,
        version=seen,
        number=1,
        title="Minutes of the meeting of 22 November 2005",
        series="",
        exempt=False,
        exempt_paragraph="",
    )
    login(client, "democratic")
    response = client.post(
        f"/reports/meetings/{meeting.pk}/agenda/{item.pk}/",
        item_data(version=seen, number="1", title="Minutes"),
    )
    assert response.status_code == 200
    assert democratic.STALE_ITEM in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Minutes of the meeting of 22 November 2005"
    with pytest.raises(StaleEdit):
        democratic.agenda_item_delete(item=item, version=seen)


# The public meeting page


def test_the_meeting_page_says_when_where_and_the_papers_deadline(client, meeting):
    """The public page gives the time, venue and papers deadline; Democratic Services may
    manage it."""
    page = client.get(f"/reports/meetings/{meeting.pk}/").content.decode()
    assert '<dd class="govuk-summary-list__value">7:30pm</dd>' in page
    assert f'<dd class="govuk-summary-list__value">{VENUE}</dd>' in page
    assert (
        "Papers published by Monday 30 January 2006: five clear working days before the meeting."
        in page
    )
    assert "Papers published late" not in page
    assert "Manage this meeting" not in page
    login(client, "democratic")
    page = client.get(f"/reports/meetings/{meeting.pk}/").content.decode()
    assert (
        f'<a class="govuk-link" href="/reports/meetings/{meeting.pk}/agenda/">'
        "Manage this meeting</a>"
    ) in page
    page = client.get("/reports/").content.decode()
    assert '<a class="govuk-link" href="/reports/committees/">Committees and meetings</a>' in page


def test_november_s_papers_deadline(client, november_meeting):
    """November's reports, published on the deadline day, are in time."""
    page = client.get(f"/reports/meetings/{november_meeting.pk}/").content.decode()
    assert (
        "Papers published by Monday 14 November 2005: five clear working days before the meeting."
        in page
    )
    assert "Late item" not in page  # published on the deadline day: in time


# Late papers and the agenda pack


def test_a_report_published_after_the_deadline_is_a_late_item(client, publish, meeting):
    """A report published after the deadline is a late item on the page and in the pack's agenda."""
    publish(date(2006, 1, 31))
    entries = packs.agenda(meeting)
    assert [entry.late for entry in entries] == [False, True]
    page = client.get(f"/reports/meetings/{meeting.pk}/").content.decode()
    assert (
        'Harrow IT Services Update Report</a> <strong class="govuk-tag govuk-tag--orange">'
        "Late item</strong>"
    ) in page
    html = packs.pack_html(meeting, entries, restricted=False)
    assert '<a href="#item-2">2. Harrow IT Services Update Report (Late item)</a>' in html
    # Published late, the papers are late however early the pack is built; until the
    # meeting is held.
    lateness = packs.lateness(meeting, entries, today=date(2006, 1, 2))
    assert (lateness.asks_why, lateness.passed, lateness.held) == (True, False, False)
    lateness = packs.lateness(meeting, entries, today=date(2006, 2, 8))
    assert (lateness.asks_why, lateness.passed, lateness.held) == (False, True, True)


def test_a_pack_built_on_time_asks_for_no_reason(client, publish, meeting, today):
    """Before the deadline, with its reports in time, the pack is built without a reason."""
    publish(DEADLINE)
    today(DEADLINE)
    login(client, "democratic")
    page = client.get(f"/reports/meetings/{meeting.pk}/").content.decode()
    assert LATE_LABEL not in page
    assert "These papers are late" not in page
    response = client.post(f"/reports/meetings/{meeting.pk}/packs/")
    assert response.url == f"/reports/meetings/{meeting.pk}/"
    assert [p.state for p in meeting.packs.all()] == ["queued"]
    meeting.refresh_from_db()
    assert meeting.late_reason == ""


def test_a_pack_built_after_the_deadline_asks_why(client, publish, meeting, today):
    """After the deadline the reason is asked for, refused empty, saved and shown to the public."""
    publish(DEADLINE)
    today(date(2006, 2, 1))
    login(client, "democratic")
    url = f"/reports/meetings/{meeting.pk}/"
    page = client.get(url).content.decode()
    assert (
        "These papers are late: the deadline for publishing them was Monday 30 January 2006, "
        "five clear working days before the meeting.</strong>"
    ) in page
    assert f'<label class="govuk-label" for="id_late_reason">{LATE_LABEL}</label>' in page

    response = client.post(f"{url}packs/", {"late_reason": "  "})
    assert response.status_code == 200
    page = response.content.decode()
    assert error_next_to("late_reason", LATE_REQUIRED) in page
    assert f'<li><a href="#id_late_reason">{LATE_REQUIRED}</a></li>' in page
    assert not Rendering.objects.exists()

    response = client.post(f"{url}packs/", {"late_reason": URGENT})
    assert response.url == url
    meeting.refresh_from_db()
    assert meeting.late_reason == URGENT
    assert [p.state for p in meeting.packs.all()] == ["queued"]
    client.logout()
    page = client.get(url).content.decode()
    assert '<h2 class="govuk-heading-m">Papers published late</h2>' in page
    assert f'<div class="govuk-inset-text">{URGENT}</div>' in page


def test_the_reason_given_before_is_offered_again(client, meeting, today):
    """The meeting's reason is offered again in the build form."""
    meeting.late_reason = URGENT
    meeting.save()
    today(date(2006, 2, 2))
    login(client, "author")  # authors build packs too
    page = client.get(f"/reports/meetings/{meeting.pk}/").content.decode()
    assert f'id="id_late_reason">\n{URGENT}</textarea>' in page


def test_a_pack_built_after_the_meeting_asks_for_no_reason(client, meeting, today):
    """Once the meeting is held there is no urgency left to argue: the pack is its record."""
    today(date(2006, 2, 8))
    login(client, "democratic")
    page = client.get(f"/reports/meetings/{meeting.pk}/").content.decode()
    assert LATE_LABEL not in page
    assert client.post(f"/reports/meetings/{meeting.pk}/packs/").status_code == 302
    meeting.refresh_from_db()
    assert meeting.late_reason == ""


@pytest.mark.parametrize(
    ("who", "status"), [("democratic", 302), ("author", 302), ("officer", 403), ("finance", 403)]
)
def test_democratic_services_and_authors_build_packs(client, november_meeting, who, status):
    """Democratic Services and authors build packs; officers and clearers may not."""
    login(client, who)
    response = client.post(f"/reports/meetings/{november_meeting.pk}/packs/")
    assert response.status_code == status
    assert Rendering.objects.exists() == (status == 302)


# Minutes


def test_minutes_wait_for_the_meeting(client, meeting, today):
    """Until the day after the meeting, the minutes page says when, and nothing is recorded."""
    today(FEBRUARY)
    login(client, "democratic")
    url = f"/reports/meetings/{meeting.pk}/minutes/"
    page = client.get(url).content.decode()
    assert (
        "The minutes can be recorded once the meeting has taken place: from Wednesday "
        "8 February 2006."
    ) in page
    assert "<textarea" not in page
    item = meeting.agenda.get()
    response = client.post(
        url, {"version": democratic.minutes_version(meeting), f"item_{item.pk}": "Noted"}
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.decision == ""
    with pytest.raises(ValidationError) as refused:
        democratic.minutes_record(
            meeting=meeting,
            version=democratic.minutes_version(meeting),
            decisions={item.pk: "Noted"},
            today=FEBRUARY,
        )
    assert refused.value.messages == [
        "The minutes can be recorded once the meeting has taken place: from Wednesday "
        "8 February 2006"
    ]


def test_minutes_are_recorded_then_published(client, november_meeting, today):
    """Minutes are recorded after the meeting and published once complete; the public reads
    Part I minutes, members Part II's too; then nothing changes."""
    meeting = november_meeting
    today(date(2005, 11, 23))
    login(client, "democratic")
    url = f"/reports/meetings/{meeting.pk}/minutes/"
    items = {item.number: item for item in meeting.agenda.all()}
    page = client.get(url).content.decode()
    assert (
        f'<label class="govuk-label" for="id_item_{items[8].pk}">8. HITS Restructure: Staffing Implications (illustrative) (Part II)</label>'
        in page
    )
    decisions = {
        f"item_{item.pk}": "Noted" for number, item in items.items() if number not in (5, 8)
    }
    decisions[f"item_{items[5].pk}"] = "RESOLVED: That the report be noted."
    version = democratic.minutes_version(meeting)
    response = client.post(url, {"version": version, **decisions})
    assert response.url == f"/reports/meetings/{meeting.pk}/agenda/"

    publish = f"/reports/meetings/{meeting.pk}/minutes/publish/"
    version = democratic.minutes_version(meeting)
    response = client.post(publish, {"version": version})
    assert response.status_code == 200
    assert "<li>Record the minute of every item first: item 8 has none</li>" in (
        response.content.decode()
    )
    meeting.refresh_from_db()
    assert meeting.minutes_published_at is None

    decisions[f"item_{items[8].pk}"] = "RESOLVED: That the revised structure be agreed."
    client.post(url, {"version": version, **decisions})
    assert client.post(publish, {"version": democratic.minutes_version(meeting)}).url == (
        f"/reports/meetings/{meeting.pk}/"
    )
    meeting.refresh_from_db()
    assert meeting.minutes_published_at == at(date(2005, 11, 23))

    client.logout()
    page = client.get(f"/reports/meetings/{meeting.pk}/").content.decode()
    assert '<h2 class="govuk-heading-l">Minutes</h2>' in page
    assert "RESOLVED: That the report be noted." in page
    assert "revised structure" not in page
    assert "The minute of an exempt item is for members of the committee only" in page
    login(client, "member")
    response = client.get(f"/reports/meetings/{meeting.pk}/")
    assert "RESOLVED: That the revised structure be agreed." in response.content.decode()
    assert response["Cache-Control"] == "no-store, private"

    # Published, they no longer change, nor does the agenda.
    login(client, "democratic")
    response = client.post(url, {"version": democratic.minutes_version(meeting), **decisions})
    assert "they no longer change" in response.content.decode()
    with pytest.raises(ValidationError) as refused:
        democratic.agenda_item_create(
            meeting=meeting,
            number=9,
            title="Late business",
            series="",
            exempt=False,
            exempt_paragraph="",
        )
    assert refused.value.messages == [democratic.MINUTES_FIX_THE_AGENDA]


def test_minutes_changed_meanwhile_are_not_overwritten(client, meeting, today):
    """Minutes saved from a stale form are refused, keeping the other person's."""
    today(date(2006, 2, 8))
    item = meeting.agenda.get()
    seen = democratic.minutes_version(meeting)
    democratic.minutes_record(
        meeting=meeting,
        version=seen,
        decisions={item.pk: "Agreed as a correct record."},
        today=date(2006, 2, 8),
    )
    login(client, "democratic")
    response = client.post(
        f"/reports/meetings/{meeting.pk}/minutes/", {"version": seen, f"item_{item.pk}": "Noted"}
    )
    assert democratic.STALE_MINUTES in response.content.decode()
    item.refresh_from_db()
    assert item.decision == "Agreed as a correct record."
