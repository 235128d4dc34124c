"""
Search (reports/search.py, /search/): the published reports' parts, indexed when they
are published, found ranked and highlighted, each reader finding only what they may
read; and for staff the live projects, actions and indicators.
"""

import hashlib
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from harrow_its.models import User
from reports import publishing, search, services
from reports.models import Paragraph, Report, SearchEntry, Section
from reports.views.searching import ENTER_A_SEARCH, SEARCH_TOO_LONG

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"
# The words only the exempt parts carry: the exempt paragraph of a Part I report, and
# a Part II report.
EXEMPT_WORD, PART_TWO_WORD = "QUUXMARKER-exempt-19", "QUUXMARKER-parttwo-28"


def results(response) -> list[tuple[str, str, str]]:
    """Each result as (kind, title, context), in order."""
    html = response.content.decode()
    return [
        (kind, title, context)
        for kind, title, context in re.findall(
            r'govuk-tag--grey">(.*?)</strong>.*?<a class="govuk-link" href="[^"]*">(.*?)</a>'
            r'</h3>\s*<p class="govuk-body-s govuk-!-margin-bottom-1">(.*?)</p>',
            html,
            re.S,
        )
    ]


def heading(response) -> str:
    found = re.search(r'id="search-results">(.*?)</h2>', response.content.decode())
    return found.group(1) if found else ""


def errors(response) -> list[str]:
    return re.findall(r'govuk-error-message">.*?</span> (.*?)</p>', response.content.decode())


def test_a_published_report_is_indexed_part_by_part(november):
    """Publishing the November report indexed its summary items, paragraphs and
    appendices' rows (not the changes since the last committee), from its public
    data, each at its anchor on the report's page; nothing is restricted or exempt."""
    entries = SearchEntry.objects.filter(report=november)
    assert entries.count() == 58
    assert set(entries.values_list("restricted", "exempt")) == {(False, False)}
    parts = list(entries.values_list("part", flat=True))
    assert parts[:7] == ["Summary"] * 6 + ["Section 1, paragraph 1"]
    assert parts.count("Summary") == 6
    assert [p for p in parts if p.startswith("Paragraph")] == [
        "Paragraph 2.1",
        "Paragraph 2.2",
        "Paragraph 2.3",
        "Paragraph 2.4",
        "Paragraph 2.5",
        "Paragraph 2.6",
        "Paragraph 3.1",
        "Paragraph 3.2",
        "Paragraph 3.3",
    ]
    paragraph = entries.get(part="Paragraph 2.4")
    assert paragraph.url == f"/reports/{november.pk}/#paragraph-2.4"
    assert paragraph.title == "2 Key Programme Achievements"
    assert paragraph.text == (
        "The first stage of the implementation on the Storage Area Network is nearing "
        "completion. Phase 2 is being brought forward to accommodate the BTP project."
    )
    project = entries.get(part="Appendix 2: ICT-SAN")
    assert (project.title, project.url) == (
        "Storage Area Network",
        f"/reports/{november.pk}/#appendix-2",
    )
    assert not any(p.startswith("Appendix 5") for p in parts)


