"""
Search: the published reports (their summaries, paragraphs and appendices' rows),
and, for staff, the capital projects, improvement-plan actions and performance
indicators, with PostgreSQL's full-text search in its English configuration.

Published reports are indexed when they are published, from the very data stored
with the publication (`index_publication`, inside publishing's transaction), one
`SearchEntry` per part: a draft is never indexed, and a published report never
changes, so neither do its entries. A report with a restricted version has the
entries of each version: the public ones of a Part I report for everyone, the
restricted ones (with the exempt parts) for the people who may read Part II, each
reader one version of a report only (`visible_entries`). The projects, actions and
indicators are live tables, searched as they stand (their names and descriptions).

A query is read as a web search engine reads one (`websearch_to_tsquery`: words,
"a phrase", or, -not), so no text can make it fail. Results are ranked by
`ts_rank`, a corrected report's below its correction (`CORRECTED_WEIGHT`), and
shown with a snippet whose matching words are marked: PostgreSQL marks them with
sentinels, the snippet is escaped, and only then are the sentinels made <mark>s,
so nothing anyone typed is ever taken as HTML (`highlighted`).
"""

import json
from dataclasses import dataclass, replace
from html.parser import HTMLParser

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db.models import Case, Exists, F, FloatField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Length
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from harrow_its.access import PART_TWO_READERS, STAFF, reports_readable_by
from indicators.models import Indicator
from projects.models import Action, Project
from reports.models import Appendix, PublishedFile, Report, SearchEntry

CONFIG = "english"
MAX_QUERY = 200  # characters: longer is refused, with a message, before any query runs
# A corrected report's parts rank below its correction's: a correction says the same,
# put right, and is what a reader should find first.
CORRECTED_WEIGHT = 0.5

# PostgreSQL marks the matching words with these; private-use characters nobody types.
START, STOP = "\ue000", "\ue001"
MARKS = {"start_sel": START, "stop_sel": STOP}
# A text this short (in characters) is shown whole; a longer one by the stretch of
# about 20 to 40 words that matches best.
SHORT_TEXT = 320
HEADLINE = {"max_words": 40, "min_words": 20}


# Indexing: the parts of a published report's stored data.


@dataclass(frozen=True)
class Part:
    """A part of a report as the search finds it: its label, title, plain text, the
    anchor of the report's page it is at, and whether it is Part II itself."""

    part: str
    title: str
    text: str
    anchor: str
    exempt: bool


