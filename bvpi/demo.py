"""
Demo data: Harrow's BVPI 157 inventory, 2004 to 2005.

The reference report gives the facts this reproduces: a council-wide score of 87%
as at 30 October 2005 (the Quarter 2 return), working towards 100% by the end of
December 2005; the main gaps in online payment facilities; Urban Living and
People First furthest behind. The services, their interactions and the dates
they were e-enabled are ILLUSTRATIVE, plausible for a London borough of 2005,
and chosen so the inventory itself gives those figures: nobody types the score.
"""

from datetime import date, datetime, time

from bvpi.models import InteractionType, InventoryEntry, Service
from harrow_its.calendar import LONDON
from harrow_its.models import Department, User

# When each stage of e-enablement went live (illustrative).
STAGES = {
    "A": date(2004, 3, 31),
    "B": date(2004, 8, 16),
    "C": date(2004, 11, 15),
    "D": date(2005, 2, 14),
    "E": date(2005, 5, 16),
    "F": date(2005, 8, 15),
    # After the report: the online payment facilities it promised.
    "G": date(2005, 11, 28),
    "H": date(2005, 12, 12),
}

# department, service, {interaction type: stage letter, "-" (not yet enabled),
# or ("legal" | "operational", justification)}. Types not listed do not apply.
SERVICES = [
    ("business-connections", "Council Tax", {1: "A", 2: "A", 6: "B"}),
    ("business-connections", "Business Rates", {1: "A", 2: "B", 6: "C"}),
    ("business-connections", "Housing Benefit and Council Tax Benefit", {1: "A", 3: "D", 6: "C"}),
    ("business-connections", "Electoral Registration", {1: "A", 5: "E", 6: "A"}),
    (
        "business-connections",
        "Registration of Births, Deaths and Marriages",
        {
            1: "A",
            7: "D",
            8: "E",
            5: (
                "legal",
                "The Births and Deaths Registration Act 1953 requires the informant to attend in person.",
            ),
        },
    ),
    ("business-connections", "Corporate Procurement", {1: "A", 10: "C"}),
    ("business-connections", "Access Harrow (customer contact)", {1: "A", 9: "F"}),
    ("chief-executives", "Consultation and Communications", {1: "A", 4: "A", 9: "B"}),
    ("chief-executives", "Committee and Member Services", {1: "A", 4: "C"}),
    ("chief-executives", "Complaints and Compliments", {1: "A", 6: "A"}),
    ("organisational-development", "Recruitment", {1: "A", 6: "A"}),
    ("organisational-development", "Learning and Development", {1: "A", 7: "D"}),
    (
        "people-first",
        "Adult Social Care",
        {
            1: "A",
            6: "-",
            8: "-",
            3: ("operational", "Direct payments need a financial assessment at a home visit."),
        },
    ),
    ("people-first", "School Admissions", {1: "A", 6: "B"}),
    ("people-first", "Libraries", {1: "A", 7: "E", 8: "G", 9: "A"}),
    ("people-first", "Adult and Community Learning", {1: "A", 7: "C", 8: "H"}),
    ("people-first", "Housing Needs", {1: "A", 3: "F", 6: "D"}),
    ("people-first", "Youth Service", {1: "A", 7: "E", 9: "F"}),
    ("urban-living", "Planning", {1: "A", 4: "B", 5: "D", 8: "G"}),
    ("urban-living", "Building Control", {1: "A", 5: "E", 8: "G"}),
    ("urban-living", "Licensing", {1: "A", 5: "F", 8: "H"}),
    ("urban-living", "Parking", {1: "A", 2: "C", 5: "E", 6: "B", 8: "G"}),
    ("urban-living", "Waste and Recycling", {1: "A", 6: "B", 8: "H"}),
    ("urban-living", "Environmental Health", {1: "A", 5: "F", 6: "D", 8: "H"}),
    ("urban-living", "Highways", {1: "A", 4: "A", 6: "C"}),
    ("urban-living", "Leisure and Sports", {1: "A", 7: "A", 8: "-"}),
    ("urban-living", "Community Safety", {1: "A", 4: "A", 9: "A"}),
    ("urban-living", "Trading Standards", {1: "A", 5: "B", 9: "A"}),
]

CHANNELS = {1: "web", 2: "web", 4: "web", 9: "email"}
SERVICES_FROM = date(2004, 1, 5)


def load() -> None:
    recorder = User.objects.get(username="officer")
    types = {t.number: t for t in InteractionType.objects.all()}
    for slug, name, cells in SERVICES:
        service, _ = Service.objects.get_or_create(
            department=Department.objects.get(slug=slug),
            name=name,
            defaults={"added_on": SERVICES_FROM},
        )
        for number, state in cells.items():
            # The inventory as first taken in January 2004: the interaction applies, and
            # is either permissible or barred; then an entry on the day it went online.
            first = {"applies": True, "permissible": True}
            if isinstance(state, tuple):
                first |= {"permissible": False, "barrier": state[0], "justification": state[1]}
            history = [(SERVICES_FROM, first)]
            if isinstance(state, str) and state != "-":
                enabled = STAGES[state]
                online = {
                    "enabled_from": enabled,
                    "channel": CHANNELS.get(number, "web"),
                    "evidence": f"{types[number].name} online for {name} (illustrative).",
                }
                history.append((enabled, first | online))
            for day, fields in history:
                InventoryEntry.objects.get_or_create(
                    service=service,
                    interaction_type=types[number],
                    recorded_at=datetime.combine(day, time(9, 0), tzinfo=LONDON),
                    defaults={"recorded_by": recorder, **fields},
                )
