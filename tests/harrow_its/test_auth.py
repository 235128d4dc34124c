"""Signing in and out, lock-outs after repeated failures, and idle sessions."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.utils import timezone

from harrow_its.forms import ENTER_PASSWORD, ENTER_USERNAME, INVALID_SIGN_IN

PASSWORD = "a-long-test-password"
pytestmark = pytest.mark.django_db


def sign_in(client, username, password=PASSWORD, address="192.0.2.10", next_url=""):
    return client.post(
        "/sign-in/",
        {"username": username, "password": password, "next": next_url},
        REMOTE_ADDR=address,
    )


def test_sign_in_page_labels(client):
    page = client.get("/sign-in/").content.decode()
    assert '<label class="govuk-label" for="id_username">Username</label>' in page
    assert '<label class="govuk-label" for="id_password">Password</label>' in page
    button = (
        '<button type="submit" class="govuk-button" data-module="govuk-button">Sign in</button>'
    )
    assert button in page


def test_signing_in_goes_home_and_shows_sign_out(client, officer):
    response = sign_in(client, "officer")
    assert response.status_code == 302
    assert response["Location"] == "/"
    # An officer gives the second factor first (test_second_factor.py): then home.
    assert client.get("/")["Location"] == "/sign-in/set-up/?next=%2F"
    client.force_login(officer)  # signed in with the code given
    page = client.get("/").content.decode()
    assert ">Sign out</button>" in page
    assert "You are signed in as <strong>officer</strong> (Officer)." in page
    assert "You update the work of: Urban Living." in page


def test_signing_in_returns_to_the_page_asked_for(client, officer):
    response = sign_in(client, "officer", next_url="/indicators/")
    assert response["Location"] == "/indicators/"


def test_signing_in_never_redirects_off_site(client, officer):
    response = sign_in(client, "officer", next_url="https://evil.example/")
    assert response["Location"] == "/"


def test_wrong_password_shows_error_beside_the_form(client, officer):
    response = sign_in(client, "officer", "wrong-password-here")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: Sign in – IT Services Reporting – Your council</title>" in page
    assert "There is a problem" in page
    assert f'<a href="#id_username">{INVALID_SIGN_IN}</a>' in page
    assert 'value="officer"' in page  # what was typed is kept
    assert "_auth_user_id" not in client.session


def test_empty_fields_get_their_own_messages(client):
    page = sign_in(client, "", "").content.decode()
    assert f'<a href="#id_username">{ENTER_USERNAME}</a>' in page
    assert f'<a href="#id_password">{ENTER_PASSWORD}</a>' in page
    assert (
        '<p id="id_username_error" class="govuk-error-message">'
        f'<span class="govuk-visually-hidden">Error:</span> {ENTER_USERNAME}</p>'
    ) in page
    assert 'aria-describedby="id_username_error"' in page
    assert 'class="govuk-input govuk-input--error"' in page


def test_sign_out_needs_post_and_ends_the_session(client, officer):
    client.force_login(officer)
    assert client.get("/sign-out/").status_code == 405
    response = client.post("/sign-out/")
    assert response.status_code == 200
    assert "You have signed out" in response.content.decode()
    assert client.get("/capital-projects/").status_code == 302


def test_signing_in_renews_the_session_key(client, officer):
    client.get("/sign-in/")
    client.session.save()
    before = client.session.session_key
    sign_in(client, "officer")
    assert client.session.session_key != before


class TestLockout:
    """Five failures for a username from an address lock that pair out for 15 minutes."""

    def fail(self, client, times, username="officer", address="192.0.2.10"):
        """Fail `times` times, the last of them reaching the limit."""
        for attempt in range(1, times + 1):
            response = sign_in(client, username, "wrong-password-here", address)
            assert response.status_code == (429 if attempt == 5 else 200)

    def test_the_fifth_failure_locks_out_even_the_right_password(self, client, officer):
        self.fail(client, 4)
        response = sign_in(client, "officer", "wrong-password-here")
        assert response.status_code == 429
        page = response.content.decode()
        assert '<h1 class="govuk-heading-xl">Too many attempts to sign in</h1>' in page
        assert "There have been 5 unsuccessful attempts to sign in with this username" in page
        assert "Try again in 15 minutes." in page
        assert sign_in(client, "officer").status_code == 429
        assert "_auth_user_id" not in client.session

    def test_four_failures_then_success_resets_the_count(self, client, officer):
        self.fail(client, 4)
        assert sign_in(client, "officer").status_code == 302
        client.post("/sign-out/")
        self.fail(client, 4)
        assert sign_in(client, "officer").status_code == 302

    def test_lockout_is_per_username_and_address(self, client, officer, author):
        self.fail(client, 5)
        assert sign_in(client, "officer").status_code == 429
        assert sign_in(client, "author").status_code == 302  # another user, same address
        client.post("/sign-out/")
        assert sign_in(client, "officer", address="198.51.100.7").status_code == 302

    def test_lockout_ends_after_the_cool_off(self, client, officer):
        self.fail(client, 5)
        assert sign_in(client, "officer").status_code == 429
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
        assert sign_in(client, "officer").status_code == 302


class TestIdleSessions:
    """A session ends after 30 minutes without a request; each request renews it."""

    def test_session_lasts_thirty_idle_minutes(self, client, officer):
        sign_in(client, "officer")
        session = Session.objects.get(session_key=client.session.session_key)
        remaining = session.expire_date - timezone.now()
        assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)

    def test_each_request_pushes_the_expiry_on(self, client, member):
        sign_in(client, "member")  # a member: no second factor to give first
        key = client.session.session_key
        Session.objects.filter(session_key=key).update(
            expire_date=timezone.now() + timedelta(minutes=1)
        )
        assert client.get("/reports/").status_code == 200
        remaining = Session.objects.get(session_key=key).expire_date - timezone.now()
        assert remaining > timedelta(minutes=29)

    def test_an_idle_session_is_signed_out(self, client, officer):
        sign_in(client, "officer")
        Session.objects.filter(session_key=client.session.session_key).update(
            expire_date=timezone.now() - timedelta(seconds=1)
        )
        response = client.get("/capital-projects/")
        assert response.status_code == 302
        assert response["Location"] == "/sign-in/?next=/capital-projects/"
