"""The ISO steering committee over the API: its decisions, and its members present and past.

Appointing is `POST members/`, a new role is `PATCH members/{id}/` (the row leaves and a new one joins, so
the answer is the new row), leaving is `POST members/{id}/remove/`; each names the decision it follows.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts.roles import Perm
from api.base import (
    BINARY,
    ERROR,
    AnyFileRenderer,
    ChoiceLabelField,
    ScopedViewSetMixin,
    WholeBodyMixin,
    file_response,
    valid,
)
from api.documents.serializers import HistoryEventSerializer
from committee import selectors, services
from committee.models import CommitteeDecision, CommitteeMember, CommitteeRole, DecisionKind


class CommitteeDecisionSerializer(serializers.ModelSerializer):
    kind_label = ChoiceLabelField("kind", DecisionKind.choices)
    has_signed_file = serializers.SerializerMethodField()

    class Meta:
        model = CommitteeDecision
        fields = ["id", "number", "signed_on", "signer", "title", "kind", "kind_label", "reference", "recorded_at",
                  "has_signed_file", "signed_file_name"]
        read_only_fields = ["id", "recorded_at", "has_signed_file", "signed_file_name"]

    def get_has_signed_file(self, decision) -> bool:
        return bool(decision.signed_file)


class CommitteeSignedFileSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The signed decision: PDF, PNG, JPG, DOCX or DOC.")


class CommitteeMemberSerializer(serializers.ModelSerializer):
    role_label = ChoiceLabelField("role", CommitteeRole.choices)
    current = serializers.BooleanField(read_only=True)

    class Meta:
        model = CommitteeMember
        fields = ["id", "user", "name", "position", "role", "role_label", "joined_on", "left_on", "appointed_by",
                  "removed_by", "current"]


class CommitteeAppointSerializer(serializers.Serializer):
    decision = serializers.IntegerField(help_text="The decision appointing the member.")
    role = serializers.ChoiceField(choices=CommitteeRole.choices)
    user = serializers.IntegerField(required=False, allow_null=True, default=None,
                                    help_text="A person of the agency; or leave empty and give `name`.")
    name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    position = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    joined_on = serializers.DateField(required=False, allow_null=True, default=None)


class CommitteeChangeRoleSerializer(WholeBodyMixin, serializers.Serializer):
    decision = serializers.IntegerField()
    role = serializers.ChoiceField(choices=CommitteeRole.choices)
    position = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class CommitteeRemoveSerializer(serializers.Serializer):
    decision = serializers.IntegerField()
    left_on = serializers.DateField(required=False, allow_null=True, default=None)


def _decision(pk) -> CommitteeDecision:
    return get_object_or_404(selectors.decisions(), pk=pk)


@extend_schema(tags=["committee"])
@extend_schema_view(list=extend_schema(summary="Decisions establishing and changing the ISO steering committee"),
                    retrieve=extend_schema(summary="A committee decision"))
class CommitteeDecisionViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                               viewsets.GenericViewSet):
    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "create": services.PERM,
                      "signed_file": Perm.VIEW_QMS, "attach_signed_file": services.PERM, "paper": Perm.VIEW_QMS}
    model = CommitteeDecision
    serializer_class = CommitteeDecisionSerializer
    http_method_names = ["get", "post", "head", "options"]

    def scoped_queryset(self):
        return selectors.decisions()

    @extend_schema(summary="Record a decision", request=CommitteeDecisionSerializer,
                   responses={201: CommitteeDecisionSerializer, 400: ERROR})
    def create(self, request):
        data = valid(CommitteeDecisionSerializer, request.data)
        decision = services.record_decision(actor=request.user, **data)
        return Response(CommitteeDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Download the signed decision", responses=BINARY)
    @action(detail=True, methods=["get"], url_path="signed-file", renderer_classes=[AnyFileRenderer])
    def signed_file(self, request, pk=None):
        decision = self.get_object()
        if not decision.signed_file:
            raise Http404
        return file_response(decision.signed_file, decision.signed_file_name,
                             decision.signed_file_type or "application/octet-stream")

    @extend_schema(summary="Keep the signed decision (a scan or the issued file; replaces an earlier one)",
                   request={"multipart/form-data": CommitteeSignedFileSerializer},
                   responses={200: CommitteeDecisionSerializer, 400: ERROR})
    @action(detail=True, methods=["post"], url_path="attach-signed-file",
            parser_classes=[MultiPartParser, FormParser])
    def attach_signed_file(self, request, pk=None):
        decision = self.get_object()
        data = valid(CommitteeSignedFileSerializer, request.data)
        decision = services.attach_signed_file(decision, actor=request.user, uploaded_file=data["file"])
        return Response(CommitteeDecisionSerializer(decision).data)

    @extend_schema(summary="The decision in the Decree 30 layout, to print and sign", responses={
        (200, "application/pdf"): OpenApiTypes.BINARY,
        (200, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"): OpenApiTypes.BINARY},
        parameters=[OpenApiParameter("fmt", str, enum=["pdf", "docx"], description="pdf (default) or docx")])
    @action(detail=True, methods=["get"], renderer_classes=[AnyFileRenderer])
    def paper(self, request, pk=None):
        from committee.papers import printed
        from core.tabular import file_response as bytes_response

        paper = printed(self.get_object(), request.query_params.get("fmt", "pdf"))
        if paper is None:
            raise Http404  # a file action answers files; an unknown format is not there
        return bytes_response(*paper)


class MemberFilter(filters.FilterSet):
    current = filters.BooleanFilter(field_name="left_on", lookup_expr="isnull", help_text="Serving now.")

    class Meta:
        model = CommitteeMember
        fields = ["current", "role"]


@extend_schema(tags=["committee"])
@extend_schema_view(list=extend_schema(summary="Members of the ISO steering committee, present and past"),
                    retrieve=extend_schema(summary="A committee member"))
class CommitteeMemberViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                             viewsets.GenericViewSet):
    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "create": services.PERM,
                      "partial_update": services.PERM, "remove": services.PERM, "history": Perm.VIEW_HISTORY}
    model = CommitteeMember
    serializer_class = CommitteeMemberSerializer
    filterset_class = MemberFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def scoped_queryset(self):
        return selectors.members().order_by("joined_on", "id")

    @extend_schema(summary="Appoint a member by a decision", request=CommitteeAppointSerializer,
                   responses={201: CommitteeMemberSerializer, 400: ERROR})
    def create(self, request):
        data = valid(CommitteeAppointSerializer, request.data)
        decision = _decision(data.pop("decision"))
        member = services.appoint_member(actor=request.user, decision=decision, **data)
        return Response(CommitteeMemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Give the member a new role by a decision (answers the new row)",
                   request=CommitteeChangeRoleSerializer, responses={200: CommitteeMemberSerializer, 400: ERROR})
    def partial_update(self, request, pk=None):
        member = self.get_object()
        data = valid(CommitteeChangeRoleSerializer, request.data)
        new = services.change_role(member, actor=request.user, decision=_decision(data.pop("decision")), **data)
        return Response(CommitteeMemberSerializer(new).data)

    @extend_schema(summary="The member leaves the committee by a decision", request=CommitteeRemoveSerializer,
                   responses={200: CommitteeMemberSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        member = self.get_object()
        data = valid(CommitteeRemoveSerializer, request.data)
        member = services.remove_member(member, actor=request.user, decision=_decision(data.pop("decision")), **data)
        return Response(CommitteeMemberSerializer(member).data)

    @extend_schema(summary="Who recorded what about the member, when", responses={200: HistoryEventSerializer(many=True)})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, pk=None):
        return Response(HistoryEventSerializer(selectors.member_history(self.get_object()), many=True).data)


ROUTES = [("committee/decisions", CommitteeDecisionViewSet, "committee-decision"),
          ("committee/members", CommitteeMemberViewSet, "committee-member")]
