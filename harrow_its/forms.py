from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.forms.boundfield import BoundField

INVALID_SIGN_IN = "Enter a correct username and password. Both are case-sensitive."
INACTIVE_ACCOUNT = "This account has been closed. Ask an administrator to reopen it."
ENTER_USERNAME = "Enter your username"
ENTER_PASSWORD = "Enter your password"  # noqa: S105 (a message, not a password)


class GovukBoundField(BoundField):
    """Adds GOV.UK Frontend's error class to an input that has errors.

    Django already adds aria-invalid and points aria-describedby at
    `<id>_error` and `<id>_helptext`, which templates/includes/text_input.html uses.
    """

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            widget = widget or self.field.widget
            classes = attrs.get("class", widget.attrs.get("class", ""))
            attrs["class"] = f"{classes} govuk-input--error".strip()
        return attrs


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with GOV.UK-style error messages."""

    bound_field_class = GovukBoundField
    error_messages = {"invalid_login": INVALID_SIGN_IN, "inactive": INACTIVE_ACCOUNT}

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = ENTER_USERNAME
        self.fields["password"].error_messages["required"] = ENTER_PASSWORD
        self.fields["username"].widget.attrs.update(
            {"autocapitalize": "none", "spellcheck": "false", "class": "govuk-input"}
        )
        self.fields["password"].widget = forms.PasswordInput(
            attrs={"autocomplete": "current-password", "class": "govuk-input"}
        )
