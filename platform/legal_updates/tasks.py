"""Opening legal update tasks in the agencies' schemas.

Every morning beat fans `open_due_tasks_here` out to every current agency (docs/SCALE.md: chunks on the
fan-out queue), so a legal document whose effective date has arrived opens its tasks that day. When the
register changes an entry already in force, legal.services sends `fan_out_entry` (by name) and the same task
runs, for that entry only, in each agency of its province. Opening is idempotent: retries and a second beat
open nothing twice.
"""

from __future__ import annotations

from datetime import date

from celery import shared_task
from celery.schedules import crontab

from core.tasks import fan_out, periodic, province_schemas


@periodic(crontab(hour=6, minute=40), name="legal_updates: daily legal update tasks")
@shared_task(name="legal_updates.fan_out_daily")
def fan_out_daily() -> int:
    from tenants.models import Agency

    schemas = Agency.objects.agencies().current().exclude(province=None).values_list("schema_name", flat=True)
    return fan_out(open_due_tasks_here, schemas)


@shared_task(name="legal_updates.fan_out_entry")
def fan_out_entry(legal_document_id: int) -> int:
    from legal.models import LegalDocument

    entry = LegalDocument.objects.filter(pk=legal_document_id).first()
    if entry is None:
        return 0
    return fan_out(open_due_tasks_here, province_schemas(entry.province_id), only=legal_document_id)


@shared_task(name="legal_updates.open_due_tasks_here")
def open_due_tasks_here(on: str | None = None, only: int | None = None) -> int:
    from .services import open_due_tasks

    return len(open_due_tasks(on=date.fromisoformat(on) if on else None, only=only))
