"""
Production serving: application servers (gunicorn, harrow_its/gunicorn.py) and the
background worker are separate processes that share nothing but PostgreSQL, so any
number of each can run. Two servers and one worker, started as in production, on
loopback: a report published through one is made (PDF first) and frozen by the
worker, then served by the other.
"""

import sys
import time
from datetime import date

import pytest
from django_tasks_db.models import DBTaskResult

from harrow_its.models import User
from reports import services
from reports.models import Paragraph, Rendering, Report
from tests.helpers import clear, pdf_text
from tests.http import Browser, free_port, signed_in, wait_until_serving

pytestmark = pytest.mark.django_db(transaction=True)


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


def test_two_servers_and_a_worker_share_one_database(demo, start, tmp_path):
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
    clear(draft)  # by Finance and Legal
    draft.refresh_from_db()
    first, second = server(start), server(start)

    author = Browser(first, {"sessionid": signed_in(User.objects.get(username="author"))})
    published = author.submit(f"/reports/{draft.pk}/publish/", {"version": str(draft.version)})
    publishing = f"/reports/{draft.pk}/publishing/"
    assert (published.status, published.headers["Location"]) == (302, publishing)

    # No worker yet: the report is not published until its PDF is made, and the
    # author, on the other server, is told why it is waiting.
    reader = Browser(second)  # the public, on the other server
    assert reader.get(f"/reports/{draft.pk}/").status == 404
    author.port = second
    waiting = author.get(publishing).text
    assert '<h1 class="govuk-heading-xl">Publishing the report</h1>' in waiting
    assert "The PDF service is not running; the team has been told." in waiting

    worker = start(
        f"{sys.prefix}/bin/python", "manage.py", "db_worker", "--no-startup-delay", "--no-reload"
    )
    deadline = time.monotonic() + 120
    while (page := reader.get(f"/reports/{draft.pk}/")).status == 404:
        assert time.monotonic() < deadline, "The worker did not publish it in two minutes."
        assert worker.poll() is None, worker.log.read_text()
        time.sleep(0.5)
    assert page.status == 200
    assert "Published through one server, served by the other." in page.text
    assert "PDF: being made" not in page.text
    pdf = reader.get(f"/reports/{draft.pk}/pdf/")
    assert (pdf.status, pdf.headers["Content-Type"]) == (200, "application/pdf")
    assert "Published through one server, served by the other." in pdf_text(pdf.body, tmp_path)
    assert "Report published" in author.get(publishing).text

    job = Rendering.objects.get(report=draft, kind="publish")
    assert (job.state, job.attempts, job.stage) == ("done", 1, "Published")
    task = DBTaskResult.objects.get(args_kwargs__args=[job.pk])
    assert (task.task_path, task.status) == ("reports.jobs.publish_report", "SUCCESSFUL")
    assert task.worker_ids == [job.worker_id]  # the one worker published it
