"""
The public feeds (reports/feeds.py): an Atom feed of the published Part I reports,
an Atom feed of the meetings, and the meetings as an iCalendar file; read by real
parsers (feedparser, icalendar), the same for everyone, and nothing of Part II.
"""

from datetime import date, datetime, time

import feedparser
import icalendar
import pytest
from django.urls import reverse

from harrow_its.calendar import LONDON
from harrow_its.models import User
from reports import publishing
from reports.models import AgendaItem, Committee, Meeting, Paragraph, Report, Section
from tests.helpers import login

pytestmark = pytest.mark.django_db

SITE = "https://reports.harrow.example"
MARK = "EXEMPT-MARKER"
NOVEMBER_HEADLINE = (
    "2 projects changed RAG status; 6 milestones slipped; 1 improvement action now overdue; "
    "12 indicators changed RAG or direction; 1 figure restated; BVPI 157: unchanged at 87%"
)
FEEDS = ["/feeds/reports.atom", "/feeds/meetings.atom", "/feeds/meetings.ics"]


def marker(field: str) -> str:
    return f"{MARK}-{field}-2b8e"


@pytest.fixture(autouse=True)
def site(settings):
    """The portal's address, as the feeds' links give it."""
    settings.SITE_URL = SITE


@pytest.fixture
def meetings(november):
    """November's meeting at 19:30 in a committee room; September's with no time or
    venue; and a meeting to come, of another committee."""
    november.meeting.time, november.meeting.venue = time(19, 30), "Committee Room 5, Civic Centre"
    november.meeting.save()
    september = Meeting.objects.get(date=date(2005, 9, 13))
    cabinet = Meeting.objects.create(
        committee=Committee.objects.create(name="Cabinet", slug="cabinet"),
        date=date(2006, 7, 4),
        time=time(19, 0),
        venue="Council Chamber",
    )
    return {"november": november.meeting, "september": september, "july": cabinet}


@pytest.fixture
def part_two(november):
    """A published Part II report with a marker in its texts, and a Part II agenda item
    with a marker in its title and minute."""
    report = Report.objects.create(
        meeting=november.meeting,
        series="marked-part-two",
        cut_off=november.cut_off,
        exempt=True,
        exempt_paragraph="1",
        **{
            name: marker(name)
            for name in (
                "subject",
                "responsible_officer",
                "contact_officer",
                "portfolio_holder",
                "decision_required",
                "reason_for_report",
                "benefits",
                "cost_of_proposals",
                "risks",
                "implications_if_rejected",
            )
        },
    )
    section = Section.objects.create(report=report, number=1, title=marker("section"))
    Paragraph.objects.create(section=section, order=1, number="1.1", body=marker("body"))
    publishing.publish(
        report=report, version=report.version, by=User.objects.get(username="author")
    )
    AgendaItem.objects.create(
        meeting=november.meeting,
        number=9,
        title=marker("agenda-item"),
        series="marked-part-two",
        exempt=True,
        exempt_paragraph="1",
        decision=marker("minute"),
    )
    return report


def test_the_reports_feed_lists_the_published_part_one_reports(client, november):
    """An Atom feed of the published Part I reports, newest first: each its subject,
    its page, when it was published, and a summary with its meeting and the headline
    of its changes since the last committee."""
    response = client.get("/feeds/reports.atom")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert feed.bozo is False
    assert feed.version == "atom10"
    assert feed.feed.title == "Published reports: Harrow Council"
    assert feed.feed.author == "IT Services Reporting"
    assert feed.feed.link == f"{SITE}/reports/"
    september = Report.objects.get(meeting__date=date(2005, 9, 13))
    assert [(e.title, e.link, e.id) for e in feed.entries] == [
        (
            "Harrow IT Services Update Report",
            f"{SITE}/reports/{november.pk}/",
            f"{SITE}/reports/{november.pk}/",
        ),
        (
            "Harrow IT Services Update Report",
            f"{SITE}/reports/{september.pk}/",
            f"{SITE}/reports/{september.pk}/",
        ),
    ]
    assert [(e.published, e.updated) for e in feed.entries] == [
        ("2005-11-14T10:00:00+00:00", "2005-11-14T10:00:00+00:00"),  # 10:00 in London
        ("2005-09-05T09:00:00+00:00", "2005-09-05T09:00:00+00:00"),  # 10:00 BST
    ]
    assert feed.entries[0].summary == (
        "<p>Overview and Scrutiny Committee, 22 November 2005. Published 14 November 2005.</p>"
        f"<p>Changes since the last committee: {NOVEMBER_HEADLINE}.</p>"
    )
    # September's is the series' first: it has no changes since a last committee.
    assert feed.entries[1].summary == (
        "<p>Overview and Scrutiny Committee, 13 September 2005. Published 5 September 2005.</p>"
    )


