import django_tables2 as tables
from django.utils.html import format_html
from django.utils.text import capfirst

from harrow_its.tables import NUMERIC, GovukTable, RagColumn, RowTable


class IndicatorTable(GovukTable):
    """The latest result of each indicator, as at a day. Rows are IndicatorLatest."""

    caption = "Performance indicators"
    title = tables.Column(accessor="indicator__title", verbose_name="Indicator")
    code = tables.Column(accessor="indicator__code", verbose_name="Code", visible=False)
    source = tables.Column(accessor="indicator__get_source_display", verbose_name="Source")
    department = tables.Column(accessor="indicator__department__name", verbose_name="Department")
    period = tables.Column(accessor="latest__period_label", verbose_name="Period", default="")
    target = tables.Column(accessor="latest__target_text", verbose_name="Target", default="")
    result = tables.Column(
        accessor="latest__value_text", verbose_name="Result", default="Not entered"
    )
    rag = RagColumn(accessor="latest__rag__rag")
    direction = tables.Column(accessor="latest__direction", verbose_name="Direction", default="")

    class Meta(GovukTable.Meta):
        empty_text = "No indicators match these filters."

    def render_title(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a><br><span class="app-secondary-text">{}</span>',
            record.indicator.get_absolute_url(),
            record.indicator.title,
            record.indicator.code,
        )

    def value_title(self, value):
        return value

    def render_direction(self, value):
        return {"better": "Better", "worse": "Worse", "same": "Same"}.get(value, "")

    def value_direction(self, value):
        return self.render_direction(value)


NUMERIC_NO_WRAP = {
    "th": NUMERIC["th"],
    "td": {"class": "govuk-table__cell govuk-table__cell--numeric app-no-wrap"},
}


class PeriodResultsTable(RowTable):
    """An indicator's results by period. Rows are PeriodResult, newest first."""

    caption = "Results by period, newest first"
    label = "Results by period"
    row_headings = True
    period = tables.Column(
        accessor="period_label",
        attrs={"td": {"class": "govuk-table__header app-no-wrap"}},
        empty_values=(),
        verbose_name="Period",
    )
    result = tables.Column(
        accessor="value_text", attrs=NUMERIC_NO_WRAP, empty_values=(), verbose_name="Result"
    )
    target = tables.Column(
        accessor="target_text", attrs=NUMERIC_NO_WRAP, empty_values=(), verbose_name="Target"
    )
    rag = RagColumn(accessor="rag__rag")
    direction = tables.Column(empty_values=(), verbose_name="Direction")
    commentary = tables.Column(accessor="measurement", empty_values=(), verbose_name="Commentary")

    class Meta(RowTable.Meta):
        attrs = {**RowTable.Meta.attrs, "class": "govuk-table app-table--compact"}

    def render_result(self, value, record):
        if record.restated:
            return format_html('{} <span class="app-secondary-text">(restated)</span>', value)
        return value

    def render_direction(self, value):
        return capfirst(value) if value else ""

    def render_commentary(self, value, record):
        commentary = value.commentary if value else ""
        if record.restated:
            return format_html(
                '<span class="govuk-body-s">Restated from {}: {}</span><br>{}',
                record.restated_from,
                value.restatement_reason,
                commentary,
            )
        return commentary
