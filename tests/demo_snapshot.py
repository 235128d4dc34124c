"""
The demo, loaded once per test session and put back for each test that asks for it.

`loaddemo` loads the whole demo and publishes three reports: seconds of work, where
putting its rows back takes a fraction of one. `DemoSnapshot.take` runs `loaddemo`
in the test database, inside a transaction it then rolls back, and keeps every
table's rows (PostgreSQL's binary COPY, in memory) and every sequence's position.
`restore` gives a test's database exactly those rows, with the same keys, and its
sequences past them, never moved back (a key is handed out once, as in a real
database): the published files are rows too (the portal keeps no files outside the
database).

The rows go back with the database's triggers asleep (`session_replication_role =
replica`, for the restore only): the history and published records refuse
deletion, and the audit history would record the restore as changes. The migrations'
own record (`django_migrations`) is neither kept nor touched.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings

# The tables, each with its columns in order (generated ones cannot be written).
TABLES = """
    SELECT c.relname, array_agg(a.attname::text ORDER BY a.attnum)
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
      AND a.attgenerated = '' AND c.relname <> 'django_migrations'
    GROUP BY c.relname
    ORDER BY c.relname
"""

# Every sequence's position, as `setval` takes it, but that of the migrations' record.
SEQUENCES = """
    SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename),
           coalesce(last_value, start_value), last_value IS NOT NULL
    FROM pg_sequences
    WHERE schemaname = current_schema()
      AND (schemaname || '.' || sequencename)::regclass
          IS DISTINCT FROM pg_get_serial_sequence('django_migrations', 'id')::regclass
"""


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: bytes  # COPY's binary format; empty if the table has no rows

    def copy(self, direction: str) -> str:
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        return (
            f"COPY {connection.ops.quote_name(self.name)} ({columns}) {direction} (FORMAT binary)"
        )


@dataclass(frozen=True)
class DemoSnapshot:
    tables: tuple[Table, ...]
    sequences: tuple[tuple[str, int, bool], ...]

    @classmethod
    def take(cls) -> "DemoSnapshot":
        """Load the demo, as a test would (passwords hashed the tests' quick way), keep
        what it wrote, and roll it back."""
        with (
            override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
            transaction.atomic(),
        ):
            call_command("loaddemo", stdout=None)
            with connection.cursor() as cursor:
                cursor.execute(TABLES)
                empty = [Table(name, tuple(columns), b"") for name, columns in cursor.fetchall()]
                tables = []
                for table in empty:
                    with cursor.copy(table.copy("TO STDOUT")) as copy:
                        rows = b"".join(bytes(chunk) for chunk in copy)
                    tables.append(Table(table.name, table.columns, rows))
                cursor.execute(SEQUENCES)
                sequences = tuple(cursor.fetchall())
            transaction.set_rollback(True)
        ContentType.objects.clear_cache()
        return cls(tuple(tables), sequences)

    def restore(self) -> None:
        """Make the database hold exactly the demo's rows, in one transaction (the
        test's own, when it has one)."""
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            # Names from the catalogue, quoted.
            deletes = "; ".join(f"DELETE FROM {quote(t.name)}" for t in self.tables)  # noqa: S608
            cursor.execute(deletes)
            for table in self.tables:
                if table.rows:
                    with cursor.copy(table.copy("FROM STDIN")) as copy:
                        copy.write(table.rows)
            # Each sequence at least where loaddemo left it, and never back: as in a real
            # database, a key handed out once is not handed out again (the server's
            # cache of public files, reports/middleware.py, holds them by key).
            cursor.execute(
                "SELECT "
                + ", ".join(
                    "setval(%s, greatest(%s, coalesce(pg_sequence_last_value(%s), 0)),"
                    " %s OR pg_sequence_last_value(%s) IS NOT NULL)"
                    for _ in self.sequences
                )
                + "; SET LOCAL session_replication_role = DEFAULT",
                [
                    value
                    for name, position, called in self.sequences
                    for value in (name, position, name, called, name)
                ],
            )
        # Content types are cached by key: those restored may have other keys.
        ContentType.objects.clear_cache()
