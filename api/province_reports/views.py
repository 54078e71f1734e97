"""The November and December reports, built from the data, over the API.

On the DOST's site only (elsewhere the lists are empty and ids are not found): the runs (SUPERVISE reads them,
MAKE_PROVINCE_REPORTS asks for one: 202, then follow its progress with GET), each figure with the agencies
behind it, the Word and Excel files, and the province's Word templates (download, replace, reset).
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts.roles import Perm
from api.base import BINARY, ERROR, AnyFileRenderer, ChoiceLabelField, ScopedViewSetMixin, api_url, valid
from core.tabular import XLSX_TYPE, file_response
from province_reports import selectors, services
from province_reports.models import ReportFigure, ReportKind, ReportRun
from tenants.models import Agency


class FigureSerializer(serializers.ModelSerializer):
    shown = serializers.CharField(read_only=True, help_text="The value as the report prints it")
    agencies = serializers.IntegerField(read_only=True, help_text="How many agencies are behind the figure")
    url = serializers.SerializerMethodField(help_text="The figure with its agencies")

    class Meta:
        model = ReportFigure
        fields = ["id", "key", "section", "section_label", "label", "value", "shown", "agencies", "agency_ids", "url"]

    def get_url(self, figure) -> str:
        return api_url(self.context.get("request"), "province-report-figure-detail", pk=figure.pk)


class RunSerializer(serializers.ModelSerializer):
    kind_label = ChoiceLabelField("kind", ReportKind.choices)
    status_label = ChoiceLabelField("status", ReportRun.Status.choices)
    requested_by = serializers.CharField(source="requested_by.display_name", read_only=True)

    class Meta:
        model = ReportRun
        fields = ["id", "kind", "kind_label", "year", "number", "status", "status_label", "progress", "error",
                  "requested_by", "created_at", "started_at", "finished_at"]


class RunDetailSerializer(RunSerializer):
    figures = FigureSerializer(many=True, read_only=True)

    class Meta(RunSerializer.Meta):
        fields = [*RunSerializer.Meta.fields, "figures"]


class RunRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    year = serializers.IntegerField()
    number = serializers.CharField(max_length=64, required=False, allow_blank=True,
                                   help_text="e.g. 215/BC-SKHCN; blank: left to write by hand")


class FigureAgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "code", "name", "slug", "level", "obligation_basis"]


class FigureDetailSerializer(FigureSerializer):
    run = serializers.IntegerField(source="run_id", read_only=True)
    agency_list = serializers.SerializerMethodField()

    class Meta(FigureSerializer.Meta):
        fields = [*FigureSerializer.Meta.fields, "run", "agency_list"]

    @extend_schema_field(FigureAgencySerializer(many=True))
    def get_agency_list(self, figure) -> list[dict]:
        return FigureAgencySerializer(selectors.figure_agencies(figure), many=True).data


@extend_schema(tags=["province-reports"])
@extend_schema_view(list=extend_schema(summary="The province's reports, newest first"),
                    retrieve=extend_schema(summary="A report: status, progress and its figures"))
class RunViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reports of the province made from the rollup, each a run of a Celery task."""

    required_perms = {"list": Perm.SUPERVISE, "retrieve": Perm.SUPERVISE, "create": Perm.MAKE_PROVINCE_REPORTS,
                      "docx": Perm.SUPERVISE, "xlsx": Perm.SUPERVISE}
    model = ReportRun
    http_method_names = ["get", "post", "head", "options"]

    def get_serializer_class(self):
        return RunDetailSerializer if self.action == "retrieve" else RunSerializer

    def scoped_queryset(self):
        runs = selectors.visible_runs(self.request.user, self.request.tenant)
        return runs.prefetch_related("figures") if self.action == "retrieve" else runs

    @extend_schema(summary="Make a report (queued; follow it with GET)", request=RunRequestSerializer,
                   responses={202: RunSerializer, 400: ERROR, 403: ERROR})
    def create(self, request):
        data = valid(RunRequestSerializer, request.data)
        run = services.request_report(actor=request.user, **data)
        return Response(RunSerializer(run).data, status=status.HTTP_202_ACCEPTED)

    def _file(self, field_name: str, suffix: str, content_type: str):
        run = self.get_object()
        field = getattr(run, field_name)
        if run.status != ReportRun.Status.DONE or not field:
            raise Http404
        with field.open("rb") as handle:
            return file_response(handle.read(), f"{run.basename}.{suffix}", content_type)

    @extend_schema(summary="The report as a Word file", responses=BINARY)
    @action(detail=True, methods=["get"], renderer_classes=[AnyFileRenderer])
    def docx(self, request, pk=None):
        return self._file("docx", "docx", services.DOCX_TYPE)

    @extend_schema(summary="Every figure and the agencies behind it, as an Excel workbook", responses=BINARY)
    @action(detail=True, methods=["get"], renderer_classes=[AnyFileRenderer])
    def xlsx(self, request, pk=None):
        return self._file("xlsx", "xlsx", XLSX_TYPE)


