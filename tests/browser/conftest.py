"""
The browser harness: Debian's Chromium driven by Playwright against a live server,
and axe-core's WCAG 2.2 A and AA rules run on every page a test visits.

Use the `site` fixture for a live server with the demo data, `sign_in` to sign in
through the form, and `axe` after each page a test reaches.
"""

import json
import os
from pathlib import Path

import pytest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from harrow_its.demo import DEMO_PASSWORD
from harrow_its.models import User

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: Playwright cannot download its own browsers here."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",  # as root
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "en-GB"}


@pytest.fixture
def site(live_server, transactional_db, demo):
    """The live server's address, with the demo data loaded (reference data included:
    an earlier test's flush may have emptied the tables the data migrations fill)."""
    return live_server.url


def recovery_code(username) -> str:
    """A fresh recovery code for `username`, with an authenticator app set up: the
    browser tests sign staff in with one (test_second_factor.py tests the app's codes)."""
    user = User.objects.get(username=username)
    TOTPDevice.objects.get_or_create(user=user, name="Test app", defaults={"confirmed": True})
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Recovery codes")
    token = StaticToken.random_token()
    device.token_set.create(token=token)
    return token


@pytest.fixture
def sign_in(site):
    """Sign in through the form, as a person would."""

    def sign_in(page, username, password=DEMO_PASSWORD):
        code = recovery_code(username)
        page.goto(f"{site}/sign-in/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        if "/sign-in/verify/" in page.url:  # a staff account: the second factor
            page.get_by_label("Code").fill(code)
            page.get_by_role("button", name="Continue").click()
            page.wait_for_load_state()

    return sign_in


@pytest.fixture(scope="session")
def axe():
    """Run axe-core's WCAG 2.2 A and AA rules on the page; fail on any violation."""
    source = AXE.read_text()

    def check(page):
        page.evaluate(source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA
        )
        violations = [
            {
                "rule": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "where": [node["target"] for node in violation["nodes"]],
            }
            for violation in result["violations"]
        ]
        assert violations == [], f"axe: {page.url}\n{json.dumps(violations, indent=2)}"
        return len(result["passes"])

    return check


@pytest.fixture
def page(page):
    """Playwright's page, failing the test if the browser refused anything under the
    Content Security Policy (it says so on the console)."""
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    assert refused == []
