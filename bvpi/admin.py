from django.contrib import admin

from bvpi.models import InteractionType, InventoryEntry, Service
from harrow_its.admin import HistoryAdmin


@admin.register(InteractionType)
class InteractionTypeAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "department", "added_on"]
    list_filter = ["department"]


@admin.register(InventoryEntry)
class InventoryEntryAdmin(HistoryAdmin):
    list_display = [
        "service",
        "interaction_type",
        "applies",
        "permissible",
        "enabled_from",
        "recorded_at",
    ]
    list_filter = ["interaction_type", "service__department"]
