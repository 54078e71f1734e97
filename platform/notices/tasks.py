"""Celery work of the notices: telling the receiving agencies' people, in chunks on the `fanout` queue.

`deliver_notice` splits the receipts not yet told into chunks of EISO_FANOUT_CHUNK and sends one
`notices.fan_out_tell` per chunk; each chunk tells its agencies (services.tell, idempotent: a told receipt
is skipped, a notification is keyed per person) and moves the notice's progress. A chunk whose worker died
is re-delivered (acks_late) and one that raised is retried; nothing is told twice.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django_tenants.utils import get_public_schema_name, schema_context


def plan_chunks(notice_id: int, receipt_ids: list[int], *, reminder: str | None = None) -> int:
    size = settings.EISO_FANOUT_CHUNK
    chunks = [receipt_ids[start:start + size] for start in range(0, len(receipt_ids), size)]
    for chunk in chunks:
        fan_out_tell.delay(notice_id, chunk, reminder)
    return len(chunks)


@shared_task(name="notices.deliver_notice", acks_late=True)
def deliver_notice(notice_id: int) -> int:
    """Send the chunks of a notice's receipts not yet told; returns how many chunks."""
    from . import services

    with schema_context(get_public_schema_name()):
        return plan_chunks(notice_id, services.undelivered(notice_id))


@shared_task(name="notices.fan_out_tell", acks_late=True, autoretry_for=(Exception,), retry_backoff=True,
             max_retries=5)
def fan_out_tell(notice_id: int, receipt_ids: list[int], reminder: str | None = None) -> int:
    from . import services

    with schema_context(get_public_schema_name()):
        return services.tell(notice_id, receipt_ids, reminder=reminder)


from celery.schedules import crontab  # noqa: E402

from core.tasks import periodic  # noqa: E402


@periodic(crontab(minute=17), name="notices: deliver what a lost task left untold")
@shared_task(name="notices.catch_up")
def catch_up() -> int:
    """Every hour: a sent notice with receipts not yet told (the broker was down when it was sent, a chunk
    gave up) is delivered again; returns the notices re-sent."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import Notice

    with schema_context(get_public_schema_name()):
        late = (Notice.objects.filter(status=Notice.Status.SENT, receipts__told_at__isnull=True,
                                      sent_at__lt=timezone.now() - timedelta(minutes=15))
                .values_list("pk", flat=True).distinct())
        ids = list(late)
    for notice_id in ids:
        deliver_notice.delay(notice_id)
    return len(ids)
