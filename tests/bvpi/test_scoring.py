"""The BVPI 157 arithmetic, without a database."""

from datetime import date

import pytest

from bvpi.scoring import CellState, Score, score

DAY = date(2005, 10, 30)


def cell(applies=True, permissible=True, enabled_from=None):
    return CellState(applies, permissible, enabled_from)


def test_an_empty_department_has_no_score():
    empty = score([], DAY)
    assert (empty.enabled, empty.permissible, empty.percent) == (0, 0, None)
    assert empty.text == "No score (nothing permissible)"


def test_all_excluded_has_no_score_rather_than_zero_or_full():
    barred = score([cell(permissible=False), cell(applies=False)], DAY)
    assert barred.percent is None


def test_only_applicable_permissible_cells_count():
    cells = [
        cell(enabled_from=date(2005, 1, 1)),
        cell(),
        cell(permissible=False, enabled_from=None),
        cell(applies=False, enabled_from=date(2005, 1, 1)),
    ]
    assert score(cells, DAY) == Score(enabled=1, permissible=2)


@pytest.mark.parametrize(
    ("enabled_from", "counted"),
    [(date(2005, 10, 29), True), (DAY, True), (date(2005, 10, 31), False), (None, False)],
)
def test_enabled_from_the_day_on(enabled_from, counted):
    assert score([cell(enabled_from=enabled_from)], DAY).enabled == int(counted)


@pytest.mark.parametrize(
    ("enabled", "permissible", "percent"),
    [
        (71, 82, 87),  # 86.59%
        (1, 8, 13),  # 12.5% rounds half up
        (7, 8, 88),  # 87.5% rounds half up
        (2, 3, 67),
        (1, 3, 33),
        (82, 82, 100),
        (0, 82, 0),
    ],
)
def test_rounding(enabled, permissible, percent):
    assert Score(enabled, permissible).percent == percent


def test_scores_add_up_and_say_what_remains():
    total = Score(19, 19) + Score(27, 34)
    assert (total, total.remaining, total.text) == (Score(46, 53), 7, "87% (46 of 53)")
