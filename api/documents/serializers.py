"""How documented information looks over the API. Serializers shape data only; rules live in services."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.base import ChoiceLabelField, FastRowsMixin, row_api_url
from documents import selectors
from documents.models import (
    Attachment,
    Document,
    DocumentKind,
    Revision,
    RevisionState,
    Signoff,
)
from records.models import RecordRequirement

User = get_user_model()


class PersonSerializer(FastRowsMixin, serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name", "job_title"]


class MemberField(serializers.PrimaryKeyRelatedField):
    """A person picked by id among the active members of the request's agency (connection.tenant, set by
    the tenant middleware). Any other id, whether it names someone of another agency or no one, gets one
    neutral answer, so ids cannot be used to find out who exists elsewhere."""

    default_error_messages = {
        "does_not_exist": _("One of the chosen people is not a member of this agency."),
        "incorrect_type": _("One of the chosen people is not a member of this agency."),
    }

    def __init__(self, **kwargs):
        super().__init__(queryset=User.objects.none(), **kwargs)

    def get_queryset(self):
        from accounts.selectors import members

        return members(connection.tenant)


# ------------------------------------------------------------------------------------ small pieces

class LegalReferenceSerializer(serializers.Serializer):
    """A legal document the document rests on, kept in the province's legal register (a new number is added
    to it as the agency's own entry); `legal_document_id` is the register entry (/api/v1/legal/register/)."""

    number = serializers.CharField(max_length=64)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    issuer = serializers.CharField(max_length=200, required=False, allow_blank=True)
    issued_on = serializers.DateField(required=False, allow_null=True)
    effective_on = serializers.DateField(required=False, allow_null=True)
    articles = serializers.CharField(max_length=300, required=False, allow_blank=True)
    legal_document_id = serializers.IntegerField(read_only=True)


class RecordRequirementSerializer(serializers.ModelSerializer):
    class Meta:
        model = RecordRequirement
        fields = ["id", "document", "name", "kept_by", "retention"]
        read_only_fields = ["id"]


class FormSummarySerializer(FastRowsMixin, serializers.ModelSerializer):
    effective_edition = serializers.IntegerField(source="effective_revision.edition", default=None, read_only=True)

    class Meta:
        model = Document
        fields = ["id", "code", "title", "effective_edition"]


class AttachmentSerializer(FastRowsMixin, serializers.ModelSerializer):
    uploaded_by = PersonSerializer(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "revision", "original_name", "content_type", "size", "sha256", "uploaded_by",
                  "uploaded_at", "download_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, attachment) -> str:
        return row_api_url(self.context, "attachment-download", pk=attachment.pk)


class SignoffSerializer(FastRowsMixin, serializers.ModelSerializer):
    user = PersonSerializer(read_only=True)
    step_display = ChoiceLabelField("step", Signoff.Step.choices)
    decision_display = ChoiceLabelField("decision", Signoff.Decision.choices)
    snapshot_url = serializers.SerializerMethodField()

    class Meta:
        model = Signoff
        fields = ["id", "round", "step", "step_display", "user", "decision", "decision_display", "signer_name",
                  "signer_title", "comment", "decided_at", "snapshot_hash", "snapshot_pdf_sha256", "snapshot_url"]

    @extend_schema_field(serializers.URLField(allow_null=True))  # null until the sign-off is decided
    def get_snapshot_url(self, signoff) -> str | None:
        if not signoff.snapshot_pdf:
            return None
        return row_api_url(self.context, "revision-snapshot", pk=signoff.revision_id, signoff_id=signoff.pk)


# ------------------------------------------------------------------------------------------ revisions

class RevisionSummarySerializer(FastRowsMixin, serializers.ModelSerializer):
    state_display = ChoiceLabelField("state", RevisionState.choices)
    created_by = PersonSerializer(read_only=True)

    class Meta:
        model = Revision
        fields = ["id", "document", "edition", "state", "state_display", "issue_date", "change_summary",
                  "change_reason", "round", "review_policy", "approval_policy", "content_hash", "created_by",
                  "created_at", "submitted_at", "approved_at", "published_at", "ended_at"]


class RevisionDetailSerializer(RevisionSummarySerializer):
    signoffs = SignoffSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    current_step = serializers.SerializerMethodField()

    class Meta(RevisionSummarySerializer.Meta):
        fields = [*RevisionSummarySerializer.Meta.fields, "content", "current_step", "signoffs", "attachments"]

    @extend_schema_field(serializers.ChoiceField(choices=Signoff.Step.choices, allow_null=True))
    def get_current_step(self, revision) -> str | None:
        from documents.selectors import current_step

        return current_step(revision)


class StartRevisionSerializer(serializers.Serializer):
    document = serializers.IntegerField()
    change_summary = serializers.CharField(required=False, allow_blank=True, default="")
    change_reason = serializers.CharField(required=False, allow_blank=True, default="")


class UpdateDraftSerializer(serializers.Serializer):
    content = serializers.CharField(required=False, allow_blank=True)
    change_summary = serializers.CharField(required=False, allow_blank=True)
    change_reason = serializers.CharField(required=False, allow_blank=True)


class SubmitSerializer(serializers.Serializer):
    reviewers = MemberField(many=True, required=False, default=list)
    approvers = MemberField(many=True)
    review_policy = serializers.ChoiceField(choices=Revision.Policy.choices, default=Revision.Policy.ALL)
    approval_policy = serializers.ChoiceField(choices=Revision.Policy.choices, default=Revision.Policy.ANY)


class DecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[Signoff.Decision.AGREED, Signoff.Decision.CHANGES_REQUESTED])
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class PublishSerializer(serializers.Serializer):
    issue_date = serializers.DateField(required=False, allow_null=True, default=None)


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()


