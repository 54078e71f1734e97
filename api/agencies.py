"""The agency registry over the API: this agency's own record, and the province list for supervisors."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import Perm
from supervision.models import AgencyStatus
from tenants.models import Agency


class AgencySerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.name", default=None)
    url = serializers.CharField(source="site_url")

    class Meta:
        model = Agency
        fields = ["id", "uid", "code", "name", "short_name", "slug", "level", "province", "valid_from", "valid_to",
                  "status", "url"]


class CurrentAgencyView(APIView):
    required_perms = Perm.VIEW_QMS

    @extend_schema(responses=AgencySerializer, tags=["agencies"])
    def get(self, request):
        return Response(AgencySerializer(request.tenant).data)


class AgencyStatusSerializer(serializers.ModelSerializer):
    agency = AgencySerializer()

    class Meta:
        model = AgencyStatus
        fields = ["agency", "documents_total", "documents_effective", "system_procedures_effective",
                  "documents_review_overdue", "revisions_in_review", "records_this_year", "refreshed_at"]


class ProvinceAgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Every agency of the supervisor's province with its rollup row (supervisor subdomain only)."""

    required_perms = Perm.SUPERVISE
    serializer_class = AgencyStatusSerializer
    filterset_fields = {"agency__level": ["exact"]}

    def get_queryset(self):
        tenant = self.request.tenant
        if not tenant.is_supervisor:
            return AgencyStatus.objects.none()
        return (AgencyStatus.objects.select_related("agency", "agency__province")
                .filter(agency__province_id=tenant.province_id, agency__kind=Agency.Kind.AGENCY)
                .order_by("agency__level", "agency__name"))
