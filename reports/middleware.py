"""
Published Part I files, served like static files.

A published report never changes, and a Part I report is public: when its PDF (or
its data) has no restricted version, the file is the same bytes for every reader,
for good. So they are served here, before sessions, authentication and the rest
are consulted, from a small cache in each server process, with their SHA-256 as
ETag. Everything else (a draft, Part II, a report with a restricted version for
members, a PDF still being made) goes on to the view in reports/views/reading.py,
which serves the same stored bytes the long way.

A published Part I report's page is the same for every anonymous reader until a
correction of it is published or its PDF lands: PublishedPageMiddleware keeps it,
as the view rendered it, for readers who carry no session.

Both mark what they serve in this way with KEEP_HEADER, for harrow_its/kept.py in
front of Django, which may then answer the same request itself for a while, and
which takes the header off before the response leaves the process.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control

from reports.models import PublishedFile, Report

# Only these two middlewares set it, on what they serve to anyone from memory.
KEEP_HEADER = "X-Portal-Keep"

KINDS = {
    "reports:pdf": (PublishedFile.Kind.PDF, "application/pdf", "pdf"),
    "reports:data": (PublishedFile.Kind.DATA, "application/json", "json"),
}


@dataclass(frozen=True)
class PublicFile:
    content: bytes
    etag: str
    content_type: str
    filename: str


class WithinBudget:
    """Values kept in memory, most recently used last, within a byte budget: the
    least recently used go first. Safe to share between a process's threads."""

    def __init__(self, budget: int):
        self.budget, self.size = budget, 0
        self.values: OrderedDict[object, tuple[object, int]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            if (found := self.values.get(key)) is not None:
                self.values.move_to_end(key)
                return found[0]
        return None

    def put(self, key, value, size: int) -> None:
        if size > self.budget:
            return
        with self.lock:
            if (old := self.values.pop(key, None)) is not None:
                self.size -= old[1]
            self.values[key] = (value, size)
            self.size += size
            while self.size > self.budget:
                self.size -= self.values.popitem(last=False)[1][1]


class PublicFiles:
    """The public files served so far, within a byte budget."""

    def __init__(self, budget: int):
        self.files = WithinBudget(budget)

    def get(self, pk: int, route: str) -> PublicFile | None:
        if (found := self.files.get((pk, route))) is not None:
            return found
        found = self.load(pk, route)
        if found is not None:
            self.files.put((pk, route), found, len(found.content))
        return found

    @staticmethod
    def load(pk: int, route: str) -> PublicFile | None:
        """The one file of its kind of a published Part I report, if there is no
        restricted one: in one query."""
        kind, content_type, extension = KINDS[route]
        files = list(
            PublishedFile.objects.filter(
                publication=pk,
                kind=kind,
                publication__report__state=Report.State.PUBLISHED,
                publication__report__exempt=False,
            ).values_list(
                "restricted",
                "content",
                "sha256",
                "publication__report__meeting__date",
                "publication__report__series",
            )[:2]
        )
        if len(files) != 1 or files[0][0]:
            return None
        _, content, sha256, meeting_date, series = files[0]
        return PublicFile(
            bytes(content),
            f'"{sha256}"',
            content_type,
            f"{meeting_date:%Y-%m-%d}-{series}.{extension}",
        )


class PublishedFileMiddleware:
    """Serve published Part I files that have no restricted version, as above."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.files = PublicFiles(settings.PUBLISHED_FILE_CACHE_BYTES)

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                match = None
            if match is not None and match.view_name in KINDS:
                found = self.files.get(match.kwargs["pk"], match.view_name)
                if found is not None:
                    return self.serve(request, found)
        return self.get_response(request)

    @staticmethod
    def serve(request, file: PublicFile) -> HttpResponse:
        if request.headers.get("If-None-Match") == file.etag:
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(file.content, content_type=file.content_type)
            response["Content-Length"] = str(len(file.content))
            response["Content-Disposition"] = f'inline; filename="{file.filename}"'
        response["ETag"] = file.etag
        patch_cache_control(response, public=True, max_age=3600)
        response[KEEP_HEADER] = "1"
        return response


@dataclass(frozen=True)
class PublicPage:
    content: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str
    stored_at: float


# Written out, as it is asked on every request for a kept page: building the same
# query with the ORM took several times longer than PostgreSQL takes to answer it.
PAGE_VERSION = """
SELECT (
    SELECT correction.id FROM reports_report correction
    WHERE correction.supersedes_id = report.id AND correction.state = %(published)s LIMIT 1
)
FROM reports_report report
WHERE report.id = %(pk)s AND report.state = %(published)s AND NOT report.exempt
AND EXISTS (
    SELECT FROM reports_publishedfile file
    WHERE file.publication_id = report.id AND file.kind = %(pdf)s
)
AND NOT EXISTS (
    SELECT FROM reports_publishedfile file
    WHERE file.publication_id = report.id AND file.restricted
)
"""


def page_version(pk: int) -> tuple | None:
    """What a published report's page shows to the public beyond its stored record,
    in one query: which published correction supersedes it, if any. None when its
    page is not the same for every anonymous reader for a while: not a published
    Part I report, it has a version for members (left to the view, as its files are),
    or its PDF is still being made (the page says how far it has got)."""
    with connection.cursor() as cursor:
        cursor.execute(
            PAGE_VERSION,
            {"pk": pk, "published": Report.State.PUBLISHED, "pdf": PublishedFile.Kind.PDF},
        )
        return cursor.fetchone()


class PublishedPageMiddleware:
    """Serve a published Part I report's page to anonymous readers (no session, no
    messages waiting) from each process's memory, as the view rendered it for the
    first of them: the same bytes for every one until a correction is published or
    its PDF lands, which changes its version (page_version, a query each time). The
    page is stored without a CSP nonce: its scripts are the portal's own files, which
    the policy allows without one. Anything else, or a response the view marked
    private or that sets a cookie, goes on to the view as before and is not kept."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.pages = WithinBudget(settings.PUBLISHED_PAGE_CACHE_BYTES)
        self.max_age = settings.PUBLISHED_PAGE_MAX_AGE
        self.recheck = settings.PUBLISHED_PAGE_RECHECK_SECONDS
        self.versions: dict[int, tuple[tuple | None, float]] = {}

    def version(self, pk: int) -> tuple | None:
        """page_version, asked again once `recheck` seconds have passed (every time
        by default: the query is most of what a kept page costs)."""
        if self.recheck:
            version, asked_at = self.versions.get(pk, (None, -self.recheck))
            if time.monotonic() - asked_at < self.recheck:
                return version
        version = page_version(pk)
        if self.recheck:
            self.versions[pk] = (version, time.monotonic())
        return version

    def __call__(self, request):
        pk = self.published_page(request)
        if pk is None:
            return self.get_response(request)
        version = self.version(pk)
        if version is None:
            return self.get_response(request)
        key = (pk, *version)
        page = self.pages.get(key)
        # Anything a page shows that its version does not cover (a meeting's or a
        # committee's details, put right) is seen within max_age, as from a proxy.
        if page is None or time.monotonic() - page.stored_at > self.max_age:
            request.shared_page = True  # rendered without the nonce (base.html)
            response = self.get_response(request)
            page = self.storable(response)
            if page is None:
                return response
            self.pages.put(key, page, len(page.content))
        return self.serve(request, page)

    @staticmethod
    def published_page(request) -> int | None:
        """The report whose page an anonymous reader asks for, plainly: no query."""
        if request.method != "GET" or request.META.get("QUERY_STRING"):
            return None
        if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        return match.kwargs["pk"] if match.view_name == "reports:detail" else None

    @staticmethod
    def storable(response) -> PublicPage | None:
        cache_control = response.get("Cache-Control", "")
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or "private" in cache_control
            or "no-store" in cache_control
        ):
            return None
        content = response.content
        headers = tuple(
            (name, value)
            for name, value in response.items()
            if name not in ("Cache-Control", "ETag", "Set-Cookie")
        )
        etag = f'"{hashlib.sha256(content).hexdigest()}"'
        return PublicPage(content, headers, etag, time.monotonic())

    def serve(self, request, page: PublicPage) -> HttpResponse:
        if request.headers.get("If-None-Match") == page.etag:
            response = HttpResponseNotModified()
            for name, value in page.headers:
                if name == "Vary":
                    response[name] = value
        else:
            response = HttpResponse(page.content)
            for name, value in page.headers:
                response[name] = value
        response["ETag"] = page.etag
        patch_cache_control(response, public=True, max_age=self.max_age)
        response[KEEP_HEADER] = "1"
        return response
