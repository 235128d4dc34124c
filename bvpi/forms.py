"""The form for one inventory cell, also used to check each row of an imported file."""

from django import forms

from bvpi.models import Barrier, Channel
from harrow_its.forms import GovukDateField, GovukForm

YES_NO = [("yes", "Yes"), ("no", "No")]
BARRIER_NEEDED = "Select whether the barrier is legal or operational"
JUSTIFICATION_NEEDED = "Give the justification for the barrier"
NO_ENABLING_WITH_A_BARRIER = "A cell with a barrier is not counted, so it cannot be e-enabled"
CHANNEL_NEEDED = "Select the channel it is e-enabled through"
FUTURE = "The date it was e-enabled cannot be in the future"


def yes_no(label):
    return forms.ChoiceField(
        label=label,
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={
            "required": f"Select yes or no: {label.lower()}",
            "invalid_choice": f"Select yes or no: {label.lower()}",
        },
    )


class CellForm(GovukForm):
    based_on = forms.IntegerField(widget=forms.HiddenInput)
    applies = yes_no("Does this interaction apply to the service?")
    permissible = yes_no("Is electronic delivery legally permissible?")
    barrier = forms.ChoiceField(
        label="If not, what is the barrier?",
        required=False,
        choices=[("", "No barrier"), *Barrier.choices],
        error_messages={"invalid_choice": BARRIER_NEEDED},
    )
    justification = forms.CharField(
        label="Justification for the barrier",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The justification must be 2,000 characters or fewer"},
    )
    enabled_from = GovukDateField(
        label="E-enabled from",
        required=False,
        help_text="The first day it could be done electronically, for example 15 8 2005. Leave blank if not yet.",
    )
    channel = forms.ChoiceField(
        label="Channel",
        required=False,
        choices=[("", "Not e-enabled"), *Channel.choices],
        error_messages={"invalid_choice": CHANNEL_NEEDED},
    )
    evidence = forms.CharField(
        label="Evidence",
        required=False,
        max_length=2000,
        help_text="Where it can be seen: a web address, or how the telephone team reach the records.",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "The evidence must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, today, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        applies = cleaned.get("applies") == "yes"
        permissible = cleaned.get("permissible") == "yes"
        enabled = cleaned.get("enabled_from")
        if applies and cleaned.get("permissible") == "no":
            if not cleaned.get("barrier"):
                self.add_error("barrier", BARRIER_NEEDED)
            if not cleaned.get("justification"):
                self.add_error("justification", JUSTIFICATION_NEEDED)
            if enabled:
                self.add_error("enabled_from", NO_ENABLING_WITH_A_BARRIER)
        if applies and permissible and enabled:
            if enabled > self.today:
                self.add_error("enabled_from", FUTURE)
            if "channel" in cleaned and not cleaned["channel"]:
                self.add_error("channel", CHANNEL_NEEDED)
        return cleaned

    def values(self) -> dict:
        """The cell as the form says it should be (blanking what does not apply)."""
        data = self.cleaned_data
        applies = data["applies"] == "yes"
        permissible = applies and data["permissible"] == "yes"
        enabled = permissible and data["enabled_from"]
        return {
            "applies": applies,
            "permissible": permissible or not applies,
            "barrier": "" if permissible or not applies else data["barrier"],
            "justification": "" if permissible or not applies else data["justification"],
            "enabled_from": data["enabled_from"] if enabled else None,
            "channel": data["channel"] if enabled else "",
            "evidence": data["evidence"] if enabled else "",
        }


def form_data_of(entry) -> dict:
    """The form's initial data for a cell's current entry (or a cell with none)."""
    if entry is None:
        return {"based_on": 0, "applies": "no", "permissible": "yes"}
    return {
        "based_on": entry.pk,
        "applies": "yes" if entry.applies else "no",
        "permissible": "yes" if entry.permissible else "no",
        "barrier": entry.barrier,
        "justification": entry.justification,
        "enabled_from": entry.enabled_from,
        "channel": entry.channel,
        "evidence": entry.evidence,
    }
