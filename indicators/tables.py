import django_tables2 as tables
from django.utils.html import format_html

from harrow_its.tables import GovukTable, RagColumn


class IndicatorTable(GovukTable):
    """The latest result of each indicator, as at a day. Rows are IndicatorTrend."""

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
