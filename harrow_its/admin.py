from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from harrow_its.models import Department, User


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
