"""The BVPI 157 pages' tables of scores."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from harrow_its.tables import NUMERIC, SummaryTable


class FigureColumn(tables.Column):
    """A figure of a row's score, right-aligned; the council's in the footer."""

    def __init__(self, figure, **kwargs):
        super().__init__(accessor=f"1__{figure}", attrs=NUMERIC, empty_values=(), **kwargs)
        self.figure = figure

    def render_footer(self, table):
        return self.render(getattr(table.council, self.figure))


class PercentColumn(FigureColumn):
    def render(self, value):
        return f"{value}%"


class DepartmentScoreTable(SummaryTable):
    """Each department's score, and the council's in the footer. Rows are
    (department, Score); each department links to its inventory as at the same day."""

    department = tables.Column(accessor="0", verbose_name="Department", footer="Council")
    enabled = FigureColumn("enabled", verbose_name="E-enabled")
    permissible = FigureColumn("permissible", verbose_name="Permissible")
    score = PercentColumn("percent", verbose_name="Score")

    class Meta(SummaryTable.Meta):
        pass

    def __init__(self, data, *, council, query, **kwargs):
        self.council, self.query = council, query
        super().__init__(data, **kwargs)

    def render_department(self, value):
        url = reverse("bvpi:department", args=[value.slug])
        return format_html('<a class="govuk-link" href="{}?{}">{}</a>', url, self.query, value)


class QuarterScoreTable(SummaryTable):
    """The council's score at the end of each quarter. Rows are QuarterScore."""

    caption = "Council-wide score at the end of each quarter"
    quarter = tables.Column(accessor="quarter__label", verbose_name="Quarter")
    day = tables.DateColumn(format="j M Y", verbose_name="As at")
    enabled = tables.Column(accessor="score__enabled", attrs=NUMERIC, verbose_name="E-enabled")
    permissible = tables.Column(
        accessor="score__permissible", attrs=NUMERIC, verbose_name="Permissible"
    )
    score = tables.Column(
        accessor="score__percent", attrs=NUMERIC, empty_values=(), verbose_name="Score"
    )

    class Meta(SummaryTable.Meta):
        pass

    def render_score(self, value):
        return "No score" if value is None else f"{value}%"
