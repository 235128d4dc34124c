"""
Demo data: Harrow's IT capital projects and the HITS improvement plan, 2004 to 2005.

Every fact in sections 1 to 3 of the reference report (the Harrow IT Services
Update Report to the Overview and Scrutiny Committee, 22 November 2005) is here,
in the words of the report where it gives them. The report does not give budgets,
project managers, RAG statuses, milestone dates other than those it names, or the
earlier quarters' updates: those are ILLUSTRATIVE, chosen to be plausible, and
marked "(illustrative)" below.

Updates are recorded on plausible days after each quarter ends; the latest
speak for 4 November 2005, before the report's cut-off.
"""

from datetime import date, datetime
from decimal import Decimal

import pghistory

from harrow_its.calendar import LONDON
from harrow_its.models import Department, Rag, User
from projects.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    ImprovementPlan,
    Milestone,
    MilestoneRevision,
    PlanArea,
    Programme,
    Project,
    ProjectFinance,
    ProjectUpdate,
)

PROGRAMMES = [
    (
        "ICT Strategy action plan",
        "ict-strategy",
        "The action plan of the ICT Strategy first published in October 2003: upgrading the "
        "infrastructure and preparing the platform upon which the Business Transformation "
        "Project will be delivered.",
    ),
    (
        "Infrastructure",
        "infrastructure",
        "Upgrades to the council's network, cabling and connections to its sites.",
    ),
    (
        "e-Government programme",
        "e-government",
        "The projects funded by the capital programme to meet the target of 100% online "
        "service delivery by the end of 2005.",
    ),
    (
        "Business Transformation tactical projects",
        "btp-tactical",
        "Tactical projects progressed in advance of the introduction of the initial "
        "Business Transformation Project (BTP) projects.",
    ),
]

# The periods the demo history covers: (period, status date, day recorded).
Q4_0405 = ("Q4 2004/05", date(2005, 3, 31), date(2005, 4, 8))
Q1_0506 = ("Q1 2005/06", date(2005, 6, 30), date(2005, 7, 8))
Q2_0506 = ("Q2 2005/06", date(2005, 9, 30), date(2005, 10, 7))
Q3_0506 = ("Q3 2005/06", date(2005, 11, 4), date(2005, 11, 4))


def recorded(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)


