"""
Django's PostgreSQL backend, pointed at the embedded server.

The server starts when the first connection is opened, so commands that never
touch the database (ruff, `check`, `collectstatic`) never start it.
"""

from pathlib import Path

from django.db.backends.postgresql import base

from harrow_its.embedded_postgres import ensure_running


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        params["host"] = str(ensure_running(Path(self.settings_dict["PGDATA"])))
        return params
