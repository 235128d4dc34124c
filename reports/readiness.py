"""
Readiness for the next meeting: per department, what has had no update for the
period a draft report covers (from the previous report's cut-off to its own), and
the reminders that ask the departments' officers to bring it up to date.

A project needs a status update that speaks for a day in the period; an
improvement-plan action not yet finished (complete or withdrawn as at the cut-off), a
progress note dated in it; an indicator needs a result recorded in it; a BVPI 157
service with interactions still to e-enable needs its inventory reviewed in it. One
reminder goes to each officer per report and deadline, however often
`send_reminders` runs; it links to the officer's "My updates" page, which lists
the same things of their own departments for the next meeting's draft
(`next_report`, `updates_due`), each with a link to its form.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from bvpi import selectors as bvpi_selectors
from bvpi.models import InteractionType, InventoryEntry, Service
from harrow_its.calendar import end_of_day, period_containing
from harrow_its.models import Department, Role, User
from indicators.models import Indicator, Measurement
from projects.models import FINISHED, Action, ActionUpdate, Project, ProjectUpdate
from projects.selectors import action_list
from reports import notifications
from reports.models import Reminder, Report


@dataclass(frozen=True)
class DepartmentReadiness:
    department: Department
    projects: tuple[Project, ...]
    actions: tuple[Action, ...]
    indicators: tuple[Indicator, ...]
    services: tuple[Service, ...]
    officers: tuple[User, ...]
    # Each service's interaction types still to e-enable, by the service's pk.
    to_enable: Mapping[int, tuple[InteractionType, ...]] = field(
        default_factory=dict, compare=False
    )

    @property
    def outstanding(self) -> int:
        return len(self.projects) + len(self.actions) + len(self.indicators) + len(self.services)


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
    noted = ActionUpdate.objects.filter(status_date__lte=until)
    measured = Measurement.objects.filter(period_start__lte=until)
    reviewed = InventoryEntry.objects.all()
    if since:
        updated = updated.filter(status_date__gt=since)
        noted = noted.filter(status_date__gt=since)
        measured = measured.filter(recorded_at__gte=after)
        reviewed = reviewed.filter(recorded_at__gte=after)

    projects = Project.objects.filter_by_date(until).exclude(pk__in=updated.values("project"))
    # An action finished (complete or withdrawn) as at the cut-off needs no more notes.
    actions = (
        action_list(as_at=until)
        .filter(Q(status__isnull=True) | ~Q(status__in=FINISHED))
        .exclude(pk__in=noted.values("action"))
    )
    indicators = Indicator.objects.exclude(pk__in=measured.values("indicator"))
    unfinished, to_enable = {}, defaultdict(list)
    for cell in bvpi_selectors.inventory(as_at=until).cells.values():
        if cell.status == "missing":
            unfinished[cell.service.pk] = cell.service
            to_enable[cell.service.pk].append(cell.interaction_type)
    not_reviewed = set(unfinished) - set(reviewed.values_list("service", flat=True))

    by_department = defaultdict(lambda: ([], [], [], []))
    for project in projects.select_related("department"):
        by_department[project.department][0].append(project)
    for action in actions:  # in the plan's order: by area, then reference
        by_department[action.department][1].append(action)
    for indicator in indicators.select_related("department"):
        by_department[indicator.department][2].append(indicator)
    for pk in not_reviewed:
        service = unfinished[pk]
        by_department[service.department][3].append(service)

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
            department=department,
            projects=tuple(sorted(p, key=lambda x: x.code)),
            actions=tuple(a),
            indicators=tuple(sorted(i, key=lambda x: x.code)),
            services=tuple(sorted(s, key=lambda x: x.name)),
            officers=tuple(officers[department.pk]),
            to_enable={
                service.pk: tuple(sorted(to_enable[service.pk], key=lambda t: t.number))
                for service in s
            },
        )
        for department, (p, a, i, s) in sorted(by_department.items(), key=lambda kv: kv[0].name)
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
                send_mail(
                    subject=f"Updates needed by {report.cut_off:%-d %B %Y} for {_title(report)}",
                    message=reminder_text(officer=officer, state=state, departments=departments),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[officer.email],
                )
        except IntegrityError:  # already reminded for this deadline
            continue
        sent.append(reminder)
    return sent


def _title(report: Report) -> str:
    """The report as an e-mail to officers names it: a Part II report's subject is
    exempt, and officers may not read Part II."""
    return "Part II (exempt) report" if report.exempt else report.subject


def reminder_text(
    *, officer: User, state: Readiness, departments: list[DepartmentReadiness]
) -> str:
    """The reminder's plain-text body: what `departments` still need, and the address of
    the officer's "My updates" page. Built here rather than in a template, which would
    escape the names people typed for HTML (or have to turn escaping off)."""
    report = state.report
    since = (
        f" (nothing has been recorded for them since {state.since:%-d %B %Y})"
        if state.since
        else ""
    )
    lines = [
        f"Dear {officer.get_full_name() or officer.username},",
        "",
        f"The {_title(report)} to the {report.meeting.committee} on "
        f"{report.meeting.date:%-d %B %Y} shows the data as at {state.until:%-d %B %Y}. "
        f"By the end of that day, please bring these up to date{since}:",
    ]
    for department in departments:
        lines += ["", str(department.department)]
        lines += [
            f"- Capital project {p.code} {p.name}: add a status update" for p in department.projects
        ]
        lines += [
            f"- Improvement plan action {a.reference} {a.title}: add a progress note"
            for a in department.actions
        ]
        lines += [
            f"- Indicator {i.code} {i.title}: enter its latest result"
            for i in department.indicators
        ]
        lines += [
            f"- BVPI 157 service {s.name}: review its interactions still to e-enable"
            for s in department.services
        ]
    lines += [
        "",
        "Each of them, with a link to its form:",
        notifications.absolute(reverse("my_updates")),
        "",
        "IT Services Reporting",
    ]
    return "\n".join(lines) + "\n"


def next_report(*, today: date, readable: Q | None = None) -> Report | None:
    """The draft report for the next meeting: of the drafts whose meeting is on or after
    `today` (and that are `readable`, a filter on reports), the one whose meeting comes
    first. None if no report is being prepared."""
    drafts = Report.objects.filter(state=Report.State.DRAFT, meeting__date__gte=today)
    if readable is not None:
        drafts = drafts.filter(readable)
    return (
        drafts.select_related("meeting__committee")
        .order_by("meeting__date", "cut_off", "pk")
        .first()
    )


@dataclass(frozen=True)
class IndicatorDue:
    indicator: Indicator
    period: object  # the Month, Quarter or FinancialYear whose result to enter


@dataclass(frozen=True)
class DepartmentUpdates:
    """What one department still has to update for the report, kind by kind."""

    department: Department
    projects: tuple[Project, ...]
    actions: tuple[Action, ...]
    indicators: tuple[IndicatorDue, ...]
    services: tuple[tuple[Service, tuple[InteractionType, ...]], ...]  # with those to e-enable

    @property
    def outstanding(self) -> int:
        return len(self.projects) + len(self.actions) + len(self.indicators) + len(self.services)


@dataclass(frozen=True)
class UpdatesDue:
    report: Report | None  # None: no report is being prepared, so nothing is due
    departments: tuple[DepartmentUpdates, ...]
    since: date | None = None  # the previous report's cut-off: the period starts the day after

    @property
    def outstanding(self) -> int:
        return sum(d.outstanding for d in self.departments)

    @property
    def deadline(self) -> date | None:
        return self.report.cut_off if self.report else None


def period_due(frequency: str, *, today: date, cut_off: date):
    """The period whose result an indicator of `frequency` should have entered now: the
    last that ended before today or the cut-off, whichever is earlier (results come in
    after their period ends; the results grid takes no period after today's)."""
    return period_containing(frequency, min(today, cut_off)).previous()


def updates_due(
    *, report: Report | None, departments: QuerySet[Department], today: date
) -> UpdatesDue:
    """What `report` still needs from `departments` (readiness's rule), each of them with
    their lists, in name order, an empty one for a department with nothing due; each
    indicator with the period whose result to enter (`period_due`). No report: nothing."""
    if report is None:
        return UpdatesDue(None, ())
    state = readiness(report)
    by_pk = {d.department.pk: d for d in state.departments}
    due = []
    for department in departments.order_by("name"):
        d = by_pk.get(department.pk)
        if d is None:
            due.append(DepartmentUpdates(department, (), (), (), ()))
            continue
        due.append(
            DepartmentUpdates(
                department=department,
                projects=d.projects,
                actions=d.actions,
                indicators=tuple(
                    IndicatorDue(i, period_due(i.frequency, today=today, cut_off=report.cut_off))
                    for i in d.indicators
                ),
                services=tuple((s, d.to_enable.get(s.pk, ())) for s in d.services),
            )
        )
    return UpdatesDue(report, tuple(due), state.since)


def reports_due(today: date, days_before: int) -> list[Report]:
    """Drafts whose deadline (cut-off) is from today to `days_before` days ahead."""
    return list(
        Report.objects.filter(
            state=Report.State.DRAFT,
            cut_off__gte=today,
            cut_off__lte=today + timedelta(days=days_before),
        ).select_related("meeting__committee")
    )
