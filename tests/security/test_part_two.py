"""
Part II never leaks: every exempt field carries a unique marker, an anonymous crawl
of everything it can reach (pages, PDFs, data, open data, packs, error pages) finds
none, every response that carries one is never cached (nor kept in the server's
memory for the public: reports/middleware.py), and every read of one is in the
security log.
"""

import re
import subprocess
from collections import deque
from datetime import date

import pytest

from harrow_its.models import User
from reports import clearance, jobs, middleware, publishing, services
from reports.models import (
    AgendaItem,
    Appendix,
    ClearanceRequest,
    ClearanceRule,
    Meeting,
    Paragraph,
    Rendering,
    Report,
    Section,
)
from tests.helpers import make_the_pdfs

pytestmark = pytest.mark.django_db

MARK = "EXEMPT-MARKER"


def marker(field: str) -> str:
    return f"{MARK}-{field}-7f3a"


@pytest.fixture
def kept(monkeypatch):
    """What the server keeps in memory for the public (published pages and files), as
    (address, content) by the order it was kept."""
    found = []
    original = middleware.WithinBudget.put

    def put(self, key, value, size):
        found.append((key, value.content.decode(errors="replace")))
        original(self, key, value, size)

    monkeypatch.setattr(middleware.WithinBudget, "put", put)
    return found


@pytest.fixture
def exempt_world(demo):
    """The demo, and: a published Part II report with a marker in every field; a
    published Part I report with an exempt paragraph and an exempt appendix; a Part II
    draft; and both meetings' agenda packs."""
    author = User.objects.get(username="author")
    november = Report.objects.get(series="harrow-it-services-update", meeting__date__month=11)
    texts = {
        name: marker(name)
        for name in (
            "subject",
            "responsible_officer",
            "contact_officer",
            "portfolio_holder",
            "enclosures",
            "decision_required",
            "reason_for_report",
            "benefits",
            "cost_of_proposals",
            "risks",
            "implications_if_rejected",
        )
    }
    for state, series in (("published", "marked-part-two"), ("draft", "marked-part-two-draft")):
        report = Report.objects.create(
            meeting=november.meeting,
            series=series,
            cut_off=november.cut_off,
            exempt=True,
            exempt_paragraph="1",
            **texts,
        )
        section = Section.objects.create(report=report, number=1, title=marker("section"))
        Paragraph.objects.create(
            section=section,
            order=1,
            number="1.1",
            heading=marker("heading"),
            body=f"<p>{marker('body')}</p>",
        )
        Appendix.objects.create(report=report, number=1, title=marker("appendix"), kind="bvpi_157")
        if state == "published":
            publishing.publish(report=report, version=report.version, by=author)
        else:  # a preview of the Part II draft, asked for and waiting for the worker
            jobs.preview(report, f"<p>{marker('preview')}</p>", restricted=True, by=author)
            # and the draft sent for clearance, to Finance too, who may not read Part II
            clearance.clearance_send(report=report, version=report.version, by=author)
    AgendaItem.objects.create(
        meeting=november.meeting,
        number=9,
        title=marker("agenda-item"),
        series="marked-part-two",
        exempt=True,
        exempt_paragraph="1",
        decision=marker("minute"),  # the minutes of a Part II item: members' only
    )
    Meeting.objects.filter(pk=november.meeting_id).update(
        minutes_published_at=november.publication.published_at
    )

    january = services.next_report_start(
        previous=november, meeting_date=date(2006, 1, 24), cut_off=date(2006, 1, 10)
    )
    paragraph = Paragraph.objects.get(section__report=january, number="2.1")
    services.paragraph_save(
        report=january,
        version=january.version,
        paragraph=paragraph,
        section=paragraph.section,
        number="2.1",
        heading=marker("part-one-heading"),
        body=f"<p>{marker('part-one-body')}</p>",
        exempt=True,
        exempt_paragraph="3",
    )
    # An exempt appendix's title is public, as in any agenda pack; its content is not.
    january.appendices.filter(number=2).update(exempt=True, exempt_paragraph="3")
    january.refresh_from_db()
    publishing.publish(report=january, version=january.version, by=author)
    make_the_pdfs()
    AgendaItem.objects.create(
        meeting=january.meeting, number=1, title="IT Services Update", series=january.series
    )
    # The next report, with January's exempt paragraph, sent for clearance; cleared by
    # Finance; its exempt paragraph changed; and sent again.
    march = services.next_report_start(
        previous=january, meeting_date=date(2006, 3, 21), cut_off=date(2006, 3, 1)
    )
    sent = clearance.clearance_send(report=march, version=march.version, by=author)
    finance = ClearanceRule.objects.get(clearer__username="finance")
    clearance.clearance_answer(
        request=sent, rule=finance, by=finance.clearer, decision="cleared", comment=""
    )
    exempt = Paragraph.objects.get(section__report=march, number="2.1")
    services.paragraph_save(
        report=march,
        version=march.version,
        paragraph=exempt,
        section=exempt.section,
        number="2.1",
        heading=marker("changed-heading"),
        body=f"<p>{marker('changed-body')}</p>",
        exempt=True,
        exempt_paragraph="3",
    )
    clearance.clearance_send(report=march, version=march.version, by=author)
    for meeting in (november.meeting, january.meeting):
        for restricted in (False, True):
            jobs.pack_run(
                Rendering.objects.create(
                    kind=Rendering.Kind.PACK,
                    meeting=meeting,
                    restricted=restricted,
                    requested_by=author,
                    requested_at=january.publication.published_at,
                ).pk
            )
    return november, january


