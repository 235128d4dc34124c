from django.core.management.base import BaseCommand
from django.db import transaction

from bvpi import demo as bvpi_demo
from harrow_its import demo
from harrow_its.reference import ensure_reference_data
from indicators import demo as indicators_demo
from projects import demo as projects_demo
from reports import demo as reports_demo


class Command(BaseCommand):
    help = (
        "Load the demo: Harrow's IT Services Update Report of 22 November 2005 and the data "
        f"behind it, and the demo accounts (password {demo.DEMO_PASSWORD}). Facts the report "
        "does not give are illustrative and marked so. Running it again changes nothing."
    )

    # Each app's demo loader, in the order their data depends on each other.
    loaders = [
        demo.load,
        projects_demo.load,
        indicators_demo.load,
        bvpi_demo.load,
        reports_demo.load,
    ]

    @transaction.atomic
    def handle(self, *args, **options):
        ensure_reference_data()
        for load in self.loaders:
            load()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
