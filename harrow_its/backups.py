"""
Backup and restore of the portal's database with PostgreSQL's own tools: pg_dump's
custom format, restored by pg_restore. Everything is in it: the data, the history,
the published reports' stored files, and the triggers that keep them unchanged.

The tools come from the embedded server's installation when it is there (the same
major version as the embedded server, and newer than any server it may dump), else
from the PATH. `manage.py backup FILE` and `manage.py restore FILE` use this.
"""

import importlib.util
import os
import shutil
import subprocess  # nosec B404
from pathlib import Path

from django.db import connections


def tool(name: str) -> str:
    spec = importlib.util.find_spec("pgserver")  # found, not imported
    if spec and spec.origin:
        bundled = Path(spec.origin).parent / "pginstall" / "bin" / name
        if bundled.exists():
            return str(bundled)
    found = shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} is not installed: install PostgreSQL's client tools")
    return found


def _connection(alias: str, dbname: str | None):
    """The arguments and environment that reach the database `alias` is set up for
    (or another database `dbname` on the same server)."""
    params = connections[alias].get_connection_params()
    args = []
    if params.get("host"):
        args += ["--host", str(params["host"])]
    if params.get("port"):
        args += ["--port", str(params["port"])]
    if params.get("user"):
        args += ["--username", params["user"]]
    env = {**os.environ}
    if params.get("password"):
        env["PGPASSWORD"] = params["password"]
    return args, env, dbname or params["dbname"]


def backup(path: Path, *, alias: str = "default") -> None:
    args, env, dbname = _connection(alias, None)
    subprocess.run(  # noqa: S603 (PostgreSQL's own tool; the arguments are our settings)  # nosec B603
        [tool("pg_dump"), *args, "--format=custom", "--no-owner", f"--file={path}", dbname],
        env=env,
        check=True,
        capture_output=True,
    )


def restore(path: Path, *, into: str | None = None, alias: str = "default") -> None:
    """Restore a backup into the database (or into `into`, an empty database on the
    same server), replacing what is there."""
    args, env, dbname = _connection(alias, into)
    subprocess.run(  # noqa: S603 (PostgreSQL's own tool; the arguments are our settings)  # nosec B603
        [tool("pg_restore"), *args, "--no-owner", "--clean", "--if-exists", "--exit-on-error",
         f"--dbname={dbname}", str(path)],
        env=env,
        check=True,
        capture_output=True,
    )  # fmt: skip
