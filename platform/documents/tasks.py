"""Daily periodic-review reminders, in every agency.

Every morning beat sends one fan-out task, which sends `send_review_reminders` once per current agency
schema (in chunks, on the fan-out queue: docs/SCALE.md). In each agency the owner of every document whose review
date is within EISO_REVIEW_REMINDER_DAYS (default 14) or has passed gets an in-app
notification and an e-mail, once per document, phase and due date (notify's key makes reruns harmless).
Documents without an owner remind the agency's ISO secretaries.
"""

from __future__ import annotations

import logging
from datetime import date

from celery import shared_task
from celery.schedules import crontab
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.tasks import fan_out, periodic

log = logging.getLogger(__name__)


@periodic(crontab(hour=6, minute=30), name="documents: daily review reminders")
@shared_task(name="documents.fan_out_review_reminders")
def fan_out_review_reminders() -> int:
    """Send the reminder task into every current agency's schema."""
    from tenants.models import Agency

    schemas = Agency.objects.agencies().current().values_list("schema_name", flat=True)
    return fan_out(send_review_reminders, schemas)


@shared_task(name="documents.send_review_reminders")
def send_review_reminders(on: str | None = None) -> int:
    """Notify owners in the current agency schema; returns how many notifications were created."""
    from accounts.models import Membership
    from accounts.roles import Role
    from core.agency import current_agency
    from notifications.services import notify

    from .periodic_reviews import reminders_due

    day = date.fromisoformat(on) if on else None
    agency = current_agency()
    secretaries = None
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for reminder in reminders_due(on=day):
            document = reminder.document
            recipients = [document.owner] if document.owner and document.owner.is_active else None
            if recipients is None:
                if secretaries is None:
                    secretaries = [m.user for m in Membership.objects.filter(
                        agency=agency, role=Role.ISO_SECRETARY, user__is_active=True).select_related("user")]
                recipients = secretaries
            message = _message(reminder)
            link = reverse("documents:detail", args=[document.pk])
            for user in recipients:
                created = notify(user, message, link, verb=reminder.phase, key=reminder.key,
                                 email_template="review_reminder",
                                 context={"document": document, "review_due": reminder.due, "days": reminder.days,
                                          "overdue": reminder.phase != "review_soon", "phase": reminder.phase})
                sent += created is not None
    log.info("review reminders in %s: %d sent", connection.schema_name, sent)
    return sent


def _message(reminder) -> str:
    document = reminder.document
    values = {"code": document.code, "title": document.title, "date": reminder.due.strftime("%d/%m/%Y"),
              "days": reminder.days}
    if reminder.phase == "review_soon":
        return _("%(code)s “%(title)s” is due for its periodic review on %(date)s (in %(days)d days).") % values
    return _("%(code)s “%(title)s” is overdue for its periodic review since %(date)s.") % values
