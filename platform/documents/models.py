"""Documented information (ISO 9001:2015 clause 7.5), one set per agency schema.

A Document is the stable thing staff look for (code QT-HT-01, title, kind); each edition is a Revision
that moves draft -> in review -> (changes requested ->) approved -> published -> superseded / withdrawn.
Sign-offs record who drafted, reviewed and approved what, with a frozen snapshot of exactly that content.
State changes happen only in documents.services; history is kept by pghistory triggers, in the same
schema. Records (hồ sơ) filed against procedures are the records app's.

References to people (public.accounts_user) carry no database constraint: a constraint from every agency
schema would put two triggers per schema on the one users table (bench/shared_fk_triggers.py: 29 ms per
login update and 17 MB per connection at 1,000 agencies). Users are deactivated, never deleted.
"""

from __future__ import annotations

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from core.history import tracked
from core.storage import stored_name


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
# What may still be edited, and what is frozen evidence of an approval.
EDITABLE_STATES = [RevisionState.DRAFT, RevisionState.CHANGES_REQUESTED]
FROZEN_STATES = [RevisionState.APPROVED, RevisionState.PUBLISHED, RevisionState.SUPERSEDED,
                 RevisionState.WITHDRAWN]
# Editions that were once in force: staff may open them with their sign-offs.
ISSUED_STATES = [RevisionState.PUBLISHED, RevisionState.SUPERSEDED, RevisionState.WITHDRAWN]


def attachment_upload_to(instance, filename: str) -> str:
    return stored_name("documents", filename)


def record_upload_to(instance, filename: str) -> str:
    # Records are the records app's now (records.models); migration 0001 still names this function.
    return stored_name("records", filename)


def snapshot_upload_to(instance, filename: str) -> str:
    return stored_name("signoffs", filename)


@tracked(exclude=["search_vector", "updated_at"])
class Document(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True, help_text=_("e.g. QT-HT-01"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=32, choices=DocumentKind.choices)
    owner_unit = models.CharField(_("owner unit"), max_length=150, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("owner"))
    procedure = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="forms", verbose_name=_("belongs to procedure"),
                                  help_text=_("For a form or guidance: the procedure it belongs to"))
    review_due = models.DateField(_("review due"), null=True, blank=True)
    review_interval_months = models.PositiveSmallIntegerField(_("review every (months)"), default=12)
    effective_revision = models.ForeignKey("Revision", on_delete=models.SET_NULL, null=True, blank=True,
                                           related_name="+", verbose_name=_("effective revision"))
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    distributed_to = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                            through="Distribution", through_fields=("document", "user"),
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
        # "qt-ht-01" and "QT-HT-01" are the same code to a reader; the database settles races between two.
        constraints = [models.UniqueConstraint(Upper("code"), name="unique_document_code_ci")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


@tracked()
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
    # Each submission for review starts a new round of sign-offs; earlier rounds stay as evidence.
    round = models.PositiveSmallIntegerField(_("review round"), default=1)
    # sha256 of the canonical content at approval (see snapshots.py); publication checks it still holds.
    content_hash = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.PROTECT, related_name="+")
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
        # The database itself refuses to rewrite approved evidence, whatever code path tries.
        triggers = [
            pgtrigger.Protect(
                name="frozen_revision_content", operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__state__in=FROZEN_STATES) & (
                    pgtrigger.Q(old__content__df=pgtrigger.F("new__content"))
                    | pgtrigger.Q(old__change_summary__df=pgtrigger.F("new__change_summary"))
                    | pgtrigger.Q(old__change_reason__df=pgtrigger.F("new__change_reason"))
                    | pgtrigger.Q(old__content_hash__df=pgtrigger.F("new__content_hash"))
                    | pgtrigger.Q(old__edition__df=pgtrigger.F("new__edition"))
                    | pgtrigger.Q(old__document_id__df=pgtrigger.F("new__document_id")))),
            pgtrigger.Protect(
                name="ended_revision_is_final", operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__state__in=[RevisionState.SUPERSEDED, RevisionState.WITHDRAWN],
                                      old__state__df=pgtrigger.F("new__state"))),
            pgtrigger.Protect(name="only_drafts_are_deleted", operation=pgtrigger.Delete,
                              condition=~pgtrigger.Q(old__state=RevisionState.DRAFT)),
        ]

    def __str__(self) -> str:
        return f"{self.document.code} lần {self.edition}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_frozen(self) -> bool:
        return self.state in FROZEN_STATES


@tracked(exclude=["extracted_text"])
class Attachment(models.Model):
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=128)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    extracted_text = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        triggers = [
            # A stored file never changes under its row: a new file is a new attachment.
            pgtrigger.Protect(name="attachment_file_immutable", operation=pgtrigger.Update,
                              condition=pgtrigger.AnyChange("file", "sha256", "size", "content_type",
                                                            "revision")),
            # Nothing is added to or removed from an approved edition.
            pgtrigger.Trigger(
                name="attachment_of_frozen_revision", when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Delete,
                func=pgtrigger.Func(f"""
                    IF EXISTS (SELECT 1 FROM documents_revision r
                               WHERE r.id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.revision_id
                                             ELSE NEW.revision_id END)
                                 AND r.state IN ({", ".join(f"'{s}'" for s in FROZEN_STATES)})) THEN
                        RAISE EXCEPTION 'pgtrigger: attachments of an approved revision cannot change'
                            USING ERRCODE = 'integrity_constraint_violation';
                    END IF;
                    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                    RETURN NEW;
                """)),  # nosec B608  # the states are constants of this module
        ]

    def __str__(self) -> str:
        return self.original_name


@tracked()
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
    round = models.PositiveSmallIntegerField(_("review round"), default=1)
    step = models.CharField(_("step"), max_length=16, choices=Step.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("decision"), max_length=24, choices=Decision.choices, default=Decision.PENDING)
    # Name and title as they were when signing: people change jobs, evidence must not.
    signer_name = models.CharField(_("name"), max_length=150, blank=True)
    signer_title = models.CharField(_("title"), max_length=150, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    decided_at = models.DateTimeField(_("date"), null=True, blank=True)
    # Evidence of exactly what was signed: the sha256 of the canonical content and its PDF rendering.
    snapshot_pdf = models.FileField(_("snapshot (PDF)"), upload_to=snapshot_upload_to, blank=True,
                                    max_length=255)
    snapshot_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    snapshot_pdf_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["revision", "round", "step", "id"]
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        constraints = [models.UniqueConstraint(fields=["revision", "round", "step", "user"],
                                               name="one_signoff_per_step")]
        triggers = [
            # Once frozen, a sign-off is evidence: no update, no delete.
            pgtrigger.Protect(name="frozen_signoff", operation=pgtrigger.Update | pgtrigger.Delete,
                              condition=~pgtrigger.Q(old__snapshot_hash="")),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.signer_name or self.user_id}"


class Distribution(models.Model):
    """A document handed to a member of staff, who is then expected to read each effective edition."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="distributions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.CASCADE, related_name="+")
    distributed_by = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.SET_NULL, null=True,
                                       blank=True, related_name="+")
    distributed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")
        constraints = [models.UniqueConstraint(fields=["document", "user"], name="one_distribution")]

    def __str__(self) -> str:
        return f"{self.document_id} -> {self.user_id}"


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent(), append_only=True)
class Acknowledgement(models.Model):
    """A member of staff has read an edition distributed to them."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.CASCADE, related_name="+")
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["revision", "user"], name="one_acknowledgement")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.revision_id}"