def test_the_meetings_feed_lists_the_meetings(client, meetings):
    """An Atom feed of the meetings, latest first: each the committee and date, its
    page, its start, and a summary with its time, venue and public agenda, where an
    exempt item is shown untitled, as on the meeting's page."""
    response = client.get("/feeds/meetings.atom")
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert feed.bozo is False
    assert feed.feed.title == "Committee meetings: Harrow Council"
    assert feed.feed.author == "IT Services Reporting"
    november, september, july = meetings["november"], meetings["september"], meetings["july"]
    assert [(e.title, e.link, e.published, e.updated) for e in feed.entries] == [
        ("Cabinet, 4 July 2006", f"{SITE}/reports/meetings/{july.pk}/",
         "2006-07-04T19:00:00+01:00", "2006-07-04T19:00:00+01:00"),
        ("Overview and Scrutiny Committee, 22 November 2005", f"{SITE}/reports/meetings/{november.pk}/",
         "2005-11-22T19:30:00+00:00", "2005-11-22T19:30:00+00:00"),
        ("Overview and Scrutiny Committee, 13 September 2005", f"{SITE}/reports/meetings/{september.pk}/",
         "2005-09-13T00:00:00+01:00", "2005-09-13T00:00:00+01:00"),
    ]  # fmt: skip
    assert (
        feed.entries[0].summary == "<p>Cabinet, Tuesday 4 July 2006 at 19:00, Council Chamber.</p>"
    )
    assert feed.entries[1].summary == (
        "<p>Overview and Scrutiny Committee, Tuesday 22 November 2005 at 19:30, "
        "Committee Room 5, Civic Centre.</p>"
        "<p>Agenda:</p><ul>"
        "<li>1. Attendance by Reserve Members</li>"
        "<li>2. Declarations of Interest</li>"
        "<li>3. Minutes of the previous meeting</li>"
        "<li>4. Public Questions</li>"
        "<li>5. Harrow IT Services Update Report</li>"
        "<li>6. Any Other Business</li>"
        "<li>7. Exclusion of the Press and Public</li>"
        "<li>8. Exempt item (Part II)</li>"
        "</ul>"
    )
    assert feed.entries[2].summary.startswith(
        "<p>Overview and Scrutiny Committee, Tuesday 13 September 2005.</p><p>Agenda:</p>"
    )


def test_typed_text_is_escaped_in_a_summary(client, meetings):
    """A summary is HTML: a title or venue as typed is text in it, never markup."""
    AgendaItem.objects.create(
        meeting=meetings["july"], number=1, title="Fees & charges <script>alert(1)</script>"
    )
    response = client.get("/feeds/meetings.atom")
    assert b"<script>" not in response.content
    assert b"&amp;lt;script&amp;gt;" in response.content  # escaped as HTML, then as XML
    feed = feedparser.parse(response.content)
    assert feed.entries[0].summary.endswith(
        "<ul><li>1. Fees &amp; charges &lt;script&gt;alert(1)&lt;/script&gt;</li></ul>"
    )


