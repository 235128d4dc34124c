"""
A committee report, assembled as at its cut-off day.

`assemble(report)` reads the narrative from the report and every figure from the
other apps' selectors as at `report.cut_off`, and returns plain frozen data with
totals and texts already worked out: the HTML page and the PDF lay it out, and
compute nothing. A paragraph may carry live figures, written as tokens such as
{bvpi157.council}, which follow the data while the report is a draft.
"""

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import date
from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe

from bvpi import selectors as bvpi_selectors
from bvpi.charts import trajectory_chart
from bvpi.scoring import Score
from harrow_its.calendar import Quarter
from indicators.charts import short_label
from projects.models import ActionStatus, ImprovementPlan, variance_text
from reports.changes import ChangesAppendix, changes
from reports.models import Appendix, Report, clean_narrative
from reports.reads import Reads


@dataclass(frozen=True)
class Cover:
    meeting: str
    date: date
    subject: str
    responsible_officer: str
    contact_officer: str
    portfolio_holder: str
    key_decision: str
    status: str
    exempt_paragraph: str  # of Schedule 12A, for a Part II report
    enclosures: str


@dataclass(frozen=True)
class SummaryItem:
    heading: str
    text: str


@dataclass(frozen=True)
class ParagraphBlock:
    anchor: str
    number: str
    heading: str
    html: SafeString
    exempt: bool
    exempt_paragraph: str


@dataclass(frozen=True)
class SectionBlock:
    anchor: str
    number: int
    title: str
    paragraphs: tuple[ParagraphBlock, ...]


@dataclass(frozen=True)
class ActionRow:
    reference: str
    title: str
    owner: str
    due: date | None
    status: str
    note: str
    overdue: bool


@dataclass(frozen=True)
class AreaRows:
    number: int
    name: str
    actions: tuple[ActionRow, ...]


@dataclass(frozen=True)
class PlanAppendix:
    name: str
    started_on: date | None
    areas: tuple[AreaRows, ...]


@dataclass(frozen=True)
class MilestoneRow:
    name: str
    baseline: date
    forecast: date | None
    actual: date | None
    slippage: str


@dataclass(frozen=True)
class ProjectRow:
    code: str
    name: str
    programme: str
    department: str
    manager: str
    rag: str | None
    rag_reason: str
    period: str
    phase: str
    progress: str
    achievements: str
    next_steps: str
    commentary: str
    budget: Decimal | None  # pounds; None when not recorded
    spend: Decimal | None
    forecast: Decimal | None
    variance: str
    milestones: tuple[MilestoneRow, ...]


@dataclass(frozen=True)
class ProjectsAppendix:
    projects: tuple[ProjectRow, ...]
    total_budget: Decimal
    total_spend: Decimal
    total_forecast: Decimal


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    title: str
    source: str
    period: str
    target: str
    result: str
    unit: str  # of the values: "percentage", "number", "days", "pounds", "yes/no" ...
    target_value: Decimal | None
    result_value: Decimal | None
    rag: str | None
    reason: str
    direction: str
    commentary: str
    restated: bool
    trend: tuple[tuple[str, str], ...]  # the latest results, oldest first: (period, result)


@dataclass(frozen=True)
class IndicatorsAppendix:
    indicators: tuple[IndicatorRow, ...]
    green: int
    amber: int
    red: int


@dataclass(frozen=True)
class BvpiAppendix:
    council: Score
    departments: tuple[tuple[str, Score], ...]
    quarters: tuple[tuple[str, date, Score], ...]
    # What is still to e-enable: (interaction type number, its name, "Service (Department)"s).
    remaining: tuple[tuple[int, str, tuple[str, ...]], ...]
    # The quarters against the 100% target, as SVG: for the page, not the data.
    chart: SafeString = field(metadata={"data": False})


@dataclass(frozen=True)
class AppendixBlock:
    anchor: str
    number: int
    title: str
    kind: str
    exempt: bool
    exempt_paragraph: str
    content: object  # one of the *Appendix classes above


