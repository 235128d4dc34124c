"""Agenda packs: built in the background by the database worker, stored, page-numbered."""

import subprocess

import pytest
from django.core.management import call_command

from reports import packs
from reports.models import Meeting, Rendering
from tests.helpers import login, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(november):
    return november.meeting


@pytest.fixture
def committed_meeting(transactional_db, demo):
    """The November meeting, in a test that commits: the worker reads the queue from
    the database, and closes connections as it goes."""
    return Meeting.objects.get(date__month=11, date__year=2005)


def build(client, meeting):
    """Ask for the packs as an author would, then let the worker do its work."""
    login(client, "author")
    response = client.post(f"/reports/meetings/{meeting.pk}/packs/")
    assert response.url == f"/reports/meetings/{meeting.pk}/"
    assert [p.state for p in meeting.packs.all()[:2]] == ["queued", "queued"]
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    client.logout()


def test_ids_are_prefixed_with_their_references():
    html = '<h2 id="a">x</h2><a href="#a">y</a><svg aria-labelledby="t d"><title id="t">'
    assert packs.prefix_ids(html, "item-5-") == (
        '<h2 id="item-5-a">x</h2><a href="#item-5-a">y</a>'
        '<svg aria-labelledby="item-5-t item-5-d"><title id="item-5-t">'
    )


def test_the_worker_builds_both_packs(client, committed_meeting, tmp_path):
    meeting = committed_meeting
    build(client, meeting)
    public = meeting.packs.get(restricted=False)
    restricted = meeting.packs.get(restricted=True)
    assert (public.state, public.progress, public.stage) == ("done", 100, "Ready")
    assert public.pages == {"5": 2}
    assert restricted.pages == {"8": 2}
    assert restricted.page_count == 3  # the agenda, and the two pages of the Part II report

    response = client.get(f"/reports/meetings/{meeting.pk}/agenda-pack-part-i.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "5. Harrow IT Services Update Report" in text
    assert "8. Exempt item (Part II)" in text
    pages = public.page_count
    info = subprocess.run(
        ["pdfinfo", tmp_path / "report.pdf"], capture_output=True, text=True, check=True
    ).stdout
    assert f"Pages:           {pages}\n" in info
    assert f"Page 1 of {pages}" in text
    assert f"Page {pages} of {pages}" in text
    assert "Item 5: Harrow IT Services Update Report" in text
    assert "As at 30th October the BVPI 157 score was 87% e-enablement." in text
    assert "HITS Restructure" not in text
    assert "confidential annex" not in text
    outline = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-q", "-stdout", tmp_path / "report.pdf"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert '<item page="2">Item 5: Harrow IT Services Update Report</item>' in outline

    page = client.get(f"/reports/meetings/{meeting.pk}/").content.decode()
    assert "page 2" in page
    assert "Exempt item (Part II): for members of the committee only" in page
    assert "HITS Restructure" not in page
    assert client.get(f"/reports/meetings/{meeting.pk}/agenda-pack-part-ii.pdf").status_code == 404

    login(client, "member")
    page = client.get(f"/reports/meetings/{meeting.pk}/").content.decode()
    assert "Part II pack, page 2" in page
    response = client.get(f"/reports/meetings/{meeting.pk}/agenda-pack-part-ii.pdf")
    assert response["Cache-Control"] == "no-store, private"
    text = pdf_text(response.content, tmp_path)
    assert "Item 8: HITS Restructure: Staffing Implications (illustrative)" in text
    assert "named in the confidential annex" in text
    assert "Part II: not for publication" in text


def test_a_failed_build_says_so_and_can_be_tried_again(client, committed_meeting, settings):
    meeting = committed_meeting
    settings.PDF_RENDER_SECONDS = 0  # no time at all: the render is stopped
    build(client, meeting)
    assert [p.state for p in meeting.packs.all()] == ["failed", "failed"]
    stopped = "The document took more than 0 seconds to render, so it was stopped."
    assert meeting.packs.first().stage == f"Failed: {stopped}"
    login(client, "author")
    page = client.get(f"/reports/meetings/{meeting.pk}/").content.decode()
    assert f"The last build failed: Failed: {stopped}" in page
    assert "Build the agenda pack</button>" in page
    settings.PDF_RENDER_SECONDS = 120
    build(client, meeting)
    assert Rendering.objects.filter(meeting=meeting, state="done").count() == 2


def test_progress_while_building(client, meeting):
    login(client, "author")
    client.post(f"/reports/meetings/{meeting.pk}/packs/")  # not committed: nothing runs it
    page = client.get(f"/reports/meetings/{meeting.pk}/").content.decode()
    assert "The pack is being built." in page
    assert "The PDF service is not running; the team has been told." in page  # no worker
    assert client.get(f"/reports/meetings/{meeting.pk}/packs/progress/").json() == {
        "building": [
            {
                "label": "Part I pack",
                "progress": 0,
                "stage": "Waiting for the background worker",
                "state": "queued",
            },
            {
                "label": "Part II pack",
                "progress": 0,
                "stage": "Waiting for the background worker",
                "state": "queued",
            },
        ]
    }
    client.logout()  # the public hears of the Part I pack only
    assert [
        p["label"]
        for p in client.get(f"/reports/meetings/{meeting.pk}/packs/progress/").json()["building"]
    ] == ["Part I pack"]


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("officer", 403), ("member", 403)])
def test_only_authors_build_packs(client, meeting, who, status):
    if who:
        login(client, who)
    assert client.post(f"/reports/meetings/{meeting.pk}/packs/").status_code == status
    assert not Rendering.objects.exists()


def test_no_pack_yet(client, meeting):
    assert (
        "The agenda pack has not been built yet."
        in client.get(f"/reports/meetings/{meeting.pk}/").content.decode()
    )
    assert client.get(f"/reports/meetings/{meeting.pk}/agenda-pack-part-i.pdf").status_code == 404
    september = Meeting.objects.get(date__month=9)
    assert (
        "Harrow IT Services Update Report"
        in client.get(f"/reports/meetings/{september.pk}/").content.decode()
    )