def text_of(response, tmp_path) -> str:
    if response["Content-Type"] == "application/pdf":
        (tmp_path / "crawl.pdf").write_bytes(response.content)
        return subprocess.run(
            ["pdftotext", tmp_path / "crawl.pdf", "-"], capture_output=True, text=True, check=True
        ).stdout
    return response.content.decode(errors="replace")


LINK = re.compile(r'(?:href|src|action|data-progress-url)="(/[^"#]*)')


def crawl(client, seeds, tmp_path, limit=600):
    """Every page reachable from `seeds` by following the portal's own links: GET."""
    seen, queue, pages = set(), deque(seeds), {}
    while queue and len(seen) < limit:
        url = queue.popleft().replace("&amp;", "&")
        if url in seen or url.startswith(("/static/", "/sign-out/")):
            continue
        seen.add(url)
        response = client.get(url)
        text = text_of(response, tmp_path)
        pages[url] = (response, text)
        if response["Content-Type"].startswith("text/html"):
            queue.extend(LINK.findall(text))
    return pages


def seeds(november, january):
    reports = Report.objects.values_list("pk", flat=True)
    urls = ["/", "/reports/", "/no-such-page/", "/admin/", "/admin/login/", "/sign-in/"]
    urls += ["/reports/clearance/", "/reports/committees/", "/my-updates/"]
    # Search, for the markers' words (a whole marker would be echoed back as the query).
    for words in ("EXEMPT", "7f3a", "marker+body", "exempt+marker+heading", "Harrow"):
        urls.append(f"/search/?q={words}")
    urls += ["/feeds/reports.atom", "/feeds/meetings.atom", "/feeds/meetings.ics"]
    for sent in ClearanceRequest.objects.all():
        for rule in ClearanceRule.objects.all():
            urls.append(f"/reports/clearance/{sent.pk}/{rule.pk}/")
    for pk in [*reports, max(reports) + 1]:
        for tail in ("", "pdf/", "data.json", "compose/", "readiness/", "publish/", "correct/"):
            urls.append(f"/reports/{pk}/{tail}")
        for table in ("appendix-1-actions", "appendix-2-projects", "appendix-4-departments"):
            urls.append(f"/reports/{pk}/data/{table}.csv")
    for made in Rendering.objects.all():
        urls.append(f"/reports/{made.report_id}/pdf/{made.pk}/progress/")
    for meeting in (november.meeting, january.meeting):
        for tail in (
            "",
            "packs/progress/",
            "agenda-pack-part-i.pdf",
            "agenda-pack-part-ii.pdf",
            "agenda/",
            "minutes/",
        ):
            urls.append(f"/reports/meetings/{meeting.pk}/{tail}")
    return urls