def test_search_entries_never_change(november):
    """The database refuses to change or delete a published report's entries, or to
    add one to it."""
    entry = SearchEntry.objects.filter(report=november).first()
    for attempt in (
        lambda: SearchEntry.objects.filter(pk=entry.pk).update(text="Changed"),
        lambda: SearchEntry.objects.filter(pk=entry.pk).delete(),
        lambda: SearchEntry.objects.create(
            report=november,
            restricted=False,
            exempt=False,
            position=999,
            part="x",
            title="x",
            text="x",
            url="/",
        ),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    assert SearchEntry.objects.get(pk=entry.pk).text == entry.text


def test_a_draft_is_never_indexed_nor_found(november, client):
    """A correction being drafted has no entries, and is not found."""
    draft = services.correction_start(report=november, reason="Typo.")
    assert not SearchEntry.objects.filter(report=draft).exists()
    client.force_login(User.objects.get(username="author"))
    response = client.get("/search/", {"q": "Storage Area Network"})
    assert f"/reports/{draft.pk}/" not in response.content.decode()


def test_results_are_ranked_with_their_count(november, client):
    """The public searching for "Storage Area Network" finds the project's row in
    November's and September's Appendix 2 (its name: ranked first; equal, the later
    report first), then November's paragraph 2.4, which mentions it."""
    september = Report.objects.get(meeting__date=date(2005, 9, 13))
    response = client.get("/search/", {"q": "Storage Area Network"})
    assert response.status_code == 200
    assert heading(response) == "3 results for “Storage Area Network”"
    assert results(response) == [
        (
            "Report",
            "Storage Area Network",
            "Appendix 2: ICT-SAN of Harrow IT Services Update Report, Overview and Scrutiny Committee, 22 November 2005",
        ),
        (
            "Report",
            "Storage Area Network",
            "Appendix 2: ICT-SAN of Harrow IT Services Update Report, Overview and Scrutiny Committee, 13 September 2005",
        ),
        (
            "Report",
            "2 Key Programme Achievements",
            "Paragraph 2.4 of Harrow IT Services Update Report, Overview and Scrutiny Committee, 22 November 2005",
        ),
    ]
    html = response.content.decode()
    hrefs = re.findall(r'<h3[^>]*><a class="govuk-link" href="([^"]*)"', html)
    assert hrefs == [
        f"/reports/{november.pk}/#appendix-2",
        f"/reports/{september.pk}/#appendix-2",
        f"/reports/{november.pk}/#paragraph-2.4",
    ]
    assert (
        "The first stage of the implementation on the <mark>Storage</mark> <mark>Area</mark> "
        "<mark>Network</mark> is nearing completion." in html
    )


def test_words_are_matched_in_english(november, client):
    """English stemming: "restructured" finds "Restructure" and "restructuring"; one
    result reads "1 result"."""
    response = client.get("/search/", {"q": "restructured"})
    assert heading(response) == "5 results for “restructured”"
    assert [title for _, title, _ in results(response)][:3] == [
        "Restructure Harrow IT Services",
        "Restructure Harrow IT Services",
        "3 IT Improvement Plan: HITS Structure",
    ]
    response = client.get("/search/", {"q": '"HITS Tours" -action'})
    assert heading(response) == "2 results for “&quot;HITS Tours&quot; -action”"
    assert [context.split(" of ")[0] for _, _, context in results(response)] == [
        "Appendix 3: SP-01",
        "Paragraph 3.2",
    ]


def test_staff_also_find_projects_actions_and_indicators(november, client):
    """An officer also finds the live capital project; the public does not."""
    client.force_login(User.objects.get(username="officer"))
    response = client.get("/search/", {"q": "Storage Area Network"})
    assert heading(response) == "4 results for “Storage Area Network”"
    found = results(response)
    projects = [(kind, title, context) for kind, title, context in found if kind != "Report"]
    assert projects == [
        (
            "Capital project",
            "ICT-SAN: Storage Area Network",
            "ICT Strategy action plan, Business Connections",
        )
    ]
    assert 'href="/capital-projects/ICT-SAN/"' in response.content.decode()
    response = client.get("/search/", {"q": "first-time fix"})
    assert {kind for kind, _, _ in results(response)} == {"Report", "Performance indicator"}
    response = client.get("/search/", {"q": "Interim Head"})
    assert ("Improvement plan action", "1.5 Interim Head of IT") in [
        (kind, title) for kind, title, _ in results(response)
    ]
    client.logout()
    response = client.get("/search/", {"q": "first-time fix"})
    assert {kind for kind, _, _ in results(response)} == {"Report"}
    public = client.get("/search/", {"q": "Storage"}).content.decode()
    assert 'href="/capital-projects/ICT-SAN/"' not in public


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", ENTER_A_SEARCH),
        ("   ", ENTER_A_SEARCH),
        ("x" * 1000, SEARCH_TOO_LONG),
        ("x" * 201, SEARCH_TOO_LONG),
    ],
)
def test_a_bad_search_says_what_to_do(demo, client, query, message):
    """An empty, too long (over 200 characters) or unreadable search is answered with
    the form and a message, and no query is run."""
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert errors(response) == [message]
    assert "There is a problem" in response.content.decode()
    assert heading(response) == ""
    assert response.content.decode().count("<title>Error: ") == 1


