"""
A published report's page as the public gets it, against a static file of the same
bytes, through the production server (reports/middleware.py keeps the page in each
server process's memory). For bench.py to call beside published_pdf_against_static:

    place_page_copy()                # before the server starts
    published_page_against_static(server, runs, seconds, folder)

Or on its own, on the database DATABASE_URL names (with the demo loaded):

    .venv/bin/python -m tests.benchmarks.pages [runs] [seconds]
"""

import os
import statistics
import sys
import tempfile
from pathlib import Path

from tests.benchmarks.bench import FIGURES, Figure, Server, _met, november_report, wrk

COPY = "bench/published-page.html"


def place_page_copy() -> None:
    """Put the November report's page, as the public gets it, among the static files."""
    from django.conf import settings
    from django.test import Client

    page = Client().get(f"/reports/{november_report().pk}/")
    assert page.status_code == 200, page.status_code
    target = Path(settings.STATIC_ROOT) / COPY
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(page.content)


def published_page_against_static(server: Server, runs: int, seconds: int, folder: Path) -> None:
    from django.conf import settings

    page = f"/reports/{november_report().pk}/"
    static = f"{settings.STATIC_URL}{COPY}"
    size = (Path(settings.STATIC_ROOT) / COPY).stat().st_size
    wrk(server, [page, static], connections=10, seconds=3, folder=folder)  # warm up
    page_rps, static_rps = [], []
    for _ in range(runs):
        for path, found in ((page, page_rps), (static, static_rps)):
            found.append(wrk(server, [path], connections=8, seconds=seconds, folder=folder)["rps"])
    p, s = statistics.median(page_rps), statistics.median(static_rps)
    FIGURES.append(
        Figure(
            f"Published report page, public ({size:,} bytes), requests a second",
            f"{p:,.0f}/s",
            f"{min(page_rps):,.0f} to {max(page_rps):,.0f}",
        )
    )
    FIGURES.append(
        Figure(
            "Static file of the same bytes (WhiteNoise), requests a second",
            f"{s:,.0f}/s",
            f"{min(static_rps):,.0f} to {max(static_rps):,.0f}",
        )
    )
    FIGURES.append(
        Figure(
            "Published report page / static file",
            f"{p / s:.0%}",
            goal=">= 80%",
            met=_met(p / s >= 0.8),
        )
    )


def main() -> None:
    runs, seconds = (int(a) for a in [*sys.argv[1:], "3", "10"][:2])
    os.environ.update(
        DJANGO_SETTINGS_MODULE="harrow_its.settings",
        DEBUG="false",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "benchmark-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,testserver",
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from tests.benchmarks.bench import table

    call_command("collectstatic", interactive=False, verbosity=0)
    place_page_copy()
    connection.close()
    with tempfile.TemporaryDirectory() as temporary:
        server = Server(Path(temporary))
        try:
            published_page_against_static(server, runs, seconds, Path(temporary))
        finally:
            server.stop()
    print(table())


if __name__ == "__main__":
    main()
