"""Rollup rows of many agencies without their schemas: the dashboard reads rows only, so tests of its filters
and query counts (and bench/supervisor_dashboard.py) grow a province by inserting Agency and AgencyStatus rows
in bulk, with values of every registered indicator that vary from one agency to the next."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from core.indicators import BOOLEAN, DATE, RATIO, TEXT, all_indicators

STATES = ["not_started", "building", "announced"]
LEVELS = ["commune", "commune", "department", "public_service_unit"]


def value_for(indicator, index: int):
    if indicator.kind == BOOLEAN:
        return index % 2 == 0
    if indicator.kind == RATIO:
        return (index * 37) % 101
    if indicator.kind == DATE:
        return date(2026, index % 12 + 1, 1).isoformat() if index % 4 else None
    if indicator.kind == TEXT:
        return STATES[index % len(STATES)]
    if indicator.target is not None:
        return index % (indicator.target + 1)
    if indicator.alert_above is not None:
        return index % 3
    return index % 20


def indicator_values(index: int) -> dict:
    return {indicator.key: value_for(indicator, index) for indicator in all_indicators()}


def grow_rollup(province, count: int, *, prefix: str = "syn", computed: bool = True, batch: int = 1000) -> list:
    """`count` agencies of `province` (rows only, no schema) with a computed rollup row each."""
    from supervision import scoring
    from supervision.models import AgencyStatus
    from tenants.models import Agency

    weights = scoring.province_weights(province.pk)
    agencies = Agency.objects.bulk_create([
        Agency(kind=Agency.Kind.AGENCY, schema_name=f"{prefix}_{index:05d}", slug=f"{prefix}-{index:05d}",
               name=f"UBND xã Tổng hợp {index:05d}", code=f"{prefix}.{province.code}.{index:05d}",
               level=LEVELS[index % len(LEVELS)], province=province, valid_from=date(2025, 7, 1),
               obligation_basis=Agency.default_obligation(LEVELS[index % len(LEVELS)]))
        for index in range(count)], batch_size=batch)
    now = timezone.now()
    statuses = []
    for index, agency in enumerate(agencies):
        values = indicator_values(index) if computed else {}
        statuses.append(AgencyStatus(agency=agency, indicators=values, refreshed_at=now if computed else None,
                                     score=scoring.score(values, weights, computed=computed)))
    AgencyStatus.objects.bulk_create(statuses, batch_size=batch)
    return agencies
