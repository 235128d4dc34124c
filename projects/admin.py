"""The Django admin for reference data. Status rows are history: the admin only reads them."""

from django.contrib import admin

from harrow_its.admin import HistoryAdmin
from projects.models import (
    Action,
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


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    prepopulated_fields = {"slug": ["name"]}


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "programme", "department", "manager", "registered_on"]
    list_filter = ["programme", "department"]
    search_fields = ["code", "name", "manager"]
    inlines = [MilestoneInline]


@admin.register(ProjectUpdate)
class ProjectUpdateAdmin(HistoryAdmin):
    list_display = ["project", "period", "status_date", "rag", "recorded_by", "recorded_at"]
    list_filter = ["rag", "period"]


@admin.register(ProjectFinance)
class ProjectFinanceAdmin(HistoryAdmin):
    list_display = [
        "project",
        "effective_on",
        "approved_budget",
        "spend_to_date",
        "forecast_outturn",
    ]


@admin.register(MilestoneRevision)
class MilestoneRevisionAdmin(HistoryAdmin):
    list_display = ["milestone", "effective_on", "forecast_date", "actual_date", "recorded_by"]


class PlanAreaInline(admin.TabularInline):
    model = PlanArea
    extra = 0


@admin.register(ImprovementPlan)
class ImprovementPlanAdmin(admin.ModelAdmin):
    list_display = ["name", "started_on"]
    inlines = [PlanAreaInline]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "area", "owner", "department", "due_date"]
    list_filter = ["area", "department"]
    search_fields = ["title", "owner"]


@admin.register(ActionUpdate)
class ActionUpdateAdmin(HistoryAdmin):
    list_display = ["action", "status_date", "status", "recorded_by", "recorded_at"]
    list_filter = ["status"]
