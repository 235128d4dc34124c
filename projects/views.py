"""
Officers' pages for capital projects and the improvement plan.

Everything is shown as at today (the view chooses the day; selectors take it).
Who may open a page is the access policy on each view; who may change a given
project or action is checked against its department (`require_update`).
"""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.functional import cached_property
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from harrow_its.access import STAFF, access, may_update, require_update
from harrow_its.audit_history import recorded_changes
from harrow_its.concurrency import VersionedFormView
from harrow_its.forms import as_at_form
from harrow_its.tables import AuditHistoryTable
from harrow_its.tabular import TableExport
from projects import selectors, services
from projects.filters import ActionFilter, ProjectFilter
from projects.forms import (
    ActionUpdateForm,
    FinanceForm,
    MilestoneForm,
    MilestoneRevisionForm,
    ProjectCorrectionForm,
    ProjectUpdateForm,
)
from projects.models import Action, ImprovementPlan, Milestone, Project, ProjectUpdate
from projects.tables import ActionTable, ProjectTable

# Every form that changes a project or an action (harrow_its/concurrency.py).
FORM_TEMPLATE = "projects/form.html"


class ExportableListView(ExportMixin, SingleTableMixin, FilterView):
    """A filtered, sortable, paginated table, downloadable as CSV or XLSX as filtered."""

    paginate_by = 25
    export_formats = ("csv", "xlsx")
    export_class = TableExport  # formulas kept out of the files
    export_slug = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.as_at_form = as_at_form(request)
        self.as_at = self.as_at_form.day

    def get_export_filename(self, export_format):
        return f"{self.export_slug}-as-at-{self.as_at.isoformat()}.{export_format}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(as_at=self.as_at, as_at_form=self.as_at_form, **kwargs)


class ProjectListView(ExportableListView):
    table_class = ProjectTable
    filterset_class = ProjectFilter
    template_name = "projects/project_list.html"
    export_slug = "capital-projects"

    def get_queryset(self):
        return selectors.project_list(as_at=self.as_at)


project_list = access(STAFF)(ProjectListView.as_view())


class ActionListView(ExportableListView):
    table_class = ActionTable
    filterset_class = ActionFilter
    template_name = "projects/plan.html"
    export_slug = "improvement-actions"

    def get_queryset(self):
        return selectors.action_list(as_at=self.as_at)

    def get_context_data(self, **kwargs):
        plan = ImprovementPlan.objects.prefetch_related("areas").in_force(self.as_at)
        return super().get_context_data(plan=plan, **kwargs)


plan = access(STAFF)(ActionListView.as_view())


def _project(code):
    return get_object_or_404(Project.objects.select_related("programme", "department"), code=code)


@access(STAFF)
def project_detail(request, code):
    project = _project(code)
    as_at = as_at_form(request)
    return render(
        request,
        "projects/project_detail.html",
        {
            "status": selectors.project_status(project=project, as_at=as_at.day),
            "as_at_form": as_at,
            "history": AuditHistoryTable(recorded_changes(project)),
            # The past is looked at, not changed: changes are made to the present.
            "may_update": may_update(request.user, project.department) and not as_at.in_the_past,
        },
    )


class ChangeFormView(VersionedFormView):
    """A form that changes a project or an action (`get_versioned`), by someone who
    may update its department; the person goes back to its page."""

    template_name = FORM_TEMPLATE
    title = submit = ""

    def get_versioned(self):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        self.versioned = self.get_versioned()
        require_update(request.user, self.versioned.department)
        self.today = timezone.localdate()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "today": self.today}

    def get_success_url(self):
        return self.versioned.get_absolute_url()

    def get_title(self):
        return self.title

    def get_context_data(self, **kwargs):
        record = self.versioned
        return super().get_context_data(
            title=self.get_title(),
            caption=str(record),
            back_url=record.get_absolute_url(),
            submit=self.submit,
            latest_change=next(iter(recorded_changes(record, limit=1)), None),
            **kwargs,
        )


class ProjectFormView(ChangeFormView):
    def get_versioned(self):
        return _project(self.kwargs["code"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.versioned, **kwargs)


class ProjectUpdateCreateView(ProjectFormView):
    form_class = ProjectUpdateForm
    title = "Add a status update"
    submit = "Add the update"
    success_message = "Status update added."

    def get_initial(self):
        return {**super().get_initial(), "status_date": self.today}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "project": self.versioned}

    def save(self, form):
        services.project_update_create(
            project=self.versioned, recorded_by=self.request.user, **form.cleaned_data
        )


