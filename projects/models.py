"""
Capital projects and the IT improvement plan.

Status is history. A project's status updates, money figures and milestone
revisions, and an improvement action's progress notes, are rows that are only
ever added: the database itself refuses to UPDATE or DELETE them. Each row says
which day it speaks for (`status_date`, `effective_on`) and when it was recorded
(`recorded_at`): they are `HistoryRow`s, asked "as at" a day the one way
harrow_its/history.py says, so a report re-renders exactly as the data stood on its
cut-off. A correction is a new row naming the one it corrects, with the reason.

Projects and actions themselves (names, owners, due dates) are edited in place,
and django-pghistory's triggers keep every version of them in the audit history.
`version` counts a project's or an action's changes, so that of two people
editing at once, the second is told rather than silently overwriting the first.
"""

from datetime import date

import pghistory
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from harrow_its.calendar import validate_quarter_label
from harrow_its.formatting import money
from harrow_its.history import HistoryRow, Lifespan
from harrow_its.models import Department, Rag


def money_field(verbose_name):
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2)


def variance_text(budget, forecast) -> str:
    """The forecast against the budget in words: "£5,000 over", "£2,000 under", "On budget"."""
    if budget is None or forecast is None:
        return ""
    difference = forecast - budget
    if difference > 0:
        return f"{money(difference)} over"
    if difference < 0:
        return f"{money(-difference)} under"
    return "On budget"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Programme(models.Model):
    """A strand of the capital programme, such as the e-Government programme."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


@pghistory.track(
    pghistory.InsertEvent(),
    # `version` changes with every status update; the update itself is the event.
    pghistory.UpdateEvent(condition=pghistory.AnyChange(exclude=["version"])),
    pghistory.DeleteEvent(),
    exclude=["version"],
)
class Project(Lifespan):
    """A capital project, in the programme from its registration until its closure."""

    lifespan = ("registered_on", "closed_on")

    code = models.CharField(
        max_length=20,
        unique=True,
        validators=[RegexValidator(r"^[A-Z0-9-]+$", "Use capital letters, digits and hyphens")],
    )
    name = models.CharField(max_length=200)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="projects")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="projects")
    manager = models.CharField("project manager", max_length=120)
    description = models.TextField()
    registered_on = models.DateField(help_text="The day the project joined the programme.")
    closed_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("registered_on")),
                name="project_closes_after_it_opens",
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.name}"

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.code])


@pghistory.track(pghistory.InsertEvent())
class ProjectUpdate(HistoryRow):
    """A project's status for a reporting period, as the project manager reported it."""

    history_of = ("project",)
    speaks_for = "status_date"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    period = models.CharField(
        max_length=12, validators=[validate_quarter_label], help_text='Such as "Q3 2005/06".'
    )
    status_date = models.DateField(help_text="The day this status speaks for.")
    rag = models.CharField("RAG status", max_length=5, choices=Rag.choices)
    rag_reason = models.TextField("reason for the RAG status", blank=True)
    phase = models.CharField(max_length=120, blank=True)
    percent_complete = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    progress = models.TextField()
    achievements = models.TextField("key achievements", blank=True)
    next_steps = models.TextField(blank=True)
    commentary = models.TextField(blank=True)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    correction_reason = models.TextField(blank=True)

    class Meta(HistoryRow.Meta):
        ordering = ["status_date", "recorded_at"]
        indexes = [models.Index(fields=["project", "status_date", "recorded_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(rag__in=Rag.values), name="project_update_rag"),
            models.CheckConstraint(
                condition=Q(percent_complete__isnull=True) | Q(percent_complete__lte=100),
                name="project_update_percent",
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="project_update_correction_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(period__regex=r"^Q[1-4] [0-9]{4}/[0-9]{2}$"),
                name="project_update_period",
            ),
        ]

    def __str__(self):
        return f"{self.project.code} {self.period} ({self.get_rag_display()})"


@pghistory.track(pghistory.InsertEvent())
class ProjectFinance(HistoryRow):
    """A project's money as known from a date: budget, spend so far, forecast outturn."""

    history_of = ("project",)
    speaks_for = "effective_on"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="finances")
    effective_on = models.DateField(help_text="The day these figures speak for.")
    approved_budget = money_field("approved budget")
    spend_to_date = money_field("spend to date")
    forecast_outturn = money_field("forecast outturn")
    note = models.TextField(blank=True)

    class Meta(HistoryRow.Meta):
        ordering = ["effective_on", "recorded_at"]
        indexes = [models.Index(fields=["project", "effective_on", "recorded_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_budget__gte=0)
                & Q(spend_to_date__gte=0)
                & Q(forecast_outturn__gte=0),
                name="project_finance_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.project.code} money from {self.effective_on}"

    @property
    def variance(self):
        """Forecast outturn less approved budget: positive is an overspend."""
        return self.forecast_outturn - self.approved_budget

    @property
    def variance_text(self) -> str:
        text = variance_text(self.approved_budget, self.forecast_outturn)
        return text if text == "On budget" else f"{text} budget"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Milestone(Lifespan):
    """A milestone and its baseline date: the date agreed when the plan was approved."""

    lifespan = ("added_on", None)

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(max_length=200)
    baseline_date = models.DateField()
    added_on = models.DateField(help_text="The day the milestone joined the plan.")

    class Meta:
        ordering = ["baseline_date", "pk"]

    def __str__(self):
        return self.name


@pghistory.track(pghistory.InsertEvent())
class MilestoneRevision(HistoryRow):
    """A milestone's forecast (or, once met, actual) date as known from a date."""

    history_of = ("milestone",)
    speaks_for = "effective_on"

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="revisions")
    # The milestone's project, repeated so the audit history can find revisions by project.
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    effective_on = models.DateField(help_text="The day this forecast speaks for.")
    forecast_date = models.DateField(null=True, blank=True)
    actual_date = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta(HistoryRow.Meta):
        ordering = ["effective_on", "recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(forecast_date__isnull=False) | Q(actual_date__isnull=False),
                name="milestone_revision_has_a_date",
            ),
            models.CheckConstraint(
                condition=Q(actual_date__isnull=True) | Q(actual_date__lte=F("effective_on")),
                name="milestone_met_by_its_revision",
            ),
        ]

    def __str__(self):
        return f"{self.milestone} from {self.effective_on}"


class ImprovementPlanQuerySet(models.QuerySet):
    def in_force(self, as_at: date) -> "ImprovementPlan | None":
        """The plan being worked to as at `as_at`: the latest begun by then."""
        return self.filter(started_on__lte=as_at).first()


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ImprovementPlan(models.Model):
    """An improvement plan for the IT service, such as the HITS plan begun in October 2004."""

    name = models.CharField(max_length=200, unique=True)
    started_on = models.DateField()
    duration_months_min = models.PositiveSmallIntegerField("shortest duration (months)")
    duration_months_max = models.PositiveSmallIntegerField("longest duration (months)")
    first_phase_months_min = models.PositiveSmallIntegerField()
    first_phase_months_max = models.PositiveSmallIntegerField()
    summary = models.TextField(blank=True)

    objects = ImprovementPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on"]

    def __str__(self):
        return self.name


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class PlanArea(models.Model):
    """One of the plan's areas of focus, such as "HITS Structure"."""

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="areas")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_area_number"),
            models.UniqueConstraint(fields=["plan", "name"], name="plan_area_name"),
        ]

    def __str__(self):
        return self.name


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ON_HOLD = "on_hold", "On hold"
    COMPLETE = "complete", "Complete"
    WITHDRAWN = "withdrawn", "Withdrawn"


