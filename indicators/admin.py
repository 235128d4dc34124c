from django.contrib import admin

from harrow_its.admin import HistoryAdmin
from indicators.models import Indicator, Measurement, Target, ToleranceRule


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "title",
        "unit",
        "polarity",
        "frequency",
        "source",
        "department",
        "is_key",
    ]
    list_filter = ["source", "frequency", "department", "is_key"]
    search_fields = ["code", "title"]


@admin.register(ToleranceRule)
class ToleranceRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "amber_variance", "kind", "effective_from"]


@admin.register(Target)
class TargetAdmin(HistoryAdmin):
    list_display = ["indicator", "period_start", "value", "recorded_by", "recorded_at"]
    list_filter = ["indicator"]

    def has_add_permission(self, request):
        return request.user.is_superuser


@admin.register(Measurement)
class MeasurementAdmin(HistoryAdmin):
    list_display = ["indicator", "period_start", "value", "recorded_by", "recorded_at"]
    list_filter = ["indicator"]
