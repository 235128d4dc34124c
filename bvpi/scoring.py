"""
The BVPI 157 score, worked out from the inventory. Pure functions: no database.

BVPI 157 (Office of the Deputy Prime Minister) is "the number of types of
interactions that are enabled for electronic delivery as a percentage of the
types of interactions that are legally permissible for electronic delivery".

The inventory has a cell for every service and each of the ten interaction
types. On a given day a cell counts in:

- the denominator when the interaction applies to the service and electronic
  delivery is legally permissible (a cell with a recorded legal or operational
  barrier is excluded, and the barrier is shown, not hidden);
- the numerator when, besides, it has been e-enabled on or before that day.

The percentage is rounded to the nearest whole per cent, halves up, as the
returns were made; numerator and denominator are always shown beside it. With
nothing permissible there is no score, rather than a misleading 0% or 100%.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class CellState:
    applies: bool
    permissible: bool
    enabled_from: date | None

    def counts(self) -> bool:
        """In the denominator: applies and is legally permissible."""
        return self.applies and self.permissible

    def enabled_on(self, day: date) -> bool:
        """In the numerator on `day`."""
        return self.counts() and self.enabled_from is not None and self.enabled_from <= day


@dataclass(frozen=True)
class Score:
    enabled: int
    permissible: int

    @property
    def percent(self) -> int | None:
        if not self.permissible:
            return None
        exact = Decimal(self.enabled) * 100 / Decimal(self.permissible)
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def text(self) -> str:
        """ "87% (174 of 200)", or "No score (nothing permissible)"."""
        if self.percent is None:
            return "No score (nothing permissible)"
        return f"{self.percent}% ({self.enabled} of {self.permissible})"

    @property
    def remaining(self) -> int:
        return self.permissible - self.enabled

    def __add__(self, other: "Score") -> "Score":
        return Score(self.enabled + other.enabled, self.permissible + other.permissible)


def score(cells, day: date) -> Score:
    """The score of `cells` (CellStates) on `day`."""
    cells = list(cells)
    return Score(
        enabled=sum(cell.enabled_on(day) for cell in cells),
        permissible=sum(cell.counts() for cell in cells),
    )
