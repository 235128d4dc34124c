import fcntl
import hashlib
import os
import pickle
import signal
import subprocess
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pgtrigger
import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.commands import flush
from django.db import connection
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from harrow_its.models import Department, Rag, Role, SiteSettings, User
from harrow_its.second_factor import needs_second_factor
from projects.models import Project, ProjectUpdate
from reports import pdf
from reports.models import Report
from tests.demo_snapshot import DemoSnapshot

# Each app's records built by hand (a project and its history, an indicator and its
# results, a BVPI service and its entries), for its own tests and for the reports'.
pytest_plugins = ["tests.projects.fixtures", "tests.indicators.fixtures", "tests.bvpi.fixtures"]


def pytest_xdist_auto_num_workers(config):
    """`--numprocesses=auto` (pyproject.toml): a test process per core, and one more.
    Much of a test's time is spent waiting (on PostgreSQL, a browser, a worker or
    server it started), so a spare process keeps the cores busy: on two cores, three
    processes ran the suite in 362 s where two took 416 s (four: 380 s)."""
    return (os.cpu_count() or 1) + 1


@pytest.fixture(autouse=True)
def site_settings_read_afresh():
    """Each process keeps the site settings it read (SiteSettings.objects.get_current),
    forgetting them when they are saved; a test's rollback, or the demo put back row by
    row, does not save them: each test starts with none kept."""
    SiteSettings.objects.clear_cache()
    yield
    SiteSettings.objects.clear_cache()


@pytest.fixture(autouse=True)
def second_factor_given(monkeypatch):
    """`client.force_login` signs a staff account in with its second factor given, as
    if it had typed its code: tests of the pages need not type one each time
    (tests/harrow_its/test_second_factor.py tests the codes themselves)."""
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if needs_second_factor(user):
            device, _ = TOTPDevice.objects.get_or_create(
                user=user, name="Test app", defaults={"confirmed": True}
            )
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True, scope="session")
def flush_lifts_the_truncate_refusal():
    """A transactional test ends with Django's flush, which truncates every table. The
    database refuses to truncate history and published records, except for the
    tables' owner when it says so (harrow_its/triggers.py): the test suite connects
    as the owner, and says so for the flush only."""
    original = flush.Command.handle

    def handle(self, *args, **options):
        with pgtrigger.ignore():
            return original(self, *args, **options)

    flush.Command.handle = handle
    yield
    flush.Command.handle = original


RENDERED: dict[str, object] = {}


@pytest.fixture(scope="session")
def rendered_pdfs(tmp_path_factory, worker_id) -> Path:
    """A folder of the PDFs made so far, shared by the run's test processes."""
    root = tmp_path_factory.getbasetemp()
    folder = (root if worker_id == "master" else root.parent) / "rendered-pdfs"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(autouse=True)
def pdfs_rendered_once(monkeypatch, rendered_pdfs):
    """Each document rendered through the PDF engine's entry point (`reports.pdf.render`:
    reports, previews, publishing, agenda packs) is laid out by WeasyPrint once per
    test run, by whichever test process needs it first: the demo publishes the same
    three reports for every process, and a PDF takes seconds. A document seen before,
    within the same limits, gets the PDF made of it then (the renderer's limits still
    refuse an oversized one first; reports/pdf.py's own tests import the renderer
    before it is patched). A render that fails is not kept."""
    original = pdf.render

    def render_once(html, anchors=(), **waiting):
        pdf.refuse_if_too_large(html)
        limits = (settings.PDF_RENDER_SECONDS, settings.PDF_RENDER_MEMORY_MB)
        key = hashlib.sha256((html + repr((list(anchors), limits))).encode()).hexdigest()
        if key not in RENDERED:
            kept = rendered_pdfs / key
            with (rendered_pdfs / f"{key}.lock").open("w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be making it
                if not kept.exists():
                    made = original(html, anchors, **waiting)
                    kept.with_suffix(".part").write_bytes(pickle.dumps(made))
                    kept.with_suffix(".part").rename(kept)
            RENDERED[key] = pickle.loads(kept.read_bytes())  # noqa: S301 (our own files)
        return RENDERED[key]

    monkeypatch.setattr(pdf, "render", render_once)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash passwords quickly: the production hasher's cost is the point in production only."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker) -> DemoSnapshot:
    """What `loaddemo` writes into a test database, loaded once per test session."""
    with django_db_blocker.unblock():
        return DemoSnapshot.take()


@pytest.fixture
def demo(db, demo_snapshot):
    """The whole demo, as `loaddemo` loads it: departments and the demo accounts, the
    projects, the improvement plan, the indicators, the BVPI 157 inventory, and the
    three reports it publishes, in the test's database with the same keys, whether
    the test's changes are rolled back or committed (`transactional_db`, a live
    server)."""
    demo_snapshot.restore()


@pytest.fixture
def department(db):
    """A department that officers belong to."""
    return Department.objects.create(name="Urban Living", slug="urban-living")


@pytest.fixture
def other_department(db):
    """A department the `officer` fixture does not belong to."""
    return Department.objects.create(name="People First", slug="people-first")


@pytest.fixture
def make_user(db):
    """Make a user with a role (or an administrator, with role=None and superuser=True)."""

    def make(username, role=None, *, departments=(), superuser=False, **fields):
        user = User.objects.create_user(
            username=username,
            password="a-long-test-password",
            is_superuser=superuser,
            is_staff=superuser,
            **fields,
        )
        if role:
            user.groups.add(Group.objects.get_or_create(name=role)[0])
        user.departments.set(departments)
        return user

    return make


@pytest.fixture
def officer(make_user, department):
    return make_user("officer", Role.OFFICER, departments=[department])


@pytest.fixture
def author(make_user):
    return make_user("author", Role.AUTHOR)


@pytest.fixture
def member(make_user):
    return make_user("member", Role.MEMBER)


@pytest.fixture
def admin_user(make_user):
    return make_user("admin", superuser=True)


@pytest.fixture
def november(demo):
    """The demo's November 2005 report, published (read it, never change it)."""
    return Report.objects.get(
        meeting__date=date(2005, 11, 22), series="harrow-it-services-update", supersedes=None
    )


@pytest.fixture
def record_update(db):
    """Record a red status update for a project, as the demo officer, at `recorded_at`."""

    def record(code: str, *, status_date: date, recorded_at, reason="Late", **fields):
        return ProjectUpdate.objects.create(
            project=Project.objects.get(code=code),
            period=fields.pop("period", "Q3 2005/06"),
            status_date=status_date,
            rag=Rag.RED,
            rag_reason=reason,
            progress=fields.pop("progress", "Recorded for the test."),
            recorded_by=User.objects.get(username="officer"),
            recorded_at=recorded_at,
            **fields,
        )

    return record


def database_url() -> str:
    """The test database's address, for other processes: host or socket folder."""
    params = connection.get_connection_params()
    host = quote(str(params["host"]), safe="")
    return f"postgres://{params['user']}@{host}:{params.get('port') or 5432}/{params['dbname']}"


@pytest.fixture
def production_env():
    """The environment of the portal's processes as in production, on the test database."""
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "WEB_CONCURRENCY": "2",
    }


@pytest.fixture
def start(production_env, tmp_path):
    """Start a process of the portal's (a server, a worker), in a session of its own,
    logging to a file of its own (`process.log`); stop them all at the end."""
    processes = []

    def start(*command, **env):
        log = tmp_path / f"process-{len(processes)}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                command,
                env={**production_env, **env},
                cwd=settings.BASE_DIR,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process.log = log
        processes.append(process)
        return process

    yield start
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
