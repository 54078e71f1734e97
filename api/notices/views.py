"""The DOST's notices to agencies and their acknowledgements, over the API.

On the DOST's subdomain, `/notices/`: the province's notices with their acknowledgement counts, writing a
draft, sending it (the audience becomes one receipt per current agency), withdrawing a draft, reminding
those who have not acknowledged, and the receipts of one notice (who acknowledged, who has not). On an
agency's subdomain, `/notice-receipts/`: the notices it received, and acknowledging one. The rules are
notices.services'; their refusals answer {code, detail}.
"""

from __future__ import annotations

import mimetypes

from django.http import Http404
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from accounts.roles import Perm
from accounts.services import has_perm
from api.base import (
    BINARY,
    ERROR,
    AnyFileRenderer,
    ChoiceLabelField,
    ScopedViewSetMixin,
    file_response,
    valid,
)
from api.permissions import AgencyPermission, view_action
from notices import selectors, services
from notices.models import Notice, Receipt


class NoticeSerializer(serializers.ModelSerializer):
    kind_label = ChoiceLabelField("kind", Notice.Kind.choices)
    status_label = ChoiceLabelField("status", Notice.Status.choices)
    audience_values = serializers.ListField(child=serializers.CharField(), read_only=True)
    has_attachment = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = ["id", "kind", "kind_label", "title", "body", "link", "audience", "audience_values", "reply_by",
                  "status", "status_label", "has_attachment", "created_at", "sent_at"]

    def get_has_attachment(self, notice) -> bool:
        return bool(notice.attachment)


class NoticeListSerializer(NoticeSerializer):
    recipients = serializers.IntegerField(read_only=True, help_text="Agencies that received it (n)")
    acknowledged = serializers.IntegerField(read_only=True, help_text="Agencies that acknowledged it (x)")

    class Meta(NoticeSerializer.Meta):
        fields = [*NoticeSerializer.Meta.fields, "recipients", "acknowledged"]


class NoticeWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Notice.Kind.choices, default=Notice.Kind.OTHER)
    title = serializers.CharField(max_length=300)
    body = serializers.CharField(required=False, allow_blank=True, default="")
    link = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    audience = serializers.ChoiceField(choices=Notice.Audience.choices, default=Notice.Audience.ALL)
    audience_values = serializers.ListField(
        child=serializers.CharField(max_length=64), required=False, default=list,
        help_text="levels (e.g. commune), fields of work, obligation bases, or agency ids for a selection")
    reply_by = serializers.DateField(required=False, allow_null=True, default=None)


class ReceiptSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.slug", read_only=True, help_text="The agency's subdomain")
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    level = serializers.CharField(source="agency.level", read_only=True)

    class Meta:
        model = Receipt
        fields = ["id", "agency", "agency_name", "level", "read_at", "acknowledged_at", "acknowledged_by_name",
                  "reply", "reminded_on", "reminders"]


class InboxSerializer(serializers.ModelSerializer):
    notice = NoticeSerializer(read_only=True)
    overdue = serializers.SerializerMethodField(help_text="Not acknowledged and past the acknowledge-by date")

    class Meta:
        model = Receipt
        fields = ["id", "notice", "read_at", "acknowledged_at", "acknowledged_by_name", "reply", "overdue"]

    def get_overdue(self, receipt) -> bool:
        return selectors.overdue(receipt)


class AcknowledgeSerializer(serializers.Serializer):
    reply = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


def attachment_of(notice: Notice):
    if not notice.attachment:
        raise Http404
    content_type = mimetypes.guess_type(notice.attachment_name)[0] or "application/octet-stream"
    return file_response(notice.attachment, notice.attachment_name or "dinh-kem", content_type)


REMINDED = inline_serializer("NoticeReminded", {"reminded": serializers.IntegerField(
    help_text="Agencies reminded now (each at most once a day)")})


class NoticePagination(PageNumberPagination):
    """The house's page size; `?page_size=` up to MAX_PAGE_SIZE (the supervision API's rule)."""

    page_size = selectors.PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = selectors.MAX_PAGE_SIZE


PAGED = [OpenApiParameter("page", int, description="the page, from 1"),
         OpenApiParameter("page_size", int, description=f"rows per page, at most {selectors.MAX_PAGE_SIZE}")]


class InboxFilter(filters.FilterSet):
    state = filters.ChoiceFilter(method="narrow", choices=[(state, state) for state in selectors.RECEIPT_STATES],
                                 help_text="acknowledged, pending (not acknowledged) or overdue")
    kind = filters.ChoiceFilter(method="narrow", choices=Notice.Kind.choices)

    class Meta:
        model = Receipt
        fields = ["state", "kind"]

    def narrow(self, queryset, name, value):
        return selectors.filter_inbox(queryset, **{name: value})


class NoticeFilter(filters.FilterSet):
    kind = filters.CharFilter(method="narrow")
    status = filters.CharFilter(method="narrow")
    q = filters.CharFilter(method="narrow", help_text="Text in the title or the text")

    class Meta:
        model = Notice
        fields = ["kind", "status", "q"]

    def narrow(self, queryset, name, value):
        return selectors.filter_notices(queryset, **{name: value})


@extend_schema(tags=["notices"])
@extend_schema_view(list=extend_schema(summary="The province's notices with acknowledgement counts (DOST)"),
                    retrieve=extend_schema(summary="A notice (DOST)"))
class NoticeViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The DOST's notices to the province's agencies."""

    required_perms = {"list": Perm.SUPERVISE, "retrieve": Perm.SUPERVISE, "receipts": Perm.SUPERVISE,
                      "create": Perm.SEND_NOTICES, "partial_update": Perm.SEND_NOTICES, "send": Perm.SEND_NOTICES,
                      "withdraw": Perm.SEND_NOTICES, "remind": Perm.SEND_NOTICES, "attachment": Perm.SUPERVISE}
    model = Notice
    serializer_class = NoticeListSerializer
    filterset_class = NoticeFilter
    pagination_class = NoticePagination
    http_method_names = ["get", "post", "patch", "head", "options"]

    def scoped_queryset(self):
        return selectors.with_counts(selectors.province_notices(self.request.user, self.request.tenant))

    def _answer(self, notice, code=status.HTTP_200_OK):
        return Response(NoticeSerializer(notice).data, status=code)

    @extend_schema(summary="Write a draft notice (DOST)", request=NoticeWriteSerializer,
                   responses={201: NoticeSerializer, 400: ERROR, 403: ERROR})
    def create(self, request):
        notice = services.create_notice(actor=request.user, **valid(NoticeWriteSerializer, request.data))
        return self._answer(notice, status.HTTP_201_CREATED)

    @extend_schema(summary="Change a draft notice (DOST)", request=NoticeWriteSerializer(partial=True),
                   responses={200: NoticeSerializer, 400: ERROR, 403: ERROR})
    def partial_update(self, request, pk=None):
        data = valid(NoticeWriteSerializer, request.data, partial=True)
        return self._answer(services.update_notice(self.get_object(), actor=request.user, **data))

    @extend_schema(summary="Send the draft: one receipt per agency of its audience, their people told (DOST)",
                   request=None, responses={200: NoticeSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def send(self, request, pk=None):
        return self._answer(services.send(self.get_object(), actor=request.user))

    @extend_schema(summary="Withdraw a draft notice (DOST)", request=None,
                   responses={200: NoticeSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def withdraw(self, request, pk=None):
        return self._answer(services.withdraw(self.get_object(), actor=request.user))

    @extend_schema(summary="Remind the agencies that have not acknowledged (each at most once a day) (DOST)",
                   request=None, responses={200: REMINDED, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def remind(self, request, pk=None):
        return Response({"reminded": services.remind(self.get_object(), actor=request.user)})

    @extend_schema(summary="Who received the notice: acknowledged or not (DOST)",
                   parameters=[OpenApiParameter("state", str, enum=list(selectors.RECEIPT_STATES)),
                               OpenApiParameter("level", str, description="An agency level, e.g. commune"),
                               OpenApiParameter("q", str, description="Text in the agency's name or code"), *PAGED],
                   responses={200: ReceiptSerializer(many=True)})
    @action(detail=True, methods=["get"], filter_backends=[])
    def receipts(self, request, pk=None):
        """Paged like every list: not acknowledged first; the filters stay in `next` and `previous`."""
        params = {name: request.query_params.get(name, "") for name in ("state", "level", "q")}
        page = self.paginate_queryset(selectors.receipts_of(self.get_object(), **params))
        return self.get_paginated_response(ReceiptSerializer(page, many=True).data)

    @extend_schema(summary="Download the notice's attachment (DOST)", responses=BINARY)
    @action(detail=True, methods=["get"], renderer_classes=[AnyFileRenderer], filter_backends=[],
            pagination_class=None)
    def attachment(self, request, pk=None):
        return attachment_of(self.get_object())


class AcknowledgerPermission(AgencyPermission):
    """The declared permission (MANAGE_QMS for acknowledging), or the head's SIGN_FOR_AGENCY for that action."""

    def has_permission(self, request, view):
        if super().has_permission(request, view):
            return True
        user, tenant = request.user, getattr(request, "tenant", None)
        return (view_action(view, request) == "acknowledge" and tenant is not None and bool(user)
                and user.is_authenticated and has_perm(user, tenant, Perm.SIGN_FOR_AGENCY))


@extend_schema(tags=["notices"])
@extend_schema_view(list=extend_schema(summary="The notices our agency received, not acknowledged first"),
                    retrieve=extend_schema(summary="A notice our agency received"))
class ReceiptViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """An agency's side: the DOST's notices it received, and acknowledging them."""

    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "acknowledge": Perm.MANAGE_QMS,
                      "attachment": Perm.VIEW_QMS}
    permission_classes = [AcknowledgerPermission]
    model = Receipt
    serializer_class = InboxSerializer
    filterset_class = InboxFilter
    pagination_class = NoticePagination

    def scoped_queryset(self):
        return selectors.inbox(self.request.user, self.request.tenant)

    @extend_schema(summary="Acknowledge the notice, once (the agency's admin, ISO secretary or head)",
                   request=AcknowledgeSerializer, responses={200: InboxSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def acknowledge(self, request, pk=None):
        receipt = services.acknowledge(self.get_object(), actor=request.user,
                                       **valid(AcknowledgeSerializer, request.data))
        return Response(InboxSerializer(receipt).data)

    @extend_schema(summary="Download the attachment of a notice our agency received", responses=BINARY)
    @action(detail=True, methods=["get"], renderer_classes=[AnyFileRenderer], filter_backends=[],
            pagination_class=None)
    def attachment(self, request, pk=None):
        return attachment_of(self.get_object().notice)


ROUTES = [("notices", NoticeViewSet, "notice"), ("notice-receipts", ReceiptViewSet, "notice-receipt")]
