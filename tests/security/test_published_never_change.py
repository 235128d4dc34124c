"""Published reports never change: after many edits to the data they were made from
and a change to the templates, every published file is served byte for byte as
stored, and matches the SHA-256 recorded when it was published."""

import hashlib
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.test import override_settings

from harrow_its.calendar import LONDON
from harrow_its.models import User
from indicators.models import Indicator, Measurement
from reports import services
from reports.models import Committee, PublishedFile

pytestmark = pytest.mark.django_db

URLS = {"html": "", "pdf": "pdf/", "json": "data.json"}


def served_intact(client, file) -> bool:
    """Whether the file's address serves exactly its stored bytes (the web page, its
    stored report inside the portal's frame)."""
    response = client.get(f"/reports/{file.publication_id}/{URLS[file.kind]}")
    content = bytes(file.content)
    if file.kind == "html":
        wrapped = b'<div class="app-published-record">' + content + b"</div>"
        return wrapped in response.content
    return response.content == content and hashlib.sha256(content).hexdigest() == file.sha256


@pytest.fixture
def changed_templates(tmp_path, settings):
    """Templates that would render every report differently."""
    folder = tmp_path / "templates" / "reports" / "includes"
    folder.mkdir(parents=True)
    (folder / "report_body.html").write_text(
        "<article>REWRITTEN {{ assembled.cover.subject }}</article>"
    )
    (folder.parent / "report_pdf.html").write_text("<html><body>REWRITTEN</body></html>")
    templates = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return override_settings(TEMPLATES=templates)


def test_published_files_never_change(client, november, record_update, changed_templates):
    member = User.objects.get(username="member")
    files = list(PublishedFile.objects.all())
    assert len(files) == 9
    for file in files:
        client.force_login(member) if file.restricted else client.logout()
        assert served_intact(client, file), file

    officer = User.objects.get(username="officer")
    for day in range(1, 21):  # twenty corrections, all backdated before the cut-off
        record_update(
            "ICT-SAN",
            status_date=date(2005, 10, day),
            recorded_at=datetime(2005, 11, 7, 9, day, tzinfo=LONDON),
            reason=f"Correction {day}",
        )
    for indicator in Indicator.objects.all():
        latest = Measurement.objects.filter(indicator=indicator).order_by("-recorded_at").first()
        Measurement.objects.create(
            indicator=indicator, period_start=latest.period_start, value=latest.value + Decimal(1),
            restates=latest, restatement_reason="Restated", recorded_by=officer,
            recorded_at=datetime(2005, 11, 7, 12, tzinfo=LONDON),
        )  # fmt: skip
    Committee.objects.update(name="Scrutiny Committee (renamed)")
    draft = services.correction_start(report=november, reason="To see the new templates.")
    with changed_templates:
        client.force_login(User.objects.get(username="author"))
        assert (
            "REWRITTEN Harrow IT Services Update Report"
            in client.get(f"/reports/{draft.pk}/").content.decode()
        )  # a draft is rendered afresh, with the new templates
        for file in files:
            client.force_login(member) if file.restricted else client.logout()
            assert served_intact(client, file), file
    print(
        f"\n{len(files)} published files, intact after 20 corrections, "
        f"{Indicator.objects.count()} restatements, a renamed committee and new templates."
    )