project_update_create = access(STAFF, writes=True)(ProjectUpdateCreateView.as_view())

# What a correction starts from: the update it corrects.
CORRECTED_FIELDS = (
    "rag",
    "rag_reason",
    "phase",
    "percent_complete",
    "progress",
    "achievements",
    "next_steps",
    "commentary",
)


class ProjectUpdateCorrectView(ProjectUpdateCreateView):
    form_class = ProjectCorrectionForm
    submit = "Record the correction"
    success_message = "Correction recorded."

    @cached_property
    def original(self):
        return get_object_or_404(ProjectUpdate, pk=self.kwargs["pk"], project=self.versioned)

    def get_initial(self):
        original = {field: getattr(self.original, field) for field in CORRECTED_FIELDS}
        return {**original, "version": self.versioned.version}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "original": self.original}

    def get_title(self):
        return f"Correct the {self.original.period} update of {self.original.status_date:%-d %B %Y}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(original=self.original, **kwargs)

    def save(self, form):
        services.project_update_create(
            project=self.versioned,
            recorded_by=self.request.user,
            corrects=self.original,
            **form.cleaned_data,
        )


project_update_correct = access(STAFF, writes=True)(ProjectUpdateCorrectView.as_view())


class FinanceCreateView(ProjectFormView):
    form_class = FinanceForm
    title = "Record money figures"
    submit = "Record the figures"
    success_message = "Money figures recorded."

    def get_initial(self):
        initial = {**super().get_initial(), "effective_on": self.today}
        if self.latest:
            initial |= {
                "approved_budget": self.latest.approved_budget,
                "spend_to_date": self.latest.spend_to_date,
                "forecast_outturn": self.latest.forecast_outturn,
            }
        return initial

    @cached_property
    def latest(self):
        known = selectors.project_finances_known(as_at=self.today)
        return known.filter(project=self.versioned).first()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "project": self.versioned}

    def save(self, form):
        services.project_finance_record(
            project=self.versioned, recorded_by=self.request.user, **form.cleaned_data
        )


finance_create = access(STAFF, writes=True)(FinanceCreateView.as_view())


class MilestoneCreateView(ProjectFormView):
    form_class = MilestoneForm
    title = "Add a milestone"
    submit = "Add the milestone"
    success_message = "Milestone added."

    def save(self, form):
        services.milestone_create(project=self.versioned, added_on=self.today, **form.cleaned_data)


milestone_create = access(STAFF, writes=True)(MilestoneCreateView.as_view())


class MilestoneReviseView(ProjectFormView):
    form_class = MilestoneRevisionForm
    submit = "Update the milestone"
    success_message = "Milestone updated."

    @cached_property
    def milestone(self):
        return get_object_or_404(Milestone, pk=self.kwargs["pk"], project=self.versioned)

    def get_initial(self):
        return {**super().get_initial(), "effective_on": self.today}

    def get_title(self):
        return f"Update the milestone: {self.milestone.name}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(milestone=self.milestone, **kwargs)

    def save(self, form):
        services.milestone_revise(
            milestone=self.milestone, recorded_by=self.request.user, **form.cleaned_data
        )


milestone_revise = access(STAFF, writes=True)(MilestoneReviseView.as_view())


def _action(pk):
    return get_object_or_404(Action.objects.select_related("area", "department"), pk=pk)


@access(STAFF)
def action_detail(request, pk):
    action = _action(pk)
    as_at = as_at_form(request)
    return render(
        request,
        "projects/action_detail.html",
        {
            "action": action,
            "as_at": as_at.day,
            "as_at_form": as_at,
            "notes": selectors.action_updates_known(action=action, as_at=as_at.day),
            "history": AuditHistoryTable(recorded_changes(action)),
            "may_update": may_update(request.user, action.department) and not as_at.in_the_past,
        },
    )


class ActionUpdateCreateView(ChangeFormView):
    form_class = ActionUpdateForm
    title = "Add a progress note"
    submit = "Add the note"
    success_message = "Progress note added."

    def get_versioned(self):
        return _action(self.kwargs["pk"])

    def get_initial(self):
        return {**super().get_initial(), "status_date": self.today}

    def save(self, form):
        services.action_update_create(
            action=self.versioned, recorded_by=self.request.user, **form.cleaned_data
        )


action_update_create = access(STAFF, writes=True)(ActionUpdateCreateView.as_view())
