"""The lineage pages in the demo: the 2025 reform's dissolution and merger are made with the agencies
(demo/services._ensure_lineage); this adds a 2026 rename recorded by the DOST through lineage.services, and
the merged ward's predecessors' months before the reform, so its trend reads year over year."""

from __future__ import annotations

from datetime import date

from django.db import connection

from accounts.models import Membership
from accounts.roles import Role
from core.agency import in_agency
from core.dates import add_months
from tenants.models import Agency, LineageEvent

from . import data

RENAMED = "tt-phvhcc"
RENAME = {"new_name": "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long", "effective_date": date(2026, 4, 1),
          "legal_basis": "Quyết định số 412/QĐ-UBND ngày 20/3/2026 của Ủy ban nhân dân tỉnh Vĩnh Long",
          "note": "Đổi tên sau sắp xếp đơn vị hành chính; giữ nguyên chức năng, nhiệm vụ và bộ máy."}
# The two units merged into phường Thanh Đức: their last six months before 1 July 2025, as their nightly
# snapshots would have kept them (documents and nonconformities counted, a score).
PREDECESSOR_MONTHS = 6


def ensure(province, agencies: dict[str, Agency]) -> int:
    """Idempotent: the rename once, the months written once. Returns how many rows it created."""
    made = _rename(agencies)
    made += _predecessor_months(agencies)
    connection.set_schema_to_public()
    return made


def _rename(agencies: dict[str, Agency]) -> int:
    from lineage.services import record_rename

    unit, dost = agencies.get(RENAMED), agencies.get(data.SUPERVISOR.slug)
    if unit is None or dost is None or LineageEvent.objects.filter(kind=LineageEvent.Kind.RENAME, successors=unit).exists():
        return 0
    admin = Membership.objects.filter(agency=dost, role=Role.SUPERVISOR_ADMIN).select_related("user").first()
    if admin is None:
        return 0
    with in_agency(dost):
        record_rename(admin.user, agency=unit.pk, **RENAME)
    return 1


def _predecessor_months(agencies: dict[str, Agency]) -> int:
    from supervision.models import MonthlyStatus

    merged = [agencies[spec.slug] for spec in data.MERGED_PREDECESSORS if spec.slug in agencies]
    if not merged or MonthlyStatus.objects.filter(agency__in=merged).exists():
        return 0
    rows = []
    for back in range(PREDECESSOR_MONTHS, 0, -1):
        month = add_months(data.REFORM_DATE, -back)
        for index, agency in enumerate(merged):
            step = PREDECESSOR_MONTHS - back
            rows.append(MonthlyStatus(agency=agency, month=month, score=round(38.0 + 4 * step + 6 * index, 1),
                                      indicators={"documents_effective": 9 + step + 3 * index,
                                                  "nc_open": 2 + index, "committee_established": True}))
    MonthlyStatus.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
