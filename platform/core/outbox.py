"""Work a change asks of Celery, sent once the change commits, and kept in the database when Redis is down.

A broker outage must neither turn a committed change into an error page nor lose the work the change asked
for. `send_after_commit("supervision.refresh_agency_status")` sends the task by name when the transaction
commits, in the schema that is current now (tenant-schemas-celery puts it in the message); when Redis
refuses, the message is written to `core.PendingTask` instead, and `resend_pending` (beat, every minute)
sends what is waiting as soon as Redis answers again. Sending by name keeps areas from importing each
other's tasks. Jobs with a row of their own (CSV imports, dossier imports, reports) are sent the same way:
their rows show the progress, this table only carries the message.
"""

from __future__ import annotations

import hashlib
import json
import logging

from django.db import transaction
from django_tenants.utils import schema_context

from .agency import current_schema
from .models import PendingTask

log = logging.getLogger(__name__)


def _key(task: str, schema: str, args: list, kwargs: dict) -> str:
    text = json.dumps([task, schema, args, kwargs], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def send(task: str, args: list | tuple = (), kwargs: dict | None = None, *, schema: str | None = None) -> bool:
    """Send now in `schema` (the current one by default); on a broker failure keep it for the sweep.
    Returns whether Redis took it."""
    from eiso.celery import app

    schema = schema or current_schema()
    args, kwargs = list(args), dict(kwargs or {})
    try:
        with schema_context(schema):
            app.send_task(task, args=args, kwargs=kwargs)
        return True
    except Exception:  # noqa: BLE001 - whatever the broker's trouble, the message is kept, not lost
        log.warning("Redis refused %s in %s: kept for the sweep", task, schema, exc_info=True)
        keep(task, args, kwargs, schema)
        return False


def keep(task: str, args: list, kwargs: dict, schema: str) -> None:
    with schema_context("public"):  # the table lives in public: one sweep serves every agency
        PendingTask.objects.get_or_create(key=_key(task, schema, args, kwargs),
                                          defaults={"task": task, "schema_name": schema, "args": args,
                                                    "kwargs": kwargs})


def send_after_commit(task: str, *args, in_schema: str | None = None, **kwargs) -> None:
    """`send` once the current transaction commits (at once outside one), in `in_schema` or the schema
    current now."""
    schema = in_schema or current_schema()
    transaction.on_commit(lambda: send(task, args, kwargs, schema=schema), robust=True)


def resend_pending(limit: int = 1000) -> int:
    """Send what waits, oldest first; stop at the first refusal (Redis still down). Returns how many went."""
    from eiso.celery import app

    sent = 0
    with schema_context("public"):
        with transaction.atomic():
            waiting = list(PendingTask.objects.select_for_update(skip_locked=True).order_by("pk")[:limit])
            for row in waiting:
                try:
                    with schema_context(row.schema_name):
                        app.send_task(row.task, args=row.args, kwargs=row.kwargs)
                except Exception:  # noqa: BLE001 - still down: the rest wait for the next sweep
                    log.warning("Redis still refuses: %d tasks wait", len(waiting) - sent, exc_info=True)
                    PendingTask.objects.filter(pk=row.pk).update(attempts=row.attempts + 1)
                    break
                row.delete()
                sent += 1
    return sent


def waiting() -> int:
    with schema_context("public"):
        return PendingTask.objects.count()
