"""
The portal's two database roles (README "Database roles").

The owner role owns the tables: it runs the migrations, and only it could drop or
disable the triggers that keep history and published records as they are
(harrow_its/triggers.py). The runtime role is what the web servers and the worker
connect as: it may read and write rows (SELECT, INSERT, UPDATE, DELETE, and use the
sequences), and nothing else. Owning nothing, it cannot ALTER a table to disable
a trigger, cannot TRUNCATE, and the protections do not step aside for its
`pgtrigger.ignore`.

`manage.py db_roles` (`runtime_role_grant`) is run once, as the owner, after the
first `migrate`: default privileges grant the tables and sequences the owner makes
later too.
"""

from django.db import connections

RUNTIME_ROLE = "harrow_its_app"
OWNS_THE_TABLES = (
    "The runtime role {role} would own the tables (it is a superuser, the owner or a "
    "member of it): give it a role of its own."
)
NO_SUCH_ROLE = 'There is no database role "{role}": create it first (README "Database roles").'


def audit_history_tables() -> list[str]:
    """The tables of the audit history (django-pghistory's events): rows are added to
    them by the database's own triggers, and never changed or taken out."""
    import pghistory.models
    from django.apps import apps

    return [
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, pghistory.models.Event)
    ]


def runtime_role_sql(role: str, *, using: str = "default") -> list[str]:
    """The statements that give `role` the runtime role's privileges on the tables
    of the schema, present and future (those the current role creates): rows only,
    and on the audit history, reading and adding only."""
    quote = connections[using].ops.quote_name
    name = quote(role)
    history = ", ".join(quote(table) for table in audit_history_tables())
    return [
        f"GRANT USAGE ON SCHEMA public TO {name}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {name}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {name}",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {name}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {name}",
        f"REVOKE UPDATE, DELETE ON {history} FROM {name}",
    ]


def runtime_role_grant(*, role: str, using: str = "default") -> None:
    """Grant `role` the runtime role's privileges, connected as the tables' owner.

    Refused (ValueError) for a role that does not exist, or that could act as the
    owner: the protections would then step aside for it.
    """
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper OR pg_has_role(oid, current_user, 'USAGE') "
            "FROM pg_roles WHERE rolname = %s",
            [role],
        )
        found = cursor.fetchone()
        if found is None:
            raise ValueError(NO_SUCH_ROLE.format(role=role))
        if found[0]:
            raise ValueError(OWNS_THE_TABLES.format(role=role))
        for statement in runtime_role_sql(role, using=using):
            cursor.execute(statement)
