"""
Published Part I pages and files, answered in front of Django.

PublishedFileMiddleware and PublishedPageMiddleware (reports/middleware.py) serve a
published Part I report's files, and its page to readers without a session, from
memory. Most of what such a response then costs is Django around them: the request
and its signals, the security, CSP and WhiteNoise middleware. KeptResponses wraps
the WSGI application (harrow_its/wsgi.py) and keeps what they marked with
KEEP_HEADER, as it left Django, with every header Django's middleware added.

For PUBLISHED_PAGE_RECHECK_SECONDS after Django last produced it, the same plain
request (GET or HEAD, no query string, neither the session nor the messages cookie,
the same address) is answered from it: one dictionary look-up. After that the
request goes through Django again, which asks the database whether the page is still
current, as the middleware does, and the response is kept afresh. A correction is
therefore seen within twice that time (the middleware's answer may be that old when
it is kept here). With the setting at 0, nothing is answered here.

Nothing else is kept: whether a response may be is the middleware's decision, and a
response that sets a cookie or is private is never kept whatever it says. The marker
is taken off every response before it leaves the process.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.http.cookie import parse_cookie

from reports.middleware import KEEP_HEADER, WithinBudget

KEEP = KEEP_HEADER.lower()
# django.contrib.messages' cookie, as PublishedPageMiddleware reads it.
MESSAGES_COOKIE = "messages"
# What a 304 leaves out: it has no body to describe.
BODY_HEADERS = {"content-type", "content-length", "content-disposition"}


@dataclass(frozen=True)
class KeptResponse:
    status: str
    headers: tuple[tuple[str, str], ...]
    not_modified: tuple[tuple[str, str], ...]
    content: bytes
    etag: str | None
    stored_at: float


class KeptResponses:
    """A WSGI application: `application`, with the responses it marked for keeping
    answered from memory for a while, as above."""

    def __init__(self, application):
        self.application = application
        self.fresh_for = settings.PUBLISHED_PAGE_RECHECK_SECONDS
        self.cookies = {settings.SESSION_COOKIE_NAME, MESSAGES_COOKIE}
        self.responses = WithinBudget(
            settings.PUBLISHED_PAGE_CACHE_BYTES + settings.PUBLISHED_FILE_CACHE_BYTES
        )
        # What, beyond the path, Django may answer differently (the host, and
        # whether the request is secure: the HSTS header, the redirect to HTTPS).
        proxy = settings.SECURE_PROXY_SSL_HEADER
        self.address = (
            "wsgi.url_scheme",
            *([proxy[0]] if proxy else []),
            "HTTP_HOST",
            "SERVER_NAME",
            "SERVER_PORT",
            "SCRIPT_NAME",
            "PATH_INFO",
        )

    def __call__(self, environ, start_response):
        key = self.plain(environ)
        if key is not None:
            kept = self.responses.get(key)
            if kept is not None and time.monotonic() - kept.stored_at < self.fresh_for:
                return self.answer(environ, start_response, kept)
        return self.through_django(environ, start_response, key)

    def plain(self, environ) -> tuple | None:
        """The address of a request that may be answered from memory: None for any
        other."""
        if (
            not self.fresh_for
            or environ.get("REQUEST_METHOD") not in ("GET", "HEAD")
            or environ.get("QUERY_STRING")
        ):
            return None
        cookie = environ.get("HTTP_COOKIE")
        if cookie and not self.cookies.isdisjoint(parse_cookie(cookie)):
            return None
        return tuple(environ.get(name) for name in self.address)

    @staticmethod
    def answer(environ, start_response, kept: KeptResponse):
        if kept.etag is not None and environ.get("HTTP_IF_NONE_MATCH") == kept.etag:
            start_response("304 Not Modified", list(kept.not_modified))
            return []
        start_response(kept.status, list(kept.headers))
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [kept.content]

    def through_django(self, environ, start_response, key: tuple | None):
        sent = {}

        def start(status, headers, exc_info=None):
            unmarked = [(name, value) for name, value in headers if name.lower() != KEEP]
            sent.update(status=status, headers=unmarked, marked=len(unmarked) != len(headers))
            return start_response(status, unmarked, exc_info)

        result = self.application(environ, start)
        if (
            key is None
            or environ.get("REQUEST_METHOD") != "GET"
            or not sent.get("marked")
            or not sent["status"].startswith("200 ")
        ):
            return result
        try:
            content = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()  # Django's request_finished
        self.keep(key, sent["status"], sent["headers"], content)
        return [content]

    def keep(self, key: tuple, status: str, headers: list, content: bytes) -> None:
        named = {name.lower(): value for name, value in headers}
        cache_control = named.get("cache-control", "")
        if "set-cookie" in named or "private" in cache_control or "no-store" in cache_control:
            return
        kept = KeptResponse(
            status,
            tuple(headers),
            tuple((name, value) for name, value in headers if name.lower() not in BODY_HEADERS),
            content,
            named.get("etag"),
            time.monotonic(),
        )
        self.responses.put(key, kept, len(content))
