"""The facts of the reference document (../shared/reference/), as the demo report gives them."""

# Section 2, word for word.
REFERENCE_FACTS = [
    "As part of the ongoing implementation of the ICT Strategy first published in October 2003",
    "The attached progress reports describe the current status of this programme of works.",
    "The MVM is now in use at the Depot and related areas in the Civic Centre.",
    "These areas have decided to implement the system in their areas in January.",
    "went 'live' on October 31st. Another department will go 'live' on 21st November (HLDT).",
    "Most areas will be implemented on the new system by March 2006.",
    "All remote sites will have an upgraded connection to the Civic Centre.",
    "Phase 2 is being brought forward to accommodate the BTP project.",
    "Harrow are on track to meet the target of 100% online service delivery by the end of 2005",
    "Digital TV is now 'live' as an access channel for Harrow citizens, to service information.",
    "In October of last year Harrow IT Services began the process of implementing an 18 – 24 month improvement plan with the first 3-9 months",
    "<li>Services Portfolio Review</li>",
    "Progress has been made with the MMR process and IPADs.",
    "the HITS Tours proving a great success",
    "Capita are providing an Interim Head of IT",
    "Key Performance Indicators and Composite Performance Indicators",
    "The latest report is attached as Appendix 3.",
    "As at 30th October the BVPI 157 score was 87% e-enablement.",
    "Quarter 2 BVPI Current Score - 87%",
    "The main effort is needed in Urban Living and People First",
    "The attached report (appendix 4) shows the current status broken down by department.",
]

# The cover, Section 1 and Section 3, and what the appendices say of the data as at
# 8 November 2005, as they read in the published report.
COVER_AND_APPENDIX_FACTS = [
    "Overview and Scrutiny Committee",
    "22nd November 2005",
    "Harrow IT Services Update Report",
    "Director of Business Transformation",
    "Group Manager, ICT",
    "Finance and Performance Management",
    "Harrow IT Services Improvement Plan",
    "None – the report is for information only.",
    "Part of the regular reporting requirement.",
    "N/a Report for Update only",
    "Implications if recommendations rejected",
    "Section 3: Supporting Information/Background Documents",
    "Appendix 1 – Service Improvement Plan",
    "Appendix 2 – Capital Project Progress Report",
    "Appendix 3 – Performance Indicators",
    "Appendix 4 – BVPI 157 Scores",
    "87% (71 of 82)",
    "Target: 100% by 31 December 2005",
]