def test_the_calendar_has_an_event_per_meeting(client, meetings):
    """An iCalendar file: an event per meeting with a stable UID; it starts at its time
    in Europe/London, or is all day without one; its summary the committee, its
    location the venue, its URL the meeting's page."""
    response = client.get("/feeds/meetings.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["version"]) == "2.0"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    november, september, july = meetings["november"], meetings["september"], meetings["july"]
    events = [
        (
            str(e["uid"]),
            e.decoded("dtstart"),
            e["dtstart"].params.get("TZID"),
            str(e["summary"]),
            str(e.get("location", "")),
            str(e["url"]),
        )
        for e in calendar.walk("VEVENT")
    ]
    assert events == [
        (f"meeting-{september.pk}@reports.harrow.example", date(2005, 9, 13), None,
         "Overview and Scrutiny Committee", "", f"{SITE}/reports/meetings/{september.pk}/"),
        (f"meeting-{november.pk}@reports.harrow.example", datetime(2005, 11, 22, 19, 30, tzinfo=LONDON),
         "Europe/London", "Overview and Scrutiny Committee", "Committee Room 5, Civic Centre",
         f"{SITE}/reports/meetings/{november.pk}/"),
        (f"meeting-{july.pk}@reports.harrow.example", datetime(2006, 7, 4, 19, 0, tzinfo=LONDON),
         "Europe/London", "Cabinet", "Council Chamber", f"{SITE}/reports/meetings/{july.pk}/"),
    ]  # fmt: skip
    text = response.content.decode()
    assert "DTSTART;TZID=Europe/London:20051122T193000\r\n" in text
    assert "DTSTART;VALUE=DATE:20050913\r\n" in text
    assert all(e.get("dtstamp") for e in calendar.walk("VEVENT"))


def test_the_calendar_uids_stay_the_same(client, meetings):
    """A meeting's UID is the same however often the calendar is read, and after the
    meeting is changed: calendar programs update the event, never add another."""

    def uids():
        calendar = icalendar.Calendar.from_ical(client.get("/feeds/meetings.ics").content)
        return [str(event["uid"]) for event in calendar.walk("VEVENT")]

    before = uids()
    assert before == [
        f"meeting-{meetings[name].pk}@reports.harrow.example"
        for name in ("september", "november", "july")
    ]
    Meeting.objects.filter(pk=meetings["november"].pk).update(venue="Committee Room 1")
    assert uids() == before


@pytest.mark.parametrize("username", [None, "member", "author"])
def test_no_feed_carries_part_two_for_anyone(client, part_two, meetings, username):
    """Nothing of Part II in any feed, for anyone: not the Part II reports (the demo's
    nor one marked throughout), nor a Part II agenda item's title; and each feed is
    the same whoever reads it."""
    anonymous = {url: client.get(url).content for url in FEEDS}
    if username:
        login(client, username)
    for url in FEEDS:
        response = client.get(url)
        assert response.status_code == 200
        content = response.content.decode()
        assert MARK not in content
        assert "HITS Restructure" not in content
        if not url.endswith(".ics"):  # the calendar's DTSTAMP is the time it was read
            assert response.content == anonymous[url]
    entries = feedparser.parse(client.get("/feeds/reports.atom").content).entries
    assert [e.link for e in entries if e.link.endswith(f"/{part_two.pk}/")] == []
    assert len(entries) == 2


def test_the_reports_list_links_to_the_feeds(client, demo):
    """The reports page offers the feeds, with visible links."""
    content = client.get(reverse("reports:index")).content.decode()
    assert (
        '<a class="govuk-link" href="/feeds/reports.atom">Subscribe to published reports (Atom feed)</a>'
        in content
    )
    assert '<a class="govuk-link" href="/feeds/meetings.atom">Meetings (Atom feed)</a>' in content
    assert (
        '<a class="govuk-link" href="/feeds/meetings.ics">Meetings calendar (iCalendar)</a>'
        in content
    )
