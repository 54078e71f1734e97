"""Dossiers (hồ sơ TTHC) of the one-stop system, imported to measure how many are resolved on time.

A dossier is what a citizen files for one TTHC at the one-stop desk (Bộ phận Một cửa) or on the public-service
portal: received, due, resolved and returned times, the handler, and the steps it went through when the
system records them. The one-stop system is the source of truth; these rows are a copy, matched by
(source, external id), so importing the same export again changes nothing (dossiers/services.py).
The TTHC code is an opaque string as in the national database (no key to the public catalogue: no foreign
key leaves an agency schema). Steps are replaced with their dossier and keep no history of their own.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.history import tracked
from core.storage import stored_name


def import_upload_to(instance, filename: str) -> str:
    return stored_name("dossier-imports", filename)


@tracked(exclude=["updated_at"])
class Dossier(models.Model):
    """One dossier as the one-stop system exported it (times in the agency's time zone, stored as UTC)."""

    class Status(models.TextChoices):
        PROCESSING = "processing", _("Being processed")
        RESOLVED = "resolved", pgettext_lazy("dossier", "Resolved")
        RETURNED = "returned", _("Returned to the applicant")

    source = models.CharField(_("source system"), max_length=32, default="mot-cua")
    external_id = models.CharField(_("dossier number"), max_length=64)
    tthc_code = models.CharField(_("TTHC code"), max_length=32, db_index=True)
    tthc_name = models.CharField(_("procedure name"), max_length=500, blank=True)
    agency_name = models.CharField(_("handling agency"), max_length=255, blank=True)
    handler = models.CharField(_("handler"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("received"))
    due_at = models.DateTimeField(_("due"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PROCESSING)
    # sha256 of the normalised record and its steps: an import writes a dossier only when this differs.
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "external_id"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        constraints = [models.UniqueConstraint(fields=["source", "external_id"], name="dossier_unique_source_id")]
        indexes = [models.Index(fields=["tthc_code", "resolved_at"]), models.Index(fields=["resolved_at"]),
                   models.Index(fields=["received_at"])]

    def __str__(self) -> str:
        return f"{self.external_id} ({self.tthc_code})"


class DossierStep(models.Model):
    """One step of a dossier's processing (tiếp nhận, thẩm định, phê duyệt, trả kết quả…), when recorded."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("step"))
    name = models.CharField(_("step name"), max_length=300, blank=True)
    handler = models.CharField(_("handler"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)

    class Meta:
        ordering = ["dossier", "number"]
        verbose_name = _("dossier step")
        verbose_name_plural = _("dossier steps")
        constraints = [models.UniqueConstraint(fields=["dossier", "number"], name="dossier_step_unique_number")]

    def __str__(self) -> str:
        return f"{self.dossier_id}/{self.number} {self.name}"


@tracked(exclude=["updated_at", "rows_done"])
class DossierImport(models.Model):
    """An import of a one-stop export, run by Celery; the row carries its progress, counts and errors."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        JSON = "json", "JSON"

    file = models.FileField(_("file"), upload_to=import_upload_to, max_length=255)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64)
    format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    source = models.CharField(_("source system"), max_length=32, default="mot-cua")
    # errors are written in the language of whoever sent the file, though a worker writes them
    language = models.CharField(max_length=8, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    created_count = models.PositiveIntegerField(_("added"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)  # [{line, field, message}]
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("started by"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("dossier import")
        verbose_name_plural = _("dossier imports")

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else (100 if self.finished else 0)