# ------------------------------------------------------------------------------------------ documents

class DocumentListSerializer(FastRowsMixin, serializers.ModelSerializer):
    kind_display = ChoiceLabelField("kind", DocumentKind.choices)
    effective_revision = RevisionSummarySerializer(read_only=True, allow_null=True)  # null until first published
    open_revision = serializers.SerializerMethodField()
    review_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "code", "title", "kind", "kind_display", "owner_unit", "owner", "procedure",
                  "review_interval_months", "review_due", "review_overdue", "withdrawn", "withdrawn_at",
                  "withdrawal_reason", "effective_revision", "open_revision", "created_at", "updated_at"]

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_open_revision(self, document) -> dict | None:
        # Annotated by the viewset (one query for the whole page).
        if getattr(document, "open_revision_id", None) is None:
            return None
        return {"id": document.open_revision_id, "edition": document.open_revision_edition,
                "state": document.open_revision_state}

    def get_review_overdue(self, document) -> bool:
        # Annotated on lists by selectors.with_list_columns; a single document is asked directly.
        overdue = getattr(document, "is_review_overdue", None)
        return selectors.is_review_overdue(document) if overdue is None else overdue


class DocumentDetailSerializer(DocumentListSerializer):
    effective_revision = RevisionDetailSerializer(read_only=True, allow_null=True)
    owner = PersonSerializer(read_only=True, allow_null=True)
    procedure = FormSummarySerializer(read_only=True, allow_null=True)  # a form's procedure; null for the rest
    legal_references = serializers.SerializerMethodField()
    forms = serializers.SerializerMethodField()
    record_requirements = RecordRequirementSerializer(many=True, read_only=True)
    revisions = serializers.SerializerMethodField()

    class Meta(DocumentListSerializer.Meta):
        fields = [*DocumentListSerializer.Meta.fields, "legal_references", "forms", "record_requirements",
                  "revisions"]

    @extend_schema_field(LegalReferenceSerializer(many=True))
    def get_legal_references(self, document):
        from documents.legal_basis import citations

        return LegalReferenceSerializer(citations(document), many=True).data

    @extend_schema_field(FormSummarySerializer(many=True))
    def get_forms(self, document):
        from documents.selectors import visible_documents

        # Staff see the forms in force; a form still being drafted is not theirs to use yet.
        forms = visible_documents(self.context["request"].user).filter(procedure=document).order_by("code")
        return FormSummarySerializer(forms, many=True).data

    @extend_schema_field(RevisionSummarySerializer(many=True))
    def get_revisions(self, document):
        from documents.selectors import visible_revisions

        request = self.context["request"]
        revisions = visible_revisions(request.user, document).select_related("created_by")
        return RevisionSummarySerializer(revisions, many=True, context=self.context).data


class DocumentWriteSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32)
    title = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    owner_unit = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True,
                                               default=None)
    procedure = serializers.IntegerField(required=False, allow_null=True, default=None)
    review_interval_months = serializers.IntegerField(min_value=1, max_value=120, required=False, default=12)
    review_due = serializers.DateField(required=False, allow_null=True)
    content = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text="Rich text (HTML) of the first edition; sanitised on save.")
    legal_references = LegalReferenceSerializer(many=True, required=False, default=list)


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField()


class DistributeSerializer(serializers.Serializer):
    users = MemberField(many=True)


class AcknowledgementSerializer(serializers.Serializer):
    revision = serializers.IntegerField(source="revision_id")
    user = serializers.IntegerField(source="user_id")
    acknowledged_at = serializers.DateTimeField()


class HistoryEventSerializer(serializers.Serializer):
    id = serializers.CharField()
    at = serializers.DateTimeField()
    event = serializers.CharField()
    model = serializers.CharField()
    object_label = serializers.CharField()
    object_id = serializers.CharField()
    user_id = serializers.IntegerField(allow_null=True)
    user_name = serializers.CharField()
    action = serializers.CharField()
    changes = serializers.DictField()
    data = serializers.DictField()
