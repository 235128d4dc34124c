"""
Published Part I files, served like static files.

A published report never changes, and a Part I report is public: when its PDF (or
its data) has no restricted version, the file is the same bytes for every reader,
for good. So they are served here, before sessions, authentication and the rest
are consulted, from a small cache in each server process, with their SHA-256 as
ETag. Everything else (a draft, Part II, a report with a restricted version for
members, a PDF still being made) goes on to the view in reports/views/reading.py,
which serves the same stored bytes the long way.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control

from reports.models import PublishedFile, Report

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


class PublicFiles:
    """The public files served so far, most recently used last, within a byte budget."""

    def __init__(self, budget: int):
        self.budget, self.size = budget, 0
        self.files: OrderedDict[tuple[int, str], PublicFile] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, pk: int, route: str) -> PublicFile | None:
        with self.lock:
            if (found := self.files.get((pk, route))) is not None:
                self.files.move_to_end((pk, route))
                return found
        found = self.load(pk, route)
        if found is not None and len(found.content) <= self.budget:
            with self.lock:
                self.files[(pk, route)] = found
                self.size += len(found.content)
                while self.size > self.budget:
                    self.size -= len(self.files.popitem(last=False)[1].content)
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
        return response
