"""Recovery: a backup restored into a fresh database has every row, and every
published file with its SHA-256, intact."""

import hashlib
import uuid

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from harrow_its.backups import restore
from reports.models import PublishedFile


def table_rows(cursor) -> dict[str, int]:
    cursor.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    tables = [name for (name,) in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (names from the catalogue)
        counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def fresh_database(transactional_db):
    """An empty database on the same server, dropped afterwards."""
    name = f"restore_check_{uuid.uuid4().hex[:8]}"
    params = connection.get_connection_params()
    server = {k: v for k, v in params.items() if k in {"host", "port", "user", "password"}}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name, server
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_a_backup_restores_whole(fresh_database, demo, tmp_path, capsys):
    name, server = fresh_database
    with connection.cursor() as cursor:
        before = table_rows(cursor)
    files = PublishedFile.objects.all()
    digests = {f.pk: f.sha256 for f in files}
    assert len(digests) == 9  # three published reports, three files each
    assert {f.pk: hashlib.sha256(bytes(f.content)).hexdigest() for f in files} == digests

    call_command("backup", tmp_path / "portal.dump")
    assert (
        capsys.readouterr()
        .out.splitlines()[-1]
        .startswith(f"Backed up to {tmp_path / 'portal.dump'} (")
    )
    restore(tmp_path / "portal.dump", into=name)

    with psycopg.connect(dbname=name, **server) as restored, restored.cursor() as cursor:
        after = table_rows(cursor)
        cursor.execute(
            "SELECT id, sha256, encode(sha256(content), 'hex') FROM reports_publishedfile"
        )
        stored = cursor.fetchall()
        # The triggers came back too: the restored record still refuses to change.
        with pytest.raises(psycopg.errors.RaiseException, match="Cannot update or delete"):
            cursor.execute("DELETE FROM reports_publishedfile")
    assert after == before
    assert sum(before.values()) > 1000
    assert {pk: digest for pk, digest, _ in stored} == digests
    assert all(digest == computed for _, digest, computed in stored)
    print(
        f"\nRestored {len(after)} tables, {sum(after.values())} rows, {len(stored)} published files."
    )
