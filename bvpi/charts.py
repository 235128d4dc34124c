"""The BVPI 157 trajectory: a bar a quarter against the 100% target, as plain SVG
that draws the same in a browser and in WeasyPrint (see indicators/charts.py)."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 40, 48
FONT = 'font-family="Arial, Liberation Sans, sans-serif"'


def trajectory_chart(quarters, *, chart_id: str, target_text: str) -> SafeString:
    """`quarters`: QuarterScores, oldest first."""
    shown = [q for q in quarters if q.score.percent is not None]
    title = "BVPI 157 score by quarter against the 100% target"
    if not shown:
        return mark_safe(f'<p class="govuk-body">{escape(title)}: no score yet.</p>')  # noqa: S308
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(shown)

    def y(percent):
        return TOP + plot_h - plot_h * percent / 100

    latest = shown[-1]
    desc = (
        f"From {shown[0].score.percent}% at the end of {shown[0].quarter.label} to "
        f"{latest.score.percent}% on {latest.day:%-d %B %Y}. {target_text} "
        "The table that follows gives every figure."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="app-chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    for percent in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(percent):.1f}" y2="{y(percent):.1f}" stroke="#b1b4b6"/>'
            f'<text x="{LEFT - 6}" y="{y(percent) + 4:.1f}" text-anchor="end" font-size="12" {FONT} fill="#0b0c0c">{percent}%</text>'
        )
    for i, q in enumerate(shown):
        x = LEFT + i * slot + slot * 0.2
        top = y(q.score.percent)
        parts.append(
            f'<rect x="{x:.1f}" y="{top:.1f}" width="{slot * 0.6:.1f}" height="{TOP + plot_h - top:.1f}" fill="#1d70b8"/>'
            f'<text x="{x + slot * 0.3:.1f}" y="{top + 16:.1f}" text-anchor="middle" font-size="12" font-weight="bold" {FONT} fill="#ffffff">{q.score.percent}%</text>'
            f'<text x="{x + slot * 0.3:.1f}" y="{TOP + plot_h + 18}" text-anchor="middle" font-size="11" {FONT} fill="#0b0c0c">{escape(q.quarter.label)}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(100):.1f}" y2="{y(100):.1f}" stroke="#0b0c0c" stroke-width="2" stroke-dasharray="6 4"/>'
        f'<text x="{WIDTH - RIGHT}" y="{y(100) - 10:.1f}" text-anchor="end" font-size="12" {FONT} fill="#0b0c0c">Target: 100% by 31 December 2005 (dashed line)</text>'
        "</svg>"
    )
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped or a number)
