"""
No spreadsheet formula in any CSV the portal writes: a cell of text beginning =, +,
-, @, tab or carriage return is written with ' in front (OWASP's advice), a number
we write is left as it is, and the importer takes the ' off again, so a file
exported and imported back gives the same values.
"""

import csv
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from harrow_its.tabular import neutralised, read_table, restored, write_csv, write_xlsx
from reports import opendata

FORMULAS = [
    '=HYPERLINK("http://evil.example","Click")',
    "+1+1",
    "-1+1",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
    "'=already quoted",
    "''@twice",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_that_a_spreadsheet_would_run_gets_a_quote_and_comes_back(text):
    assert neutralised(text) == f"'{text}"
    assert restored(neutralised(text)) == text


@pytest.mark.parametrize("cell", [-5, Decimal("-2.5"), -0.25, Decimal("450000.00")])
def test_a_number_we_write_is_left_as_it_is(cell):
    assert write_csv(["n"], [[cell]]).decode().splitlines()[1] == str(cell)


@pytest.mark.parametrize("text", ["'Tis done", "Fine, 95%", "a=b", "", "'"])
def test_other_text_is_left_alone_both_ways(text):
    assert neutralised(text) == text
    assert restored(text) == text


def test_a_csv_file_reads_back_as_written():
    rows = [[f"row {i}", text] for i, text in enumerate(FORMULAS)]
    body = write_csv(["Code", "Commentary"], rows)
    cells = [row[1] for row in csv.reader(io.StringIO(body.decode()))][1:]
    assert all(cell.startswith("'") for cell in cells)
    assert read_table(SimpleUploadedFile("t.csv", body)) == [
        {"Code": code, "Commentary": text.strip()} for code, text in rows
    ]


def test_an_xlsx_file_keeps_every_formula_as_text():
    body = write_xlsx(["Commentary"], [[text] for text in FORMULAS], title="T")
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    assert [(cell.value, cell.data_type) for (cell,) in sheet.iter_rows(min_row=2)] == [
        (text.replace("\r", "\n"), "s")  # XML reads a carriage return as a line feed
        for text in FORMULAS
    ]


def test_open_data_tables_neutralise_text_and_keep_numbers():
    """Every text column of every open-data table, from a report's public data."""
    evil = '=HYPERLINK("http://evil.example")'
    project = dict.fromkeys(
        ("code", "name", "programme", "department", "manager", "rag", "rag_reason", "period"),
        evil,
    ) | {"phase": "@SUM(1)", "progress": "+1", "budget": "-5", "spend": None, "forecast": "7.5"}
    project["milestones"] = [
        {"name": evil, "baseline": "2005-01-01", "forecast": None, "actual": None, "slippage": "-"}
    ]
    appendices = [
        {
            "number": 1,
            "title": "Plan",
            "kind": "improvement_plan",
            "exempt": False,
            "content": {
                "areas": [
                    {
                        "number": 1,
                        "name": evil,
                        "actions": [
                            dict.fromkeys(
                                ("reference", "title", "owner", "due", "status", "note"), evil
                            )
                            | {"overdue": False}
                        ],
                    }
                ]
            },
        },
        {
            "number": 2,
            "title": "Projects",
            "kind": "capital_projects",
            "exempt": False,
            "content": {"projects": [project]},
        },
        {
            "number": 3,
            "title": "Indicators",
            "kind": "performance_indicators",
            "exempt": False,
            "content": {
                "indicators": [
                    dict.fromkeys(
                        ("code", "title", "source", "period", "unit", "rag", "direction"), evil
                    )
                    | {"commentary": evil, "target_value": "-2.5", "result_value": "-3"}
                    | {"restated": False}
                ]
            },
        },
    ]
    data = json.dumps({"appendices": appendices}).encode()
    written = {
        table.filename: list(
            csv.reader(io.StringIO(opendata.table_csv(data, table.filename).decode()))
        )
        for table in opendata.tables(data)
    }
    assert written["appendix-1-actions.csv"][1] == [
        "1",
        f"'{evil}",
        *[f"'{evil}"] * 5,
        "False",
        f"'{evil}",
    ]
    assert written["appendix-2-projects.csv"][1] == [
        *[f"'{evil}"] * 8,
        "'@SUM(1)",
        "'+1",
        "-5",
        "",
        "7.5",
    ]
    assert written["appendix-2-milestones.csv"][1] == [
        f"'{evil}",
        f"'{evil}",
        "2005-01-01",
        "",
        "",
        "'-",
    ]
    assert written["appendix-3-indicators.csv"][1] == [
        *[f"'{evil}"] * 5,
        "-2.5",
        "-3",
        f"'{evil}",
        f"'{evil}",
        f"'{evil}",
        "False",
    ]