# Each project: its fields; its updates by period as
# (rag, rag reason, phase, per cent, progress, achievements, next steps);
# its money by period as (budget, spend, forecast); its milestones as
# (name, baseline, [(period, forecast, actual)]).
PROJECTS = [
    {
        "code": "BTP-MVM",
        "name": "Public Realm systems replacement (MVM)",
        "programme": "btp-tactical",
        "department": "urban-living",
        "manager": "Karen Doyle (illustrative)",
        "description": (
            "Replaces the systems used by the Public Realm area with the MVM system, first at "
            "the Depot and related areas in the Civic Centre, then in Planning, Building "
            "Control and Community Safety."
        ),
        "registered_on": date(2004, 11, 1),
        "updates": {
            Q4_0405: (
                Rag.GREEN,
                "",
                "Procurement",
                10,
                "MVM selected and contract awarded (illustrative).",
                "",
                "Configure MVM for the Depot (illustrative).",
            ),
            Q1_0506: (
                Rag.GREEN,
                "",
                "Build",
                35,
                "MVM configured for the Depot; data migration tested (illustrative).",
                "",
                "Go live at the Depot (illustrative).",
            ),
            Q2_0506: (
                Rag.AMBER,
                "Go-live at the Depot moved from September to October to complete data migration (illustrative).",
                "Implementation",
                60,
                "Training of Depot staff under way (illustrative).",
                "",
                "Go live at the Depot and related areas in the Civic Centre.",
            ),
            Q3_0506: (
                Rag.AMBER,
                "Planning, Building Control and Community Safety have decided to implement the system in their areas in January, later than the baseline.",
                "Stage 2: Planning, Building Control and Community Safety",
                70,
                "The systems used by the Public Realm area have now been replaced. The MVM is now in use at the Depot and related areas in the Civic Centre.",
                "The systems used by the Public Realm area have now been replaced. The MVM is now in use at the Depot and related areas in the Civic Centre.",
                "The next stage will move Planning, Building Control and Community Safety into the system. These areas have decided to implement the system in their areas in January.",
            ),
        },
        "money": {
            Q4_0405: ("385000", "40000", "385000"),
            Q1_0506: ("385000", "152500", "385000"),
            Q2_0506: ("385000", "248300", "391000"),
            Q3_0506: ("385000", "301400", "391000"),
        },
        "milestones": [
            (
                "MVM in use at the Depot and related areas in the Civic Centre",
                date(2005, 9, 30),
                [(Q2_0506, date(2005, 10, 17), None), (Q3_0506, None, date(2005, 10, 17))],
            ),
            (
                "Planning, Building Control and Community Safety moved into MVM",
                date(2005, 11, 30),
                [(Q3_0506, date(2006, 1, 31), None)],
            ),
        ],
    },
    {
        "code": "BTP-HOST",
        "name": "HOST roll-out for People First",
        "programme": "btp-tactical",
        "department": "people-first",
        "manager": "Priya Shah (illustrative)",
        "description": (
            "Rolls out the HOST system across People First in phases, department by "
            "department, with most areas on the new system by March 2006."
        ),
        "registered_on": date(2005, 1, 10),
        "updates": {
            Q4_0405: (
                Rag.GREEN,
                "",
                "Initiation",
                5,
                "Project initiated and roll-out phases agreed (illustrative).",
                "",
                "Prepare the first phase (illustrative).",
            ),
            Q1_0506: (
                Rag.GREEN,
                "",
                "Phase 1 build",
                20,
                "First phase build and testing (illustrative).",
                "",
                "User acceptance testing for the first phase (illustrative).",
            ),
            Q2_0506: (
                Rag.GREEN,
                "",
                "Phase 1 testing",
                35,
                "First phase accepted; go-live set for 31 October (illustrative).",
                "",
                "First phase to go 'live' on October 31st.",
            ),
            Q3_0506: (
                Rag.GREEN,
                "",
                "Phased roll-out",
                45,
                "The first phase of the roll out of the HOST project for People First went 'live' on October 31st.",
                "The first phase of the roll out of the HOST project for People First went 'live' on October 31st.",
                "Another department will go 'live' on 21st November (HLDT). Most areas will be implemented on the new system by March 2006.",
            ),
        },
        "money": {
            Q4_0405: ("520000", "15000", "520000"),
            Q1_0506: ("520000", "96000", "520000"),
            Q2_0506: ("520000", "188000", "520000"),
            Q3_0506: ("520000", "236500", "515000"),
        },
        "milestones": [
            ("First phase live", date(2005, 10, 31), [(Q3_0506, None, date(2005, 10, 31))]),
            ("HLDT live", date(2005, 11, 21), [(Q3_0506, date(2005, 11, 21), None)]),
            (
                "Most areas on the new system",
                date(2006, 3, 31),
                [(Q3_0506, date(2006, 3, 31), None)],
            ),
        ],
    },
    {
        "code": "INF-WAN",
        "name": "Remote sites connection upgrade",
        "programme": "infrastructure",
        "department": "business-connections",
        "manager": "Olu Adeyemi",
        "description": "Gives every remote site an upgraded connection to the Civic Centre.",
        "registered_on": date(2004, 10, 4),
        "updates": {
            Q4_0405: (
                Rag.GREEN,
                "",
                "Survey",
                15,
                "Remote sites surveyed and circuits ordered (illustrative).",
                "",
                "Install the first upgraded circuits (illustrative).",
            ),
            Q1_0506: (
                Rag.GREEN,
                "",
                "Installation",
                40,
                "First upgraded connections installed (illustrative).",
                "",
                "Continue installations (illustrative).",
            ),
            Q2_0506: (
                Rag.GREEN,
                "",
                "Installation",
                65,
                "Most remote sites now upgraded (illustrative).",
                "",
                "Complete the remaining sites (illustrative).",
            ),
            Q3_0506: (
                Rag.GREEN,
                "",
                "Completion",
                80,
                "A number of infrastructure projects will be completing within the next few months. All remote sites will have an upgraded connection to the Civic Centre.",
                "",
                "Complete the upgrade of the remaining remote sites.",
            ),
        },
        "money": {
            Q4_0405: ("240000", "36000", "240000"),
            Q1_0506: ("240000", "98000", "240000"),
            Q2_0506: ("240000", "151000", "236000"),
            Q3_0506: ("240000", "187200", "236000"),
        },
        "milestones": [
            ("All remote sites upgraded", date(2005, 12, 31), [(Q3_0506, date(2006, 1, 31), None)]),
        ],
    },
    {
        "code": "INF-CAB",
        "name": "Civic Centre re-cabling",
        "programme": "infrastructure",
        "department": "business-connections",
        "manager": "Olu Adeyemi",
        "description": "Re-cables the Civic Centre, following on from the refurbishment programme.",
        "registered_on": date(2005, 2, 1),
        "updates": {
            Q4_0405: (
                Rag.GREEN,
                "",
                "Design",
                5,
                "Cabling design agreed with the refurbishment programme (illustrative).",
                "",
                "Start on the first refurbished floor (illustrative).",
            ),
            Q1_0506: (
                Rag.GREEN,
                "",
                "Installation",
                20,
                "First refurbished floor re-cabled (illustrative).",
                "",
                "Follow the refurbishment programme floor by floor (illustrative).",
            ),
            Q2_0506: (
                Rag.AMBER,
                "The refurbishment programme has slipped, and re-cabling follows it (illustrative).",
                "Installation",
                35,
                "Re-cabling continues behind the refurbishment (illustrative).",
                "",
                "Re-cable floors as the refurbishment releases them (illustrative).",
            ),
            Q3_0506: (
                Rag.AMBER,
                "The re-cabling follows the refurbishment programme's timetable (illustrative).",
                "Installation",
                45,
                "The re-cabling project is following on from the refurbishment programme.",
                "",
                "Re-cable floors as the refurbishment programme completes them.",
            ),
        },
        "money": {
            Q4_0405: ("310000", "12000", "310000"),
            Q1_0506: ("310000", "70000", "310000"),
            Q2_0506: ("310000", "118000", "322000"),
            Q3_0506: ("310000", "139500", "322000"),
        },
        "milestones": [
            (
                "Refurbished floors re-cabled",
                date(2006, 2, 28),
                [(Q2_0506, date(2006, 3, 31), None), (Q3_0506, date(2006, 3, 31), None)],
            ),
        ],
    },
    {
        "code": "ICT-SAN",
        "name": "Storage Area Network",
        "programme": "ict-strategy",
        "department": "business-connections",
        "manager": "Olu Adeyemi",
        "description": (
            "Implements a Storage Area Network in two phases; phase 2 prepares storage for "
            "the Business Transformation Project."
        ),
        "registered_on": date(2004, 10, 4),
        "updates": {
            Q4_0405: (
                Rag.GREEN,
                "",
                "Procurement",
                10,
                "SAN hardware procured (illustrative).",
                "",
                "Install and configure phase 1 (illustrative).",
            ),
            Q1_0506: (
                Rag.GREEN,
                "",
                "Phase 1 implementation",
                30,
                "SAN installed in the data centre (illustrative).",
                "",
                "Migrate the first servers' storage (illustrative).",
            ),
            Q2_0506: (
                Rag.GREEN,
                "",
                "Phase 1 implementation",
                50,
                "Storage migration under way (illustrative).",
                "",
                "Complete phase 1 (illustrative).",
            ),
            Q3_0506: (
                Rag.GREEN,
                "",
                "Phase 1 completion; phase 2 brought forward",
                60,
                "The first stage of the implementation on the Storage Area Network is nearing completion.",
                "",
                "Phase 2 is being brought forward to accommodate the BTP project.",
            ),
        },
        "money": {
            Q4_0405: ("450000", "120000", "450000"),
            Q1_0506: ("450000", "205000", "450000"),
            Q2_0506: ("450000", "262000", "450000"),
            Q3_0506: ("450000", "284900", "450000"),
        },
        "milestones": [
            ("Phase 1 complete", date(2005, 10, 31), [(Q3_0506, date(2005, 11, 30), None)]),
            ("Phase 2 starts", date(2006, 6, 1), [(Q3_0506, date(2006, 1, 9), None)]),
        ],
    },
    {
        "code": "EGOV-PRG",
        "name": "e-Government programme projects",
        "programme": "e-government",
        "department": "business-connections",
        "manager": "Olu Adeyemi",
        "description": (
            "The projects being implemented as part of the e-Government programme, which give "
            "the facilities for 100% online service delivery by the end of 2005."
        ),
        "registered_on": date(2004, 10, 4),
        "updates": {
            Q4_0405: (
                Rag.GREEN,
                "",
                "Delivery",
                55,
                "Online forms and payments extended to more services (illustrative).",
                "",
                "Continue e-enabling services (illustrative).",
            ),
            Q1_0506: (
                Rag.GREEN,
                "",
                "Delivery",
                65,
                "e-enablement continues across departments (illustrative).",
                "",
                "Continue e-enabling services (illustrative).",
            ),
            Q2_0506: (
                Rag.GREEN,
                "",
                "Delivery",
                80,
                "e-enablement continues across departments (illustrative).",
                "",
                "Spread online payment facilities (illustrative).",
            ),
            Q3_0506: (
                Rag.GREEN,
                "",
                "Delivery",
                87,
                "The projects being implemented as part of the e-Government programme are in progress.",
                "Harrow are on track to meet the target of 100% online service delivery by the end of 2005 as a result of the facilities provided by capital programme funding.",
                "Get on-line payment facilities established in service departments, chiefly Urban Living and People First.",
            ),
        },
        "money": {
            Q4_0405: ("600000", "330000", "600000"),
            Q1_0506: ("600000", "402000", "600000"),
            Q2_0506: ("600000", "471000", "600000"),
            Q3_0506: ("600000", "512300", "598000"),
        },
        "milestones": [
            (
                "100% e-enablement (BVPI 157)",
                date(2005, 12, 31),
                [(Q3_0506, date(2005, 12, 31), None)],
            ),
        ],
    },
    {
        "code": "EGOV-DTV",
        "name": "Digital TV access channel",
        "programme": "e-government",
        "department": "business-connections",
        "manager": "Olu Adeyemi",
        "description": "Makes Digital TV an access channel for Harrow citizens to service information.",
        "registered_on": date(2005, 1, 10),
        "updates": {
            Q4_0405: (
                Rag.GREEN,
                "",
                "Design",
                10,
                "Content and supplier agreed (illustrative).",
                "",
                "Build the Digital TV service (illustrative).",
            ),
            Q1_0506: (
                Rag.GREEN,
                "",
                "Build",
                45,
                "Digital TV pages built (illustrative).",
                "",
                "Test with the broadcaster (illustrative).",
            ),
            Q2_0506: (
                Rag.AMBER,
                "Broadcaster testing took longer than planned (illustrative).",
                "Testing",
                80,
                "Testing with the broadcaster (illustrative).",
                "",
                "Go live in October (illustrative).",
            ),
            Q3_0506: (
                Rag.GREEN,
                "",
                "Live",
                100,
                "Digital TV is now 'live' as an access channel for Harrow citizens, to service information.",
                "Digital TV is now 'live' as an access channel for Harrow citizens, to service information.",
                "",
            ),
        },
        "money": {
            Q4_0405: ("95000", "8000", "95000"),
            Q1_0506: ("95000", "41000", "95000"),
            Q2_0506: ("95000", "77000", "95000"),
            Q3_0506: ("95000", "90100", "93500"),
        },
        "milestones": [
            (
                "Digital TV service live",
                date(2005, 9, 30),
                [(Q2_0506, date(2005, 10, 24), None), (Q3_0506, None, date(2005, 10, 24))],
            ),
        ],
    },
]

