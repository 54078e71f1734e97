"""The daily check that an announcement still covers the agency's scope (TTHC assigned by the DOST's
catalogue, mergers and splits): every morning beat fans `check_outdated_here` out to every current agency.
The check is idempotent (a notice per announcement and change), so retries and a second run tell nobody twice.
"""

from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab

from core.tasks import fan_out, periodic


@periodic(crontab(hour=6, minute=50), name="announcement: daily re-announcement check")
@shared_task(name="announcement.fan_out_daily")
def fan_out_daily() -> int:
    from tenants.models import Agency

    schemas = (Agency.objects.agencies().current().exclude(province=None).exclude(level=Agency.Level.SUPERVISOR)
               .values_list("schema_name", flat=True))
    return fan_out(check_outdated_here, schemas)


@shared_task(name="announcement.check_outdated_here")
def check_outdated_here() -> int:
    from .services import check_outdated

    return check_outdated()
