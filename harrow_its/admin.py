from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from harrow_its.models import Department, User


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