def test_a_search_with_a_null_character_is_a_bad_request(demo, client):
    """A NUL character (which PostgreSQL cannot take) is refused before the page, as
    anywhere in the portal: 400, not an error."""
    assert client.get("/search/", {"q": "nul\x00here"}).status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        '"unclosed',
        "-",
        "or",
        "(a | b) & !c",
        "'; DROP TABLE reports_report; --",
        "<>",
        "the",
        "x" * 200,
    ],
)
def test_odd_searches_find_nothing_quietly(demo, client, query):
    """Any text up to 200 characters is a search: odd ones find nothing, never fail."""
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert errors(response) == []
    assert re.fullmatch(r"\d+ results? for “.*”", heading(response), re.S)


def test_the_page_without_a_search_explains_itself(demo, client):
    """/search/ with no query shows the form and what can be searched, no error."""
    response = client.get("/search/")
    html = response.content.decode()
    assert response.status_code == 200
    assert errors(response) == []
    assert '<label class="govuk-label govuk-label--l" for="id_q">Search</label>' in html
    assert (
        '<button type="submit" class="govuk-button" data-module="govuk-button">Search</button>'
        in html
    )
    assert "Search the published reports: their summaries, paragraphs and appendices." in html


def test_the_reports_list_offers_the_search(demo, client):
    """The reports list has a "Search the reports" form that asks /search/."""
    html = client.get("/reports/").content.decode()
    assert '<form method="get" action="/search/" role="search">' in html
    assert (
        '<label class="govuk-label govuk-label--s" for="search-the-reports">Search the reports</label>'
        in html
    )


def test_pages_of_results(november, client, monkeypatch):
    """Many results are paged: the count counts them all, each page shows its own."""
    monkeypatch.setattr("reports.views.searching.PAGE_SIZE", 2)
    first = client.get("/search/", {"q": "Storage Area Network"})
    second = client.get("/search/", {"q": "Storage Area Network", "page": "2"})
    wrong = client.get("/search/", {"q": "Storage Area Network", "page": "x'"})
    assert heading(first) == heading(second) == "3 results for “Storage Area Network”"
    assert len(results(first)) == 2
    assert [title for _, title, _ in results(second)] == ["2 Key Programme Achievements"]
    assert '<ol class="govuk-list app-search-results" start="3"' in second.content.decode()
    assert 'href="?q=Storage+Area+Network&amp;page=2"' in first.content.decode()
    assert results(wrong) == results(first)


def test_highlighting_is_escaped():
    """A snippet is escaped, then only the sentinels PostgreSQL put round the matching
    words become <mark>s."""
    headline = f"Fish & chips <script>alert(1)</script> {search.START}telephony{search.STOP} <mark>"
    assert search.highlighted(headline) == (
        "Fish &amp; chips &lt;script&gt;alert(1)&lt;/script&gt; <mark>telephony</mark> &lt;mark&gt;"
    )


def test_paragraph_text_is_read_from_its_html():
    """The words of a paragraph's HTML: entities decoded, tags as spaces."""
    assert search.plain_text("<p>Tom &amp; Jerry</p><ul><li>one</li><li>two&nbsp;</li></ul>") == (
        "Tom & Jerry one two"
    )


@pytest.fixture
def exempt_search_world(november):
    """The January report, published: paragraph 2.1 exempt, with EXEMPT_WORD and
    "telephony"; paragraph 2.2 public, about telephony, in text with HTML's special
    characters; and a Part II report, published, whose paragraph has PART_TWO_WORD and
    "telephony". The demo mentions telephony nowhere else."""
    author = User.objects.get(username="author")
    january = services.next_report_start(
        previous=november, meeting_date=date(2006, 1, 24), cut_off=date(2006, 1, 10)
    )
    for number, heading_, body, exempt in (
        (
            "2.1",
            "Telephony contract",
            f"<p>The telephony contract with {EXEMPT_WORD} ends.</p>",
            True,
        ),
        (
            "2.2",
            "Tom & Jerry <b>",
            "<p>Fish &amp; chips &lt;script&gt;alert(1)&lt;/script&gt; for the telephony team.</p>",
            False,
        ),
    ):
        paragraph = Paragraph.objects.get(section__report=january, number=number)
        services.paragraph_save(
            report=january,
            version=Report.objects.get(pk=january.pk).version,
            paragraph=paragraph,
            section=paragraph.section,
            number=number,
            heading=heading_,
            body=body,
            exempt=exempt,
            exempt_paragraph="3" if exempt else "",
        )
    january.refresh_from_db()
    publishing.publish(report=january, version=january.version, by=author)
    part_two = Report.objects.create(
        meeting=january.meeting,
        series="telephony-staffing",
        cut_off=january.cut_off,
        exempt=True,
        exempt_paragraph="1",
        subject="Telephony staffing",
        responsible_officer="Director",
        contact_officer="Group Manager",
        portfolio_holder="Finance",
        decision_required="Note",
        reason_for_report="Staffing",
        benefits="N/a",
        cost_of_proposals="N/a",
        risks="N/a",
        implications_if_rejected="N/a",
    )
    section = Section.objects.create(report=part_two, number=1, title="Staffing")
    Paragraph.objects.create(
        section=section, order=1, number="1.1", body=f"<p>Telephony staff: {PART_TWO_WORD}.</p>"
    )
    publishing.publish(report=part_two, version=part_two.version, by=author)
    return january, part_two


