"""
Committee members are told by e-mail when a report or an agenda pack is published
(reports/notifications.py): once each, whatever is retried, and never anything of
Part II.
"""

import json
from datetime import date, datetime
from smtplib import SMTPException

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from harrow_its.calendar import LONDON
from harrow_its.models import Role, User
from reports import jobs, notifications, publishing, services
from reports.models import (
    AgendaItem,
    Appendix,
    Notice,
    Paragraph,
    PublishedFile,
    Rendering,
    Report,
    Section,
)
from reports.selectors import published_file
from tests.helpers import clear, make_the_pdfs

pytestmark = pytest.mark.django_db

SITE = "https://reports.harrow.example"
MARK = "EXEMPT-MARKER"
NOVEMBER_HEADLINE = (
    "2 projects changed RAG status; 6 milestones slipped; 1 improvement action now overdue; "
    "12 indicators changed RAG or direction; 1 figure restated; BVPI 157: unchanged at 87%"
)


def marker(field: str) -> str:
    return f"{MARK}-{field}-51c9"


@pytest.fixture(autouse=True)
def site(settings):
    """The portal's address, as the links in the e-mails give it."""
    settings.SITE_URL = SITE


@pytest.fixture
def author(demo):
    return User.objects.get(username="author")


@pytest.fixture
def members(demo, make_user):
    """The demo's member, and three who are not told: a member without an e-mail
    address, one whose account is closed, and an author (who is not a member)."""
    make_user("no_address", Role.MEMBER, email="")
    make_user("left", Role.MEMBER, email="left@harrow.example", is_active=False)
    make_user("another_author", Role.AUTHOR, email="another.author@harrow.example")
    return list(notifications.members())


@pytest.fixture
def part_two(demo, author, november):
    """A published Part II report with a marker in every text it has."""
    texts = {
        name: marker(name)
        for name in (
            "subject",
            "responsible_officer",
            "contact_officer",
            "portfolio_holder",
            "enclosures",
            "decision_required",
            "reason_for_report",
            "benefits",
            "cost_of_proposals",
            "risks",
            "implications_if_rejected",
        )
    }
    report = Report.objects.create(
        meeting=november.meeting,
        series="marked-part-two",
        cut_off=november.cut_off,
        exempt=True,
        exempt_paragraph="1",
        **texts,
    )
    section = Section.objects.create(report=report, number=1, title=marker("section"))
    Paragraph.objects.create(
        section=section, order=1, number="1.1", heading=marker("heading"), body=marker("body")
    )
    Appendix.objects.create(report=report, number=1, title=marker("appendix"), kind="bvpi_157")
    publishing.publish(report=report, version=report.version, by=author)
    return report


@pytest.fixture
def january(november, author, record_update):
    """January's report, published, with an exempt paragraph and its capital projects
    appendix exempt; a project turned red since November, which only that appendix
    (and so only members) may show."""
    record_update(
        "ICT-SAN",
        status_date=date(2006, 1, 5),
        recorded_at=datetime(2006, 1, 5, 12, tzinfo=LONDON),
        reason=marker("rag-reason"),
    )
    report = services.next_report_start(
        previous=november, meeting_date=date(2006, 1, 24), cut_off=date(2006, 1, 10)
    )
    paragraph = Paragraph.objects.get(section__report=report, number="2.1")
    services.paragraph_save(
        report=report,
        version=report.version,
        paragraph=paragraph,
        section=paragraph.section,
        number="2.1",
        heading=marker("part-one-heading"),
        body=f"<p>{marker('part-one-body')}</p>",
        exempt=True,
        exempt_paragraph="3",
    )
    report.appendices.filter(number=2).update(exempt=True, exempt_paragraph="3")
    report.refresh_from_db()
    publishing.publish(report=report, version=report.version, by=author)
    return report


