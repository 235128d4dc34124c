"""
Performance indicators: the list, an indicator's page, and the results grid.

As at today unless the view says otherwise; the selectors take the day.
"""

from django import forms
from django.contrib import messages
from django.db.models import Min
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from harrow_its.access import STAFF, access, require_update
from harrow_its.calendar import PERIOD_TYPES
from harrow_its.forms import GovukForm, SpreadsheetUploadForm, as_at_form
from harrow_its.models import Department, Role
from harrow_its.tabular import (
    CSV_TYPE,
    XLSX_TYPE,
    TableExport,
    UnreadableFile,
    read_table,
    write_csv,
    write_xlsx,
)
from indicators import selectors
from indicators.charts import trend_chart
from indicators.forms import PeriodForm, ResultsGridForm, stale_message, typed_value
from indicators.models import Frequency, Indicator, Source, Target
from indicators.rag import Unit
from indicators.services import StaleResults, results_record
from indicators.tables import IndicatorTable

EXPORT_HEADERS = [
    "Code",
    "Indicator",
    "Period",
    "Unit",
    "Target",
    "Result",
    "Commentary",
    "Restatement reason",
]


class IndicatorFilter(GovukForm):
    department = forms.ModelChoiceField(
        queryset=Department.objects.all(), required=False, empty_label="All departments"
    )
    source = forms.ChoiceField(choices=[("", "All sources"), *Source.choices], required=False)
    key = forms.ChoiceField(
        label="Key indicators",
        choices=[("", "All indicators"), ("yes", "Key indicators only")],
        required=False,
    )


class IndicatorListView(ExportMixin, SingleTableMixin, TemplateView):
    table_class = IndicatorTable
    template_name = "indicators/indicator_list.html"
    paginate_by = 25
    export_formats = ("csv", "xlsx")
    export_class = TableExport  # formulas kept out of the files

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.as_at_form = as_at_form(request)
        self.as_at = self.as_at_form.day
        self.filter = IndicatorFilter(request.GET or None)

    def get_export_filename(self, export_format):
        return f"performance-indicators-as-at-{self.as_at.isoformat()}.{export_format}"

    def get_table_data(self):
        return self.trends

    @cached_property
    def trends(self):
        """Worked out once a request: an export builds the table a second time."""
        indicators = Indicator.objects.all()
        if self.filter.is_valid():
            data = self.filter.cleaned_data
            if data["department"]:
                indicators = indicators.filter(department=data["department"])
            if data["source"]:
                indicators = indicators.filter(source=data["source"])
            if data["key"]:
                indicators = indicators.filter(is_key=True)
        return selectors.indicator_trends(indicators=indicators, as_at=self.as_at)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            as_at=self.as_at, as_at_form=self.as_at_form, filter=self.filter, **kwargs
        )


indicator_list = access(STAFF)(IndicatorListView.as_view())


@access(STAFF)
def indicator_detail(request, code):
    indicator = get_object_or_404(Indicator.objects.select_related("department"), code=code)
    as_at = as_at_form(request)
    trend = selectors.indicator_trend(indicator=indicator, as_at=as_at.day)
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "as_at_form": as_at,
            "trend": trend,
            "chart": trend_chart(trend, chart_id=f"chart-{indicator.code.lower()}"),
            "periods": list(reversed(trend.periods)),
        },
    )


def _departments_for(user):
    if user.has_role(Role.AUTHOR):
        return Department.objects.filter(indicators__isnull=False).distinct()
    return user.departments.filter(indicators__isnull=False).distinct()


def _periods(today):
    """For each frequency, its periods from the earliest with a target to today's, oldest first."""
    earliest = Target.objects.aggregate(first=Min("period_start"))["first"] or today
    periods = {}
    for frequency, period_type in PERIOD_TYPES.items():
        period, first, found = period_type.containing(today), period_type.containing(earliest), []
        while period >= first:
            found.append(period)
            period = period.previous()
        periods[frequency] = list(reversed(found))
    return periods


class Grid:
    """The results grid for a department, a frequency and a period, as at today."""

    def __init__(self, request, data=None):
        self.today = timezone.localdate()
        departments = _departments_for(request.user)
        self.choice = PeriodForm(
            request.GET or None,
            periods=_periods(self.today),
            departments=departments,
            initial={"frequency": Frequency.MONTHLY},
        )
        self.department = self.period = None
        self.indicators = Indicator.objects.none()
        if self.choice.is_valid():
            self.department = get_object_or_404(
                Department, slug=self.choice.cleaned_data["department"]
            )
            require_update(request.user, self.department)
            self.period = self.choice.cleaned_data["period"]
            self.indicators = Indicator.objects.filter(
                department=self.department, frequency=self.choice.cleaned_data["frequency"]
            )
        self.current = selectors.latest_results(
            indicators=self.indicators, period_start=self.period_start, as_at=self.today
        )
        self.targets = selectors.latest_targets(
            indicators=self.indicators, period_start=self.period_start, as_at=self.today
        )
        self.form = self.make_form(data)

    @property
    def period_start(self):
        return self.period.start if self.period else None

    def make_form(self, data):
        return (
            ResultsGridForm(
                data,
                indicators=list(self.indicators),
                period=self.period,
                current=self.current,
                targets=self.targets,
            )
            if self.period
            else None
        )

    def rows_for_export(self):
        rows = []
        for indicator in self.indicators:
            current, target = self.current.get(indicator.pk), self.targets.get(indicator.pk)
            rows.append(
                [
                    indicator.code,
                    indicator.title,
                    self.period.label,
                    indicator.get_unit_display(),
                    _figure(target.value, indicator.unit) if target else "",
                    _figure(current.value, indicator.unit) if current else "",
                    current.commentary if current else "",
                    "",
                ]
            )
        return rows


