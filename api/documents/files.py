"""Files attached to editions over the API (records are in api/records/).

Downloads stream from the agency's own storage folder and are only reachable through an object the caller
may see in the agency of the subdomain: an id from another agency's schema simply does not exist here.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import Perm
from api.base import BINARY, ERROR, AnyFileRenderer, ScopedViewSetMixin, file_response
from documents import selectors, services
from documents.models import Attachment

from .serializers import (
    AttachmentSerializer,
)


@extend_schema(tags=["revisions"])
@extend_schema_view(retrieve=extend_schema(summary="An attached file's details"))
class AttachmentViewSet(ScopedViewSetMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Files attached to editions."""

    required_perms = {"retrieve": Perm.VIEW_QMS, "download": Perm.VIEW_QMS, "destroy": Perm.EDIT_DOCUMENTS}
    model = Attachment
    serializer_class = AttachmentSerializer
    http_method_names = ["get", "delete", "head", "options"]

    def scoped_queryset(self):
        return selectors.visible_attachments(self.request.user).select_related("uploaded_by")

    @extend_schema(summary="Remove a file from a draft", responses={204: None, 400: ERROR})
    def destroy(self, request, pk=None):
        services.remove_attachment(self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Download the file under its original name", responses=BINARY)
    @action(detail=True, methods=["get"], renderer_classes=[AnyFileRenderer])
    def download(self, request, pk=None):
        attachment = self.get_object()
        return file_response(attachment.file, attachment.original_name, attachment.content_type)


ROUTES = [("attachments", AttachmentViewSet, "attachment")]
