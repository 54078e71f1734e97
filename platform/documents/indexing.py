"""Keeping a document's search vector in step with what changed (called inside the service's change)."""

from __future__ import annotations


def refresh_search(document) -> None:
    """Rebuild the document's search vector (documents.search) after a change to what is searchable."""
    from .models import Document
    from .search import refresh_document_search

    refresh_document_search(Document.objects.select_related("effective_revision").get(pk=document.pk))