@extend_schema(tags=["province-reports"])
@extend_schema_view(retrieve=extend_schema(summary="A report's figure and the agencies behind it"))
class FigureViewSet(ScopedViewSetMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    required_perms = {"retrieve": Perm.SUPERVISE}
    model = ReportFigure
    serializer_class = FigureDetailSerializer

    def scoped_queryset(self):
        return selectors.visible_figures(self.request.user, self.request.tenant)


class TemplateSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    custom = serializers.BooleanField(help_text="The province's own template; false: eISO's default")
    file_name = serializers.CharField(allow_blank=True)
    updated_at = serializers.DateTimeField(allow_null=True)


class TemplateUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    file = serializers.FileField(help_text="A Word file (.docx) with the report's tags")


class TemplateKindSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)


KIND = OpenApiParameter("kind", str, enum=list(ReportKind.values), required=True)


@extend_schema(tags=["province-reports"])
class TemplateViewSet(viewsets.ViewSet):
    """The province's Word templates, one per kind of report."""

    required_perms = {"list": Perm.MAKE_PROVINCE_REPORTS, "download": Perm.MAKE_PROVINCE_REPORTS,
                      "upload": Perm.MAKE_PROVINCE_REPORTS, "reset": Perm.MAKE_PROVINCE_REPORTS}

    def _rows(self) -> list[dict]:
        custom = {t.kind: t for t in selectors.visible_templates(self.request.user, self.request.tenant)}
        return [{"kind": value, "kind_label": str(label), "custom": value in custom,
                 "file_name": custom[value].file_name if value in custom else "",
                 "updated_at": custom[value].updated_at if value in custom else None}
                for value, label in ReportKind.choices]

    def _province(self) -> int:
        province_id = selectors.province_of(self.request.user, self.request.tenant)
        if province_id is None:
            raise Http404
        return province_id

    @extend_schema(summary="The template in use for each kind of report", responses=TemplateSerializer(many=True))
    def list(self, request):
        self._province()
        return Response(TemplateSerializer(self._rows(), many=True).data)

    @extend_schema(summary="Download the Word template in use for a kind of report", parameters=[KIND],
                   responses=BINARY)
    @action(detail=False, methods=["get"], renderer_classes=[AnyFileRenderer])
    def download(self, request):
        province_id = self._province()
        kind = request.query_params.get("kind", "")
        if kind not in ReportKind.values:
            raise Http404
        data, name = services.template_bytes(province_id, kind)
        return file_response(data, name, services.DOCX_TYPE)

    @extend_schema(summary="Replace the province's template of a kind (refused, nothing changed, if it does not "
                           "render with every figure)",
                   request={"multipart/form-data": TemplateUploadSerializer},
                   responses={200: TemplateSerializer(many=True), 400: ERROR, 403: ERROR})
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def upload(self, request):
        data = valid(TemplateUploadSerializer, request.data)
        services.upload_template(actor=request.user, kind=data["kind"], upload=data["file"])
        return Response(TemplateSerializer(self._rows(), many=True).data)

    @extend_schema(summary="Go back to eISO's default template for a kind", request=TemplateKindSerializer,
                   responses={200: TemplateSerializer(many=True), 400: ERROR, 403: ERROR})
    @action(detail=False, methods=["post"])
    def reset(self, request):
        data = valid(TemplateKindSerializer, request.data)
        services.reset_template(actor=request.user, kind=data["kind"])
        return Response(TemplateSerializer(self._rows(), many=True).data)


ROUTES = [("province-reports/runs", RunViewSet, "province-report"),
          ("province-reports/figures", FigureViewSet, "province-report-figure"),
          ("province-reports/templates", TemplateViewSet, "province-report-template")]
