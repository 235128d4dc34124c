"""
The BVPI 157 inventory: the ten interaction types, each department's services,
and for every service and interaction type an entry saying whether it applies,
whether electronic delivery is legally permissible (and if not, the barrier),
and from which day it is e-enabled, by which channel, on what evidence.

Entries are history, like project status (see projects/models.py): a change to a
cell is a new entry; the database refuses to alter or remove old ones. As at a
day, a cell is its latest entry recorded by the end of that day. bvpi/scoring.py
works the score out; nobody types it in.
"""

import pghistory
from django.db import models
from django.db.models import Q
from django.urls import reverse

from harrow_its.history import HistoryRow, Lifespan
from harrow_its.models import Department


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class InteractionType(models.Model):
    """One of the ten types of interaction BVPI 157 counts (reference data)."""

    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.name}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Service(Lifespan):
    """A council service in the inventory, from the day it joined it."""

    lifespan = ("added_on", None)

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    added_on = models.DateField(help_text="The day the service joined the inventory.")

    class Meta:
        ordering = ["department__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "name"], name="service_name_per_department"
            )
        ]

    def __str__(self):
        return self.name


class Barrier(models.TextChoices):
    LEGAL = "legal", "Legal barrier"
    OPERATIONAL = "operational", "Operational barrier"


class Channel(models.TextChoices):
    WEB = "web", "Web"
    EMAIL = "email", "E-mail"
    TELEPHONE = "telephone", "Telephone, with access to records"
    DIGITAL_TV = "digital_tv", "Digital TV"
    KIOSK = "kiosk", "Kiosk"
    SMS = "sms", "Text message"


class InventoryEntry(HistoryRow):
    """What is known of one cell of the inventory (a service and an interaction type),
    from when it is recorded: a new entry for the cell replaces it."""

    history_of = ("service", "interaction_type")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="entries")
    interaction_type = models.ForeignKey(
        InteractionType, on_delete=models.PROTECT, related_name="entries"
    )
    applies = models.BooleanField()
    permissible = models.BooleanField("legally permissible for electronic delivery")
    barrier = models.CharField(max_length=12, choices=Barrier.choices, blank=True)
    justification = models.TextField(blank=True)
    enabled_from = models.DateField(null=True, blank=True)
    channel = models.CharField(max_length=12, choices=Channel.choices, blank=True)
    evidence = models.TextField(blank=True)

    class Meta(HistoryRow.Meta):
        ordering = ["service", "interaction_type", "recorded_at"]
        verbose_name_plural = "inventory entries"
        indexes = [models.Index(fields=["service", "interaction_type", "recorded_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(permissible=True) | (~Q(barrier="") & ~Q(justification="")),
                name="inventory_barrier_is_justified",
            ),
            models.CheckConstraint(
                condition=Q(enabled_from__isnull=True) | ~Q(channel=""),
                name="inventory_enabled_has_channel",
            ),
        ]

    def __str__(self):
        return f"{self.service} / {self.interaction_type.name}"

    def get_absolute_url(self):
        return reverse(
            "bvpi:cell",
            args=[self.service.department.slug, self.service_id, self.interaction_type.number],
        )
