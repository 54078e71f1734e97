from django.contrib import admin

from .models import AgencyStatus


@admin.register(AgencyStatus)
class AgencyStatusAdmin(admin.ModelAdmin):
    list_display = ("agency", "refreshed_at")
    list_filter = ("agency__province", "agency__level")
    search_fields = ("agency__name",)
    readonly_fields = ("indicators", "refreshed_at")
