"""The forms report authors use: the report's details, its sections and paragraphs,
publishing, corrections and the next report of a series."""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from harrow_its.forms import GovukDateField, GovukForm
from reports.assembly import TOKEN, Figures
from reports.clearance import RETURN_NEEDS_COMMENT
from reports.models import Report, Section, clean_narrative

TEXT_LIMIT = 20_000
BLOCK_TAG = re.compile(r"<\s*(p|ul|ol)\b", re.IGNORECASE)
PARAGRAPH_NUMBER = re.compile(r"^\d{1,2}(\.\d{1,2}){0,2}$")

NARRATIVE_HINT = (
    "Separate paragraphs with a blank line. You may also use <p>, <ul> or <ol> with "
    '<li>, <em>, <strong> and <a href="https://…">; anything else is removed. To quote '
    "a figure that follows the data, write {bvpi157.council} for the BVPI 157 score as "
    "at the cut-off, or {bvpi157.council@2005-09-30} for an earlier day."
)
SCHEDULE_12A_HINT = (
    "The paragraph of Schedule 12A to the Local Government Act 1972 it is exempt under, such as 3."
)


def char_field(
    label, *, max_length=200, required=True, help_text="", rows=None, what=None, **kwargs
):
    """A text box (or area, with `rows`); `what` names it in messages, as in "Enter the …"."""
    what = what or f"the {label.lower()}"
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput,
        error_messages={
            "required": f"Enter {what}",
            "max_length": f"{what[0].upper()}{what[1:]} must be {max_length:,} characters or fewer",
        },
        **kwargs,
    )


def yes_no(label, yes="Yes", no="No"):
    return forms.TypedChoiceField(
        label=label,
        choices=[("no", no), ("yes", yes)],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": f"Select {no.lower()} or {yes.lower()}",
            "invalid_choice": f"Select {no.lower()} or {yes.lower()}",
        },
    )


def narrative(text: str) -> str:
    """The safe HTML of what an author typed: plain text becomes paragraphs."""
    text = text.replace("\r\n", "\n").strip()
    if not BLOCK_TAG.search(text):
        text = "".join(
            "<p>{}</p>".format(block.strip().replace("\n", "<br>"))
            for block in re.split(r"\n\s*\n", text)
            if block.strip()
        )
    return clean_narrative(text)


