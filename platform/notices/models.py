"""The DOST's notices to the province's agencies (a new model procedure, the year's inspection plan, a legal
update) and each agency's receipt of one.

Public schema, like the province's other data: a notice belongs to its province and is written by its DOST
(SEND_NOTICES on the DOST's own site). A notice is a draft until it is sent; on sending, its audience (every
current agency of the province, those of some levels, fields or obligation bases, or a hand-picked
selection) is resolved once into one `Receipt` per agency, so later changes to the agencies never change who
received it. An agency reads its receipts and acknowledges each once; the DOST sees who has not. Supervisors
write nothing into an agency's schema here: the notification each agency's people get is the only row a
notice adds there.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.history import tracked
from core.storage import stored_name
from tenants.models import Agency, Province


def notice_upload_to(instance, filename: str) -> str:
    return stored_name("notices", filename)


@tracked(exclude=["updated_at", "told_count"])
class Notice(models.Model):
    """One notice of the DOST, e.g. "Kế hoạch kiểm tra ISO năm 2026" to the mandatory departments."""

    class Kind(models.TextChoices):
        MODEL_PROCEDURE = "model_procedure", pgettext_lazy("notice kind", "New model procedure")
        INSPECTION_PLAN = "inspection_plan", pgettext_lazy("notice kind", "Inspection plan")
        LEGAL_UPDATE = "legal_update", pgettext_lazy("notice kind", "Legal update")
        OTHER = "other", pgettext_lazy("notice kind", "Other")

    class Audience(models.TextChoices):
        ALL = "all", pgettext_lazy("notice audience", "Every agency of the province")
        LEVELS = "levels", pgettext_lazy("notice audience", "Agencies of some levels")
        FIELDS = "fields", pgettext_lazy("notice audience", "Agencies of some fields of work")
        OBLIGATION = "obligation", pgettext_lazy("notice audience", "Agencies by obligation basis")
        SELECTION = "selection", pgettext_lazy("notice audience", "A selection of agencies")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("notice status", "Draft")
        SENT = "sent", pgettext_lazy("notice status", "Sent")
        WITHDRAWN = "withdrawn", pgettext_lazy("notice status", "Withdrawn")

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="notices",
                                 verbose_name=_("province"))
    kind = models.CharField(pgettext_lazy("notice", "kind"), max_length=20, choices=Kind.choices,
                            default=Kind.OTHER)
    title = models.CharField(pgettext_lazy("notice", "title"), max_length=300)
    body = models.TextField(pgettext_lazy("notice", "text"), blank=True)
    link = models.CharField(pgettext_lazy("notice", "link"), max_length=500, blank=True,
                            help_text=_("A page of eISO (e.g. /models/12/) or a web address"))
    attachment = models.FileField(pgettext_lazy("notice", "attachment"), upload_to=notice_upload_to, blank=True,
                                  max_length=300)
    attachment_name = models.CharField(max_length=255, blank=True)
    audience = models.CharField(pgettext_lazy("notice", "audience"), max_length=16, choices=Audience.choices,
                                default=Audience.ALL)
    # levels, fields or obligation bases named by the audience; agency ids (as text) for a selection
    audience_values = ArrayField(models.CharField(max_length=64), default=list, blank=True)
    reply_by = models.DateField(pgettext_lazy("notice", "acknowledge by"), null=True, blank=True)
    status = models.CharField(pgettext_lazy("notice", "status"), max_length=16, choices=Status.choices,
                              default=Status.DRAFT)
    # Another area's key for the notice it sends (e.g. "model_procedures:12:1"): sent once per key.
    source_ref = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    sent_at = models.DateTimeField(pgettext_lazy("notice", "sent at"), null=True, blank=True)
    # The delivery's progress: receipts whose agency's people have been told (the Celery chunks count up).
    told_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at", "-created_at"]
        verbose_name = _("notice to agencies")
        verbose_name_plural = _("notices to agencies")
        constraints = [models.UniqueConstraint(fields=["province", "source_ref"], condition=~Q(source_ref=""),
                                               name="notice_source_once")]
        indexes = [models.Index(fields=["province", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


@tracked(exclude=["told_at"])  # the delivery's bookkeeping, not anybody's change
class Receipt(models.Model):
    """A notice as one agency received it: read, acknowledged (who, when), reminded."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="receipts",
                               verbose_name=_("notice to agencies"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="notice_receipts",
                               verbose_name=_("agency"))
    told_at = models.DateTimeField(null=True, blank=True)  # its people notified (the chunked send's idempotence)
    read_at = models.DateTimeField(pgettext_lazy("notice", "first read at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(pgettext_lazy("notice", "acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+")
    acknowledged_by_name = models.CharField(pgettext_lazy("notice", "acknowledged by"), max_length=200,
                                            blank=True)
    reply = models.TextField(pgettext_lazy("notice", "reply"), blank=True)
    reminded_on = models.DateField(null=True, blank=True)  # the last reminder (at most one a day)
    reminders = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["notice", "agency__name"]
        verbose_name = _("notice receipt")
        verbose_name_plural = _("notice receipts")
        constraints = [models.UniqueConstraint(fields=["notice", "agency"], name="notice_receipt_once")]
        indexes = [models.Index(fields=["agency", "acknowledged_at"])]

    def __str__(self) -> str:
        return f"{self.notice_id} → {self.agency_id}"

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None
