"""The province's legal register (cơ sở dữ liệu văn bản quy phạm pháp luật), kept by its DOST.

One copy per province, in the public schema like the TTHC catalogue: the DOST keeps it, an agency may add a
legal document it rests on (and keeps only what it added). Each entry names the TTHC it affects; agencies
link their own documents to entries (legal_updates.LegalLink, in the agency schema). When an entry takes
effect, every affected agency must fold it into its procedures within `RegisterSettings.update_months`
(three by default: docs/DOMAIN.md §8), which legal_updates tracks as update tasks.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.history import tracked
from core.storage import stored_name
from tenants.models import Agency, Province
from tthc.models import TthcEntry

DEFAULT_UPDATE_MONTHS = 3


def legal_upload_to(instance, filename: str) -> str:
    return stored_name("legal", filename)


@tracked(exclude=["updated_at"])
class LegalDocument(models.Model):
    """A legal normative document, e.g. "26/2014/TT-BKHCN" (number and symbol as printed on it)."""

    class Kind(models.TextChoices):
        LAW = "law", pgettext_lazy("legal kind", "Law")
        DECREE = "decree", pgettext_lazy("legal kind", "Decree")
        CIRCULAR = "circular", pgettext_lazy("legal kind", "Circular")
        DECISION = "decision", pgettext_lazy("legal kind", "Decision")
        OTHER = "other", pgettext_lazy("legal kind", "Other")

    class Status(models.TextChoices):
        IN_FORCE = "in_force", pgettext_lazy("legal status", "In force")
        REPEALED = "repealed", pgettext_lazy("legal status", "Repealed")

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="legal_documents",
                                 verbose_name=_("province"))
    number = models.CharField(pgettext_lazy("legal", "number and symbol"), max_length=64,
                              help_text=_("e.g. 26/2014/TT-BKHCN"))
    title = models.CharField(pgettext_lazy("legal", "title"), max_length=500, blank=True)
    kind = models.CharField(pgettext_lazy("legal", "kind"), max_length=16, choices=Kind.choices,
                            default=Kind.OTHER)
    issuer = models.CharField(pgettext_lazy("legal", "issuing body"), max_length=200, blank=True)
    signed_on = models.DateField(pgettext_lazy("legal", "signed on"), null=True, blank=True)
    effective_on = models.DateField(pgettext_lazy("legal", "effective on"), null=True, blank=True)
    url = models.URLField(pgettext_lazy("legal", "link"), max_length=500, blank=True)
    file = models.FileField(pgettext_lazy("legal", "file"), upload_to=legal_upload_to, blank=True, max_length=300)
    file_name = models.CharField(max_length=255, blank=True)
    # null: kept by the DOST; an agency edits only the entries it added
    added_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                        verbose_name=_("added by"))
    status = models.CharField(pgettext_lazy("legal", "status"), max_length=16, choices=Status.choices,
                              default=Status.IN_FORCE)
    affects = models.ManyToManyField(TthcEntry, through="LegalEffect", related_name="legal_documents", blank=True,
                                     verbose_name=_("TTHC affected"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-effective_on", "number"]
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        constraints = [models.UniqueConstraint("province", Upper("number"), name="legal_document_unique_number")]
        indexes = [models.Index(fields=["province", "effective_on"])]

    def __str__(self) -> str:
        return self.number


@tracked()
class LegalEffect(models.Model):
    """A TTHC of the province's catalogue that a legal document affects."""

    legal_document = models.ForeignKey(LegalDocument, on_delete=models.CASCADE, related_name="effects")
    entry = models.ForeignKey(TthcEntry, on_delete=models.PROTECT, related_name="legal_effects")

    class Meta:
        verbose_name = _("TTHC affected")
        verbose_name_plural = _("TTHC affected")
        constraints = [models.UniqueConstraint(fields=["legal_document", "entry"], name="legal_effect_unique")]

    def __str__(self) -> str:
        return f"{self.legal_document_id} → {self.entry_id}"


@tracked()
class RegisterSettings(models.Model):
    """The province's rule for legal updates: how many months an agency has once a document takes effect."""

    province = models.OneToOneField(Province, on_delete=models.CASCADE, related_name="legal_settings")
    update_months = models.PositiveSmallIntegerField(_("months to update procedures"), default=DEFAULT_UPDATE_MONTHS)

    class Meta:
        verbose_name = _("legal register settings")
        verbose_name_plural = _("legal register settings")

    def __str__(self) -> str:
        return f"{self.province_id}: {self.update_months}"
