"""
The rows of the report's long appendix tables, in Python.

At 100 times the demo's size Appendix 2 has about 700 projects and 1,100
milestones and Appendix 3 about 1,300 indicators, and Django's template engine,
resolving every `{{ row.field }}` in turn, took most of the report's rendering
time laying them out. These tags write exactly the markup the loops they replace
wrote (the golden test holds every byte), with format_html, so every value is
escaped as the template escaped it.
"""

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from harrow_its import formatting
from harrow_its.templatetags.harrow import rag_tag

register = template.Library()

BR = mark_safe("<br>")


def _days():
    """A day as the template's `|date:"j M Y"` writes it (nothing for no date), each
    day worked out once for the table: milestones and actions share few days."""
    written = {}

    def day(value) -> str:
        if value not in written:
            written[value] = date_filter(value, "j M Y")
        return written[value]

    return day


def _rows(rows) -> SafeString:
    return mark_safe("".join(rows))  # noqa: S308 (each row made by format_html)


def _if(text, format_string: str, *values) -> str:
    """`format_string` with `values` when `text` is set (the template's {% if %})."""
    return format_html(format_string, *values) if text else ""


PROJECT_ROW = """
    <tr class="govuk-table__row">
      <th scope="row" class="govuk-table__header">{}<br><span class="app-secondary-text">{} · {}</span></th>
      <td class="govuk-table__cell">{}<br><span class="app-secondary-text">{}</span></td>
      <td class="govuk-table__cell">{}{}</td>
      <td class="govuk-table__cell">{}{}{}{}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{}{}</td>
    </tr>
    """


@register.simple_tag
def project_rows(projects) -> SafeString:
    """Appendix 2's "status and money" rows, one for each ProjectRow."""
    return _rows(
        format_html(
            PROJECT_ROW,
            p.name,
            p.code,
            p.programme,
            p.department,
            p.manager,
            rag_tag(p.rag),
            _if(p.rag_reason, "<br>{}", p.rag_reason),
            _if(p.phase, "<strong>{}.</strong> ", p.phase),
            p.progress,
            _if(p.next_steps, "<br><strong>Next steps:</strong> {}", p.next_steps),
            _if(p.commentary, "<br>{}", p.commentary),
            formatting.money(p.budget),
            formatting.money(p.spend),
            formatting.money(p.forecast),
            _if(p.variance, '<br><span class="app-secondary-text">{}</span>', p.variance),
        )
        for p in projects
    )


MILESTONE_ROW = """
    <tr class="govuk-table__row">
      <td class="govuk-table__cell">{}</td>
      <th scope="row" class="govuk-table__header">{}</th>
      <td class="govuk-table__cell app-no-wrap">{}</td>
      <td class="govuk-table__cell app-no-wrap">{}</td>
      <td class="govuk-table__cell app-no-wrap">{}</td>
      <td class="govuk-table__cell app-no-wrap">{}</td>
    </tr>
    """


@register.simple_tag
def milestone_rows(projects) -> SafeString:
    """Appendix 2's milestone rows, each project's in turn."""
    day = _days()
    return _rows(
        format_html(
            MILESTONE_ROW,
            p.code,
            m.name,
            day(m.baseline),
            "Met" if m.actual else day(m.forecast),
            day(m.actual) or "Not yet",
            m.slippage,
        )
        for p in projects
        for m in p.milestones
    )


INDICATOR_ROW = """
    <tr class="govuk-table__row">
      <th scope="row" class="govuk-table__header">{}<br><span class="app-secondary-text">{} · {}</span></th>
      <td class="govuk-table__cell app-no-wrap">{}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{}{}</td>
      <td class="govuk-table__cell">{}</td>
      <td class="govuk-table__cell">{}</td>
      <td class="govuk-table__cell app-report__trend">{}</td>
      <td class="govuk-table__cell">{}</td>
    </tr>
    """
TREND_ITEM = '<span class="app-no-wrap"><span class="app-secondary-text">{}:</span> {}</span>'


@register.simple_tag
def indicator_rows(indicators) -> SafeString:
    """Appendix 3's rows, one for each IndicatorRow, with its latest results."""
    return _rows(
        format_html(
            INDICATOR_ROW,
            i.title,
            i.code,
            i.source,
            i.period,
            i.target,
            i.result,
            " (restated)" if i.restated else "",
            rag_tag(i.rag),
            i.direction,
            format_html_join(BR, TREND_ITEM, i.trend),
            i.commentary,
        )
        for i in indicators
    )


ACTION_ROW = """
    <tr class="govuk-table__row">
      <td class="govuk-table__cell">{}</td>
      <th scope="row" class="govuk-table__header">{}</th>
      <td class="govuk-table__cell">{}</td>
      <td class="govuk-table__cell app-no-wrap">{}</td>
      <td class="govuk-table__cell">{}{}</td>
      <td class="govuk-table__cell">{}</td>
    </tr>
    """


@register.simple_tag
def action_rows(actions) -> SafeString:
    """Appendix 1's rows for one area of the plan, one for each ActionRow."""
    day = _days()
    return _rows(
        format_html(
            ACTION_ROW,
            a.reference,
            a.title,
            a.owner,
            day(a.due) or "None set",
            a.status,
            " (overdue)" if a.overdue else "",
            a.note,
        )
        for a in actions
    )
