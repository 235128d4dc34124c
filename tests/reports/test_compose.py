"""Authors compose a draft in the browser's forms: what is saved, and what is refused."""

from datetime import date

import pytest

from reports import services
from reports.models import Paragraph, Report
from tests.helpers import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(november):
    """The January 2006 report, started from the published November one."""
    return services.next_report_start(
        previous=november, meeting_date=date(2006, 1, 24), cut_off=date(2006, 1, 10)
    )


def paragraph_data(draft, **changes):
    section = draft.sections.get(number=2)
    return {
        "version": draft.version,
        "section": section.pk,
        "number": "2.7",
        "heading": "",
        "body": "The new telephony system is live.",
        "exempt": "no",
        "exempt_paragraph": "",
        **changes,
    }


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("officer", 403), ("member", 403)])
def test_only_authors_compose(client, draft, who, status):
    if who:
        login(client, who)
    paragraph = Paragraph.objects.filter(section__report=draft).first()
    for url in (
        "compose/",
        "compose/details/",
        "compose/sections/new/",
        f"compose/paragraphs/{paragraph.pk}/",
        f"compose/paragraphs/{paragraph.pk}/remove/",
        "publish/",
        "next/",
    ):
        assert client.get(f"/reports/{draft.pk}/{url}").status_code == status
        posted = client.post(f"/reports/{draft.pk}/{url}").status_code
        assert posted == (405 if url == "compose/" else status)  # the overview takes no POST
    assert Report.objects.get(pk=draft.pk).version == draft.version


def test_the_next_report_starts_from_the_last(draft):
    assert (draft.meeting.date, draft.cut_off, draft.state) == (
        date(2006, 1, 24),
        date(2006, 1, 10),
        "draft",
    )
    november = Report.objects.get(meeting__date=date(2005, 11, 22), series=draft.series)

    def text(report):
        return [
            (p.section.number, p.order, p.number, p.body)
            for p in Paragraph.objects.filter(section__report=report).order_by(
                "section__number", "order"
            )
        ]

    assert text(draft) == text(november)
    assert len(text(draft)) == 19
    assert [a.kind for a in draft.appendices.all()] == [a.kind for a in november.appendices.all()]


def test_an_author_adds_a_paragraph_in_plain_text(client, draft):
    login(client, "author")
    body = "The new telephony system is live.\n\nIt has\n<script>alert(1)</script>two lines."
    response = client.post(
        f"/reports/{draft.pk}/compose/paragraphs/new/", paragraph_data(draft, body=body)
    )
    assert response.url == f"/reports/{draft.pk}/compose/"
    paragraph = Paragraph.objects.get(section__report=draft, number="2.7")
    assert paragraph.body == "<p>The new telephony system is live.</p><p>It has<br>two lines.</p>"
    assert paragraph.order == 7  # after 2.6
    page = client.get(f"/reports/{draft.pk}/").content.decode()
    assert '<div class="app-report__paragraph" id="paragraph-2.7">' in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"body": ""}, "body", "Enter the text"),
        ({"body": "<script>x</script>"}, "body", "Enter the text of the paragraph"),
        ({"body": "Score {bvpi157.county}"}, "body", "{bvpi157.county} is not a figure"),
        ({"body": "On {as_at@2005-02-30}"}, "body", "has a date that does not exist"),
        ({"number": "two"}, "number", "Enter the paragraph number as numbers and dots"),
        ({"exempt": "yes"}, "exempt_paragraph", "Enter the paragraph of Schedule 12A"),
        ({"exempt": "maybe"}, "exempt", "Select no or yes"),
        ({"section": "999999"}, "section", "Select the section from the list"),
        ({"body": "x" * 20_001}, "body", "must be 20,000 characters or fewer"),
        ({"version": "abc"}, "version", "Enter a whole number."),
    ],
)
def test_bad_paragraphs_are_refused_next_to_the_field(client, draft, changes, field, message):
    login(client, "author")
    response = client.post(
        f"/reports/{draft.pk}/compose/paragraphs/new/", paragraph_data(draft, **changes)
    )
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert not Paragraph.objects.filter(section__report=draft, number="2.7").exists()


def test_of_two_authors_editing_at_once_the_second_is_refused(client, draft):
    login(client, "author")
    paragraph = Paragraph.objects.get(section__report=draft, number="2.1")
    url = f"/reports/{draft.pk}/compose/paragraphs/{paragraph.pk}/"
    first = paragraph_data(draft, number="2.1", body="First author's text.")
    second = paragraph_data(draft, number="2.1", body="Second author's text.")
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert "Someone else changed this report" in response.content.decode()
    assert "Second author&#x27;s text." in response.content.decode()  # what they typed is kept
    paragraph.refresh_from_db()
    assert paragraph.body == "<p>First author's text.</p>"
    resubmitted = response.context["form"]["version"].value()
    assert client.post(url, {**second, "version": resubmitted}).status_code == 302
    paragraph.refresh_from_db()
    assert paragraph.body == "<p>Second author's text.</p>"


def test_the_details_form(client, draft):
    login(client, "author")
    url = f"/reports/{draft.pk}/compose/details/"
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data |= {"cut_off_day": "20", "cut_off_month": "1", "cut_off_year": "2006"}
    response = client.post(url, {**data, "cut_off_day": "25"})
    assert "The data as at date must be on or before the meeting, 24 January 2006" in str(
        response.context["form"].errors["cut_off"]
    )
    response = client.post(url, {**data, "exempt": "yes"})
    assert response.context["form"].errors["exempt_paragraph"] == [
        "Enter the paragraph of Schedule 12A it is exempt under"
    ]
    response = client.post(url, {**data, "subject": "IT Services Update, January 2006"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.subject, draft.cut_off) == ("IT Services Update, January 2006", date(2006, 1, 20))


def test_sections_and_removing_a_paragraph(client, draft):
    login(client, "author")
    response = client.post(
        f"/reports/{draft.pk}/compose/sections/new/",
        {"version": draft.version, "number": "5", "title": "Telephony"},
    )
    assert response.context["form"].errors["number"] == [
        "There is already a section 5: choose another number"
    ]
    client.post(
        f"/reports/{draft.pk}/compose/sections/new/",
        {"version": draft.version, "number": "6", "title": "Telephony"},
    )
    assert draft.sections.get(number=6).title == "Telephony"
    draft.refresh_from_db()
    paragraph = Paragraph.objects.get(section__report=draft, number="2.6")
    url = f"/reports/{draft.pk}/compose/paragraphs/{paragraph.pk}/remove/"
    assert "Digital TV is now" in client.get(url).content.decode()
    client.post(url, {"version": draft.version})
    assert not Paragraph.objects.filter(pk=paragraph.pk).exists()


def test_the_next_report_must_be_for_a_later_meeting(client, draft):
    login(client, "author")
    response = client.post(
        f"/reports/{draft.pk}/next/",
        {
            "meeting_date_day": "1",
            "meeting_date_month": "1",
            "meeting_date_year": "2006",
            "cut_off_day": "2",
            "cut_off_month": "1",
            "cut_off_year": "2006",
        },
    )
    errors = response.context["form"].errors
    assert errors["meeting_date"] == ["The meeting date must be after 24 January 2006"]
    assert errors["cut_off"] == ["The data as at date must be on or before the meeting"]
