"""
Performance indicators: the list, an indicator's page, and the results grid.

As at today unless the view says otherwise; the selectors take the day.
"""

from django.contrib import messages
from django.db.models import Case, F, Value, When
from django.db.models.functions import Collate
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView, View
from django_filters.views import FilterMixin
from django_tables2 import SingleTableMixin
from django_tables2.data import TableData, TableListData
from django_tables2.export import ExportMixin
from django_tables2.utils import OrderBy

from harrow_its.access import STAFF, access, departments_updatable_by, require_update
from harrow_its.forms import SpreadsheetUploadForm, as_at_form
from harrow_its.models import Department
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
from indicators.filters import IndicatorFilter
from indicators.forms import PeriodForm, ResultsGridForm, stale_message, typed_value
from indicators.models import Frequency, Indicator, Source
from indicators.services import StaleResults, results_record
from indicators.tables import IndicatorTable, PeriodResultsTable

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


# The list's columns the database sorts as django-tables2 sorts the rows in Python:
# by code point (the "C" collation), ties in code order (the rows' own order).
DATABASE_ORDER = {
    "code": F("code"),
    "title": Collate("title", "C"),
    "source": Collate(
        Case(*(When(source=value, then=Value(label)) for value, label in Source.choices)),
        "C",
    ),
    "department": Collate("department__name", "C"),
}


class IndicatorRows(TableData):
    """The indicators list's rows (selectors.IndicatorLatest). Sorted by an indicator's
    own columns, the database sorts and pages the indicators, and only the rows shown
    are worked out; sorted by a result's column, or for an export (`every_row`), every
    row is, once for each order, and sorted here."""

    def __init__(self, indicators, *, as_at, every_row=False):
        super().__init__(indicators)
        self.as_at, self.every_row = as_at, every_row
        self.ordered, self.sorted_here, self.sort = indicators, False, ()
        self._every, self._count = {}, None  # {sort: every row}, how many

    def order_by(self, aliases):
        self.sort = tuple(aliases)
        orders = [DATABASE_ORDER.get(OrderBy(alias).bare) for alias in aliases]
        self.sorted_here = None in orders
        self.ordered = (
            self.data  # in the indicators' own order, which breaks ties when sorted here
            if self.sorted_here
            else self.data.order_by(
                *(
                    order.desc() if OrderBy(alias).is_descending else order.asc()
                    for alias, order in zip(aliases, orders, strict=True)
                ),
                "code",
            )
        )

    def every(self):
        """Every row, in the order asked."""
        if self.sort not in self._every:
            rows = selectors.indicator_latest(indicators=self.ordered, as_at=self.as_at)
            if self.sorted_here:
                rows = TableListData(rows)
                rows.set_table(self.table)
                rows.order_by(self.sort)
                rows = rows.data
            self._every[self.sort] = rows
        return self._every[self.sort]

    def _read_every(self):
        return self.every_row or self.sorted_here or self.sort in self._every

    def __len__(self):
        if self._read_every():
            return len(self.every())
        if self._count is None:
            self._count = self.ordered.count()
        return self._count

    def __getitem__(self, key):
        if self._read_every():
            return self.every()[key]
        page = key if isinstance(key, slice) else slice(key, key + 1)
        rows = selectors.indicator_latest(indicators=self.ordered, as_at=self.as_at, page=page)
        return rows if isinstance(key, slice) else rows[0]

    def __iter__(self):
        return iter(self.every())


class IndicatorListView(FilterMixin, ExportMixin, SingleTableMixin, TemplateView):
    filterset_class = IndicatorFilter
    table_class = IndicatorTable
    template_name = "indicators/indicator_list.html"
    paginate_by = 25
    export_formats = ("csv", "xlsx")
    export_class = TableExport  # formulas kept out of the files

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.as_at_form = as_at_form(request)
        self.as_at = self.as_at_form.day
        self.filterset = self.get_filterset(self.filterset_class)

    def get_queryset(self):
        return Indicator.objects.all()

    def get_export_filename(self, export_format):
        return f"performance-indicators-as-at-{self.as_at.isoformat()}.{export_format}"

    def get_table_data(self):
        return self.rows

    @cached_property
    def rows(self):
        """Made once a request: an export builds the table a second time."""
        # A choice not on the lists filters nothing: the form says what is wrong.
        valid = self.filterset.is_valid()
        indicators = self.filterset.qs if valid else self.filterset.queryset
        exporting = bool(self.request.GET.get(self.export_trigger_param))
        return IndicatorRows(indicators, as_at=self.as_at, every_row=exporting)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            as_at=self.as_at, as_at_form=self.as_at_form, filter=self.filterset, **kwargs
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
            "periods": PeriodResultsTable(list(reversed(trend.periods))),
        },
    )


class ResultsGridMixin:
    """The results grid of a department and a frequency for one period, as at today.

    The person chooses them in `choice`; once chosen, they must be one who may update
    the department. `get_grid_form` is the grid, None until a period is chosen.
    """

    template_name = "indicators/results.html"

    def dispatch(self, request, *args, **kwargs):
        self.today = timezone.localdate()
        self.choice = PeriodForm(
            request.GET or None,
            periods=selectors.periods_with_targets(until=self.today),
            departments=departments_updatable_by(request.user)
            .filter(indicators__isnull=False)
            .distinct(),
            initial={"frequency": Frequency.MONTHLY},
        )
        self.department = self.period = None
        self.indicators = Indicator.objects.none()
        if self.choice.is_valid():
            chosen = self.choice.cleaned_data
            self.department = get_object_or_404(Department, slug=chosen["department"])
            require_update(request.user, self.department)
            self.period = chosen["period"]
            self.indicators = Indicator.objects.filter(
                department=self.department, frequency=chosen["frequency"]
            )
        period_start = self.period.start if self.period else None
        self.current = selectors.latest_results(
            indicators=self.indicators, period_start=period_start, as_at=self.today
        )
        self.targets = selectors.latest_targets(
            indicators=self.indicators, period_start=period_start, as_at=self.today
        )
        return super().dispatch(request, *args, **kwargs)

    def get_grid_form(self, data=None):
        if self.period is None:
            return None
        return ResultsGridForm(
            data,
            indicators=list(self.indicators),
            period=self.period,
            current=self.current,
            targets=self.targets,
        )

    def record(self, form):
        """Save the grid's results; StaleResults if some were entered meanwhile."""
        return results_record(
            entries=form.entries(), period_start=self.period.start, recorded_by=self.request.user
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            choice=self.choice,
            department=self.department,
            period=self.period,
            indicators=self.indicators,
            **kwargs,
        )


