"""In-app notifications for a person inside one agency (each agency schema keeps its own)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> NotificationQuerySet:
        return self.filter(recipient=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("recipient"))
    verb = models.CharField(_("kind"), max_length=64, help_text=_("e.g. review_due, review_overdue"))
    message = models.TextField(_("message"))
    link = models.CharField(_("link"), max_length=500, blank=True)
    # Same key, same recipient: one notification only (e.g. one reminder per document, phase and day).
    key = models.CharField(max_length=200, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_inbox")]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], condition=~Q(key=""),
                                               name="one_notification_per_key")]

    def __str__(self) -> str:
        return f"{self.verb} → {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
