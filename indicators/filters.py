import django_filters

from harrow_its.forms import GovukForm, QuickSelect
from harrow_its.models import Department
from indicators.models import Source


class IndicatorFilter(django_filters.FilterSet):
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), empty_label="All departments", widget=QuickSelect
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