def test_the_public_never_sees_part_two(client, exempt_world, tmp_path, kept):
    november, january = exempt_world
    pages = crawl(client, seeds(november, january), tmp_path)
    leaks = {url: re.findall(rf"{MARK}-[\w-]+", text) for url, (_, text) in pages.items()}
    assert {url: found for url, found in leaks.items() if found} == {}
    # The published Part I pages and PDFs were kept for the public: none with Part II,
    # nor January's, which has a version for members.
    assert {key for key, _ in kept} >= {(november.pk, None), (november.pk, "reports:pdf")}
    assert [key for key, text in kept if MARK in text] == []
    assert not any(key[0] == january.pk for key, _ in kept)
    kinds = {response["Content-Type"].split(";")[0] for response, _ in pages.values()}
    assert kinds == {
        "text/html",
        "application/pdf",
        "application/json",
        "text/csv",
        "application/atom+xml",
        "text/calendar",
    }
    assert len(pages) > 100
    # What the public does see: the placeholders, and the published Part I report.
    january_page = pages[f"/reports/{january.pk}/"][1]
    assert "This paragraph is exempt from publication under paragraph 3" in january_page
    assert "This appendix is exempt from publication under paragraph 3" in january_page
    print(f"\nCrawled {len(pages)} addresses as the public: no Part II marker in any.")


def test_a_clearer_never_sees_part_two(client, exempt_world, tmp_path):
    """Finance clears the committee's reports but may not read Part II: the drafts sent
    to them, what changed since they cleared one, and every page they reach, carry
    none of it."""
    november, january = exempt_world
    client.force_login(User.objects.get(username="finance"))
    pages = crawl(client, seeds(november, january), tmp_path)
    leaks = {url: re.findall(rf"{MARK}-[\w-]+", text) for url, (_, text) in pages.items()}
    assert {url: found for url, found in leaks.items() if found} == {}
    reviews = [
        text
        for url, (response, text) in pages.items()
        if url.startswith("/reports/clearance/")
        and response.status_code == 200
        and url.count("/") == 5
    ]
    assert len(reviews) == 3  # the Part II draft and March's two versions, for Finance
    changed = [text for text in reviews if "What changed since you last answered" in text]
    assert len(changed) == 1
    assert "(exempt: not shown)" in changed[0]
    print(f"\nCrawled {len(pages)} addresses as a clearer: no Part II marker in any.")


def test_whatever_carries_part_two_is_never_cached_and_is_logged(
    client, exempt_world, tmp_path, caplog, kept
):
    november, january = exempt_world
    client.force_login(User.objects.get(username="member"))
    caplog.set_level("INFO", logger="harrow_its.audit")
    pages = crawl(client, seeds(november, january), tmp_path)
    carrying = {url: response for url, (response, text) in pages.items() if MARK in text}
    assert len(carrying) >= 8  # the Part II report, its PDF and data; January's; the packs
    uncached = {url for url, r in carrying.items() if "no-store" not in r.get("Cache-Control", "")}
    assert uncached == set()
    assert [key for key, text in kept if MARK in text] == []
    logged = {
        record.getMessage().split(" path=")[-1]
        for record in caplog.records
        if record.name == "harrow_its.audit" and record.getMessage().startswith("part-ii-read ")
    }
    # The log names the path (a search's words are left out).
    assert {url.split("?")[0] for url in carrying} - logged == set()
    assert all(
        "user=member" in r.getMessage() for r in caplog.records if "part-ii-read" in r.getMessage()
    )
    print(f"\n{len(carrying)} addresses carry Part II for a member: all no-store, all logged.")
