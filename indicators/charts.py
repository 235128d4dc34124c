"""
Trend charts as plain SVG: no script, no stylesheet, fonts and colours inline, so
the same markup draws the same in a browser and in WeasyPrint.

The chart is an image with a title and a description for assistive technology;
the page puts the full data table beside it. RAG is never colour alone: each
result's marker has a different shape (circle green, triangle amber, square red),
named in the legend, and the table says it in words.
"""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from harrow_its.models import Rag
from indicators.rag import format_number, format_value
from indicators.selectors import IndicatorTrend

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 40, 16, 88
FONT = 'font-family="Arial, Liberation Sans, sans-serif"'
COLOURS = {Rag.GREEN: "#00703c", Rag.AMBER: "#b35900", Rag.RED: "#d4351c", None: "#505a5f"}
VALUE_LINE, TARGET_LINE, AXIS = "#1d70b8", "#505a5f", "#0b0c0c"


def _marker(x: float, y: float, rag) -> str:
    colour = COLOURS[rag]
    if rag == Rag.AMBER:
        return f'<path d="M{x:.1f} {y - 6:.1f} L{x + 6:.1f} {y + 5:.1f} L{x - 6:.1f} {y + 5:.1f} Z" fill="{colour}"/>'
    if rag == Rag.RED:
        return f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{colour}"/>'
    if rag == Rag.GREEN:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5.5" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#ffffff" stroke="{colour}" stroke-width="2"/>'


def short_label(label: str) -> str:
    """ "October 2005" -> "Oct 2005"; quarters and years stay as they are."""
    first, _, rest = label.partition(" ")
    return f"{first[:3]} {rest}" if rest and not first.startswith("Q") else label


def trend_chart(trend: IndicatorTrend, *, chart_id: str) -> SafeString:
    indicator, periods = trend.indicator, trend.periods
    unit = indicator.unit
    figures = [p.value for p in periods if p.value is not None] + [
        p.target for p in periods if p.target is not None
    ]
    title = f"{indicator.code} {indicator.title}: results against target"
    if not figures:
        return mark_safe(  # noqa: S308 (escaped below)
            f'<p class="govuk-body">{escape(title)}: no results or targets yet.</p>'
        )
    low, high = min(figures), max(figures)
    pad = (high - low) * Decimal("0.15") or max(abs(high) * Decimal("0.1"), Decimal(1))
    low, high = max(low - pad, Decimal(0)) if low >= 0 else low - pad, high + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(periods) - 1, 1)

    def x(i):
        return LEFT + (i * step if len(periods) > 1 else plot_w / 2)

    def y(value):
        return TOP + plot_h - float((value - low) / (high - low)) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="app-chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_description(trend))}</desc>',
    ]
    for tick in range(5):
        value = low + (high - low) * tick / 4
        ty = y(value)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#b1b4b6" stroke-width="1"/>'
            f'<text x="{LEFT - 8}" y="{ty + 4:.1f}" text-anchor="end" font-size="12" {FONT} fill="{AXIS}">'
            f"{escape(format_value(value.quantize(Decimal('0.1')), unit) if unit != 'yes_no' else format_number(value.quantize(Decimal('0.1'))))}</text>"
        )
    every = max(1, len(periods) // 8)
    for i, period in enumerate(periods):
        if i % every == 0 or i == len(periods) - 1:
            parts.append(
                f'<text x="{x(i):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle" font-size="11" {FONT} fill="{AXIS}">'
                f"{escape(short_label(period.period_label))}</text>"
            )
    parts.append(
        f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + plot_h}" stroke="{AXIS}" stroke-width="1"/>'
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" stroke="{AXIS}" stroke-width="1"/>'
    )
    targets = [(x(i), y(p.target)) for i, p in enumerate(periods) if p.target is not None]
    if targets:
        points = " ".join(f"{px:.1f},{py:.1f}" for px, py in targets)
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{TARGET_LINE}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
    values = [(x(i), y(p.value), p.rag.rag) for i, p in enumerate(periods) if p.value is not None]
    if values:
        points = " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in values)
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{VALUE_LINE}" stroke-width="2.5"/>'
        )
        parts.extend(_marker(px, py, rag) for px, py, rag in values)
    parts.append(_legend(TOP + plot_h + 44))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)


def _legend(top: int) -> str:
    items = [
        (
            f'<line x1="0" x2="22" y1="0" y2="0" stroke="{VALUE_LINE}" stroke-width="2.5"/>',
            "Result",
        ),
        (
            f'<line x1="0" x2="22" y1="0" y2="0" stroke="{TARGET_LINE}" stroke-width="2" stroke-dasharray="6 4"/>',
            "Target",
        ),
        (_marker(11, 0, Rag.GREEN), "Green"),
        (_marker(11, 0, Rag.AMBER), "Amber"),
        (_marker(11, 0, Rag.RED), "Red"),
        (_marker(11, 0, None), "No RAG"),
    ]
    parts, left = [], LEFT
    for symbol, text in items:
        parts.append(
            f'<g transform="translate({left} {top})">{symbol}'
            f'<text x="28" y="4" font-size="12" {FONT} fill="{AXIS}">{text}</text></g>'
        )
        left += 92
    return "".join(parts)


def _description(trend: IndicatorTrend) -> str:
    periods = trend.periods
    span = f"from {periods[0].period_label} to {periods[-1].period_label}"
    latest = trend.latest
    if latest is None:
        return f"Targets {span}; no results yet. The table that follows gives every figure."
    rag = latest.rag.rag.label if latest.rag.rag else "no RAG"
    return (
        f"Results and targets {span}. Latest result: {latest.value_text} in "
        f"{latest.period_label} against a target of {latest.target_text}, {rag}. "
        "The table that follows gives every figure."
    )
