"""
The background workers and their leases (reports/workers.py): a worker that dies
mid-render leaves nothing stuck and nothing running; its work is taken up by another,
a few times, then failed with the reason; and when no worker is running, the pages
waiting for one say so.
"""

import os
import signal
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from harrow_its.models import Role
from reports import jobs, services, workers
from reports.jobs import CHANGED_MEANWHILE, NOT_PUBLISHED
from reports.models import Committee, Meeting, PublishedFile, Rendering, Report
from tests.helpers import make_the_pdfs, pdf_text

NOT_RUNNING = "The PDF service is not running; the team has been told."


@pytest.fixture
def draft(db):
    """A short draft report to the committee."""
    committee = Committee.objects.create(name="Overview and Scrutiny Committee", slug="os")
    return Report.objects.create(
        meeting=Meeting.objects.create(committee=committee, date=date(2006, 2, 7)),
        series="it-services-update",
        subject="IT Services Update Report",
        responsible_officer="Director of Financial and Business Strategy",
        contact_officer="Head of IT Services",
        portfolio_holder="Portfolio Holder for Business Connections",
        decision_required="To note the report.",
        reason_for_report="To keep the committee informed.",
        benefits="None.",
        cost_of_proposals="None.",
        risks="None.",
        implications_if_rejected="None.",
        cut_off=date(2006, 1, 20),
    )


def big_document(marker: str, rows: int = 2000) -> str:
    """A document that takes WeasyPrint several seconds to lay out."""
    cells = "".join(f"<tr><td>{n}</td><td>{'word ' * 10}</td></tr>" for n in range(rows))
    return (
        f"<html lang='en-GB'><head><title>{marker}</title></head>"
        f"<body><p>{marker}</p><table>{cells}</table></body></html>"
    )


def asked_for(client, draft, author) -> Rendering:
    """The author asks for a PDF of the draft as it stands."""
    client.force_login(author)
    client.post(f"/reports/{draft.pk}/pdf/make/")
    return Rendering.objects.get(report=draft)


def claimed_by_a_lost_worker(job: Rendering) -> None:
    """Take the lease on `job` as a worker that has not renewed it since."""
    lost = workers.lost_before(timezone.now()) - timedelta(seconds=1)
    assert workers.claim(job.pk, now=lost)


