"""
Changes since the last committee: what moved between the previous report's
cut-off and this one's, worked out from the data as known on each day.

`changes(since=..., as_at=...)` compares the two days and returns plain frozen
data: projects whose RAG changed (with the recorded reason), milestones that
slipped, forecast outturns that moved by more than 5%, improvement actions that
are new, completed or newly overdue, indicators whose RAG or direction changed,
figures restated since, and BVPI 157 by department. A fixed number of queries: it
reads through a `Reads` (reports/reads.py), shared with the rest of the assembly.
"""

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from bvpi.scoring import Score
from harrow_its.calendar import end_of_day
from harrow_its.formatting import money
from harrow_its.models import Rag
from projects.models import ActionStatus
from reports.reads import Reads

FORECAST_MOVE = Decimal("0.05")  # a forecast outturn moving by more than this is reported


@dataclass(frozen=True)
class RagChange:
    code: str
    name: str
    was: str  # "Green", or "No status" for a project new to the programme
    now: str
    reason: str


@dataclass(frozen=True)
class MilestoneSlip:
    code: str
    milestone: str
    was: date
    now: date
    days: int


@dataclass(frozen=True)
class ForecastMove:
    code: str
    name: str
    was: str
    now: str
    change: str  # "+7.7%"


@dataclass(frozen=True)
class ActionChange:
    reference: str
    title: str
    change: str  # "New", "Completed" or "Now overdue"
    due: date | None


@dataclass(frozen=True)
class IndicatorChange:
    code: str
    title: str
    rag_was: str
    rag_now: str
    direction_was: str
    direction_now: str


@dataclass(frozen=True)
class Restatement:
    code: str
    title: str
    period: str
    was: str
    now: str
    reason: str


@dataclass(frozen=True)
class BvpiMove:
    department: str
    was: Score
    now: Score

    @property
    def points(self) -> int | None:
        """The change in percentage points."""
        if self.was.percent is None or self.now.percent is None:
            return None
        return self.now.percent - self.was.percent


@dataclass(frozen=True)
class ChangesAppendix:
    since: date | None  # the previous report's cut-off; None for a series' first report
    previous_meeting: date | None
    projects: tuple[RagChange, ...] = ()
    milestones: tuple[MilestoneSlip, ...] = ()
    forecasts: tuple[ForecastMove, ...] = ()
    actions: tuple[ActionChange, ...] = ()
    indicators: tuple[IndicatorChange, ...] = ()
    restatements: tuple[Restatement, ...] = ()
    bvpi: tuple[BvpiMove, ...] = ()
    # Changes left out because the appendix that shows them is exempt: (field, appendix).
    withheld: tuple[tuple[str, str], ...] = ()
    # The previous report's exempt appendices, (kind, "Appendix 2"): what they showed was
    # never public, so neither is a change from it (reports/assembly.py withholds it).
    previously_exempt: tuple[tuple[str, str], ...] = field(default=(), metadata={"data": False})

    def without(self, appendix: str, names: tuple[str, ...]) -> "ChangesAppendix":
        """This, with the changes the fields `names` hold left out, as `appendix` is
        exempt (those already left out stay as they are)."""
        names = tuple(name for name in names if name not in self.withheld_fields)
        return replace(
            self,
            withheld=(*self.withheld, *((name, appendix) for name in names)),
            **dict.fromkeys(names, ()),
        )

    @property
    def withheld_fields(self) -> set[str]:
        return {name for name, _ in self.withheld}

    @property
    def withheld_appendices(self) -> list[str]:
        return list(dict.fromkeys(appendix for _, appendix in self.withheld))

    @property
    def nothing_changed(self) -> bool:
        return not (
            self.projects
            or self.milestones
            or self.forecasts
            or self.actions
            or self.indicators
            or self.restatements
            or any(move.now != move.was for move in self.bvpi)
        )


def _rag_label(rag: str | None) -> str:
    return Rag(rag).label if rag else "No status"


def _projects(since: date, as_at: date, reads: Reads):
    before = {p.code: p for p in reads.projects(since)}
    now = reads.projects(as_at)
    reasons = {
        update.project_id: update.rag_reason or update.progress
        for update in reads.latest_updates(as_at).values()
    }
    rags, forecasts = [], []
    for project in now:
        old = before.get(project.code)
        if project.rag != (old.rag if old else None):
            rags.append(
                RagChange(
                    project.code,
                    project.name,
                    _rag_label(old.rag if old else None),
                    _rag_label(project.rag),
                    reasons.get(project.pk, ""),
                )
            )
        was = old.forecast_outturn if old else None
        if was and project.forecast_outturn is not None:
            move = (project.forecast_outturn - was) / was
            if abs(move) > FORECAST_MOVE:
                forecasts.append(
                    ForecastMove(
                        project.code,
                        project.name,
                        money(was),
                        money(project.forecast_outturn),
                        f"{move:+.1%}",
                    )
                )
    return tuple(rags), tuple(forecasts)


