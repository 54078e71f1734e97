"""The agency registry over the API: this agency's own record, and the province list for supervisors."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import Perm
from history_seal.selectors import last_check, with_last_check
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


class RegistryAgencyFilter(filters.FilterSet):
    province = filters.CharFilter(field_name="province__code", help_text="province code, e.g. 86")
    level = filters.ChoiceFilter(choices=Agency.Level.choices)
    current = filters.BooleanFilter(method="filter_current", help_text="true: in force today; false: historical")

    class Meta:
        model = Agency
        fields = ["province", "level", "current"]

    def filter_current(self, queryset, name, value):
        current = Agency.objects.current().values("pk")
        return queryset.filter(pk__in=current) if value else queryset.exclude(pk__in=current)


class HistoryCheckSerializer(serializers.Serializer):
    """The last nightly check of the agency's sealed history (history_seal)."""

    checked_at = serializers.DateTimeField()
    intact = serializers.BooleanField()
    events = serializers.IntegerField(help_text="history events sealed")
    first_broken = serializers.CharField(allow_null=True, help_text="the first altered, deleted or unsealed event")


class RegistryAgencySerializer(AgencySerializer):
    province = serializers.CharField(source="province.code", default=None)
    province_name = serializers.CharField(source="province.name", default=None)
    parent = serializers.CharField(source="parent.slug", default=None, allow_null=True)
    schema_name = serializers.CharField()
    history_check = serializers.SerializerMethodField()

    class Meta(AgencySerializer.Meta):
        fields = [*AgencySerializer.Meta.fields, "province_name", "parent", "schema_name", "created_at",
                  "history_check"]

    @extend_schema_field(HistoryCheckSerializer(allow_null=True))
    def get_history_check(self, agency):
        check = last_check(agency)
        return HistoryCheckSerializer(check).data if check else None


class RegistryAgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Every agency of the platform (public API, platform operators), filterable by province, level and date."""

    required_perms = Perm.OPERATE_PLATFORM
    serializer_class = RegistryAgencySerializer
    filterset_class = RegistryAgencyFilter
    queryset = with_last_check(Agency.objects.agencies()).select_related("province", "parent").order_by(
        "province__code", "level", "name")
    lookup_field = "slug"
