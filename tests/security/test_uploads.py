"""
Uploaded spreadsheets cannot exhaust a web server: an XLSX file's unpacked size and
every file's rows, columns and cells are bounded before and while it is read, and a
damaged file of any kind is refused with a message, never a server error.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from harrow_its.tabular import (
    TOO_MANY_CELLS,
    TOO_MANY_COLUMNS,
    TOO_MANY_ROWS,
    UnreadableFile,
    read_table,
    write_csv,
)
from tests import spreadsheets
from tests.spreadsheets import HOSTILE_XLSX


def refusal(name, content) -> str:
    with pytest.raises(UnreadableFile) as refused:
        read_table(SimpleUploadedFile(name, content))
    return str(refused.value)


@pytest.mark.parametrize(
    ("make", "message"),
    [(make, message) for _, make, message in HOSTILE_XLSX],
    ids=[name for name, _, _ in HOSTILE_XLSX],
)
def test_a_hostile_xlsx_file_is_refused_with_its_reason(make, message):
    assert refusal("hostile.xlsx", make()) == message


def test_the_bomb_is_small_enough_to_upload():
    """The bomb passes the upload's own size bound: only unpacking it tells."""
    assert 300_000 < len(spreadsheets.bomb()) < 2 * 1024 * 1024


def test_a_sheet_is_read_as_far_as_it_holds_cells_not_as_its_dimension_claims():
    """openpyxl pads every row to the width <dimension> claims: 16,384 columns here."""
    sheet = spreadsheets.sheet([["Code", "Result"], ["SLA-02", "91"]], dimension="A1:XFD5000")
    assert read_table(SimpleUploadedFile("d.xlsx", spreadsheets.xlsx(sheet))) == [
        {"Code": "SLA-02", "Result": "91"}
    ]


def test_the_largest_file_allowed_is_read():
    """The headings and 4,999 rows of 20 cells: 100,000 cells, read, not refused."""
    rows = [[f"{r}-{c}" for c in range(20)] for r in range(4999)]
    body = spreadsheets.xlsx(spreadsheets.sheet([[f"h{c}" for c in range(20)], *rows]))
    table = read_table(SimpleUploadedFile("big.xlsx", body))
    assert (len(table), table[-1]["h19"]) == (4999, "4998-19")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"a\r\n" * 5002, TOO_MANY_ROWS.format(limit=5000)),
        (b"\r\n" * 5002, TOO_MANY_ROWS.format(limit=5000)),
        (b"," * 100 + b"\r\n", TOO_MANY_COLUMNS.format(limit=100)),
        ((b"1," * 59 + b"1\r\n") * 2000, TOO_MANY_CELLS.format(limit=100_000)),
    ],
    ids=["rows", "blank rows", "columns", "cells"],
)
def test_a_csv_file_too_large_is_refused(content, message):
    assert refusal("hostile.csv", content) == message


def test_bounds_are_settings(settings):
    settings.IMPORT_MAX_CELLS = 3
    body = write_csv(["Code", "Result"], [["SLA-02", "91"]])
    assert refusal("small.csv", body) == TOO_MANY_CELLS.format(limit=3)
    assert refusal("small.xlsx", spreadsheets.xlsx(spreadsheets.sheet([["a", "b"]] * 2))) == (
        TOO_MANY_CELLS.format(limit=3)
    )
