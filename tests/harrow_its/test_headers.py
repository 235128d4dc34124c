"""Security headers, and Django's deployment checks with production settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def test_every_page_carries_the_security_headers(client, demo):
    response = client.get("/reports/")
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    nonce = re.search(r"'nonce-([^']+)'", directives["script-src"])[1]
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == f"'self' 'nonce-{nonce}'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    page = response.content.decode()
    scripts = re.findall(r"<script[^>]*>", page)
    assert len(scripts) == 2
    assert all(f'nonce="{nonce}"' in script for script in scripts)
    assert "style=" not in page  # no inline styles: style-src 'self' would refuse them
    assert (
        nonce
        != re.search(r"'nonce-([^']+)'", client.get("/reports/")["Content-Security-Policy"])[1]
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_deployment_checks_pass_with_production_settings():
    env = {
        # The environment of a server: not the test run's (DJANGO_ALLOW_ASYNC_UNSAFE).
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}},
        "DEBUG": "false",
        "HTTPS": "true",
        "SECRET_KEY": "x" * 30 + "a-long-production-like-secret-key-0123456789",
        "ALLOWED_HOSTS": "reports.harrow.example",
        "CSRF_TRUSTED_ORIGINS": "https://reports.harrow.example",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout
