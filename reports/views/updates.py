"""
"My updates": what the next committee report still needs from the signed-in person's
departments, with a link to each form and the deadline (reports/readiness.py works
it out, as for the reminders).
"""

from django.shortcuts import render
from django.utils import timezone

from harrow_its.access import STAFF, access, departments_updatable_by, reports_readable_by
from reports.readiness import next_report, updates_due


def my_updates_for(request, today):
    """What the next report still needs from the work `request.user` may update: the
    draft for the next meeting on or after `today` that they may read, and the lists
    of the departments whose work they may change (`departments_updatable_by`)."""
    return updates_due(
        report=next_report(today=today, readable=reports_readable_by(request.user)),
        departments=departments_updatable_by(request.user),
        today=today,
    )


@access(STAFF)
def my_updates(request):
    """An officer's own work that the next report still needs updated, by department
    and kind, each with a link to its form, and the deadline (the report's cut-off).

    An officer sees their own departments' work. A report author (or administrator)
    may update every department's work, so whether or not they belong to a department
    they see every department's: the author is the one who gets the whole report
    ready, so that is what they would expect the page to list. An officer in no
    department is told so. With no draft for a meeting on or after today, the page
    says that no report is being prepared and lists nothing.
    """
    today = timezone.localdate()
    updates = my_updates_for(request, today)
    return render(
        request,
        "reports/my_updates.html",
        {
            "updates": updates,
            "deadline_passed": updates.report is not None and updates.deadline < today,
        },
    )
