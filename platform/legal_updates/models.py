"""An agency's side of the province's legal register: which of its documents rest on which legal documents,
and the update tasks a legal change gives it.

The register (legal.LegalDocument) lives in public; no key leaves the agency schema, so a row names its
register entry by plain bigint. An update task is due `update_months` (3) after the legal document takes
effect and closes when an edition of the document is published on or after that date. A task with no
document says the agency handles an affected TTHC but has no procedure for it yet.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.history import tracked


@tracked()
class LegalLink(models.Model):
    """A document of the agency resting on a legal document of the register (which articles)."""

    legal_document_id = models.BigIntegerField(_("legal document"), db_index=True)
    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="legal_links",
                                 verbose_name=_("document"))
    articles = models.CharField(_("articles"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "id"]
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        constraints = [models.UniqueConstraint(fields=["legal_document_id", "document"],
                                               name="legal_link_unique")]

    def __str__(self) -> str:
        return f"{self.document_id} ← {self.legal_document_id}"


@tracked()
class UpdateTask(models.Model):
    """Fold a legal change into a document (or, with no document, into a procedure still to be written)."""

    legal_document_id = models.BigIntegerField(_("legal document"), db_index=True)
    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="legal_update_tasks", verbose_name=_("document"))
    tthc_code = models.CharField(_("TTHC code"), max_length=32, blank=True)
    effective_on = models.DateField(_("legal document effective on"))
    opened_on = models.DateField(_("opened on"))
    due_on = models.DateField(_("update due"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey("documents.Revision", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("closed by edition"))

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("legal update task")
        verbose_name_plural = _("legal update tasks")
        constraints = [
            models.UniqueConstraint(fields=["legal_document_id", "document"], condition=Q(document__isnull=False),
                                    name="legal_task_unique_document"),
            models.UniqueConstraint(fields=["legal_document_id", "tthc_code"], condition=Q(document__isnull=True),
                                    name="legal_task_unique_tthc"),
        ]
        indexes = [models.Index(fields=["closed_on", "due_on"])]

    def __str__(self) -> str:
        return f"{self.legal_document_id} → {self.document_id or self.tthc_code}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None
