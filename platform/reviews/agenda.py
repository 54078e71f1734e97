"""Management review's open actions on the agency's agenda (due soon and overdue)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import Perm
from core.agenda import AgendaItem, AgendaSource, register

from . import selectors


def open_actions_due(until: date) -> list[AgendaItem]:
    return [AgendaItem(title=action.text, due_on=action.due_on, owner=action.owner_name,
                       url=reverse("reviews:detail", args=[action.review_id]))
            for action in selectors.open_actions_due(until)]


register(AgendaSource("reviews", _("Management review actions"), collect=open_actions_due, perm=Perm.VIEW_QMS,
                      order=60))
