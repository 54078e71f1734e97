"""What every API package stands on: scoped viewsets, input validation, error and file responses.

Each area's package (api/<area>/) holds its serializers and views and lists its routes in `ROUTES`;
api/urls.py registers them. Views read input, ask the area's selectors what the caller may see, call one
service function, and shape the answer: no rule lives here.
"""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
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


class ChoiceLabelField(serializers.CharField):
    """The label of a choice field's value, in the caller's language (what `get_FOO_display` gives).

    A `source="get_FOO_display"` field costs, on every row, an inspect.signature of the method and a hash
    of every lazy label in the choices; on a page of 50 documents that was a fifth of the request. This
    looks the value up in a dict built once per language."""

    def __init__(self, field_name: str, choices, **kwargs):
        kwargs.setdefault("source", field_name)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)
        self._choices = list(choices)
        self._labels: dict[str | None, dict] = {}

    def to_representation(self, value):
        language = translation.get_language()
        labels = self._labels.get(language)
        if labels is None:
            labels = self._labels[language] = {key: str(label) for key, label in self._choices}
        return labels.get(value, value)


def valid(serializer_class, data, **kwargs) -> dict:
    """The input validated by `serializer_class` (400 with field errors otherwise), as a plain dict."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def api_url(request, name, **kwargs) -> str:
    url = reverse(f"v1:{name}", kwargs=kwargs)
    return request.build_absolute_uri(url) if request is not None else url


_SENTINELS = {"pk": "918273645", "signoff_id": "546372819"}


def row_api_url(context: dict, name: str, **kwargs) -> str:
    """api_url for one row of a list: reverse() costs ~80 us, once per row and link that was a quarter
    of a page of 50 records, so each URL name is reversed once per response (with sentinel ids, kept in
    the serializer context the rows share) and the row's ids are put in its place."""
    templates = context.setdefault("_row_url_templates", {})
    template = templates.get(name)
    if template is None:
        template = templates[name] = api_url(context.get("request"), name,
                                             **{key: _SENTINELS[key] for key in kwargs})
    for key, value in kwargs.items():
        template = template.replace(_SENTINELS[key], str(value))
    return template


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
