"""One-stop dossiers over the API: imports (upload a CSV/JSON export, follow the job), the dossiers, and the
on-time rates per TTHC, per step and per month.

An import is a job run by Celery: POST answers 202 with the job at once, GET on it shows its progress, counts
and errors by line. The rules (what a good row is, what "on time" is) are dossiers.sources' and
dossiers.selectors'.
"""

from __future__ import annotations

from django import forms
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import Perm
from api.base import ERROR, ChoiceLabelField, ScopedViewSetMixin, valid
from dossiers import selectors, services
from dossiers.models import Dossier, DossierImport, DossierStep


class LineErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="CSV: the file's line (header = 1); JSON: the dossier's position")
    field = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class DossierImportSerializer(serializers.ModelSerializer):
    status_label = ChoiceLabelField("status", DossierImport.Status.choices)
    errors = LineErrorSerializer(many=True, read_only=True)
    started_by = serializers.CharField(source="started_by.display_name", read_only=True)

    class Meta:
        model = DossierImport
        fields = ["id", "file_name", "sha256", "format", "source", "status", "status_label", "rows_total",
                  "rows_done", "created_count", "updated_count", "unchanged_count", "errors", "started_by",
                  "created_at", "started_at", "finished_at"]


class DossierUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A one-stop export, .csv or .json; the format is in dossiers/sources.py")


@extend_schema(tags=["dossiers"])
@extend_schema_view(list=extend_schema(summary="Dossier imports, newest first"),
                    retrieve=extend_schema(summary="A dossier import: status, progress, counts, errors by line"))
class DossierImportViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                           viewsets.GenericViewSet):
    """Imports of one-stop exports, each a job run by Celery."""

    required_perms = {"list": services.IMPORT_PERM, "retrieve": services.IMPORT_PERM,
                      "create": services.IMPORT_PERM}
    model = DossierImport
    serializer_class = DossierImportSerializer
    http_method_names = ["get", "post", "head", "options"]

    def scoped_queryset(self):
        return selectors.visible_imports(self.request.user)

    @extend_schema(summary="Upload a one-stop export (CSV or JSON) and queue its import",
                   description="Answers 202 with the queued job; follow it with GET. Every row is checked first: "
                               "one bad row fails the job with every error by line and applies nothing. The "
                               "same file twice changes nothing (the second job counts every dossier unchanged).",
                   request={"multipart/form-data": DossierUploadSerializer},
                   responses={202: DossierImportSerializer, 400: ERROR, 403: ERROR})
    def create(self, request):
        data = valid(DossierUploadSerializer, request.data)
        job = services.start_import(actor=request.user, upload=data["file"])
        return Response(DossierImportSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class DossierStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = DossierStep
        fields = ["number", "name", "handler", "started_at", "finished_at", "due_at"]


class DossierSerializer(serializers.ModelSerializer):
    on_time = serializers.SerializerMethodField(help_text="resolved by the due time; null while open")

    class Meta:
        model = Dossier
        fields = ["id", "source", "external_id", "tthc_code", "tthc_name", "agency_name", "handler", "received_at",
                  "due_at", "resolved_at", "returned_at", "status", "on_time"]

    def get_on_time(self, dossier) -> bool | None:
        return None if dossier.resolved_at is None else dossier.resolved_at <= dossier.due_at


class DossierDetailSerializer(DossierSerializer):
    steps = DossierStepSerializer(many=True, read_only=True)

    class Meta(DossierSerializer.Meta):
        fields = [*DossierSerializer.Meta.fields, "steps"]


YEARS = (1900, 2999)


def whole_number(low: int, high: int, **kwargs) -> filters.NumberFilter:
    """A filter taking a whole number in [low, high], and saying so in the schema."""
    bounded = type("WholeNumberFilter", (filters.NumberFilter,), {"field_class": forms.IntegerField})
    bounded = extend_schema_field({"type": "integer", "minimum": low, "maximum": high,
                                   "description": str(kwargs.get("help_text", ""))})(bounded)
    return bounded(min_value=low, max_value=high, **kwargs)


class DossierFilter(filters.FilterSet):
    tthc = filters.CharFilter(method="filter_period", help_text="TTHC code, e.g. 1.001193")
    # Whole numbers in range (a fuzzer's year -2.9e16 or month 1e-238 reached date() and answered 500).
    year = whole_number(*YEARS, method="filter_period", help_text="Resolved in the year (open: received by its end)")
    month = whole_number(1, 12, method="filter_period", help_text="With year: resolved in that month")
    late = filters.BooleanFilter(method="filter_period", help_text="Only late ones: resolved late or open overdue")

    class Meta:
        model = Dossier
        fields = ["tthc", "year", "month", "late"]

    def filter_period(self, queryset, name, value):
        return queryset  # applied together in filter_queryset: year and month only mean something jointly

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        return selectors.filter_dossiers(queryset, tthc=data.get("tthc") or "",
                                         year=int(data["year"]) if data.get("year") else None,
                                         month=int(data["month"]) if data.get("month") else None,
                                         late=bool(data.get("late")))


RATE_ROW = {"total": serializers.IntegerField(), "resolved": serializers.IntegerField(),
            "on_time": serializers.IntegerField(), "late": serializers.IntegerField(),
            "open": serializers.IntegerField(), "open_overdue": serializers.IntegerField(),
            "rate": serializers.FloatField(allow_null=True, help_text="on time / resolved, percent")}
RATES = inline_serializer("DossierRates", {
    "totals": inline_serializer("DossierRateTotals", RATE_ROW),
    "by_tthc": inline_serializer("DossierRateTthc", {"tthc_code": serializers.CharField(),
                                                     "name": serializers.CharField(), **RATE_ROW}, many=True),
    "by_month": inline_serializer("DossierRateMonth", {"month": serializers.CharField(help_text="YYYY-MM"),
                                                       **RATE_ROW}, many=True),
    "by_step": inline_serializer("DossierRateStep", {"number": serializers.IntegerField(),
                                                     "name": serializers.CharField(), **RATE_ROW}, many=True)})


def _row(rates, **extra) -> dict:
    return {**extra, "total": rates.total, "resolved": rates.resolved, "on_time": rates.on_time,
            "late": rates.late, "open": rates.open, "open_overdue": rates.open_overdue, "rate": rates.rate}


@extend_schema(tags=["dossiers"])
@extend_schema_view(list=extend_schema(summary="Dossiers, by TTHC, period and lateness"),
                    retrieve=extend_schema(summary="A dossier with its steps"))
class DossierViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Dossiers imported from the one-stop system, and their on-time rates."""

    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "rates": Perm.VIEW_QMS}
    model = Dossier
    filterset_class = DossierFilter

    def get_serializer_class(self):
        return DossierDetailSerializer if self.action == "retrieve" else DossierSerializer

    def scoped_queryset(self):
        dossiers = selectors.visible_dossiers(self.request.user)
        return dossiers.prefetch_related("steps") if self.action == "retrieve" else dossiers

    @extend_schema(summary="On-time rates per TTHC, per month and (for one TTHC, or all) per step",
                   description="Filters as the list's: tthc, year, month. A dossier is on time when resolved by "
                               "its due time; the rate is on time / resolved (dossiers.selectors).",
                   parameters=[OpenApiParameter("tthc", OpenApiTypes.STR, description="TTHC code, e.g. 1.001193"),
                               OpenApiParameter("year", {"type": "integer", "minimum": YEARS[0], "maximum": YEARS[1]},
                                                description="Resolved in the year"),
                               OpenApiParameter("month", {"type": "integer", "minimum": 1, "maximum": 12},
                                                description="With year: that month")],
                   responses={200: RATES, 400: ERROR})
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def rates(self, request):
        data = dict(request.query_params.items())
        data.pop("late", None)
        dossiers = DossierFilter(data, queryset=self.get_queryset()).qs
        by_month = DossierFilter({k: v for k, v in data.items() if k != "month"}, queryset=self.get_queryset()).qs
        names = selectors.catalogue_names(request.tenant)
        return Response({
            "totals": _row(selectors.totals(dossiers)),
            "by_tthc": [_row(r, tthc_code=r.key, name=r.name) for r in selectors.rates_by_tthc(dossiers, names=names)],
            "by_month": [_row(r, month=r.key.strftime("%Y-%m")) for r in selectors.rates_by_month(by_month)],
            "by_step": [_row(r, number=r.key[0], name=r.name) for r in selectors.rates_by_step(dossiers)]})


ROUTES = [("dossiers", DossierViewSet, "dossier"), ("dossier-imports", DossierImportViewSet, "dossier-import")]
