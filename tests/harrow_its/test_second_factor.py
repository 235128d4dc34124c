"""The second factor: staff confirm each sign-in with an authenticator app's code, or a
recovery code; setting the app up the first time; members are not asked."""

import re
import time

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.helpers import code_of

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def password(client, username):
    response = client.post("/sign-in/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def test_setting_the_app_up_then_signing_in_with_it(client, officer, django_user_model):
    password(client, "officer")
    response = client.get("/capital-projects/")
    assert response["Location"] == "/sign-in/set-up/?next=%2Fcapital-projects%2F"
    set_up_page = client.get(response["Location"])
    assert "no-store" in set_up_page["Cache-Control"]  # it shows the secret key
    page = set_up_page.content.decode()
    assert '<svg width="' in page  # the QR code
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    secret = re.search(r'<code class="app-secret">([A-Z2-7]+)</code>', page)[1]
    assert len(secret) == 32

    wrong = client.post("/sign-in/set-up/", {"code": "000000", "next": "/capital-projects/"})
    assert "Enter the 6-digit code your authenticator app shows now" in wrong.content.decode()
    time.sleep(1.1)  # after a wrong code the app's codes are refused for a second (throttling)
    response = client.post(
        "/sign-in/set-up/", {"code": code_of(device), "next": "/capital-projects/"}
    )
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.values_list("token", flat=True))
    assert client.get("/capital-projects/").status_code == 200

    # The next sign-in asks for a code; a recovery code works, once.
    client.post("/sign-out/")
    password(client, "officer")
    assert client.get("/capital-projects/")["Location"].startswith("/sign-in/verify/")
    response = client.post("/sign-in/verify/", {"code": codes[0], "next": "/capital-projects/"})
    assert response["Location"] == "/capital-projects/"
    assert client.get("/capital-projects/").status_code == 200
    client.post("/sign-out/")
    password(client, "officer")
    response = client.post("/sign-in/verify/", {"code": codes[0]})
    assert "Enter the 6-digit code" in response.content.decode()  # used: refused
    assert client.get("/capital-projects/").status_code == 302


def test_every_page_waits_for_the_code(client, author):
    TOTPDevice.objects.create(user=author, name="App", confirmed=True)
    password(client, "author")
    for url in ("/", "/reports/", "/capital-projects/", "/admin/"):
        assert client.get(url)["Location"].startswith("/sign-in/verify/?next="), url
    assert client.get("/sign-in/verify/").status_code == 200
    assert client.post("/sign-out/").status_code == 200  # signing out needs no code


def test_members_are_not_asked(client, member):
    password(client, "member")
    assert client.get("/reports/").status_code == 200


def test_a_code_cannot_send_someone_off_site(client, author):
    device = TOTPDevice.objects.create(user=author, name="App", confirmed=True)
    password(client, "author")
    response = client.post(
        "/sign-in/verify/", {"code": code_of(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
