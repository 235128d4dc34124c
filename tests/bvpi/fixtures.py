"""A BVPI 157 service built by hand, and its inventory entries."""

from datetime import date, datetime

import pytest

from bvpi.models import InteractionType, InventoryEntry, Service
from harrow_its.calendar import LONDON


@pytest.fixture
def service(department):
    """Parking, a service of Urban Living (the officer's department), from January 2004."""
    return Service.objects.create(department=department, name="Parking", added_on=date(2004, 1, 5))


@pytest.fixture
def paying(db):
    return InteractionType.objects.get(number=8)


@pytest.fixture
def enter(officer):
    """Record an inventory entry for a cell on a day."""

    def enter(service, interaction_type, on, **fields):
        values = {"applies": True, "permissible": True} | fields
        if values.get("enabled_from"):
            values.setdefault("channel", "web")
        return InventoryEntry.objects.create(
            service=service,
            interaction_type=interaction_type,
            recorded_by=officer,
            recorded_at=datetime(on.year, on.month, on.day, 9, tzinfo=LONDON),
            **values,
        )

    return enter