def test_part_two_reaches_only_part_two_readers(exempt_search_world, client, caplog):
    """The public and an officer searching "telephony" find only January's public
    paragraph 2.2: no result, count or snippet from the exempt paragraph or the Part
    II report. A member finds all three, January's public paragraph once (from its
    restricted version), marked Part II where it is, never cached, and logged."""
    for who in (None, "officer"):
        if who:
            client.force_login(User.objects.get(username=who))
        response = client.get("/search/", {"q": "telephony"})
        html = response.content.decode()
        assert heading(response) == "1 result for “telephony”"
        assert [context for _, _, context in results(response)] == [
            "Paragraph 2.2 of Harrow IT Services Update Report, Overview and Scrutiny Committee, 24 January 2006"
        ]
        assert "QUUXMARKER" not in html
        assert "Telephony contract" not in html
        assert "Telephony staffing" not in html
        assert "Part II</strong>" not in html
        for word in (EXEMPT_WORD, PART_TWO_WORD, "7f3a"):
            response = client.get("/search/", {"q": word})
            assert heading(response) == f"0 results for “{word}”"
            assert "<mark>" not in response.content.decode()
    client.force_login(User.objects.get(username="member"))
    caplog.set_level("INFO", logger="harrow_its.audit")
    response = client.get("/search/", {"q": "telephony"})
    logged = [r.getMessage() for r in caplog.records if r.name == "harrow_its.audit"]
    assert [m.split(" ip=")[0] for m in logged] == ["part-ii-read user=member"]
    assert logged[0].endswith(" search results path=/search/")
    html = response.content.decode()
    assert heading(response) == "3 results for “telephony”"
    assert sorted(context for _, _, context in results(response)) == [
        "Paragraph 1.1 of Telephony staffing, Overview and Scrutiny Committee, 24 January 2006",
        "Paragraph 2.1 of Harrow IT Services Update Report, Overview and Scrutiny Committee, 24 January 2006",
        "Paragraph 2.2 of Harrow IT Services Update Report, Overview and Scrutiny Committee, 24 January 2006",
    ]
    assert EXEMPT_WORD in html
    assert PART_TWO_WORD in html
    assert html.count("Part II</strong>") == 2
    assert "no-store" in response["Cache-Control"]
    response = client.get("/search/", {"q": EXEMPT_WORD})
    assert heading(response) == f"1 result for “{EXEMPT_WORD}”"


def test_a_member_never_finds_a_part_twice(exempt_search_world):
    """Of a report with a restricted version, a member finds its restricted entries
    only; of one without, its public ones."""
    january, part_two = exempt_search_world
    member = User.objects.get(username="member")
    found = search.visible_entries(member)
    assert set(found.filter(report=january).values_list("restricted", flat=True)) == {True}
    assert set(found.filter(report=part_two).values_list("restricted", flat=True)) == {True}
    november = Report.objects.get(meeting__date=date(2005, 11, 22), series=january.series)
    assert set(found.filter(report=november).values_list("restricted", flat=True)) == {False}
    public = search.visible_entries(User.objects.get(username="officer"))
    assert not public.filter(restricted=True).exists()
    assert not public.filter(report=part_two).exists()


