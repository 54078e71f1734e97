"""Reminders of planned training sessions, every morning in every agency.

The beat fans `remind_here` out to every current agency (core.tasks.fan_out); each tells the people invited
to a session within three days, once per session and person (notifications' key), so retries tell nobody
twice.
"""

from __future__ import annotations

from datetime import date

from celery import shared_task
from celery.schedules import crontab

from core.tasks import agency_schemas, fan_out, periodic


@periodic(crontab(hour=6, minute=55), name="training: daily session reminders")
@shared_task(name="training.fan_out_daily")
def fan_out_daily() -> int:
    return fan_out(remind_here, agency_schemas())


@shared_task(name="training.remind_here")
def remind_here(on: str | None = None) -> int:
    from .services import remind_planned_sessions

    return remind_planned_sessions(date.fromisoformat(on) if on else None)
