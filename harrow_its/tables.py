"""django-tables2 in GOV.UK markup: the base table and the columns apps share."""

import django_tables2 as tables
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

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
    the columns). Never sorted; paged only if its view pages it (GOV.UK pagination)."""

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


class RowTable(tables.Table):
    """A table in the text of a page, in GOV.UK markup, in a region named `label`: its
    caption, the first column's cells the headings of their rows if `row_headings`
    (their class is the column's "td" class), and a row of `empty_text` if it has no
    rows. Neither sorted nor paged. A cell's class is its column's "th" or "td" class
    as written (django-tables2 would sort them), else the GOV.UK header or cell."""

    caption = ""
    caption_class = "govuk-table__caption--m"
    label = ""
    row_headings = False

    class Meta:
        template_name = "includes/row_table.html"
        orderable = False
        attrs = {"class": "govuk-table"}


NO_WRAP = {"td": {"class": "govuk-table__cell app-no-wrap"}}


def _shown(value):
    """A value as a template shows it; nothing for None."""
    return "" if value is None else localize(value)


class AuditHistoryTable(RowTable):
    """A record's audit history, newest first. Rows are harrow_its.audit_history.AuditEntry."""

    caption = label = "Audit history"
    when = tables.DateTimeColumn(format="j M Y, H:i", attrs=NO_WRAP, verbose_name="When")
    who = tables.Column(empty_values=(), verbose_name="Who")
    what = tables.Column(empty_values=(), verbose_name="What")
    changes = tables.Column(empty_values=(), verbose_name="Changes")

    class Meta(RowTable.Meta):
        empty_text = "No changes recorded."

    def render_changes(self, value):
        changes = format_html_join(
            mark_safe("<br>"),
            "{}: “{}” to “{}”",
            ((capfirst(field), _shown(before), _shown(after)) for field, before, after in value),
        )
        return format_html("\n        {}\n      ", changes)


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
