"""Documented information (ISO 9001:2015 clause 7.5), one set per agency schema.

A Document is the stable thing staff look for (code QT-HT-01, title, kind); each edition is a Revision
that moves draft -> in review -> (changes requested ->) approved -> published -> superseded / withdrawn.
Sign-offs record who drafted, reviewed and approved what, with a frozen snapshot of exactly that content.
Records (hồ sơ) are filed against the procedure that requires them. State changes happen only in
documents.services; history is kept by pghistory triggers, in the same schema.
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    QUALITY_POLICY = "quality_policy", _("Quality policy")
    QUALITY_OBJECTIVES = "quality_objectives", _("Quality objectives")
    QUALITY_MANUAL = "quality_manual", _("Quality manual")
    SYSTEM_PROCEDURE = "system_procedure", _("System procedure")
    INTERNAL_PROCEDURE = "internal_procedure", _("Internal procedure")
    TTHC_PROCEDURE = "tthc_procedure", _("Administrative procedure (TTHC) process")
    GUIDANCE = "guidance", _("Guidance")
    FORM = "form", _("Form (biểu mẫu)")
    DECISION = "decision", _("Decision")


class RevisionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published (effective)")
    SUPERSEDED = "superseded", _("Superseded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A document has at most one revision in the making at a time.
OPEN_STATES = [RevisionState.DRAFT, RevisionState.IN_REVIEW, RevisionState.CHANGES_REQUESTED,
               RevisionState.APPROVED]


@pghistory.track()
class Document(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True, help_text=_("e.g. QT-HT-01"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=32, choices=DocumentKind.choices)
    owner_unit = models.CharField(_("owner unit"), max_length=150, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("owner"))
    procedure = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="forms", verbose_name=_("belongs to procedure"),
                                  help_text=_("For a form or guidance: the procedure it belongs to"))
    review_due = models.DateField(_("review due"), null=True, blank=True)
    review_interval_months = models.PositiveSmallIntegerField(_("review every (months)"), default=12)
    effective_revision = models.ForeignKey("Revision", on_delete=models.SET_NULL, null=True, blank=True,
                                           related_name="+", verbose_name=_("effective revision"))
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    distributed_to = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                            verbose_name=_("distributed to"))
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [GinIndex(fields=["search_vector"], name="document_search_gin"),
                   models.Index(fields=["kind", "code"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


@pghistory.track()
class LegalReference(models.Model):
    """A legal document a QMS document rests on; when it changes, the document is due for review."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="legal_references")
    number = models.CharField(_("number and symbol"), max_length=64, help_text=_("e.g. 26/2014/TT-BKHCN"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    issuer = models.CharField(_("issuing body"), max_length=150, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    articles = models.CharField(_("articles"), max_length=150, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("legal reference")
        verbose_name_plural = _("legal references")

    def __str__(self) -> str:
        return self.number


@pghistory.track()
class Revision(models.Model):
    class Policy(models.TextChoices):
        ALL = "all", _("All of them")
        ANY = "any", _("Any one of them")

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="revisions")
    edition = models.PositiveSmallIntegerField(_("edition"))
    state = models.CharField(_("state"), max_length=24, choices=RevisionState.choices, default=RevisionState.DRAFT)
    content = models.TextField(_("content"), blank=True)
    change_summary = models.TextField(_("what changed"), blank=True)
    change_reason = models.TextField(_("why"), blank=True)
    review_policy = models.CharField(_("reviews needed"), max_length=8, choices=Policy.choices, default=Policy.ALL)
    approval_policy = models.CharField(_("approvals needed"), max_length=8, choices=Policy.choices,
                                       default=Policy.ANY)
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["document", "-edition"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(fields=["document", "edition"], name="unique_edition"),
            models.UniqueConstraint(fields=["document"], condition=Q(state__in=OPEN_STATES),
                                    name="one_open_revision_per_document"),
            models.UniqueConstraint(fields=["document"], condition=Q(state=RevisionState.PUBLISHED),
                                    name="one_effective_revision_per_document"),
        ]

    def __str__(self) -> str:
        return f"{self.document.code} lần {self.edition}"


@pghistory.track()
class Attachment(models.Model):
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("file"), upload_to="documents/%Y/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=128)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    extracted_text = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


@pghistory.track()
class Signoff(models.Model):
    """One person's part in a revision: drafted, reviewed or approved, with a frozen snapshot."""

    class Step(models.TextChoices):
        DRAFTED = "drafted", _("Drafted")
        REVIEW = "review", _("Reviewed")
        APPROVAL = "approval", _("Approved")

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        AGREED = "agreed", _("Agreed")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="signoffs")
    step = models.CharField(_("step"), max_length=16, choices=Step.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("decision"), max_length=24, choices=Decision.choices, default=Decision.PENDING)
    # Name and title as they were when signing: people change jobs, evidence must not.
    signer_name = models.CharField(_("name"), max_length=150, blank=True)
    signer_title = models.CharField(_("title"), max_length=150, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    decided_at = models.DateTimeField(_("date"), null=True, blank=True)
    snapshot_pdf = models.FileField(upload_to="signoffs/%Y/", blank=True)
    snapshot_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["revision", "step", "id"]
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        constraints = [models.UniqueConstraint(fields=["revision", "step", "user"], name="one_signoff_per_step")]

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.signer_name or self.user_id}"


class Acknowledgement(models.Model):
    """A member of staff has read an edition distributed to them."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["revision", "user"], name="one_acknowledgement")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.revision_id}"


@pghistory.track()
class RecordRequirement(models.Model):
    """A record (hồ sơ) a procedure requires: what, where it is kept, for how long."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="record_requirements")
    name = models.CharField(_("record"), max_length=300)
    kept_by = models.CharField(_("kept by / where"), max_length=150, blank=True)
    retention = models.CharField(_("retention"), max_length=64, help_text=_("e.g. 5 năm, Lâu dài"))

    class Meta:
        ordering = ["document", "id"]
        verbose_name = _("required record")
        verbose_name_plural = _("required records")

    def __str__(self) -> str:
        return self.name


@pghistory.track()
class Record(models.Model):
    """A record filed against a procedure and year, as an upload or a reference to where it is."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="records",
                                 verbose_name=_("procedure"))
    requirement = models.ForeignKey(RecordRequirement, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="records", verbose_name=_("required record"))
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    field = models.CharField(_("field"), max_length=150, blank=True, help_text=_("lĩnh vực, e.g. Hộ tịch"))
    reference = models.CharField(_("reference"), max_length=300, blank=True,
                                 help_text=_("Where the paper record is, or its dossier number"))
    file = models.FileField(_("file"), upload_to="records/%Y/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    extracted_text = models.TextField(blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(auto_now_add=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-year", "document", "title"]
        verbose_name = _("record")
        verbose_name_plural = _("records")
        indexes = [GinIndex(fields=["search_vector"], name="record_search_gin"),
                   models.Index(fields=["document", "year"])]

    def __str__(self) -> str:
        return self.title
