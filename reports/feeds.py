"""
Public feeds, for anyone to subscribe to (wired under /feeds/ in harrow_its/urls.py):

- `reports.atom`: an Atom feed of the published Part I reports, newest first: each
  entry is the report's subject, its page, when it was published and a summary
  (its meeting, and the headline of its changes since the last committee, from its
  stored public data: reports/notifications.py);
- `meetings.atom`: an Atom feed of the committees' meetings, latest first: each
  entry is the meeting (committee and date), its page, its start as its date, and a
  summary (time, venue and the agenda as the public sees it: an exempt item is
  "Exempt item (Part II)", never its title);
- `meetings.ics`: the same meetings as an iCalendar file (RFC 5545), for calendar
  programs: an event per meeting, starting at its time in Europe/London, or all day
  when it has none.

Every feed is the same for everyone, signed in or not: what the public may read
(harrow_its/access.py, `reports_readable_by`) and nothing of Part II. Links are
absolute, to SITE_URL, so they are the same whichever address the feed was read at.
"""

from datetime import date, datetime, time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils import feedgenerator, timezone
from django.utils.html import format_html, format_html_join
from icalendar import Calendar, Event

from harrow_its.access import PUBLIC, access
from harrow_its.calendar import LONDON
from harrow_its.models import SiteSettings
from reports import notifications, selectors
from reports.models import Meeting, Report

app_name = "feeds"

ENTRIES = 50  # the newest this many reports or meetings
AUTHOR = "IT Services Reporting"
EXEMPT_ITEM = "Exempt item (Part II)"  # as the meeting's page shows one to the public


def meeting_start(meeting: Meeting) -> datetime:
    """When the meeting starts, in London: at its time, else at the start of its day."""
    return datetime.combine(meeting.date, meeting.time or time.min, tzinfo=LONDON)


def meeting_when(meeting: Meeting) -> str:
    """ "Tuesday 7 February 2006 at 19:30", or without the time if it has none."""
    day = f"{meeting.date:%A %-d %B %Y}"
    return f"{day} at {meeting.time:%H:%M}" if meeting.time else day


def public_agenda(meeting: Meeting) -> list[str]:
    """The agenda as the public sees it: "1. Minutes", and an exempt item untitled."""
    return [
        f"{item.number}. {EXEMPT_ITEM if item.exempt else item.title}"
        for item in meeting.agenda.all()
    ]


def _of_the_council(what: str) -> str:
    """ "Published reports: Harrow Council", from the site settings."""
    return f"{what}: {SiteSettings.objects.get_current().council_name}"


class PublishedReportsFeed(Feed):
    feed_type = feedgenerator.Atom1Feed
    author_name = AUTHOR  # an Atom feed must name one

    def title(self):
        return _of_the_council("Published reports")

    subtitle = "The committee reports published for anyone to read (Part I)."

    def link(self):
        return notifications.absolute(reverse("reports:index"))

    def feed_url(self):
        return notifications.absolute(reverse("feeds:reports"))

    def items(self):
        # What the public may read: the published Part I reports, nothing else.
        return (
            selectors.reports_visible_to(AnonymousUser())
            .select_related("publication")
            .order_by("-publication__published_at", "-pk")[:ENTRIES]
        )

    def item_title(self, report: Report) -> str:
        return f"{report.subject} (correction)" if report.supersedes_id else report.subject

    def item_link(self, report: Report) -> str:
        return notifications.absolute(report.get_absolute_url())

    def item_pubdate(self, report: Report) -> datetime:
        return report.publication.published_at

    def item_updateddate(self, report: Report) -> datetime:
        return report.publication.published_at  # a published report never changes

    def item_description(self, report: Report) -> str:
        # An Atom summary of type "html": what anyone typed is escaped.
        summary = format_html(
            "<p>{}. Published {}.</p>",
            report.meeting,
            f"{timezone.localtime(report.publication.published_at):%-d %B %Y}",
        )
        if headline := notifications.public_headline(report):
            summary += format_html("<p>Changes since the last committee: {}.</p>", headline)
        return summary


class MeetingsFeed(Feed):
    feed_type = feedgenerator.Atom1Feed
    author_name = AUTHOR

    def title(self):
        return _of_the_council("Committee meetings")

    subtitle = "The committees' meetings: when and where, and their agendas."

    def link(self):
        return notifications.absolute(reverse("reports:index"))

    def feed_url(self):
        return notifications.absolute(reverse("feeds:meetings"))

    def items(self):
        return (
            Meeting.objects.select_related("committee")
            .prefetch_related("agenda")
            .order_by("-date", "committee__name")[:ENTRIES]
        )

    def item_title(self, meeting: Meeting) -> str:
        return str(meeting)

    def item_link(self, meeting: Meeting) -> str:
        return notifications.absolute(meeting.get_absolute_url())

    def item_pubdate(self, meeting: Meeting) -> datetime:
        return meeting_start(meeting)

    def item_updateddate(self, meeting: Meeting) -> datetime:
        return meeting_start(meeting)

    def item_description(self, meeting: Meeting) -> str:
        where = f", {meeting.venue}" if meeting.venue else ""
        summary = format_html("<p>{}, {}{}.</p>", meeting.committee, meeting_when(meeting), where)
        if agenda := public_agenda(meeting):
            summary += format_html(
                "<p>Agenda:</p><ul>{}</ul>",
                format_html_join("", "<li>{}</li>", ((line,) for line in agenda)),
            )
        return summary


def meetings_calendar_ics() -> bytes:
    """The committees' meetings as an iCalendar file: an event per meeting."""
    host = urlsplit(settings.SITE_URL).hostname
    meetings = list(Meeting.objects.select_related("committee").order_by("date", "pk"))
    calendar = Calendar()
    calendar.add("prodid", "-//IT Services Reporting//Committee meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Committee meetings")
    stamp = timezone.now()
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")  # the same for good
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting_start(meeting) if meeting.time else meeting.date)
        event.add("summary", meeting.committee.name)
        if meeting.venue:
            event.add("location", meeting.venue)
        event.add("url", notifications.absolute(meeting.get_absolute_url()))
        calendar.add_component(event)
    if meetings:  # a VTIMEZONE for Europe/London, over the years the meetings span
        calendar.add_missing_timezones(
            first_date=date(meetings[0].date.year, 1, 1),
            last_date=date(meetings[-1].date.year + 1, 1, 1),
        )
    return calendar.to_ical()


@access(PUBLIC)
def meetings_calendar(request):
    response = HttpResponse(meetings_calendar_ics(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response


urlpatterns = [
    path("reports.atom", access(PUBLIC)(PublishedReportsFeed()), name="reports"),
    path("meetings.atom", access(PUBLIC)(MeetingsFeed()), name="meetings"),
    path("meetings.ics", meetings_calendar, name="calendar"),
]
