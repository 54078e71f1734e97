"""Reminding an audit's team: every morning, in each agency, the team of an issued plan that starts within
REMIND_DAYS days hears of it once (the notification key names the plan and the person, so a retried or
repeated daily task sends nothing twice)."""

from __future__ import annotations

from datetime import date, timedelta

from celery import shared_task
from celery.schedules import crontab

from core.tasks import fan_out, periodic

REMIND_DAYS = 3


def remind_teams(on: date | None = None) -> int:
    """Tell the team of each issued plan starting between `on` and REMIND_DAYS later; how many were told."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import timezone, translation
    from django.utils.translation import gettext as _

    from accounts.models import User
    from notifications.services import notify

    from .models import AuditPlan, AuditState

    on = on or timezone.localdate()
    sent = 0
    plans = AuditPlan.objects.filter(state=AuditState.ISSUED, starts_on__gte=on,
                                     starts_on__lte=on + timedelta(days=REMIND_DAYS))
    with translation.override(settings.LANGUAGE_CODE):
        for plan in plans:
            message = _("The internal audit “%(title)s” starts on %(start)s: prepare the checklist.") % {
                "title": plan.title, "start": plan.starts_on.strftime("%d/%m/%Y")}
            link = reverse("audits:plan", kwargs={"pk": plan.pk})
            for user in User.objects.filter(pk__in=plan.team_ids, is_active=True):
                if notify(user, message, link, verb="audit_plan", key=f"audit-plan:{plan.pk}:{user.pk}:soon"):
                    sent += 1
    return sent


@periodic(crontab(hour=6, minute=50), name="audits: remind audit teams")
@shared_task(name="audits.fan_out_reminders")
def fan_out_reminders() -> int:
    from tenants.models import Agency

    schemas = Agency.objects.agencies().current().exclude(province=None).values_list("schema_name", flat=True)
    return fan_out(remind_teams_here, schemas)


@shared_task(name="audits.remind_teams_here")
def remind_teams_here(on: str | None = None) -> int:
    return remind_teams(date.fromisoformat(on) if on else None)
