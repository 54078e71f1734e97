"""The rollup's Celery work: one agency's refresh (on change, in its schema), the nightly recompute of every
agency with the month's snapshot, and a province's rescoring when its weights change. Every task is
idempotent: it writes what the data says now, so a retry or a second run changes nothing more."""

from celery import shared_task
from celery.schedules import crontab

from core.tasks import fan_out, periodic
from tenants.models import Agency

from .services import ensure_all_statuses, refresh_current_agency_status, rescore_province, snapshot_month

# A lost or failed refresh is retried: acks_late re-delivers a task whose worker died mid-way, autoretry
# re-runs one that raised (a lock timeout, a dropped connection), with backoff; the nightly run catches up
# with anything still missed.
RETRYING = {"acks_late": True, "reject_on_worker_lost": True, "autoretry_for": (Exception,),
            "retry_backoff": 2, "retry_backoff_max": 300, "retry_jitter": True, "max_retries": 8}


@shared_task(name="supervision.refresh_agency_status", **RETRYING)
def refresh_agency_status() -> int:
    """Runs in an agency's schema (tenant-schemas-celery) and refreshes its rollup row."""
    return refresh_current_agency_status().pk


@periodic(crontab(hour=1, minute=30), name="nightly rollup refresh")
@shared_task(name="supervision.refresh_all_statuses", **RETRYING)
def refresh_all_statuses() -> int:
    """Every current agency, recomputed in its own schema (fanned out in chunks); rows missing for any reason
    are created first. Safe to re-run."""
    ensure_all_statuses()
    schemas = (Agency.objects.agencies().current().exclude(level=Agency.Level.SUPERVISOR)
               .values_list("schema_name", flat=True))
    return fan_out(refresh_agency_status, schemas)


@periodic(crontab(hour=5, minute=0), name="monthly rollup snapshot")
@shared_task(name="supervision.snapshot_month", **RETRYING)
def snapshot_month_task() -> int:
    """This month's snapshot of every computed row, after the night's recompute: re-run, it overwrites."""
    return snapshot_month()


@shared_task(name="supervision.rescore_province", **RETRYING)
def rescore_province_task(province_id: int) -> int:
    return rescore_province(province_id)
