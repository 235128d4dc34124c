"""
The permission matrix: every route by every role by every method by each kind of object
(a published report, a Part II report, a draft; one's own department's work and
another's). Expected outcomes come from the design's table of who may do what,
written out below, not from the code: no unexpected success, and no database write
on GET or HEAD.
"""

import re
from collections import Counter
from datetime import date
from http.cookies import SimpleCookie
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from bvpi.models import Service
from harrow_its.models import Department, Role, User
from indicators.models import Indicator
from projects.models import Action, Project
from reports import jobs, services
from reports.models import ClearanceRequest, ClearanceRule, Rendering, Report
from tests.helpers import clear

pytestmark = pytest.mark.django_db

# Each role by a demo account of it: "finance" is a clearer, "democratic" Democratic Services.
ROLES = [
    "anonymous",
    "officer",
    "other_officer",
    "author",
    "member",
    "finance",
    "democratic",
    "admin",
]
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
STAFF = {"officer", "other_officer", "author", "admin"}  # officers, authors, administrators
AUTHORS = {"author", "admin"}
EXEMPT_READERS = {"author", "member", "democratic", "admin"}
DRAFT_READERS = STAFF
DEMOCRATIC_SERVICES = {"democratic", "admin"}
PACK_BUILDERS = AUTHORS | DEMOCRATIC_SERVICES
CLEARERS = {"finance", "admin"}


def route_names():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace != "admin":
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return sorted(set(walk(get_resolver().url_patterns)))


@pytest.fixture
def world(demo):
    people_first = Department.objects.get(slug="people-first")
    other = User.objects.create_user("other_officer", password="a-long-test-password")
    other.groups.add(Group.objects.get(name=Role.OFFICER))
    other.departments.add(people_first)
    november = Report.objects.get(series="harrow-it-services-update", meeting__date__month=11)
    draft = services.correction_start(report=november, reason="Matrix.")
    author = User.objects.get(username="author")
    jobs.pack_run(
        Rendering.objects.create(
            kind=Rendering.Kind.PACK,
            meeting=november.meeting,
            restricted=False,
            requested_by=author,
            requested_at=november.publication.published_at,
        ).pk
    )
    reports = {
        "published": november,
        "part_two": Report.objects.get(series="hits-restructure-staffing"),
        "draft": draft,
    }
    # A preview of the draft that failed, and the draft sent to be published.
    failed = jobs.preview(draft, "<p>Preview</p>", restricted=False, by=author)
    Rendering.objects.filter(pk=failed.pk).update(state="failed", stage="Failed: test")
    clear(draft)  # by Finance and Legal, the demo's clearers
    jobs.publishing_start(report=draft, version=draft.version, by=author)
    own, theirs = Project.objects.get(code="ICT-SAN"), Project.objects.get(code="BTP-HOST")
    model = Action.objects.first()  # the demo's actions are all Business Connections'
    Action.objects.create(
        area=model.area,
        reference="9.9",
        title="An action of People First",
        owner="Priya Shah",
        department=people_first,
        due_date=date(2006, 3, 31),
        added_on=date(2005, 1, 1),
    )
    return {
        "reports": reports,
        "own": own,
        "theirs": theirs,
        "meeting": november.meeting,
        "sent": ClearanceRequest.objects.get(report=draft),
        "finance": ClearanceRule.objects.get(clearer__username="finance"),
    }


def report_args(report):
    paragraph = report.sections.first().paragraphs.first()
    return {
        "pk": report.pk,
        "section_pk": report.sections.first().pk,
        "paragraph_pk": paragraph.pk,
        "name": "appendix-1-actions",
    }


def may_read(role, state) -> bool:
    return {
        "published": True,
        "part_two": role in EXEMPT_READERS,
        "draft": role in DRAFT_READERS,
    }[state]


def staff(role, allowed=True):
    """A page for officers, authors and administrators: the policy, then `allowed`."""
    if role == "anonymous":
        return "login"
    if role not in STAFF:
        return "forbidden"
    return "ok" if allowed else "forbidden"


def staff_reading(role, state, found=True):
    """A staff page about a report: the policy, then whether they may read it (and
    whether the page has it: `found`)."""
    if staff(role) != "ok":
        return staff(role)
    return "ok" if may_read(role, state) and found else "not_found"


