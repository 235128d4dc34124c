"""
Bad input, generated (hypothesis): very long strings, control characters, wrong
types, huge and negative numbers, impossible dates, malformed spreadsheets, thrown
at every form and import, and at the path and query string of every route. Never a
server error; a refusal saves nothing. A NUL in the address is a 400 (PostgreSQL's
text cannot hold one); a date too big to be one is the field's own message.
"""

# The permission matrix's fixture is imported, and named again as an argument.
# ruff: noqa: F401, F811

import re
from datetime import datetime
from urllib.parse import quote, urlencode

import pytest
from django.apps import apps
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harrow_its.calendar import LONDON
from harrow_its.models import User
from projects.models import Action, Milestone, Project
from reports import services
from reports.models import Report
from tests.security.test_permission_matrix import cases, world

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
            "99999999999999999999",  # too big for a C int: datetime.date overflows
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


HUGE = "99999999999999999999"  # over any integer column, and datetime.date's C int
HUGE_DAY = {"as_at_day": HUGE, "as_at_month": "1", "as_at_year": "2005"}
NOT_A_REAL_DATE = "The date must be a real date"
BAD_ADDRESS = "There is a problem with the web address"  # templates/400.html
# The names the pages read from their query strings (as-at forms, filters, tables,
# grids, the sign-in's next page), and one none reads.
QUERY_NAMES = [
    "as_at_day", "as_at_month", "as_at_year", "q", "department", "programme", "rag",
    "area", "status", "overdue", "source", "frequency", "period", "sort", "page",
    "_export", "section", "next", "anything",
]  # fmt: skip
ROLES = [None, "officer", "author"]  # some pages need signing in, some an author
MARK = "987654321"  # a path argument every converter takes (int, str and slug)


def route_urls(world) -> list[tuple[str, str, list[str]]]:
    """Every route (the permission matrix's table) with real arguments: its name, its
    URL, and its URL with each path argument in turn as MARK."""
    found = []
    for route, _, kwargs, *_ in cases(world):
        marked = [reverse(route, kwargs={**kwargs, name: MARK}) for name in kwargs]
        found.append((route, reverse(route, kwargs=kwargs), marked))
    return found


def html(response) -> str:
    """The page, or nothing if the response is not one (a PDF, a spreadsheet)."""
    is_page = response.get("Content-Type", "").startswith("text/html")
    return response.content.decode() if is_page else ""


def sign_in_as(client, who):
    client.logout()
    if who:
        client.force_login(User.objects.get(username=who))


def test_a_nul_or_a_huge_number_anywhere_in_any_address_is_never_a_server_error(client, world):
    """Every route, as the public, an officer and an author: a NUL in a path argument
    or a query value is a 400; a huge number in a path argument is refused or not found;
    a huge day in the as-at form is the form's message.

    The NUL is refused before any page reads the query string (harrow_its/middleware.py),
    whatever its name: each route, as each role, gets it in one of the query names, in
    turn, so that every name is tried on many routes (and every route by every role)."""
    wrong, tried, nul_names = [], 0, set()
    for who_number, who in enumerate(ROLES):
        sign_in_as(client, who)
        for route_number, (route, url, marked) in enumerate(route_urls(world)):

            def get(address, who=who):
                nonlocal tried
                tried += 1
                response = client.get(address)
                if who:
                    sign_in_as(client, who)  # signing in (or out) may sign out
                return response

            for address in marked:
                response = get(address.replace(MARK, quote("\x00")))
                if response.status_code != 400 or BAD_ADDRESS not in html(response):
                    wrong.append(f"{who} {route} NUL in the path: {response.status_code}")
                response = get(address.replace(MARK, HUGE))
                if response.status_code >= 500:
                    wrong.append(f"{who} {route} huge path argument: {response.status_code}")
            name = QUERY_NAMES[(route_number + who_number * 7) % len(QUERY_NAMES)]
            nul_names.add(name)
            response = get(f"{url}?{urlencode({name: 'a' + chr(0)})}")
            if response.status_code != 400 or BAD_ADDRESS not in html(response):
                wrong.append(f"{who} {route} NUL in ?{name}: {response.status_code}")
            response = get(f"{url}?{urlencode(dict.fromkeys(QUERY_NAMES, HUGE))}")
            if response.status_code >= 500:
                wrong.append(f"{who} {route} huge query values: {response.status_code}")
            response = get(f"{url}?{urlencode(HUGE_DAY)}")
            page = html(response)
            if response.status_code >= 500 or (
                'name="as_at_day"' in page and NOT_A_REAL_DATE not in page
            ):
                wrong.append(f"{who} {route} a huge as-at day: {response.status_code}")
    print(f"\n{tried} requests with NULs and huge numbers in the address: no server error.")
    assert wrong == [], "\n".join(wrong)
    assert nul_names == set(QUERY_NAMES)


