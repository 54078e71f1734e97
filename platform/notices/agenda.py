"""The agency dashboard's agenda: the DOST's notices not yet acknowledged, by their acknowledge-by date."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.agency import current_agency
from core.agenda import AgendaItem, AgendaSource, register

from . import selectors


def notices_due(until: date) -> list[AgendaItem]:
    agency = current_agency()
    if not selectors.receives_here(agency):
        return []
    return [AgendaItem(title=_("Acknowledge the DOST's notice “%(title)s”") % {"title": receipt.notice.title},
                       due_on=receipt.notice.reply_by, url=reverse("notices:detail", args=[receipt.notice_id]))
            for receipt in selectors.due_until(agency, until)]


register(AgendaSource("notices", gettext_lazy("The DOST's notices to acknowledge"), collect=notices_due))
