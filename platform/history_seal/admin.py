from django.contrib import admin
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from tenants.models import Agency

from .models import HistoryCheck
from .services import ANCHOR_ACTION, Finding


@admin.register(HistoryCheck)
class HistoryCheckAdmin(admin.ModelAdmin):
    """Each agency's last check of its sealed history (read-only: written by the nightly task)."""

    list_display = ("agency", "at", "intact", "events", "first_broken")
    list_filter = ("at",)
    search_fields = ("target",)

    def get_queryset(self, request):
        latest = (HistoryCheck.objects.filter(action=ANCHOR_ACTION).order_by().values("chain")
                  .annotate(last=Max("id")).values("last"))
        return super().get_queryset(request).filter(id__in=latest)

    def changelist_view(self, request, extra_context=None):
        self._names = dict(Agency.objects.agencies().values_list("pk", "name"))
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("agency"), ordering="target")
    def agency(self, obj):
        return getattr(self, "_names", {}).get(obj.chain, obj.target)

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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
