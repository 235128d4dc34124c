"""
Demo data for a second, fictional council: `loaddemo --council example`.

Example Borough Council's Digital Services report to its Resources Scrutiny Panel:
its own site settings (names, footer, logo, a green header), three departments, the
demo accounts (the same usernames and password as Harrow's demo: the two are never
in one database), three capital projects and three performance indicators for April
to September 2005, and one published report, with two appendices only (the Capital
Project Progress Report and the Performance Indicators: no improvement plan, no
BVPI 157). Everything here is ILLUSTRATIVE: the council, its people, projects,
figures and text are made up. It shows that nothing but the data names Harrow.

It loads instead of Harrow's demo, into a database without it (loaddemo refuses to
mix them). Idempotent: a second run changes nothing.
"""

from datetime import date, datetime, time
from decimal import Decimal

import pghistory

from harrow_its import demo
from harrow_its.calendar import LONDON, Month
from harrow_its.demo import load_site_settings
from harrow_its.models import Department, Role, User
from indicators.models import Indicator, Measurement, Target, ToleranceRule
from projects.models import (
    Milestone,
    MilestoneRevision,
    Programme,
    Project,
    ProjectFinance,
    ProjectUpdate,
)
from reports import publishing
from reports.models import Appendix, Committee, Meeting, Paragraph, Report, Section

SITE_SETTINGS = {
    "council_name": "Example Borough Council",
    "service_name": "Digital Services Reporting",
    "reporting_team": "Example Digital Services",
    "committee_name": "Resources Scrutiny Panel",
    "footer_text": (
        "Digital Services Reporting: the digital programme and the performance indicators "
        "behind the reports to the Resources Scrutiny Panel. An illustrative council."
    ),
    "logo": "images/logo-example-borough-council.svg",
    "header_colour": "#1e5945",  # white text on it: 8.17:1
}

DEPARTMENTS = [
    ("Resources", "resources"),
    ("Place", "place"),
    ("People", "people"),
]

# username, first name, last name, role, departments (by slug), superuser
ACCOUNTS = [
    ("officer", "Nadia", "Rahman", Role.OFFICER, ["resources", "place"], False),
    ("author", "Tom", "Whitfield", Role.AUTHOR, [], False),
    ("member", "Councillor Joan", "Price", Role.MEMBER, [], False),
    ("admin", "Chris", "Lowe", None, [], True),
]

PROGRAMME = (
    "Digital Strategy 2005 to 2008",
    "digital-strategy",
    "The council's digital strategy: online services, the customer contact centre and "
    "the network that carries them (illustrative).",
)

Q1 = ("Q1 2005/06", date(2005, 6, 30), date(2005, 7, 8))
Q2 = ("Q2 2005/06", date(2005, 9, 30), date(2005, 10, 5))

# code, name, department, manager, description, registered on,
# {period: (rag, reason, phase, per cent, progress)}, {period: (budget, spend, forecast)},
# (milestone, baseline, forecast at Q2, actual at Q2)
PROJECTS = [
    (
        "EX-WEB",
        "Council website rebuild",
        "resources",
        "Nadia Rahman",
        "A new council website, written around the tasks residents come to do.",
        date(2005, 4, 1),
        {
            Q1: ("green", "", "Design", 20, "Tasks researched with residents; designs tested."),
            Q2: ("green", "", "Build", 55, "Forty of the sixty most used tasks are online."),
        },
        {Q1: ("250000", "40000", "250000"), Q2: ("250000", "120000", "245000")},
        ("New website live", date(2006, 1, 16), date(2006, 1, 16), None),
    ),
    (
        "EX-CRM",
        "Customer contact centre system",
        "resources",
        "Owen Marsh",
        "One system for the contact centre's calls, e-mails and visits.",
        date(2005, 4, 1),
        {
            Q1: ("green", "", "Procurement", 10, "Tenders received from four suppliers."),
            Q2: (
                "amber",
                "The supplier's data migration is three weeks late.",
                "Implementation",
                35,
                "Supplier appointed; the first services are being configured.",
            ),
        },
        {Q1: ("400000", "15000", "400000"), Q2: ("400000", "95000", "430000")},
        ("First services on the new system", date(2005, 12, 5), date(2005, 12, 19), None),
    ),
    (
        "EX-NET",
        "Network refresh at the depots",
        "place",
        "Priti Desai",
        "Faster, resilient connections from the two depots to the Town Hall.",
        date(2005, 5, 3),
        {
            Q1: ("green", "", "Survey", 15, "Both depots surveyed."),
            Q2: ("green", "", "Installation", 90, "North depot connected; South depot next."),
        },
        {Q1: ("90000", "10000", "90000"), Q2: ("90000", "78000", "88000")},
        ("Both depots connected", date(2005, 10, 31), date(2005, 10, 24), None),
    ),
]