@dataclass(frozen=True)
class AssembledReport:
    cover: Cover
    # The day the report is as at: its cut-off, or the day a preview asked for. The
    # data calls it the cut-off: published, a report is always as at its cut-off.
    as_at: date = field(metadata={"name": "cut_off"})
    part: str
    summary: tuple[SummaryItem, ...]
    sections: tuple[SectionBlock, ...]
    appendices: tuple[AppendixBlock, ...]
    redacted: bool = False  # the exempt paragraphs and appendices have been taken out

    @property
    def has_exempt_parts(self) -> bool:
        """Whether the public version leaves anything out: an exempt paragraph or
        appendix, or changes from what an exempt appendix of the previous report showed."""
        return (
            any(a.exempt for a in self.appendices)
            or any(p.exempt for s in self.sections for p in s.paragraphs)
            or any(
                a.kind == Appendix.Kind.CHANGES and a.content.previously_exempt
                for a in self.appendices
                if a.content is not None
            )
        )

    def without_exempt_parts(self) -> "AssembledReport":
        """The public version: exempt paragraphs and appendices emptied, not just hidden,
        and the changes since the last committee of an exempt appendix left out too,
        this report's or the previous one's (a change shows what the appendix said)."""
        exempt = [a for a in self.appendices if a.exempt]
        return replace(
            self,
            redacted=True,
            sections=tuple(
                replace(
                    s,
                    paragraphs=tuple(
                        replace(p, html=SafeString(""), heading="") if p.exempt else p
                        for p in s.paragraphs
                    ),
                )
                for s in self.sections
            ),
            appendices=tuple(
                replace(a, content=None) if a.exempt else _without_exempt_changes(a, exempt)
                for a in self.appendices
            ),
        )

    def as_json(self) -> bytes:
        """The report's data as JSON, the same bytes for the same report."""
        return json.dumps(_plain(self), ensure_ascii=False, indent=2, sort_keys=True).encode()


# What the changes since the last committee say about each kind of appendix.
CHANGES_OF = {
    Appendix.Kind.CAPITAL_PROJECTS: ("projects", "milestones", "forecasts"),
    Appendix.Kind.IMPROVEMENT_PLAN: ("actions",),
    Appendix.Kind.PERFORMANCE_INDICATORS: ("indicators", "restatements"),
    Appendix.Kind.BVPI_157: ("bvpi",),
}


def _without_exempt_changes(block: "AppendixBlock", exempt: list["AppendixBlock"]):
    if block.kind != Appendix.Kind.CHANGES:
        return block
    content = block.content
    for appendix in exempt:
        if appendix.kind in CHANGES_OF:
            content = content.without(f"Appendix {appendix.number}", CHANGES_OF[appendix.kind])
    for kind, appendix in content.previously_exempt:
        if kind in CHANGES_OF:
            content = content.without(f"the previous report's {appendix}", CHANGES_OF[kind])
    return replace(block, content=content)


def _plain(value):
    """Dataclasses, dates and decimals as JSON's dicts, lists, strings and numbers."""
    if isinstance(value, Score):
        return {
            "enabled": value.enabled,
            "permissible": value.permissible,
            "percent": value.percent,
        }
    if is_dataclass(value):
        return {
            f.metadata.get("name", f.name): _plain(getattr(value, f.name))
            for f in fields(value)
            if f.metadata.get("data", True)
        }
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # "96", "71.6", "520000": no padding zeros
    return value


class Figures:
    """The live figures a paragraph may quote, as at the cut-off or an earlier day.

    {bvpi157.council} is the council's BVPI 157 score as at the cut-off;
    {bvpi157.council@2005-09-30} as at 30 September 2005 (a day after the cut-off
    counts as the cut-off: a report never quotes data it could not have had).
    Also {bvpi157.enabled}, {bvpi157.permissible} and {as_at}.
    """

    NAMES = ("as_at", "bvpi157.council", "bvpi157.enabled", "bvpi157.permissible")

    def __init__(self, as_at: date, reads: Reads | None = None):
        self.as_at = as_at
        self.reads = reads or Reads(as_at)

    def _score(self, day: date) -> Score:
        return self.reads.score(day)  # worked out once a day

    def __call__(self, name: str, day: date | None = None) -> str | None:
        day = min(day or self.as_at, self.as_at)
        match name:
            case "as_at":
                return f"{day:%-d %B %Y}"
            case "bvpi157.council":
                score = self._score(day)
                return f"{score.percent}%" if score.percent is not None else "no score"
            case "bvpi157.enabled":
                return str(self._score(day).enabled)
            case "bvpi157.permissible":
                return str(self._score(day).permissible)
        return None


