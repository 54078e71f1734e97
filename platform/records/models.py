"""Records (hồ sơ, ISO 9001:2015 7.5.3): what each procedure requires to be kept, and the records filed.

A record is filed against the procedure that requires it and a year, as an uploaded file, a reference to
where the paper is, or both; staff find them by procedure, year, field (lĩnh vực) and text. The tables
keep the names they had when records were part of documents (documents_record, documents_recordrequirement
and their history tables), so moving the code into its own app moved no data.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import tracked
from core.storage import stored_name


def record_upload_to(instance, filename: str) -> str:
    return stored_name("records", filename)


@tracked(meta={"db_table": "documents_recordrequirementevent"})
class RecordRequirement(models.Model):
    """A record (hồ sơ) a procedure requires: what, where it is kept, for how long."""

    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE, related_name="record_requirements")
    name = models.CharField(_("record"), max_length=300)
    kept_by = models.CharField(_("kept by / where"), max_length=150, blank=True)
    retention = models.CharField(_("retention"), max_length=64, blank=True,
                                 help_text=_("e.g. 5 năm, Lâu dài"))

    class Meta:
        db_table = "documents_recordrequirement"  # the table it had when records were part of documents
        ordering = ["document", "id"]
        verbose_name = _("required record")
        verbose_name_plural = _("required records")

    def __str__(self) -> str:
        return self.name


@tracked(exclude=["extracted_text", "search_vector"], meta={"db_table": "documents_recordevent"})
class Record(models.Model):
    """A record filed against a procedure and year, as an upload or a reference to where it is."""

    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="records",
                                 verbose_name=_("procedure"))
    requirement = models.ForeignKey(RecordRequirement, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="records", verbose_name=_("required record"))
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    field = models.CharField(_("field"), max_length=150, blank=True, help_text=_("lĩnh vực, e.g. Hộ tịch"))
    reference = models.CharField(_("reference"), max_length=300, blank=True,
                                 help_text=_("Where the paper record is, or its dossier number"))
    file = models.FileField(_("file"), upload_to=record_upload_to, blank=True, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(max_length=128, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    extracted_text = models.TextField(blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(auto_now_add=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        db_table = "documents_record"  # the table it had when records were part of documents
        ordering = ["-year", "document", "title"]
        verbose_name = _("record")
        verbose_name_plural = _("records")
        indexes = [GinIndex(fields=["search_vector"], name="record_search_gin"),
                   models.Index(fields=["document", "year"])]

    def __str__(self) -> str:
        return self.title