MONTHS = [Month(2005, 4)]
while len(MONTHS) < 6:
    MONTHS.append(MONTHS[-1].next())

# code, title, definition, unit, polarity, source, key, target, results April to September
INDICATORS = [
    (
        "DS-01",
        "Website availability",
        "The share of the month the council website was available.",
        "percentage",
        "higher",
        "service_plan",
        True,
        "99.5",
        ["99.7", "99.6", "99.2", "99.8", "99.9", "99.4"],
    ),
    (
        "DS-02",
        "Calls answered within 20 seconds",
        "Contact centre calls answered within 20 seconds, as a percentage of all calls.",
        "percentage",
        "higher",
        "sla",
        True,
        "80",
        ["76", "78", "81", "83", "79", "84"],
    ),
    (
        "DS-03",
        "Average days to resolve an incident",
        "The mean number of working days from an IT incident's logging to its resolution.",
        "number",
        "lower",
        "sla",
        False,
        "3",
        ["3.4", "3.1", "2.9", "2.8", "3.2", "2.7"],
    ),
]

COMMITTEE = ("Resources Scrutiny Panel", "resources-scrutiny-panel")
SERIES = "digital-services-update"
MEETING = date(2005, 10, 18)
CUT_OFF = date(2005, 10, 7)
PUBLISHED = datetime.combine(date(2005, 10, 10), time(10), LONDON)

COVER = {
    "subject": "Digital Services Progress Report",
    "responsible_officer": "Director of Resources",
    "contact_officer": "Head of Digital Services",
    "portfolio_holder": "Resources and Transformation",
    "key_decision": False,
    "enclosures": "",
    "decision_required": "None – the report is for information only.",
    "reason_for_report": "The Panel's regular review of the digital programme.",
    "benefits": "Not applicable: a report for information.",
    "cost_of_proposals": "None beyond the approved capital programme.",
    "risks": "Set out for each project in Appendix 1.",
    "implications_if_rejected": "Not applicable.",
}

# (number, title, [(paragraph number, heading, body)])
SECTIONS = [
    (
        1,
        "The digital programme",
        [
            (
                "1.1",
                "",
                "<p>Example Borough Council has three digital capital projects under way "
                "(illustrative). The network refresh "
                "is almost complete; the website rebuild is on time and within budget.</p>",
            ),
            (
                "1.2",
                "",
                "<p>The customer contact centre system is amber: the supplier's data migration "
                "is three weeks late, and the forecast outturn is £30,000 over budget. "
                "Appendix 1 gives every project's status.</p>",
            ),
        ],
    ),
    (
        2,
        "Performance",
        [
            (
                "2.1",
                "",
                "<p>Appendix 2 shows the service's indicators as at the cut-off. Calls "
                "answered within 20 seconds met their target in four of the last five "
                "months.</p>",
            ),
        ],
    ),
]

APPENDICES = [
    (1, "Capital Project Progress Report", Appendix.Kind.CAPITAL_PROJECTS),
    (2, "Performance Indicators", Appendix.Kind.PERFORMANCE_INDICATORS),
]


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), LONDON)


def load_accounts() -> None:
    demo.load_departments(DEPARTMENTS)
    demo.load_accounts(ACCOUNTS, domain="council.example")


