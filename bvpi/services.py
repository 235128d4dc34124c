"""
Recording inventory changes: all or nothing, checked against what the person saw.

Each change names the entry it was based on (`based_on`, 0 for a cell with none).
With the services' rows locked, a change whose cell has a newer entry is refused,
so two officers editing the same cell at once never overwrite each other.
"""

from dataclasses import dataclass

from django.db import transaction

from bvpi.models import InteractionType, InventoryEntry, Service
from harrow_its.models import User

STALE_CELL = (
    "{who} changed this cell while you were editing it. Nothing has been saved: "
    "check their entry, then submit yours again if it is still right."
)
CELL_FIELDS = [
    "applies",
    "permissible",
    "barrier",
    "justification",
    "enabled_from",
    "channel",
    "evidence",
]


@dataclass(frozen=True)
class Change:
    service: Service
    interaction_type: InteractionType
    values: dict  # the CELL_FIELDS
    based_on: int


class StaleCells(Exception):
    def __init__(self, changed: dict):
        super().__init__("Inventory cells changed while they were being edited")
        self.changed = changed  # (service id, type id): the newer InventoryEntry


def _same(entry: InventoryEntry | None, values: dict) -> bool:
    """Whether `values` would change nothing: a cell with no entry does not apply."""
    if entry is None:
        return not values["applies"]
    return all(getattr(entry, name) == values[name] for name in CELL_FIELDS)


def cells_record(*, changes: list[Change], recorded_by: User) -> list[InventoryEntry]:
    """Record the changes that change something; return the new entries."""
    with transaction.atomic():
        services = sorted({change.service.pk for change in changes})
        list(Service.objects.select_for_update().filter(pk__in=services).order_by("pk"))
        current = {}
        for entry in InventoryEntry.objects.filter(service__in=services).order_by(
            "recorded_at", "pk"
        ):
            current[(entry.service_id, entry.interaction_type_id)] = entry
        stale = {}
        for change in changes:
            key = (change.service.pk, change.interaction_type.pk)
            if (current[key].pk if key in current else 0) != change.based_on:
                stale[key] = current[key]
        if stale:
            raise StaleCells(stale)
        saved = []
        for change in changes:
            if _same(current.get((change.service.pk, change.interaction_type.pk)), change.values):
                continue
            entry = InventoryEntry(
                service=change.service,
                interaction_type=change.interaction_type,
                recorded_by=recorded_by,
                **change.values,
            )
            entry.full_clean()
            entry.save()
            saved.append(entry)
        return saved