class TestLeases:
    def test_work_whose_worker_stopped_beating_is_queued_again(self, draft, author, settings):
        preview = jobs.preview(draft, "<p>A preview</p>", restricted=False, by=author)
        lost = workers.lost_before(timezone.now())
        assert workers.claim(preview.pk, now=lost)
        still = jobs.preview(draft, "<p>Another</p>", restricted=True, by=author)
        assert workers.claim(still.pk, now=timezone.now())

        workers.heartbeat("tester", jobs.queue)

        preview.refresh_from_db()
        still.refresh_from_db()
        assert (preview.state, preview.stage, preview.worker_id) == (
            "queued",
            "Waiting to start again",
            "",
        )
        assert (still.state, still.worker_id) == ("rendering", workers.current_id())
        queued = DBTaskResult.objects.filter(args_kwargs__args=[preview.pk], status="READY")
        assert queued.count() == 2  # the first, which the stopped worker had, and the new one
        make_the_pdfs()
        preview.refresh_from_db()
        assert (preview.state, preview.attempts) == ("done", 2)
        assert bytes(preview.pdf).startswith(b"%PDF-")

    def test_work_taken_up_too_often_is_failed_with_the_reason(
        self, client, draft, author, settings
    ):
        settings.RENDER_MAX_ATTEMPTS = 2
        preview = asked_for(client, draft, author)
        for _ in range(2):
            claimed_by_a_lost_worker(preview)
            workers.heartbeat("tester", jobs.queue)
        preview.refresh_from_db()
        assert (preview.state, preview.attempts, preview.stage) == (
            "failed",
            2,
            "The worker making it stopped 2 times before it was done, so it was not tried again.",
        )
        response = client.get(f"/reports/{draft.pk}/pdf/")
        assert response.status_code == 503
        page = response.content.decode()
        assert "The worker making it stopped 2 times before it was done" in page
        assert f'action="/reports/{draft.pk}/pdf/{preview.pk}/retry/"' in page

    def test_a_render_from_before_leases_is_taken_up(self, draft, author):
        """A rendering left "being made" by a worker from before there were leases (no
        heartbeat at all) is taken up once it is older than the limit."""
        preview = jobs.preview(draft, "<p>Old</p>", restricted=False, by=author)
        Rendering.objects.filter(pk=preview.pk).update(
            state="rendering", requested_at=timezone.now() - timedelta(hours=1)
        )
        workers.heartbeat("tester", jobs.queue)
        preview.refresh_from_db()
        assert preview.state == "queued"

    def test_a_task_whose_worker_is_gone_is_failed(self, draft, author):
        preview = jobs.preview(draft, "<p>A preview</p>", restricted=False, by=author)
        task = DBTaskResult.objects.get(args_kwargs__args=[preview.pk])
        task.claim("gone")
        DBTaskResult.objects.filter(pk=task.pk).update(
            started_at=timezone.now() - timedelta(minutes=5)
        )
        alive = jobs.preview(draft, "<p>Another</p>", restricted=True, by=author)
        alive_task = DBTaskResult.objects.get(args_kwargs__args=[alive.pk])
        alive_task.claim("alive")
        DBTaskResult.objects.filter(pk=alive_task.pk).update(
            started_at=timezone.now() - timedelta(minutes=5)
        )
        workers.started("alive", now=timezone.now())

        workers.heartbeat("tester", jobs.queue)

        task.refresh_from_db()
        alive_task.refresh_from_db()
        assert (task.status, task.exception_class_path) == (
            "FAILED",
            "reports.workers.WorkerLost",
        )
        assert alive_task.status == "RUNNING"

    def test_an_abandoned_publishing_is_taken_up_and_publishes(self, client, draft, author):
        job = jobs.publishing_start(report=draft, version=draft.version, by=author)
        claimed_by_a_lost_worker(job)
        workers.heartbeat("tester", jobs.queue)
        make_the_pdfs()
        job.refresh_from_db()
        draft.refresh_from_db()
        assert (job.state, job.attempts, job.stage) == ("done", 2, "Published")
        assert draft.state == "published"
        assert sorted(draft.publication.files.values_list("kind", flat=True)) == [
            "html",
            "json",
            "pdf",
        ]
        client.force_login(author)
        page = client.get(f"/reports/{draft.pk}/publishing/").content.decode()
        assert '<h1 class="govuk-panel__title">Report published</h1>' in page


class TestNoWorker:
    def test_a_pdf_being_made_says_when_no_worker_is_running(self, client, draft, author):
        asked_for(client, draft, author)
        response = client.get(f"/reports/{draft.pk}/pdf/")
        assert response.status_code == 202
        assert NOT_RUNNING in response.content.decode()

        workers.started("running", now=timezone.now())
        assert NOT_RUNNING not in client.get(f"/reports/{draft.pk}/pdf/").content.decode()

    def test_a_worker_not_heard_from_lately_is_not_running(self, client, draft, author):
        workers.started("quiet", now=workers.lost_before(timezone.now()) - timedelta(seconds=1))
        asked_for(client, draft, author)
        assert NOT_RUNNING in client.get(f"/reports/{draft.pk}/pdf/").content.decode()

    def test_the_team_is_told(self, client, draft, author, caplog, mailoutbox, settings):
        settings.ADMINS = [("IT Services", "it-services@example.org")]
        workers._told_at = None  # this process has not told them yet
        asked_for(client, draft, author)
        client.get(f"/reports/{draft.pk}/pdf/")
        client.get(f"/reports/{draft.pk}/pdf/")  # told once, not at every page
        assert [r.getMessage() for r in caplog.records if r.name == "reports.workers"] == [
            "No background worker has been running since it was installed. No PDF can be "
            "made: start `manage.py db_worker`."
        ]
        assert [(m.subject, m.to) for m in mailoutbox] == [
            ("[Django] The PDF service is not running", ["it-services@example.org"])
        ]

    def test_the_home_page_warns_staff_and_only_staff(self, client, make_user, department):
        page = client.get("/").content.decode()
        assert NOT_RUNNING not in page
        client.force_login(make_user("officer", Role.OFFICER, departments=[department]))
        assert NOT_RUNNING in client.get("/").content.decode()
        workers.started("running", now=timezone.now())
        assert NOT_RUNNING not in client.get("/").content.decode()


