from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from reports.readiness import reports_due, send_reminders


class Command(BaseCommand):
    help = (
        "E-mail the officers of each department with updates outstanding for a draft "
        "report whose deadline (its cut-off) is within REMINDER_DAYS_BEFORE days. "
        "Run it daily: each officer gets one reminder per report and deadline."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.REMINDER_DAYS_BEFORE,
            help="Remind this many days or fewer before a deadline "
            f"(default: {settings.REMINDER_DAYS_BEFORE}).",
        )

    def handle(self, *args, days, **options):
        for report in reports_due(timezone.localdate(), days):
            sent = send_reminders(report)
            self.stdout.write(
                f"{report}: {len(sent)} reminder{'s' if len(sent) != 1 else ''} sent, "
                f"deadline {report.cut_off:%-d %B %Y}."
            )
