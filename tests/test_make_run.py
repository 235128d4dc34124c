"""`make run` serves the portal and its background worker, and Ctrl-C stops them and
the embedded database."""

import os
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.http import free_port

ROOT = Path(__file__).resolve().parents[1]


def wait_for(url, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
                return response.status, response.read().decode()
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def test_make_run_serves_the_portal_and_ctrl_c_stops_the_database(tmp_path):
    port = free_port()
    pgdata = tmp_path / "pgdata"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    env.update(EMBEDDED_PGDATA=str(pgdata), PORT=str(port))
    process = subprocess.Popen(
        [shutil.which("make"), "--no-print-directory", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, as a terminal gives it
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509
    )
    try:
        status, page = wait_for(f"http://127.0.0.1:{port}/")
        assert status == 200
        assert '<h1 class="govuk-heading-xl">IT Services Reporting</h1>' in page
        assert (pgdata / "postmaster.pid").exists()  # the embedded database is running
    finally:
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        output = process.communicate(timeout=60)[0].decode()
    assert "Demo data loaded." in output
    assert "Starting worker" in output  # the background worker (agenda packs)
    assert not (pgdata / "postmaster.pid").exists(), output  # and it has stopped
