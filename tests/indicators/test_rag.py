"""The RAG rules and the direction of travel, without a database."""

from decimal import Decimal as D

import pytest

from indicators.rag import (
    AMBER,
    GREEN,
    RED,
    Direction,
    Polarity,
    Tolerance,
    Unit,
    VarianceKind,
    direction_of_travel,
    format_value,
    rag_for,
)

FIVE_PERCENT = Tolerance(D(5), VarianceKind.PERCENT_OF_TARGET, "the council's default")
TWO_POINTS = Tolerance(D(2), VarianceKind.ABSOLUTE, "this indicator's own rule")


def rag(value, target, polarity=Polarity.HIGHER, tolerance=FIVE_PERCENT, unit=Unit.PERCENTAGE):
    value = None if value is None else D(value)
    target = None if target is None else D(target)
    return rag_for(value=value, target=target, polarity=polarity, unit=unit, tolerance=tolerance)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("101", GREEN),  # better than target
        ("100", GREEN),  # on target
        ("99.99", AMBER),  # just short
        ("95", AMBER),  # at the edge of the tolerance: 5% of 100
        ("94.99", RED),  # just beyond it
        ("0", RED),
    ],
)
def test_higher_is_better_band_edges(value, expected):
    assert rag(value, "100").rag == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7", GREEN),  # under the target of 8 hours
        ("8", GREEN),  # on it
        ("8.4", AMBER),  # over by 0.4: 5% of 8 is 0.4
        ("8.41", RED),
    ],
)
def test_lower_is_better_band_edges(value, expected):
    assert rag(value, "8", Polarity.LOWER, unit=Unit.HOURS).rag == expected


@pytest.mark.parametrize(("value", "expected"), [("90", GREEN), ("88", AMBER), ("87.9", RED)])
def test_absolute_tolerance(value, expected):
    assert rag(value, "90", tolerance=TWO_POINTS).rag == expected


def test_zero_target_lower_is_better():
    """Zero complaints is the target: none is green; one is red, as 5% of zero is zero."""
    assert rag("0", "0", Polarity.LOWER, unit=Unit.NUMBER).rag == GREEN
    assert rag("1", "0", Polarity.LOWER, unit=Unit.NUMBER).rag == RED
    assert rag("1", "0", Polarity.LOWER, TWO_POINTS, Unit.NUMBER).rag == AMBER


def test_zero_target_higher_is_better_is_always_met():
    assert rag("0", "0").rag == GREEN


def test_missing_value_or_target_gives_no_rag():
    assert rag(None, "95") == rag_for(
        value=None,
        target=D(95),
        polarity=Polarity.HIGHER,
        unit=Unit.PERCENTAGE,
        tolerance=FIVE_PERCENT,
    )
    assert rag(None, "95").rag is None
    assert rag(None, "95").reason == "No result has been entered for this period."
    assert rag("95", None).rag is None
    assert rag("95", None).reason == "No target has been set for this period."


def test_yes_no_is_green_or_red():
    assert rag("1", "1", unit=Unit.YES_NO).reason == (
        "Green: Yes is at or better than the target of Yes (higher is better)."
    )
    assert rag("0", "1", unit=Unit.YES_NO, tolerance=TWO_POINTS) == rag_for(
        value=D(0), target=D(1), polarity=Polarity.HIGHER, unit=Unit.YES_NO, tolerance=TWO_POINTS
    )
    assert rag("0", "1", unit=Unit.YES_NO).reason == "Red: the answer is No; the target is Yes."


def test_the_reasons_say_target_variance_and_rule():
    assert rag("93.5", "95").reason == (
        "Amber: 93.5% misses the target of 95% (higher is better) by 1.5%; "
        "amber is within 5% of target, under the council's default."
    )
    assert rag("85", "90", tolerance=TWO_POINTS).reason == (
        "Red: 85% misses the target of 90% (higher is better) by 5%, more than 2%; "
        "amber is within 2% of target, under this indicator's own rule."
    )
    assert rag("9", "8", Polarity.LOWER, unit=Unit.HOURS).reason == (
        "Red: 9 hours misses the target of 8 hours (lower is better) by 1 hour, more than "
        "0.4 hours; amber is within 5% of target, under the council's default."
    )


@pytest.mark.parametrize(
    ("value", "previous", "polarity", "expected"),
    [
        ("96", "95", Polarity.HIGHER, Direction.BETTER),
        ("94", "95", Polarity.HIGHER, Direction.WORSE),
        ("95", "95.0", Polarity.HIGHER, Direction.SAME),
        ("7", "8", Polarity.LOWER, Direction.BETTER),
        ("9", "8", Polarity.LOWER, Direction.WORSE),
        (None, "8", Polarity.LOWER, None),
        ("8", None, Polarity.LOWER, None),
    ],
)
def test_direction_of_travel(value, previous, polarity, expected):
    value = None if value is None else D(value)
    previous = None if previous is None else D(previous)
    assert direction_of_travel(value=value, previous=previous, polarity=polarity) == expected


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (D("99.50"), Unit.PERCENTAGE, "99.5%"),
        (D("1250000"), Unit.MONEY, "£1,250,000"),
        (D("1"), Unit.HOURS, "1 hour"),
        (D("12.25"), Unit.HOURS, "12.25 hours"),
        (D("1"), Unit.YES_NO, "Yes"),
        (D("0"), Unit.YES_NO, "No"),
        (D("1500"), Unit.NUMBER, "1,500"),
        (None, Unit.NUMBER, "no value"),
    ],
)
def test_format_value(value, unit, text):
    assert format_value(value, unit) == text
