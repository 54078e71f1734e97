"""Celery work of the inspections: the daily reminder of overdue corrective reports (services.
remind_overdue_correctives: at most one a week per inspection, its count kept on the row the DOST sees)."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from celery.schedules import crontab

from core.tasks import periodic


@periodic(crontab(hour=7, minute=20), name="inspections: remind overdue corrective reports")
@shared_task(name="inspections.remind_overdue_correctives", acks_late=True)
def remind_overdue_correctives(on: str | None = None) -> int:
    from .services import remind_overdue_correctives as remind

    return remind(date.fromisoformat(on) if on else None)
