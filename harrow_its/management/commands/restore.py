from pathlib import Path

from django.core.management.base import BaseCommand

from harrow_its.backups import restore


class Command(BaseCommand):
    help = (
        "Restore the database from FILE, made by `backup`, replacing what is there: stop "
        "the web servers and the worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        restore(file)
        self.stdout.write(f"Restored from {file}.")