def test_a_published_report_is_told_to_each_member_with_its_changes(november, members):
    """Each active member with an e-mail address gets one e-mail, to them alone: the
    report's subject, its meeting, its address and the headline of its changes since
    the last committee, from its public data."""
    assert [member.username for member in members] == ["member"]
    sent = notifications.report_published_notify(report=november)
    assert [(notice.user.username, notice.report) for notice in sent] == [("member", november)]
    assert [message.to for message in mail.outbox] == [["member@harrow.example"]]
    message = mail.outbox[0]
    assert message.subject == "Report published: Harrow IT Services Update Report"
    assert message.from_email == "it-services-reporting@localhost"
    assert message.body == (
        "A report was published for the meeting of Overview and Scrutiny Committee, "
        "22 November 2005.\n\n"
        "Harrow IT Services Update Report\n"
        "Meeting: Overview and Scrutiny Committee, 22 November 2005\n"
        f"Read it: {SITE}/reports/{november.pk}/\n\n"
        f"Changes since the last committee: {NOVEMBER_HEADLINE}.\n"
    )


def test_a_report_is_told_once_however_often_it_runs(november, members):
    """Running it again sends nothing more: each member is told of a report once."""
    notifications.report_published_notify(report=november)
    assert notifications.report_published_notify(report=november) == []
    assert len(mail.outbox) == 1
    assert Notice.objects.filter(report=november).count() == 1


def test_a_failed_send_leaves_no_notice_and_the_retry_sends(november, members, monkeypatch, caplog):
    """A send that fails is logged and recorded nowhere: the next run sends it, once."""

    def refuse(**message):
        raise SMTPException("The mail server is down")

    monkeypatch.setattr(notifications, "send_mail", refuse)
    assert notifications.report_published_notify(report=november) == []
    assert Notice.objects.count() == 0
    assert mail.outbox == []
    assert [r.getMessage() for r in caplog.records if r.name == "reports.notifications"] == [
        f"notice-failed user=member report={november.pk}"
    ]
    monkeypatch.undo()
    assert len(notifications.report_published_notify(report=november)) == 1
    assert len(notifications.report_published_notify(report=november)) == 0
    assert [message.to for message in mail.outbox] == [["member@harrow.example"]]
    assert Notice.objects.filter(report=november, user__username="member").count() == 1


def test_a_part_two_report_is_told_without_anything_of_it(part_two, members):
    """A Part II report's e-mail names its meeting and asks them to sign in to read
    it: nothing it says, not even its subject, in the subject line or the body."""
    notifications.report_published_notify(report=part_two)
    (message,) = mail.outbox
    assert message.to == ["member@harrow.example"]
    assert message.subject == (
        "Part II (exempt) report published: Overview and Scrutiny Committee, 22 November 2005"
    )
    assert message.body == (
        "A Part II (exempt) report was published for the meeting of Overview and Scrutiny "
        "Committee, 22 November 2005.\n\n"
        "It is not for publication, so this e-mail does not say what it is. Sign in to "
        f"read it:\n{SITE}/sign-in/?next=%2Freports%2F{part_two.pk}%2F\n"
    )
    assert MARK not in message.subject + message.body


def test_the_demo_part_two_report_is_told_without_its_subject(demo, members):
    """The demo's Part II report: its subject is in no e-mail."""
    report = Report.objects.get(series="hits-restructure-staffing")
    notifications.report_published_notify(report=report)
    (message,) = mail.outbox
    assert "HITS Restructure" not in message.subject + message.body
    assert "Staffing" not in message.subject + message.body


def test_a_part_one_report_with_exempt_parts_is_told_from_its_public_data(january, members):
    """A Part I report with an exempt paragraph and an exempt appendix: the e-mail
    carries nothing of either, and its headline leaves out the changes only the
    exempt appendix shows (the project turned red), as its public data does."""
    restricted = published_file(january, PublishedFile.Kind.DATA, read_exempt=True)
    assert restricted.restricted  # the members' data has the project's change...
    members_headline = notifications.changes_headline(json.loads(bytes(restricted.content)))
    assert members_headline == (
        "1 project changed RAG status; 2 improvement actions now overdue; BVPI 157: 87% to 96%"
    )
    notifications.report_published_notify(report=january)
    (message,) = mail.outbox
    assert message.subject == "Report published: Harrow IT Services Update Report"
    # ...the public's not, nor the e-mail's.
    assert notifications.public_headline(january) == (
        "2 improvement actions now overdue; BVPI 157: 87% to 96%"
    )
    assert message.body.endswith(
        "\nChanges since the last committee: "
        "2 improvement actions now overdue; BVPI 157: 87% to 96%.\n"
    )
    assert MARK not in message.subject + message.body
    assert f"{SITE}/reports/{january.pk}/" in message.body


