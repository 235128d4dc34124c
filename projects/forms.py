"""The forms officers use to keep projects and improvement actions current."""

from datetime import date

from django import forms

from harrow_its.calendar import Quarter
from harrow_its.forms import GovukDateField, GovukForm, MoneyField, QuickSelect
from harrow_its.models import Rag
from projects.models import ActionStatus, Project

TEXT_LIMIT = 5000

FUTURE_DATE = "The {} cannot be in the future"
BEFORE_PERIOD = "The status date must be in {period} or later: on or after {start:%-d %B %Y}"
BEFORE_REGISTERED = "The {} cannot be before the project joined the programme on {:%-d %B %Y}"
REASON_NEEDED = "Give the reason for an amber or red status"
PERIOD_UNKNOWN = "Select the reporting period from the list"
MILESTONE_NEEDS_A_DATE = "Enter a forecast date, or the actual date if the milestone has been met"
ACTUAL_AFTER_UPDATE = "The actual date cannot be after the date this update speaks for"
FORECAST_IN_THE_PAST = (
    "A milestone not yet met cannot be forecast for a date before the date this update "
    "speaks for: enter a later forecast, or the actual date if it has been met"
)


def text_field(label, *, required=True, rows=4, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_LIMIT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "max_length": f"The {label.lower()} must be {TEXT_LIMIT:,} characters or fewer",
        },
    )


class VersionedForm(GovukForm):
    """Carries the version of the record the person saw (see projects/services.py)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, today: date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def add_error(self, field, error):
        # A correction keeps its original's dates, so they are not fields of its form:
        # a message about them belongs to the form as a whole.
        super().add_error(field if field is None or field in self.fields else None, error)

    def check_not_future(self, name, what):
        day = self.cleaned_data.get(name)
        if day and day > self.today:
            self.add_error(name, FUTURE_DATE.format(what))
        return day


class ProjectUpdateForm(VersionedForm):
    period = forms.ChoiceField(
        label="Reporting period",
        widget=QuickSelect,  # a quarter for each since the project joined: tens of them
        error_messages={"required": PERIOD_UNKNOWN, "invalid_choice": PERIOD_UNKNOWN},
    )
    status_date = GovukDateField(
        label="Status date",
        help_text="The day this status speaks for, for example 30 10 2005.",
    )
    rag = forms.ChoiceField(
        label="RAG status",
        choices=Rag.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the RAG status",
            "invalid_choice": "Select the RAG status",
        },
    )
    rag_reason = text_field(
        "Reason for the RAG status", required=False, rows=3, help_text="Needed for amber and red."
    )
    phase = forms.CharField(
        label="Phase",
        required=False,
        max_length=120,
        help_text="For example, Phase 2: implementation.",
        error_messages={"max_length": "The phase must be 120 characters or fewer"},
    )
    percent_complete = forms.IntegerField(
        label="Per cent complete",
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-3"}
        ),
        error_messages={
            "invalid": "Enter the per cent complete as a whole number, like 60",
            "min_value": "The per cent complete must be between 0 and 100",
            "max_value": "The per cent complete must be between 0 and 100",
        },
    )
    progress = text_field("Progress this period")
    achievements = text_field("Key achievements", required=False)
    next_steps = text_field("Next steps", required=False)
    commentary = text_field("Commentary", required=False)

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        # The periods from the one the project joined in to the current one, newest first.
        quarter, last = Quarter.containing(project.registered_on), Quarter.containing(self.today)
        periods = []
        while quarter <= last:
            periods.append(quarter.label)
            quarter = quarter.next()
        self.fields["period"].choices = [("", "Select a period")] + [
            (label, label) for label in reversed(periods)
        ]

    def clean(self):
        cleaned = super().clean()
        status_date = self.check_not_future("status_date", "status date")
        period = cleaned.get("period")
        if status_date and period:
            start = Quarter.parse(period).start
            if status_date < start:
                self.add_error("status_date", BEFORE_PERIOD.format(period=period, start=start))
        if status_date and status_date < self.project.registered_on:
            self.add_error(
                "status_date", BEFORE_REGISTERED.format("status date", self.project.registered_on)
            )
        if cleaned.get("rag") in (Rag.AMBER, Rag.RED) and not cleaned.get("rag_reason"):
            self.add_error("rag_reason", REASON_NEEDED)
        return cleaned


class ProjectCorrectionForm(ProjectUpdateForm):
    """A correction keeps the period and status date of the update it corrects."""

    correction_reason = text_field(
        "Reason for the correction", rows=2, help_text="Say what was wrong with the original."
    )

    def __init__(self, *args, original, **kwargs):
        super().__init__(*args, **kwargs)
        self.original = original
        del self.fields["period"]
        del self.fields["status_date"]

    def clean(self):
        self.cleaned_data["period"] = self.original.period
        self.cleaned_data["status_date"] = self.original.status_date
        return super().clean()


class FinanceForm(VersionedForm):
    effective_on = GovukDateField(
        label="Date of these figures", help_text="The day they speak for, for example 30 10 2005."
    )
    approved_budget = MoneyField(label="Approved budget")
    spend_to_date = MoneyField(label="Spend to date")
    forecast_outturn = MoneyField(
        label="Forecast outturn", help_text="What the project will cost in all."
    )
    note = text_field("Note", required=False, rows=2)

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project

    def clean(self):
        cleaned = super().clean()
        day = self.check_not_future("effective_on", "date of these figures")
        if day and day < self.project.registered_on:
            self.add_error(
                "effective_on", BEFORE_REGISTERED.format("date", self.project.registered_on)
            )
        return cleaned


class MilestoneForm(VersionedForm):
    name = forms.CharField(
        label="Milestone",
        max_length=200,
        error_messages={
            "required": "Enter the milestone",
            "max_length": "The milestone must be 200 characters or fewer",
        },
    )
    baseline_date = GovukDateField(
        label="Baseline date", help_text="The date agreed in the approved plan."
    )


class MilestoneRevisionForm(VersionedForm):
    effective_on = GovukDateField(
        label="Date of this update", help_text="The day it speaks for, for example 30 10 2005."
    )
    forecast_date = GovukDateField(label="Forecast date", required=False)
    actual_date = GovukDateField(
        label="Actual date", required=False, help_text="Only when the milestone has been met."
    )
    note = text_field("Note", required=False, rows=2)

    def clean(self):
        cleaned = super().clean()
        effective_on = self.check_not_future("effective_on", "date of this update")
        forecast, actual = cleaned.get("forecast_date"), cleaned.get("actual_date")
        if "forecast_date" in cleaned and "actual_date" in cleaned and not (forecast or actual):
            self.add_error("forecast_date", MILESTONE_NEEDS_A_DATE)
        if effective_on and actual and actual > effective_on:
            self.add_error("actual_date", ACTUAL_AFTER_UPDATE)
        if effective_on and forecast and not actual and forecast < effective_on:
            self.add_error("forecast_date", FORECAST_IN_THE_PAST)
        return cleaned


class ActionUpdateForm(VersionedForm):
    status_date = GovukDateField(
        label="Date of this note", help_text="The day it speaks for, for example 30 10 2005."
    )
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status", "invalid_choice": "Select the status"},
    )
    note = text_field("Progress note")

    def clean(self):
        cleaned = super().clean()
        self.check_not_future("status_date", "date of this note")
        return cleaned
