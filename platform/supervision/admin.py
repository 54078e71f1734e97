from django.contrib import admin

from .models import AgencyStatus


@admin.register(AgencyStatus)
class AgencyStatusAdmin(admin.ModelAdmin):
    list_display = ("agency", "documents_effective", "system_procedures_effective", "documents_review_overdue",
                    "refreshed_at")
    list_filter = ("agency__province", "agency__level")
    search_fields = ("agency__name",)
