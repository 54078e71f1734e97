"""What the supervisor sees of an agency's documented information (registered in core.indicators)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.indicators import TOTAL_ALERTING, TOTAL_MEETING, TOTAL_SUM, Indicator, provides

from .models import Document, DocumentKind, Revision, RevisionState
from .selectors import review_overdue_q

FULL_SYSTEM_PROCEDURE_SET = 6  # QT-HT-01..06 of the framework model (Decision 101/QĐ-BKHCN)


@provides(
    Indicator("documents_total", _("documents"), on_dashboard=False, order=10),
    Indicator("documents_effective", _("effective documents"), column=_("Effective documents"),
              on_agency_home=True, order=11),
    Indicator("system_procedures_effective", _("effective system procedures"), target=FULL_SYSTEM_PROCEDURE_SET,
              column=_("System procedures"),
              total=TOTAL_MEETING, total_label=_("with all %(target)s system procedures in force"),
              on_agency_home=True, order=12),
    Indicator("documents_review_overdue", _("documents overdue for review"), alert_above=0,
              column=_("Overdue reviews"),
              total=TOTAL_ALERTING, total_label=_("with documents overdue for review"), on_agency_home=True,
              order=14),
    Indicator("revisions_in_review", _("revisions awaiting review or approval"), total=TOTAL_SUM,
              column=_("Awaiting approval"),
              on_agency_home=True, order=13),
    unused=(Document, Revision),
    when_unused={"documents_total": 0, "documents_effective": 0, "system_procedures_effective": 0,
                 "documents_review_overdue": 0, "revisions_in_review": 0},
)
def document_indicators() -> dict:
    today = timezone.localdate()
    docs = Document.objects.filter(withdrawn=False).aggregate(
        total=Count("id"),
        effective=Count("id", filter=Q(effective_revision__isnull=False)),
        system=Count("id", filter=Q(effective_revision__isnull=False, kind=DocumentKind.SYSTEM_PROCEDURE)),
        overdue=Count("id", filter=review_overdue_q(today)),
    )
    return {
        "documents_total": docs["total"],
        "documents_effective": docs["effective"],
        "system_procedures_effective": docs["system"],
        "documents_review_overdue": docs["overdue"],
        "revisions_in_review": Revision.objects.filter(
            state__in=[RevisionState.IN_REVIEW, RevisionState.APPROVED]).count(),
    }