def load_projects(recorder: User) -> None:
    name, slug, description = PROGRAMME
    programme, _ = Programme.objects.update_or_create(
        slug=slug, defaults={"name": name, "description": description, "order": 1}
    )
    for code, title, department, manager, about, registered, updates, money, milestone in PROJECTS:
        project, _ = Project.objects.update_or_create(
            code=code,
            defaults={
                "name": title,
                "programme": programme,
                "department": Department.objects.get(slug=department),
                "manager": f"{manager} (illustrative)",
                "description": about,
                "registered_on": registered,
            },
        )
        for (period, status_date, day), (rag, reason, phase, percent, progress) in updates.items():
            ProjectUpdate.objects.get_or_create(
                project=project,
                status_date=status_date,
                corrects=None,
                defaults={
                    "period": period,
                    "rag": rag,
                    "rag_reason": reason,
                    "phase": phase,
                    "percent_complete": percent,
                    "progress": progress,
                    "recorded_by": recorder,
                    "recorded_at": _at(day, 10),
                },
            )
        for (_, status_date, day), (budget, spend, forecast) in money.items():
            ProjectFinance.objects.get_or_create(
                project=project,
                effective_on=status_date,
                defaults={
                    "approved_budget": Decimal(budget),
                    "spend_to_date": Decimal(spend),
                    "forecast_outturn": Decimal(forecast),
                    "recorded_by": recorder,
                    "recorded_at": _at(day, 11),
                },
            )
        name, baseline, forecast, actual = milestone
        row, _ = Milestone.objects.get_or_create(
            project=project, name=name, defaults={"baseline_date": baseline, "added_on": registered}
        )
        _, status_date, day = Q2
        MilestoneRevision.objects.get_or_create(
            milestone=row,
            effective_on=status_date,
            defaults={
                "project": project,
                "forecast_date": forecast,
                "actual_date": actual,
                "recorded_by": recorder,
                "recorded_at": _at(day, 12),
            },
        )


def load_indicators(recorder: User) -> None:
    ToleranceRule.objects.get_or_create(
        indicator=None,
        effective_from=date(2005, 4, 1),
        defaults={"amber_variance": Decimal(5), "kind": "percent"},
    )
    resources = Department.objects.get(slug="resources")
    for code, title, definition, unit, polarity, source, key, target, results in INDICATORS:
        indicator, _ = Indicator.objects.update_or_create(
            code=code,
            defaults={
                "title": title,
                "definition": definition,
                "unit": unit,
                "polarity": polarity,
                "frequency": "monthly",
                "source": source,
                "is_key": key,
                "owner": "Head of Digital Services",
                "department": resources,
            },
        )
        for month, value in zip(MONTHS, results, strict=True):
            Target.objects.get_or_create(
                indicator=indicator,
                period_start=month.start,
                defaults={
                    "value": Decimal(target),
                    "recorded_by": recorder,
                    "recorded_at": _at(month.start, 9),
                },
            )
            Measurement.objects.get_or_create(
                indicator=indicator,
                period_start=month.start,
                restates=None,
                defaults={
                    "value": Decimal(value),
                    "recorded_by": recorder,
                    "recorded_at": _at(month.next().start.replace(day=5), 10),
                },
            )


def load_report() -> None:
    name, slug = COMMITTEE
    committee, _ = Committee.objects.get_or_create(slug=slug, defaults={"name": name})
    meeting, _ = Meeting.objects.get_or_create(
        committee=committee,
        date=MEETING,
        defaults={"time": time(18, 30), "venue": "Committee Room 2, Town Hall"},
    )
    report, created = Report.objects.get_or_create(
        meeting=meeting, series=SERIES, supersedes=None, defaults={**COVER, "cut_off": CUT_OFF}
    )
    if not created:
        return
    for number, title, paragraphs in SECTIONS:
        section = Section.objects.create(report=report, number=number, title=title)
        for order, (paragraph_number, heading, body) in enumerate(paragraphs, start=1):
            Paragraph.objects.create(
                section=section, order=order, number=paragraph_number, heading=heading, body=body
            )
    for number, title, kind in APPENDICES:
        Appendix.objects.create(report=report, number=number, title=title, kind=kind)
    publishing.publish(
        report=report,
        version=report.version,
        by=User.objects.get(username="author"),
        at=PUBLISHED,
    )


def is_loaded() -> bool:
    return Report.objects.filter(series=SERIES).exists()


def load() -> None:
    """The whole example council, its settings first: its report's PDF names it."""
    with pghistory.context(source="loaddemo", council="example"):
        load_site_settings(SITE_SETTINGS)
        load_accounts()
        recorder = User.objects.get(username="officer")
        load_projects(recorder)
        load_indicators(recorder)
        load_report()
