"""What the documents pages share: the selectors' answers as 404s, exports, service errors on forms."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.services import has_perm
from core import tabular
from core.forms import call_service  # noqa: F401  (the pages import it from here)

from . import selectors
from .models import Document, Revision


def can(request, perm: str) -> bool:
    return has_perm(request.user, request.tenant, perm)


def visible_document(request, pk: int) -> Document:
    """The document if this user may see it, else 404. A withdrawn one stays reachable so links to it
    (and its earlier editions) keep working."""
    return get_object_or_404(selectors.visible_documents(request.user, include_withdrawn=True), pk=pk)


def visible_revisions(request, document: Document):
    return selectors.visible_revisions(request.user, document)


def visible_revision(request, pk: int) -> Revision:
    return get_object_or_404(selectors.visible_revisions(request.user).select_related("document"), pk=pk)


def open_revision(document: Document) -> Revision | None:
    return selectors.open_revision(document)


def export(fmt: str, rows, columns: list[tabular.Column], *, basename: str, title: str):
    """A list export (XLSX or CSV) of exactly the rows the page shows for its filters."""
    if fmt not in tabular.FORMATS:
        raise Http404
    return tabular.export_response(rows, columns, fmt=fmt, basename=basename, sheet_title=title)


def file_response(body: bytes, *, filename: str, content_type: str, inline: bool = False):
    return tabular.file_response(body, filename, content_type, inline=inline)
