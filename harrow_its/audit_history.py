"""
The audit history of a record, as people read it: who changed what, and when.

django-pghistory's triggers record every insert, change and removal of a tracked
row (bulk updates and raw SQL included); this turns those events into entries for
any app's pages. Not the security log, which is harrow_its/audit.py.
"""

from dataclasses import dataclass

import pghistory.models
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist


@dataclass(frozen=True)
class AuditEntry:
    when: object  # an aware datetime
    who: str
    what: str
    changes: list[tuple[str, object, object]]  # (field, before, after)


def recorded_changes(record, *, limit: int = 100) -> list[AuditEntry]:
    """Recorded changes to `record` and the rows that refer to it, newest first, with
    who made them."""
    events = (
        pghistory.models.MiddlewareEvents.objects.references(record)
        .select_related("user")
        .order_by("-pgh_created_at")[:limit]
    )
    return _audit_entries(events)


def _audit_entries(events) -> list[AuditEntry]:
    entries = []
    for event in events:
        model = apps.get_model(event.pgh_obj_model)
        thing = model._meta.verbose_name
        if event.pgh_label == "insert":
            what = f"{thing.capitalize()} added"
        elif event.pgh_label == "delete":
            what = f"{thing.capitalize()} removed"
        else:
            what = f"{thing.capitalize()} changed"
        changes = [
            (_field_label(model, name), before, after)
            for name, (before, after) in sorted((event.pgh_diff or {}).items())
        ]
        if event.user:
            who = str(event.user)
        elif (event.pgh_context or {}).get("source") == "loaddemo":
            who = "The demo data loader"
        else:
            who = "The system (no one signed in)"
        entries.append(AuditEntry(event.pgh_created_at, who, what, changes))
    return entries


def _field_label(model, name):
    try:
        return model._meta.get_field(name.removesuffix("_id")).verbose_name
    except FieldDoesNotExist:
        return name
