"""
Forms in the GOV.UK Design System's markup, and the fields the apps share.

Every form renders its fields through templates/includes/field.html (set as the
form renderer's field template), which lays out label, hint, error message and
input as GOV.UK Frontend expects; GovukBoundField gives each input its classes.
Error messages follow the Design System's wording: say what to do, not what failed.
"""

import datetime
import re
from decimal import Decimal

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

INVALID_SIGN_IN = "Enter a correct username and password. Both are case-sensitive."
INACTIVE_ACCOUNT = "This account has been closed. Ask an administrator to reopen it."
ENTER_USERNAME = "Enter your username"
ENTER_PASSWORD = "Enter your password"  # noqa: S105 (a message, not a password)  # nosec B105

# GOV.UK Frontend's class for each kind of widget, and its error variant.
WIDGET_CLASSES = {
    "select": "govuk-select",
    "quickselect": "govuk-select",
    "textarea": "govuk-textarea",
    "checkbox": "govuk-checkboxes__input",
}


class GovukFormRenderer(TemplatesSetting):
    field_template_name = "includes/field.html"


class GovukBoundField(BoundField):
    """Gives each input GOV.UK Frontend's class, and its error variant on error.

    Django already adds aria-invalid and points aria-describedby at `<id>_error`
    and `<id>_helptext`, which templates/includes/field.html uses.
    """

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if isinstance(widget, forms.MultiWidget | forms.RadioSelect):
            return attrs
        base = WIDGET_CLASSES.get(self.widget_type, "govuk-input")
        classes = [widget.attrs.get("class", base)]
        if self.errors and base != "govuk-checkboxes__input":
            classes.append(f"{base}--error")
        attrs["class"] = " ".join(classes)
        return attrs


class GovukForm(forms.Form):
    bound_field_class = GovukBoundField


class GovukModelForm(forms.ModelForm):
    bound_field_class = GovukBoundField


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with GOV.UK-style error messages."""

    bound_field_class = GovukBoundField
    error_messages = {"invalid_login": INVALID_SIGN_IN, "inactive": INACTIVE_ACCOUNT}

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = ENTER_USERNAME
        self.fields["password"].error_messages["required"] = ENTER_PASSWORD
        self.fields["username"].widget.attrs.update(
            {"autocapitalize": "none", "spellcheck": "false"}
        )
        self.fields["password"].widget = forms.PasswordInput(
            attrs={"autocomplete": "current-password"}
        )


class MoneyField(forms.DecimalField):
    """An amount in pounds and pence, typed as people write it: "£1,250,000.00"."""

    prefix = "£"

    def __init__(self, *, label, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal(0))
        super().__init__(
            label=label,
            widget=forms.TextInput(
                attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-10"}
            ),
            error_messages={
                "required": f"Enter the {label.lower()}",
                "invalid": f"Enter the {label.lower()} in pounds, like 1250000 or 1,250,000.00",
                "min_value": f"The {label.lower()} cannot be negative",
                "max_digits": f"The {label.lower()} must be less than £10,000,000,000",
                "max_whole_digits": f"The {label.lower()} must be less than £10,000,000,000",
                "max_decimal_places": f"Give the {label.lower()} to the nearest penny",
            },
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[£,\s]", "", value)
        return super().to_python(value)


class GovukDateWidget(forms.MultiWidget):
    """GOV.UK's date input: day, month and year in three boxes."""

    template_name = "includes/date_input.html"

    def __init__(self, attrs=None):
        widgets = {
            "day": forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "class": "govuk-input govuk-date-input__input govuk-input--width-2",
                }
            ),
            "month": forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "class": "govuk-input govuk-date-input__input govuk-input--width-2",
                }
            ),
            "year": forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "class": "govuk-input govuk-date-input__input govuk-input--width-4",
                }
            ),
        }
        super().__init__(widgets, attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["invalid"] = (attrs or {}).get("aria-invalid") == "true"
        return context

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date typed into GOV.UK's three boxes, with the Design System's messages."""

    widget = GovukDateWidget

    def __init__(self, *, label, what=None, **kwargs):
        self.label_text = what or label  # what the messages call it: "Enter the {what}"
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields, label=label, require_all_fields=False, **kwargs)

    def clean(self, value):
        value = [str(part or "").strip() for part in (value or ["", "", ""])]
        if not any(value):
            if self.required:
                raise ValidationError(f"Enter the {self.label_text.lower()}", code="required")
            return None
        missing = [
            name for name, part in zip(("day", "month", "year"), value, strict=True) if not part
        ]
        if missing:
            raise ValidationError(
                f"The {self.label_text.lower()} must include a {' and a '.join(missing)}",
                code="incomplete",
            )
        try:
            day, month, year = (int(part) for part in value)
            if not 1000 <= year <= 9999:
                raise ValueError
            result = datetime.date(year, month, day)
        except (ValueError, OverflowError):  # a day or month too big for a C int: overflow
            raise ValidationError(
                f"The {self.label_text.lower()} must be a real date", code="invalid"
            ) from None
        self.run_validators(result)
        return result

    def compress(self, data_list):  # never called: clean() does the work
        return data_list


class SpreadsheetUploadForm(GovukForm):
    """A CSV or XLSX file to import (harrow_its/tabular.py reads it)."""

    file = forms.FileField(
        label="Upload a CSV or XLSX file",
        help_text="A file downloaded from this page, with your changes.",
        error_messages={"required": "Select a CSV or XLSX file", "empty": "The file is empty"},
    )


class AsAtForm(GovukForm):
    """The past day a page shows its data as at, carried in the URL so it can be shared
    (?as_at_day=1&as_at_month=9&as_at_year=2005). Blank means today."""

    as_at = GovukDateField(
        label="Show as at",
        what="date",
        required=False,
        help_text="For example, 1 9 2005. Leave it blank for today.",
    )

    def __init__(self, *args, today: datetime.date, label=None, hint=None, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)
        if label:
            self.fields["as_at"].label = label
        if hint:
            self.fields["as_at"].help_text = hint

    def clean_as_at(self):
        day = self.cleaned_data["as_at"]
        if day and day > self.today:
            raise ValidationError("The date cannot be in the future")
        return day

    @property
    def day(self) -> datetime.date:
        """The day asked for, or today when none (or no valid one) was."""
        return (self.is_valid() and self.cleaned_data["as_at"]) or self.today

    @property
    def in_the_past(self) -> bool:
        return self.day != self.today


def as_at_form(request, **texts) -> AsAtForm:
    """The as-at form of a page from its URL (`form.day` is the day to show), with
    another `label` or `hint` if given."""
    return AsAtForm(request.GET or None, today=timezone.localdate(), **texts)


class QuickSelect(forms.Select):
    """A select whose options are written in Python rather than a template each: the
    same HTML as Django's Select (one value, no option groups), in a fraction of the
    time for a long list (a filter of hundreds of departments)."""

    template_name = "includes/quick_select.html"

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)  # no optgroups
        chosen = set(self.format_value(value))
        context["widget"]["options_html"] = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>\n',
            (
                (choice, mark_safe(" selected") if str(choice) in chosen else "", label)
                for choice, label in self.choices
            ),
        )
        return context
