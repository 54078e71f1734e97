"""Mergers, splits, renames and dissolutions over the API: the DOST lists and records its province's events
(lineage.services, MANAGE_PROVINCE_CATALOGUE on its own site); any agency lists its predecessors, each with
the address of its site where the agency's people read it."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from accounts.roles import Perm
from api.base import ERROR, ScopedViewSetMixin, valid
from lineage import selectors, services
from tenants.models import Agency, LineageEvent


class LineageAgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "slug", "name", "code", "level", "valid_from", "valid_to", "status"]


class LineageEventSerializer(serializers.ModelSerializer):
    predecessors = LineageAgencySerializer(many=True, read_only=True)
    successors = LineageAgencySerializer(many=True, read_only=True)

    class Meta:
        model = LineageEvent
        fields = ["id", "kind", "effective_date", "legal_basis", "note", "former_name", "new_name", "predecessors",
                  "successors", "created_at"]


class NewAgencySerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    slug = serializers.CharField(max_length=50, help_text="the new agency's subdomain")
    level = serializers.ChoiceField(choices=[c for c in Agency.Level.choices if c[0] != Agency.Level.SUPERVISOR])
    code = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class RecordEventSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[LineageEvent.Kind.MERGE, LineageEvent.Kind.SPLIT,
                                            LineageEvent.Kind.RENAME, LineageEvent.Kind.DISSOLVE])
    effective_date = serializers.DateField()
    legal_basis = serializers.CharField(allow_blank=True, max_length=1000, help_text="e.g. Nghị quyết số 1687/NQ-UBTVQH15")
    note = serializers.CharField(allow_blank=True, required=False, default="")
    predecessors = serializers.ListField(child=serializers.IntegerField(), help_text="agency ids before the event")
    successors = serializers.ListField(child=serializers.IntegerField(), required=False, default=list,
                                       help_text="existing agency ids after the event")
    new_successors = NewAgencySerializer(many=True, required=False, default=list,
                                         help_text="agencies to create as successors (a merger, a split)")
    new_name = serializers.CharField(required=False, allow_blank=True, default="", help_text="a rename's new name")


@extend_schema(tags=["lineage"])
@extend_schema_view(
    list=extend_schema(summary="The province's mergers, splits, renames and dissolutions (the DOST)"),
    retrieve=extend_schema(summary="One lineage event"),
    create=extend_schema(summary="Record a merger, split, rename or dissolution (the DOST)",
                         request=RecordEventSerializer,
                         responses={201: LineageEventSerializer, 400: ERROR, 403: ERROR}))
class LineageEventViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """On the DOST's site: every event naming an agency of its province. Elsewhere: nothing."""

    required_perms = {"list": Perm.SUPERVISE, "retrieve": Perm.SUPERVISE, "create": Perm.MANAGE_PROVINCE_CATALOGUE}
    model = LineageEvent
    serializer_class = LineageEventSerializer
    lookup_value_regex = r"\d+"

    def scoped_queryset(self):
        tenant = getattr(self.request, "tenant", None)
        if tenant is None or not tenant.is_supervisor or tenant.province_id is None:
            return LineageEvent.objects.none()
        return selectors.province_events(tenant.province_id)

    def create(self, request, *args, **kwargs):
        body = valid(RecordEventSerializer, request.data)
        new = [services.NewAgency(**spec) for spec in body.pop("new_successors")]
        event = services.record_event(request.user, body.pop("kind"), new_successors=new, **body)
        return Response(LineageEventSerializer(self.get_queryset().get(pk=event.pk)).data,
                        status=status.HTTP_201_CREATED)


class PredecessorSerializer(serializers.Serializer):
    agency = LineageAgencySerializer()
    event = serializers.SerializerMethodField()
    depth = serializers.IntegerField(help_text="1: a direct predecessor, 2: a predecessor's predecessor ...")
    site_url = serializers.SerializerMethodField(help_text="where its QMS is read, read-only")

    def get_event(self, link) -> dict:
        return {"id": link.event.pk, "kind": link.event.kind, "effective_date": link.event.effective_date,
                "legal_basis": link.event.legal_basis}

    def get_site_url(self, link) -> str:
        return link.agency.site_url()


@extend_schema(tags=["lineage"])
@extend_schema_view(list=extend_schema(summary="The agencies this agency carries on from (read-only)",
                                       responses=PredecessorSerializer(many=True)))
class PredecessorViewSet(ScopedViewSetMixin, viewsets.GenericViewSet):
    required_perms = {"list": Perm.VIEW_QMS}
    model = Agency
    serializer_class = PredecessorSerializer
    pagination_class = None

    def scoped_queryset(self):
        return Agency.objects.none()

    def list(self, request, *args, **kwargs):
        return Response(PredecessorSerializer(selectors.predecessors_of(request.tenant), many=True).data)


ROUTES = [("lineage/events", LineageEventViewSet, "lineage-event"),
          ("lineage/predecessors", PredecessorViewSet, "lineage-predecessor")]
