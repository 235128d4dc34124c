import django_filters
from django.db.models import Q

from harrow_its.forms import GovukForm, QuickSelect
from harrow_its.models import Department, Rag
from projects.models import ActionStatus, PlanArea, Programme

NOT_REPORTED = "none"


def search(fields):
    """A filter method matching any of `fields` against the words typed."""

    def filter_method(queryset, name, value):
        query = Q()
        for field in fields:
            query |= Q(**{f"{field}__icontains": value})
        return queryset.filter(query)

    return filter_method


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search", method=search(["code", "name", "manager", "description"])
    )
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), empty_label="All departments", widget=QuickSelect
    )
    programme = django_filters.ModelChoiceFilter(
        queryset=Programme.objects.all(), empty_label="All programmes", widget=QuickSelect
    )
    rag = django_filters.ChoiceFilter(
        label="RAG status",
        choices=[*Rag.choices, (NOT_REPORTED, "Not reported")],
        empty_label="Any status",
        method="filter_rag",
    )

    class Meta:
        form = GovukForm
        fields = ["q", "department", "programme", "rag"]

    def filter_rag(self, queryset, name, value):
        if value == NOT_REPORTED:
            return queryset.filter(rag__isnull=True)
        return queryset.filter(rag=value)


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search", method=search(["reference", "title", "owner", "description"])
    )
    area = django_filters.ModelChoiceFilter(
        label="Area", queryset=PlanArea.objects.all(), empty_label="All areas", widget=QuickSelect
    )
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), empty_label="All departments", widget=QuickSelect
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=ActionStatus.choices, empty_label="Any status"
    )
    overdue = django_filters.ChoiceFilter(
        label="Overdue",
        choices=[("yes", "Overdue only"), ("no", "Not overdue")],
        empty_label="Overdue or not",
        method="filter_overdue",
    )

    class Meta:
        form = GovukForm
        fields = ["q", "area", "department", "status", "overdue"]

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue=(value == "yes"))
