"""Documented information over the API: documents, their revisions and the workflow actions.

Endpoints are thin: they read input, look the object up in what the caller may see (services.
visible_documents / visible_revisions, in the agency of the subdomain), and call one service function.
Every rule and its translated error lives in documents.services. Files and records: api/documents_files.py.
"""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import Perm
from documents import history, services
from documents.models import ISSUED_STATES, OPEN_STATES, Document, Revision, RevisionState

from .documents_files import AnyFileRenderer, file_response
from .documents_serializers import (
    AcknowledgementSerializer,
    AttachmentSerializer,
    DecideSerializer,
    DistributeSerializer,
    DocumentDetailSerializer,
    DocumentListSerializer,
    DocumentWriteSerializer,
    HistoryEventSerializer,
    PersonSerializer,
    PublishSerializer,
    RevisionDetailSerializer,
    RevisionSummarySerializer,
    ScopedViewSetMixin,
    StartRevisionSerializer,
    SubmitSerializer,
    UpdateDraftSerializer,
    UploadSerializer,
    WithdrawSerializer,
)

ERROR = OpenApiResponse(description="A rule said no: {code, detail} with a translated sentence.")
BINARY = {(200, "application/octet-stream"): OpenApiTypes.BINARY}


class DocumentFilter(filters.FilterSet):
    kind = filters.CharFilter(field_name="kind")
    state = filters.ChoiceFilter(choices=RevisionState.choices, method="filter_state",
                                 help_text="Documents having an edition in this state.")
    effective = filters.BooleanFilter(method="filter_effective", help_text="true: has an effective edition")
    review_overdue = filters.BooleanFilter(method="filter_overdue", help_text="true: periodic review is due")
    q = filters.CharFilter(method="filter_q", help_text="Full-text search (with or without diacritics).")
    include_withdrawn = filters.BooleanFilter(method="filter_noop",
                                              help_text="Staff: also list withdrawn documents once issued.")

    class Meta:
        model = Document
        fields = ["kind", "procedure", "owner"]

    def filter_state(self, queryset, name, value):
        if value not in ISSUED_STATES and not services.sees_unpublished(self.request.user):
            return queryset.none()
        return queryset.filter(pk__in=Revision.objects.filter(state=value).values("document_id"))

    def filter_effective(self, queryset, name, value):
        return queryset.filter(effective_revision__isnull=not value)

    def filter_overdue(self, queryset, name, value):
        from django.utils import timezone

        overdue = {"effective_revision__isnull": False, "review_due__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)

    def filter_q(self, queryset, name, value):
        from documents.search import search_documents

        return search_documents(value, queryset=queryset) if value.strip() else queryset

    def filter_noop(self, queryset, name, value):
        return queryset  # read by the viewset's get_queryset


@extend_schema(tags=["documents"])
@extend_schema_view(
    list=extend_schema(summary="Documents the caller may see (staff: effective ones only)"),
    retrieve=extend_schema(summary="A document with its effective edition, references, forms and records"),
)
class DocumentViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    """Documents of the agency (procedures, forms, policy, decisions...), each with its editions."""

    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "create": Perm.EDIT_DOCUMENTS,
                      "partial_update": Perm.EDIT_DOCUMENTS, "withdraw": Perm.PUBLISH_DOCUMENTS,
                      "distribute": Perm.PUBLISH_DOCUMENTS, "acknowledge": Perm.VIEW_QMS,
                      "unread": Perm.PUBLISH_DOCUMENTS, "history": Perm.VIEW_HISTORY}
    model = Document
    filterset_class = DocumentFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def scoped_queryset(self):
        include_withdrawn = self.request.query_params.get("include_withdrawn") in ("true", "1", "True")
        documents = services.visible_documents(self.request.user, include_withdrawn=include_withdrawn)
        if not services.sees_unpublished(self.request.user):
            return documents.select_related("effective_revision__created_by")
        open_revisions = Revision.objects.filter(document=OuterRef("pk"), state__in=OPEN_STATES)
        return documents.select_related("effective_revision__created_by").annotate(
            open_revision_id=Subquery(open_revisions.values("pk")[:1]),
            open_revision_edition=Subquery(open_revisions.values("edition")[:1]),
            open_revision_state=Subquery(open_revisions.values("state")[:1]))

    def get_serializer_class(self):
        return DocumentDetailSerializer if self.action == "retrieve" else DocumentListSerializer

    def get_object(self):
        document = super().get_object()
        if self.action == "retrieve":
            document = (Document.objects.select_related("owner", "procedure", "effective_revision__created_by")
                        .prefetch_related("legal_references", "record_requirements",
                                          "effective_revision__signoffs__user",
                                          "effective_revision__attachments__uploaded_by")
                        .get(pk=document.pk))
        return document

    def _detail(self, document, code=status.HTTP_200_OK):
        self.action = "retrieve"  # the full shape, whatever action changed it
        document = self.get_queryset().get(pk=document.pk)
        return Response(DocumentDetailSerializer(document, context=self.get_serializer_context()).data,
                        status=code)

    @extend_schema(summary="Create a document with its first edition as a draft", request=DocumentWriteSerializer,
                   responses={201: DocumentDetailSerializer, 400: ERROR})
    def create(self, request):
        data = _valid(DocumentWriteSerializer, request.data)
        data.pop("review_due", None)
        document = services.create_document(actor=request.user, **data)
        return self._detail(document, status.HTTP_201_CREATED)

    @extend_schema(summary="Change a document's metadata (and legal references)",
                   request=DocumentWriteSerializer(partial=True), responses={200: DocumentDetailSerializer, 400: ERROR})
    def partial_update(self, request, pk=None):
        document = self.get_object()
        data = _valid(DocumentWriteSerializer, request.data, partial=True)
        data.pop("content", None)
        references = data.pop("legal_references", None)
        services.update_document(document, actor=request.user, **data)
        if "legal_references" in request.data:
            services.set_legal_references(document, actor=request.user, references=references or [])
        return self._detail(document)

    @extend_schema(summary="Withdraw the effective edition", request=WithdrawSerializer,
                   responses={200: DocumentDetailSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        document = self.get_object()
        services.withdraw(document, actor=request.user, **_valid(WithdrawSerializer, request.data))
        return self._detail(document)

    @extend_schema(summary="Distribute the document to members of staff", request=DistributeSerializer,
                   responses={200: PersonSerializer(many=True), 400: ERROR})
    @action(detail=True, methods=["post"])
    def distribute(self, request, pk=None):
        document = self.get_object()
        services.distribute(document, actor=request.user, **_valid(DistributeSerializer, request.data))
        return Response(PersonSerializer(services.unread_users(document), many=True).data)

    @extend_schema(summary="Mark the effective edition as read by the caller", request=None,
                   responses={200: AcknowledgementSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        document = self.get_object()
        # Without an effective edition the service explains why nothing can be acknowledged.
        revision = document.effective_revision or document.revisions.order_by("-edition").first()
        acknowledgement = services.acknowledge(revision, user=request.user)
        return Response(AcknowledgementSerializer(acknowledgement).data)

    @extend_schema(summary="Staff it was distributed to who have not read the effective edition",
                   responses={200: PersonSerializer(many=True)})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def unread(self, request, pk=None):
        return Response(PersonSerializer(services.unread_users(self.get_object()), many=True).data)

    @extend_schema(summary="Change history of the document, its revisions, sign-offs and files",
                   responses={200: HistoryEventSerializer(many=True)})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, pk=None):
        document = get_object_or_404(Document, pk=pk)
        return Response(HistoryEventSerializer(history.document_history(document), many=True).data)


class RevisionFilter(filters.FilterSet):
    class Meta:
        model = Revision
        fields = ["document", "state"]


@extend_schema(tags=["revisions"])
@extend_schema_view(
    list=extend_schema(summary="Editions the caller may see (filter by document)"),
    retrieve=extend_schema(summary="An edition with its content, sign-offs and attached files"),
)
class RevisionViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    """Editions of documents and their workflow: draft, review, approval, publication."""

    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "create": Perm.EDIT_DOCUMENTS,
                      "partial_update": Perm.EDIT_DOCUMENTS, "submit": Perm.EDIT_DOCUMENTS,
                      "decide": Perm.REVIEW_DOCUMENTS, "publish": Perm.PUBLISH_DOCUMENTS,
                      "attachments": Perm.EDIT_DOCUMENTS, "snapshot": Perm.VIEW_QMS}
    model = Revision
    filterset_class = RevisionFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def scoped_queryset(self):
        user = self.request.user
        revisions = Revision.objects.filter(
            document__in=services.visible_documents(user, include_withdrawn=True).values("pk"))
        if not services.sees_unpublished(user):
            revisions = revisions.filter(state__in=ISSUED_STATES)
        revisions = revisions.select_related("document", "created_by").order_by("document__code", "-edition")
        if self.action != "list":
            revisions = revisions.prefetch_related("signoffs__user", "attachments__uploaded_by")
        return revisions

    def get_serializer_class(self):
        return RevisionSummarySerializer if self.action == "list" else RevisionDetailSerializer

    def _detail(self, revision, code=status.HTTP_200_OK):
        revision = self.get_queryset().prefetch_related("signoffs__user", "attachments__uploaded_by").get(
            pk=revision.pk)
        return Response(RevisionDetailSerializer(revision, context=self.get_serializer_context()).data, status=code)

    @extend_schema(summary="Start a new edition of a document (a draft copied from the effective one)",
                   request=StartRevisionSerializer, responses={201: RevisionDetailSerializer, 400: ERROR})
    def create(self, request):
        data = _valid(StartRevisionSerializer, request.data)
        document = get_object_or_404(services.visible_documents(request.user), pk=data.pop("document"))
        return self._detail(services.start_revision(document, actor=request.user, **data), status.HTTP_201_CREATED)

    @extend_schema(summary="Edit a draft", request=UpdateDraftSerializer,
                   responses={200: RevisionDetailSerializer, 400: ERROR})
    def partial_update(self, request, pk=None):
        revision = services.update_draft(self.get_object(), actor=request.user,
                                         **_valid(UpdateDraftSerializer, request.data))
        return self._detail(revision)

    @extend_schema(summary="Submit for review and approval (the caller signs as drafter)",
                   request=SubmitSerializer, responses={200: RevisionDetailSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        revision = services.submit_for_review(self.get_object(), actor=request.user,
                                              **_valid(SubmitSerializer, request.data))
        return self._detail(revision)

    @extend_schema(summary="Agree, or ask for changes, as a pending reviewer or approver",
                   request=DecideSerializer, responses={200: RevisionDetailSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        revision = services.decide(self.get_object(), actor=request.user, **_valid(DecideSerializer, request.data))
        return self._detail(revision)

    @extend_schema(summary="Publish an approved edition (supersedes the previous one)", request=PublishSerializer,
                   responses={200: RevisionDetailSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        revision = services.publish(self.get_object(), actor=request.user, **_valid(PublishSerializer, request.data))
        return self._detail(revision)

    @extend_schema(summary="Attach a DOCX, PDF or XLSX file to a draft (type checked by content)",
                   request={"multipart/form-data": UploadSerializer},
                   responses={201: AttachmentSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def attachments(self, request, pk=None):
        data = _valid(UploadSerializer, request.data)
        attachment = services.add_attachment(self.get_object(), actor=request.user, uploaded_file=data["file"])
        return Response(AttachmentSerializer(attachment, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="The frozen PDF snapshot a sign-off was given on",
                   parameters=[OpenApiParameter("signoff_id", int, OpenApiParameter.PATH)], responses=BINARY)
    @action(detail=True, methods=["get"], url_path=r"signoffs/(?P<signoff_id>\d+)/snapshot",
            url_name="snapshot", renderer_classes=[AnyFileRenderer])
    def snapshot(self, request, pk=None, signoff_id=None):
        revision = self.get_object()
        signoff = get_object_or_404(revision.signoffs.exclude(snapshot_pdf=""), pk=signoff_id)
        name = f"{revision.document.code}-lan-{revision.edition}-{signoff.step}-{signoff.pk}.pdf"
        return file_response(signoff.snapshot_pdf, name, "application/pdf")


def _valid(serializer_class, data, **kwargs) -> dict:
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