def test_the_as_at_pages_say_a_huge_day_is_not_a_real_date(client, world):
    """Each page with an as-at form, as an author: the form's message, not a 500."""
    sign_in_as(client, "author")
    pages = 0
    for _, url, _ in route_urls(world):
        if 'name="as_at_day"' not in html(client.get(url)):
            continue
        pages += 1
        response = client.get(f"{url}?{urlencode(HUGE_DAY)}")
        assert response.status_code == 200, url
        assert NOT_A_REAL_DATE in response.content.decode(), url
    assert pages >= 8  # projects, actions, indicators and BVPI 157's pages, a draft report


@pytest.mark.parametrize(
    "url", ["/capital-projects/%00/", "/indicators/%00/", "/indicators/?q=%00"]
)
def test_a_nul_in_the_address_is_a_bad_request_page(client, officer, url):
    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'<h1 class="govuk-heading-xl">{BAD_ADDRESS}</h1>' in page
    assert '<header class="govuk-template__header">' in page  # the portal's own layout


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken"])
def test_a_nul_in_a_cookie_is_a_bad_request(client, db, cookie):
    """The session cookie is looked up in the database: a NUL in it would be a 500."""
    client.cookies[cookie] = "abcdefgh\x00ijklmnop"
    response = client.get("/")
    assert response.status_code == 400
    assert BAD_ADDRESS in response.content.decode()


def test_every_date_field_says_a_huge_day_is_not_a_real_date(client, forms):
    """Every form with a date, posted with a day too big for a date: the field's own
    message, and nothing saved."""
    dated = 0
    for who, url in forms:
        sign_in_as(client, who)
        days = [name for name in form_fields(client, url) if name.endswith("_day")]
        if not days or url.startswith("/bvpi-157/"):  # (its only date is the as-at GET form)
            continue
        dated += 1
        before = rows()
        values = {}
        for day in days:
            field = day.removesuffix("_day")
            values |= {day: HUGE, f"{field}_month": "1", f"{field}_year": "2005"}
        response = client.post(url, values)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "must be a real date" in page, url
        assert rows() == before, url
    assert dated >= 5


@EXAMPLES
@given(
    case=st.integers(min_value=0),
    argument=st.one_of(
        st.integers(min_value=10**18).map(str),
        st.text(min_size=1, max_size=30).map(lambda text: quote(text, safe="")),
        st.sampled_from([quote("\x00"), "a%00b", HUGE, "-" + HUGE, "0"]),
    ),
    query=st.dictionaries(st.sampled_from(QUERY_NAMES), NASTY, max_size=4),
    who=st.sampled_from(ROLES),
)
def test_generated_paths_and_query_strings_are_never_a_server_error(
    client, world, case, argument, query, who
):
    urls = route_urls(world)
    route, url, marked = urls[case % len(urls)]
    sign_in_as(client, who)
    address = marked[case % len(marked)].replace(MARK, argument) if marked else url
    response = client.get(f"{address}?{urlencode(query)}")
    assert response.status_code < 500, (route, address, query, who)
    if "%00" in address or any("\x00" in key + value for key, value in query.items()):
        assert response.status_code == 400, (route, address, query, who)
