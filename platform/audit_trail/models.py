"""The audit trail: who logged in (or failed to), who granted or took a role, who changed a user or an
agency, and when. One chain per agency (and one for the platform): each row carries the hash of the row
before it in its chain and its own hash over its content, so an altered, inserted or deleted row breaks the
chain where it happened (`manage.py verify_audit_trail` names the first such row)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

PLATFORM_CHAIN = 0  # events that belong to no agency (a log-in on the bare domain, a platform operator's act)


class AuditEvent(models.Model):
    chain = models.BigIntegerField(_("agency"), db_index=True, help_text=_("The agency's id; 0 for the platform"))
    at = models.DateTimeField(_("at"))
    action = models.CharField(_("action"), max_length=64)
    actor_id = models.BigIntegerField(_("actor"), null=True, blank=True)
    actor_name = models.CharField(_("actor's name"), max_length=150, blank=True)
    target = models.CharField(_("what"), max_length=200, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["chain", "id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["chain", "-id"], name="audit_chain_latest")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target}"
