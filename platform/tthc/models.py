"""The province's TTHC catalogue (danh mục thủ tục hành chính), kept by its DOST.

One copy per province, not per agency: the tables live in the public schema (a shared app) and every row
carries its province. An entry is assigned to agency levels (by default its own level) and/or to individual
agencies; an agency sees what is assigned to it. Entries are never deleted: one that leaves the catalogue is
withdrawn. The provincial publication decision that published an entry starts the 5-working-day clock the
DOST has to update the list (Circular 26/2014 Art. 4; docs/DOMAIN.md §8).
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.history import tracked
from tenants.models import Agency, Province

# The DOST's working days to bring the list in line with a publication decision (TT 26/2014 Art. 4).
UPDATE_WORKING_DAYS = 5


@tracked()
class PublicationDecision(models.Model):
    """A provincial decision publishing (công bố) TTHC, e.g. "1234/QĐ-UBND"."""

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="tthc_decisions",
                                 verbose_name=_("province"))
    number = models.CharField(_("number"), max_length=64, help_text=_("e.g. 1234/QĐ-UBND"))
    signed_on = models.DateField(_("signed on"))
    title = models.CharField(_("subject"), max_length=500, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True,
                                   help_text=_("When the DOST received or entered the decision"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "number"]
        verbose_name = _("publication decision")
        verbose_name_plural = _("publication decisions")
        constraints = [models.UniqueConstraint(fields=["province", "number"], name="tthc_decision_unique_number")]

    def __str__(self) -> str:
        return self.number


@tracked(exclude=["updated_at"])
class TthcEntry(models.Model):
    """One administrative procedure of the province's catalogue, as the national database codes it."""

    class TimeUnit(models.TextChoices):
        WORKING_DAYS = "working_days", _("working days")
        WORKING_HOURS = "working_hours", _("working hours")

    class Status(models.TextChoices):
        ACTIVE = "active", _("In force")
        WITHDRAWN = "withdrawn", pgettext_lazy("tthc", "Withdrawn")

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="tthc_entries",
                                 verbose_name=_("province"))
    code = models.CharField(_("TTHC code"), max_length=32, help_text=_("As in the national database, e.g. 1.001193"))
    name = models.CharField(_("procedure name"), max_length=500)
    field = models.CharField(_("field"), max_length=200, blank=True, help_text=_("lĩnh vực, e.g. Hộ tịch"))
    level = models.CharField(_("level"), max_length=32, choices=Agency.Level.choices,
                             help_text=_("The level of agency that handles it"))
    legal_basis = models.TextField(pgettext_lazy("tthc", "legal basis"), blank=True)
    time_limit = models.PositiveIntegerField(_("time limit"))
    time_unit = models.CharField(_("time unit"), max_length=16, choices=TimeUnit.choices,
                                 default=TimeUnit.WORKING_DAYS)
    fees = models.TextField(_("fees"), blank=True)
    filed_at = models.TextField(_("where filed"), blank=True)
    returned_at = models.TextField(_("where returned"), blank=True)
    decision = models.ForeignKey(PublicationDecision, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="entries", verbose_name=_("publication decision"))
    # When the entry was entered under its decision: what the 5-working-day rule measures.
    entered_on = models.DateField(_("entered on"), null=True, blank=True)
    # When what an agency's procedure must follow last changed (name, legal basis, time limit, fees, where
    # filed or returned, decision): a procedure issued before it is out of date (procedures.selectors coverage).
    # A new field label or assignment does not make every agency's procedure stale.
    content_changed_on = models.DateField(_("content changed on"), null=True, blank=True)
    assigned_levels = ArrayField(models.CharField(max_length=32, choices=Agency.Level.choices), default=list,
                                 blank=True, verbose_name=_("assigned levels"))
    agencies = models.ManyToManyField(Agency, through="EntryAssignment", related_name="+", blank=True,
                                      verbose_name=_("assigned agencies"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("TTHC")
        verbose_name_plural = _("TTHC")
        constraints = [models.UniqueConstraint(fields=["province", "code"], name="tthc_entry_unique_code")]
        indexes = [models.Index(fields=["province", "status"]), models.Index(fields=["province", "field"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def assigned_level_labels(self) -> list[str]:
        labels = dict(Agency.Level.choices)
        return [str(labels.get(level, level)) for level in self.assigned_levels]


@tracked()
class EntryAssignment(models.Model):
    """An entry assigned to one agency by name (beside the levels it is assigned to)."""

    entry = models.ForeignKey(TthcEntry, on_delete=models.CASCADE, related_name="assignments")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="tthc_assignments")

    class Meta:
        verbose_name = _("assigned agency")
        verbose_name_plural = _("assigned agencies")
        constraints = [models.UniqueConstraint(fields=["entry", "agency"], name="tthc_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.entry_id} → {self.agency_id}"
