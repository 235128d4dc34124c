"""
The database's own protection of history and published records: triggers that no
role the portal runs as can get round.

django-pgtrigger's triggers step aside for any session that names them in the
`pgtrigger.ignore` setting, and any role may set it. The triggers made here step
aside only for the tables' owner (the role that migrates them, README "Database
roles"), which could drop or disable them anyway; the portal's runtime role owns
nothing, so for it they always hold. Their functions also read the catalogue and
tables through a fixed search path, temporary tables last, so a session cannot
shadow `reports_report` with an empty temporary table of its own to look unpublished.

The SQL template is stored in migrations by name (`ProtectionSql`): change it only
with a new class, as django-pgtrigger does with its own.
"""

from typing import Any

import pgtrigger
from pgtrigger import compiler


class ProtectionSql(compiler.UpsertTriggerSql):
    """django-pgtrigger's v1 installation template, except that `pgtrigger.ignore` is
    honoured only for the table's owner, and the function's search path is fixed."""

    def get_template(self) -> str:
        return """
            CREATE OR REPLACE FUNCTION {ignore_func_name}(
                trigger_name NAME
            )
            RETURNS BOOLEAN AS $$
                DECLARE
                    _pgtrigger_ignore TEXT[];
                    _result BOOLEAN;
                BEGIN
                    BEGIN
                        SELECT INTO _pgtrigger_ignore
                            CURRENT_SETTING('pgtrigger.ignore');
                        EXCEPTION WHEN OTHERS THEN
                    END;
                    IF _pgtrigger_ignore IS NOT NULL THEN
                        SELECT trigger_name = ANY(_pgtrigger_ignore)
                        INTO _result;
                        RETURN _result;
                    ELSE
                        RETURN FALSE;
                    END IF;
                END;
            $$ LANGUAGE plpgsql;

            CREATE OR REPLACE FUNCTION {pgid}()
            RETURNS TRIGGER AS $$
                {declare}
                BEGIN
                    IF ({ignore_func_name}(TG_NAME) IS TRUE AND pg_catalog.pg_has_role(
                        current_user,
                        (SELECT relowner FROM pg_catalog.pg_class WHERE oid = TG_RELID),
                        'USAGE'
                    )) THEN
                        IF (TG_OP = 'DELETE') THEN
                            RETURN OLD;
                        ELSE
                            RETURN NEW;
                        END IF;
                    END IF;
                    {func}
                END;
            $$ LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp;

            DROP TRIGGER IF EXISTS {pgid} ON {table};
            CREATE {constraint} TRIGGER {pgid}
                {when} {operation} ON {table}
                {timing}
                {referencing}
                FOR EACH {level} {condition}
                EXECUTE PROCEDURE {execute};

            COMMENT ON TRIGGER {pgid} ON {table} IS '{hash}';
        """


class OwnerMayIgnore:
    """Compile a django-pgtrigger trigger with `ProtectionSql`."""

    def compile(self, model: Any) -> compiler.Trigger:
        compiled = super().compile(model)  # type: ignore[misc]
        kwargs = dict(compiled.sql.kwargs)
        return compiler.Trigger(name=compiled.name, sql=ProtectionSql(**kwargs))


class Protect(OwnerMayIgnore, pgtrigger.Protect):
    """pgtrigger.Protect that only the tables' owner may lift."""


class Trigger(OwnerMayIgnore, pgtrigger.Trigger):
    """pgtrigger.Trigger that only the tables' owner may lift."""


TRUNCATE_REFUSED = "History and published records are never truncated"

# Statement-level: TRUNCATE fires no row triggers, so the row protections miss it.
NO_TRUNCATE = Trigger(
    name="no_truncate",
    when=pgtrigger.Before,
    operation=pgtrigger.Truncate,
    level=pgtrigger.Statement,
    func=(
        f"RAISE EXCEPTION '{TRUNCATE_REFUSED} (%).', TG_TABLE_NAME"
        " USING ERRCODE = 'restrict_violation';"
    ),
)


def never_changes(name: str) -> Protect:
    """Refuse changing or deleting a row, by any role. `name` is the trigger's name,
    which migrations record: each use keeps the one it was first made with."""
    return Protect(name=name, operation=pgtrigger.Update | pgtrigger.Delete)


# Rows that are history (projects', indicators' and BVPI's period records): never
# changed, never removed, whoever asks.
APPEND_ONLY = [never_changes("append_only"), NO_TRUNCATE]

# A published report's stored records (reports/models.py): never changed, never removed.
NEVER_CHANGES = never_changes("never_changes")
