import django_filters
from django import forms

from harrow_its.forms import GovukForm
from harrow_its.models import Department
from indicators.models import Source


class Select(forms.Select):
    """Django's select, each option written in the select's own template rather than
    in a template of its own: the same markup, several times faster for the hundreds
    of departments of a large council. Named Select: harrow_its/forms.py gives a
    widget its GOV.UK class by its type, its class's name."""

    template_name = "indicators/widgets/select.html"


class IndicatorFilter(django_filters.FilterSet):
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), empty_label="All departments", widget=Select
    )
    source = django_filters.ChoiceFilter(choices=Source.choices, empty_label="All sources")
    key = django_filters.ChoiceFilter(
        label="Key indicators",
        choices=[("yes", "Key indicators only")],
        empty_label="All indicators",
        method="filter_key",
    )

    class Meta:
        form = GovukForm
        fields = ["department", "source", "key"]

    def filter_key(self, queryset, name, value):
        return queryset.filter(is_key=True)
