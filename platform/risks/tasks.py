"""Daily reminders to the owners of risks whose review date has passed.

Every morning beat fans `remind_reviews_here` out to every current agency (docs/SCALE.md: chunks on the
fan-out queue, as legal_updates does). Idempotent: a notice is keyed by risk and review date, so a retry or
a second run tells nobody twice; a new review date is a new reminder when it passes in turn.
"""

from __future__ import annotations

from datetime import date

from celery import shared_task
from celery.schedules import crontab

from core.tasks import fan_out, periodic


@periodic(crontab(hour=6, minute=50), name="risks: daily risk review reminders")
@shared_task(name="risks.fan_out_daily")
def fan_out_daily() -> int:
    from tenants.models import Agency

    schemas = Agency.objects.agencies().current().exclude(province=None).values_list("schema_name", flat=True)
    return fan_out(remind_reviews_here, schemas)


@shared_task(name="risks.remind_reviews_here")
def remind_reviews_here(on: str | None = None) -> int:
    from .services import remind_overdue_reviews

    return remind_overdue_reviews(on=date.fromisoformat(on) if on else None)
