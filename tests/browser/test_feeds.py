"""A reader subscribes from the reports page: the Atom feeds and the meetings'
calendar it links to are what a feed reader and a calendar program read."""

import feedparser
import icalendar

from reports.models import Report

SERIES = "harrow-it-services-update"


def test_a_reader_finds_the_feeds_on_the_reports_page(page, site, axe):
    page.goto(f"{site}/reports/")
    axe(page)
    links = {
        name: page.get_by_role("link", name=name).get_attribute("href")
        for name in (
            "Subscribe to published reports (Atom feed)",
            "Meetings (Atom feed)",
            "Meetings calendar (iCalendar)",
        )
    }
    reports = page.request.get(site + links["Subscribe to published reports (Atom feed)"])
    assert reports.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(reports.body())
    assert not feed.bozo
    published = Report.objects.filter(state="published", exempt=False).count()
    assert len(feed.entries) == published
    assert "Harrow IT Services Update Report" in feed.entries[0].title

    meetings = feedparser.parse(page.request.get(site + links["Meetings (Atom feed)"]).body())
    assert not meetings.bozo
    assert [e.title for e in meetings.entries][-1].startswith("Overview and Scrutiny Committee")

    calendar = page.request.get(site + links["Meetings calendar (iCalendar)"])
    assert calendar.headers["content-type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(calendar.body()).walk("VEVENT")
    assert sorted(str(e["DTSTART"].dt) for e in events) == ["2005-09-13", "2005-11-22"]
