"""Template filters every app uses: RAG tags and money."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from harrow_its import formatting
from harrow_its.models import Rag

register = template.Library()

# GOV.UK Frontend's tag colour for each RAG status. The tag's text says the status,
# so colour is never the only signal.
RAG_TAG_COLOURS = {Rag.RED: "red", Rag.AMBER: "orange", Rag.GREEN: "green"}


@register.filter
def rag_tag(value):
    """A RAG status as a GOV.UK tag: "Amber" in orange. Nothing recorded: "Not reported"."""
    if not value:
        return mark_safe('<strong class="govuk-tag govuk-tag--grey">Not reported</strong>')
    rag = Rag(value)
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', RAG_TAG_COLOURS[rag], rag.label
    )


@register.filter
def money(value):
    """Pounds as a council writes them (harrow_its/formatting.py)."""
    return formatting.money(value)
