"""What every API package stands on: scoped viewsets, input validation, error and file responses.

Each area's package (api/<area>/) holds its serializers and views and lists its routes in `ROUTES`;
api/urls.py registers them. Views read input, ask the area's selectors what the caller may see, call one
service function, and shape the answer: no rule lives here.
"""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework.renderers import BaseRenderer

from .errors import ErrorSerializer

ERROR = OpenApiResponse(response=ErrorSerializer,
                        description="A rule said no: {code, detail}, the sentence in the caller's language.")
BINARY = {(200, "application/octet-stream"): OpenApiTypes.BINARY}


class ScopedViewSetMixin:
    """Viewsets declare `model` and `scoped_queryset()` (what the caller may see in this agency, from the
    area's selectors); schema generation, which has no request or tenant, gets an empty queryset."""

    model = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.scoped_queryset()

    def scoped_queryset(self):
        raise NotImplementedError


def valid(serializer_class, data, **kwargs) -> dict:
    """The input validated by `serializer_class` (400 with field errors otherwise), as a plain dict."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def api_url(request, name, **kwargs) -> str:
    url = reverse(f"v1:{name}", kwargs=kwargs)
    return request.build_absolute_uri(url) if request is not None else url


class AnyFileRenderer(BaseRenderer):
    """Lets a download answer whatever the client accepts (the response is a FileResponse anyway)."""

    media_type = "application/octet-stream"
    format = "bin"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


def file_response(field_file, filename: str, content_type: str) -> FileResponse:
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
