"""
PDF rendering: the one module that imports WeasyPrint.

WeasyPrint's own fetcher follows redirects and reads file:// URLs, so a document
that carries anyone's text could pull a local file or a network resource into
the PDF. StaticOnlyFetcher serves the portal's own static files from disk, by
their STATIC_URL path, and refuses everything else.

And a document can be made to take very long, or very much memory, to lay out. So
every render runs in a child process forked for it, with a time limit
(PDF_RENDER_SECONDS) and a memory limit (PDF_RENDER_MEMORY_MB, over what the process
already uses): a render that goes over is stopped, and says so, and the web server
or worker that asked carries on. A document over PDF_MAX_HTML_BYTES is refused
before it starts.
"""

import ctypes
import functools
import mimetypes
import multiprocessing
import os
import resource
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

# Documents are rendered as if served from here; only its static path is fetched.
BASE_URL = "https://portal.invalid/"

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


class RefusedFetch(ValueError):
    """A URL outside the portal's static files."""


class RenderFailed(RuntimeError):
    """The render was stopped (too long, too large) or broke: the message says which."""


def _static_file(url: str) -> Path:
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
    return Path(found)


@dataclass
class Rendered:
    pdf: bytes
    pages: dict[str, int] = field(default_factory=dict)  # anchor: the page it is on
    page_count: int = 0
    asked_for: list[str] = field(default_factory=list)  # every URL the document asked for
    refused: list[str] = field(default_factory=list)  # those refused


@functools.cache
def _engine():
    """WeasyPrint and its fonts, made ready once per process, before any render is
    forked: each child then starts laying out at once, instead of spending the better
    part of a second importing WeasyPrint and reading the font configuration within
    its limits. The warm-up render lets Pango finish loading fontconfig (in a thread
    of its own) here; a thread still at work would not survive into the child."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    HTML(string="<p>Ready.</p>").render(font_config=fonts)
    return HTML, fonts


def _render_here(html: str, anchors: list[str]) -> Rendered:
    """Render in this process (the child's work)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    HTML, fonts = _engine()

    asked_for, refused = [], []

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            asked_for.append(url)
            try:
                found = _static_file(url)
            except RefusedFetch:
                refused.append(url)
                raise
            content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=found.read_bytes(), headers={"Content-Type": content_type}
            )

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).render(
        pdf_variant="pdf/ua-1", font_config=fonts
    )
    wanted, pages = set(anchors), {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in wanted.intersection(page.anchors):
            pages.setdefault(anchor, number)
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    return Rendered(pdf, pages, len(document.pages), asked_for, refused)


def _die_with(parent: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux's
    PR_SET_PDEATHSIG): a worker killed mid-render takes its render with it, rather
    than leaving it running, holding its memory, with nobody to read the result."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:  # it died before we asked
        os._exit(1)


def _in_child(send, html: str, anchors: list[str], limits: tuple[int, int], parent: int) -> None:
    """The forked child's work: render within the limits, send back what came of it."""
    _die_with(parent)
    seconds, memory_mb = limits
    with Path("/proc/self/statm").open() as statm:  # the address space already in use
        in_use = int(statm.read().split()[0]) * resource.getpagesize()
    limit = in_use + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    try:
        send.send(("done", _render_here(html, anchors)))
    except MemoryError:
        send.send(("failed", f"it needed more than {memory_mb} MB of memory, so it was stopped"))
    except Exception as error:  # any failure is reported to the parent, which carries on
        send.send(("failed", f"{type(error).__name__}: {error}"))
    finally:
        send.close()


def refuse_if_too_large(html: str) -> None:
    """Raise RenderFailed, before any work, for a document over PDF_MAX_HTML_BYTES."""
    size = len(html.encode())
    if size > settings.PDF_MAX_HTML_BYTES:
        raise RenderFailed(
            f"The document is too large to render: {size:,} bytes, "
            f"more than {settings.PDF_MAX_HTML_BYTES:,}."
        )


def render(html: str, anchors: list[str] = (), *, still_waiting=None) -> Rendered:
    """A tagged PDF (PDF/UA-1) of `html`, fetching only the portal's static files, and
    the page each of `anchors` is on: made in a forked child process within the time
    and memory limits, so that a render gone wrong is stopped and only it.

    While it waits for the child, `still_waiting()` is called every
    WORKER_HEARTBEAT_SECONDS: the worker renews its lease on the work with it."""
    refuse_if_too_large(html)
    _engine()
    seconds = settings.PDF_RENDER_SECONDS
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_in_child,
        args=(send, html, list(anchors), (seconds, settings.PDF_RENDER_MEMORY_MB), os.getpid()),
        daemon=True,
    )
    child.start()
    send.close()
    deadline = time.monotonic() + seconds
    try:
        while not receive.poll(
            max(0, min(settings.WORKER_HEARTBEAT_SECONDS, deadline - time.monotonic()))
        ):
            if time.monotonic() >= deadline:
                raise RenderFailed(
                    f"The document took more than {seconds} seconds to render, so it was stopped."
                )
            if still_waiting:
                still_waiting()
        outcome, result = receive.recv()
    except EOFError:  # it died without a word: killed, or crashed for want of memory
        outcome, result = "stopped", None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()
    if outcome == "stopped":
        died_of = f" by {signal.Signals(-child.exitcode).name}" if child.exitcode < 0 else ""
        raise RenderFailed(
            f"The document could not be rendered: the renderer was stopped{died_of}, as it "
            f"is when a document needs more than its {settings.PDF_RENDER_MEMORY_MB} MB of "
            "memory."
        )
    if outcome == "failed":
        raise RenderFailed(f"The document could not be rendered: {result}")
    return result
