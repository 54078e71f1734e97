"""The REST endpoints of confirmation, announcement of conformity, publication state.

`GET announcement/state/` is the publication state with its reasons (announcement.selectors.publication_state,
the one answer); the head confirms with `POST announcement/confirmations/` and records the signed decision
with `POST announcement/announcements/` (JSON, or multipart with the signed file).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from accounts.roles import Perm
from announcement import selectors, services
from announcement.models import Announcement, Confirmation
from api.base import ERROR, ScopedViewSetMixin, valid
from api.object_schema import OneObjectListSchema


class ConfirmationSerializer(serializers.ModelSerializer):
    announcement = serializers.IntegerField(source="announcement.pk", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Confirmation
        fields = ["id", "confirmed_on", "head_name", "head_title", "note", "announcement", "recorded_at"]
        read_only_fields = ["id", "recorded_at"]


class ScopeTthcSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ScopeProcedureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    tthc = serializers.ListField(child=serializers.CharField())


class AnnouncementSerializer(serializers.ModelSerializer):
    scope_tthc = ScopeTthcSerializer(many=True, read_only=True)
    scope_procedures = ScopeProcedureSerializer(many=True, read_only=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = Announcement
        fields = ["id", "number", "signed_on", "signer_name", "signer_title", "confirmation", "scope_text",
                  "scope_tthc", "scope_procedures", "original_name", "has_file", "recorded_at"]
        read_only_fields = fields

    def get_has_file(self, obj) -> bool:
        return bool(obj.file)


class AnnounceSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=64)
    signed_on = serializers.DateField()
    signer_name = serializers.CharField(max_length=150)
    signer_title = serializers.CharField(max_length=200)
    scope_text = serializers.CharField(required=False, allow_blank=True, default="")
    file = serializers.FileField(required=False, allow_null=True, default=None)


class MilestoneSerializer(serializers.Serializer):
    key = serializers.CharField(source="milestone.key")
    label = serializers.CharField(source="milestone.label")
    required_to_apply = serializers.BooleanField(source="milestone.required_to_apply")
    reached_on = serializers.DateField(allow_null=True)


class StateSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=selectors.STATES)
    label = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    milestones = MilestoneSerializer(many=True, source="progress")
    new_tthc = ScopeTthcSerializer(many=True)
    announcement = serializers.IntegerField(source="announcement.pk", allow_null=True, default=None)
    announced_on = serializers.DateField(source="announcement.signed_on", allow_null=True, default=None)
    confirmation = serializers.IntegerField(source="confirmation.pk", allow_null=True, default=None,
                                            help_text="A confirmation no announcement has followed yet")


@extend_schema(tags=["announcement"])
class PublicationStateViewSet(viewsets.ViewSet):
    schema = OneObjectListSchema()  # `list` answers one object
    """The publication state of this agency's QMS, derived from its data."""

    required_perms = {"list": Perm.VIEW_QMS}
    pagination_class = None

    @extend_schema(summary="Publication state: not_built, building, applied, announced or outdated, with reasons",
                   responses={200: StateSerializer})
    def list(self, request):
        return Response(StateSerializer(selectors.publication_state(request.tenant)).data)


@extend_schema(tags=["announcement"])
@extend_schema_view(list=extend_schema(summary="The head's confirmations of the system's effectiveness"),
                    retrieve=extend_schema(summary="A confirmation"))
class ConfirmationViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):
    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "create": services.PERM}
    model = Confirmation
    serializer_class = ConfirmationSerializer
    http_method_names = ["get", "post", "head", "options"]

    def scoped_queryset(self):
        return selectors.confirmations()

    @extend_schema(summary="Confirm the system is effective (the head; only when it is applied)",
                   request=ConfirmationSerializer, responses={201: ConfirmationSerializer, 400: ERROR})
    def create(self, request):
        data = valid(ConfirmationSerializer, request.data)
        confirmation = services.confirm(actor=request.user, **data)
        return Response(ConfirmationSerializer(confirmation).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["announcement"])
@extend_schema_view(list=extend_schema(summary="Announcements of conformity, newest first"),
                    retrieve=extend_schema(summary="An announcement with its scope"))
class AnnouncementViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):
    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "create": services.PERM}
    model = Announcement
    serializer_class = AnnouncementSerializer
    http_method_names = ["get", "post", "head", "options"]

    def scoped_queryset(self):
        return selectors.announcements()

    @extend_schema(summary="Record the signed announcement decision (scope: the TTHC assigned now)",
                   request={"multipart/form-data": AnnounceSerializer, "application/json": AnnounceSerializer},
                   responses={201: AnnouncementSerializer, 400: ERROR})
    def create(self, request):
        data = valid(AnnounceSerializer, request.data)
        announcement = services.announce(actor=request.user, uploaded_file=data.pop("file"), **data)
        return Response(AnnouncementSerializer(announcement).data, status=status.HTTP_201_CREATED)


ROUTES = [("announcement/state", PublicationStateViewSet, "announcement-state"),
          ("announcement/confirmations", ConfirmationViewSet, "announcement-confirmation"),
          ("announcement/announcements", AnnouncementViewSet, "announcement-announcement")]
