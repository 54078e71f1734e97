"""A lineage event for the isolation matrix: a rename naming the agency (public schema, written directly;
the services need the DOST's site). Another agency's event must open on no page or endpoint of agency A."""

from __future__ import annotations

from datetime import date

from core.agency import current_agency
from tenants.models import LineageEvent

WEB_PK_MODELS = [("lineage/events/", "tenants.LineageEvent")]


def build(*, secretary, approver, reader, marker) -> dict[str, list[int]]:
    agency = current_agency()
    event = LineageEvent.objects.create(kind=LineageEvent.Kind.RENAME, effective_date=date(2026, 1, 1),
                                        legal_basis=f"Quyết định số 7/QĐ-UBND {marker}", former_name=f"Tên cũ {marker}",
                                        new_name=agency.name)
    event.predecessors.add(agency)
    event.successors.add(agency)
    return {"tenants.LineageEvent": [event.pk]}
