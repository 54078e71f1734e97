"""What the documents pages share: who may see which edition, exports, service errors on forms."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.services import has_perm
from api.errors import DomainError
from core import tabular

from . import services
from .models import Document, Revision


def can(request, perm: str) -> bool:
    return has_perm(request.user, request.tenant, perm)


def visible_document(request, pk: int) -> Document:
    """The document if this user may see it, else 404. Staff see issued documents only; a withdrawn one
    stays reachable so links to it (and its earlier editions) keep working."""
    return get_object_or_404(services.visible_documents(request.user, include_withdrawn=True), pk=pk)


def visible_revisions(request, document: Document):
    """Every edition for people who make or check documents; issued editions for everyone else."""
    return services.visible_revisions(request.user, document)


def visible_revision(request, pk: int) -> Revision:
    revision = get_object_or_404(Revision.objects.select_related("document"), pk=pk)
    document = visible_document(request, revision.document_id)
    if not visible_revisions(request, document).filter(pk=revision.pk).exists():
        raise Http404
    return revision


def open_revision(document: Document) -> Revision | None:
    return services.open_revision(document)


def export(fmt: str, rows, columns: list[tabular.Column], *, basename: str, title: str):
    """A list export (XLSX or CSV) of exactly the rows the page shows for its filters."""
    if fmt not in tabular.FORMATS:
        raise Http404
    return tabular.export_response(rows, columns, fmt=fmt, basename=basename, sheet_title=title)


def file_response(body: bytes, *, filename: str, content_type: str, inline: bool = False):
    return tabular.file_response(body, filename, content_type, inline=inline)


def call_service(form, action: Callable, *args, **kwargs):
    """Run a service; a rule it refuses becomes the form's error (the input stays on the page)."""
    try:
        return action(*args, **kwargs), True
    except DomainError as error:
        form.add_error(None, error.message)
        return None, False
