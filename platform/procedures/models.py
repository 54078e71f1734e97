"""A TTHC procedure as structured data (DOMAIN.md §4): what each edition of a `tthc_procedure` document says
about the administrative procedure it carries out (legal basis, dossier, fees, where filed and returned, the
total time limit, the TTHC codes it covers) and its step table.

Both hang off the edition (documents.Revision), not the document: they are signed, copied into the next
edition and printed with it (edition_parts.py). The TTHC codes are opaque strings, never a key into the
province's catalogue: no foreign key leaves an agency schema (ARCHITECTURE.md, Tenancy).
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import tracked


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    WORKING_HOURS = "working_hours", _("working hours")


TIME_DIGITS = {"max_digits": 7, "decimal_places": 2}  # 0,5 ngày or 4 giờ: halves and quarters are common


@tracked()
class TthcProcedureSpec(models.Model):
    """What one edition of a TTHC procedure says about the administrative procedure."""

    revision = models.OneToOneField("documents.Revision", on_delete=models.CASCADE, related_name="procedure_spec",
                                    verbose_name=_("edition"))
    tthc_codes = ArrayField(models.CharField(max_length=32), default=list, verbose_name=_("TTHC codes"))
    legal_basis = models.TextField(_("legal basis"), blank=True)
    dossier_components = models.TextField(_("dossier components"), blank=True, help_text=_("One per line"))
    fees = models.TextField(_("fees and charges"), blank=True)
    where_filed = models.TextField(_("where filed"), blank=True)
    where_returned = models.TextField(_("where results are returned"), blank=True)
    time_limit = models.DecimalField(_("time limit"), **TIME_DIGITS)
    time_unit = models.CharField(_("unit"), max_length=16, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS)

    class Meta:
        verbose_name = _("TTHC procedure")
        verbose_name_plural = _("TTHC procedures")

    def __str__(self) -> str:
        return ", ".join(self.tthc_codes) or str(self.revision_id)

    @property
    def dossier_lines(self) -> list[str]:
        return [line.strip() for line in self.dossier_components.splitlines() if line.strip()]


@tracked()
class ProcedureStep(models.Model):
    """One row of the step table: step | what is done | responsible | time allowed | form or output."""

    revision = models.ForeignKey("documents.Revision", on_delete=models.CASCADE, related_name="procedure_steps",
                                 verbose_name=_("edition"))
    number = models.PositiveSmallIntegerField(_("step"))
    action = models.TextField(_("what is done"))
    responsible = models.CharField(_("responsible unit or position"), max_length=300)
    time_allowed = models.DecimalField(_("time allowed"), **TIME_DIGITS)
    time_unit = models.CharField(_("unit"), max_length=16, choices=TimeUnit.choices, default=TimeUnit.WORKING_HOURS)
    output = models.CharField(_("form or output"), max_length=300, blank=True)

    class Meta:
        ordering = ["revision", "number"]
        verbose_name = _("procedure step")
        verbose_name_plural = _("procedure steps")
        constraints = [models.UniqueConstraint(fields=["revision", "number"], name="unique_procedure_step")]

    def __str__(self) -> str:
        return f"{self.number}. {self.action[:60]}"
