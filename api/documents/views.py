"""Documented information over the API: documents, their revisions and the workflow actions.

Endpoints are thin: they read input, look the object up in what the caller may see (documents.selectors,
in the agency of the subdomain), and call one service function. Every rule and its translated error lives
in documents.services and documents.selectors. Files and records: api/documents/files.py.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import Perm
from api.base import BINARY, ERROR, AnyFileRenderer, ScopedViewSetMixin, file_response, valid
from documents import history, selectors, services
from documents.models import Document, Revision, RevisionState
from documents.selectors import DocumentFilters

from .serializers import (
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
    StartRevisionSerializer,
    SubmitSerializer,
    UpdateDraftSerializer,
    UploadSerializer,
    WithdrawSerializer,
)

# Columns no list row shows: the search vector, the edition's full text, the author's account columns.
LIST_DEFERRED = ["search_vector", "effective_revision__content",
                 *(f"effective_revision__created_by__{name}" for name in (
                     "password", "last_login", "is_superuser", "email", "is_staff", "is_active", "date_joined"))]


class DocumentFilter(filters.FilterSet):
    """The API's names for documents.selectors.filter_documents, which holds every rule."""

    kind = filters.CharFilter(method="narrow")
    state = filters.ChoiceFilter(choices=RevisionState.choices, method="narrow",
                                 help_text="Documents having an edition in this state.")
    effective = filters.BooleanFilter(method="narrow", help_text="true: has an effective edition")
    review_overdue = filters.BooleanFilter(method="narrow", help_text="true: periodic review is due")
    due = filters.ChoiceFilter(choices=[("overdue", "overdue"), ("soon", "soon")], method="narrow",
                               help_text="overdue: due for review now (legal changes included); soon: within 30 days")
    q = filters.CharFilter(method="narrow", help_text="Full-text search (with or without diacritics).")
    owner_unit = filters.CharFilter(method="narrow")
    procedure = filters.NumberFilter(method="narrow", help_text="Forms and documents belonging to this procedure")
    owner = filters.NumberFilter(method="narrow", help_text="The person in charge (user id)")
    include_withdrawn = filters.BooleanFilter(method="filter_noop",
                                              help_text="Staff: also list withdrawn documents once issued.")

    class Meta:
        model = Document
        fields = []

    def narrow(self, queryset, name, value):
        value = int(value) if name in ("procedure", "owner") else value
        return selectors.filter_documents(self.request.user, queryset, DocumentFilters(**{name: value}))

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
        documents = selectors.visible_documents(self.request.user, include_withdrawn=include_withdrawn)
        documents = selectors.with_open_revision_columns(self.request.user, documents)
        if self.action == "list":
            # A row shows neither the search vector nor the edition's text: leave them in the database
            # (with ~5 KB of content per edition they were most of what a page of 50 read).
            documents = documents.defer(*LIST_DEFERRED)
        return documents

    def get_serializer_class(self):
        return DocumentDetailSerializer if self.action == "retrieve" else DocumentListSerializer

    def get_object(self):
        document = super().get_object()
        if self.action == "retrieve":
            document = (Document.objects.select_related("owner", "procedure", "effective_revision__created_by")
                        .prefetch_related("record_requirements",
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
        data = valid(DocumentWriteSerializer, request.data)
        data.pop("review_due", None)
        document = services.create_document(actor=request.user, **data)
        return self._detail(document, status.HTTP_201_CREATED)

    @extend_schema(summary="Change a document's metadata (and legal references)",
                   request=DocumentWriteSerializer(partial=True), responses={200: DocumentDetailSerializer, 400: ERROR})
    def partial_update(self, request, pk=None):
        document = self.get_object()
        data = valid(DocumentWriteSerializer, request.data, partial=True)
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
        services.withdraw(document, actor=request.user, **valid(WithdrawSerializer, request.data))
        return self._detail(document)

    @extend_schema(summary="Distribute the document to members of staff", request=DistributeSerializer,
                   responses={200: PersonSerializer(many=True), 400: ERROR})
    @action(detail=True, methods=["post"], pagination_class=None)  # answers a plain list, not a page
    def distribute(self, request, pk=None):
        document = self.get_object()
        services.distribute(document, actor=request.user, **valid(DistributeSerializer, request.data))
        return Response(PersonSerializer(selectors.unread_users(document), many=True).data)

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
        return Response(PersonSerializer(selectors.unread_users(self.get_object()), many=True).data)

    @extend_schema(summary="Change history of the document, its revisions, sign-offs and files",
                   responses={200: HistoryEventSerializer(many=True)})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, pk=None):
        return Response(HistoryEventSerializer(history.document_history(self.get_object()), many=True).data)


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
        revisions = (selectors.visible_revisions(self.request.user).select_related("document", "created_by")
                     .order_by("document__code", "-edition"))
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
        data = valid(StartRevisionSerializer, request.data)
        document = get_object_or_404(selectors.visible_documents(request.user), pk=data.pop("document"))
        return self._detail(services.start_revision(document, actor=request.user, **data), status.HTTP_201_CREATED)

    @extend_schema(summary="Edit a draft", request=UpdateDraftSerializer,
                   responses={200: RevisionDetailSerializer, 400: ERROR})
    def partial_update(self, request, pk=None):
        revision = services.update_draft(self.get_object(), actor=request.user,
                                         **valid(UpdateDraftSerializer, request.data))
        return self._detail(revision)

    @extend_schema(summary="Submit for review and approval (the caller signs as drafter)",
                   request=SubmitSerializer, responses={200: RevisionDetailSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        revision = services.submit_for_review(self.get_object(), actor=request.user,
                                              **valid(SubmitSerializer, request.data))
        return self._detail(revision)

    @extend_schema(summary="Agree, or ask for changes, as a pending reviewer or approver",
                   request=DecideSerializer, responses={200: RevisionDetailSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        revision = services.decide(self.get_object(), actor=request.user, **valid(DecideSerializer, request.data))
        return self._detail(revision)

    @extend_schema(summary="Publish an approved edition (supersedes the previous one)", request=PublishSerializer,
                   responses={200: RevisionDetailSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        revision = services.publish(self.get_object(), actor=request.user, **valid(PublishSerializer, request.data))
        return self._detail(revision)

    @extend_schema(summary="Attach a DOCX, PDF or XLSX file to a draft (type checked by content)",
                   request={"multipart/form-data": UploadSerializer},
                   responses={201: AttachmentSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def attachments(self, request, pk=None):
        data = valid(UploadSerializer, request.data)
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


ROUTES = [("documents", DocumentViewSet, "document"), ("revisions", RevisionViewSet, "revision")]