def only(group):
    """A page for the roles in `group`: the policy, then `found` (whether the page has it)."""

    def expected(role, found=True):
        if role == "anonymous":
            return "login"
        if role not in group:
            return "forbidden"
        return "ok" if found else "not_found"

    return expected


authors = only(AUTHORS)
democratic_services = only(DEMOCRATIC_SERVICES)
pack_builders = only(PACK_BUILDERS)
clearers = only(CLEARERS)


def cases(world):
    """(route, variant, kwargs, expected(role) -> outcome, takes POSTs: False, True or
    "only") for every route."""
    reports, meeting = world["reports"], world["meeting"]
    item = meeting.agenda.get(number=5)  # the Harrow IT Services Update Report
    own, theirs = world["own"], world["theirs"]
    may_update = {  # may the role change this department's work?
        "own": {"officer", "author", "admin"},
        "theirs": {"other_officer", "author", "admin"},
    }
    projects = {"own": own, "theirs": theirs}
    actions = {
        "own": Action.objects.filter(department=own.department).first(),
        "theirs": Action.objects.filter(department=theirs.department).first(),
    }
    services_ = {
        side: Service.objects.filter(department=project.department).first()
        for side, project in projects.items()
    }
    out = [
        ("home", "", {}, lambda role: "ok", False),
        ("my_updates", "", {}, staff, False),
        # The header's colour as a stylesheet, the same for everyone; without a colour
        # in its address (base.html gives one) there is nothing to serve.
        ("site_css", "", {}, lambda role: "not_found", False),
        ("login", "", {}, lambda role: "ok", True),
        ("logout", "", {}, lambda role: "ok", "only"),
        # The second factor: for anyone signed in (members are sent on; staff are asked).
        ("verify", "", {}, lambda role: "login" if role == "anonymous" else "ok", True),
        ("set_up", "", {}, lambda role: "login" if role == "anonymous" else "ok", True),
        ("reports:index", "", {}, lambda role: "ok", False),
        # Search: anyone, each finding what they may read (tests/reports/test_search.py).
        ("search", "", {}, lambda role: "ok", False),
        # The public feeds: the same for everyone.
        ("feeds:reports", "", {}, lambda role: "ok", False),
        ("feeds:meetings", "", {}, lambda role: "ok", False),
        ("feeds:calendar", "", {}, lambda role: "ok", False),
        ("reports:meeting", "", {"pk": meeting.pk}, lambda role: "ok", False),
        ("reports:pack_progress", "", {"pk": meeting.pk}, lambda role: "ok", False),
        ("reports:pack_pdf", "part I", {"pk": meeting.pk, "part": "part-i"}, lambda role: "ok", False),
        ("reports:pack_pdf", "part II, not built", {"pk": meeting.pk, "part": "part-ii"},
         lambda role: "not_found", False),
        ("reports:build_packs", "", {"pk": meeting.pk}, pack_builders, "only"),
        # Democratic Services: committees, meetings, agendas and minutes.
        ("reports:committees", "", {}, democratic_services, False),
        ("reports:committee_add", "", {}, democratic_services, True),
        ("reports:meeting_add", "", {"slug": meeting.committee.slug}, democratic_services, True),
        ("reports:meeting_edit", "", {"pk": meeting.pk}, democratic_services, True),
        ("reports:agenda", "", {"pk": meeting.pk}, democratic_services, False),
        ("reports:agenda_item_add", "", {"pk": meeting.pk}, democratic_services, True),
        ("reports:agenda_item_edit", "", {"pk": meeting.pk, "item_pk": item.pk},
         democratic_services, True),
        ("reports:agenda_item_remove", "", {"pk": meeting.pk, "item_pk": item.pk},
         democratic_services, True),
        ("reports:minutes", "", {"pk": meeting.pk}, democratic_services, True),
        ("reports:minutes_publish", "", {"pk": meeting.pk}, democratic_services, True),
        ("reports:clearance_list", "", {}, clearers, False),
        # Only the rule's own clearer finds a draft sent to them (administrators too).
        ("reports:clearance_review", "",
         {"pk": world["sent"].pk, "rule_pk": world["finance"].pk},
         lambda role: clearers(role, found=role == "finance"), True),
        ("projects:index", "", {}, staff, False),
        ("projects:plan", "", {}, staff, False),
        ("indicators:index", "", {}, staff, False),
        ("indicators:results", "", {}, staff, True),
        ("indicators:results_import", "", {}, staff, True),
        ("indicators:results_export", "", {"file_format": "csv"}, staff, False),
        ("indicators:detail", "", {"code": Indicator.objects.first().code}, staff, False),
        ("bvpi:index", "", {}, staff, False),
        ("bvpi:remaining", "", {}, staff, False),
        ("bvpi:transfer", "", {}, staff, False),
        ("bvpi:import", "", {}, staff, True),
        ("bvpi:export", "", {"file_format": "csv"}, staff, False),
    ]  # fmt: skip
    for side, project in projects.items():
        update = project.updates.first()
        milestone = project.milestones.first()
        allowed = may_update[side]
        out += [
            ("projects:detail", side, {"code": project.code}, staff, False),
            ("projects:update_create", side, {"code": project.code},
             lambda role, a=allowed: staff(role, role in a), True),
            ("projects:update_correct", side, {"code": project.code, "pk": update.pk},
             lambda role, a=allowed: staff(role, role in a), True),
            ("projects:finance_create", side, {"code": project.code},
             lambda role, a=allowed: staff(role, role in a), True),
            ("projects:milestone_create", side, {"code": project.code},
             lambda role, a=allowed: staff(role, role in a), True),
            ("projects:milestone_revise", side, {"code": project.code, "pk": milestone.pk},
             lambda role, a=allowed: staff(role, role in a), True),
            ("projects:action_detail", side, {"pk": actions[side].pk}, staff, False),
            ("projects:action_update_create", side, {"pk": actions[side].pk},
             lambda role, a=allowed: staff(role, role in a), True),
            ("bvpi:department", side, {"slug": project.department.slug}, staff, False),
            ("bvpi:cell", side,
             {"slug": project.department.slug, "service_pk": services_[side].pk, "number": 8},
             lambda role, a=allowed: staff(role, role in a), True),
        ]  # fmt: skip
    # The draft's PDFs being made (before pdf_make below, which deletes the finished).
    draft = reports["draft"]
    preview = draft.renderings.get(kind="preview")  # it failed: it may be tried again
    publishing = draft.renderings.get(kind="publish")  # it carries Part II: exempt readers'

    def publishing_retry(role):
        # Officers cannot read what it carries: it is not found for them.
        return staff(role) if staff(role) != "ok" else "ok" if role in AUTHORS else "not_found"

    out += [
        ("reports:rendering_progress", "preview", {"pk": draft.pk, "rendering_pk": preview.pk},
         lambda role: "ok" if may_read(role, "draft") else "not_found", False),
        ("reports:rendering_progress", "publishing",
         {"pk": draft.pk, "rendering_pk": publishing.pk},
         lambda role: "ok" if role in AUTHORS else "not_found", False),
        ("reports:rendering_retry", "preview", {"pk": draft.pk, "rendering_pk": preview.pk},
         lambda role: staff_reading(role, "draft"), "only"),
        ("reports:rendering_retry", "publishing", {"pk": draft.pk, "rendering_pk": publishing.pk},
         publishing_retry, "only"),
    ]  # fmt: skip
    for state, report in reports.items():
        args = report_args(report)
        pk = {"pk": report.pk}
        draft = state == "draft"
        part_one_published = state == "published"

        def reading(role, s=state):
            return "ok" if may_read(role, s) else "not_found"

        out += [
            ("reports:detail", state, pk, reading, False),
            ("reports:pdf", state, pk, reading, False),
            # Making a PDF: of a draft only, by those who may read it (after the above: it
            # deletes the draft's finished previews).
            ("reports:pdf_make", state, pk,
             lambda role, s=state, d=draft: staff_reading(role, s, found=d), "only"),
            ("reports:data", state, pk, reading, False),
            # Open data: published Part I reports only; nothing of drafts or Part II.
            ("reports:open_data", state, {"pk": report.pk, "name": args["name"]},
             lambda role, o=part_one_published: "ok" if o else "not_found", False),
            ("reports:compose", state, pk, lambda role, d=draft: authors(role, d), False),
            ("reports:details", state, pk, lambda role, d=draft: authors(role, d), True),
            ("reports:section_add", state, pk, lambda role, d=draft: authors(role, d), True),
            ("reports:section", state, {"pk": report.pk, "section_pk": args["section_pk"]},
             lambda role, d=draft: authors(role, d), True),
            ("reports:paragraph_add", state, pk, lambda role, d=draft: authors(role, d), True),
            ("reports:paragraph", state, {"pk": report.pk, "paragraph_pk": args["paragraph_pk"]},
             lambda role, d=draft: authors(role, d), True),
            ("reports:paragraph_remove", state,
             {"pk": report.pk, "paragraph_pk": args["paragraph_pk"]},
             lambda role, d=draft: authors(role, d), True),
            ("reports:readiness", state, pk, lambda role, d=draft: authors(role, d), True),
            ("reports:clearance_send", state, pk, lambda role, d=draft: authors(role, d), True),
            ("reports:publish", state, pk, lambda role, d=draft: authors(role, d), True),
            # Sent to be published: the draft is (the demo published the others itself).
            ("reports:publishing", state, pk, lambda role, d=draft: authors(role, d), False),
            ("reports:correct", state, pk, lambda role, d=draft: authors(role, not d), True),
            ("reports:next", state, pk, authors, True),
        ]  # fmt: skip
    return out


