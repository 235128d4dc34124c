"""
How the portal writes values in words, for pages, tables and sentences alike.

Plain functions of plain values: domain code (models, RAG reasons) words its
sentences with them without depending on the template layer, whose filters call
them in turn (harrow_its/templatetags/harrow.py).
"""

from decimal import Decimal


def money(value) -> str:
    """Pounds as a council writes them: £1,250,000, or £1,250.50 when there are pence."""
    if value is None or value == "":
        return "Not recorded"
    value = Decimal(value)
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value == value.to_integral_value():
        return f"{sign}£{value:,.0f}"
    return f"{sign}£{value:,.2f}"