class ReportForm(GovukForm):
    """Carries the version of the report the author saw (see reports/services.py)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_exemption(self):
        if self.cleaned_data.get("exempt") and not self.cleaned_data.get("exempt_paragraph"):
            self.add_error(
                "exempt_paragraph", "Enter the paragraph of Schedule 12A it is exempt under"
            )


class ReportDetailsForm(ReportForm):
    subject = char_field("Subject")
    responsible_officer = char_field("Responsible officer")
    contact_officer = char_field("Contact officer")
    portfolio_holder = char_field("Portfolio holder")
    key_decision = yes_no("Key decision")
    exempt = yes_no("Status", yes="Part II (exempt)", no="Part I (open to the public)")
    exempt_paragraph = char_field(
        "Schedule 12A paragraph", max_length=10, required=False, help_text=SCHEDULE_12A_HINT
    )
    enclosures = char_field("Enclosures", max_length=300, required=False)
    cut_off = GovukDateField(
        label="Data as at",
        help_text="The appendices show the data as it stood at the end of this day, "
        "for example 8 11 2005.",
    )
    decision_required = char_field("Decision required", max_length=TEXT_LIMIT, rows=2)
    reason_for_report = char_field("Reason for report", max_length=TEXT_LIMIT, rows=2)
    benefits = char_field("Benefits", max_length=TEXT_LIMIT, rows=2)
    cost_of_proposals = char_field("Cost of proposals", max_length=TEXT_LIMIT, rows=2)
    risks = char_field("Risks", max_length=TEXT_LIMIT, rows=2)
    implications_if_rejected = char_field(
        "Implications if recommendations rejected", max_length=TEXT_LIMIT, rows=2
    )

    def __init__(self, *args, meeting_date: date, **kwargs):
        self.meeting_date = meeting_date
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        self.clean_exemption()
        cut_off = cleaned.get("cut_off")
        if cut_off and cut_off > self.meeting_date:
            self.add_error(
                "cut_off",
                f"The data as at date must be on or before the meeting, "
                f"{self.meeting_date:%-d %B %Y}",
            )
        return cleaned


class SectionForm(ReportForm):
    number = forms.IntegerField(
        label="Number",
        min_value=1,
        max_value=99,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-2"}
        ),
        error_messages={
            "required": "Enter the section's number",
            "invalid": "Enter the section's number as a whole number, like 6",
            "min_value": "The section's number must be between 1 and 99",
            "max_value": "The section's number must be between 1 and 99",
        },
    )
    title = char_field("Title")

    def __init__(self, *args, report: Report, section: Section | None = None, **kwargs):
        self.report, self.section = report, section
        super().__init__(*args, **kwargs)

    def clean_number(self):
        number = self.cleaned_data["number"]
        others = self.report.sections.exclude(pk=self.section.pk if self.section else None)
        if others.filter(number=number).exists():
            raise ValidationError(f"There is already a section {number}: choose another number")
        return number


class ParagraphForm(ReportForm):
    section = forms.TypedChoiceField(
        label="Section",
        coerce=int,
        error_messages={
            "required": "Select the section",
            "invalid_choice": "Select the section from the list",
        },
    )
    number = char_field(
        "Paragraph number",
        max_length=10,
        required=False,
        help_text="Such as 2.1. Leave it empty for an unnumbered paragraph.",
    )
    heading = char_field("Heading", required=False, help_text="Optional.")
    body = char_field("Text", max_length=TEXT_LIMIT, rows=8, help_text=NARRATIVE_HINT)
    exempt = yes_no("Exempt from publication (Part II)")
    exempt_paragraph = char_field(
        "Schedule 12A paragraph", max_length=10, required=False, help_text=SCHEDULE_12A_HINT
    )

    def __init__(self, *args, report: Report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].widget.attrs["class"] = "govuk-input govuk-input--width-5"
        self.fields["section"].choices = [
            (s.pk, f"{s.number} {s.title}") for s in report.sections.all()
        ]

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if number and not PARAGRAPH_NUMBER.match(number):
            raise ValidationError("Enter the paragraph number as numbers and dots, like 2.1")
        return number

    def clean_body(self):
        body = narrative(self.cleaned_data["body"])
        if not re.sub(r"<[^>]*>|\s", "", body):
            raise ValidationError("Enter the text of the paragraph")
        for match in TOKEN.finditer(body):
            if match[1] not in Figures.NAMES:
                raise ValidationError(
                    f"{match[0]} is not a figure the portal knows: use "
                    + ", ".join(f"{{{name}}}" for name in Figures.NAMES)
                )
            if match[2]:
                try:
                    date.fromisoformat(match[2])
                except ValueError:
                    raise ValidationError(
                        f"{match[0]} has a date that does not exist: write it as 2005-09-30"
                    ) from None
        return body

    def clean(self):
        cleaned = super().clean()
        self.clean_exemption()
        return cleaned


class ConfirmForm(ReportForm):
    """Publishing, or removing a paragraph: the version is all there is to send."""


LATE_REASON_HINT = (
    "Papers published after the deadline may be taken only if the chair agrees that, by "
    "reason of special circumstances, the item is urgent (Local Government Act 1972, "
    "s.100B(4)). Say what those circumstances are: the reason is shown on the meeting's page."
)


class PublishForm(ConfirmForm):
    """Publishing; once the meeting's papers deadline has passed (`late`), with the
    reason the report must still be taken at the meeting."""

    late_reason = char_field(
        "Why must this report still be taken at the meeting?",
        what="why the report must still be taken at the meeting although it is late",
        max_length=TEXT_LIMIT,
        rows=4,
        help_text=LATE_REASON_HINT,
    )

    def __init__(self, *args, late: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not late:
            del self.fields["late_reason"]


class ClearanceAnswerForm(GovukForm):
    decision = forms.ChoiceField(
        label="Do you clear this version of the report?",
        choices=[
            ("cleared", "Yes, I clear it"),
            ("returned", "No, return it to the author with a comment"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether you clear it or return it",
            "invalid_choice": "Select whether you clear it or return it",
        },
    )
    comment = char_field(
        "Comment",
        required=False,
        max_length=TEXT_LIMIT,
        rows=5,
        what="the comment",
        help_text="Needed if you return it: say what must change. The author reads it.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "returned" and not cleaned.get("comment", "").strip():
            self.add_error("comment", RETURN_NEEDS_COMMENT)
        return cleaned


class CorrectionForm(GovukForm):
    reason = char_field(
        "Why is a correction needed?",
        what="why a correction is needed",
        max_length=TEXT_LIMIT,
        rows=4,
        help_text="Readers of the published report see this with the correction.",
    )


class NextReportForm(GovukForm):
    meeting_date = GovukDateField(label="Meeting date", help_text="For example 24 1 2006.")
    cut_off = GovukDateField(
        label="Data as at",
        help_text="The appendices show the data as it stood at the end of this day.",
    )

    def __init__(self, *args, previous: Report, **kwargs):
        self.previous = previous
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        meeting, cut_off = cleaned.get("meeting_date"), cleaned.get("cut_off")
        if meeting and meeting <= self.previous.meeting.date:
            self.add_error(
                "meeting_date",
                f"The meeting date must be after {self.previous.meeting.date:%-d %B %Y}",
            )
        if meeting and cut_off and cut_off > meeting:
            self.add_error("cut_off", "The data as at date must be on or before the meeting")
        return cleaned


# Democratic Services: committees, meetings, agendas, minutes and agenda packs
# (reports/democratic.py writes them).

MEETING_TIME = re.compile(r"^(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)$")
MINUTE_HINT = 'What the committee decided, or "Noted".'


class VersionSeenForm(GovukForm):
    """Carries the version of the record the person saw (reports/democratic.py's
    fingerprints): a change made meanwhile by someone else is refused, not overwritten.
    Empty when adding a record."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)


