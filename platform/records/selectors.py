"""Every read rule of records: which records and procedures a person sees, and what a list shows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from accounts.roles import Perm
from core.changes import allowed
from documents.models import Document
from documents.selectors import sees_unpublished, visible_documents

from .models import Record, RecordRequirement


def visible_records(user) -> QuerySet[Record]:
    """Records filed against documents the person may see (staff: effective documents only)."""
    if allowed(user, Perm.VIEW_QMS) and sees_unpublished(user):
        # They see every document, so every record: no need to make the database check each one.
        return Record.objects.all()
    return Record.objects.filter(document__in=visible_documents(user))


def procedures_for_filing(user) -> QuerySet[Document]:
    """Documents records can be filed against: the ones the person sees, not withdrawn."""
    return visible_documents(user).filter(withdrawn=False).order_by("code")


def visible_requirements(user) -> QuerySet[RecordRequirement]:
    return RecordRequirement.objects.filter(document__in=visible_documents(user).values("pk"))


def requirements_of(document: Document) -> QuerySet[RecordRequirement]:
    return RecordRequirement.objects.filter(document=document)


@dataclass(frozen=True)
class RecordFilters:
    q: str = ""
    document: Document | int | None = None
    year: int | None = None
    field: str | None = None
    requirement: int | None = None


def filter_records(records: QuerySet[Record], filters: RecordFilters) -> QuerySet[Record]:
    from .search import search_records

    if filters.requirement is not None:
        records = records.filter(requirement_id=filters.requirement)
    return search_records(filters.q or "", queryset=records, document=filters.document, year=filters.year,
                          field=filters.field or None)


def years_and_fields(records: QuerySet[Record]) -> tuple[list[int], list[str]]:
    years = sorted(set(records.values_list("year", flat=True)), reverse=True)
    fields = sorted({f for f in records.exclude(field="").values_list("field", flat=True)})
    return years, fields
