from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is written by the code and checked by `manage.py verify_audit_trail`."""

    list_display = ("at", "chain", "action", "actor_name", "target", "address")
    list_filter = ("action",)
    search_fields = ("target", "actor_name", "action")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
