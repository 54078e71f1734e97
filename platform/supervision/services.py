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


# Departments first, then communes, the order a DOST report lists agencies in.
LEVEL_ORDER = [Agency.Level.DEPARTMENT, Agency.Level.PUBLIC_SERVICE_UNIT, Agency.Level.DISTRICT,
               Agency.Level.COMMUNE]
FULL_SYSTEM_PROCEDURE_SET = 6  # QT-HT-01..06 of the framework model (Decision 101/QĐ-BKHCN)


def province_rollup(province_id: int, level: str | None = None):
    """Rollup rows of the current agencies of a province, and their totals: two queries at any size."""
    from django.db.models import Case, IntegerField, Sum, Value, When

    today = timezone.localdate()
    rows = (AgencyStatus.objects.select_related("agency")
            .filter(agency__province_id=province_id, agency__kind=Agency.Kind.AGENCY, agency__valid_from__lte=today)
            .filter(Q(agency__valid_to__isnull=True) | Q(agency__valid_to__gte=today))
            .exclude(agency__level=Agency.Level.SUPERVISOR))
    if level:
        rows = rows.filter(agency__level=level)
    rank = Case(*[When(agency__level=lvl, then=Value(i)) for i, lvl in enumerate(LEVEL_ORDER)],
                default=Value(len(LEVEL_ORDER)), output_field=IntegerField())
    totals = rows.aggregate(
        agencies=Count("agency_id"),
        with_system_procedures=Count("agency_id",
                                     filter=Q(system_procedures_effective__gte=FULL_SYSTEM_PROCEDURE_SET)),
        with_overdue_reviews=Count("agency_id", filter=Q(documents_review_overdue__gt=0)),
        awaiting_approval=Sum("revisions_in_review", default=0),
    )
    return rows.annotate(level_rank=rank).order_by("level_rank", "agency__name"), totals
