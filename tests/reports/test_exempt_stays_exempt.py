"""
Exempt stays exempt in later reports: the changes since the last committee never show
the public what an exempt appendix of the previous report said, and an agenda item is
Part II exactly when its report is.
"""

import json

import pytest
from django.core.exceptions import ValidationError

from harrow_its.models import User
from reports import publishing, services
from reports.assembly import assemble
from reports.models import AGENDA_ITEM_PART, AgendaItem, Report
from reports.pdf import render
from tests.helpers import pdf_text

pytestmark = pytest.mark.django_db

WITHHELD = (
    "Changes to what the previous report's Appendix 2 shows are left out: exempt from "
    "publication under Schedule 12A, as that appendix is."
)
# What the November report's changes say of its capital projects (Appendix 2), each
# from what September's Appendix 2 showed: BTP-MVM and INF-CAB were Green, now Amber;
# their milestones slipped.
SEPTEMBERS_VALUES = [
    "Projects whose RAG status changed",
    "BTP-MVM",
    "INF-CAB",
    "Milestones that slipped",
]


@pytest.fixture
def after_an_exempt_appendix(november):
    """The November report's correction, after a September report whose Appendix 2
    (Capital Project Progress Report) is exempt; the rest of September's is public."""
    september = Report.objects.get(series=november.series, meeting__date__month=9)
    earlier = services.correction_start(report=september, reason="Appendix 2 is exempt.")
    earlier.appendices.filter(number=2).update(exempt=True, exempt_paragraph="3")
    draft = services.correction_start(report=november, reason="After an exempt appendix.")
    assert draft.previous() == earlier
    return draft


def changes_part(text: str) -> str:
    """The changes appendix of a report's text (its last appendix, Appendix 5)."""
    return text[text.index("What changed between the data as at") :]


def test_the_public_version_shows_no_value_of_the_previous_reports_exempt_appendix(
    after_an_exempt_appendix, tmp_path
):
    full = assemble(after_an_exempt_appendix)
    public = full.without_exempt_parts()

    html = changes_part(publishing.report_html(public))
    assert WITHHELD.replace("'", "&#x27;") in html
    assert html.count("Left out (exempt).") == 1  # capital projects; the rest is shown
    assert "No action is new, completed or newly overdue." not in html  # actions: shown
    assert "3.1" in html
    for value in SEPTEMBERS_VALUES:
        assert value not in html
    data = json.loads(public.as_json())["appendices"][4]["content"]
    assert (data["projects"], data["milestones"], data["forecasts"]) == ([], [], [])
    assert data["withheld"] == [
        ["projects", "the previous report's Appendix 2"],
        ["milestones", "the previous report's Appendix 2"],
        ["forecasts", "the previous report's Appendix 2"],
    ]
    assert data["actions"] != []
    text = changes_part(
        pdf_text(render(publishing.report_print_html(public, draft=False), []).pdf, tmp_path)
    )
    assert " ".join(WITHHELD.split()) in text
    for value in SEPTEMBERS_VALUES:
        assert value not in text


def test_the_members_version_still_shows_the_changes(after_an_exempt_appendix):
    """Members may read Part II: their version has the changes, and so publishing makes
    a public version and theirs."""
    full = assemble(after_an_exempt_appendix)
    assert full.has_exempt_parts
    changes = full.appendices[4].content
    assert changes.withheld == ()
    assert [(p.code, p.was, p.now) for p in changes.projects] == [
        ("BTP-MVM", "Green", "Amber"),
        ("INF-CAB", "Green", "Amber"),
    ]
    html = changes_part(publishing.report_html(full))
    assert "Left out (exempt)." not in html
    assert "Projects whose RAG status changed" in html


@pytest.mark.parametrize(("who", "sees"), [("officer", False), ("author", True)])
def test_the_drafts_page_shows_the_changes_only_to_those_who_may_read_part_ii(
    client, after_an_exempt_appendix, who, sees
):
    client.force_login(User.objects.get(username=who))
    response = client.get(f"/reports/{after_an_exempt_appendix.pk}/")
    assert response.status_code == 200
    page = changes_part(response.content.decode())
    assert (WITHHELD.replace("'", "&#x27;") in page) is not sees
    for value in SEPTEMBERS_VALUES:
        assert (value in page) is sees


def test_a_public_report_after_public_appendices_leaves_nothing_out(november):
    assert not assemble(november).has_exempt_parts
    assert assemble(november).without_exempt_parts().appendices[4].content.withheld == ()


@pytest.mark.parametrize(("number", "exempt"), [(5, True), (8, False)])
def test_an_agenda_items_part_must_be_its_reports(november, number, exempt):
    item = AgendaItem.objects.get(meeting=november.meeting, number=number)
    report = item.report()
    assert report.exempt is not exempt
    item.exempt, item.exempt_paragraph = exempt, "1" if exempt else ""
    with pytest.raises(ValidationError) as refused:
        item.full_clean()
    assert refused.value.message_dict == {
        "exempt": [AGENDA_ITEM_PART.format(title=report.subject, part=report.part)]
    }
    item.exempt, item.exempt_paragraph = report.exempt, report.exempt_paragraph
    item.full_clean()  # as it was: no complaint


def test_an_item_without_a_report_may_be_either(november):
    item = AgendaItem.objects.get(meeting=november.meeting, number=6)  # Any Other Business
    assert item.report() is None
    for exempt in (False, True):
        item.exempt, item.exempt_paragraph = exempt, "3" if exempt else ""
        item.full_clean()


def test_the_admin_shows_why_an_item_cannot_be_part_i(client, november):
    meeting = november.meeting
    client.force_login(User.objects.get(username="admin"))
    items = list(meeting.agenda.all())
    data = {
        "committee": meeting.committee_id,
        "date": meeting.date.isoformat(),
        "agenda-TOTAL_FORMS": len(items),
        "agenda-INITIAL_FORMS": len(items),
        "agenda-MIN_NUM_FORMS": 0,
        "agenda-MAX_NUM_FORMS": 1000,
    }
    for n, item in enumerate(items):
        data |= {
            f"agenda-{n}-id": item.pk,
            f"agenda-{n}-meeting": meeting.pk,
            f"agenda-{n}-number": item.number,
            f"agenda-{n}-title": item.title,
            f"agenda-{n}-series": item.series,
        }
        if item.exempt and item.number != 8:  # item 8: the Part II report, made Part I
            data[f"agenda-{n}-exempt"] = "on"
    before = list(meeting.agenda.values_list("number", "exempt"))

    response = client.post(f"/admin/reports/meeting/{meeting.pk}/change/", data)

    assert response.status_code == 200  # the form again, with the error
    part_two = Report.objects.get(series="hits-restructure-staffing")
    message = AGENDA_ITEM_PART.format(title=part_two.subject, part="Part II")
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert list(meeting.agenda.values_list("number", "exempt")) == before  # nothing saved
