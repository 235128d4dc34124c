"""
Open data: a published Part I report's appendices as CSV tables, made from its
stored public data (the JSON published with it), so they never change either and
never hold anything exempt.

Each table has stable identifiers: project codes (ICT-SAN), indicator codes
(SLA-01), improvement action references (1.1) and BVPI 157 interaction type
numbers (1 to 10). Money is in pounds, dates are ISO 8601 (2005-11-08).
"""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from harrow_its.tabular import write_csv
from reports.models import Appendix


@dataclass(frozen=True)
class Table:
    name: str  # in the file name: appendix-2-projects.csv
    title: str
    columns: tuple[str, ...]
    rows: Callable[[dict], Iterable[list]]  # from the appendix's content in the JSON


def _number(text: str | None) -> Decimal | None:
    """A figure the JSON holds as text ("-2.5"), as the number it is: a CSV file puts
    ' before text beginning "-" (see harrow_its/tabular.py), never before a number."""
    return None if text is None else Decimal(text)


def _actions(plan):
    for area in plan["areas"]:
        for a in area["actions"]:
            yield [
                area["number"],
                area["name"],
                a["reference"],
                a["title"],
                a["owner"],
                a["due"],
                a["status"],
                a["overdue"],
                a["note"],
            ]


def _projects(appendix):
    for p in appendix["projects"]:
        yield [
            p["code"],
            p["name"],
            p["programme"],
            p["department"],
            p["manager"],
            p["rag"],
            p["rag_reason"],
            p["period"],
            p["phase"],
            p["progress"],
            _number(p["budget"]),
            _number(p["spend"]),
            _number(p["forecast"]),
        ]


def _milestones(appendix):
    for p in appendix["projects"]:
        for m in p["milestones"]:
            yield [p["code"], m["name"], m["baseline"], m["forecast"], m["actual"], m["slippage"]]


def _indicators(appendix):
    for i in appendix["indicators"]:
        yield [
            i["code"],
            i["title"],
            i["source"],
            i["period"],
            i["unit"],
            _number(i["target_value"]),
            _number(i["result_value"]),
            i["rag"],
            i["direction"],
            i["commentary"],
            i["restated"],
        ]


def _departments(appendix):
    for name, score in appendix["departments"]:
        yield [name, score["enabled"], score["permissible"], score["percent"]]
    council = appendix["council"]
    yield ["Council", council["enabled"], council["permissible"], council["percent"]]


def _quarters(appendix):
    for label, day, score in appendix["quarters"]:
        yield [label, day, score["enabled"], score["permissible"], score["percent"]]


def _remaining(appendix):
    for number, name, services in appendix["remaining"]:
        for service in services:
            yield [number, name, service]


TABLES = {
    Appendix.Kind.IMPROVEMENT_PLAN: (
        Table(
            "actions",
            "Improvement actions",
            (
                "area_number",
                "area",
                "reference",
                "action",
                "owner",
                "due",
                "status",
                "overdue",
                "note",
            ),
            _actions,
        ),
    ),
    Appendix.Kind.CAPITAL_PROJECTS: (
        Table(
            "projects",
            "Capital projects",
            (
                "project_code",
                "name",
                "programme",
                "department",
                "manager",
                "rag",
                "rag_reason",
                "period",
                "phase",
                "progress",
                "budget_pounds",
                "spend_to_date_pounds",
                "forecast_outturn_pounds",
            ),
            _projects,
        ),
        Table(
            "milestones",
            "Milestones",
            ("project_code", "milestone", "baseline", "forecast", "actual", "slippage"),
            _milestones,
        ),
    ),
    Appendix.Kind.PERFORMANCE_INDICATORS: (
        Table(
            "indicators",
            "Performance indicators",
            (
                "indicator_code",
                "title",
                "source",
                "period",
                "unit",
                "target",
                "result",
                "rag",
                "direction",
                "commentary",
                "restated",
            ),
            _indicators,
        ),
    ),
    Appendix.Kind.BVPI_157: (
        Table(
            "departments",
            "BVPI 157 by department",
            ("department", "enabled", "permissible", "percent"),
            _departments,
        ),
        Table(
            "quarters",
            "BVPI 157 by quarter",
            ("quarter", "as_at", "enabled", "permissible", "percent"),
            _quarters,
        ),
        Table(
            "still-to-e-enable",
            "Interactions still to e-enable",
            ("interaction_type_number", "interaction_type", "service"),
            _remaining,
        ),
    ),
}


@dataclass(frozen=True)
class OpenTable:
    appendix: int
    appendix_title: str
    table: Table

    @property
    def filename(self) -> str:
        return f"appendix-{self.appendix}-{self.table.name}.csv"


def tables(data: bytes) -> list[OpenTable]:
    """The tables a report's stored public data offers (none from an exempt appendix)."""
    report = json.loads(data)
    return [
        OpenTable(appendix["number"], appendix["title"], table)
        for appendix in report["appendices"]
        if appendix["content"] is not None and not appendix["exempt"]
        for table in TABLES.get(appendix["kind"], ())
    ]


def table_csv(data: bytes, filename: str) -> bytes | None:
    """One table as CSV, by its file name; None if the report has no such table."""
    report = json.loads(data)
    for open_table in tables(data):
        if open_table.filename == filename:
            content = next(a for a in report["appendices"] if a["number"] == open_table.appendix)
            rows = open_table.table.rows(content["content"])
            return write_csv(list(open_table.table.columns), list(rows))
    return None
