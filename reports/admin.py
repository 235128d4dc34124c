from django.contrib import admin

from reports.models import Appendix, Committee, Meeting, Paragraph, Report, Section


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["committee", "date"]
    list_filter = ["committee"]


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


class AppendixInline(admin.TabularInline):
    model = Appendix
    extra = 0


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["subject", "meeting", "part", "cut_off", "state"]
    list_filter = ["state", "exempt", "meeting__committee"]
    inlines = [SectionInline, AppendixInline]


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    list_display = ["__str__", "section", "heading", "exempt"]
    list_filter = ["section__report"]
