"""Telling people about nonconformities: the QMS keepers when one is raised, an owner when an action is given
to them, and every day an action or an effectiveness check is overdue (its owner; the QMS keepers for a
check), at most once per item and day: the notification key carries the day, so a retried or repeated daily
task sends nothing twice.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.selectors import members
from core.agency import current_agency

from . import selectors
from .models import CorrectiveAction, Nonconformity

VERB = "nonconformity"


def _link(nc_id: int) -> str:
    return reverse("nonconformities:detail", args=[nc_id])


def tell_owner_of_new_action(action_id: int) -> None:
    from notifications.services import notify

    action = CorrectiveAction.objects.select_related("nonconformity", "owner").filter(pk=action_id).first()
    if action is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        message = _("You own a corrective action of %(number)s, due %(due)s: %(action)s") % {
            "number": action.nonconformity.number, "due": action.due_on.strftime("%d/%m/%Y"),
            "action": action.description[:200]}
    notify(action.owner, message, _link(action.nonconformity_id), verb=VERB, key=f"nc-action:{action.pk}:assigned")


def tell_keepers_of_new_nc(nc_id: int) -> None:
    """The agency's QMS keepers (but whoever raised it) hear of a new NC, wherever it came from."""
    from notifications.services import notify

    nc = Nonconformity.objects.filter(pk=nc_id).first()
    if nc is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        message = _("New nonconformity %(number)s (%(source)s): %(description)s") % {
            "number": nc.number, "source": nc.get_source_display(), "description": nc.description[:200]}
    for user in members(current_agency(), Perm.MANAGE_QMS).exclude(pk=nc.raised_by_id):
        notify(user, message, _link(nc.pk), verb=VERB, key=f"nc:{nc.pk}:raised")


def send_overdue_reminders(on: datetime.date | None = None) -> int:
    """Flag and tell, once on day `on`, every overdue open action (to its owner) and every overdue
    effectiveness check (to the agency's QMS keepers). Returns how many notifications were made."""
    from notifications.services import notify

    on = on or timezone.localdate()
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for action in selectors.overdue_actions(on).select_related("owner").exclude(reminded_on=on):
            days = (on - action.due_on).days
            message = _("Overdue by %(days)d day(s): your corrective action of %(number)s (due %(due)s): "
                        "%(action)s") % {"days": days, "number": action.nonconformity.number,
                                          "due": action.due_on.strftime("%d/%m/%Y"),
                                          "action": action.description[:200]}
            if notify(action.owner, message, _link(action.nonconformity_id), verb=VERB,
                      key=f"nc-action:{action.pk}:overdue:{on.isoformat()}"):
                sent += 1
            CorrectiveAction.objects.filter(pk=action.pk).update(reminded_on=on)
        checks = list(selectors.overdue_checks(on).exclude(effectiveness_reminded_on=on))
        keepers = list(members(current_agency(), Perm.MANAGE_QMS)) if checks else []
        for nc in checks:
            message = _("The effectiveness check of %(number)s was due on %(due)s: check whether its corrective "
                        "actions worked and record the result.") % {
                "number": nc.number, "due": nc.effectiveness_due_on.strftime("%d/%m/%Y")}
            for user in keepers:
                if notify(user, message, _link(nc.pk), verb=VERB, key=f"nc-check:{nc.pk}:overdue:{on.isoformat()}"):
                    sent += 1
            Nonconformity.objects.filter(pk=nc.pk).update(effectiveness_reminded_on=on)
    return sent
