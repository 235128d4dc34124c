from django.contrib import admin

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


class ClearanceRuleInline(admin.TabularInline):
    """Who clears the committee's reports before they are published."""

    model = ClearanceRule
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ClearanceRuleInline]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 1


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["committee", "date"]
    list_filter = ["committee"]
    inlines = [AgendaItemInline]


class DraftsOnly:
    """A published report never changes (the database refuses): the admin only shows it."""

    def _published(self, obj):
        report = obj.section.report if isinstance(obj, Paragraph) else obj
        return isinstance(report, Report) and report.is_published

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._published(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._published(obj)


class SectionInline(DraftsOnly, admin.TabularInline):
    model = Section
    extra = 0


class AppendixInline(DraftsOnly, admin.TabularInline):
    model = Appendix
    extra = 0


@admin.register(Report)
class ReportAdmin(DraftsOnly, admin.ModelAdmin):
    list_display = ["subject", "meeting", "part", "cut_off", "state"]
    list_filter = ["state", "exempt", "meeting__committee"]
    inlines = [SectionInline, AppendixInline]
    readonly_fields = ["state", "supersedes"]


@admin.register(Paragraph)
class ParagraphAdmin(DraftsOnly, admin.ModelAdmin):
    list_display = ["__str__", "section", "heading", "exempt"]
    list_filter = ["section__report"]
