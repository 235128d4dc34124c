"""
Production serving: application servers (gunicorn, harrow_its/gunicorn.py) and the
background worker are separate processes that share nothing but PostgreSQL, so any
number of each can run. Two servers and one worker, started as in production, on
loopback: a report published through one is served by the other, and its PDF is
made by the worker.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import date
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from harrow_its.models import User
from reports import services
from reports.models import Paragraph, Rendering, Report
from tests.http import Browser, free_port, signed_in, wait_until_serving
from tests.reports.test_views import pdf_text

pytestmark = pytest.mark.django_db(transaction=True)


def database_url() -> str:
    """The test database's address, for other processes: host or socket folder."""
    params = connection.get_connection_params()
    host = quote(str(params["host"]), safe="")
    return f"postgres://{params['user']}@{host}:{params.get('port') or 5432}/{params['dbname']}"


@pytest.fixture
def production_env():
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "WEB_CONCURRENCY": "2",
    }


@pytest.fixture
def start(production_env, tmp_path):
    """Start a process of the portal's, logging to a file of its own (`process.log`);
    stop them all at the end."""
    processes = []

    def start(*command, **env):
        log = tmp_path / f"process-{len(processes)}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                command,
                env={**production_env, **env},
                cwd=settings.BASE_DIR,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process.log = log
        processes.append(process)
        return process

    yield start
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def server(start) -> int:
    port = free_port()
    process = start(
        f"{sys.prefix}/bin/gunicorn",
        "--config",
        "python:harrow_its.gunicorn",
        "harrow_its.wsgi",
        BIND=f"127.0.0.1:{port}",
    )
    wait_until_serving(port, process)
    return port


def test_two_servers_and_a_worker_share_one_database(start, tmp_path):
    call_command("loaddemo", stdout=None)
    november = Report.objects.get(series="harrow-it-services-update", meeting__date__month=11)
    draft = services.next_report_start(
        previous=november, meeting_date=date(2006, 1, 24), cut_off=date(2006, 1, 10)
    )
    paragraph = Paragraph.objects.get(section__report=draft, number="2.2")
    services.paragraph_save(
        report=draft,
        version=draft.version,
        paragraph=paragraph,
        section=paragraph.section,
        number="2.2",
        heading="",
        body="<p>Published through one server, served by the other.</p>",
        exempt=False,
        exempt_paragraph="",
    )
    draft.refresh_from_db()
    first, second = server(start), server(start)

    author = Browser(first, {"sessionid": signed_in(User.objects.get(username="author"))})
    published = author.submit(f"/reports/{draft.pk}/publish/", {"version": str(draft.version)})
    assert (published.status, published.headers["Location"]) == (302, f"/reports/{draft.pk}/")

    reader = Browser(second)  # the public, on the other server
    page = reader.get(f"/reports/{draft.pk}/")
    assert page.status == 200
    assert "Published through one server, served by the other." in page.text
    assert "PDF: being made" in page.text
    assert reader.get(f"/reports/{draft.pk}/pdf/").status == 202  # no worker yet

    worker = start(
        f"{sys.prefix}/bin/python", "manage.py", "db_worker", "--no-startup-delay", "--no-reload"
    )
    deadline = time.monotonic() + 120
    while (pdf := reader.get(f"/reports/{draft.pk}/pdf/")).status == 202:
        assert time.monotonic() < deadline, "The worker did not make the PDF in two minutes."
        assert worker.poll() is None, worker.log.read_text()
        time.sleep(0.5)
    assert (pdf.status, pdf.headers["Content-Type"]) == (200, "application/pdf")
    assert "Published through one server, served by the other." in pdf_text(pdf.body, tmp_path)

    made = Rendering.objects.get(publication=draft.pk)
    assert (made.state, made.attempts) == ("done", 1)
    task = DBTaskResult.objects.get(args_kwargs__args=[made.pk])
    assert (task.task_path, task.status) == ("reports.tasks.render_pdf", "SUCCESSFUL")
    assert len(task.worker_ids) == 1  # the one worker made it
