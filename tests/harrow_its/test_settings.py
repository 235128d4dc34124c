"""Settings come from the environment; the database is PostgreSQL, one way or the other."""

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from harrow_its.apps import GC_THRESHOLDS

ROOT = Path(__file__).resolve().parents[2]

# Prints the server's version and the database it is connected to.
PROBE = (
    "import django; django.setup(); from django.db import connection;"
    "cursor = connection.cursor(); cursor.execute('SELECT version(), current_database()');"
    "print(*cursor.fetchone(), sep='|')"
)


def environment(**env):
    """This process's environment without a database or key, with `env`'s changes."""
    environ = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    environ["DJANGO_SETTINGS_MODULE"] = "harrow_its.settings"
    environ.update({k: v for k, v in env.items() if v is not None})
    return environ


def run(code, **env):
    """Run Python code in a fresh process with the given environment changes."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run("import django; django.setup()", DEBUG="false")
    assert result.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY is not set." in result.stderr


def test_debug_mode_starts_without_a_secret_key():
    result = run("import django; django.setup(); print('started')", DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "started\n"


def test_a_mistyped_boolean_is_refused_by_name():
    result = run("import django; django.setup()", DEBUG="maybe")
    assert "ImproperlyConfigured: DEBUG must be true or false, not 'maybe'." in result.stderr


def test_settings_read_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.SESSION_COOKIE_AGE, s.SESSION_COOKIE_SECURE,"
        " s.LANGUAGE_CODE, s.TIME_ZONE, s.USE_TZ)"
    )
    result = run(
        code,
        SECRET_KEY="k" * 50,
        ALLOWED_HOSTS="reports.harrow.example, localhost",
        SESSION_IDLE_MINUTES="20",
        HTTPS="true",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "False ['reports.harrow.example', 'localhost'] 1200 True en-gb Europe/London True\n"
    )


@pytest.mark.django_db
def test_database_url_selects_the_server(django_db_blocker):
    """With DATABASE_URL, a process connects to that server: here, the test database's."""
    params = connection.get_connection_params()
    host = params.get("host") or "localhost"
    url = (
        f"postgres://{params['user']}@{host.replace('/', '%2F')}:{params.get('port') or 5432}"
        f"/{params['dbname']}"
    )
    result = run(PROBE, DATABASE_URL=url, SECRET_KEY="k" * 50)
    assert result.returncode == 0, result.stderr
    version, database = result.stdout.strip().split("|")
    assert version.startswith("PostgreSQL ")
    assert database == connection.settings_dict["NAME"]


def test_embedded_server_starts_on_demand_and_stops_at_exit(tmp_path):
    """Without DATABASE_URL a process starts the embedded PostgreSQL 16 and stops it."""
    pgdata = tmp_path / "pgdata"
    result = run(PROBE, SECRET_KEY="k" * 50, EMBEDDED_PGDATA=str(pgdata))
    assert result.returncode == 0, result.stderr
    version, database = result.stdout.strip().split("|")
    assert version.startswith("PostgreSQL 16.")
    assert database == "harrow_its"
    assert (pgdata / "PG_VERSION").read_text().strip() == "16"
    assert not (pgdata / "postmaster.pid").exists()  # stopped when the process exited


def test_processes_starting_the_embedded_server_together_share_it(tmp_path):
    """Three processes that start at once on a new data directory (as the test suite's
    workers and `make run`'s commands do) all connect to the one database, none is
    told it exists already."""
    environ = environment(SECRET_KEY="k" * 50, EMBEDDED_PGDATA=str(tmp_path / "pgdata"))
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", PROBE],
            cwd=ROOT,
            env=environ,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0], outputs
    assert [out.strip().split("|")[1] for out, _ in outputs] == ["harrow_its"] * 3


def test_embedded_server_survives_a_killed_user(tmp_path):
    """A process killed with SIGKILL leaves the server running; the next one cleans up."""
    pgdata = tmp_path / "pgdata"
    killed = run(
        PROBE + ";import os, signal; os.kill(os.getpid(), signal.SIGKILL)",
        SECRET_KEY="k" * 50,
        EMBEDDED_PGDATA=str(pgdata),
    )
    assert killed.returncode == -9
    assert (pgdata / "postmaster.pid").exists()  # left running by the killed process
    result = run(PROBE, SECRET_KEY="k" * 50, EMBEDDED_PGDATA=str(pgdata))
    assert result.returncode == 0, result.stderr
    assert not (pgdata / "postmaster.pid").exists()


def test_the_portal_collects_garbage_less_often_than_python_by_default():
    """Every process the portal runs in (the test's own, here) has the collector's
    thresholds of harrow_its/apps.py, not Python's (700, 10, 10)."""
    assert gc.get_threshold() == GC_THRESHOLDS == (700, 10, 1000)