class _Text(HTMLParser):
    """The words of a paragraph's (clean) HTML, entities decoded, a space at each tag."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces = []

    def handle_starttag(self, tag, attrs):
        self.pieces.append(" ")

    def handle_endtag(self, tag):
        self.pieces.append(" ")

    def handle_data(self, data):
        self.pieces.append(data)


def plain_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return _words(*parser.pieces)


def _words(*pieces) -> str:
    """The pieces (None and empty ones left out) as one line of text."""
    return " ".join(" ".join(str(p) for p in pieces if p not in (None, "")).split())


def _actions(appendix, label):
    for area in appendix["content"]["areas"]:
        for action in area["actions"]:
            yield Part(
                part=f"{label}: action {action['reference']}",
                title=action["title"],
                text=_words(
                    action["title"] + ".",
                    f"{area['name']}.",
                    f"Owner: {action['owner']}.",
                    f"Status: {action['status']}.",
                    action["note"],
                ),
                anchor=appendix["anchor"],
                exempt=False,
            )


def _projects(appendix, label):
    for project in appendix["content"]["projects"]:
        yield Part(
            part=f"{label}: {project['code']}",
            title=project["name"],
            text=_words(
                project["code"],
                project["name"] + ".",
                project["programme"] + ".",
                project["department"] + ".",
                f"Manager: {project['manager']}.",
                project["phase"],
                project["progress"],
                project["achievements"],
                project["next_steps"],
                project["commentary"],
                project["rag_reason"],
                *(f"Milestone: {m['name']}." for m in project["milestones"]),
            ),
            anchor=appendix["anchor"],
            exempt=False,
        )


def _indicators(appendix, label):
    for indicator in appendix["content"]["indicators"]:
        yield Part(
            part=f"{label}: {indicator['code']}",
            title=indicator["title"],
            text=_words(
                indicator["code"],
                indicator["title"] + ".",
                indicator["source"] + ".",
                f"{indicator['period']}: {indicator['result'] or 'no result'},",
                f"target {indicator['target'] or 'none'}.",
                indicator["reason"],
                indicator["commentary"],
            ),
            anchor=appendix["anchor"],
            exempt=False,
        )


def _bvpi(appendix, label):
    content = appendix["content"]

    def score(s):
        return f"{s['percent']}% ({s['enabled']} of {s['permissible']})"

    yield Part(
        part=f"{label}: scores",
        title="BVPI 157 scores",
        text=_words(
            f"BVPI 157 council score {score(content['council'])}.",
            *(f"{name} {score(s)}." for name, s in content["departments"]),
        ),
        anchor=appendix["anchor"],
        exempt=False,
    )
    for number, interaction, services in content["remaining"]:
        yield Part(
            part=f"{label}: still to e-enable, type {number}",
            title=f"Still to e-enable: {interaction}",
            text=_words(f"{interaction}:", "; ".join(services) + "."),
            anchor=appendix["anchor"],
            exempt=False,
        )


# The rows each kind of appendix is found by. The changes since the last committee
# are left out: they repeat the other appendices' rows.
ROWS = {
    Appendix.Kind.IMPROVEMENT_PLAN: _actions,
    Appendix.Kind.CAPITAL_PROJECTS: _projects,
    Appendix.Kind.PERFORMANCE_INDICATORS: _indicators,
    Appendix.Kind.BVPI_157: _bvpi,
}


def parts_of(data: dict) -> list[Part]:
    """The parts of a report's stored data (reports/assembly.py, `as_json`), in order:
    Section 1's summary items, Section 2's paragraphs, and the appendices' rows. An
    exempt part taken out of a public version (empty, or `null`) has none; in a Part
    II report every part is Part II."""
    part_two = data["part"] == "Part II"
    parts = [
        Part("Summary", item["heading"], item["text"], "section-1-summary", part_two)
        for item in data["summary"]
        if item["text"]
    ]
    for section in data["sections"]:
        for order, paragraph in enumerate(section["paragraphs"], start=1):
            text = plain_text(paragraph["html"])
            if not text:  # an exempt paragraph, in the public version
                continue
            title = f"{section['number']} {section['title']}"
            parts.append(
                Part(
                    part=f"Paragraph {paragraph['number']}"
                    if paragraph["number"]
                    else f"Section {section['number']}, paragraph {order}",
                    title=f"{title}: {paragraph['heading']}" if paragraph["heading"] else title,
                    text=text,
                    anchor=paragraph["anchor"],
                    exempt=part_two or paragraph["exempt"],
                )
            )
    for appendix in data["appendices"]:
        rows = ROWS.get(appendix["kind"])
        if appendix["content"] is None or rows is None:  # exempt, in the public version
            continue
        for part in rows(appendix, f"Appendix {appendix['number']}"):
            parts.append(replace(part, exempt=part_two or appendix["exempt"]))
    return parts


def entries_of(report_id: int, data: dict, *, restricted: bool, entry=SearchEntry) -> list:
    """The search entries of one stored version of a report (unsaved). `entry` is the
    model to make them of: a migration passes its own."""
    page = reverse("reports:detail", args=[report_id])
    return [
        entry(
            report_id=report_id,
            restricted=restricted,
            exempt=part.exempt,
            position=position,
            part=part.part,
            title=part.title,
            text=part.text,
            url=f"{page}#{part.anchor}",
        )
        for position, part in enumerate(parts_of(data), start=1)
    ]


def index_publication(report_id: int, files) -> list[SearchEntry]:
    """Index a report as it is being published, from its data `files` (each version's
    stored JSON): in publishing's transaction, while the report is still a draft."""
    entries = []
    for file in files:
        if file.kind == PublishedFile.Kind.DATA:
            data = json.loads(bytes(file.content))
            entries += entries_of(report_id, data, restricted=file.restricted)
    return SearchEntry.objects.bulk_create(entries)


# Searching.


def query_of(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config=CONFIG)


def visible_entries(user) -> QuerySet[SearchEntry]:
    """The entries `user` may find: of the published reports they may read; for the
    public and anyone else who may not read Part II, the public entries of Part I
    reports only; for those who may, the restricted entries of a report that has a
    restricted version and the public ones of a report that has none, so that no part
    is found twice."""
    readable = Report.objects.filter(reports_readable_by(user), state=Report.State.PUBLISHED)
    entries = SearchEntry.objects.filter(report__in=readable)
    if not PART_TWO_READERS.allows(user):
        return entries.filter(restricted=False, report__exempt=False)
    has_restricted = PublishedFile.objects.filter(
        publication=OuterRef("report_id"), kind=PublishedFile.Kind.DATA, restricted=True
    )
    return entries.filter(Q(restricted=True) | ~Exists(has_restricted))


def _corrected():
    return Exists(
        Report.objects.filter(supersedes=OuterRef("report_id"), state=Report.State.PUBLISHED)
    )


# The live tables staff search: each kind's fields, by weight (A, B, C), and the
# field its snippet is taken from.
LIVE = {
    "project": (
        Project,
        (("code", "name"), ("description",), ("manager", "programme__name", "department__name")),
        "description",
    ),
    "action": (
        Action,
        (("reference", "title"), ("description",), ("owner", "area__name")),
        "description",
    ),
    "indicator": (
        Indicator,
        (("code", "title"), ("definition",), ("owner", "department__name")),
        "definition",
    ),
}
KINDS = {
    "report": "Report",
    "project": "Capital project",
    "action": "Improvement plan action",
    "indicator": "Performance indicator",
}


def _vector(weighted) -> SearchVector:
    vectors = [
        SearchVector(*names, weight=weight, config=CONFIG)
        for weight, names in zip("ABC", weighted, strict=False)
    ]
    combined = vectors[0]
    for vector in vectors[1:]:
        combined = combined + vector
    return combined


