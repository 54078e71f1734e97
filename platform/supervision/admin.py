from django.contrib import admin

from .models import AgencyStatus, ComplianceWeight


@admin.register(AgencyStatus)
class AgencyStatusAdmin(admin.ModelAdmin):
    list_display = ("agency", "score", "refreshed_at")
    list_filter = ("agency__province", "agency__level", "agency__obligation_basis")
    search_fields = ("agency__name", "agency__code")
    list_select_related = ("agency",)
    readonly_fields = ("indicators", "score", "refreshed_at")


@admin.register(ComplianceWeight)
class ComplianceWeightAdmin(admin.ModelAdmin):
    list_display = ("province", "key", "weight")
    list_filter = ("province",)
