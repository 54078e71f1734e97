"""The daily reminder of overdue corrective actions and effectiveness checks, in every agency.

Every morning beat fans `send_overdue_reminders_here` out to every current agency (docs/SCALE.md: chunks on
the fan-out queue). Each item is told at most once a day (reminders.py), so retries send nothing twice.
"""

from __future__ import annotations

from datetime import date

from celery import shared_task
from celery.schedules import crontab

from core.tasks import fan_out, periodic


@periodic(crontab(hour=7, minute=5), name="nonconformities: daily overdue reminders")
@shared_task(name="nonconformities.fan_out_overdue_reminders")
def fan_out_overdue_reminders() -> int:
    from tenants.models import Agency

    schemas = Agency.objects.agencies().current().exclude(province=None).values_list("schema_name", flat=True)
    return fan_out(send_overdue_reminders_here, schemas)


@shared_task(name="nonconformities.send_overdue_reminders_here", autoretry_for=(ConnectionError,),
             max_retries=3)
def send_overdue_reminders_here(on: str | None = None) -> int:
    from .reminders import send_overdue_reminders

    return send_overdue_reminders(date.fromisoformat(on) if on else None)