def test_typed_text_in_results_is_escaped(exempt_search_world, client):
    """Paragraph 2.2's heading and text, with <, > and &, show as text: the snippet
    escaped with only its matching word marked, the heading escaped."""
    response = client.get("/search/", {"q": "telephony"})
    html = response.content.decode()
    assert "2 Key Programme Achievements: Tom &amp; Jerry &lt;b&gt;</a>" in html
    assert "Fish &amp; chips" in html
    assert "<mark>telephony</mark> team." in html
    assert "<script>alert" not in html
    assert "<b>" not in html


def test_a_correction_comes_before_what_it_corrects(november, client):
    """Once a correction of November is published, its parts rank above November's,
    which are marked corrected, as the report list marks them."""
    correction = services.correction_start(report=november, reason="A figure was wrong.")
    publishing.publish(
        report=correction, version=correction.version, by=User.objects.get(username="author")
    )
    response = client.get("/search/", {"q": "Storage Area Network"})
    html = response.content.decode()
    hrefs = re.findall(r'<h3[^>]*><a class="govuk-link" href="([^"]*)"', html)
    september = Report.objects.get(meeting__date=date(2005, 9, 13))
    assert hrefs == [
        f"/reports/{correction.pk}/#appendix-2",
        f"/reports/{september.pk}/#appendix-2",
        f"/reports/{correction.pk}/#paragraph-2.4",
        f"/reports/{november.pk}/#appendix-2",
        f"/reports/{november.pk}/#paragraph-2.4",
    ]
    assert html.count("A correction</strong>") == 2
    assert html.count("Corrected</strong>") == 2
    assert html.count("Corrected: see the correction") == 2


def _golden(name: str) -> bytes:
    return (GOLDEN / name).read_bytes()


@pytest.mark.django_db(transaction=True)
def test_the_migration_indexes_the_reports_already_published():
    """0015 indexes each report published before it, from each of its stored data
    files (public and restricted), and no draft."""
    from django.db.migrations.executor import MigrationExecutor

    call_command("migrate", "reports", "0014_notices", verbosity=0)
    old = MigrationExecutor(connection).loader.project_state(("reports", "0014_notices")).apps
    user = old.get_model("harrow_its", "User").objects.create(username="writer")
    committee = old.get_model("reports", "Committee").objects.create(name="O&S", slug="os")
    meeting = old.get_model("reports", "Meeting").objects.create(
        committee=committee, date=date(2005, 11, 22)
    )
    Report = old.get_model("reports", "Report")
    fields = {"meeting": meeting, "subject": "S", "cut_off": date(2005, 11, 8)}
    public = Report.objects.create(series="update", **fields)
    part_two = Report.objects.create(series="staffing", exempt=True, exempt_paragraph="1", **fields)
    draft = Report.objects.create(series="draft", **fields)
    at = datetime(2005, 11, 14, tzinfo=UTC)
    for report, restricted, name in (
        (public, False, "2005-11-22-harrow-it-services-update-public.json"),
        (part_two, True, "2005-11-22-hits-restructure-staffing-members.json"),
    ):
        publication = old.get_model("reports", "Publication").objects.create(
            report=report, published_at=at, published_by=user
        )
        content = _golden(name)
        old.get_model("reports", "PublishedFile").objects.create(
            publication=publication,
            kind="json",
            restricted=restricted,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
        )
        Report.objects.filter(pk=report.pk).update(state="published")

    call_command("migrate", verbosity=0)

    counted = {
        (report, restricted): count
        for report, restricted, count in [
            (r, x, SearchEntry.objects.filter(report=r, restricted=x).count())
            for r in (public.pk, part_two.pk, draft.pk)
            for x in (False, True)
        ]
    }
    assert counted == {
        (public.pk, False): 58,
        (public.pk, True): 0,
        (part_two.pk, False): 0,
        (part_two.pk, True): 7,
        (draft.pk, False): 0,
        (draft.pk, True): 0,
    }
    entry = SearchEntry.objects.get(report=public.pk, part="Paragraph 2.4")
    assert entry.url == f"/reports/{public.pk}/#paragraph-2.4"
    assert not entry.exempt
    assert set(SearchEntry.objects.filter(report=part_two.pk).values_list("exempt", flat=True)) == {
        True
    }
    # And they are found, as any published report's.
    assert SearchEntry.objects.filter(vector=search.query_of("Storage Area Network")).count() == 2