def _milestone_dates(day: date, reads: Reads) -> dict:
    return {status.milestone.pk: status for status in reads.milestones(day)}


def _milestones(since: date, as_at: date, reads: Reads) -> tuple[MilestoneSlip, ...]:
    before, now = _milestone_dates(since, reads), _milestone_dates(as_at, reads)
    slips = []
    for pk, status in now.items():
        old = before.get(pk)
        if old is None:
            continue
        was = old.actual_date or old.forecast_date
        new = status.actual_date or status.forecast_date
        if was and new and new > was:
            slips.append(
                MilestoneSlip(
                    status.milestone.project.code, status.milestone.name, was, new, (new - was).days
                )
            )
    return tuple(sorted(slips, key=lambda s: (-s.days, s.code)))


def _actions(since: date, as_at: date, reads: Reads) -> tuple[ActionChange, ...]:
    before = {a.pk: a for a in reads.actions(since)}
    changes = []
    for action in reads.actions(as_at):
        old = before.get(action.pk)
        if old is None:
            change = "New"
        elif action.status == ActionStatus.COMPLETE and old.status != ActionStatus.COMPLETE:
            change = "Completed"
        elif action.overdue and not old.overdue:
            change = "Now overdue"
        else:
            continue
        changes.append(ActionChange(action.reference, action.title, change, action.due_date))
    return tuple(changes)


def _latest(day: date, reads: Reads) -> dict:
    return {trend.indicator.code: trend for trend in reads.trends(day)}


def _indicators(since: date, as_at: date, reads: Reads):
    before, now = _latest(since, reads), _latest(as_at, reads)
    changes, restatements = [], []
    known_before = end_of_day(since)
    for code, trend in now.items():
        latest = trend.latest
        old = before[code].latest if code in before else None
        if latest is not None:
            rag_was = Rag(old.rag.rag).label if old and old.rag.rag else "No result"
            rag_now = Rag(latest.rag.rag).label if latest.rag.rag else "No result"
            direction_was = (old.direction or "").capitalize() if old else ""
            direction_now = (latest.direction or "").capitalize()
            if (rag_was, direction_was) != (rag_now, direction_now):
                changes.append(
                    IndicatorChange(
                        code, trend.indicator.title, rag_was, rag_now, direction_was, direction_now
                    )
                )
        for period in trend.periods:
            if period.restated and period.measurement.recorded_at >= known_before:
                restatements.append(
                    Restatement(
                        code,
                        trend.indicator.title,
                        period.period_label,
                        period.restated_from,
                        period.value_text,
                        period.measurement.restatement_reason,
                    )
                )
    return tuple(changes), tuple(restatements)


def _bvpi(since: date, as_at: date, reads: Reads) -> tuple[BvpiMove, ...]:
    before_inventory = reads.inventory(since)
    now_inventory = reads.inventory(as_at)
    before = {d.name: s for d, s in before_inventory.department_scores()}
    moves = [
        BvpiMove(department.name, before.get(department.name, Score(0, 0)), score)
        for department, score in now_inventory.department_scores()
    ]
    moves.append(BvpiMove("Council", before_inventory.score(), now_inventory.score()))
    return tuple(moves)


def changes(
    *, since: date | None, as_at: date, previous_meeting: date | None, reads: Reads | None = None
) -> ChangesAppendix:
    """What changed between `since` (the previous report's cut-off) and `as_at`.

    `reads`: the assembly's, when the rest of the report has read the same things.
    """
    if since is None:
        return ChangesAppendix(since=None, previous_meeting=None)
    reads = reads or Reads(max(since, as_at))
    projects, forecasts = _projects(since, as_at, reads)
    indicators, restatements = _indicators(since, as_at, reads)
    return ChangesAppendix(
        since=since,
        previous_meeting=previous_meeting,
        projects=projects,
        milestones=_milestones(since, as_at, reads),
        forecasts=forecasts,
        actions=_actions(since, as_at, reads),
        indicators=indicators,
        restatements=restatements,
        bvpi=_bvpi(since, as_at, reads),
    )
