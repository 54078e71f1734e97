"""Records over the API: what each procedure requires to keep, and records (hồ sơ) filed against it.

Downloads stream from the agency's own storage folder and are only reachable through a record the caller
may see in the agency of the subdomain: an id from another agency's schema simply does not exist here.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import Perm
from api.base import (
    BINARY,
    ERROR,
    AnyFileRenderer,
    FastRowsMixin,
    ScopedViewSetMixin,
    file_response,
    row_api_url,
)
from api.documents.serializers import (
    FormSummarySerializer,
    HistoryEventSerializer,
    PersonSerializer,
    RecordRequirementSerializer,
)
from documents import selectors
from records import selectors as records_selectors
from records import services as records_services
from records.history import record_history
from records.models import Record, RecordRequirement


class RecordSerializer(FastRowsMixin, serializers.ModelSerializer):
    procedure = FormSummarySerializer(source="document", read_only=True)
    filed_by = PersonSerializer(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Record
        fields = ["id", "document", "procedure", "requirement", "year", "title", "field", "reference",
                  "original_name", "content_type", "size", "sha256", "filed_by", "filed_at", "download_url"]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, record) -> str | None:
        if not record.file:
            return None
        return row_api_url(self.context, "record-download", pk=record.pk)


class FileRecordSerializer(serializers.Serializer):
    document = serializers.IntegerField(help_text="The procedure the record is filed against.")
    year = serializers.IntegerField()
    title = serializers.CharField(max_length=300)
    field = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    reference = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    requirement = serializers.IntegerField(required=False, allow_null=True, default=None)
    file = serializers.FileField(required=False, allow_null=True, default=None)


# What RecordSerializer reads, with FormSummarySerializer (the procedure) and PersonSerializer (the filer).
RECORD_ROW_COLUMNS = [
    "id", "document_id", "requirement_id", "year", "title", "field", "reference", "file", "original_name",
    "content_type", "size", "sha256", "filed_at", "filed_by_id",
    "document__id", "document__code", "document__title", "document__effective_revision_id",
    "document__effective_revision__id", "document__effective_revision__edition",
    "filed_by__id", "filed_by__username", "filed_by__full_name", "filed_by__first_name", "filed_by__last_name",
    "filed_by__job_title"]


class RecordFilter(filters.FilterSet):
    procedure = filters.NumberFilter(field_name="document_id", help_text="The procedure's document id")
    year = filters.NumberFilter(field_name="year")
    field = filters.CharFilter(field_name="field", lookup_expr="iexact", help_text="lĩnh vực, e.g. Hộ tịch")
    requirement = filters.NumberFilter(field_name="requirement_id")
    q = filters.CharFilter(method="filter_q", help_text="Full-text search (with or without diacritics).")

    class Meta:
        model = Record
        fields = ["procedure", "year", "field", "requirement"]

    def filter_q(self, queryset, name, value):
        from records.search import search_records

        return search_records(value, queryset=queryset)


@extend_schema(tags=["records"])
@extend_schema_view(list=extend_schema(summary="Records, by procedure, year, field and text"),
                    retrieve=extend_schema(summary="A record"))
class RecordViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    viewsets.GenericViewSet):
    """Records (hồ sơ) filed against procedures, as files or references to paper."""

    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "download": Perm.VIEW_QMS,
                      "create": Perm.FILE_RECORDS, "history": Perm.VIEW_HISTORY}
    model = Record
    serializer_class = RecordSerializer
    filterset_class = RecordFilter
    http_method_names = ["get", "post", "head", "options"]

    def scoped_queryset(self):
        # As on the records page: records of procedures the caller may see (staff: effective ones only).
        records = records_selectors.visible_records(self.request.user).select_related(
            "document__effective_revision", "filed_by")
        if self.action == "list":
            # Only the columns a row shows: a record's file text and search vector, its procedure's and
            # edition's columns were most of what a page of 50 read and turned into objects.
            return records.only(*RECORD_ROW_COLUMNS)
        return records.defer("extracted_text", "search_vector", "document__search_vector",
                             "document__effective_revision__content", "filed_by__password")

    @extend_schema(summary="File a record against a procedure and year (upload and/or reference)",
                   request={"multipart/form-data": FileRecordSerializer, "application/json": FileRecordSerializer},
                   responses={201: RecordSerializer, 400: ERROR})
    def create(self, request):
        serializer = FileRecordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        document = get_object_or_404(selectors.visible_documents(request.user), pk=data.pop("document"))
        requirement_id = data.pop("requirement")
        requirement = get_object_or_404(RecordRequirement, pk=requirement_id) if requirement_id else None
        record = records_services.file_record(actor=request.user, document=document, requirement=requirement,
                                              uploaded_file=data.pop("file"), **data)
        return Response(RecordSerializer(record, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="Download the record's file under its original name", responses=BINARY)
    @action(detail=True, methods=["get"], renderer_classes=[AnyFileRenderer])
    def download(self, request, pk=None):
        record = self.get_object()
        if not record.file:
            raise Http404
        return file_response(record.file, record.original_name, record.content_type or "application/octet-stream")

    @extend_schema(summary="Change history of the record", responses={200: HistoryEventSerializer(many=True)})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, pk=None):
        return Response(HistoryEventSerializer(record_history(self.get_object()), many=True).data)


class RecordRequirementFilter(filters.FilterSet):
    class Meta:
        model = RecordRequirement
        fields = ["document"]


@extend_schema(tags=["records"])
@extend_schema_view(list=extend_schema(summary="Records each procedure requires to keep"),
                    retrieve=extend_schema(summary="A required record"))
class RecordRequirementViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                               viewsets.GenericViewSet):
    """What each procedure says must be kept, where and for how long (section 7)."""

    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "create": Perm.EDIT_DOCUMENTS}
    model = RecordRequirement
    serializer_class = RecordRequirementSerializer
    filterset_class = RecordRequirementFilter
    http_method_names = ["get", "post", "head", "options"]

    def scoped_queryset(self):
        return records_selectors.visible_requirements(self.request.user)

    @extend_schema(summary="Add a record the procedure requires", request=RecordRequirementSerializer,
                   responses={201: RecordRequirementSerializer, 400: ERROR})
    def create(self, request):
        serializer = RecordRequirementSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        document = get_object_or_404(selectors.visible_documents(request.user), pk=data.pop("document").pk)
        requirement = records_services.add_record_requirement(document, actor=request.user, **data)
        return Response(RecordRequirementSerializer(requirement).data, status=status.HTTP_201_CREATED)


ROUTES = [("records", RecordViewSet, "record"),
          ("record-requirements", RecordRequirementViewSet, "record-requirement")]
