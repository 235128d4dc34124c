"""More of the data already in the database: copies of its departments, projects,
actions, indicators and BVPI 157 services with all their history, for tests that
the number of queries a page or a report takes does not grow with the data."""

from bvpi.models import InventoryEntry, Service
from harrow_its.models import Department
from indicators.models import Indicator, Measurement, Target, ToleranceRule
from projects.models import (
    Action,
    ActionUpdate,
    Milestone,
    MilestoneRevision,
    Project,
    ProjectFinance,
    ProjectUpdate,
)


def _copy(row, **changes):
    """A saved copy of `row`, with `changes` (by attribute name)."""
    fields = {
        f.attname: getattr(row, f.attname)
        for f in row._meta.concrete_fields
        if not f.primary_key and f.attname != "version"
    }
    return type(row).objects.create(**(fields | changes))


def _copy_project(project, n, department):
    copy = _copy(project, code=f"{project.code}-C{n}", department_id=department.pk)
    corrected = {}
    for update in ProjectUpdate.objects.filter(project=project).order_by("pk"):
        corrects = update.corrects_id and corrected[update.corrects_id].pk
        corrected[update.pk] = _copy(update, project_id=copy.pk, corrects_id=corrects)
    for finance in ProjectFinance.objects.filter(project=project):
        _copy(finance, project_id=copy.pk)
    for milestone in Milestone.objects.filter(project=project):
        new = _copy(milestone, project_id=copy.pk)
        for revision in MilestoneRevision.objects.filter(milestone=milestone):
            _copy(revision, milestone_id=new.pk, project_id=copy.pk)


def _copy_action(action, n, department):
    copy = _copy(action, reference=f"{action.reference}-C{n}", department_id=department.pk)
    for note in ActionUpdate.objects.filter(action=action):
        _copy(note, action_id=copy.pk)


def _copy_indicator(indicator, n, department):
    copy = _copy(indicator, code=f"{indicator.code}-C{n}", department_id=department.pk)
    for target in Target.objects.filter(indicator=indicator):
        _copy(target, indicator_id=copy.pk)
    restated = {}
    for result in Measurement.objects.filter(indicator=indicator).order_by("pk"):
        restates = result.restates_id and restated[result.restates_id].pk
        restated[result.pk] = _copy(result, indicator_id=copy.pk, restates_id=restates)
    for rule in ToleranceRule.objects.filter(indicator=indicator):
        _copy(rule, indicator_id=copy.pk)


def _copy_service(service, n, department):
    copy = _copy(service, department_id=department.pk)
    for entry in InventoryEntry.objects.filter(service=service):
        _copy(entry, service_id=copy.pk)


def add_copies(copies: int) -> None:
    """Add `copies` copies of every department and of everything it holds, history
    included: copy n's departments are named "… (copy n)", its codes end "-Cn"."""
    departments = list(Department.objects.all())
    held = [
        (Project, _copy_project),
        (Action, _copy_action),
        (Indicator, _copy_indicator),
        (Service, _copy_service),
    ]
    rows = [(list(model.objects.all()), copy) for model, copy in held]
    for n in range(1, copies + 1):
        department = {
            d.pk: _copy(d, name=f"{d.name} (copy {n})", slug=f"{d.slug}-copy-{n}")
            for d in departments
        }
        for originals, copy in rows:
            for row in originals:
                copy(row, n, department[row.department_id])