PLAN = {
    "name": "Harrow IT Services Improvement Plan",
    "started_on": date(2004, 10, 1),
    "duration_months_min": 18,
    "duration_months_max": 24,
    "first_phase_months_min": 3,
    "first_phase_months_max": 9,
    "summary": "This plan has been revisited in the light of the BTP project.",
}

AREAS = [
    (1, "HITS Structure"),
    (2, "Performance Indicators"),
    (3, "Help Desk"),
    (4, "Services Portfolio Review"),
    (5, "Customer Focus"),
]

# area number, reference, title, owner, due date, added on, [(period, status, note)]
ACTIONS = [
    (
        1,
        "1.1",
        "Restructure Harrow IT Services",
        "Group Manager, ICT",
        date(2006, 3, 31),
        date(2004, 10, 1),
        [
            (
                Q4_0405,
                ActionStatus.IN_PROGRESS,
                "Restructure proposals and Job/Role profiles drafted (illustrative).",
            ),
            (
                Q1_0506,
                ActionStatus.ON_HOLD,
                "Restructure paused while the BTP partnership is agreed (illustrative).",
            ),
            (
                Q3_0506,
                ActionStatus.IN_PROGRESS,
                "The HITS restructuring process has been re-started and a revised structure has been put forward.",
            ),
        ],
    ),
    (
        1,
        "1.2",
        "Progress the MMR process and IPADs",
        "Group Manager, ICT",
        date(2005, 12, 31),
        date(2004, 10, 1),
        [
            (Q2_0506, ActionStatus.IN_PROGRESS, "MMR process begun (illustrative)."),
            (
                Q3_0506,
                ActionStatus.IN_PROGRESS,
                "Progress has been made with the MMR process and IPADs.",
            ),
        ],
    ),
    (
        1,
        "1.3",
        "Job and role profiles",
        "Group Manager, ICT",
        date(2005, 3, 31),
        date(2004, 10, 1),
        [
            (
                Q4_0405,
                ActionStatus.COMPLETE,
                "Job/Role profiles completed for the previous restructure (illustrative).",
            ),
            (
                Q3_0506,
                ActionStatus.COMPLETE,
                "The work already performed on the previous restructure on Job/Role profiles is still valid and will be used.",
            ),
        ],
    ),
    (
        1,
        "1.4",
        "Interim Management to assist the Service Managers",
        "Director of Business Transformation",
        date(2006, 3, 31),
        date(2005, 9, 1),
        [
            (
                Q3_0506,
                ActionStatus.IN_PROGRESS,
                "As part of the Business Transformation Project Capita have committed to improving HITS. Part of this involves the placement of Interim Management to assist the Service Managers.",
            ),
        ],
    ),
    (
        1,
        "1.5",
        "Interim Head of IT",
        "Director of Business Transformation",
        date(2005, 12, 31),
        date(2005, 9, 1),
        [
            (
                Q3_0506,
                ActionStatus.IN_PROGRESS,
                "Capita are providing an Interim Head of IT to provide the day-to-day management of the department and to implement their improvement programme.",
            ),
        ],
    ),
    (
        2,
        "2.1",
        "Monitor HITS against the SLA and Service Plan indicators",
        "Group Manager, ICT",
        date(2005, 3, 31),
        date(2004, 10, 1),
        [
            (
                Q4_0405,
                ActionStatus.COMPLETE,
                "Indicators defined as part of the SLA and the annual Service Plan and reported monthly (illustrative).",
            ),
        ],
    ),
    (
        2,
        "2.2",
        "Adopt the Strategic Partnership's KPIs and CPIs",
        "Director of Business Transformation",
        date(2006, 3, 31),
        date(2005, 9, 1),
        [
            (
                Q3_0506,
                ActionStatus.IN_PROGRESS,
                "The Service Level Agreement for the Strategic Partnership (BTP) identifies a number of Key Performance Indicators and Composite Performance Indicators that will be used to measure and monitor the performance and improvements being achieved.",
            ),
        ],
    ),
    (
        3,
        "3.1",
        "Re-engineer Help Desk call handling (illustrative)",
        "Help Desk Manager (illustrative)",
        date(2005, 9, 30),
        date(2004, 10, 1),
        [
            (
                Q4_0405,
                ActionStatus.IN_PROGRESS,
                "Call logging and first-time fix procedures reviewed (illustrative).",
            ),
            (
                Q2_0506,
                ActionStatus.IN_PROGRESS,
                "New call scripts in use; first-time fix rising (illustrative).",
            ),
        ],
    ),
    (
        4,
        "4.1",
        "Review the services portfolio in the light of BTP (illustrative)",
        "Group Manager, ICT",
        date(2005, 6, 30),
        date(2004, 10, 1),
        [
            (
                Q4_0405,
                ActionStatus.IN_PROGRESS,
                "Catalogue of HITS services drafted (illustrative).",
            ),
            (
                Q1_0506,
                ActionStatus.ON_HOLD,
                "Review to be revisited in the light of the BTP project (illustrative).",
            ),
        ],
    ),
    (
        5,
        "5.1",
        "HITS Tours for customers",
        "Group Manager, ICT",
        date(2006, 3, 31),
        date(2004, 10, 1),
        [
            (
                Q1_0506,
                ActionStatus.IN_PROGRESS,
                "First HITS Tours held for departmental staff (illustrative).",
            ),
            (
                Q3_0506,
                ActionStatus.IN_PROGRESS,
                "The Customer Focus programme is ongoing with the HITS Tours proving a great success. Additional work and effort is still required.",
            ),
        ],
    ),
]


