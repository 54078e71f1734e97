from django.contrib import admin
from django.db.models import Max, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from audit_trail.admin import AuditEventAdmin
from tenants.models import Agency

from .models import HistoryCheck
from .services import ANCHOR_ACTION, Finding


@admin.register(HistoryCheck)
class HistoryCheckAdmin(AuditEventAdmin):
    """Each agency's last check of its sealed history (read-only like the trail: written by the nightly task)."""

    list_display = ("agency", "at", "intact", "events", "first_broken")
    list_filter = ("at",)
    search_fields = ("target",)

    def get_queryset(self, request):
        latest = (HistoryCheck.objects.filter(action=ANCHOR_ACTION).order_by().values("chain")
                  .annotate(last=Max("id")).values("last"))
        names = Agency.objects.filter(pk=OuterRef("chain")).values("name")[:1]
        return super().get_queryset(request).filter(id__in=latest).annotate(agency_name=Subquery(names))

    @admin.display(description=_("agency"), ordering="agency_name")
    def agency(self, obj):
        return obj.agency_name or obj.target

    @admin.display(description=_("intact"), boolean=True)
    def intact(self, obj):
        return bool(obj.detail.get("intact"))

    @admin.display(description=_("events sealed"))
    def events(self, obj):
        return obj.detail.get("events")

    @admin.display(description=_("first broken row"))
    def first_broken(self, obj):
        found = obj.detail.get("first_broken")
        return Finding(**found).describe() if found else "—"