TOKEN = re.compile(r"\{([a-z0-9_.]+)(?:@(\d{4}-\d{2}-\d{2}))?\}")


def render_narrative(body: str, figures: Figures) -> SafeString:
    """Clean the narrative again, then put in the live figures (unknown tokens stay)."""

    def figure(match):
        try:
            day = date.fromisoformat(match[2]) if match[2] else None
        except ValueError:  # no such day
            return match[0]
        return figures(match[1], day) or match[0]

    return mark_safe(TOKEN.sub(figure, clean_narrative(body)))  # noqa: S308 (cleaned; our own numbers)


def _plan(report: Report, as_at: date, reads: Reads) -> PlanAppendix:
    plan = ImprovementPlan.objects.in_force(as_at)
    by_area = defaultdict(list)
    for action in reads.actions(as_at):
        by_area[action.area_id].append(
            ActionRow(
                reference=action.reference,
                title=action.title,
                owner=action.owner,
                due=action.due_date,
                status=ActionStatus(action.status).label if action.status else "No notes yet",
                note=action.note or "",
                overdue=action.overdue,
            )
        )
    areas = tuple(
        AreaRows(area.number, area.name, tuple(by_area[area.pk]))
        for area in (plan.areas.all() if plan else [])
    )
    return PlanAppendix(plan.name if plan else "", plan.started_on if plan else None, areas)


def _projects(report: Report, as_at: date, reads: Reads) -> ProjectsAppendix:
    projects = reads.projects(as_at)
    latest = reads.latest_updates(as_at)
    milestones = defaultdict(list)  # by project: each row takes its own project's
    for status in reads.milestones(as_at):
        milestones[status.milestone.project_id].append(
            MilestoneRow(
                status.milestone.name,
                status.milestone.baseline_date,
                status.forecast_date,
                status.actual_date,
                status.slippage_text,
            )
        )
    rows, totals = [], [Decimal(0), Decimal(0), Decimal(0)]
    for p in projects:
        update = latest.get(p.pk)
        figures = (p.approved_budget, p.spend_to_date, p.forecast_outturn)
        for i, value in enumerate(figures):
            totals[i] += value or 0
        rows.append(
            ProjectRow(
                code=p.code,
                name=p.name,
                programme=p.programme.name,
                department=p.department.name,
                manager=p.manager,
                rag=update.rag if update else None,
                rag_reason=update.rag_reason if update else "",
                period=update.period if update else "",
                phase=update.phase if update else "",
                progress=update.progress if update else "No status update recorded.",
                achievements=update.achievements if update else "",
                next_steps=update.next_steps if update else "",
                commentary=update.commentary if update else "",
                budget=p.approved_budget,
                spend=p.spend_to_date,
                forecast=p.forecast_outturn,
                variance=variance_text(p.approved_budget, p.forecast_outturn),
                milestones=tuple(milestones[p.pk]),
            )
        )
    return ProjectsAppendix(tuple(rows), *totals)


TREND_PERIODS = 4  # the results Appendix 3 shows of each indicator's trend


def _indicators(report: Report, as_at: date, reads: Reads) -> IndicatorsAppendix:
    rows = []
    for trend in reads.trends(as_at):
        latest = trend.latest
        if latest is None:
            continue
        rows.append(
            IndicatorRow(
                code=trend.indicator.code,
                title=trend.indicator.title,
                source=trend.indicator.get_source_display(),
                period=latest.period_label,
                target=latest.target_text,
                result=latest.value_text,
                unit=str(latest.unit),
                target_value=latest.target,
                result_value=latest.value,
                rag=latest.rag.rag,
                reason=latest.rag.reason,
                direction=latest.direction.capitalize() if latest.direction else "",
                commentary=latest.measurement.commentary,
                restated=latest.restated,
                trend=tuple(
                    (short_label(p.period_label), p.value_text)
                    for p in trend.periods
                    if p.value is not None
                )[-TREND_PERIODS:],
            )
        )
    count = defaultdict(int)
    for row in rows:
        count[row.rag] += 1
    return IndicatorsAppendix(tuple(rows), count["green"], count["amber"], count["red"])


