"""Rollup rows the supervisor reads: one per agency, in the public schema.

The DOST dashboard never queries agency schemas live (a UNION over thousands of schemas runs out of
locks, docs/SCALE.md); each agency's row is refreshed by a Celery task in that agency's schema, on change
and nightly, so the dashboard costs a fixed number of queries however many agencies the province has. The
values are whatever the areas registered in core.indicators computed, keyed by indicator, so a new area adds
its figures without a new column here. The row is created with the agency (tenants.signals.agency_created),
empty and "not computed yet", so a new agency is on the dashboard at once.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import tracked


class AgencyStatus(models.Model):
    agency = models.OneToOneField("tenants.Agency", on_delete=models.CASCADE, related_name="status_rollup",
                                  primary_key=True)
    indicators = models.JSONField(_("indicators"), default=dict, blank=True)
    refreshed_at = models.DateTimeField(_("refreshed at"), null=True, blank=True)
    # From the indicators and the province's weights (supervision.scoring), kept here so sorting and
    # filtering by it is one indexed query; recomputed when the weights change.
    score = models.FloatField(_("compliance score"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("agency status")
        verbose_name_plural = _("agency statuses")

    def __str__(self) -> str:
        return str(self.agency)

    def value(self, key: str, default=None):
        return (self.indicators or {}).get(key, default)

    @property
    def computed(self) -> bool:
        return self.refreshed_at is not None


@tracked()
class ComplianceWeight(models.Model):
    """How much one indicator counts in a province's compliance score (so the DOST can mirror its PAR
    scoring); one row per province and indicator key, kept by the DOST. No row: the indicator counts 0."""

    province = models.ForeignKey("tenants.Province", on_delete=models.CASCADE, related_name="compliance_weights",
                                 verbose_name=_("province"))
    key = models.CharField(_("indicator"), max_length=64)
    weight = models.PositiveSmallIntegerField(_("weight"), default=0)

    class Meta:
        verbose_name = _("compliance weight")
        verbose_name_plural = _("compliance weights")
        constraints = [models.UniqueConstraint(fields=["province", "key"], name="uniq_weight_per_province_key")]

    def __str__(self) -> str:
        return f"{self.key}={self.weight}"


class MonthlyStatus(models.Model):
    """The rollup row as it stood in a month (the last nightly run of that month wins): the trend charts."""

    agency = models.ForeignKey("tenants.Agency", on_delete=models.CASCADE, related_name="monthly_statuses")
    month = models.DateField(_("month"), help_text=_("the first day of the month"))
    indicators = models.JSONField(default=dict, blank=True)
    score = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("monthly agency status")
        verbose_name_plural = _("monthly agency statuses")
        constraints = [models.UniqueConstraint(fields=["agency", "month"], name="uniq_status_per_agency_month")]
        indexes = [models.Index(fields=["month"])]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.month:%m/%Y}"


class TableUse(models.Model):
    """Whether one watched table of an agency ever held a row (supervision/table_use.py): a row per agency
    schema and table, set once by a trigger on the table. The nightly recompute skips reading a table whose
    row says it never did; no row means it is read."""

    # The schema's name, as the trigger knows it (TG_TABLE_SCHEMA); no database constraint, so a schema
    # being built before its agency row commits is never refused.
    agency = models.ForeignKey("tenants.Agency", to_field="schema_name", db_column="schema_name",
                               db_constraint=False, on_delete=models.CASCADE, related_name="+")
    table_name = models.CharField(max_length=63)
    watched_since = models.DateTimeField()
    first_row_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("table use")
        constraints = [models.UniqueConstraint(fields=["agency", "table_name"], name="uniq_table_use")]

    def __str__(self) -> str:
        return f"{self.agency_id}.{self.table_name}"
