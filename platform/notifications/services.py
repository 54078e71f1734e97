"""Telling a person something: an in-app notification, and an e-mail in their language if asked.

`notify` is the one way to create a notification. With a `key` it is idempotent per recipient, so a
daily task can run twice (retries, a second beat) without sending the same reminder twice. The e-mail is
rendered from per-language templates under notifications/email/<lang>/ and queued (core.mail): it goes out
from Celery after the transaction commits.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Notification

log = logging.getLogger(__name__)


def notify(user, message: str, link: str = "", *, verb: str = "info", key: str = "", email: bool = True,
           email_template: str = "notification", context: dict | None = None,
           language: str | None = None) -> Notification | None:
    """Create a notification for `user` (None if one with the same key already exists)."""
    if user is None or not user.is_active:
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(recipient=user, verb=verb, message=message, link=link,
                                                       key=key)
    except IntegrityError:
        if key and Notification.objects.filter(recipient=user, key=key).exists():
            return None
        raise
    if email and user.email:
        send_notification_email(notification, template=email_template, context=context or {}, language=language)
    return notification


def send_notification_email(notification: Notification, *, template: str = "notification",
                            context: dict | None = None, language: str | None = None):
    """Render the e-mail now (the context's objects are at hand) and queue it (core.mail): it goes out from
    Celery after the transaction commits, with a timeout and retries, never inside the request."""
    from core.mail import queue_mail

    language = language or settings.LANGUAGE_CODE
    user = notification.recipient
    data = {"user": user, "notification": notification, "message": notification.message,
            "url": absolute_url(notification.link), "agency": getattr(connection, "tenant", None),
            **(context or {})}
    with translation.override(language):
        subject = " ".join(render_to_string(f"notifications/email/{language}/{template}_subject.txt",
                                            data).split())
        body = render_to_string(f"notifications/email/{language}/{template}.txt", data)
    return queue_mail(user.email, subject, body, notification_id=notification.pk)


def absolute_url(link: str) -> str:
    """Links are stored as paths on the agency's site; an e-mail needs the whole address."""
    tenant = getattr(connection, "tenant", None)
    if link.startswith("/") and hasattr(tenant, "site_url"):
        return tenant.site_url(link)
    return link


def mark_read(notification: Notification, *, user) -> Notification:
    """Mark one of the user's own notifications read (someone else's is treated as not found)."""
    if notification.recipient_id != user.pk:
        raise Notification.DoesNotExist
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user) -> int:
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())
