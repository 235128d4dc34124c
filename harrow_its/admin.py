from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.shortcuts import redirect

from harrow_its.models import Department, SiteSettings, User


class HistoryAdmin(admin.ModelAdmin):
    """Append-only rows: the database refuses changes (harrow_its/triggers.py), so the
    admin offers none. Every app's history rows use it."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("Departments", {"fields": ["departments"]}),
    ]
    filter_horizontal = [*BaseUserAdmin.filter_horizontal, "departments"]
    list_filter = [*BaseUserAdmin.list_filter, "departments"]


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row: added once, then changed; never deleted (without it, the defaults)."""

    fieldsets = [
        ("Names", {"fields": ["council_name", "service_name", "reporting_team", "committee_name"]}),
        ("Header and footer", {"fields": ["logo", "header_colour", "footer_text"]}),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """Straight to the one row, or to adding it."""
        current = SiteSettings.objects.filter(pk=SiteSettings.SINGLETON).first()
        if current is None:
            return redirect("admin:harrow_its_sitesettings_add")
        return redirect("admin:harrow_its_sitesettings_change", current.pk)
