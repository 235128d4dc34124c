"""
Helpers that tests in several folders share: signing a demo account in, doing the
background worker's work inside a test's transaction, clearing a draft, a PDF's
text, and an authenticator app's current code.
"""

import subprocess

from django_otp.oath import totp
from django_tasks_db.models import DBTaskResult

from harrow_its.models import User
from reports import clearance
from reports.models import Report


def login(client, username):
    """Sign `username` in on `client` (with the second factor given, for staff)."""
    client.force_login(User.objects.get(username=username))


def make_the_pdfs():
    """Do what the background worker does with each task queued, as db_worker runs it
    (which cannot run inside a test's transaction): make the PDFs asked for, and
    publish the reports sent to be published."""
    for task in DBTaskResult.objects.ready():
        task.claim("test-worker")
        task.task.call(*task.args_kwargs["args"], **task.args_kwargs["kwargs"])
        task.set_successful(None)


def clear(report: Report) -> None:
    """Send `report` as it is now for clearance, and have each of its committee's
    clearers clear it, as the demo's Finance and Legal would: so it may be published."""
    report = Report.objects.get(pk=report.pk)
    sent = clearance.clearance_send(
        report=report, version=report.version, by=User.objects.get(username="author")
    )
    for rule in report.meeting.committee.clearance_rules.all():
        clearance.clearance_answer(
            request=sent, rule=rule, by=rule.clearer, decision="cleared", comment=""
        )


def pdf_text(content: bytes, tmp_path) -> str:
    """The PDF's text as pdftotext extracts it, with its line breaks as spaces."""
    (tmp_path / "report.pdf").write_bytes(content)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "report.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


def code_of(device) -> str:
    """The code an authenticator app set up with `device` shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
