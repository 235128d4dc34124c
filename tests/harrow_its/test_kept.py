"""
Published Part I pages and files answered in front of Django (harrow_its/kept.py):
the response the middleware marked, as it left Django, for the same plain anonymous
request, for PUBLISHED_PAGE_RECHECK_SECONDS; nothing else, and the marker never
leaves.
"""

import io
from dataclasses import dataclass, field
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from harrow_its import kept
from harrow_its.models import User
from reports import services
from reports.models import Report
from tests.http import signed_in
from tests.security.test_part_two import MARK, exempt_world  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

SECONDS = 5


@dataclass
class Answer:
    status: str
    headers: list[tuple[str, str]]
    body: bytes


@dataclass
class Portal:
    """The WSGI application as gunicorn runs it, and the requests that reached
    Django behind the wrapper."""

    application: kept.KeptResponses
    to_django: list[str] = field(default_factory=list)

    def call(self, path, method="GET", query="", **headers) -> Answer:
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "HTTP_HOST": "testserver",
            "wsgi.input": io.BytesIO(),
            **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
        }
        setup_testing_defaults(environ)
        started = []
        body = self.application(
            environ, lambda status, headers, exc_info=None: started.append((status, headers))
        )
        content = b"".join(body)
        if hasattr(body, "close"):
            body.close()
        ((status, sent),) = started
        return Answer(status, sent, content)


def open_portal() -> Portal:
    """A new server process's application, with the settings as they are now."""
    django = get_wsgi_application()
    portal = Portal(None)

    def counted(environ, start_response):
        portal.to_django.append(environ["PATH_INFO"])
        return django(environ, start_response)

    portal.application = kept.KeptResponses(counted)
    return portal


@pytest.fixture
def portal(settings):
    """The application, with pages kept SECONDS seconds. Django's request signals do
    not close the test's connection (as in django.test.Client)."""
    settings.PUBLISHED_PAGE_RECHECK_SECONDS = SECONDS
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield open_portal()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def clock(monkeypatch):
    """time.monotonic, moved on by hand."""
    now = [1000.0]
    monkeypatch.setattr(kept.time, "monotonic", lambda: now[0])
    return now


def no_marker(answer: Answer) -> bool:
    return all(name.lower() != "x-portal-keep" for name, _ in answer.headers)


def test_the_second_anonymous_reader_gets_the_page_from_memory(portal, november):
    """No query, the same bytes and the same headers, security headers and policy
    included, as Django gave the first."""
    url = f"/reports/{november.pk}/"
    first = portal.call(url)
    assert first.status == "200 OK"
    assert "Download PDF" in first.body.decode()
    with CaptureQueriesContext(connection) as queries:
        again = portal.call(url)
    assert len(queries) == 0
    assert portal.to_django == [url]
    assert again == first
    assert no_marker(first)
    headers = dict(first.headers)
    assert len(headers) == len(first.headers)
    policy = headers["Content-Security-Policy"]
    assert dict(d.strip().split(" ", 1) for d in policy.split(";")) == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    assert {name: headers[name] for name in headers if name != "Content-Security-Policy"} == {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Length": str(len(first.body)),
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Vary": "Cookie",
        "ETag": headers["ETag"],
        "Cache-Control": "public, max-age=60",
    }


def test_the_published_pdf_and_a_head_request_from_memory(portal, november):
    """The PDF likewise; HEAD gets the same headers and no body."""
    url = f"/reports/{november.pk}/pdf/"
    first = portal.call(url)
    assert (first.status, dict(first.headers)["Content-Type"]) == ("200 OK", "application/pdf")
    with CaptureQueriesContext(connection) as queries:
        again = portal.call(url)
        head = portal.call(url, method="HEAD")
    assert len(queries) == 0
    assert portal.to_django == [url]
    assert again == first
    assert head == Answer(first.status, first.headers, b"")
    assert no_marker(first)


