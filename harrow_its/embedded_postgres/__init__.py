"""
An embedded PostgreSQL server for development and tests, from the pgserver package.

Used when DATABASE_URL is not set. The server keeps its data in a directory of the
project (var/pgdata by default), listens on a Unix socket only, and is started on
demand: by the first database connection a process opens, not by importing the
settings. It stops when the last process that used it exits (pgserver counts its
users in a list of process ids kept beside the data).

A process killed with SIGKILL never takes its id off that list, and the server
would then outlive everyone; so before joining, dead processes are pruned from it.
"""

import json
import os
import threading
import warnings
from pathlib import Path

import psutil

DATABASE_NAME = "harrow_its"
USER = "postgres"

_lock = threading.Lock()


def _prune_dead_handles(pgdata: Path) -> None:
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    pids = json.loads(handles.read_text())
    alive = [pid for pid in pids if psutil.pid_exists(pid) and pid != os.getpid()]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def ensure_running(pgdata: Path) -> Path:
    """Start the server for `pgdata` unless it runs; return its socket directory."""
    # Imported here: pgserver sets up its runtime directories on import, and warns
    # when XDG_RUNTIME_DIR is unset (it then uses /tmp/runtime-<uid>, which suits us).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgserver.postgres_server import PostgresServer, get_server

    with _lock:
        pgdata = pgdata.expanduser().resolve()
        known = pgdata in PostgresServer._instances
        if not known:
            pgdata.parent.mkdir(parents=True, exist_ok=True)
            if pgdata.exists():
                with PostgresServer._lock:
                    _prune_dead_handles(pgdata)
        server = get_server(pgdata, cleanup_mode="stop")
        if not known:
            # Processes starting together (the test suite's, `make run`'s) would
            # otherwise each find no database and each create it.
            with PostgresServer._lock:
                _create_database(server)
        return server.get_postmaster_info().socket_dir


def _create_database(server) -> None:
    import psycopg

    info = server.get_postmaster_info()
    with psycopg.connect(
        host=str(info.socket_dir), user=USER, dbname="postgres", autocommit=True
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
