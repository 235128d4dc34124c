"""
Demo data: the Harrow IT Services Update Report to the Overview and Scrutiny
Committee of 22 November 2005, word for word from the reference document, with its
four appendices drawn from the data as at its cut-off (8 November 2005); an
earlier report of the same series, for September 2005; and a Part II report for
the November meeting. All three are published, as the author would have published
them a week before each meeting. The September report's narrative, the Part II
report, both cut-off days and the days they were published are ILLUSTRATIVE.
"""

from datetime import date, datetime

from harrow_its.calendar import LONDON
from harrow_its.models import User
from reports import publishing
from reports.models import (
    AgendaItem,
    Appendix,
    ClearanceRule,
    Committee,
    Meeting,
    Paragraph,
    Report,
    Section,
)

SERIES = "harrow-it-services-update"

COVER = {
    "subject": "Harrow IT Services Update Report",
    "responsible_officer": "Director of Business Transformation",
    "contact_officer": "Group Manager, ICT",
    "portfolio_holder": "Finance and Performance Management",
    "key_decision": False,
    "enclosures": "Harrow IT Services Improvement Plan",
    "decision_required": "None – the report is for information only.",
    "reason_for_report": "Part of the regular reporting requirement.",
    "benefits": "N/a Report for Update only",
    "cost_of_proposals": "N/a Report for Update only",
    "risks": "N/a Report for Update only",
    "implications_if_rejected": "N/A",
}

# Section 2 of the reference: (number, title, [(paragraph number, heading, body)]).
NOVEMBER_SECTIONS = [
    (
        1,
        "Capital Projects",
        [
            (
                "",
                "",
                "<p>As part of the ongoing implementation of the ICT Strategy first published in October 2003 Harrow It Services are continuing to work on and deliver against the action plan. This primarily covers key areas of upgrading the Infrastructure and preparing the platform upon which the Business Transformation Project will be delivered. In addition there are a number of tactical projects that are being progressed in advance of the introduction of the initial BTP projects.</p>",
            ),
            (
                "",
                "",
                "<p>The attached progress reports describe the current status of this programme of works.</p>",
            ),
        ],
    ),
    (
        2,
        "Key Programme Achievements",
        [
            (
                "2.1",
                "",
                "<p>The systems used by the Public Realm area have now been replaced. The MVM is now in use at the Depot and related areas in the Civic Centre. The next stage will move Planning, Building Control and Community Safety into the system. These areas have decided to implement the system in their areas in January.</p>",
            ),
            (
                "2.2",
                "",
                "<p>The first phase of the roll out of the HOST project for People First went 'live' on October 31st. Another department will go 'live' on 21st November (HLDT). Most areas will be implemented on the new system by March 2006.</p>",
            ),
            (
                "2.3",
                "",
                "<p>A number of infrastructure projects will be completing within the next few months. All remote sites will have an upgraded connection to the Civic Centre. The re-cabling project is following on from the refurbishment programme.</p>",
            ),
            (
                "2.4",
                "",
                "<p>The first stage of the implementation on the Storage Area Network is nearing completion. Phase 2 is being brought forward to accommodate the BTP project.</p>",
            ),
            (
                "2.5",
                "",
                "<p>The projects being implemented as part of the e-Government programme are in progress. Harrow are on track to meet the target of 100% online service delivery by the end of 2005 as a result of the facilities provided by capital programme funding.</p>",
            ),
            (
                "2.6",
                "",
                "<p>Digital TV is now 'live' as an access channel for Harrow citizens, to service information.</p>",
            ),
        ],
    ),
    (
        3,
        "IT Improvement Plan",
        [
            (
                "",
                "",
                "<p>In October of last year Harrow IT Services began the process of implementing an 18 – 24 month improvement plan with the first 3-9 months focusing on the following areas. This plan has been revisited in the light of the BTP project. The plan is attached in the appendices. The plan addresses:</p><ul><li>HITS Structure</li><li>Performance Indicators</li><li>Help Desk</li><li>Services Portfolio Review</li><li>Customer Focus</li></ul>",
            ),
            (
                "3.1",
                "HITS Structure",
                "<p>The HITS restructuring process has been re-started and a revised structure has been put forward. Progress has been made with the MMR process and IPADs.</p><p>The work already performed on the previous restructure on Job/Role profiles is still valid and will be used.</p>",
            ),
            (
                "3.2",
                "Customer Focus",
                "<p>The Customer Focus programme is ongoing with the HITS Tours proving a great success. Additional work and effort is still required.</p>",
            ),
            (
                "3.3",
                "Overall Improvement Programme",
                "<p>As part of the Business Transformation Project Capita have committed to improving HITS. Part of this involves the placement of Interim Management to assist the Service Managers. In addition Capita are providing an Interim Head of IT to provide the day-to-day management of the department and to implement their improvement programme.</p><p>The Service Level Agreement for the Strategic Partnership (BTP) identifies a number of Key Performance Indicators and Composite Performance Indicators that will be used to measure and monitor the performance an improvements being achieved.</p>",
            ),
        ],
    ),
    (
        4,
        "Performance Indicators",
        [
            (
                "",
                "",
                "<p>HITS continues to monitor its activities against a set of Performance Indicators that have been defined as part of the SLA and the annual Service Plan. These are used not only to monitor performance but also to measure and monitor continuous improvement. They also highlight areas that need to be monitored more closely and have the processes and procedures re-engineered.</p>",
            ),
            ("", "", "<p>The latest report is attached as Appendix 3.</p>"),
        ],
    ),
    (
        5,
        "BVPI 157 – E- Government",
        [
            (
                "",
                "",
                "<p>Best Value Performance Indicator 157 is a measure of the number of types of interactions between the citizen and the council that are enabled for electronic service delivery as a percentage of those that are capable of electronic delivery. As at 30th October the BVPI 157 score was {bvpi157.council@2005-10-30} e-enablement. This is in line with the councils overall e-government target of 100% e-enablement by end of December 2005.</p>",
            ),
            ("", "", "<p>Quarter 2 BVPI Current Score - {bvpi157.council@2005-09-30}</p>"),
            (
                "",
                "",
                "<p>We are progressing towards meeting the e-government BVPI157 target (100%).</p>",
            ),
            (
                "",
                "",
                "<p>The areas we are now concentrating on are getting on-line payment facilities established in service departments. These facilities are available and in use, but need to be spread wider. The main effort is needed in Urban Living and People First, which will be addressed over the next few weeks.</p>",
            ),
            (
                "",
                "",
                "<p>The attached report (appendix 4) shows the current status broken down by department.</p>",
            ),
        ],
    ),
]

