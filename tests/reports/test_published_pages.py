"""
A published Part I report's page, as the public gets it: kept in each server's
memory (reports/middleware.py), the same bytes and headers as the view gives,
until a correction is published or its PDF lands; never for a signed-in reader.
"""

import hashlib
import re

import pgtrigger
import pytest
from django.test import Client

from harrow_its.models import User
from reports import middleware, publishing, services
from reports.models import PublishedFile, Report
from tests.helpers import login

pytestmark = pytest.mark.django_db

HEADERS = (
    "Content-Type",
    "Content-Length",
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Vary",
    "ETag",
    "Cache-Control",
)


def headers_of(response) -> dict[str, str | None]:
    found = {name: response.get(name) for name in HEADERS}
    if found["Content-Security-Policy"]:  # its directives, in any order
        found["Content-Security-Policy"] = dict(
            d.strip().split(" ", 1) for d in found["Content-Security-Policy"].split(";")
        )
    return found


def test_the_public_gets_a_published_page_from_memory(client, november, django_assert_num_queries):
    """After the first reader, one query (what the page shows beyond its record) and
    the same bytes and headers, with a strong ETag, public for a minute."""
    url = f"/reports/{november.pk}/"
    first = client.get(url)
    assert first.status_code == 200
    page = first.content.decode()
    assert "Download PDF" in page
    with django_assert_num_queries(1):
        again = client.get(url)
    assert again.content == first.content
    assert headers_of(again) == headers_of(first)
    assert headers_of(again) == {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Length": str(len(first.content)),
        "Content-Security-Policy": {
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
        },
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Vary": "Cookie",
        "ETag": f'"{hashlib.sha256(first.content).hexdigest()}"',
        "Cache-Control": "public, max-age=60",
    }
    assert "Set-Cookie" not in again
    # No nonce to go stale: the scripts are the portal's own files, which 'self' allows.
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts == [
        '<script src="/static/js/supported.js">',
        '<script type="module" src="/static/js/application.mjs">',
    ]
    with django_assert_num_queries(1):
        unchanged = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert unchanged.status_code == 304
    assert (unchanged["ETag"], unchanged["Vary"]) == (first["ETag"], "Cookie")


def test_the_page_kept_is_the_one_the_view_renders(client, november, settings):
    """Byte for byte what the view gives a reader without a session, but the nonce."""
    middleware = settings.MIDDLEWARE
    settings.MIDDLEWARE = [
        m for m in middleware if m != "reports.middleware.PublishedPageMiddleware"
    ]
    url = f"/reports/{november.pk}/"
    view = client.get(url)
    settings.MIDDLEWARE = middleware
    kept = Client().get(url)  # a new server, with the middleware
    assert re.sub(rb' nonce="[^"]+"', b"", view.content) == kept.content
    assert "Cache-Control" not in view


def test_a_signed_in_reader_gets_the_view_s_page(client, november, django_assert_num_queries):
    """Their page shows that they are signed in: never kept, never public."""
    client.get(f"/reports/{november.pk}/")  # kept for the public
    login(client, "member")
    response = client.get(f"/reports/{november.pk}/")
    page = response.content.decode()
    assert "Sign out" in page
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]
    assert page.count(f'nonce="{nonce}"') == 2
    assert "Cache-Control" not in response
    assert "ETag" not in response


def test_a_correction_published_is_seen_at_once(client, november):
    """The page kept before says nothing of it; the next reader is told."""
    url = f"/reports/{november.pk}/"
    assert "This report has been corrected." not in client.get(url).content.decode()
    correction = services.correction_start(report=november, reason="2.2 gave the wrong day.")
    assert "This report has been corrected." not in client.get(url).content.decode()  # a draft
    author = User.objects.get(username="author")
    publishing.publish(report=correction, version=correction.version, by=author)
    page = client.get(url).content.decode()
    assert "This report has been corrected." in page
    assert f'href="/reports/{correction.pk}/">Read the correction' in page


def test_a_pdf_landing_is_seen_at_once(client, november):
    """A report published before its PDF was made (as they were, once) is not kept
    while it has none; the next reader once it lands is offered it."""
    url = f"/reports/{november.pk}/"
    client.get(url)  # kept, with its PDF
    with pgtrigger.ignore():
        stored = PublishedFile.objects.get(publication=november.pk, kind="pdf")
        stored.delete()
    waiting = client.get(url)
    assert "Download PDF" not in waiting.content.decode()
    assert "Cache-Control" not in waiting
    with pgtrigger.ignore():
        stored.save()
    ready = client.get(url)
    assert "Download PDF" in ready.content.decode()
    assert ready["Cache-Control"] == "public, max-age=60"


def test_what_is_not_a_plain_public_page_goes_to_the_view(client, november):
    """A query string, a session or messages waiting, a draft, Part II: as before."""
    url = f"/reports/{november.pk}/"
    assert "Cache-Control" not in client.get(f"{url}?x=1")
    client.cookies["messages"] = "anything"
    assert "Cache-Control" not in client.get(url)
    del client.cookies["messages"]
    part_two = Report.objects.filter(exempt=True, state="published").first()
    assert client.get(f"/reports/{part_two.pk}/").status_code == 404
    assert client.get(url)["Cache-Control"] == "public, max-age=60"


def test_a_page_rechecked_once_a_while_asks_nothing_meanwhile(
    client, november, settings, django_assert_num_queries, monkeypatch
):
    """With PUBLISHED_PAGE_RECHECK_SECONDS, a kept page is served with no query until
    that time has passed; a correction published meanwhile is seen once it has."""
    settings.PUBLISHED_PAGE_RECHECK_SECONDS = 5
    now = [1000.0]
    monkeypatch.setattr(middleware.time, "monotonic", lambda: now[0])
    url = f"/reports/{november.pk}/"
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200
    author = User.objects.get(username="author")
    correction = services.correction_start(report=november, reason="2.2 gave the wrong day.")
    publishing.publish(report=correction, version=correction.version, by=author)
    now[0] += 4
    assert "Read the correction" not in client.get(url).content.decode()
    now[0] += 2
    assert (
        f'href="/reports/{correction.pk}/">Read the correction' in client.get(url).content.decode()
    )
