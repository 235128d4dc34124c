"""Spreadsheets in and out."""

import io
from datetime import UTC, datetime

import openpyxl
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from harrow_its.tabular import read_table, write_csv, write_xlsx

HEADERS = ["Code", "Commentary"]
ROWS = [["SLA-01", '=HYPERLINK("http://evil.example")'], ["SLA-02", "Fine, 95%"]]


def test_text_that_looks_like_a_formula_stays_text_in_xlsx():
    sheet = openpyxl.load_workbook(io.BytesIO(write_xlsx(HEADERS, ROWS, title="T"))).active
    assert sheet["B2"].data_type == "s"
    assert sheet["B2"].value == '=HYPERLINK("http://evil.example")'


def test_the_same_rows_give_the_same_bytes_whenever_written():
    with time_machine.travel(datetime(2005, 11, 8, 9, 0, 0, tzinfo=UTC), tick=False):
        first = write_xlsx(HEADERS, ROWS, title="T")
    with time_machine.travel(datetime(2006, 1, 10, 17, 30, 59, tzinfo=UTC), tick=False):
        assert write_xlsx(HEADERS, ROWS, title="T") == first
    assert write_csv(HEADERS, ROWS) == write_csv(HEADERS, ROWS)


def test_what_is_written_reads_back():
    for name, body in (
        ("t.xlsx", write_xlsx(HEADERS, ROWS, title="T")),
        ("t.csv", write_csv(HEADERS, ROWS)),
    ):
        assert read_table(SimpleUploadedFile(name, body)) == [
            {"Code": "SLA-01", "Commentary": '=HYPERLINK("http://evil.example")'},
            {"Code": "SLA-02", "Commentary": "Fine, 95%"},
        ]
