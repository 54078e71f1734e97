"""Every morning in every agency: computed objectives refreshed from the dossiers, measurements reminded.

The beat fans `remind_here` out to every current agency (core.tasks.fan_out, chunks on the fan-out queue);
each tells the owners of measurements falling due within a week (or overdue) once per period, so retries and
a second beat tell nobody twice (notifications' key).
"""

from __future__ import annotations

from datetime import date

from celery import shared_task
from celery.schedules import crontab

from core.tasks import agency_schemas, fan_out, periodic


@periodic(crontab(hour=6, minute=50), name="objectives: daily measurement reminders")
@shared_task(name="objectives.fan_out_daily")
def fan_out_daily() -> int:
    return fan_out(remind_here, agency_schemas())


@shared_task(name="objectives.remind_here")
def remind_here(on: str | None = None) -> int:
    """Refresh the computed objectives from the dossiers, then tell what falls due."""
    from .services import refresh_all_computed, remind_due_measurements

    day = date.fromisoformat(on) if on else None
    refresh_all_computed(day)
    return remind_due_measurements(day)
