"""
What one assembly reads, each history read once.

A report's live figures, its appendices and the changes since the last committee
ask the other apps for the same things, as at the cut-off and as at the previous
report's cut-off: the projects, the actions, the milestones, every indicator's
trend, the BVPI 157 inventory. `Reads` reads each app's history once, known by the
latest day asked (harrow_its/history.py), and works out every earlier day from it in
memory, so an assembly takes the same number of queries however much data there is
and however many days its paragraphs quote. A day's answer is worked out once too.
"""

from datetime import date
from functools import wraps

from bvpi.scoring import Score
from bvpi.selectors import Inventory, InventoryHistory, QuarterScore, inventory_history
from harrow_its.calendar import Quarter
from indicators.models import Indicator
from indicators.selectors import IndicatorHistory, IndicatorTrend, indicator_history
from projects.models import Action, Project, ProjectUpdate
from projects.selectors import (
    ActionHistory,
    MilestoneHistory,
    MilestoneStatus,
    ProjectHistory,
    action_history,
    milestone_history,
    project_history,
)


def once_a_day(answer):
    """Work out a `Reads` method's answer for a day once, however often it is asked."""

    @wraps(answer)
    def remembered(self, day: date):
        key = (answer.__name__, day)
        if key not in self._answers:
            self._answers[key] = answer(self, day)
        return self._answers[key]

    return remembered


class Reads:
    """The apps' answers for one assembly, as at `as_at` and any earlier day. A later
    day (a previous report's cut-off after a preview's day) reads that history again,
    once, known by the later day."""

    def __init__(self, as_at: date):
        self.as_at = as_at
        self._answers = {}
        self._projects: ProjectHistory | None = None
        self._milestones: MilestoneHistory | None = None
        self._actions: ActionHistory | None = None
        self._indicators: IndicatorHistory | None = None
        self._inventory: InventoryHistory | None = None

    def _known_by(self, history, day: date) -> date | None:
        """The day to read a history up to, for `day`: None when `history` will do."""
        if history is not None and history.known_by >= day:
            return None
        return max(day, self.as_at)

    def project_history(self, day: date) -> ProjectHistory:
        if known_by := self._known_by(self._projects, day):
            self._projects = project_history(known_by=known_by)
        return self._projects

    def milestone_history(self, day: date) -> MilestoneHistory:
        if known_by := self._known_by(self._milestones, day):
            self._milestones = milestone_history(known_by=known_by)
        return self._milestones

    def action_history(self, day: date) -> ActionHistory:
        if known_by := self._known_by(self._actions, day):
            self._actions = action_history(known_by=known_by)
        return self._actions

    def indicator_history(self, day: date) -> IndicatorHistory:
        if known_by := self._known_by(self._indicators, day):
            self._indicators = indicator_history(
                indicators=Indicator.objects.all(), known_by=known_by
            )
        return self._indicators

    def inventory_history(self, day: date) -> InventoryHistory:
        if known_by := self._known_by(self._inventory, day):
            self._inventory = inventory_history(known_by=known_by)
        return self._inventory

    @once_a_day
    def projects(self, day: date) -> list[Project]:
        """The projects in the programme on `day`, annotated as `project_list()` does."""
        return self.project_history(day).project_list(as_at=day)

    @once_a_day
    def latest_updates(self, day: date) -> dict[int, ProjectUpdate]:
        """{project id: its latest status update as at `day`}."""
        return self.project_history(day).latest_updates(as_at=day)

    @once_a_day
    def milestones(self, day: date) -> list[MilestoneStatus]:
        """Every milestone in the plan on `day`, with its project, as then known."""
        return self.milestone_history(day).statuses(as_at=day)

    @once_a_day
    def actions(self, day: date) -> list[Action]:
        """The improvement actions in the plan on `day`, annotated as `action_list()` does."""
        return self.action_history(day).action_list(as_at=day)

    @once_a_day
    def trends(self, day: date) -> list[IndicatorTrend]:
        """Every indicator's trend as at `day`."""
        return self.indicator_history(day).trends(as_at=day)

    @once_a_day
    def inventory(self, day: date) -> Inventory:
        """The council's BVPI 157 inventory as it stood on `day`."""
        return self.inventory_history(day).inventory(as_at=day)

    @once_a_day
    def score(self, day: date) -> Score:
        """The council's BVPI 157 score on `day` (a paragraph's live figure)."""
        return self.inventory_history(day).score(as_at=day)

    def quarterly_scores(self, *, as_at: date, first: Quarter) -> list[QuarterScore]:
        """The council's BVPI 157 score at the end of each quarter from `first`."""
        return self.inventory_history(as_at).quarterly_scores(as_at=as_at, first=first)