class CommitteeForm(GovukForm):
    name = char_field(
        "Name", what="the committee's name", help_text="Such as Overview and Scrutiny Committee."
    )


class MeetingForm(VersionSeenForm):
    date = GovukDateField(label="Date", what="meeting date", help_text="For example, 7 2 2006.")
    time = forms.CharField(
        label="Time",
        required=False,
        help_text="On the 24-hour clock, such as 19:30.",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5"}),
    )
    venue = char_field("Venue", required=False, help_text="Such as Committee Room 5, Civic Centre.")

    def clean_time(self):
        from datetime import time  # here: see AgendaItemForm.clean

        text = self.cleaned_data["time"].strip()
        if not text:
            return None
        match = MEETING_TIME.match(text)
        if not match:
            raise ValidationError("Enter the time on the 24-hour clock, like 19:30")
        return time(int(match["hour"]), int(match["minute"]))


class AgendaItemForm(VersionSeenForm):
    number = forms.IntegerField(
        label="Item number",
        min_value=1,
        max_value=99,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-2"}
        ),
        error_messages={
            "required": "Enter the item's number",
            "invalid": "Enter the item's number as a whole number, like 5",
            "min_value": "The item's number must be between 1 and 99",
            "max_value": "The item's number must be between 1 and 99",
        },
    )
    title = char_field(
        "Title",
        required=False,
        what="the item's title",
        help_text="For an item on a report, leave it empty to use the report's subject.",
    )
    series = forms.ChoiceField(
        label="Report",
        required=False,
        help_text="A report to this meeting, or none for business without a report "
        "(such as the minutes of the previous meeting).",
        error_messages={"invalid_choice": "Select a report to this meeting from the list"},
    )
    exempt = yes_no("Part", yes="Part II (exempt)", no="Part I (open to the public)")
    exempt_paragraph = char_field(
        "Schedule 12A paragraph", max_length=10, required=False, help_text=SCHEDULE_12A_HINT
    )

    def __init__(self, *args, meeting, item=None, **kwargs):
        self.meeting, self.item = meeting, item
        super().__init__(*args, **kwargs)
        self.fields["exempt_paragraph"].widget.attrs["class"] = "govuk-input govuk-input--width-4"
        self.subjects = {}
        for report in meeting.reports.order_by("series", "-pk"):
            if report.series not in self.subjects:  # its latest version
                self.subjects[report.series] = report
        choices = [("", "No report")] + [
            (series, f"{report.subject} ({report.part}, {report.get_state_display().lower()})")
            for series, report in self.subjects.items()
        ]
        if item and item.series and item.series not in self.subjects:  # its report is to come
            choices.append((item.series, f"{item.series} (no report yet)"))
        self.fields["series"].choices = choices

    def clean(self):
        # Imported here: this part of the module was added below the others' imports.
        from reports.democratic import agenda_item_check
        from reports.models import AgendaItem

        cleaned = super().clean()
        series = cleaned.get("series")
        if not cleaned.get("title") and series in self.subjects:
            cleaned["title"] = self.subjects[series].subject
        if not cleaned.get("title") and "title" not in self.errors:
            self.add_error("title", "Enter the item's title, or select its report")
        if not cleaned.get("exempt"):
            cleaned["exempt_paragraph"] = ""
        if self.errors:
            return cleaned
        candidate = AgendaItem(
            pk=self.item.pk if self.item else None,
            meeting=self.meeting,
            **{name: cleaned[name] for name in ("number", "title", "series", "exempt")},
            exempt_paragraph=cleaned["exempt_paragraph"],
        )
        try:
            agenda_item_check(candidate)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


class MinutesForm(VersionSeenForm):
    """Each item's minute, in one form: a text box an item."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            part = " (Part II)" if item.exempt else ""
            self.fields[f"item_{item.pk}"] = char_field(
                f"{item.number}. {item.title}{part}",
                what=f"the minute of item {item.number}",
                max_length=TEXT_LIMIT,
                required=False,
                rows=3,
                help_text=MINUTE_HINT,
            )

    @property
    def decisions(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}


class PackBuildForm(GovukForm):
    """Building the agenda packs; when the papers are late (`late`), with the reason
    they must still be taken at the meeting."""

    late_reason = char_field(
        "Why these papers must be taken at this meeting although they are late",
        what="why these papers must be taken at this meeting although they are late",
        max_length=TEXT_LIMIT,
        rows=4,
        help_text=LATE_REASON_HINT,
    )

    def __init__(self, *args, late: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not late:
            del self.fields["late_reason"]
