"""
Officers' pages for capital projects and the improvement plan.

Everything is shown as at today (the view chooses the day; selectors take it).
Who may open a page is the access policy on each view; who may change a given
project or action is checked against its department (`require_update`).
"""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from harrow_its.access import STAFF, access, may_update, require_update
from harrow_its.audit_history import recorded_changes
from harrow_its.concurrency import versioned_form
from harrow_its.forms import as_at_form
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
        plan = ImprovementPlan.objects.prefetch_related("areas").first()
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
            "history": recorded_changes(project),
            # The past is looked at, not changed: changes are made to the present.
            "may_update": may_update(request.user, project.department) and not as_at.in_the_past,
        },
    )


def _project_form_context(project, title, **extra):
    return {
        "project": project,
        "title": title,
        "caption": str(project),
        "back_url": project.get_absolute_url(),
        "latest_change": next(iter(recorded_changes(project, limit=1)), None),
        **extra,
    }


@access(STAFF, writes=True)
def project_update_create(request, code):
    project = _project(code)
    require_update(request.user, project.department)
    today = timezone.localdate()
    return versioned_form(
        request,
        template=FORM_TEMPLATE,
        form_class=ProjectUpdateForm,
        form_kwargs={"project": project, "today": today},
        initial={"version": project.version, "status_date": today},
        save=lambda data: services.project_update_create(
            project=project, recorded_by=request.user, **data
        ),
        done=("Status update added.", project.get_absolute_url()),
        context=_project_form_context(project, "Add a status update", submit="Add the update"),
    )


@access(STAFF, writes=True)
def project_update_correct(request, code, pk):
    project = _project(code)
    require_update(request.user, project.department)
    original = get_object_or_404(ProjectUpdate, pk=pk, project=project)
    initial = {
        field: getattr(original, field)
        for field in (
            "rag",
            "rag_reason",
            "phase",
            "percent_complete",
            "progress",
            "achievements",
            "next_steps",
            "commentary",
        )
    }
    return versioned_form(
        request,
        template=FORM_TEMPLATE,
        form_class=ProjectCorrectionForm,
        form_kwargs={"project": project, "today": timezone.localdate(), "original": original},
        initial={**initial, "version": project.version},
        save=lambda data: services.project_update_create(
            project=project, recorded_by=request.user, corrects=original, **data
        ),
        done=("Correction recorded.", project.get_absolute_url()),
        context=_project_form_context(
            project,
            f"Correct the {original.period} update of {original.status_date:%-d %B %Y}",
            submit="Record the correction",
            original=original,
        ),
    )


@access(STAFF, writes=True)
def finance_create(request, code):
    project = _project(code)
    require_update(request.user, project.department)
    today = timezone.localdate()
    latest = selectors.project_finances_known(as_at=today).filter(project=project).first()
    initial = {"version": project.version, "effective_on": today}
    if latest:
        initial |= {
            "approved_budget": latest.approved_budget,
            "spend_to_date": latest.spend_to_date,
            "forecast_outturn": latest.forecast_outturn,
        }
    return versioned_form(
        request,
        template=FORM_TEMPLATE,
        form_class=FinanceForm,
        form_kwargs={"project": project, "today": today},
        initial=initial,
        save=lambda data: services.project_finance_record(
            project=project, recorded_by=request.user, **data
        ),
        done=("Money figures recorded.", project.get_absolute_url()),
        context=_project_form_context(project, "Record money figures", submit="Record the figures"),
    )


@access(STAFF, writes=True)
def milestone_create(request, code):
    project = _project(code)
    require_update(request.user, project.department)
    today = timezone.localdate()
    return versioned_form(
        request,
        template=FORM_TEMPLATE,
        form_class=MilestoneForm,
        form_kwargs={"today": today},
        initial={"version": project.version},
        save=lambda data: services.milestone_create(project=project, added_on=today, **data),
        done=("Milestone added.", project.get_absolute_url()),
        context=_project_form_context(project, "Add a milestone", submit="Add the milestone"),
    )


@access(STAFF, writes=True)
def milestone_revise(request, code, pk):
    project = _project(code)
    require_update(request.user, project.department)
    milestone = get_object_or_404(Milestone, pk=pk, project=project)
    today = timezone.localdate()
    return versioned_form(
        request,
        template=FORM_TEMPLATE,
        form_class=MilestoneRevisionForm,
        form_kwargs={"today": today},
        initial={"version": project.version, "effective_on": today},
        save=lambda data: services.milestone_revise(
            milestone=milestone, recorded_by=request.user, **data
        ),
        done=("Milestone updated.", project.get_absolute_url()),
        context=_project_form_context(
            project,
            f"Update the milestone: {milestone.name}",
            submit="Update the milestone",
            milestone=milestone,
        ),
    )


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
            "history": recorded_changes(action),
            "may_update": may_update(request.user, action.department) and not as_at.in_the_past,
        },
    )


@access(STAFF, writes=True)
def action_update_create(request, pk):
    action = _action(pk)
    require_update(request.user, action.department)
    today = timezone.localdate()
    return versioned_form(
        request,
        template=FORM_TEMPLATE,
        form_class=ActionUpdateForm,
        form_kwargs={"today": today},
        initial={"version": action.version, "status_date": today},
        save=lambda data: services.action_update_create(
            action=action, recorded_by=request.user, **data
        ),
        done=("Progress note added.", action.get_absolute_url()),
        context={
            "title": "Add a progress note",
            "caption": str(action),
            "back_url": action.get_absolute_url(),
            "submit": "Add the note",
            "latest_change": next(iter(recorded_changes(action, limit=1)), None),
        },
    )
