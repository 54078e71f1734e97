"""The day after an event recorded ahead of its date: its predecessors become historical (they already
accept no change once their valid_to is past; the status says so on every page and export)."""

from celery import shared_task
from celery.schedules import crontab

from core.tasks import periodic

from .services import close_ended_agencies


@periodic(crontab(hour=0, minute=20), name="lineage: agencies past their last day become historical")
@shared_task(name="lineage.close_ended_agencies", acks_late=True)
def close_ended_agencies_task() -> int:
    return close_ended_agencies()
