"""Nonconformities on the agency's agenda: open corrective actions and effectiveness checks falling due."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import Perm
from core.agenda import AgendaItem, AgendaSource, register

from . import selectors


def collect(until) -> list[AgendaItem]:
    items = [AgendaItem(title=_("%(number)s: %(action)s") % {"number": action.nonconformity.number,
                                                              "action": action.description[:120]},
                        due_on=action.due_on, owner=action.owner_name,
                        url=reverse("nonconformities:detail", args=[action.nonconformity_id]))
             for action in selectors.open_actions_due(until)]
    items += [AgendaItem(title=_("%(number)s: check the effectiveness of the actions") % {"number": nc.number},
                         due_on=nc.effectiveness_due_on, url=reverse("nonconformities:detail", args=[nc.pk]))
              for nc in selectors.checks_due(until)]
    return items


register(AgendaSource("nonconformities", gettext_lazy("Corrective actions"), collect=collect, perm=Perm.VIEW_QMS,
                      order=40))
