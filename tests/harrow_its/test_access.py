"""Every route has an explicit access policy, and the policies hold."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path

import harrow_its.urls
from harrow_its.access import AUTHORS, DELEGATED, PUBLIC, SIGNED_IN, STAFF, policy_of


def walk(patterns, namespace=None, prefix=""):
    """Yield (route, namespace, view) for every URL pattern, resolvers included."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(
                pattern.url_patterns,
                pattern.namespace or namespace,
                prefix + str(pattern.pattern),
            )
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace, pattern.callback


def test_every_route_has_an_access_policy():
    """No route in the URL configuration lacks a policy (or a delegated namespace)."""
    routes = list(walk(get_resolver().url_patterns))
    assert len(routes) > 10  # the walk found the routes, the admin's included
    unpoliced = [
        route
        for route, namespace, view in routes
        if namespace not in DELEGATED and policy_of(view) is None
    ]
    assert unpoliced == []


def test_routes_declare_the_expected_policies():
    routes = {route: policy_of(view) for route, _, view in walk(get_resolver().url_patterns)}
    assert routes[""] is PUBLIC
    assert routes["sign-in/"] is PUBLIC
    assert routes["sign-out/"] is PUBLIC
    assert routes["reports/"] is PUBLIC
    assert routes["capital-projects/"] is STAFF
    assert routes["improvement-plan/"] is STAFF
    assert routes["indicators/"] is STAFF
    assert routes["bvpi-157/"] is STAFF


def unpoliced_view(request):
    raise AssertionError("An unpoliced view must never run.")


urlpatterns = [path("open/", unpoliced_view), *harrow_its.urls.urlpatterns]


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.django_db
def test_a_view_without_a_policy_is_refused(client, admin_user):
    """A route added without a policy is closed to everyone, administrators included."""
    client.force_login(admin_user)
    response = client.get("/open/")
    assert response.status_code == 403
    assert "This page has no access policy" in response.content.decode()


STAFF_PAGES = ["/capital-projects/", "/improvement-plan/", "/indicators/", "/bvpi-157/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", STAFF_PAGES)
def test_anonymous_visitors_are_asked_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next={url}"


@pytest.mark.django_db
@pytest.mark.parametrize("url", STAFF_PAGES)
@pytest.mark.parametrize(
    ("who", "status"), [("officer", 200), ("author", 200), ("admin_user", 200), ("member", 403)]
)
def test_staff_pages_by_role(client, request, url, who, status):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url)
    assert response.status_code == status


@pytest.mark.django_db
def test_refusal_says_who_may(client, member):
    client.force_login(member)
    response = client.get("/capital-projects/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot open this page" in page
    assert "This page is open to: Officers, report authors and administrators." in page


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["officer", "author", "member", "admin_user"])
def test_public_pages_open_to_all(client, request, who):
    assert client.get("/reports/").status_code == 200
    client.force_login(request.getfixturevalue(who))
    assert client.get("/reports/").status_code == 200
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_admin_site_lets_in_only_staff(client, officer, admin_user):
    assert client.get("/admin/").status_code == 302
    client.force_login(officer)
    assert client.get("/admin/").status_code == 302
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200


def test_inactive_accounts_hold_no_role(officer, admin_user):
    """A closed account keeps its groups but loses its roles, superusers' too."""
    officer.is_active = admin_user.is_active = False
    assert officer.roles == admin_user.roles == frozenset()
    assert not STAFF.allows(officer)
    assert not STAFF.allows(admin_user)


def test_signed_in_policy(officer, member):
    assert SIGNED_IN.allows(officer)
    assert SIGNED_IN.allows(member)
    assert not SIGNED_IN.allows(AnonymousUser())


def test_policies_by_role(officer, author, member, admin_user):
    assert [STAFF.allows(u) for u in (officer, author, member, admin_user)] == [
        True,
        True,
        False,
        True,
    ]
    assert [AUTHORS.allows(u) for u in (officer, author, member, admin_user)] == [
        False,
        True,
        False,
        True,
    ]
