"""Reminding the owners of management review actions, every morning in every agency.

The beat fans `remind_here` out to every current agency (docs/SCALE.md: chunks on the fan-out queue); in each,
services.remind_owners tells an action's owner once when it falls due soon and once when it is overdue, so a
retry or a second beat sends nothing twice.
"""

from __future__ import annotations

from datetime import date

from celery import shared_task
from celery.schedules import crontab

from core.tasks import fan_out, periodic


@periodic(crontab(hour=6, minute=50), name="reviews: daily review action reminders")
@shared_task(name="reviews.fan_out_daily")
def fan_out_daily() -> int:
    from tenants.models import Agency

    schemas = Agency.objects.agencies().current().exclude(province=None).values_list("schema_name", flat=True)
    return fan_out(remind_here, schemas)


@shared_task(name="reviews.remind_here")
def remind_here(on: str | None = None) -> int:
    from .services import remind_owners

    return remind_owners(date.fromisoformat(on) if on else None)