SEPTEMBER_SECTIONS = [
    (
        1,
        "Capital Projects",
        [
            (
                "",
                "",
                "<p>The capital programme continues to deliver the action plan of the ICT Strategy. The attached progress reports describe the current status of this programme of works (illustrative).</p>",
            ),
        ],
    ),
    (
        2,
        "BVPI 157 – E- Government",
        [
            (
                "",
                "",
                "<p>As at the end of August the BVPI 157 score was {bvpi157.council} e-enablement (illustrative).</p>",
            ),
        ],
    ),
]

APPENDICES = [
    (1, "Service Improvement Plan", Appendix.Kind.IMPROVEMENT_PLAN),
    (2, "Capital Project Progress Report", Appendix.Kind.CAPITAL_PROJECTS),
    (3, "Performance Indicators", Appendix.Kind.PERFORMANCE_INDICATORS),
    (4, "BVPI 157 Scores", Appendix.Kind.BVPI_157),
]
# The November report also shows what changed since September's (not in the reference:
# the portal builds it from the data).
NOVEMBER_APPENDICES = [
    *APPENDICES,
    (5, "Changes since the last committee", Appendix.Kind.CHANGES),
]

PART_II = {
    "subject": "HITS Restructure: Staffing Implications (illustrative)",
    "responsible_officer": "Director of Business Transformation",
    "contact_officer": "Group Manager, ICT",
    "portfolio_holder": "Finance and Performance Management",
    "key_decision": False,
    "enclosures": "",
    "decision_required": "None – the report is for information only.",
    "reason_for_report": "Members asked for the staffing implications of the revised HITS structure.",
    "benefits": "N/a Report for Update only",
    "cost_of_proposals": "Set out in the report (exempt).",
    "risks": "Set out in the report (exempt).",
    "implications_if_rejected": "N/A",
    "exempt": True,
    "exempt_paragraph": "1",
}
PART_II_SECTIONS = [
    (
        1,
        "Posts affected",
        [
            (
                "1.1",
                "",
                "<p>The revised structure affects posts in the Help Desk and Infrastructure teams. The individual posts and the people in them are named in the confidential annex (illustrative).</p>",
            ),
        ],
    ),
]


