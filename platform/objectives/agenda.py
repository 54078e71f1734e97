"""The agency dashboard's agenda: objectives' measurements that fall due (a period ended, nothing entered)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.agenda import AgendaItem, AgendaSource, register

from . import selectors


def measurements_due(until: date) -> list[AgendaItem]:
    return [AgendaItem(title=_("Measure “%(title)s” for %(period)s") % {"title": due.objective.title,
                                                                      "period": due.label},
                       due_on=due.due_on, url=reverse("objectives:detail", args=[due.objective.pk]),
                       owner=due.objective.owner.display_name if due.objective.owner_id else "")
            for due in selectors.measurements_due(until)]


register(AgendaSource("objectives", gettext_lazy("Quality objectives' measurements"), collect=measurements_due))
