"""
PDF rendering: the one module that imports WeasyPrint.

WeasyPrint's own fetcher follows redirects and reads file:// URLs, so a document
that carries anyone's text could pull a local file or a network resource into
the PDF. StaticOnlyFetcher serves the portal's own static files from disk, by
their STATIC_URL path, and refuses everything else.
"""

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Documents are rendered as if served from here; only its static path is fetched.
BASE_URL = "https://portal.invalid/"


class RefusedFetch(ValueError):
    """A URL outside the portal's static files."""


class StaticOnlyFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        static = "/" + settings.STATIC_URL.strip("/") + "/"
        if f"{parts.scheme}://{parts.netloc}/" != BASE_URL or not parts.path.startswith(static):
            raise RefusedFetch(f"Only the portal's static files are fetched, not {url}")
        name = parts.path.removeprefix(static)
        if ".." in Path(name).parts:
            raise RefusedFetch(f"Only the portal's static files are fetched, not {url}")
        found = finders.find(name)
        if not found:
            raise RefusedFetch(f"No static file {name}")
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=Path(found).read_bytes(), headers={"Content-Type": content_type}
        )


def render_pdf(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1) of `html`, fetching only the portal's static files."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1")


def render_pdf_finding(html: str, anchors: list[str]) -> tuple[bytes, dict[str, int], int]:
    """Like render_pdf, and also the page (from 1) each of `anchors` is on, and the
    number of pages."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).render(
        pdf_variant="pdf/ua-1"
    )
    wanted, pages = set(anchors), {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in wanted.intersection(page.anchors):
            pages.setdefault(anchor, number)
    return document.write_pdf(pdf_variant="pdf/ua-1"), pages, len(document.pages)
