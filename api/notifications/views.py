"""The caller's own notifications in this agency: list (optionally unread only), mark one or all read."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import Perm
from notifications import selectors, services
from notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "verb", "message", "link", "created_at", "read_at", "is_read"]
        read_only_fields = fields


class NotificationFilter(filters.FilterSet):
    unread = filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", help_text="true: unread only")

    class Meta:
        model = Notification
        fields = ["verb"]


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Notifications addressed to the caller; nobody sees or changes anyone else's."""

    required_perms = Perm.VIEW_QMS
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter

    queryset = Notification.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return selectors.inbox(self.request.user)

    @extend_schema(request=None, responses=NotificationSerializer, tags=["notifications"])
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = services.mark_read(self.get_object(), user=request.user)
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=None, tags=["notifications"],
                   responses=inline_serializer("MarkAllReadResult", {"marked": serializers.IntegerField()}))
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": services.mark_all_read(user=request.user)})

    @extend_schema(tags=["notifications"])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(tags=["notifications"])
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)


ROUTES = [("notifications", NotificationViewSet, "notification")]