def _bvpi(report: Report, as_at: date, reads: Reads) -> BvpiAppendix:
    inventory = reads.inventory(as_at)
    first = min((s.added_on for s in inventory.services), default=as_at)
    quarters = reads.quarterly_scores(as_at=as_at, first=Quarter.containing(first))
    council = inventory.score()
    target = f"{bvpi_selectors.TARGET_TEXT}."
    return BvpiAppendix(
        council=council,
        departments=tuple((d.name, s) for d, s in inventory.department_scores()),
        quarters=tuple((q.quarter.label, q.day, q.score) for q in quarters),
        remaining=tuple(
            (t.number, t.name, tuple(f"{c.service} ({c.service.department})" for c in cells))
            for t, cells in inventory.remaining()
        ),
        chart=trajectory_chart(quarters, chart_id="appendix-bvpi-trajectory", target_text=target),
    )


def _changes(report: Report, as_at: date, reads: Reads) -> ChangesAppendix:
    previous = report.previous()
    found = changes(
        since=previous.cut_off if previous else None,
        as_at=as_at,
        previous_meeting=previous.meeting.date if previous else None,
        reads=reads,
    )
    if previous is None or previous.exempt:  # a Part II report's appendices: all exempt
        exempt = list(previous.appendices.all()) if previous else []
    else:
        exempt = list(previous.appendices.filter(exempt=True))
    return replace(found, previously_exempt=tuple((a.kind, f"Appendix {a.number}") for a in exempt))


# Each kind of appendix, built from the other apps' selectors as at the report's cut-off,
# through the one `Reads` of the assembly (reports/reads.py).
BUILDERS = {
    Appendix.Kind.IMPROVEMENT_PLAN: _plan,
    Appendix.Kind.CAPITAL_PROJECTS: _projects,
    Appendix.Kind.PERFORMANCE_INDICATORS: _indicators,
    Appendix.Kind.BVPI_157: _bvpi,
    Appendix.Kind.CHANGES: _changes,
}


def assemble(report: Report, as_at: date | None = None) -> AssembledReport:
    """The whole report as at its cut-off day (or, to preview it, another day)."""
    as_at = as_at or report.cut_off
    reads = Reads(as_at)
    figures = Figures(as_at, reads)
    meeting = report.meeting
    cover = Cover(
        meeting=str(meeting.committee),
        date=meeting.date,
        subject=report.subject,
        responsible_officer=report.responsible_officer,
        contact_officer=report.contact_officer,
        portfolio_holder=report.portfolio_holder,
        key_decision="Yes" if report.key_decision else "No",
        status=report.part,
        exempt_paragraph=report.exempt_paragraph if report.exempt else "",
        enclosures=report.enclosures,
    )
    summary = tuple(
        SummaryItem(heading, text)
        for heading, text in (
            ("Decision Required", report.decision_required),
            ("Reason for report", report.reason_for_report),
            ("Benefits", report.benefits),
            ("Cost of Proposals", report.cost_of_proposals),
            ("Risks", report.risks),
            ("Implications if recommendations rejected", report.implications_if_rejected),
        )
    )
    sections = tuple(
        SectionBlock(
            anchor=f"section-{section.number}",
            number=section.number,
            title=section.title,
            paragraphs=tuple(
                ParagraphBlock(
                    anchor=f"paragraph-{p.number}"
                    if p.number
                    else f"section-{section.number}-{p.order}",
                    number=p.number,
                    heading=p.heading,
                    html=render_narrative(p.body, figures),
                    exempt=p.exempt,
                    exempt_paragraph=p.exempt_paragraph,
                )
                for p in section.paragraphs.all()
            ),
        )
        for section in report.sections.prefetch_related("paragraphs")
    )
    appendices = tuple(
        AppendixBlock(
            anchor=f"appendix-{appendix.number}",
            number=appendix.number,
            title=appendix.title,
            kind=appendix.kind,
            exempt=appendix.exempt,
            exempt_paragraph=appendix.exempt_paragraph,
            content=BUILDERS[appendix.kind](report, as_at, reads),
        )
        for appendix in report.appendices.all()
    )
    return AssembledReport(cover, as_at, report.part, summary, sections, appendices)
