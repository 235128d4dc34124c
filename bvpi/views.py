"""
BVPI 157 pages: the score, a department's matrix, what remains, a cell's form,
and the inventory as a spreadsheet. As at today unless the person picks a day.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import dateformat, timezone
from django_tables2 import RequestConfig

from bvpi import selectors
from bvpi.charts import trajectory_chart
from bvpi.forms import CellForm, form_data_of
from bvpi.models import Barrier, Channel, InteractionType, Service
from bvpi.services import STALE_CELL, Change, StaleCells, cells_record
from bvpi.tables import DepartmentScoreTable, QuarterScoreTable
from harrow_its.access import (
    STAFF,
    access,
    departments_updatable_by,
    may_update,
    require_update,
)
from harrow_its.calendar import Quarter
from harrow_its.forms import SpreadsheetUploadForm, as_at_form
from harrow_its.models import Department
from harrow_its.tabular import (
    CSV_TYPE,
    XLSX_TYPE,
    UnreadableFile,
    read_table,
    write_csv,
    write_xlsx,
)

EXPORT_HEADERS = [
    "Department",
    "Service",
    "Type",
    "Interaction type",
    "Applies",
    "Legally permissible",
    "Barrier",
    "Justification",
    "Enabled from",
    "Channel",
    "Evidence",
]


# The summary lists the departments a page at a time, and what remains its cells; the
# council's score, and each interaction type's count, are of all.
DEPARTMENTS_PER_PAGE = 25
ITEMS_PER_PAGE = 25


def _as_at(request):
    form = as_at_form(request, label="Show the inventory as at")
    return form.day, form


@access(STAFF)
def index(request):
    as_at, as_at_form = _as_at(request)
    first = selectors.first_service_day(as_at=as_at)
    scores = selectors.council_scores(as_at=as_at, first=Quarter.containing(first))
    quarters, departments = scores.quarters, scores.departments
    council = selectors.total_score(departments)
    target = (
        f"{selectors.TARGET_TEXT}: {council.remaining} interaction"
        f"{'s' if council.remaining != 1 else ''} still to e-enable."
    )
    department_table = DepartmentScoreTable(
        departments,
        council=council,
        query=request.GET.urlencode(),
        caption=f"By department, as at {dateformat.format(as_at, 'j F Y')}",
    )
    RequestConfig(request, paginate={"per_page": DEPARTMENTS_PER_PAGE}).configure(department_table)
    return render(
        request,
        "bvpi/index.html",
        {
            "as_at": as_at,
            "as_at_form": as_at_form,
            "council": council,
            "target": target,
            "department_table": department_table,
            "quarter_table": QuarterScoreTable(quarters),
            "chart": trajectory_chart(quarters, chart_id="bvpi-trajectory", target_text=target),
        },
    )


@access(STAFF)
def department(request, slug):
    dept = get_object_or_404(Department, slug=slug)
    as_at, as_at_form = _as_at(request)
    inventory = selectors.inventory(as_at=as_at, department=dept)
    return render(
        request,
        "bvpi/department.html",
        {
            "department": dept,
            "as_at": as_at,
            "as_at_form": as_at_form,
            "inventory": inventory,
            "score": inventory.score(),
            "may_update": may_update(request.user, dept),
        },
    )


@dataclass(frozen=True)
class Pages:
    """What includes/pagination.html reads of a paged table, for a paged list."""

    paginator: Paginator
    page: Page
    caption: str
    prefixed_page_field: str = "page"


def _remaining_page(as_at, number):
    """The page `number` of what remains (the last if there are fewer), and its pages."""
    start = (number - 1) * ITEMS_PER_PAGE
    remaining = selectors.remaining(as_at=as_at, start=start, stop=start + ITEMS_PER_PAGE)
    paginator = Paginator(range(remaining.score.remaining), ITEMS_PER_PAGE)
    page = paginator.get_page(number)
    if page.number != number:  # past the last page: read the last
        return _remaining_page(as_at, page.number)
    return remaining, Pages(paginator, page, caption="What remains")


@access(STAFF)
def remaining(request):
    as_at, as_at_form = _as_at(request)
    number = request.GET.get("page", "")
    remaining, pages = _remaining_page(as_at, int(number) if number.isdigit() else 1)
    return render(
        request,
        "bvpi/remaining.html",
        {
            "as_at": as_at,
            "as_at_form": as_at_form,
            "remaining": remaining.by_type(),
            "score": remaining.score,
            "pages": pages,
        },
    )


@access(STAFF, writes=True)
def cell(request, slug, service_pk, number):
    service = get_object_or_404(
        Service.objects.select_related("department"), pk=service_pk, department__slug=slug
    )
    interaction_type = get_object_or_404(InteractionType, number=number)
    require_update(request.user, service.department)
    today = timezone.localdate()
    current = selectors.current_entry(service=service, interaction_type=interaction_type)
    stale = None
    if request.method == "POST":
        form = CellForm(request.POST, today=today)
        if form.is_valid():
            change = Change(service, interaction_type, form.values(), form.cleaned_data["based_on"])
            try:
                cells_record(changes=[change], recorded_by=request.user)
            except StaleCells:
                stale = STALE_CELL.format(who=current.recorded_by if current else "Someone")
                data = request.POST.copy()
                data["based_on"] = current.pk if current else 0
                form = CellForm(data, today=today)
                form.is_valid()
                form.add_error(None, stale)
            else:
                messages.success(request, f"{service}: {interaction_type.name} updated.")
                return redirect("bvpi:department", slug)
    else:
        form = CellForm(initial=form_data_of(current), today=today)
    return render(
        request,
        "bvpi/cell.html",
        {
            "service": service,
            "interaction_type": interaction_type,
            "form": form,
            "current": current,
            "stale": stale,
        },
    )


def _services_for(user):
    return Service.objects.select_related("department").filter(
        department__in=departments_updatable_by(user)
    )


def _export_rows(user, today):
    inventory = selectors.inventory(as_at=today)
    allowed = set(_services_for(user).values_list("pk", flat=True))
    rows = []
    for service, cells in inventory.rows():
        if service.pk not in allowed:
            continue
        for c in cells:
            entry = c.entry
            applies = bool(entry and entry.applies)
            rows.append(
                [
                    service.department.name,
                    service.name,
                    c.interaction_type.number,
                    c.interaction_type.name,
                    "Yes" if applies else "No",
                    "" if not applies else ("Yes" if entry.permissible else "No"),
                    entry.get_barrier_display() if applies and entry.barrier else "",
                    entry.justification if applies else "",
                    entry.enabled_from.isoformat() if applies and entry.enabled_from else "",
                    entry.get_channel_display() if applies and entry.channel else "",
                    entry.evidence if applies else "",
                ]
            )
    return rows


@access(STAFF)
def export(request, file_format):
    if file_format not in {"csv", "xlsx"}:
        raise Http404("The inventory downloads as CSV or XLSX only.")
    today = timezone.localdate()
    rows = _export_rows(request.user, today)
    if file_format == "csv":
        response = HttpResponse(write_csv(EXPORT_HEADERS, rows), content_type=CSV_TYPE)
    else:
        response = HttpResponse(
            write_xlsx(EXPORT_HEADERS, rows, title="BVPI 157 inventory"), content_type=XLSX_TYPE
        )
    response["Content-Disposition"] = (
        f'attachment; filename="bvpi-157-inventory-{today.isoformat()}.{file_format}"'
    )
    return response


BARRIERS = {label: value for value, label in Barrier.choices}
CHANNELS = {label: value for value, label in Channel.choices}


def _row_form_data(row, current):
    """An imported row as CellForm data."""
    data = {"based_on": current.pk if current else 0}
    data["applies"] = row.get("Applies", "").strip().lower()
    data["permissible"] = row.get("Legally permissible", "").strip().lower() or "yes"
    data["barrier"] = BARRIERS.get(row.get("Barrier", ""), row.get("Barrier", ""))
    data["justification"] = row.get("Justification", "")
    enabled = row.get("Enabled from", "")
    if enabled:
        year, _, rest = enabled.partition("-")
        month, _, day = rest.partition("-")
        data |= {
            "enabled_from_day": day[:2],
            "enabled_from_month": month,
            "enabled_from_year": year,
        }
    data["channel"] = CHANNELS.get(row.get("Channel", ""), row.get("Channel", ""))
    data["evidence"] = row.get("Evidence", "")
    return data


@access(STAFF, writes=True)
def import_inventory(request):
    if request.method != "POST":
        return redirect("bvpi:transfer")
    today = timezone.localdate()
    upload = SpreadsheetUploadForm(request.POST, request.FILES)
    errors = []
    if upload.is_valid():
        try:
            table = read_table(upload.cleaned_data["file"])
        except UnreadableFile as error:
            upload.add_error("file", str(error))
        else:
            errors, changes = _check_rows(request.user, table, today)
            if not errors:
                saved = cells_record(changes=changes, recorded_by=request.user)
                messages.success(
                    request,
                    f"{len(saved)} cell{'s' if len(saved) != 1 else ''} changed by the import.",
                )
                return redirect("bvpi:transfer")
    return render(request, "bvpi/transfer.html", {"import_form": upload, "import_errors": errors})


def _check_rows(user, table, today):
    services = {(s.department.name, s.name): s for s in _services_for(user)}
    types = {str(t.number): t for t in InteractionType.objects.all()}
    errors, changes, seen = [], [], set()
    for number, row in enumerate(table, start=2):
        service = services.get((row.get("Department", ""), row.get("Service", "")))
        interaction_type = types.get(row.get("Type", ""))
        if service is None:
            errors.append(
                (
                    number,
                    f"{row.get('Service') or 'A blank service'} of {row.get('Department') or 'no department'} is not a service you may change",
                )
            )
            continue
        if interaction_type is None:
            errors.append(
                (
                    number,
                    f"The type must be a number from 1 to 10, not {row.get('Type') or 'blank'}",
                )
            )
            continue
        if (service.pk, interaction_type.pk) in seen:
            errors.append((number, f"{service} / {interaction_type.name} appears more than once"))
            continue
        seen.add((service.pk, interaction_type.pk))
        current = selectors.current_entry(service=service, interaction_type=interaction_type)
        form = CellForm(_row_form_data(row, current), today=today)
        if form.is_valid():
            changes.append(
                Change(service, interaction_type, form.values(), form.cleaned_data["based_on"])
            )
        else:
            for field, messages_ in form.errors.items():
                label = form.fields[field].label if field in form.fields else "Row"
                errors.extend((number, f"{label}: {message}") for message in messages_)
    return errors, changes


@access(STAFF)
def transfer(request):
    return render(request, "bvpi/transfer.html", {"import_form": SpreadsheetUploadForm()})