class TestPublishing:
    def test_a_report_is_frozen_only_with_its_pdf(self, client, draft, author, tmp_path):
        client.force_login(author)
        response = client.post(f"/reports/{draft.pk}/publish/", {"version": draft.version})
        assert response.url == f"/reports/{draft.pk}/publishing/"
        draft.refresh_from_db()
        assert draft.state == "draft"  # until its PDF is made
        page = client.get(response.url).content.decode()
        assert '<h1 class="govuk-heading-xl">Publishing the report</h1>' in page
        assert "Publishing: Waiting for the background worker (0% done)." in page
        assert client.get(f"/reports/{draft.pk}/").status_code == 200  # the author's draft
        client.logout()
        assert client.get(f"/reports/{draft.pk}/").status_code == 404  # not the public's

        make_the_pdfs()
        draft.refresh_from_db()
        assert draft.state == "published"
        pdf = client.get(f"/reports/{draft.pk}/pdf/")
        assert pdf["Content-Type"] == "application/pdf"
        assert "IT Services Update Report" in pdf_text(pdf.content, tmp_path)
        stored = PublishedFile.objects.get(publication__report=draft, kind="pdf")
        assert bytes(stored.content) == pdf.content

    def test_a_draft_changed_meanwhile_is_not_published(self, client, draft, author):
        job = jobs.publishing_start(report=draft, version=draft.version, by=author)
        services.report_details_update(
            report=draft, version=draft.version, subject="IT Services Update (changed)"
        )
        make_the_pdfs()
        job.refresh_from_db()
        draft.refresh_from_db()
        assert (job.state, job.stage) == ("failed", f"{NOT_PUBLISHED} {CHANGED_MEANWHILE}")
        assert draft.state == "draft"
        assert not PublishedFile.objects.filter(publication__report=draft).exists()
        client.force_login(author)
        page = client.get(f"/reports/{draft.pk}/publishing/").content.decode()
        assert '<h1 class="govuk-heading-xl">The report was not published</h1>' in page
        # Trying again would publish what was sent: the changed draft is checked first.
        assert f'action="/reports/{draft.pk}/pdf/{job.pk}/retry/"' not in page
        assert (
            f'<a href="/reports/{draft.pk}/publish/" role="button" draggable="false" '
            'class="govuk-button" data-module="govuk-button">Check the report and publish it '
            "again</a>"
        ) in page

    def test_what_cannot_be_laid_out_is_not_published(self, client, draft, author, settings):
        """The issue's report: paragraphs of thousands of line breaks, whose PDF needs
        more memory than a render may have. It stays a draft, and says why."""
        settings.PDF_RENDER_MEMORY_MB = 64
        section = draft.sections.create(number=2, title="Update")
        for number in range(1, 41):
            section.paragraphs.create(
                order=number, number=f"2.{number}", body="<p>" + "line<br>" * 4000 + "</p>"
            )
        job = jobs.publishing_start(report=draft, version=draft.version, by=author)
        make_the_pdfs()
        job.refresh_from_db()
        draft.refresh_from_db()
        assert job.state == "failed"
        assert job.stage.startswith(f"{NOT_PUBLISHED} The document could not be rendered: ")
        assert draft.state == "draft"
        assert not PublishedFile.objects.filter(publication__report=draft).exists()
        client.force_login(author)  # the draft is as it was sent: it may be tried again
        page = client.get(f"/reports/{draft.pk}/publishing/").content.decode()
        assert f'action="/reports/{draft.pk}/pdf/{job.pk}/retry/"' in page

    def test_asking_twice_publishes_once(self, draft, author):
        first = jobs.publishing_start(report=draft, version=draft.version, by=author)
        again = jobs.publishing_start(report=draft, version=draft.version, by=author)
        assert again == first
        make_the_pdfs()
        draft.refresh_from_db()
        assert draft.publication.files.count() == 3


