from pathlib import Path

from django.core.management.base import BaseCommand

from harrow_its.backups import backup


class Command(BaseCommand):
    help = "Back the database up to FILE with pg_dump (custom format): data, history and all."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        backup(file)
        self.stdout.write(f"Backed up to {file} ({file.stat().st_size:,} bytes).")
