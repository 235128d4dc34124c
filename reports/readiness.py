"""
Readiness for the next meeting: per department, what has had no update for the
period a draft report covers (from the previous report's cut-off to its own), and
the reminders that ask the departments' officers to bring it up to date.

A project needs a status update that speaks for a day in the period; an indicator
needs a result recorded in it; a BVPI 157 service with interactions still to
e-enable needs its inventory reviewed in it. One reminder goes to each officer per
report and deadline, however often `send_reminders` runs.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from bvpi import selectors as bvpi_selectors
from bvpi.models import InventoryEntry, Service
from harrow_its.calendar import end_of_day
from harrow_its.models import Department, Role, User
from indicators.models import Indicator, Measurement
from projects.models import Project, ProjectUpdate
from reports.models import Reminder, Report


@dataclass(frozen=True)
class DepartmentReadiness:
    department: Department
    projects: tuple[Project, ...]
    indicators: tuple[Indicator, ...]
    services: tuple[Service, ...]
    officers: tuple[User, ...]

    @property
    def outstanding(self) -> int:
        return len(self.projects) + len(self.indicators) + len(self.services)


@dataclass(frozen=True)
class Readiness:
    report: Report
    since: date | None  # the previous report's cut-off: the period starts the day after
    until: date  # this report's cut-off, the deadline
    departments: tuple[DepartmentReadiness, ...]

    @property
    def outstanding(self) -> int:
        return sum(d.outstanding for d in self.departments)


def readiness(report: Report) -> Readiness:
    previous = report.previous()
    since, until = (previous.cut_off if previous else None), report.cut_off
    after = end_of_day(since) if since else None

    updated = ProjectUpdate.objects.filter(status_date__lte=until)
    measured = Measurement.objects.filter(period_start__lte=until)
    reviewed = InventoryEntry.objects.all()
    if since:
        updated = updated.filter(status_date__gt=since)
        measured = measured.filter(recorded_at__gte=after)
        reviewed = reviewed.filter(recorded_at__gte=after)

    projects = Project.objects.filter_by_date(until).exclude(pk__in=updated.values("project"))
    indicators = Indicator.objects.exclude(pk__in=measured.values("indicator"))
    unfinished = {
        cell.service.pk: cell.service
        for cell in bvpi_selectors.inventory(as_at=until).cells.values()
        if cell.status == "missing"
    }
    not_reviewed = set(unfinished) - set(reviewed.values_list("service", flat=True))

    by_department = defaultdict(lambda: ([], [], []))
    for project in projects.select_related("department"):
        by_department[project.department][0].append(project)
    for indicator in indicators.select_related("department"):
        by_department[indicator.department][1].append(indicator)
    for pk in not_reviewed:
        service = unfinished[pk]
        by_department[service.department][2].append(service)

    officers = defaultdict(list)
    for officer in (
        User.objects.filter(is_active=True, groups__name=Role.OFFICER)
        .prefetch_related("departments")
        .order_by("last_name", "first_name")
    ):
        for department in officer.departments.all():
            officers[department.pk].append(officer)

    departments = tuple(
        DepartmentReadiness(
            department,
            tuple(sorted(p, key=lambda x: x.code)),
            tuple(sorted(i, key=lambda x: x.code)),
            tuple(sorted(s, key=lambda x: x.name)),
            tuple(officers[department.pk]),
        )
        for department, (p, i, s) in sorted(by_department.items(), key=lambda kv: kv[0].name)
    )
    return Readiness(report, since, until, departments)


def send_reminders(report: Report) -> list[Reminder]:
    """E-mail each officer of a department with something outstanding, once per report
    and deadline; returns the reminders sent now (none already sent are sent again)."""
    state = readiness(report)
    outstanding = defaultdict(list)
    for department in state.departments:
        if department.outstanding:
            for officer in department.officers:
                outstanding[officer].append(department)
    sent = []
    for officer, departments in outstanding.items():
        if not officer.email:
            continue
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    user=officer, report=report, deadline=report.cut_off, sent_at=timezone.now()
                )
                context = {"officer": officer, "readiness": state, "departments": departments}
                send_mail(
                    subject=f"Updates needed by {report.cut_off:%-d %B %Y} for {report.subject}",
                    message=render_to_string("reports/reminder_email.txt", context),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[officer.email],
                )
        except IntegrityError:  # already reminded for this deadline
            continue
        sent.append(reminder)
    return sent


def reports_due(today: date, days_before: int) -> list[Report]:
    """Drafts whose deadline (cut-off) is from today to `days_before` days ahead."""
    return list(
        Report.objects.filter(
            state=Report.State.DRAFT,
            cut_off__gte=today,
            cut_off__lte=today + timedelta(days=days_before),
        ).select_related("meeting__committee")
    )
