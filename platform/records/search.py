"""Full-text search over records, on the same configuration and query rules as documents' search.

Weights: title and reference A, field and the procedure's code and title B, the file's text C.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchRank
from django.db.models import F, QuerySet

from documents.search import _best_query, _vector, normalize

from .models import Record


def refresh_record_search(record: Record) -> None:
    """Rebuild a record's search vector from its title, field, reference, procedure and file text."""
    document = record.document
    vector = (_vector(normalize(f"{record.title} {record.reference}"), "A")
              + _vector(normalize(f"{record.field} {document.code} {document.title}"), "B")
              + _vector(normalize(f"{record.extracted_text} {record.original_name}"), "C"))
    Record.objects.filter(pk=record.pk).update(search_vector=vector)


def search_records(query: str = "", *, queryset: QuerySet[Record] | None = None, document=None,
                   year: int | None = None, field: str | None = None) -> QuerySet[Record]:
    """Records filtered by procedure, year and field, and by text if given (then best first, with `rank`)."""
    queryset = Record.objects.all() if queryset is None else queryset
    queryset = queryset.select_related("document")
    if document is not None:
        queryset = queryset.filter(document=document)
    if year:
        queryset = queryset.filter(year=year)
    if field:
        queryset = queryset.filter(field__iexact=normalize(field))
    if not normalize(query):
        return queryset
    tsquery = _best_query(query, queryset)
    if tsquery is None:
        return queryset.none()
    return (queryset.filter(search_vector=tsquery)
            .annotate(rank=SearchRank(F("search_vector"), tsquery))
            .order_by("-rank", "-year", "title"))
