"""Errors the API returns: a stable code and a sentence in the caller's language.

Domain code raises core.errors.DomainError; this maps it (and Django's own errors) to responses. The
codes every area declared (core.errors.catalogue) are listed in the OpenAPI schema as the `code` enum.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import DomainError, catalogue


def exception_handler(exc, context):
    _answer_errors_in_json(context.get("request"))
    if isinstance(exc, DomainError):
        return Response({"code": exc.code, "detail": exc.message}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)


def _answer_errors_in_json(request) -> None:
    """A download's renderer writes bytes: a refusal on it (404, 403) would go out as the bytes of its dict's
    keys (b'detail') typed application/octet-stream. Refusals are JSON, whatever the download accepts."""
    from .base import AnyFileRenderer

    if request is not None and isinstance(getattr(request, "accepted_renderer", None), AnyFileRenderer):
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type


def _code_help() -> str:
    return "The rule that said no. " + "; ".join(f"`{e.code}`: {e.description}" for e in catalogue())


class ErrorSerializer(serializers.Serializer):
    """What a refused request answers (400, 403, 404, 429): a code for programs, a sentence for people."""

    code = serializers.ChoiceField(choices=[e.code for e in catalogue()], help_text=_code_help())
    detail = serializers.CharField(help_text="The reason, in the language of Accept-Language (vi or en).")
