"""django-tables2 in GOV.UK markup: the base table and the columns apps share."""

import django_tables2 as tables

from harrow_its.formatting import money
from harrow_its.models import Rag
from harrow_its.templatetags.harrow import rag_tag

NUMERIC = {
    "th": {"class": "govuk-table__header govuk-table__header--numeric"},
    "td": {"class": "govuk-table__cell govuk-table__cell--numeric"},
    "tf": {"class": "govuk-table__cell govuk-table__cell--numeric"},
}


class GovukTable(tables.Table):
    """A table with a caption, GOV.UK classes and GOV.UK pagination."""

    caption = ""

    class Meta:
        template_name = "includes/table.html"
        attrs = {
            "class": "govuk-table app-table--compact",
            "th": {"class": "govuk-table__header"},
            "td": {"class": "govuk-table__cell"},
        }


class SummaryTable(tables.Table):
    """A short table of figures, in GOV.UK markup: its caption shown as a heading, the
    first column's cells the headings of their rows, totals in the footer (declared on
    the columns). Neither sorted nor paged."""

    caption = ""

    class Meta:
        template_name = "includes/summary_table.html"
        orderable = False
        attrs = {
            "class": "govuk-table",
            "th": {"class": "govuk-table__header"},
            "td": {"class": "govuk-table__cell"},
        }

    def __init__(self, data, *, caption="", **kwargs):
        super().__init__(data, **kwargs)
        self.caption = caption or self.caption


class MoneyColumn(tables.Column):
    """Pounds, right-aligned; exported as the plain number."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUMERIC)
        kwargs.setdefault("empty_values", ())  # render "Not recorded", not a blank
        super().__init__(*args, **kwargs)

    def render(self, value):
        return money(value)

    def value(self, value):
        return value


class RagColumn(tables.Column):
    """A RAG status as a tag with its word; exported as the word."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", "RAG")
        kwargs.setdefault("empty_values", ())  # render "Not reported", not a blank
        super().__init__(*args, **kwargs)

    def render(self, value):
        return rag_tag(value)

    def value(self, value):
        return Rag(value).label if value else "Not reported"