# An action in one of these states is finished: it can no longer be overdue.
FINISHED = [ActionStatus.COMPLETE, ActionStatus.WITHDRAWN]


@pghistory.track(
    pghistory.InsertEvent(),
    # `version` changes with every status update; the update itself is the event.
    pghistory.UpdateEvent(condition=pghistory.AnyChange(exclude=["version"])),
    pghistory.DeleteEvent(),
    exclude=["version"],
)
class Action(Lifespan):
    """An action of the improvement plan, in the plan from the day it joined it."""

    lifespan = ("added_on", None)

    area = models.ForeignKey(PlanArea, on_delete=models.PROTECT, related_name="actions")
    reference = models.CharField(max_length=10, help_text='Such as "1.2".')
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.CharField(max_length=120)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="actions")
    due_date = models.DateField(null=True, blank=True)
    added_on = models.DateField(help_text="The day the action joined the plan.")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["area__number", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["area", "reference"], name="action_reference"),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse("projects:action_detail", args=[self.pk])


@pghistory.track(pghistory.InsertEvent())
class ActionUpdate(HistoryRow):
    """An action's status and a dated progress note."""

    history_of = ("action",)
    speaks_for = "status_date"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    status_date = models.DateField(help_text="The day this note speaks for.")
    status = models.CharField(max_length=12, choices=ActionStatus.choices)
    note = models.TextField("progress note")

    class Meta(HistoryRow.Meta):
        ordering = ["status_date", "recorded_at"]
        indexes = [models.Index(fields=["action", "status_date", "recorded_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="action_update_status"
            ),
        ]

    def __str__(self):
        return f"{self.action.reference} {self.get_status_display()} on {self.status_date}"