def test_a_reader_with_the_etag_is_told_not_modified(portal, november):
    """304, with the headers but those of the body, and no body."""
    url = f"/reports/{november.pk}/"
    first = portal.call(url)
    etag = dict(first.headers)["ETag"]
    unchanged = portal.call(url, if_none_match=etag)
    assert unchanged == Answer(
        "304 Not Modified",
        [(n, v) for n, v in first.headers if n not in ("Content-Type", "Content-Length")],
        b"",
    )
    assert portal.call(url, if_none_match='"another"') == first
    assert portal.to_django == [url]


def test_after_the_recheck_time_the_page_comes_from_django_again(portal, november, clock):
    """Within PUBLISHED_PAGE_RECHECK_SECONDS of Django producing it, from memory; then
    through Django, which asks again whether it is still the page, and keeps it afresh."""
    url = f"/reports/{november.pk}/"
    first = portal.call(url)
    clock[0] += SECONDS - 0.1
    assert portal.call(url) == first
    assert portal.to_django == [url]
    clock[0] += 0.1
    with CaptureQueriesContext(connection) as queries:
        assert portal.call(url) == first
    assert len(queries) == 1  # the page's version (reports/middleware.page_version)
    assert portal.to_django == [url, url]
    with CaptureQueriesContext(connection) as queries:
        assert portal.call(url) == first
    assert len(queries) == 0


def test_what_is_not_a_plain_public_request_always_goes_to_django(portal, november):
    """A session, messages waiting, a query string, a POST; a Part II report, a draft."""
    url = f"/reports/{november.pk}/"
    session = signed_in(User.objects.get(username="member"))
    part_two = Report.objects.filter(exempt=True, state="published").first()
    draft = services.correction_start(report=november, reason="2.2 gave the wrong day.")
    asked = [
        (url, {"cookie": f"sessionid={session}"}),
        (url, {"cookie": "messages=anything"}),
        (url, {"query": "x=1"}),
        (url, {"method": "POST"}),
        (f"/reports/{part_two.pk}/", {}),
        (f"/reports/{draft.pk}/", {}),
    ]
    portal.call(url)  # kept for the public
    for path, how in asked:
        for _ in range(2):
            answer = portal.call(path, **how)
            assert no_marker(answer)
            assert "Cache-Control" not in dict(answer.headers)
    assert portal.to_django == [url] + [path for path, _ in asked for _ in range(2)]
    signed_in_page = portal.call(url, cookie=f"sessionid={session}").body.decode()
    assert "Sign out" in signed_in_page
    assert "Sign out" not in portal.call(url).body.decode()


def test_with_no_recheck_time_everything_goes_to_django(portal, november, settings):
    """PUBLISHED_PAGE_RECHECK_SECONDS = 0 (the tests' setting): as before the wrapper,
    but that the marker is taken off."""
    settings.PUBLISHED_PAGE_RECHECK_SECONDS = 0
    portal = open_portal()
    urls = [f"/reports/{november.pk}/", f"/reports/{november.pk}/pdf/"]
    for url in urls:
        first = portal.call(url)
        assert first.status == "200 OK"
        assert no_marker(first)
        assert portal.call(url) == first
    assert portal.to_django == [urls[0], urls[0], urls[1], urls[1]]
    assert portal.application.responses.values == {}


def test_what_is_kept_in_front_of_django_never_holds_part_two(portal, exempt_world):  # noqa: F811
    """Every report's page, PDF and data, asked for twice by the public: the published
    Part I ones are kept, with no Part II marker; nothing of a report with a version
    for members."""
    november, january = exempt_world
    for pk in Report.objects.values_list("pk", flat=True):
        for tail in ("", "pdf/", "data.json"):
            for _ in range(2):
                assert no_marker(portal.call(f"/reports/{pk}/{tail}"))
    kept_here = portal.application.responses.values
    paths = {key[-1] for key in kept_here}
    assert paths >= {f"/reports/{november.pk}/", f"/reports/{november.pk}/pdf/"}
    assert not any(path.startswith(f"/reports/{january.pk}/") for path in paths)
    assert [
        key for key, (response, _) in kept_here.items() if MARK.encode() in response.content
    ] == []
