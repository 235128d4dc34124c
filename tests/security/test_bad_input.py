"""
Bad input, generated (hypothesis): very long strings, control characters, wrong
types, huge and negative numbers, impossible dates, malformed spreadsheets, thrown
at every form and import. Never a server error; a refusal saves nothing.
"""

import re
from datetime import datetime

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harrow_its.calendar import LONDON
from harrow_its.models import User
from projects.models import Action, Milestone, Project
from reports import services
from reports.models import Report

pytestmark = pytest.mark.django_db

NASTY = st.one_of(
    st.text(max_size=40),
    st.tuples(st.sampled_from(["a", "é", "<", "\u202e"]), st.integers(1000, 30_000)).map(
        lambda pair: pair[0] * pair[1]
    ),  # very long
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-1",
            "-0.01",
            "1e309",
            "NaN",
            "31",
            "32",
            "13",
            "0000",
            "99999",
            "2005-02-30",
            "\x00",
            "a\x00b",
            "\u202e",
            "<script>alert(1)</script>",
            '=HYPERLINK("http://evil.example")',
            "{bvpi157.council@9999-99-99}",
            "9" * 40,
            "yes",
            "no",
            "on",
            "green",
            "purple",
            "Q9 2099/00",
            "£-5",
            "1,2,3",
        ]
    ),
)
# The imports: the indicators' for one department, frequency and period; BVPI 157's.
IMPORTS = [
    "/indicators/results/import/?frequency=monthly&period=October+2005"
    "&department=business-connections",
    "/bvpi-157/inventory/import/",
]
AFTER_OCTOBER_2005 = datetime(2005, 11, 9, 10, tzinfo=LONDON)
FIELD = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')
EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def rows() -> dict[str, int]:
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in {"projects", "indicators", "bvpi", "reports"}
    }


def form_fields(client, url) -> list[str]:
    page = client.get(url).content.decode()
    return sorted(set(FIELD.findall(page)) - {"csrfmiddlewaretoken"})


@pytest.fixture
def forms(client, demo):
    """Every form an officer or author fills in, signed in as someone who may."""
    november = Report.objects.get(series="harrow-it-services-update", meeting__date__month=11)
    draft = services.correction_start(report=november, reason="Fuzzing.")
    paragraph = draft.sections.first().paragraphs.first()
    project = Project.objects.get(code="ICT-SAN")
    milestone = Milestone.objects.filter(project=project).first()
    action = Action.objects.first()
    officer, author = "officer", "author"
    return [
        (officer, f"/capital-projects/{project.code}/updates/new/"),
        (officer, f"/capital-projects/{project.code}/money/new/"),
        (officer, f"/capital-projects/{project.code}/milestones/new/"),
        (officer, f"/capital-projects/{project.code}/milestones/{milestone.pk}/update/"),
        (officer, f"/improvement-plan/actions/{action.pk}/notes/new/"),
        (officer, "/indicators/results/"),
        (officer, "/bvpi-157/business-connections/"),  # read: its GET form (as at)
        (author, f"/reports/{draft.pk}/compose/details/"),
        (author, f"/reports/{draft.pk}/compose/sections/new/"),
        (author, f"/reports/{draft.pk}/compose/paragraphs/{paragraph.pk}/"),
        (author, f"/reports/{draft.pk}/publish/"),
        (author, f"/reports/{november.pk}/correct/"),
        (author, f"/reports/{november.pk}/next/"),
        (None, "/sign-in/"),
    ]


def thrower(client, who, url, names, tried):
    """A hypothesis test that throws generated values at one form."""

    @EXAMPLES
    @given(values=st.fixed_dictionaries(dict.fromkeys(names, NASTY)))
    def throw(values):
        before = rows()
        method = client.get if url.startswith("/bvpi-157/") else client.post
        response = method(url, values)
        tried.append(url)
        # Never a server error. (A valid submission may succeed: a later one may then
        # find the draft published, and not found.)
        assert response.status_code < 500, (url, values, response.status_code)
        if response.status_code != 302 and method is client.post:
            assert rows() == before, (url, values)  # refused: nothing half-saved
        if who:
            client.force_login(User.objects.get(username=who))  # signing in may sign out

    return throw


def test_every_form_takes_anything_without_a_server_error(client, forms):
    tried = []
    for who, url in forms:
        if who:
            client.force_login(User.objects.get(username=who))
        else:
            client.logout()
        names = form_fields(client, url)
        assert names, url
        thrower(client, who, url, names, tried)()
    print(f"\n{len(tried)} generated submissions to {len(forms)} forms: no server error.")


@EXAMPLES
@given(
    content=st.one_of(
        st.binary(max_size=3000),
        st.text(max_size=3000).map(str.encode),
        st.lists(st.lists(NASTY.filter(lambda v: len(v) < 100), max_size=8), max_size=30).map(
            lambda table: "\n".join(",".join(row) for row in table).encode()
        ),
    ),
    name=st.sampled_from(["upload.csv", "upload.xlsx", "upload.txt", "upload"]),
    url=st.sampled_from([IMPORTS[0], IMPORTS[1]]),
)
def test_imports_take_any_file_without_a_server_error(
    client, demo, time_machine, content, name, url
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    time_machine.move_to(AFTER_OCTOBER_2005, tick=False)  # October 2005's results are due
    client.force_login(User.objects.get(username="officer"))
    before = rows()
    response = client.post(url, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code < 500
    if response.status_code != 302:
        assert rows() == before


@pytest.mark.parametrize("url", IMPORTS)
def test_an_oversized_upload_is_refused_whole(client, demo, time_machine, url):
    from django.core.files.uploadedfile import SimpleUploadedFile

    time_machine.move_to(AFTER_OCTOBER_2005, tick=False)
    client.force_login(User.objects.get(username="officer"))
    before = rows()
    big = b"Code,Result\n" + b"SLA-01,95\n" * 400_000  # about 4 MB
    response = client.post(url, {"file": SimpleUploadedFile("big.csv", big)})
    assert response.status_code == 200
    assert "The file must be smaller than 2 MB" in response.content.decode()
    assert rows() == before
