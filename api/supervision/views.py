"""The supervisor's province over the API: every supervised agency with its registered indicators, filtered,
sorted and paginated by the same selector as the dashboard (so both list the same agencies); an agency's
obligation basis and the province's compliance weights, kept by the DOST."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from accounts.roles import Perm
from api.agencies.views import AgencySerializer
from api.base import ERROR, ScopedViewSetMixin
from core.indicators import all_indicators
from supervision import scoring, selectors, services
from supervision.models import AgencyStatus, ComplianceWeight
from supervision.selectors import MAX_PAGE_SIZE, PAGE_SIZE, TableQuery
from tenants.models import Agency


class SupervisedAgencySerializer(AgencySerializer):
    class Meta(AgencySerializer.Meta):
        fields = [*AgencySerializer.Meta.fields, "obligation_basis", "field"]


class AgencyStatusSerializer(serializers.ModelSerializer):
    agency = SupervisedAgencySerializer()
    indicators = serializers.SerializerMethodField()
    computed = serializers.BooleanField(read_only=True)

    class Meta:
        model = AgencyStatus
        fields = ["agency", "indicators", "score", "refreshed_at", "computed"]

    @extend_schema_field(serializers.DictField(help_text="indicator key -> value, as registered by each area"))
    def get_indicators(self, row) -> dict:
        return {indicator.key: row.value(indicator.key) for indicator in all_indicators()}

    def to_representation(self, row):
        data = super().to_representation(row)
        data.update(data["indicators"])  # each indicator also as a top-level field, as before the registry
        return data


class ObligationSerializer(serializers.Serializer):
    obligation_basis = serializers.ChoiceField(choices=Agency.Obligation.choices)
    field = serializers.CharField(required=False, allow_blank=True, help_text="field of work, e.g. Y tế")


class TrendPointSerializer(serializers.Serializer):
    month = serializers.DateField()
    score = serializers.FloatField(allow_null=True)
    indicators = serializers.DictField(help_text="indicator key -> value that month (counts added up over "
                                                 "predecessors, ratios averaged, states the agency's own)")
    agencies = serializers.ListField(child=serializers.CharField(), help_text="whose snapshots make the month")
    carried = serializers.BooleanField(help_text="the month holds a predecessor's figures")


class ReasonsSerializer(serializers.Serializer):
    reasons = serializers.ListField(child=serializers.CharField(), help_text="in the request's language, e.g. "
                                    "the milestone or TTHC that keeps the announcement from being current")


class RollupPagination(PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


FILTERS = [
    OpenApiParameter("level", OpenApiTypes.STR, enum=[value for value, _label in selectors.level_choices()]),
    OpenApiParameter("obligation", OpenApiTypes.STR, enum=Agency.Obligation.values),
    OpenApiParameter("field", OpenApiTypes.STR, description="field of work, exactly"),
    OpenApiParameter("q", OpenApiTypes.STR, description="part of the agency's name, short name or code"),
    OpenApiParameter("alerting", OpenApiTypes.BOOL, description="only agencies with an indicator flagged"),
    OpenApiParameter("sort", OpenApiTypes.STR, description="name, code, level, score, obligation, refreshed or an "
                     "indicator key; a leading '-' sorts descending"),
    OpenApiParameter("page_size", OpenApiTypes.INT, description=f"rows per page, at most {MAX_PAGE_SIZE}"),
]


@extend_schema(tags=["supervision"])
@extend_schema_view(
    list=extend_schema(summary="Supervised agencies of the province with their indicators", parameters=FILTERS),
    retrieve=extend_schema(summary="One supervised agency's indicators"),
    trend=extend_schema(summary="One agency's months, its predecessors' before a merger or split",
                        responses=TrendPointSerializer(many=True)),
    reasons=extend_schema(summary="Why one agency's figures are what they are, in words, read now in its schema",
                          responses=ReasonsSerializer),
    obligation=extend_schema(summary="Set an agency's obligation basis and field of work (the DOST)", request=ObligationSerializer,
                             responses={200: AgencyStatusSerializer, 400: ERROR, 403: ERROR, 404: ERROR}))
class ProvinceAgencyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Every current agency the caller's DOST supervises (supervisor subdomain only), as the dashboard lists
    them: not the DOST itself, not historical agencies; `?level=…&obligation=…&q=…&alerting=1&sort=-score`
    and any TEXT indicator by its key (`?publication_state=…`), exactly as on the dashboard."""

    required_perms = {"list": Perm.SUPERVISE, "retrieve": Perm.SUPERVISE, "trend": Perm.SUPERVISE,
                      "reasons": Perm.SUPERVISE,
                      "obligation": Perm.MANAGE_PROVINCE_CATALOGUE}
    model = AgencyStatus
    serializer_class = AgencyStatusSerializer
    pagination_class = RollupPagination
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        tenant = getattr(self.request, "tenant", None)
        if tenant is None or not tenant.is_supervisor:
            return AgencyStatus.objects.none()
        query = TableQuery.from_params(self.request.query_params) if self.action == "list" else TableQuery()
        return selectors.table_rows(tenant.province_id, query).select_related("agency__province")

    @action(detail=True, methods=["get"], pagination_class=None)
    def trend(self, request, pk=None):
        row = self.get_object()
        return Response(TrendPointSerializer(selectors.agency_trend(row.agency), many=True).data)

    @action(detail=True, methods=["get"], pagination_class=None)
    def reasons(self, request, pk=None):
        row = self.get_object()
        return Response({"reasons": selectors.reasons(row.agency)})

    @action(detail=True, methods=["post"])
    def obligation(self, request, pk=None):
        row = self.get_object()
        body = ObligationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.set_obligation_basis(request.user, row.agency_id, body.validated_data["obligation_basis"],
                                      body.validated_data.get("field"))
        return Response(self.get_serializer(self.get_queryset().get(pk=row.pk)).data)


class WeightSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    weight = serializers.IntegerField(min_value=0, max_value=services.MAX_WEIGHT)


class WeightsSerializer(serializers.Serializer):
    weights = serializers.DictField(child=serializers.IntegerField(), help_text="indicator key -> weight 0-100")


def _weights(province_id: int) -> list[dict]:
    current = scoring.province_weights(province_id)
    return [{"key": i.key, "label": str(i.label), "kind": i.kind, "weight": current[i.key]}
            for i in scoring.scorable_indicators()]


@extend_schema(tags=["supervision"])
@extend_schema_view(
    list=extend_schema(summary="The province's compliance weights, one per scorable indicator",
                       responses=WeightSerializer(many=True)),
    set_weights=extend_schema(summary="Change some weights (the DOST); the scores are recomputed",
                              request=WeightsSerializer, responses={200: WeightSerializer(many=True), 400: ERROR,
                                                                    403: ERROR}))
class WeightViewSet(ScopedViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    required_perms = {"list": Perm.SUPERVISE, "set_weights": Perm.MANAGE_PROVINCE_CATALOGUE}
    model = ComplianceWeight
    serializer_class = WeightSerializer
    pagination_class = None

    def scoped_queryset(self):
        tenant = getattr(self.request, "tenant", None)
        if tenant is None or not tenant.is_supervisor:
            return ComplianceWeight.objects.none()
        return ComplianceWeight.objects.filter(province_id=tenant.province_id)

    def list(self, request, *args, **kwargs):
        if not request.tenant.is_supervisor:
            return Response([])
        return Response(_weights(request.tenant.province_id))

    @action(detail=False, methods=["post"], url_path="set")
    def set_weights(self, request):
        body = WeightsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.set_weights(request.user, body.validated_data["weights"])
        return Response(_weights(request.tenant.province_id))


ROUTES = [("supervision/agencies", ProvinceAgencyViewSet, "province-agency"),
          ("supervision/weights", WeightViewSet, "compliance-weight")]