def processes_in_group(group: int) -> list[int]:
    """The live (not zombie) processes of a process group."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # it ended as we looked
            continue
        state, pgrp = fields[0], int(fields[2])
        if pgrp == group and state != "Z":
            found.append(int(stat.parent.name))
    return found


def wait_for(condition, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while not (result := condition()):
        assert time.monotonic() < deadline, f"{what}: not within {seconds} seconds"
        time.sleep(0.1)
    return result


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_render_leaves_nothing_behind(demo, start, make_user, tmp_path):
    """kill -9 a real worker while it renders: its render child dies with it, and a
    second worker takes the PDF up once the first one's lease has run out and makes
    it; the first one's task is marked failed."""
    report = Report.objects.filter(state="published").first()
    author = make_user("writer", Role.AUTHOR)
    preview = jobs.preview(report, big_document("MADE-BY-THE-SECOND"), restricted=False, by=author)
    lease = {"WORKER_HEARTBEAT_SECONDS": "1", "WORKER_LOST_SECONDS": "4"}
    worker = f"{sys.prefix}/bin/python", "manage.py", "db_worker", "--no-startup-delay"
    first = start(*worker, "--no-reload", "--worker-id", "first", **lease)

    wait_for(
        lambda: Rendering.objects.filter(pk=preview.pk, state="rendering").exists(),
        seconds=60,
        what="The first worker did not start rendering",
    )
    wait_for(
        lambda: len(processes_in_group(first.pid)) == 2,  # the worker and its render
        seconds=30,
        what="The first worker did not fork its render",
    )
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    wait_for(
        lambda: not processes_in_group(first.pid),
        seconds=10,
        what="The render child outlived its worker",
    )
    preview.refresh_from_db()
    assert (preview.state, preview.worker_id) == ("rendering", "first")  # stuck, for now

    second = start(*worker, "--no-reload", "--worker-id", "second", **lease)
    wait_for(
        lambda: Rendering.objects.filter(pk=preview.pk, state__in=["done", "failed"]).exists(),
        seconds=120,
        what="The second worker did not make the PDF",
    )
    assert second.poll() is None, second.log.read_text()
    preview.refresh_from_db()
    assert (preview.state, preview.attempts, preview.worker_id) == ("done", 2, "second")
    assert "MADE-BY-THE-SECOND" in pdf_text(bytes(preview.pdf), tmp_path)
    tasks_run = DBTaskResult.objects.filter(args_kwargs__args=[preview.pk]).order_by("enqueued_at")
    assert [(t.status, t.worker_ids) for t in tasks_run] == [
        ("FAILED", ["first"]),
        ("SUCCESSFUL", ["second"]),
    ]
    assert tasks_run[0].exception_class_path == "reports.workers.WorkerLost"


@pytest.mark.django_db(transaction=True)
def test_a_live_worker_keeps_its_lease_through_a_long_render(start, make_user):
    """A render that takes longer than the lost limit (about 8 s against 4 s) is not
    taken from a worker that is still at it: it renews its lease every second while it
    waits, so even a busy machine's heartbeat three seconds late keeps it."""
    committee = Committee.objects.create(name="Cabinet", slug="cabinet")
    meeting = Meeting.objects.create(committee=committee, date=date(2006, 2, 7))
    report = Report.objects.create(
        meeting=meeting, series="s", subject="S", cut_off=date(2006, 1, 1)
    )
    author = make_user("writer", Role.AUTHOR)
    preview = jobs.preview(report, big_document("LONG"), restricted=False, by=author)
    lease = {"WORKER_HEARTBEAT_SECONDS": "1", "WORKER_LOST_SECONDS": "4"}
    worker = f"{sys.prefix}/bin/python", "manage.py", "db_worker", "--no-startup-delay"
    start(*worker, "--no-reload", "--worker-id", "first", **lease)
    start(*worker, "--no-reload", "--worker-id", "second", **lease)
    wait_for(
        lambda: Rendering.objects.filter(pk=preview.pk, state__in=["done", "failed"]).exists(),
        seconds=120,
        what="The PDF was not made",
    )
    preview.refresh_from_db()
    assert (preview.state, preview.attempts) == ("done", 1)