def _live(kind: str, query: SearchQuery) -> QuerySet:
    model, weighted, _ = LIVE[kind]
    return (
        model.objects.annotate(found=_vector(weighted))
        .filter(found=query)
        .annotate(score=SearchRank(F("found"), query))
    )


@dataclass(frozen=True)
class Hit:
    """One thing found: its kind ("report" for a report's entry), key and score."""

    kind: str
    pk: int
    score: float


def search(*, user, text: str) -> list[Hit]:
    """Everything `user` may find for `text` (a web-search-style query), best first:
    the published report entries they may read; for staff, the projects, actions and
    indicators too."""
    query = query_of(text)
    entries = (
        visible_entries(user)
        .filter(vector=query)
        .annotate(
            score=SearchRank(F("vector"), query)
            * Case(
                When(_corrected(), then=Value(CORRECTED_WEIGHT)),
                default=Value(1.0),
                output_field=FloatField(),
            )
        )
    )
    found = {"report": entries.values_list("pk", "score")}
    if STAFF.allows(user):
        for kind in LIVE:
            found[kind] = _live(kind, query).values_list("pk", "score")
    hits = [Hit(kind, pk, score) for kind, rows in found.items() for pk, score in rows]
    kinds = list(KINDS)
    # Equal scores: by kind, then the newest first (a later report, a newer record).
    return sorted(hits, key=lambda hit: (-hit.score, kinds.index(hit.kind), -hit.pk))


@dataclass(frozen=True)
class Result:
    kind: str  # "Report", "Capital project" ...
    title: str
    url: str
    snippet: SafeString
    context: str  # where it is: "Paragraph 2.3 of ..." or the project's programme
    part_two: bool = False  # Part II content, for those who may read it
    correction: bool = False  # of a report that corrects an earlier one
    corrected: bool = False  # of a report a published correction has superseded


def highlighted(headline: str) -> SafeString:
    """A snippet from PostgreSQL's headline, escaped, with its marked words as <mark>s."""
    # Escaped first; the only markup is our own <mark> tags.
    return mark_safe(  # noqa: S308  # nosec B308 B703
        escape(headline).replace(START, "<mark>").replace(STOP, "</mark>")
    )


def _headline(field: str, query) -> Case:
    """The snippet of `field`: all of a short text, else the stretch that matches best."""
    return Case(
        When(
            **{f"{field}_length__lte": SHORT_TEXT},
            then=SearchHeadline(field, query, config=CONFIG, highlight_all=True, **MARKS),
        ),
        default=SearchHeadline(field, query, config=CONFIG, **MARKS, **HEADLINE),
    )


def results_of(hits: list[Hit], text: str) -> list[Result]:
    """The results for `hits` (a page of them), in their order, with their snippets."""
    query = query_of(text)
    keys = {kind: [hit.pk for hit in hits if hit.kind == kind] for kind in KINDS}
    made = {}
    if keys["report"]:
        entries = (
            SearchEntry.objects.filter(pk__in=keys["report"])
            .select_related("report__meeting__committee")
            .annotate(text_length=Length("text"))
            .annotate(snippet=_headline("text", query), corrected=_corrected())
        )
        for entry in entries:
            report = entry.report
            made["report", entry.pk] = Result(
                kind=KINDS["report"],
                title=entry.title,
                url=entry.url,
                snippet=highlighted(entry.snippet),
                context=(
                    f"{entry.part} of {report.subject}, {report.meeting.committee}, "
                    f"{report.meeting.date:%-d %B %Y}"
                ),
                part_two=entry.exempt,
                correction=report.supersedes_id is not None,
                corrected=entry.corrected,
            )
    for kind, (model, _, snippet_field) in LIVE.items():
        if not keys[kind]:
            continue
        rows = (
            model.objects.filter(pk__in=keys[kind])
            .select_related(*_related(kind))
            .annotate(**{f"{snippet_field}_length": Length(snippet_field)})
            .annotate(snippet=_headline(snippet_field, query))
        )
        for row in rows:
            made[kind, row.pk] = Result(
                kind=KINDS[kind],
                title=_title(kind, row),
                url=row.get_absolute_url(),
                snippet=highlighted(row.snippet),
                context=_context(kind, row),
            )
    return [made[hit.kind, hit.pk] for hit in hits if (hit.kind, hit.pk) in made]


def _related(kind: str) -> tuple[str, ...]:
    return {
        "project": ("programme", "department"),
        "action": ("area", "department"),
        "indicator": ("department",),
    }[kind]


def _title(kind: str, row) -> str:
    if kind == "action":
        return f"{row.reference} {row.title}"
    return f"{row.code}: {row.name if kind == 'project' else row.title}"


def _context(kind: str, row) -> str:
    if kind == "project":
        return f"{row.programme}, {row.department}"
    if kind == "action":
        return f"Improvement plan area: {row.area.name}; owner {row.owner}"
    return f"{row.get_source_display()}, {row.department}"
