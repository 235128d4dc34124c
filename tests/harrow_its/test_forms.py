"""The shared form widgets."""

import pytest
from django import forms

from harrow_its.forms import GovukForm, QuickSelect
from harrow_its.models import Department

pytestmark = pytest.mark.django_db


def _form(widget):
    class Form(GovukForm):
        department = forms.ModelChoiceField(
            Department.objects.all(), empty_label="All departments", widget=widget
        )

    return Form


@pytest.mark.parametrize("data", [None, {}, {"department": "chosen"}, {"department": "999"}])
def test_a_quick_select_writes_the_html_of_djangos_select(data):
    """Names to escape, nothing chosen, one chosen, an unknown value: the same HTML,
    class and all, as Django's Select."""
    Department.objects.create(name="Finance & <Resources>", slug="finance")
    chosen = Department.objects.create(name="People “First”", slug="people")
    if data and data["department"] == "chosen":
        data = {"department": str(chosen.pk)}
    quick, django = _form(QuickSelect)(data), _form(forms.Select)(data)
    assert str(quick["department"]) == str(django["department"])
    assert 'class="govuk-select' in str(quick["department"])
