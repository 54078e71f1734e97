"""Helpers for tenant-aware Celery work: periodic schedules declared beside their task, and fan-out.

`periodic(...)` registers a beat entry next to the task it schedules, so each app's tasks.py says when it
runs. `fan_out(task, agencies)` sends one task per agency schema, in chunks on the `fanout` queue, so a
province-wide job neither holds one connection across every schema nor floods the default queue.
"""

from __future__ import annotations

from collections.abc import Iterable

from celery import shared_task
from django.conf import settings
from django_tenants.utils import schema_context

from eiso.celery import app


def periodic(schedule, *, name: str | None = None, args: tuple = (), kwargs: dict | None = None):
    """Declare a beat schedule for the task this decorates (apply after @shared_task)."""

    def register(task):
        entry = name or task.name
        app.conf.beat_schedule[entry] = {"task": task.name, "schedule": schedule, "args": args,
                                         "kwargs": kwargs or {}}
        return task

    return register


def fan_out(task, schema_names: Iterable[str], *args, chunk_size: int | None = None, **kwargs) -> int:
    """Send `task` once in each schema; returns how many were sent."""
    names = list(schema_names)
    size = chunk_size or settings.EISO_FANOUT_CHUNK
    for start in range(0, len(names), size):
        fan_out_chunk.apply_async(args=[task.name, names[start:start + size], list(args), kwargs])
    return len(names)


@shared_task(name="core.fan_out_chunk")
def fan_out_chunk(task_name: str, schema_names: list[str], args: list, kwargs: dict) -> int:
    task = app.tasks[task_name]
    for schema in schema_names:
        with schema_context(schema):
            task.apply_async(args=args, kwargs=kwargs)
    return len(schema_names)


def province_schemas(province_id: int) -> list[str]:
    from tenants.models import Agency

    return list(Agency.objects.agencies().current().filter(province_id=province_id)
                .values_list("schema_name", flat=True))


def agency_schemas() -> list[str]:
    """Every current agency of a province (not the system rows): where a daily area task fans out."""
    from tenants.models import Agency

    return list(Agency.objects.agencies().current().exclude(province=None).values_list("schema_name", flat=True))


# ------------------------------------------------------------------------------------------------- e-mail
from celery.schedules import crontab  # noqa: E402


@shared_task(name="core.deliver_mail", bind=True, acks_late=True, max_retries=5)
def deliver_mail(self, mail_id: int) -> bool:
    from .mail import deliver

    try:
        return deliver(mail_id)
    except Exception as exc:  # noqa: BLE001 - the mail server's trouble: try again later, then the sweep
        raise self.retry(exc=exc, countdown=min(600, 30 * 2 ** self.request.retries)) from exc


@periodic(crontab(), name="core: send waiting e-mail")
@shared_task(name="core.flush_mail")
def flush_mail() -> int:
    from .mail import flush

    return flush()


# ------------------------------------------------------------------------------------------------- outbox
from datetime import timedelta  # noqa: E402


@periodic(timedelta(minutes=1), name="core: send tasks kept while Redis was down")
@shared_task(name="core.resend_pending_tasks")
def resend_pending_tasks() -> int:
    from .outbox import resend_pending

    return resend_pending()
