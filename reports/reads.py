"""
What one assembly reads, each thing read once.

A report's live figures, its appendices and the changes since the last committee
ask the other apps' selectors for the same things, as at the cut-off and as at the
previous report's cut-off: the projects, the actions, the milestones, every
indicator's trend, the BVPI 157 inventory. `Reads` reads each of them once, with
what was recorded by the latest day asked, and works out every earlier day from
that (the selectors' histories), so an assembly takes the same number of queries
however much data there is and however many days its paragraphs quote.
"""

from datetime import date

from bvpi import selectors as bvpi_selectors
from bvpi.selectors import Inventory, QuarterScore
from harrow_its.calendar import Quarter
from indicators import selectors as indicator_selectors
from indicators.models import Indicator
from indicators.selectors import IndicatorTrend
from projects import selectors as project_selectors
from projects.models import Action, Project, ProjectUpdate
from projects.selectors import MilestoneStatus


class Reads:
    """The selectors' answers for one assembly, as at `as_at` and any earlier day (a
    later day, such as a previous report's cut-off after a preview's day, is read
    again, once)."""

    def __init__(self, as_at: date):
        self.as_at = as_at
        self._answers = {}
        self._histories = {}  # kind: (the day read up to, what was read)

    def _once(self, key, work_out):
        if key not in self._answers:
            self._answers[key] = work_out()
        return self._answers[key]

    def _history(self, kind: str, day: date, read):
        """What `read(known_on)` gives for a `known_on` no earlier than `day`."""
        known_on, history = self._histories.get(kind, (None, None))
        if known_on is None or known_on < day:
            known_on = max(day, self.as_at)
            history = read(known_on=known_on)
            self._histories[kind] = (known_on, history)
        return history

    def _milestones_known(self, *, known_on: date) -> list:
        return list(project_selectors.milestones_known(as_at=known_on).select_related("project"))

    def _indicator_history(self, *, known_on: date) -> indicator_selectors.IndicatorHistory:
        return indicator_selectors.indicator_history(
            indicators=Indicator.objects.all(), known_on=known_on
        )

    def projects(self, day: date) -> list[Project]:
        """The projects in the programme on `day`, annotated as `project_list()` does."""
        history = self._history("projects", day, project_selectors.project_history)
        return self._once(("projects", day), lambda: history.project_list(as_at=day))

    def latest_updates(self, day: date) -> dict[int, ProjectUpdate]:
        """{project id: its latest status update known on `day`}."""
        history = self._history("projects", day, project_selectors.project_history)
        return self._once(("updates", day), lambda: history.latest_updates(as_at=day))

    def milestones(self, day: date) -> list[MilestoneStatus]:
        """Every milestone in the plan on `day`, with its project, as then known."""
        known = self._history("milestones", day, self._milestones_known)
        return self._once(
            ("milestones", day), lambda: project_selectors.milestone_statuses(known, as_at=day)
        )

    def actions(self, day: date) -> list[Action]:
        """The improvement actions in the plan on `day`, annotated as `action_list()` does."""
        history = self._history("actions", day, project_selectors.action_history)
        return self._once(("actions", day), lambda: history.action_list(as_at=day))

    def trends(self, day: date) -> list[IndicatorTrend]:
        """Every indicator's trend as at `day`."""
        history = self._history("indicators", day, self._indicator_history)
        return self._once(("trends", day), lambda: history.trends(as_at=day))

    def inventory(self, day: date) -> Inventory:
        """The council's BVPI 157 inventory as it stood on `day`."""
        history = self._history("inventory", day, bvpi_selectors.inventory_history)
        return self._once(("inventory", day), lambda: history.inventory(as_at=day))

    def quarterly_scores(self, *, as_at: date, first: Quarter) -> list[QuarterScore]:
        """The council's BVPI 157 score at the end of each quarter from `first`."""
        history = self._history("inventory", as_at, bvpi_selectors.inventory_history)
        return history.quarterly_scores(as_at=as_at, first=first)
