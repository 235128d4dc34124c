"""The demo reproduces sections 1 to 3 of the reference report, with earlier quarters."""

from datetime import date

import pytest

from harrow_its.models import Rag
from projects import selectors
from projects.models import ImprovementPlan, Project

pytestmark = pytest.mark.django_db

# The report's cut-off: its data speaks for the start of November 2005.
CUT_OFF = date(2005, 11, 8)

REPORT_FACTS = [
    "The systems used by the Public Realm area have now been replaced. The MVM is now in use at the Depot and related areas in the Civic Centre.",
    "The next stage will move Planning, Building Control and Community Safety into the system. These areas have decided to implement the system in their areas in January.",
    "The first phase of the roll out of the HOST project for People First went 'live' on October 31st.",
    "Another department will go 'live' on 21st November (HLDT). Most areas will be implemented on the new system by March 2006.",
    "All remote sites will have an upgraded connection to the Civic Centre.",
    "The re-cabling project is following on from the refurbishment programme.",
    "The first stage of the implementation on the Storage Area Network is nearing completion.",
    "Phase 2 is being brought forward to accommodate the BTP project.",
    "The projects being implemented as part of the e-Government programme are in progress.",
    "Harrow are on track to meet the target of 100% online service delivery by the end of 2005 as a result of the facilities provided by capital programme funding.",
    "Digital TV is now 'live' as an access channel for Harrow citizens, to service information.",
]

PLAN_FACTS = [
    "The HITS restructuring process has been re-started and a revised structure has been put forward.",
    "Progress has been made with the MMR process and IPADs.",
    "The work already performed on the previous restructure on Job/Role profiles is still valid and will be used.",
    "The Customer Focus programme is ongoing with the HITS Tours proving a great success. Additional work and effort is still required.",
    "As part of the Business Transformation Project Capita have committed to improving HITS. Part of this involves the placement of Interim Management to assist the Service Managers.",
    "Capita are providing an Interim Head of IT to provide the day-to-day management of the department and to implement their improvement programme.",
]


def test_every_project_fact_of_the_report_is_in_the_status_at_the_cut_off(demo):
    text = []
    for project in Project.objects.all():
        update = selectors.project_status(project=project, as_at=CUT_OFF).update
        text += [update.progress, update.achievements, update.next_steps]
    text = "\n".join(text)
    for fact in REPORT_FACTS:
        assert fact in text


def test_every_plan_fact_of_the_report_is_a_progress_note_at_the_cut_off(demo):
    notes = "\n".join(row.note or "" for row in selectors.action_list(as_at=CUT_OFF))
    for fact in PLAN_FACTS:
        assert fact in notes


def test_the_plan_and_its_five_areas(demo):
    plan = ImprovementPlan.objects.get()
    assert (plan.started_on, plan.duration_months_min, plan.duration_months_max) == (
        date(2004, 10, 1),
        18,
        24,
    )
    assert (plan.first_phase_months_min, plan.first_phase_months_max) == (3, 9)
    assert [area.name for area in plan.areas.all()] == [
        "HITS Structure",
        "Performance Indicators",
        "Help Desk",
        "Services Portfolio Review",
        "Customer Focus",
    ]


def test_the_programmes(demo):
    programmes = {p.programme.name for p in Project.objects.select_related("programme")}
    assert programmes == {
        "Business Transformation tactical projects",
        "Infrastructure",
        "ICT Strategy action plan",
        "e-Government programme",
    }


def test_history_gives_as_at_something_to_show(demo):
    """Earlier quarters differ: the MVM was green at the end of June, amber by November."""
    rags = {
        day: {p.code: p.rag for p in selectors.project_list(as_at=day)}
        for day in (date(2005, 7, 31), CUT_OFF)
    }
    assert rags[date(2005, 7, 31)]["BTP-MVM"] == Rag.GREEN
    assert rags[CUT_OFF]["BTP-MVM"] == Rag.AMBER
    assert rags[date(2005, 7, 31)]["EGOV-DTV"] == Rag.GREEN
    assert len(selectors.project_list(as_at=date(2004, 12, 31))) == 4  # before the 2005 starters


def test_the_host_milestones(demo):
    status = selectors.project_status(project=Project.objects.get(code="BTP-HOST"), as_at=CUT_OFF)
    assert [(m.milestone.name, m.actual_date, m.forecast_date) for m in status.milestones] == [
        ("First phase live", date(2005, 10, 31), None),
        ("HLDT live", None, date(2005, 11, 21)),
        ("Most areas on the new system", None, date(2006, 3, 31)),
    ]
