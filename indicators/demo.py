"""
Demo data: Harrow IT Services' performance indicators, April 2004 to October 2005.

The reference report names the indicators' sources (the SLA, the annual Service
Plan, and the Strategic Partnership's Key and Composite Performance Indicators)
but gives no figures, so every indicator, target, result and comment here is
ILLUSTRATIVE: plausible for a London borough's IT service of the time. Results for
a month are entered in the first days of the next; the Strategic Partnership's
indicators begin with the partnership in September 2005.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

from harrow_its.calendar import LONDON, Month, Quarter
from harrow_its.models import Department, User
from indicators.models import Indicator, Measurement, Target, ToleranceRule

APRIL_2004 = Month(2004, 4)
MONTHS = [APRIL_2004]
while MONTHS[-1] < Month(2005, 10):
    MONTHS.append(MONTHS[-1].next())
QUARTERS = [Quarter.parse(f"Q{n} 2004/05") for n in range(1, 5)] + [
    Quarter.parse("Q1 2005/06"),
    Quarter.parse("Q2 2005/06"),
]

# code, title, definition, unit, polarity, frequency, source, key,
# targets {first period: target from then on}, results (oldest first, from the first period)
INDICATORS = [
    (
        "SLA-01",
        "Calls resolved at first contact",
        "Help Desk calls resolved during the first contact, as a percentage of all calls logged.",
        "percentage",
        "higher",
        "monthly",
        "sla",
        True,
        {APRIL_2004: "65", Month(2005, 4): "70"},
        [
            "61.2",
            "62.8",
            "63.5",
            "64.1",
            "62.0",
            "65.3",
            "66.0",
            "66.4",
            "64.9",
            "67.2",
            "68.0",
            "68.5",
            "68.9",
            "69.4",
            "70.2",
            "67.1",
            "69.8",
            "71.0",
            "71.6",
        ],
    ),
    (
        "SLA-02",
        "Incidents resolved within agreed times",
        "Incidents resolved within the time the SLA sets for their priority, as a percentage of incidents resolved.",
        "percentage",
        "higher",
        "monthly",
        "sla",
        True,
        {APRIL_2004: "90", Month(2005, 4): "92"},
        [
            "86.5",
            "87.9",
            "88.4",
            "89.1",
            "85.2",
            "88.7",
            "90.3",
            "90.8",
            "87.6",
            "91.2",
            "91.5",
            "92.0",
            "90.4",
            "91.1",
            "92.6",
            "88.9",
            "91.7",
            "90.9",
            "92.4",
        ],
    ),
    (
        "SLA-03",
        "Availability of core business systems",
        "Hours the core business systems were available in service hours, as a percentage of service hours.",
        "percentage",
        "higher",
        "monthly",
        "sla",
        True,
        {APRIL_2004: "99.5"},
        [
            "99.1",
            "99.6",
            "99.7",
            "99.4",
            "99.8",
            "99.6",
            "99.7",
            "99.2",
            "99.8",
            "99.7",
            "98.9",
            "99.6",
            "99.7",
            "99.8",
            "99.6",
            "99.9",
            "99.7",
            "99.8",
            "99.7",
        ],
    ),
    (
        "SLA-04",
        "Network availability",
        "Hours the corporate network was available in service hours, as a percentage of service hours.",
        "percentage",
        "higher",
        "monthly",
        "sla",
        False,
        {APRIL_2004: "99.8"},
        [
            "99.6",
            "99.7",
            "99.8",
            "99.9",
            "99.4",
            "99.8",
            "99.9",
            "99.7",
            "99.8",
            "99.9",
            "99.9",
            "99.8",
            "99.9",
            "99.9",
            "99.8",
            "99.9",
            "99.9",
            "99.9",
            "99.9",
        ],
    ),
    (
        "SLA-05",
        "Average time to resolve priority 2 incidents",
        "The mean time from logging to resolution of priority 2 incidents, in working hours.",
        "hours",
        "lower",
        "monthly",
        "sla",
        False,
        {APRIL_2004: "8"},
        [
            "9.4",
            "9.1",
            "8.8",
            "8.6",
            "9.9",
            "8.3",
            "8.1",
            "7.9",
            "8.7",
            "7.6",
            "7.4",
            "7.8",
            "7.5",
            "7.2",
            "7.0",
            "8.2",
            "7.1",
            "6.9",
            "6.8",
        ],
    ),
    (
        "SLA-06",
        "Help Desk calls answered within 20 seconds",
        "Telephone calls to the Help Desk answered within 20 seconds, as a percentage of calls received.",
        "percentage",
        "higher",
        "monthly",
        "sla",
        False,
        {APRIL_2004: "80"},
        [
            "71.0",
            "73.5",
            "74.2",
            "76.8",
            "69.9",
            "75.1",
            "77.4",
            "78.9",
            "72.3",
            "79.5",
            "80.6",
            "81.2",
            "80.1",
            "81.9",
            "82.4",
            "76.0",
            "81.3",
            "82.7",
            "83.5",
        ],
    ),
    (
        "SP-01",
        "Customer satisfaction with IT Services",
        "Respondents to the quarterly customer survey satisfied or very satisfied with IT Services.",
        "percentage",
        "higher",
        "quarterly",
        "service_plan",
        True,
        {QUARTERS[0]: "75", QUARTERS[4]: "80"},
        ["68", "71", "73", "76", "77", "79"],
    ),
    (
        "SP-02",
        "IT projects delivered to time",
        "Projects of the IT capital programme whose milestones in the quarter were met on time, as a percentage of those due.",
        "percentage",
        "higher",
        "quarterly",
        "service_plan",
        False,
        {QUARTERS[0]: "80"},
        ["72", "75", "81", "78", "83", "79"],
    ),
    (
        "SP-03",
        "Staff sickness absence",
        "Working days lost to sickness in HITS per full-time equivalent member of staff in the quarter.",
        "number",
        "lower",
        "quarterly",
        "service_plan",
        False,
        {QUARTERS[0]: "2.0"},
        ["2.6", "2.2", "2.4", "1.9", "1.8", "2.1"],
    ),
    (
        "SP-04",
        "Disaster recovery plan tested",
        "Whether the IT disaster recovery plan was tested in full during the year.",
        "yes_no",
        "higher",
        "annual",
        "service_plan",
        False,
        {QUARTERS[0].year: "1"},
        ["1"],
    ),
    (
        "BTP-KPI-01",
        "Service desk first-time fix (Strategic Partnership KPI)",
        "The Strategic Partnership's Key Performance Indicator for calls fixed at first contact.",
        "percentage",
        "higher",
        "monthly",
        "btp_kpi",
        True,
        {Month(2005, 9): "75"},
        ["69.8", "71.6"],
    ),
    (
        "BTP-KPI-02",
        "Severity 1 incidents resolved within 4 hours (Strategic Partnership KPI)",
        "The Strategic Partnership's Key Performance Indicator for the most serious incidents.",
        "percentage",
        "higher",
        "monthly",
        "btp_kpi",
        True,
        {Month(2005, 9): "95"},
        ["91.7", "96.0"],
    ),
    (
        "BTP-CPI-01",
        "ICT service composite index (Strategic Partnership CPI)",
        "The Strategic Partnership's Composite Performance Indicator: a weighted index of ICT service measures, 100 meaning every measure on target.",
        "number",
        "higher",
        "quarterly",
        "btp_cpi",
        True,
        {QUARTERS[5]: "100"},
        ["96"],
    ),
]

COMMENTARY = {
    ("SLA-02", Month(2004, 8)): "Summer leave left the Help Desk short-staffed.",
    (
        "SLA-03",
        Month(2005, 2),
    ): "The e-mail server failed on 14 February; service restored the next morning.",
    ("SLA-01", Month(2005, 7)): "A virus outbreak in July brought many calls that needed a visit.",
    ("SLA-02", Month(2005, 7)): "A virus outbreak in July brought many calls that needed a visit.",
    ("SP-01", QUARTERS[5]): "HITS Tours have improved customers' view of the service.",
    ("BTP-KPI-01", Month(2005, 9)): "The first month of the Strategic Partnership's measures.",
}

# A restatement: September's figure for SLA-02, corrected in October.
RESTATED = (
    "SLA-02",
    Month(2005, 9),
    "90.2",
    date(2005, 10, 12),
    "Calls closed late in the call-logging system were counted again.",
)


def _at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 30, tzinfo=LONDON)


def _periods_from(first, count):
    periods = [first]
    while len(periods) < count:
        periods.append(periods[-1].next())
    return periods


def load() -> None:
    hits = Department.objects.get(slug="business-connections")
    recorder = User.objects.get(username="officer")
    # The council's default tolerance, tightened for 2005/06.
    for effective_from, variance in ((date(2004, 4, 1), 5), (date(2005, 4, 1), 3)):
        ToleranceRule.objects.get_or_create(
            indicator=None,
            effective_from=effective_from,
            defaults={"amber_variance": Decimal(variance), "kind": "percent"},
        )
    for (
        code,
        title,
        definition,
        unit,
        polarity,
        frequency,
        source,
        key,
        targets,
        results,
    ) in INDICATORS:
        indicator, _ = Indicator.objects.update_or_create(
            code=code,
            defaults={
                "title": title,
                "definition": definition,
                "unit": unit,
                "polarity": polarity,
                "frequency": frequency,
                "source": source,
                "is_key": key,
                "owner": "Group Manager, ICT",
                "department": hits,
            },
        )
        first = next(iter(targets))
        periods = _periods_from(first, len(results))
        for period in periods:
            target = [value for start, value in targets.items() if start <= period][-1]
            Target.objects.get_or_create(
                indicator=indicator,
                period_start=period.start,
                defaults={
                    "value": Decimal(target),
                    "recorded_by": recorder,
                    "recorded_at": _at(period.start, 9),
                },
            )
        for period, value in zip(periods, results, strict=True):
            Measurement.objects.get_or_create(
                indicator=indicator,
                period_start=period.start,
                restates=None,
                defaults={
                    "value": Decimal(value),
                    "recorded_by": recorder,
                    "commentary": COMMENTARY.get((code, period), ""),
                    "recorded_at": _at(period.next().start + timedelta(days=6), 10),
                },
            )
    # Network availability is judged more tightly: amber only within 0.3 points.
    ToleranceRule.objects.get_or_create(
        indicator=Indicator.objects.get(code="SLA-04"),
        effective_from=date(2004, 4, 1),
        defaults={"amber_variance": Decimal("0.3"), "kind": "absolute"},
    )
    code, period, value, day, reason = RESTATED
    original = Measurement.objects.get(
        indicator__code=code, period_start=period.start, restates=None
    )
    Measurement.objects.get_or_create(
        indicator=original.indicator,
        period_start=period.start,
        restates=original,
        defaults={
            "value": Decimal(value),
            "restatement_reason": reason,
            "commentary": original.commentary,
            "recorded_by": recorder,
            "recorded_at": _at(day, 11),
        },
    )