def _saved(saved, what, period):
    return f"{len(saved)} result{'s' if len(saved) != 1 else ''} {what} for {period.label}."


class ResultsView(ResultsGridMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_grid_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_grid_form(request.POST)
        if form is None:
            return self.render_to_response(self.get_context_data(form=form))
        changed = {}
        if form.is_valid():
            try:
                saved = self.record(form)
            except StaleResults as stale:  # entered between our reading and our saving
                changed = stale.changed
            else:
                messages.success(request, _saved(saved, "saved", self.period))
                return redirect(request.get_full_path())
        else:
            changed = form.stale
        if changed:
            # What they typed stays; the rows now count from the figures they are shown.
            data = request.POST.copy()
            for indicator_id, row in changed.items():
                data[f"based_on_{indicator_id}"] = row.pk if row else 0
            form = self.get_grid_form(data)
            form.is_valid()
            for indicator_id, row in changed.items():
                form.add_error(f"value_{indicator_id}", stale_message(row))
        return self.render_to_response(self.get_context_data(form=form))


results = access(STAFF, writes=True)(ResultsView.as_view())


class ResultsExportView(ResultsGridMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if kwargs["file_format"] not in {"csv", "xlsx"}:
            raise Http404("Results download as CSV or XLSX only.")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, file_format):
        if self.period is None:
            return redirect("indicators:results")
        rows = self.get_grid_form().rows_for_export()
        label = self.period.label
        name = f"results-{self.department.slug}-{label.replace(' ', '-').replace('/', '-')}"
        if file_format == "csv":
            response = HttpResponse(write_csv(EXPORT_HEADERS, rows), content_type=CSV_TYPE)
        else:
            body = write_xlsx(EXPORT_HEADERS, rows, title=label.replace("/", "-"))
            response = HttpResponse(body, content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
        return response


results_export = access(STAFF)(ResultsExportView.as_view())


class ResultsImportView(ResultsGridMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        return redirect("indicators:results")

    def post(self, request, *args, **kwargs):
        if self.period is None:
            return redirect("indicators:results")
        upload = SpreadsheetUploadForm(request.POST, request.FILES)
        if not upload.is_valid():
            return self.render_to_response(self.get_context_data(import_form=upload))
        try:
            table = read_table(upload.cleaned_data["file"])
        except UnreadableFile as error:
            upload.add_error("file", str(error))
            return self.render_to_response(self.get_context_data(import_form=upload))
        data, row_errors = _grid_data_from_rows(self, table)
        form = self.get_grid_form(data)
        if form.is_valid() and not row_errors:
            try:
                saved = self.record(form)
            except StaleResults:  # entered between our reading and our saving
                row_errors.append((0, "Results changed while the file was being read: try again"))
            else:
                messages.success(request, _saved(saved, "imported", self.period))
                return redirect(request.get_full_path().replace("/import/", "/"))
        # Every wrong row at once: those that fit no row of the grid, and those whose
        # figures are wrong.
        row_errors = sorted(row_errors + _row_errors(self, form, data["_rows"]))
        return self.render_to_response(
            self.get_context_data(import_errors=row_errors, import_form=SpreadsheetUploadForm())
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.get_grid_form(), **kwargs)


results_import = access(STAFF, writes=True)(ResultsImportView.as_view())


def _grid_data_from_rows(view, table):
    """The grid form's data from an uploaded table, and the errors of rows that fit no row."""
    by_code = {indicator.code: indicator for indicator in view.indicators}
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
        if row["Period"] != view.period.label:
            errors.append(
                (number, f"The period must be {view.period.label}, not {row['Period'] or 'blank'}")
            )
            continue
        if indicator.pk in rows_of:
            errors.append((number, f"{indicator.code} appears more than once"))
            continue
        rows_of[indicator.pk] = number
        data[f"value_{indicator.pk}"] = row.get("Result", "")
        data[f"commentary_{indicator.pk}"] = row.get("Commentary", "")
        data[f"reason_{indicator.pk}"] = row.get("Restatement reason", "")
    for indicator in view.indicators:
        current = view.current.get(indicator.pk)
        data[f"based_on_{indicator.pk}"] = current.pk if current else 0
        if indicator.pk not in rows_of and current:  # a row left out keeps its figure
            data[f"value_{indicator.pk}"] = typed_value(current.value, indicator.unit)
            data[f"commentary_{indicator.pk}"] = current.commentary
    data["_rows"] = rows_of
    return data, errors


def _row_errors(view, form, rows_of):
    errors = []
    for indicator in view.indicators:
        for field in ("value", "commentary", "reason"):
            for message in form.errors.get(f"{field}_{indicator.pk}", []):
                errors.append((rows_of.get(indicator.pk, 0), f"{indicator.code}: {message}"))
    return sorted(errors)
