"""
How a result earns its red, amber or green, and its direction of travel.

Pure functions of plain values: no database, no clock, no models or templates (a
RAG comes out as "red", "amber" or "green", harrow_its.models.Rag's values, which
indicators/selectors.py makes a Rag). The rules, as the council sets them:

- A result at or better than its target is GREEN. "Better" follows the
  indicator's polarity: above the target when higher is better, below it when
  lower is better.
- A result short of its target by no more than the tolerance is AMBER. The
  tolerance is either a percentage of the target ("within 5% of target") or an
  absolute amount in the indicator's own unit ("within 2 percentage points").
  Short by more is RED.
- A percentage tolerance of a zero target is zero: any shortfall is red.
- A yes/no indicator is green or red: there are no degrees of "no".
- Without a value, or without a target, there is no RAG; the reason says which.
- The direction of travel compares a result with the previous period's: better,
  worse or the same, by the indicator's polarity. Without both, there is none.

Every result comes with the sentence that explains it, which the pages show.
"""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from harrow_its.formatting import money

# The RAG a result earns: the values of harrow_its.models.Rag.
RED, AMBER, GREEN = "red", "amber", "green"


class Polarity(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Unit(StrEnum):
    PERCENTAGE = "percentage"
    NUMBER = "number"
    MONEY = "money"
    HOURS = "hours"
    YES_NO = "yes_no"


class VarianceKind(StrEnum):
    PERCENT_OF_TARGET = "percent"
    ABSOLUTE = "absolute"


class Direction(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"


@dataclass(frozen=True)
class Tolerance:
    """How far short of target a result may fall and still be amber."""

    amber_variance: Decimal
    kind: VarianceKind
    source: str  # where the rule comes from, e.g. "the council's default from 1 April 2004"

    def allowed_shortfall(self, target: Decimal) -> Decimal:
        if self.kind == VarianceKind.PERCENT_OF_TARGET:
            return abs(target) * self.amber_variance / 100
        return self.amber_variance

    def describe(self, unit: Unit) -> str:
        if self.kind == VarianceKind.PERCENT_OF_TARGET:
            return f"within {format_number(self.amber_variance)}% of target"
        return f"within {format_value(self.amber_variance, unit)} of target"


@dataclass(frozen=True)
class RagResult:
    rag: str | None  # RED, AMBER, GREEN, or None
    reason: str


def format_number(value: Decimal) -> str:
    """A number without trailing zeros: 95, 99.5, 1,250."""
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_value(value: Decimal | None, unit: Unit) -> str:
    """A value as people read it: 95%, £1,250, 8.5 hours, Yes."""
    if value is None:
        return "no value"
    match Unit(unit):
        case Unit.PERCENTAGE:
            return f"{format_number(value)}%"
        case Unit.MONEY:
            return money(value)
        case Unit.HOURS:
            return f"{format_number(value)} hour{'' if value == 1 else 's'}"
        case Unit.YES_NO:
            return "Yes" if value else "No"
        case _:
            return format_number(value)


def rag_for(
    *,
    value: Decimal | None,
    target: Decimal | None,
    polarity: Polarity,
    unit: Unit,
    tolerance: Tolerance,
) -> RagResult:
    """The RAG of `value` against `target`, and why."""
    if value is None:
        return RagResult(None, "No result has been entered for this period.")
    if target is None:
        return RagResult(None, "No target has been set for this period.")
    shown, aim = format_value(value, unit), format_value(target, unit)
    better = "higher" if polarity == Polarity.HIGHER else "lower"
    shortfall = target - value if polarity == Polarity.HIGHER else value - target
    if shortfall <= 0:
        return RagResult(
            GREEN,
            f"Green: {shown} is at or better than the target of {aim} ({better} is better).",
        )
    if unit == Unit.YES_NO:  # no degrees of "no": the tolerance does not apply
        return RagResult(RED, f"Red: the answer is {shown}; the target is {aim}.")
    allowed = tolerance.allowed_shortfall(target)
    rule = f"amber is {tolerance.describe(unit)}, under {tolerance.source}"
    if shortfall <= allowed:
        return RagResult(
            AMBER,
            f"Amber: {shown} misses the target of {aim} ({better} is better) by "
            f"{format_value(shortfall, unit)}; {rule}.",
        )
    return RagResult(
        RED,
        f"Red: {shown} misses the target of {aim} ({better} is better) by "
        f"{format_value(shortfall, unit)}, more than {format_value(allowed, unit)}; {rule}.",
    )


def direction_of_travel(
    *, value: Decimal | None, previous: Decimal | None, polarity: Polarity
) -> Direction | None:
    """Better, worse or the same as the previous period; None without both values."""
    if value is None or previous is None:
        return None
    if value == previous:
        return Direction.SAME
    improved = value > previous if polarity == Polarity.HIGHER else value < previous
    return Direction.BETTER if improved else Direction.WORSE
