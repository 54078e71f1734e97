"""The DOST's yearly reports (the November summary to the provincial People's Committee, the December report
to the ministry), built from the rollup by a Celery task, and the Word templates they are printed from.

Province-level rows in the public schema. A run keeps every figure it computed with the ids of the agencies
behind it, so each number of the report opens the list of those agencies, as it stood when the report was made.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import tracked
from core.storage import stored_name


def report_upload_to(instance, filename: str) -> str:
    return stored_name("province_reports", filename)


class ReportKind(models.TextChoices):
    NOVEMBER = "november_people_committee", _("November summary to the provincial People's Committee")
    DECEMBER = "december_ministry", _("December report to the Ministry of Science and Technology")


@tracked(exclude=["progress", "updated_at"])
class ReportRun(models.Model):
    """One report made for a province and a year: queued, built by the task with its progress, done or failed."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    province = models.ForeignKey("tenants.Province", on_delete=models.PROTECT, related_name="report_runs",
                                 verbose_name=_("province"))
    kind = models.CharField(_("report"), max_length=32, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.CharField(_("number"), max_length=64, blank=True, help_text=_("e.g. 215/BC-SKHCN"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)  # 0-100
    error = models.TextField(_("error"), blank=True)
    # the figures' labels and the files are written in the language of whoever asked, though a worker builds them
    language = models.CharField(max_length=8, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("requested by"))
    docx = models.FileField(_("Word file"), upload_to=report_upload_to, blank=True, max_length=255)
    xlsx = models.FileField(_("Excel file"), upload_to=report_upload_to, blank=True, max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("province report")
        verbose_name_plural = _("province reports")
        indexes = [models.Index(fields=["province", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def basename(self) -> str:
        stem = "bao-cao-ubnd-tinh" if self.kind == ReportKind.NOVEMBER else "bao-cao-bo-khcn"
        return f"{stem}-{self.year}-{self.pk}"


class ReportFigure(models.Model):
    """One number of a run (a count of agencies, a sum or a mean over them) and the agencies behind it."""

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="figures")
    key = models.CharField(max_length=64)
    section = models.CharField(max_length=64)
    section_label = models.CharField(max_length=300)
    label = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)
    value = models.FloatField(null=True, blank=True)
    agency_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["run", "key"], name="uniq_report_figure_key")]

    def __str__(self) -> str:
        return f"{self.key}={self.shown}"

    @property
    def shown(self) -> str:
        if self.value is None:
            return "—"
        if float(self.value).is_integer():
            return str(int(self.value))
        return f"{self.value:.1f}".replace(".", ",")  # Vietnamese decimal comma

    @property
    def agencies(self) -> int:
        return len(self.agency_ids)


@tracked(exclude=["updated_at"])
class ReportTemplate(models.Model):
    """A province's own Word template for a kind of report, replacing the default shipped with eISO."""

    province = models.ForeignKey("tenants.Province", on_delete=models.PROTECT, related_name="report_templates",
                                 verbose_name=_("province"))
    kind = models.CharField(_("report"), max_length=32, choices=ReportKind.choices)
    file = models.FileField(_("file"), upload_to=report_upload_to, max_length=255)
    file_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        constraints = [models.UniqueConstraint(fields=["province", "kind"], name="uniq_report_template_kind")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.file_name}"
