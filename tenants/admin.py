from django.contrib import admin

from .models import Agency, Domain, LineageEvent, Province, ProvisioningJob


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "slug")
    search_fields = ("name", "code")


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "province", "slug", "valid_from", "valid_to", "status")
    list_filter = ("kind", "level", "province", "status")
    search_fields = ("name", "code", "slug")
    readonly_fields = ("uid", "schema_name", "created_at")
    inlines = [DomainInline]


@admin.register(LineageEvent)
class LineageEventAdmin(admin.ModelAdmin):
    list_display = ("kind", "effective_date", "legal_basis")
    filter_horizontal = ("predecessors", "successors")


@admin.register(ProvisioningJob)
class ProvisioningJobAdmin(admin.ModelAdmin):
    list_display = ("id", "filename", "state", "total", "done", "created_at")
    readonly_fields = ("filename", "state", "total", "done", "errors", "created_slugs", "created_by", "created_at",
                       "finished_at")
    exclude = ("csv_text",)
