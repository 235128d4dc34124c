"""
Talking to a running portal over HTTP, as a browser would, for the tests that start
real servers and for the benchmarks: a person's session (signed in, second factor
given), its cookies, and forms posted with their CSRF token.
"""

import http.client
import re
import socket
import subprocess
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def signed_in(user) -> str:
    """A session key for `user`, signed in with their second factor given, as if they
    had typed their password and their authenticator app's code."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Test app", defaults={"confirmed": True}
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return session.session_key


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


@dataclass
class Browser:
    """One person's visits to the portal at `port` on loopback, keeping their cookies."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, body: bytes | None = None, **headers) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            response = Response(raw.status, dict(raw.getheaders()), raw.read())
        finally:
            connection.close()
        for name, value in raw.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def submit(self, path: str, data: dict[str, str], *, form_page: str | None = None) -> Response:
        """Post `data` to `path` as the form on `form_page` (default: `path`) would,
        with the CSRF token that page gave."""
        page = self.get(form_page or path)
        token = CSRF_INPUT.search(page.text)
        if token is None:
            raise AssertionError(f"No form with a CSRF token at {form_page or path}: {page.status}")
        body = urlencode({"csrfmiddlewaretoken": token[1], **data}).encode()
        return self.request(
            "POST", path, body, **{"Content-Type": "application/x-www-form-urlencoded"}
        )


def free_port() -> int:
    """A port on loopback that nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    """Wait for a server started in `process` to answer on `port`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The server on port {port} stopped (exit {process.returncode}).")
        try:
            Browser(port).get("/")
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"Nothing answered on port {port} within {seconds} seconds.")