def test_a_report_is_told_only_once_published(november, members, author):
    """A draft is told to nobody."""
    draft = services.next_report_start(
        previous=november, meeting_date=date(2006, 1, 24), cut_off=date(2006, 1, 10)
    )
    assert notifications.report_published_notify(report=draft) == []
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("data", "headline"),
    [
        ({"appendices": []}, ""),  # no changes appendix
        ({"appendices": [{"kind": "changes", "content": None}]}, ""),  # an exempt one
        ({"appendices": [{"kind": "changes", "content": {"since": None}}]}, ""),  # first
    ],
)
def test_no_headline_without_changes_to_read(data, headline):
    """A report with no changes appendix the public may read has no headline."""
    assert notifications.changes_headline(data) == headline


def test_the_headline_counts_each_kind_of_change():
    """Each kind of change, counted, singular or plural; BVPI 157 from the council's
    score; and "nothing changed" when nothing did."""
    score = {"enabled": 71, "permissible": 82, "percent": 87}
    moved = {"enabled": 76, "permissible": 82, "percent": 93}
    content = {
        "since": "2005-09-02",
        "projects": [{}, {}, {}],
        "milestones": [{}, {}],
        "forecasts": [{}],
        "actions": [{"change": "New"}, {"change": "Completed"}, {"change": "Completed"}],
        "indicators": [{}],
        "restatements": [{}, {}],
        "bvpi": [
            {"department": "Urban Living", "was": score, "now": score},
            {"department": "Council", "was": score, "now": moved},
        ],
    }
    data = {"appendices": [{"kind": "changes", "content": content}]}
    assert notifications.changes_headline(data) == (
        "3 projects changed RAG status; 2 milestones slipped; 1 forecast outturn moved by "
        "more than 5%; 1 new improvement action; 2 improvement actions completed; "
        "1 indicator changed RAG or direction; 2 figures restated; BVPI 157: 87% to 93%"
    )
    nothing = {**content, **{key: [] for key in ("projects", "milestones", "forecasts")}}
    nothing |= {"actions": [], "indicators": [], "restatements": [], "bvpi": []}
    data = {"appendices": [{"kind": "changes", "content": nothing}]}
    assert notifications.changes_headline(data) == "nothing changed"


def _pack(meeting, *, restricted: bool, author) -> Rendering:
    """Build a pack of `meeting` as the worker does (which tells the members)."""
    return jobs.pack_run(
        Rendering.objects.create(
            kind=Rendering.Kind.PACK,
            meeting=meeting,
            restricted=restricted,
            requested_by=author,
            requested_at=datetime(2005, 11, 15, 9, tzinfo=LONDON),
        ).pk
    )


def test_a_part_one_pack_is_told_with_its_pages_and_agenda(november, members, author):
    """The Part I pack's e-mail: its meeting, the meeting's page, its number of pages
    and the Part I items of the agenda; once, however often it is told."""
    pack = _pack(november.meeting, restricted=False, author=author)
    pack.refresh_from_db()
    assert pack.state == Rendering.State.DONE
    assert pack.page_count > 1
    (message,) = mail.outbox
    assert message.to == ["member@harrow.example"]
    assert (
        message.subject
        == "Agenda pack published: Overview and Scrutiny Committee, 22 November 2005"
    )
    assert message.body == (
        "The agenda pack for the meeting of Overview and Scrutiny Committee, 22 November "
        f"2005 was published ({pack.page_count} pages).\n\n"
        f"Agenda and papers: {SITE}/reports/meetings/{november.meeting_id}/\n\n"
        "The agenda:\n"
        "1. Attendance by Reserve Members\n"
        "2. Declarations of Interest\n"
        "3. Minutes of the previous meeting\n"
        "4. Public Questions\n"
        "5. Harrow IT Services Update Report\n"
        "6. Any Other Business\n"
        "7. Exclusion of the Press and Public\n"
    )
    assert notifications.pack_published_notify(pack=pack) == []
    assert Notice.objects.filter(pack=pack).count() == 1
    assert len(mail.outbox) == 1


def test_a_part_two_pack_is_told_without_its_items(november, members, author):
    """The Part II pack's e-mail names no item: its meeting and a link to sign in."""
    AgendaItem.objects.filter(meeting=november.meeting, exempt=True).update(
        title=marker("agenda-item")
    )
    pack = _pack(november.meeting, restricted=True, author=author)
    (message,) = mail.outbox
    assert message.subject == (
        "Part II (exempt) agenda pack published: Overview and Scrutiny Committee, 22 November 2005"
    )
    assert message.body == (
        "The Part II (exempt) agenda pack for the meeting of Overview and Scrutiny "
        "Committee, 22 November 2005 was published.\n\n"
        "It is not for publication, so this e-mail does not say what is in it. Sign in to "
        f"read it:\n{SITE}/sign-in/?next=%2Freports%2Fmeetings%2F{november.meeting_id}%2F\n"
    )
    assert MARK not in message.subject + message.body
    assert Notice.objects.filter(pack=pack).count() == 1


def test_a_pack_not_ready_is_told_to_nobody(november, members, author):
    """A pack still waiting for the worker is not told."""
    pack = Rendering.objects.create(
        kind=Rendering.Kind.PACK,
        meeting=november.meeting,
        restricted=False,
        requested_by=author,
        requested_at=datetime(2005, 11, 15, 9, tzinfo=LONDON),
    )
    assert notifications.pack_published_notify(pack=pack) == []
    assert mail.outbox == []


def test_publishing_through_the_worker_tells_the_members(november, members, author):
    """A report sent to be published (jobs.publishing_start) is told to the members
    when the worker has published it, once."""
    draft = services.next_report_start(
        previous=november, meeting_date=date(2006, 1, 24), cut_off=date(2006, 1, 10)
    )
    clear(draft)
    draft.refresh_from_db()
    job = jobs.publishing_start(report=draft, version=draft.version, by=author)
    to_members = [m for m in mail.outbox if m.to == ["member@harrow.example"]]
    assert to_members == []  # not before it is published
    make_the_pdfs()
    job.refresh_from_db()
    assert job.state == Rendering.State.DONE
    to_members = [m for m in mail.outbox if m.to == ["member@harrow.example"]]
    assert [m.subject for m in to_members] == ["Report published: Harrow IT Services Update Report"]
    assert f"Read it: {SITE}/reports/{draft.pk}/\n" in to_members[0].body
    assert list(Notice.objects.values_list("user__username", "report")) == [("member", draft.pk)]


def test_a_worker_taking_up_a_publishing_already_done_tells_those_not_told(
    november, members, author
):
    """A worker that froze the report and stopped before telling the members leaves
    it to the next, which tells them (and nobody twice)."""
    draft = services.next_report_start(
        previous=november, meeting_date=date(2006, 1, 24), cut_off=date(2006, 1, 10)
    )
    clear(draft)
    draft.refresh_from_db()
    job = jobs.publishing_start(report=draft, version=draft.version, by=author)
    publishing.publish(report=draft, version=draft.version, by=author)  # then it stopped
    assert [m for m in mail.outbox if m.to == ["member@harrow.example"]] == []
    jobs.publishing_run(job.pk)
    job.refresh_from_db()
    assert job.state == Rendering.State.DONE
    to_members = [m for m in mail.outbox if m.to == ["member@harrow.example"]]
    assert len(to_members) == 1


def test_building_packs_through_the_worker_tells_the_members(november, members, author):
    """Packs asked for (jobs.packs_request) are told when the worker has built them:
    November has a Part II item, so a Part I and a Part II pack, an e-mail each."""
    jobs.packs_request(meeting=november.meeting, by=author)
    assert mail.outbox == []
    make_the_pdfs()
    assert sorted(m.subject for m in mail.outbox) == [
        "Agenda pack published: Overview and Scrutiny Committee, 22 November 2005",
        "Part II (exempt) agenda pack published: Overview and Scrutiny Committee, 22 November 2005",
    ]
    assert Notice.objects.filter(user__username="member", pack__isnull=False).count() == 2


def test_a_member_added_later_is_a_member_too(november, members):
    """Who is told is who is a member when it runs: a new member is told on a retry,
    and the one told already is not told again."""
    notifications.report_published_notify(report=november)
    newcomer = User.objects.create_user("newcomer", email="newcomer@harrow.example")
    newcomer.groups.add(Group.objects.get(name=Role.MEMBER))
    notifications.report_published_notify(report=november)
    assert [m.to for m in mail.outbox] == [["member@harrow.example"], ["newcomer@harrow.example"]]
