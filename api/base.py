"""What every API package stands on: scoped viewsets, input validation, error and file responses.

Each area's package (api/<area>/) holds its serializers and views and lists its routes in `ROUTES`;
api/urls.py registers them. Views read input, ask the area's selectors what the caller may see, call one
service function, and shape the answer: no rule lives here.
"""

from __future__ import annotations

import copy

from django.core.exceptions import FieldDoesNotExist
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import translation
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.fields import ISO_8601
from rest_framework.relations import PrimaryKeyRelatedField
from rest_framework.renderers import BaseRenderer
from rest_framework.settings import api_settings

from .errors import ErrorSerializer

ERROR = OpenApiResponse(response=ErrorSerializer,
                        description="A rule said no: {code, detail}, the sentence in the caller's language.")
# A file in its own type (PDF, DOCX, XLSX, CSV, ...): the download sets Content-Type from the stored file.
BINARY = {(200, "*/*"): OpenApiTypes.BINARY}


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


class WholeBodyMixin:
    """For a serializer a PATCH validates whole (its view hands every field to one service call, as a
    review's plan or a member's new role): drf-spectacular marks PATCH bodies partial, which would drop
    their required fields from the schema. This one is never partial, so the schema says what is needed."""

    @property
    def partial(self):
        return False

    @partial.setter
    def partial(self, value):
        pass


class FilterBackend(DjangoFilterBackend):
    """django-filter, skipped when the request names none of the view's filters.

    With no filter in the query string a FilterSet narrows nothing (every filter, method filters
    included, passes an empty value through), yet building and validating its form cost about a
    millisecond on every plain list request."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not any(
                name in request.query_params for name in filterset_class.base_filters):
            return queryset
        return super().filter_queryset(request, queryset, view)


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


class FastRowsMixin:
    """ModelSerializer rows without DRF's per-field machinery for plain model columns.

    DRF resolves every field of every row through get_attribute (callable checks at each step) and its
    to_representation (a DateTimeField looks the current time zone up in a thread-local each time): on a
    page of 50 documents, with their effective edition and its author nested, that was most of the
    request. A field that is exactly a plain column of the model (a CharField, IntegerField, BooleanField,
    ChoiceField, ISO date or date-time, or a primary-key relation read from its `_id` column) is read here
    directly with the same conversion DRF applies; every other field (nested serializers, method fields,
    dotted or computed sources) goes through DRF unchanged. The declared fields stay the single description
    of the output (and of the OpenAPI schema); bench/list_throughput.py checks the bodies are identical.
    """

    def get_fields(self):
        # ModelSerializer rebuilds every field from the model's metadata for each response (about half a
        # millisecond for a document row's three serializers); that depends on the class alone, so build
        # once per class and hand each serializer fresh copies, as DRF does with declared fields.
        cls = type(self)
        built = cls.__dict__.get("_built_fields")
        if built is None:
            built = super().get_fields()
            cls._built_fields = built
        return copy.deepcopy(built)

    def _row_plan(self):
        plan = self.__dict__.get("_fast_plan")
        if plan is None:
            model = self.Meta.model
            plan = self.__dict__["_fast_plan"] = [(field, *_fast_access(model, field))
                                                  for field in self._readable_fields]
        return plan

    def to_representation(self, instance):
        row = {}
        zone = _UNSET
        for field, attname, kind in self._row_plan():
            if kind is None:  # DRF's own path (Serializer.to_representation)
                try:
                    attribute = field.get_attribute(instance)
                except serializers.SkipField:
                    continue
                none = attribute.pk if isinstance(attribute, serializers.PKOnlyObject) else attribute
                row[field.field_name] = None if none is None else field.to_representation(attribute)
                continue
            value = getattr(instance, attname)
            if value is None:
                row[field.field_name] = None
            elif kind == "str":
                row[field.field_name] = str(value)
            elif kind == "int":
                row[field.field_name] = int(value)
            elif kind == "same":  # booleans and primary keys: DRF returns them as they are
                row[field.field_name] = value
            elif kind == "choice":
                row[field.field_name] = value if value == "" else field.choice_strings_to_values.get(str(value), value)
            elif kind == "date":
                row[field.field_name] = value.isoformat() if value else None
            else:  # "datetime"
                if zone is _UNSET:
                    zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()
                if not value or zone is None or value.tzinfo is None:
                    row[field.field_name] = field.to_representation(value)
                else:
                    text = value.astimezone(zone).isoformat()
                    row[field.field_name] = text[:-6] + "Z" if text.endswith("+00:00") else text
        return row


_UNSET = object()
_EXACT_KINDS = {serializers.CharField: "str", serializers.IntegerField: "int", serializers.BooleanField: "same",
                serializers.ChoiceField: "choice"}


def _fast_access(model, field) -> tuple[str | None, str | None]:
    """(attribute to read, conversion) when `field` is a plain column of `model`, else (None, None)."""
    source = field.source
    if "." in source or source == "*":
        return None, None
    try:
        model_field = model._meta.get_field(source)
    except FieldDoesNotExist:
        return None, None
    if not getattr(model_field, "concrete", False) or (model_field.many_to_many or model_field.one_to_many):
        return None, None
    kind_of_field = type(field)
    if kind_of_field is PrimaryKeyRelatedField and field.pk_field is None and model_field.is_relation:
        return model_field.attname, "same"
    if model_field.is_relation:
        return None, None
    if kind_of_field in _EXACT_KINDS:
        return model_field.attname, _EXACT_KINDS[kind_of_field]
    if kind_of_field is serializers.DateField and _iso(field, api_settings.DATE_FORMAT) \
            and model_field.get_internal_type() == "DateField":
        return model_field.attname, "date"
    if kind_of_field is serializers.DateTimeField and _iso(field, api_settings.DATETIME_FORMAT) \
            and model_field.get_internal_type() == "DateTimeField":
        return model_field.attname, "datetime"
    return None, None


def _iso(field, default) -> bool:
    output_format = getattr(field, "format", default)
    return isinstance(output_format, str) and output_format.lower() == ISO_8601


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
