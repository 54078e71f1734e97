"""The supervisor's province over the API: every supervised agency with its registered indicators."""

from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from accounts.roles import Perm
from api.agencies.views import AgencySerializer
from core.indicators import all_indicators
from supervision.models import AgencyStatus
from supervision.selectors import supervised_rows


class AgencyStatusSerializer(serializers.ModelSerializer):
    agency = AgencySerializer()
    indicators = serializers.SerializerMethodField()

    class Meta:
        model = AgencyStatus
        fields = ["agency", "indicators", "refreshed_at"]

    @extend_schema_field(serializers.DictField(help_text="indicator key -> value, as registered by each area"))
    def get_indicators(self, row) -> dict:
        return {indicator.key: row.value(indicator.key) for indicator in all_indicators()}

    def to_representation(self, row):
        data = super().to_representation(row)
        data.update(data["indicators"])  # each indicator also as a top-level field, as before the registry
        return data


@extend_schema(tags=["supervision"])
@extend_schema_view(list=extend_schema(summary="Supervised agencies of the province with their indicators"),
                    retrieve=extend_schema(summary="One supervised agency's indicators"))
class ProvinceAgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Every current agency the caller's DOST supervises (supervisor subdomain only), as the dashboard lists
    them: not the DOST itself, not historical agencies."""

    required_perms = Perm.SUPERVISE
    serializer_class = AgencyStatusSerializer
    queryset = AgencyStatus.objects.none()  # for the schema generator; get_queryset scopes every request
    filterset_fields = {"agency__level": ["exact"]}

    def get_queryset(self):
        tenant = getattr(self.request, "tenant", None)
        if tenant is None or not tenant.is_supervisor:
            return AgencyStatus.objects.none()
        return supervised_rows(tenant.province_id)


ROUTES = [("supervision/agencies", ProvinceAgencyViewSet, "province-agency")]
