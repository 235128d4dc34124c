from django.core.management.base import BaseCommand
from django.db import transaction

from harrow_its import demo


class Command(BaseCommand):
    help = (
        "Load the demo: Harrow's departments and the demo accounts (password "
        f"{demo.DEMO_PASSWORD}). Idempotent: running it again changes nothing."
    )

    # Each app's demo loader, in the order their data depends on each other.
    loaders = [demo.load]

    @transaction.atomic
    def handle(self, *args, **options):
        for load in self.loaders:
            load()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