# The agendas of the two meetings (ILLUSTRATIVE, in the usual form of the time):
# (number, title, series of its report or "", exempt).
AGENDA = [
    (1, "Attendance by Reserve Members", "", False),
    (2, "Declarations of Interest", "", False),
    (3, "Minutes of the previous meeting", "", False),
    (4, "Public Questions", "", False),
    (5, "Harrow IT Services Update Report", SERIES, False),
    (6, "Any Other Business", "", False),
    (7, "Exclusion of the Press and Public", "", False),
]
NOVEMBER_PART_II = [
    (
        8,
        "HITS Restructure: Staffing Implications (illustrative)",
        "hits-restructure-staffing",
        True,
    ),
]


# Who clears the committee's reports before they are published (ILLUSTRATIVE): each
# asked again after any change to the draft. The published reports above predate it.
CLEARANCE_RULES = [(1, "Finance", "finance"), (2, "Legal", "legal")]


def _agenda(meeting, items):
    for number, title, series, exempt in items:
        AgendaItem.objects.get_or_create(
            meeting=meeting,
            number=number,
            defaults={
                "title": title,
                "series": series,
                "exempt": exempt,
                # An exempt item is exempt under its report's paragraph.
                "exempt_paragraph": PART_II["exempt_paragraph"] if exempt else "",
            },
        )


def _report(meeting, series, *, cover, cut_off, sections, appendices, published_at):
    report, created = Report.objects.get_or_create(
        meeting=meeting, series=series, supersedes=None, defaults={**cover, "cut_off": cut_off}
    )
    if not created:
        return report
    for number, title, paragraphs in sections:
        section = Section.objects.create(report=report, number=number, title=title)
        for order, (paragraph_number, heading, body) in enumerate(paragraphs, start=1):
            Paragraph.objects.create(
                section=section, order=order, number=paragraph_number, heading=heading, body=body
            )
    for number, title, kind in appendices:
        Appendix.objects.create(report=report, number=number, title=title, kind=kind)
    publishing.publish(
        report=report,
        version=report.version,
        by=User.objects.get(username="author"),
        at=datetime.combine(published_at, datetime.min.time().replace(hour=10), LONDON),
    )
    return report


def load() -> None:
    committee, _ = Committee.objects.get_or_create(
        slug="overview-and-scrutiny", defaults={"name": "Overview and Scrutiny Committee"}
    )
    september, _ = Meeting.objects.get_or_create(committee=committee, date=date(2005, 9, 13))
    november, _ = Meeting.objects.get_or_create(committee=committee, date=date(2005, 11, 22))
    _report(
        september,
        SERIES,
        cover=COVER,
        cut_off=date(2005, 9, 2),
        sections=SEPTEMBER_SECTIONS,
        appendices=APPENDICES,
        published_at=date(2005, 9, 5),
    )
    _report(
        november,
        SERIES,
        cover=COVER,
        cut_off=date(2005, 11, 8),
        sections=NOVEMBER_SECTIONS,
        appendices=NOVEMBER_APPENDICES,
        published_at=date(2005, 11, 14),
    )
    _report(
        november,
        "hits-restructure-staffing",
        cover=PART_II,
        cut_off=date(2005, 11, 8),
        sections=PART_II_SECTIONS,
        appendices=[],
        published_at=date(2005, 11, 14),
    )
    for order, title, clearer in CLEARANCE_RULES:
        ClearanceRule.objects.get_or_create(
            committee=committee,
            title=title,
            defaults={"order": order, "clearer": User.objects.get(username=clearer)},
        )
    _agenda(september, AGENDA[:6])
    _agenda(november, AGENDA + NOVEMBER_PART_II)
