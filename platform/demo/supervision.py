"""The DOST's dashboard in the demo: the province's compliance weights (a PAR-like scoring), the communes the
provincial plan obliges, every agency's rollup computed now, and six months of snapshots for the trend."""

from __future__ import annotations

import logging
from datetime import date

from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.models import Agency

log = logging.getLogger(__name__)

# The weights a province might copy from its PAR (cải cách hành chính) scoring; keys not registered are skipped.
WEIGHTS = {"tthc_coverage": 3, "system_procedures_effective": 2, "dossiers.on_time_rate": 2,
           "documents_review_overdue": 1, "legal.overdue_updates": 1, "committee_established": 1,
           "procedures_behind_model": 1, "tthc_outdated": 1, "audit_done_this_year": 2,
           "review_done_this_year": 2, "nc_overdue": 1, "announced_on": 2}
# Communes the provincial plan brought in ahead of the national schedule.
BY_PLAN = ["phuong-thanh-duc", "xa-cang-long", "xa-long-ho"]
HISTORY_MONTHS = 6
# Departments whose name does not say their field of work.
FIELDS = {"Văn phòng Ủy ban nhân dân tỉnh": "Tổng hợp", "Thanh tra tỉnh": "Thanh tra"}


def field_of(name: str) -> str:
    if name in FIELDS:
        return FIELDS[name]
    for prefix in ("Sở ", "Ban "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return ""


def ensure(province, agencies: dict[str, Agency]) -> int:
    """Idempotent: weights and bases are set to the same values, rows not yet computed are computed, the
    months are written once (overwritten when rows had to be computed)."""
    from supervision import scoring
    from supervision.models import AgencyStatus, ComplianceWeight, MonthlyStatus
    from supervision.services import ensure_all_statuses, refresh_current_agency_status, snapshot_month

    known = {i.key for i in scoring.scorable_indicators()}
    for key, weight in WEIGHTS.items():
        if key in known:
            ComplianceWeight.objects.update_or_create(province=province, key=key, defaults={"weight": weight})
    Agency.objects.filter(slug__in=BY_PLAN, province=province).update(obligation_basis=Agency.Obligation.PROVINCIAL_PLAN)
    for agency in agencies.values():  # a department's field of work is in its name: "Sở Y tế" → "Y tế"
        if agency.level == Agency.Level.DEPARTMENT and not agency.field:
            agency.field = field_of(agency.name)
            Agency.objects.filter(pk=agency.pk).update(field=agency.field)
    _ensure_inspections(province, agencies)
    ensure_all_statuses()
    # every current agency of the province, not only the demo's own: one created beside it is on the dashboard too
    current = list(Agency.objects.agencies().current().in_province(province).exclude(level=Agency.Level.SUPERVISOR))
    # Rows not computed yet (a re-seed finds them computed and leaves them: the worker keeps them fresh).
    waiting = set(AgencyStatus.objects.filter(agency__in=current, refreshed_at__isnull=True)
                  .values_list("agency_id", flat=True))
    for agency in current:
        if agency.pk in waiting:
            with schema_context(agency.schema_name):
                refresh_current_agency_status()
    connection.set_schema_to_public()
    if not waiting and MonthlyStatus.objects.filter(agency__province=province).exists():
        return 0
    made = snapshot_month(province.pk)
    # Earlier months, as the nightly snapshots would have kept them while the agencies built their QMS: the
    # same rows with scores lower the further back (the demo has no real history before it was seeded).
    today = timezone.localdate()
    rows = list(AgencyStatus.objects.filter(agency__in=current, refreshed_at__isnull=False))
    earlier = []
    for back in range(1, HISTORY_MONTHS):
        index = today.year * 12 + today.month - 1 - back
        month = date(index // 12, index % 12 + 1, 1)
        for row in rows:
            score = None if row.score is None else round(row.score * (1 - 0.12 * back), 1)
            earlier.append(MonthlyStatus(agency_id=row.agency_id, month=month, indicators=row.indicators, score=score))
    MonthlyStatus.objects.bulk_create(earlier, update_conflicts=True, unique_fields=["agency", "month"],
                                      update_fields=["indicators", "score"])
    return made + len(earlier)


def _ensure_inspections(province, agencies: dict[str, Agency]) -> None:
    """The DOST's 2026 inspections (platform/demo/inspections.py), before the rows are computed."""
    from .inspections import ensure as ensure_inspections

    try:
        ensure_inspections(province, agencies)
    except Exception:  # noqa: BLE001 - the dashboard is filled without them rather than not at all
        log.exception("could not make the DOST's inspections")
    finally:
        connection.set_schema_to_public()
