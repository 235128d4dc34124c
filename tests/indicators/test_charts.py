"""The trend chart: accessible SVG that draws the same in a browser and in WeasyPrint."""

import subprocess
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from indicators import selectors
from indicators.charts import trend_chart
from reports.pdf import render

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def chart(indicator, default_rule, record):
    results = {9: ("91", "92"), 10: ("85", "92"), 11: ("93", "92")}  # amber, red, green
    for month, (result, target) in results.items():
        record(indicator, date(2005, month, 1), result=result, target=target)
    record(indicator, date(2005, 12, 1), target="92")  # no result yet
    trend = selectors.indicator_trend(indicator=indicator, as_at=date(2006, 1, 31))
    return str(trend_chart(trend, chart_id="chart-sla-02"))


def test_the_chart_is_a_labelled_image(chart):
    svg = ET.fromstring(chart)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "chart-sla-02-title chart-sla-02-desc"
    assert svg.find(f"{SVG}title").text == (
        "SLA-02 Incidents resolved within agreed times: results against target"
    )
    assert svg.find(f"{SVG}desc").text == (
        "Results and targets from September 2005 to December 2005. Latest result: 93% in "
        "November 2005 against a target of 92%, Green. The table that follows gives every figure."
    )


def test_rag_is_shown_by_shape_not_colour_alone(chart):
    svg = ET.fromstring(chart)
    # One marker a result plus one a legend entry: amber triangle, red square, green circle.
    assert len(svg.findall(f".//{SVG}path[@fill='#b35900']")) == 2
    assert len(svg.findall(f".//{SVG}rect[@fill='#d4351c']")) == 2
    assert len(svg.findall(f".//{SVG}circle[@fill='#00703c']")) == 2
    legend = [t.text for t in svg.iter(f"{SVG}text")][-6:]
    assert legend == ["Result", "Target", "Green", "Amber", "Red", "No RAG"]


def test_the_chart_renders_in_weasyprint(chart, tmp_path):
    pdf = render(
        f"<html lang='en-GB'><head><title>Chart</title></head><body>{chart}</body></html>"
    ).pdf
    (tmp_path / "chart.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "chart.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for label in ("Sep 2005", "Dec 2005", "Result", "Target", "Green", "Amber", "Red", "No RAG"):
        assert label in text
