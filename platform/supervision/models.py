"""Rollup rows the supervisor reads: one per agency, in the public schema.

The DOST dashboard never queries agency schemas live (a UNION over thousands of schemas runs out of
locks, SCALE.md); each agency's row is refreshed by a Celery task in that agency's schema, on change
and nightly, so the dashboard costs one query however many agencies the province has.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyStatus(models.Model):
    agency = models.OneToOneField("tenants.Agency", on_delete=models.CASCADE, related_name="status_rollup",
                                  primary_key=True)
    documents_total = models.PositiveIntegerField(_("documents"), default=0)
    documents_effective = models.PositiveIntegerField(_("effective documents"), default=0)
    system_procedures_effective = models.PositiveIntegerField(_("effective system procedures"), default=0)
    documents_review_overdue = models.PositiveIntegerField(_("documents overdue for review"), default=0)
    revisions_in_review = models.PositiveIntegerField(_("revisions awaiting review or approval"), default=0)
    records_this_year = models.PositiveIntegerField(_("records filed this year"), default=0)
    refreshed_at = models.DateTimeField(_("refreshed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("agency status")
        verbose_name_plural = _("agency statuses")

    def __str__(self) -> str:
        return str(self.agency)
