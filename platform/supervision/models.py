"""Rollup rows the supervisor reads: one per agency, in the public schema.

The DOST dashboard never queries agency schemas live (a UNION over thousands of schemas runs out of
locks, docs/SCALE.md); each agency's row is refreshed by a Celery task in that agency's schema, on change
and nightly, so the dashboard costs one query however many agencies the province has. The values are
whatever the areas registered in core.indicators computed, keyed by indicator, so a new area adds its
figures without a new column here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyStatus(models.Model):
    agency = models.OneToOneField("tenants.Agency", on_delete=models.CASCADE, related_name="status_rollup",
                                  primary_key=True)
    indicators = models.JSONField(_("indicators"), default=dict, blank=True)
    refreshed_at = models.DateTimeField(_("refreshed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("agency status")
        verbose_name_plural = _("agency statuses")

    def __str__(self) -> str:
        return str(self.agency)

    def value(self, key: str, default=None):
        return (self.indicators or {}).get(key, default)