def _recorder(department: Department) -> User:
    """The demo officer records Business Connections' updates; the departments' own
    project managers (illustrative accounts that cannot sign in) record theirs."""
    return department.members.order_by("-is_active", "pk").first()


def load_programmes() -> None:
    for order, (name, slug, description) in enumerate(PROGRAMMES, start=1):
        Programme.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )


def load_projects() -> None:
    for spec in PROJECTS:
        department = Department.objects.get(slug=spec["department"])
        project, _ = Project.objects.update_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "programme": Programme.objects.get(slug=spec["programme"]),
                "department": department,
                "manager": spec["manager"],
                "description": spec["description"],
                "registered_on": spec["registered_on"],
            },
        )
        recorder = _recorder(department)
        for (period, status_date, day), values in spec["updates"].items():
            rag, reason, phase, percent, progress, achievements, next_steps = values
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
                    "achievements": achievements,
                    "next_steps": next_steps,
                    "recorded_by": recorder,
                    "recorded_at": recorded(day),
                },
            )
        for (_, status_date, day), (budget, spend, forecast) in spec["money"].items():
            ProjectFinance.objects.get_or_create(
                project=project,
                effective_on=status_date,
                defaults={
                    "approved_budget": Decimal(budget),
                    "spend_to_date": Decimal(spend),
                    "forecast_outturn": Decimal(forecast),
                    "recorded_by": recorder,
                    "recorded_at": recorded(day, 11),
                },
            )
        for name, baseline, revisions in spec["milestones"]:
            milestone, _ = Milestone.objects.get_or_create(
                project=project,
                name=name,
                defaults={"baseline_date": baseline, "added_on": spec["registered_on"]},
            )
            for (_, status_date, day), forecast, actual in revisions:
                MilestoneRevision.objects.get_or_create(
                    milestone=milestone,
                    effective_on=status_date,
                    defaults={
                        "project": project,
                        "forecast_date": forecast,
                        "actual_date": actual,
                        "recorded_by": recorder,
                        "recorded_at": recorded(day, 12),
                    },
                )


def load_plan() -> None:
    plan, _ = ImprovementPlan.objects.update_or_create(name=PLAN["name"], defaults=PLAN)
    areas = {}
    for number, name in AREAS:
        areas[number], _ = PlanArea.objects.update_or_create(
            plan=plan, number=number, defaults={"name": name}
        )
    hits = Department.objects.get(slug="business-connections")
    recorder = _recorder(hits)
    for area, reference, title, owner, due, added, notes in ACTIONS:
        action, _ = Action.objects.update_or_create(
            area=areas[area],
            reference=reference,
            defaults={
                "title": title,
                "owner": owner,
                "department": hits,
                "due_date": due,
                "added_on": added,
            },
        )
        for (_, status_date, day), status, note in notes:
            ActionUpdate.objects.get_or_create(
                action=action,
                status_date=status_date,
                defaults={
                    "status": status,
                    "note": note,
                    "recorded_by": recorder,
                    "recorded_at": recorded(day, 14),
                },
            )


def load() -> None:
    with pghistory.context(source="loaddemo"):
        load_programmes()
        load_projects()
        load_plan()
