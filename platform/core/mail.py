"""E-mail out of the request: queue it in the transaction, deliver it from Celery after commit.

`queue_mail(to, subject, body)` writes an OutgoingMail row beside the change that caused it (so a rolled-back
change sends nothing) and, after commit, sends `core.deliver_mail` for it. Delivery uses EMAIL_TIMEOUT, marks
the row sent, and on failure counts the attempt and lets Celery retry with backoff. If Redis is down when the
task would be sent, the row waits: `core.flush_mail` (every minute) delivers whatever is unsent, oldest first.
`deliver` locks its row (skip locked), so the task and the sweep never send one mail twice.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.utils import timezone

from .changes import after_commit

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
GIVE_UP_AFTER = timedelta(days=3)


def queue_mail(to: str, subject: str, body: str, *, notification_id: int | None = None):
    from .models import OutgoingMail

    mail = OutgoingMail.objects.create(schema_name=connection.schema_name, notification_id=notification_id,
                                       to=to, subject=subject[:300], body=body)
    mail_id = mail.pk
    if getattr(settings, "EISO_MAIL_EAGER", False):  # tests of other areas read mail.outbox right after
        after_commit(lambda: deliver(mail_id))
    else:
        from .tasks import deliver_mail

        after_commit(lambda: deliver_mail.delay(mail_id))  # Redis down: logged, the sweep sends it later
    return mail


def deliver(mail_id: int) -> bool:
    """Send one queued mail; True when it went (now or before), False when another sender holds it.
    A failure is counted on the row and raised, for Celery to retry."""
    from django_tenants.utils import schema_context

    from .models import OutgoingMail

    failure = None
    with schema_context("public"), transaction.atomic():
        mail = OutgoingMail.objects.select_for_update(skip_locked=True).filter(pk=mail_id).first()
        if mail is None:
            return False
        if mail.sent_at is not None:
            return True
        mail.attempts += 1
        try:
            send_mail(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, [mail.to])
        except Exception as exc:  # noqa: BLE001 - counted here (committed), raised below for the retry
            failure = exc
            mail.last_error = type(exc).__name__[:200]
        else:
            mail.sent_at = timezone.now()
        mail.save(update_fields=["sent_at", "attempts", "last_error"])
    if failure is not None:
        log.warning("mail %s not sent (%s), attempt %s", mail_id, type(failure).__name__, mail.attempts)
        raise failure
    if mail.notification_id:
        _mark_notification(mail)
    return True


def _mark_notification(mail) -> None:
    from django_tenants.utils import schema_context

    from notifications.models import Notification

    try:
        with schema_context(mail.schema_name):
            Notification.objects.filter(pk=mail.notification_id).update(emailed_at=mail.sent_at)
    except Exception:  # noqa: BLE001 - the mail went; the mark is a courtesy (the schema may be gone)
        log.warning("could not mark notification %s of %s e-mailed", mail.notification_id, mail.schema_name)


def unsent(limit: int = 500) -> list[int]:
    from .models import OutgoingMail

    return list(OutgoingMail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS,
                                            created_at__gte=timezone.now() - GIVE_UP_AFTER)
                .order_by("created_at").values_list("pk", flat=True)[:limit])


def flush(limit: int = 500) -> int:
    """Deliver what is waiting; returns how many went. A failing one stays for the next sweep."""
    sent = 0
    for mail_id in unsent(limit):
        try:
            sent += deliver(mail_id)
        except Exception:  # noqa: BLE001  # nosec B112  # counted on the row by deliver, sent again next sweep
            continue
    return sent