def outcome(response) -> str:
    if response.status_code == 302 and response["Location"].split("?")[0] == "/sign-in/":
        return "login"
    if response.status_code < 400:
        return "ok"
    return {403: "forbidden", 404: "not_found", 405: "method"}.get(
        response.status_code, str(response.status_code)
    )


def writes_of(queries) -> list[str]:
    """The tables written to, but the session's (saved on every request: the idle timeout)."""
    tables = []
    for query in queries:
        match = re.match(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"(\w+)"', query["sql"], re.I)
        if match and match[2] != "django_session":
            tables.append(match[2])
    return tables


def signed_in_sessions(client, users) -> dict[str, dict]:
    """What each role's session holds once signed in (`client.force_login`: its second
    factor given), to start each request of the matrix from."""
    sessions = {}
    for role, user in users.items():
        client.force_login(user)
        sessions[role] = dict(client.session.items())
        client.logout()
    return sessions


def start_session(client, data):
    """A new session holding `data` (None: signed out), as if just signed in: no request
    sees what another did to its session, as with signing out and in before each, but
    without the sign-in's own queries, 3,600 times."""
    client.cookies = SimpleCookie()  # as signing out leaves them: none
    if data is not None:
        session = import_module(settings.SESSION_ENGINE).SessionStore()
        session.update(data)
        session.save()
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key


def test_the_permission_matrix(client, world):
    table = cases(world)
    assert {route for route, *_ in table} == set(route_names())  # every route, no more
    users = {u.username: u for u in User.objects.filter(username__in=ROLES)}
    users["admin"] = User.objects.get(username="admin")
    sessions = signed_in_sessions(client, users)
    assert set(sessions) == set(ROLES) - {"anonymous"}
    unexpected, writes_on_reads, tally = [], [], Counter()
    for route, variant, kwargs, expected_for, takes_posts in table:
        url = reverse(route, kwargs=kwargs)
        for role in ROLES:
            for method in METHODS:
                start_session(client, sessions.get(role))
                reads = takes_posts != "only"  # "only": a view that takes POSTs and nothing else
                if (method in ("GET", "HEAD") and reads) or (method == "POST" and takes_posts):
                    expected = expected_for(role)
                else:
                    expected = "method"
                reset_queries()  # the log keeps 9,000 queries: start each request afresh
                with CaptureQueriesContext(connection) as queries:
                    response = client.generic(method, url)
                actual = outcome(response)
                tally[actual] += 1
                if actual != expected:
                    unexpected.append(f"{method} {url} ({route} {variant}) as {role}: "
                                      f"{actual}, expected {expected}")  # fmt: skip
                if method in ("GET", "HEAD") and writes_of(queries.captured_queries):
                    writes_on_reads.append(
                        f"{method} {url} as {role}: {writes_of(queries.captured_queries)}"
                    )
    print(f"\n{sum(tally.values())} requests over {len(table)} routes and objects: {dict(tally)}")
    assert unexpected == [], "\n".join(unexpected)
    assert writes_on_reads == []
