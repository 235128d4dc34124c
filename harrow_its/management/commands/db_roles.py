from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from harrow_its.db_roles import RUNTIME_ROLE, runtime_role_grant, runtime_role_sql


class Command(BaseCommand):
    help = (
        "Give the runtime database role (default harrow_its_app) its privileges on the "
        "portal's tables: run as the tables' owner (DATABASE_URL naming it), once, after the "
        "first migrate. --sql prints the statements instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", default=RUNTIME_ROLE)
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument("--sql", action="store_true", help="Print the SQL, change nothing.")

    def handle(self, *args, role, database, sql, **options):
        if sql:
            for statement in runtime_role_sql(role, using=database):
                self.stdout.write(f"{statement};")
            return
        try:
            runtime_role_grant(role=role, using=database)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{role} may now read and write the portal's rows, and nothing more.")
