"""The rollup's Celery work: one agency's refresh (on change, in its schema), the nightly recompute of every
agency with the month's snapshot, and a province's rescoring when its weights change. Every task is
idempotent: it writes what the data says now, so a retry or a second run changes nothing more."""

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.db import connection

from core import outbox
from core.tasks import periodic
from tenants.models import Agency

from .services import (
    ensure_all_statuses,
    refresh_current_agency_status,
    refresh_statuses,
    rescore_province,
    snapshot_month,
)

# A lost or failed refresh is retried: acks_late re-delivers a task whose worker died mid-way, autoretry
# re-runs one that raised (a lock timeout, a dropped connection), with backoff; the nightly run catches up
# with anything still missed.
RETRYING = {"acks_late": True, "reject_on_worker_lost": True, "autoretry_for": (Exception,),
            "retry_backoff": 2, "retry_backoff_max": 300, "retry_jitter": True, "max_retries": 8}


@shared_task(name="supervision.refresh_agency_status", ignore_result=True, **RETRYING)
def refresh_agency_status() -> int:
    """Runs in an agency's schema (tenant-schemas-celery) and refreshes its rollup row."""
    return refresh_current_agency_status().pk


@periodic(crontab(hour=1, minute=30), name="nightly rollup refresh")
@shared_task(name="supervision.refresh_all_statuses", **RETRYING)
def refresh_all_statuses() -> int:
    """Every current agency, recomputed in its own schema by chunks of agencies (one task visits each agency
    of its chunk in turn); rows missing for any reason are created first. Safe to re-run."""
    ensure_all_statuses()
    ids = list(Agency.objects.agencies().current().exclude(level=Agency.Level.SUPERVISOR)
               .order_by("pk").values_list("pk", flat=True))
    size = settings.EISO_ROLLUP_CHUNK
    for start in range(0, len(ids), size):
        outbox.send("supervision.refresh_statuses", [ids[start:start + size]], schema="public")
    return len(ids)


@shared_task(name="supervision.refresh_statuses", ignore_result=True, **RETRYING)
def refresh_statuses_task(agency_ids: list[int]) -> int:
    """One chunk of the nightly recompute. An agency whose computation failed goes to the single refresh, in
    its schema, with its own retries; a lost database retries the whole chunk (each row it rewrites says the
    same)."""
    try:
        written, failed = refresh_statuses(agency_ids)
    finally:
        # A PostgreSQL backend keeps the catalog of every schema it visited until it exits: a fresh one per
        # chunk keeps the database's memory bounded by a chunk, not by the country.
        if not connection.in_atomic_block:
            connection.close()
    for schema in Agency.objects.filter(pk__in=failed).values_list("schema_name", flat=True):
        outbox.send("supervision.refresh_agency_status", schema=schema)
    return written


@periodic(crontab(hour=5, minute=0), name="monthly rollup snapshot")
@shared_task(name="supervision.snapshot_month", **RETRYING)
def snapshot_month_task() -> int:
    """This month's snapshot of every computed row, after the night's recompute: re-run, it overwrites."""
    return snapshot_month()


@shared_task(name="supervision.rescore_province", **RETRYING)
def rescore_province_task(province_id: int) -> int:
    return rescore_province(province_id)
