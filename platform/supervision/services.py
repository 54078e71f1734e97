"""Computing an agency's rollup row from inside its own schema."""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from tenants.models import Agency

from .models import AgencyStatus


def refresh_current_agency_status() -> AgencyStatus:
    """Recompute the rollup for the agency whose schema the connection is on."""
    from documents.models import Document, DocumentKind, Record, Revision, RevisionState

    agency = Agency.objects.get(schema_name=connection.schema_name)
    today = timezone.localdate()
    docs = Document.objects.filter(withdrawn=False).aggregate(
        total=Count("id"),
        effective=Count("id", filter=Q(effective_revision__isnull=False)),
        system=Count("id", filter=Q(effective_revision__isnull=False, kind=DocumentKind.SYSTEM_PROCEDURE)),
        overdue=Count("id", filter=Q(effective_revision__isnull=False, review_due__lt=today)),
    )
    status, _created = AgencyStatus.objects.update_or_create(
        agency=agency,
        defaults={
            "documents_total": docs["total"],
            "documents_effective": docs["effective"],
            "system_procedures_effective": docs["system"],
            "documents_review_overdue": docs["overdue"],
            "revisions_in_review": Revision.objects.filter(
                state__in=[RevisionState.IN_REVIEW, RevisionState.APPROVED]).count(),
            "records_this_year": Record.objects.filter(year=today.year).count(),
            "refreshed_at": timezone.now(),
        },
    )
    return status