def _figure(value, unit):
    """A stored figure for a download: a number (a CSV file keeps -5 as -5, where it
    would put ' before text beginning "-"), or Yes or No."""
    return typed_value(value, unit) if unit == Unit.YES_NO else value.normalize()


def _render_grid(request, grid, **extra):
    return render(request, "indicators/results.html", {"grid": grid, "form": grid.form, **extra})


@access(STAFF, writes=True)
def results(request):
    grid = Grid(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and grid.form is not None:
        changed = {}
        if grid.form.is_valid():
            try:
                saved = results_record(
                    entries=grid.form.entries(),
                    period_start=grid.period_start,
                    recorded_by=request.user,
                )
            except StaleResults as stale:  # entered between our reading and our saving
                changed = stale.changed
            else:
                messages.success(
                    request,
                    f"{len(saved)} result{'s' if len(saved) != 1 else ''} saved for {grid.period.label}.",
                )
                return redirect(request.get_full_path())
        else:
            changed = grid.form.stale
        if changed:
            # What they typed stays; the rows now count from the figures they are shown.
            data = request.POST.copy()
            for indicator_id, row in changed.items():
                data[f"based_on_{indicator_id}"] = row.pk if row else 0
            grid.form = grid.make_form(data)
            grid.form.is_valid()
            for indicator_id, row in changed.items():
                grid.form.add_error(f"value_{indicator_id}", stale_message(row))
    return _render_grid(request, grid)


@access(STAFF)
def results_export(request, file_format):
    if file_format not in {"csv", "xlsx"}:
        raise Http404("Results download as CSV or XLSX only.")
    grid = Grid(request)
    if grid.period is None:
        return redirect("indicators:results")
    rows = grid.rows_for_export()
    name = f"results-{grid.department.slug}-{grid.period.label.replace(' ', '-').replace('/', '-')}"
    if file_format == "csv":
        response = HttpResponse(write_csv(EXPORT_HEADERS, rows), content_type=CSV_TYPE)
    else:
        body = write_xlsx(EXPORT_HEADERS, rows, title=grid.period.label.replace("/", "-"))
        response = HttpResponse(body, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


@access(STAFF, writes=True)
def results_import(request):
    grid = Grid(request)
    if request.method != "POST" or grid.period is None:
        return redirect("indicators:results")
    upload = SpreadsheetUploadForm(request.POST, request.FILES)
    if not upload.is_valid():
        return _render_grid(request, grid, import_form=upload)
    try:
        table = read_table(upload.cleaned_data["file"])
    except UnreadableFile as error:
        upload.add_error("file", str(error))
        return _render_grid(request, grid, import_form=upload)
    data, row_errors = _grid_data_from_rows(grid, table)
    form = grid.make_form(data)
    if form.is_valid() and not row_errors:
        try:
            saved = results_record(
                entries=form.entries(), period_start=grid.period_start, recorded_by=request.user
            )
        except StaleResults:  # entered between our reading and our saving
            row_errors.append((0, "Results changed while the file was being read: try again"))
        else:
            messages.success(
                request,
                f"{len(saved)} result{'s' if len(saved) != 1 else ''} imported for {grid.period.label}.",
            )
            return redirect(request.get_full_path().replace("/import/", "/"))
    # Every wrong row at once: those that fit no row of the grid, and those whose figures are wrong.
    row_errors = sorted(row_errors + _row_errors(grid, form, data["_rows"]))
    return _render_grid(
        request, grid, import_errors=row_errors, import_form=SpreadsheetUploadForm()
    )


def _grid_data_from_rows(grid, table):
    """The grid form's data from an uploaded table, and the errors of rows that fit no row."""
    by_code = {indicator.code: indicator for indicator in grid.indicators}
    data, errors, rows_of = {"_rows": {}}, [], {}
    for number, row in enumerate(table, start=2):  # row 1 holds the headings
        missing = [h for h in ("Code", "Period", "Result") if h not in row]
        if missing:
            errors.append((number, f"The file has no {', '.join(missing)} column"))
            break
        indicator = by_code.get(row["Code"])
        if indicator is None:
            errors.append(
                (number, f"{row['Code'] or 'A blank code'} is not one of this grid's indicators")
            )
            continue
        if row["Period"] != grid.period.label:
            errors.append(
                (number, f"The period must be {grid.period.label}, not {row['Period'] or 'blank'}")
            )
            continue
        if indicator.pk in rows_of:
            errors.append((number, f"{indicator.code} appears more than once"))
            continue
        rows_of[indicator.pk] = number
        data[f"value_{indicator.pk}"] = row.get("Result", "")
        data[f"commentary_{indicator.pk}"] = row.get("Commentary", "")
        data[f"reason_{indicator.pk}"] = row.get("Restatement reason", "")
    for indicator in grid.indicators:
        current = grid.current.get(indicator.pk)
        data[f"based_on_{indicator.pk}"] = current.pk if current else 0
        if indicator.pk not in rows_of and current:  # a row left out keeps its figure
            data[f"value_{indicator.pk}"] = typed_value(current.value, indicator.unit)
            data[f"commentary_{indicator.pk}"] = current.commentary
    data["_rows"] = rows_of
    return data, errors


def _row_errors(grid, form, rows_of):
    errors = []
    for indicator in grid.indicators:
        for field in ("value", "commentary", "reason"):
            for message in form.errors.get(f"{field}_{indicator.pk}", []):
                errors.append((rows_of.get(indicator.pk, 0), f"{indicator.code}: {message}"))
    return sorted(errors)
