from celery import shared_task
from celery.schedules import crontab

from core.tasks import fan_out, periodic
from tenants.models import Agency

from .services import refresh_current_agency_status


@shared_task(name="supervision.refresh_agency_status")
def refresh_agency_status() -> int:
    """Runs in an agency's schema (tenant-schemas-celery) and refreshes its rollup row."""
    return refresh_current_agency_status().pk


@periodic(crontab(hour=1, minute=30), name="nightly rollup refresh")
@shared_task(name="supervision.refresh_all_statuses")
def refresh_all_statuses() -> int:
    schemas = Agency.objects.agencies().current().values_list("schema_name", flat=True)
    return fan_out(refresh_agency_status, schemas)
